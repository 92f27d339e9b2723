"""Evidence read from a directory: an unpacked sosreport or a plain log bundle.

A sosreport is searched by the spec table's report paths, with `sos_reports/manifest.json`
(sos >= 4.0) consulted first for command outputs: it says which file holds which command,
whether sos tailed it, and why a command left no file (rc 127: not installed). A plain log
bundle (the `kern.log`, `dmesg`, `syslog` a customer attaches) has no layout to rely on,
so its files are found by name anywhere below the root.

Nothing here writes: files are opened read-only, and a path that resolves outside the
root (a symlink pointing out) is refused with a note.
"""

from __future__ import annotations

import glob
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from stacksleuth.evidence.model import EvidenceFile, Note, Severity
from stacksleuth.evidence.specs import SPECS, Kind, Spec, SpecTable, key_from_path
from stacksleuth.evidence.textio import (
    DECOMPRESS_ERRORS,
    LOG_BLOCK_BYTES,
    MAX_LINE_BYTES,
    decode,
    is_compressed,
    is_rotation_of,
    iter_decoded_lines,
    iter_line_blocks,
    oldest_first,
    open_binary,
)

SOSREPORT = "sosreport"
LOG_BUNDLE = "log-bundle"

# read_text is for command outputs and configs; logs are streamed with iter_lines.
MAX_TEXT_BYTES = 256 * 1024**2


def looks_like_sosreport(root: Path) -> bool:
    return any(
        (root / marker).exists() for marker in ("version.txt", "sos_commands", "sos_reports")
    )


@dataclass(frozen=True)
class ManifestCommand:
    exec: str
    filepath: str | None
    truncated: bool
    return_code: int | None


def read_manifest_commands(text: str) -> list[ManifestCommand]:
    """Every command entry of a sos >= 4.0 manifest (plugins' `commands` lists)."""
    data = json.loads(text)
    plugins = data.get("components", {}).get("report", {}).get("plugins", {})
    commands = []
    for plugin in plugins.values():
        for entry in plugin.get("commands", []) or []:
            commands.append(
                ManifestCommand(
                    exec=str(entry.get("exec", "")),
                    filepath=entry.get("filepath"),
                    truncated=bool(entry.get("truncated", False)),
                    return_code=entry.get("return_code"),
                )
            )
    return commands


