"""The live host (`--live`): files under `/` and a fixed allow-list of read-only commands.

The allow-list is the spec table itself: only the commands of specs marked `live` run,
each without a shell (argv from the spec, devices from /sys/class/net), with a timeout,
stdin closed and a C locale, with stderr merged as sos does. Nothing is written anywhere:
outputs are kept in memory for this run.
"""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

from stacksleuth.evidence.directory import DirectoryEvidence
from stacksleuth.evidence.model import EvidenceFile, Note, Severity
from stacksleuth.evidence.specs import DEVICE, SPECS, Kind, Spec, SpecTable
from stacksleuth.evidence.textio import LOG_BLOCK_BYTES

LIVE = "live"
DEFAULT_COMMAND_TIMEOUT = 30.0
_PREFIX = "live:"


def network_devices(sys_class_net: Path = Path("/sys/class/net")) -> list[str]:
    try:
        return sorted(p.name for p in sys_class_net.iterdir() if p.name != "bonding_masters")
    except OSError:
        return []


class LiveEvidence(DirectoryEvidence):
    """This machine, read as it is now."""

    def __init__(
        self,
        *,
        command_timeout: float = DEFAULT_COMMAND_TIMEOUT,
        root: Path = Path("/"),
        specs: SpecTable = SPECS,
    ) -> None:
        super().__init__(
            root, name=socket.gethostname(), source="live host", kind=LIVE, specs=specs
        )
        self.command_timeout = command_timeout
        self._outputs: dict[str, str] = {}

    def _locate(self, spec: Spec) -> list[EvidenceFile]:
        if not spec.live:
            return []
        if spec.kind is Kind.COMMAND:
            files = self._run_spec(spec)
            if files:
                return files
        # Files (and a command's file fallback, e.g. /var/log/dmesg) from the real tree.
        return self._locate_by_globs(spec)

    def _run_spec(self, spec: Spec) -> list[EvidenceFile]:
        for command in spec.commands:
            argv = shlex.split(command)
            if shutil.which(argv[0]) is None:
                continue
            if DEVICE not in command:
                return [self._run(spec, argv, "")]
            return [
                self._run(spec, [a.replace(DEVICE, dev) for a in argv], dev)
                for dev in network_devices()
            ]
        self._not_collected[spec.name] = f"`{spec.commands[0].split()[0]}` is not installed here"
        return []

    def _run(self, spec: Spec, argv: list[str], key: str) -> EvidenceFile:
        label = _PREFIX + " ".join(argv)
        env = {"LC_ALL": "C.UTF-8", "PATH": os.environ.get("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")}
        truncated = False
        try:
            done = subprocess.run(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                timeout=self.command_timeout,
                env=env,
                check=False,
            )
            output = done.stdout
        except subprocess.TimeoutExpired as exc:
            output = exc.stdout or b""
            truncated = True
            self.notes.append(
                Note(
                    Severity.WARNING,
                    label,
                    f"timed out after {self.command_timeout:g} s; output cut",
                )
            )
        except OSError as exc:
            output = b""
            self.notes.append(Note(Severity.WARNING, label, f"could not run: {exc}"))
        self._outputs[label] = output.decode("utf-8", errors="replace")
        return EvidenceFile(spec.name, label, key, truncated)

    def read_text(self, file: EvidenceFile) -> str | None:
        if file.path.startswith(_PREFIX):
            return self._outputs.get(file.path)
        return super().read_text(file)

    def iter_lines(self, file: EvidenceFile) -> Iterator[str]:
        if file.path.startswith(_PREFIX):
            return iter(self._outputs.get(file.path, "").splitlines())
        return super().iter_lines(file)

    def size_of(self, file: EvidenceFile) -> int | None:
        if file.path.startswith(_PREFIX):
            return len(self._outputs.get(file.path, "").encode("utf-8"))
        return super().size_of(file)

    def iter_blocks(self, file: EvidenceFile, size: int = LOG_BLOCK_BYTES) -> Iterator[bytes]:
        if file.path.startswith(_PREFIX):
            # The same lines iter_lines gives, so both scan engines see one text.
            lines = self._outputs.get(file.path, "").splitlines()
            return iter([("\n".join(lines) + "\n").encode("utf-8")] if lines else [])
        return super().iter_blocks(file, size)