class DirectoryEvidence:
    """Read-only access to one host's evidence under a directory."""

    def __init__(
        self,
        root: Path,
        *,
        name: str | None = None,
        source: str | None = None,
        kind: str | None = None,
        notes: list[Note] | None = None,
        specs: SpecTable = SPECS,
    ) -> None:
        self.root = root
        self._real_root = root.resolve()
        self.kind = kind or (SOSREPORT if looks_like_sosreport(root) else LOG_BUNDLE)
        self.name = name or root.name
        self.source = source or str(root)
        self.notes: list[Note] = list(notes or [])
        self._specs = specs
        self._found: dict[str, list[EvidenceFile]] = {}
        self._not_collected: dict[str, str] = {}
        self._manifest: list[ManifestCommand] | None = None
        self._bundle_index: dict[str, list[str]] | None = None
        self._noted: set[str] = set()

    # -- finding ---------------------------------------------------------------------

    def find(self, spec: str) -> list[EvidenceFile]:
        if spec not in self._found:
            found = self._locate(self._specs[spec])
            self._found[spec] = found
        return self._found[spec]

    def not_collected(self, spec: str) -> str | None:
        self.find(spec)
        return self._not_collected.get(spec)

    def _locate(self, spec: Spec) -> list[EvidenceFile]:
        if self.kind == LOG_BUNDLE:
            return self._locate_in_bundle(spec)
        files = self._locate_by_manifest(spec) if spec.commands else []
        return files or self._locate_by_globs(spec)

    def _locate_by_manifest(self, spec: Spec) -> list[EvidenceFile]:
        commands = self._manifest_commands()
        for pattern in spec.exec_patterns:
            matched = [(c, m) for c in commands if (m := pattern.match(c.exec))]
            files = []
            for command, match in matched:
                if command.filepath and self._usable(command.filepath):
                    key = match.groupdict().get("key") or ""
                    files.append(
                        self._file(spec, command.filepath, key, truncated=command.truncated)
                    )
            if files:
                return files if spec.per_device else files[:1]
            if matched and spec.name not in self._not_collected:
                codes = sorted({c.return_code for c, _ in matched if c.return_code is not None})
                self._not_collected[spec.name] = _why_no_file(matched[0][0].exec, codes)
        return []

    def _locate_by_globs(self, spec: Spec) -> list[EvidenceFile]:
        for pattern in spec.report_globs:
            paths = sorted(glob.glob(pattern, root_dir=self.root))
            paths = [p for p in paths if self._usable(p)]
            if not paths:
                continue
            if spec.kind is Kind.LOG:
                return [self._file(spec, p, "") for p in self._rotations(paths)]
            if spec.per_device or "*" in pattern:
                keyed = [(p, key_from_path(pattern, p)) for p in paths]
                return [self._file(spec, p, key) for p, key in keyed if key or not spec.per_device]
            return [self._file(spec, paths[0], "")]
        return []

    def _locate_in_bundle(self, spec: Spec) -> list[EvidenceFile]:
        index = self._bundle_files()
        for pattern in spec.bundle_globs:
            names = sorted((n for n in index if fnmatchcase(n, pattern)), key=lambda n: (len(n), n))
            paths = [p for name in names for p in index[name] if self._usable(p)]
            if not paths:
                continue
            if spec.kind is Kind.LOG:
                return [self._file(spec, p, "") for p in self._rotations(paths)]
            if spec.per_device:
                keyed = [(p, key_from_path(pattern, p.rsplit("/", 1)[-1])) for p in paths]
                return [self._file(spec, p, key) for p, key in keyed if key]
            return [self._file(spec, paths[0], "")]
        return []

    def _rotations(self, paths: list[str]) -> list[str]:
        """Keep the live file and its rotations: the shortest name is the base."""
        base = min((p.rsplit("/", 1)[-1] for p in paths), key=len)
        kept = [p for p in paths if is_rotation_of(base, p.rsplit("/", 1)[-1])]
        return oldest_first(kept or paths)

    def _file(self, spec: Spec, path: str, key: str, truncated: bool = False) -> EvidenceFile:
        truncated = truncated or self._is_tailed(path)
        if truncated and path not in self._noted:
            self._noted.add(path)
            self.notes.append(
                Note(Severity.INFO, path, "sos kept only the end of this file (tailed)")
            )
        return EvidenceFile(spec.name, path, key, truncated)

    def _manifest_commands(self) -> list[ManifestCommand]:
        if self._manifest is None:
            self._manifest = []
            path = self.root / "sos_reports" / "manifest.json"
            if path.is_file():
                try:
                    self._manifest = read_manifest_commands(path.read_text(encoding="utf-8"))
                except (OSError, ValueError, AttributeError) as exc:
                    self.notes.append(
                        Note(
                            Severity.WARNING,
                            "sos_reports/manifest.json",
                            f"unreadable manifest, walking the tree instead: {exc}",
                        )
                    )
        return self._manifest

    def _bundle_files(self) -> dict[str, list[str]]:
        if self._bundle_index is None:
            index: dict[str, list[str]] = {}
            for dirpath, _dirs, names in os.walk(self.root):
                rel_dir = os.path.relpath(dirpath, self.root)
                for name in names:
                    rel = name if rel_dir == "." else f"{rel_dir}/{name}"
                    index.setdefault(name, []).append(rel)
            self._bundle_index = index
        return self._bundle_index

    # -- safety ---------------------------------------------------------------------

    def _resolve(self, rel: str) -> Path | None:
        """The real path of `rel`, or None (with a note) when it leaves the root."""
        try:
            real = (self.root / rel).resolve()
        except (RuntimeError, OSError) as exc:  # 3.11 raises RuntimeError on a symlink loop
            if rel not in self._noted:
                self._noted.add(rel)
                self.notes.append(Note(Severity.WARNING, rel, f"refused: cannot resolve ({exc})"))
            return None
        if real != self._real_root and self._real_root not in real.parents:
            if rel not in self._noted:
                self._noted.add(rel)
                target = os.readlink(self.root / rel) if (self.root / rel).is_symlink() else real
                self.notes.append(
                    Note(
                        Severity.WARNING,
                        rel,
                        f"refused: symlink leads out of the evidence ({target})",
                    )
                )
            return None
        return real

    def _usable(self, rel: str) -> bool:
        real = self._resolve(rel)
        return real is not None and real.is_file()

    def _is_tailed(self, rel: str) -> bool:
        path = self.root / rel
        if not path.is_symlink():
            return rel.endswith(".tailed")
        target = os.readlink(path)
        return target.endswith(".tailed") or "sos_strings/" in target

    # -- reading --------------------------------------------------------------------

    def read_text(self, file: EvidenceFile) -> str | None:
        real = self._resolve(file.path)
        if real is None:
            return None
        try:
            with open_binary(real) as stream:
                data = stream.read(MAX_TEXT_BYTES + 1)
        except PermissionError:
            self._note_permission(file.path)
            return None
        except DECOMPRESS_ERRORS as exc:
            self.notes.append(Note(Severity.WARNING, file.path, f"unreadable: {exc}"))
            return None
        if len(data) > MAX_TEXT_BYTES:
            self.notes.append(
                Note(
                    Severity.WARNING,
                    file.path,
                    f"larger than {MAX_TEXT_BYTES // 1024**2} MiB; read the first part only",
                )
            )
            data = data[:MAX_TEXT_BYTES]
        text, bad = decode(data)
        if bad:
            self._note_invalid_utf8(file.path)
        return text

    def iter_lines(self, file: EvidenceFile) -> Iterator[str]:
        real = self._resolve(file.path)
        if real is None:
            return
        try:
            with open_binary(real) as stream:
                for line, bad in iter_decoded_lines(stream, self._cut_noter(file.path)):
                    if bad:
                        self._note_invalid_utf8(file.path)
                    yield line
        except PermissionError:  # an OSError too, but no sign of damage: say what it is
            self._note_permission(file.path)
        except DECOMPRESS_ERRORS as exc:
            self.notes.append(
                Note(Severity.WARNING, file.path, f"log ends early (damaged or truncated): {exc}")
            )

    def iter_blocks(self, file: EvidenceFile, size: int = LOG_BLOCK_BYTES) -> Iterator[bytes]:
        real = self._resolve(file.path)
        if real is None:
            return
        noted = False  # one note per file is enough: stop checking once noted
        try:
            with open_binary(real) as stream:
                for block in iter_line_blocks(stream, size, self._cut_noter(file.path)):
                    # Blocks hold whole lines, so this is iter_lines' per-line check.
                    if not noted and not block.isascii() and decode(block)[1]:
                        noted = True
                        self._note_invalid_utf8(file.path)
                    yield block
        except PermissionError:  # an OSError too, but no sign of damage: say what it is
            self._note_permission(file.path)
        except DECOMPRESS_ERRORS as exc:
            self.notes.append(
                Note(Severity.WARNING, file.path, f"log ends early (damaged or truncated): {exc}")
            )

    def size_of(self, file: EvidenceFile) -> int | None:
        real = self._resolve(file.path)
        if real is None or is_compressed(real.name):
            return None
        try:
            return real.stat().st_size
        except OSError:
            return None

    def _cut_noter(self, rel: str) -> Callable[[], None]:
        """What a line reader calls when it cuts an overlong line: one note per file."""

        def noted() -> None:
            key = "cut:" + rel
            if key not in self._noted:
                self._noted.add(key)
                self.notes.append(
                    Note(
                        Severity.WARNING,
                        rel,
                        f"line longer than {MAX_LINE_BYTES // 1024**2} MiB; "
                        "kept its first MiB, the rest of the line skipped",
                    )
                )

        return noted

    def _note_permission(self, rel: str) -> None:
        key = "denied:" + rel
        if key not in self._noted:
            self._noted.add(key)
            self.notes.append(Note(Severity.WARNING, rel, "unreadable: permission denied"))

    def _note_invalid_utf8(self, rel: str) -> None:
        key = "utf8:" + rel
        if key not in self._noted:
            self._noted.add(key)
            self.notes.append(Note(Severity.WARNING, rel, "invalid UTF-8; bytes replaced"))


def _why_no_file(command: str, codes: list[int]) -> str:
    if any(code in (126, 127) for code in codes):
        return f"`{command}` was not installed on the host (rc {codes[-1]}); no output"
    return f"`{command}` left no output file (rc {', '.join(map(str, codes)) or 'unknown'})"
