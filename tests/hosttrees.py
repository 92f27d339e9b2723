"""Small sosreport trees and archives in real formats, built in a test's tmp_path.

Every file's content comes from tests/samples/sos/ (copied from the corpus sosreport of
compute4, see SOURCES.md there). Hosts differ only by their name: written into
`sos_commands/host/hostname` and the second field of `uname -a`. Layout follows sos 4.x
(see /work/shared/reference/sosreport-format.md): `sos_commands/<plugin>/<mangled>`, root
shortcut symlinks, `sos_reports/manifest.json`, archives named
`sosreport-<host>-2022-02-10-<7 letters>` with everything under one top directory and
`version.txt`, `sos_reports/`, `sos_logs/` first.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import pytest
from realsamples import SAMPLES, sample

from stacksleuth.evidence.directory import DirectoryEvidence
from stacksleuth.evidence.mangle import mangle_command

SOS_SAMPLES = Path(__file__).parent / "samples" / "sos"
REPORT_DATE = "2022-02-10"

# Files every built sosreport holds (paths inside the report and inside SOS_SAMPLES).
REPORT_FILES = (
    "version.txt",
    "etc/os-release",
    "sos_commands/host/hostname",
    "sos_commands/host/uptime",
    "sos_commands/kernel/uname_-a",
    "sos_commands/systemd/timedatectl",
    "sos_commands/networking/ethtool_-S_ens3",
    "sos_commands/networking/ethtool_-S_ens4",
    "sos_logs/ui.log",
    "var/log/kern.log",
)
MANIFEST = "sos_reports/manifest.json"

# Root shortcut symlinks sos >= 4.2 leaves (relative, into sos_commands).
SHORTCUTS = {
    "hostname": "sos_commands/host/hostname",
    "uname": "sos_commands/kernel/uname_-a",
    "uptime": "sos_commands/host/uptime",
    "date": "sos_commands/systemd/timedatectl",
}


def sample_bytes(rel: str) -> bytes:
    return (SOS_SAMPLES / rel).read_bytes()


def sample_text(rel: str) -> str:
    return sample_bytes(rel).decode("utf-8")


def sample_lines(rel: str) -> list[str]:
    return sample_text(rel).splitlines()


def sos_name(host: str) -> str:
    """A friendly sos archive name: `sosreport-<host>-2022-02-10-<7 lowercase letters>`."""
    digest = hashlib.sha256(host.encode()).digest()
    letters = "".join(chr(ord("a") + b % 26) for b in digest[:7])
    return f"sosreport-{host}-{REPORT_DATE}-{letters}"


def uname_for(host: str) -> str:
    fields = sample_text("sos_commands/kernel/uname_-a").split(" ")
    fields[1] = host
    return " ".join(fields)


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def build_sosreport(
    parent: Path, host: str, *, name: str | None = None, manifest: bool = True
) -> Path:
    """An unpacked sosreport of `host` under `parent`; returns its root."""
    root = parent / (name or sos_name(host))
    for rel in REPORT_FILES:
        write(root / rel, sample_bytes(rel))
    write(root / "sos_commands/host/hostname", f"{host}\n")
    write(root / "sos_commands/kernel/uname_-a", uname_for(host))
    if manifest:
        write(root / MANIFEST, sample_bytes(MANIFEST))
    for link, target in SHORTCUTS.items():
        (root / link).symlink_to(target)
    return root


def add_tailed(root: Path, rel: str, plugin: str, text: str) -> Path:
    """What sos does for a size-limited output: the tail in sos_strings, a symlink at `rel`."""
    tailed_name = rel.rsplit("/", 1)[-1] + ".tailed"
    if not rel.startswith("sos_commands/"):
        tailed_name = rel.replace("/", ".") + ".tailed"
    tailed = write(root / "sos_strings" / plugin / tailed_name, text)
    link = root / rel
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(os.path.relpath(tailed, link.parent))
    return tailed


def _members_in_sos_order(root: Path) -> list[Path]:
    first = [root / "version.txt", root / "sos_reports", root / "sos_logs"]
    first = [p for p in first if p.exists() or p.is_symlink()]
    rest = [p for p in sorted(root.iterdir()) if p not in first]
    return first + rest


def pack_sosreport(root: Path, dest_dir: Path, compression: str = "xz") -> Path:
    """`root` as sos packs it: one top directory, version.txt/sos_reports/sos_logs first."""
    suffix = {"xz": ".tar.xz", "gz": ".tar.gz", "": ".tar"}[compression]
    archive = dest_dir / f"{root.name}{suffix}"
    mode = f"w:{compression}" if compression else "w"
    options = {"preset": 3} if compression == "xz" else {}
    with tarfile.open(archive, mode, **options) as tar:
        tar.add(root, arcname=root.name, recursive=False)
        for path in _members_in_sos_order(root):
            tar.add(path, arcname=f"{root.name}/{path.relative_to(root)}")
    return archive


def build_sosreport_archive(dest_dir: Path, host: str, *, compression: str = "xz") -> Path:
    """A packed sosreport of `host` in `dest_dir` (the tree is built elsewhere, then removed)."""
    with tempfile.TemporaryDirectory(prefix="hosttree-") as work:
        root = build_sosreport(Path(work), host)
        return pack_sosreport(root, dest_dir, compression)


def collect_manifest(hosts: list[str]) -> str:
    """`sos_reports/manifest.json` of a sos collect run, to the schema sos 4.x writes."""
    nodes = {
        f"192.0.2.{number}": {
            "hostname": host,
            "policy": "Ubuntu",
            "sos_version": "4.2",
            "final_sos_command": "sosreport --batch",
            "transport": "control_persist",
            "label": "",
            "collected_archive": f"{sos_name(host)}.tar.xz",
            "checksum": "",
            "checksum_type": "sha256",
        }
        for number, host in enumerate(hosts, start=10)
    }
    data = {
        "version": "4.2",
        "cmdline": "collect --batch --cluster-type none --nodes " + ",".join(hosts),
        "start_time": "2022-02-10 16:19:05.924719",
        "end_time": "2022-02-10 16:20:09.925113",
        "run_time": "0:01:04.000394",
        "compression": "auto",
        "policy": "Ubuntu",
        "components": {
            "collect": {
                "cluster_type": "jbon",
                "node_list": hosts,
                "primary": "",
                "initial_sos_cmd": "sosreport --batch",
                "nodes": nodes,
            }
        },
    }
    return json.dumps(data, indent=4) + "\n"


def build_collect_bundle(dest_dir: Path, hosts: list[str]) -> Path:
    """A `sos collect` output: an uncompressed tar of node tarballs, sos_logs, sos_reports."""
    label = f"sos-collector-{REPORT_DATE}-kqmte"
    with tempfile.TemporaryDirectory(prefix="hosttree-") as work:
        top = Path(work) / label
        top.mkdir()
        for host in hosts:
            build_sosreport_archive(top, host)
        write(top / "sos_logs/sos.log", sample_bytes("sos_logs/ui.log"))
        write(top / "sos_logs/ui.log", sample_bytes("sos_logs/ui.log"))
        write(top / "sos_reports/manifest.json", collect_manifest(hosts))
        bundle = dest_dir / f"{label}.tar"
        with tarfile.open(bundle, "w") as tar:
            tar.add(top, arcname=label)
    return bundle


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def rotate_kern_log(log_dir: Path, name: str = "kern.log") -> list[str]:
    """The kern.log sample split in three: `<name>.2.gz` (oldest), `<name>.1`, `<name>`.

    Returns the sample's lines, oldest first, which reading the three in order must give.
    """
    lines = sample_lines("var/log/kern.log")
    third = len(lines) // 3
    parts = [lines[:third], lines[third : 2 * third], lines[2 * third :]]
    blobs = ["\n".join(part).encode() + b"\n" for part in parts]
    write(log_dir / f"{name}.2.gz", gzip_bytes(blobs[0]))
    write(log_dir / f"{name}.1", blobs[1])
    write(log_dir / name, blobs[2])
    return lines


def build_log_bundle(parent: Path, name: str = "customer-logs") -> Path:
    """A plain log bundle: kern.log, dmesg, syslog, syslog.1, syslog.2.gz at the top."""
    root = parent / name
    write(root / "kern.log", sample_bytes("var/log/kern.log"))
    write(root / "dmesg", sample_bytes("var/log/dmesg"))
    lines = sample_lines("var/log/syslog")
    third = len(lines) // 3
    write(root / "syslog.2.gz", gzip_bytes(("\n".join(lines[:third]) + "\n").encode()))
    write(root / "syslog.1", "\n".join(lines[third : 2 * third]) + "\n")
    write(root / "syslog", "\n".join(lines[2 * third :]) + "\n")
    return root


def snapshot(top: Path) -> dict[str, str]:
    """Every entry under `top` (relative path -> sha256, symlink target or `dir`)."""
    state: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(top):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = str(path.relative_to(top))
            if path.is_symlink():
                state[rel] = "-> " + os.readlink(path)
            elif path.is_dir():
                state[rel] = "dir"
            else:
                state[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The installed `stacksleuth` entry point of this venv, run as an operator would."""
    executable = Path(sys.executable).parent / "stacksleuth"
    env = dict(os.environ, NO_COLOR="1", COLUMNS="120")
    if cwd is not None:
        env["XDG_CACHE_HOME"] = str(cwd / "xdg-cache")
    return subprocess.run(
        [str(executable), *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env=env,
        check=False,
    )


def tar_bytes(members: list[tuple[tarfile.TarInfo, bytes | None]], mode: str = "w") -> bytes:
    """A tar built member by member (for hand-made hostile archives)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as tar:
        for info, data in members:
            if data is not None:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
            else:
                tar.addfile(info)
    return buffer.getvalue()


# -- the seed's compute-40-3: an X710 split between i40e and DPDK ---------------------------


def i40e_driver_info(bus_info: str) -> str:
    """The real i40e `ethtool -i` sample, with its bus-info line set to this port's slot."""
    text = sample("ethtool", "ethtool-i-i40e")
    assert "bus-info: 0000:3b:00.1" in text
    return text.replace("bus-info: 0000:3b:00.1", f"bus-info: {bus_info}")


def x710_on_vfio_pci() -> str:
    """The DPDK section of the real jm1 dpdk-devbind output: two X710 functions on
    vfio-pci. Kept: its header, underline and two device lines; the addresses rewritten
    from 0000:01:00.0/.1 to the seed's traffic ports 0000:83:00.1/.3."""
    lines = sample("hardware", "jm1-reproducer-dpdk-devbind_--status-dev_net-x710-vfio")
    lines = lines.splitlines()[:4]
    assert lines[0] == "Network devices using DPDK-compatible driver"
    text = "\n".join(lines) + "\n"
    return text.replace("0000:01:00.0", "0000:83:00.1").replace("0000:01:00.1", "0000:83:00.3")


def seed_network_files(devbind: str | None) -> dict[str, str]:
    """compute-40-3 of the seed: its lshw -businfo listing (eth2/eth4 named, 83:00.1 and
    83:00.3 nameless), the real i40e `ethtool -i` for eth2 and eth4 (bus-info set to
    83:00.0 and 83:00.2), and optionally a dpdk-devbind output. Paths as sos names them."""
    files = {
        "sos_commands/hardware/" + mangle_command("lshw -C network -businfo"): sample(
            "hardware", "seed000-compute-40-3-lshw_-C_network_-businfo"
        ),
        "sos_commands/networking/ethtool_-i_eth2": i40e_driver_info("0000:83:00.0"),
        "sos_commands/networking/ethtool_-i_eth4": i40e_driver_info("0000:83:00.2"),
    }
    if devbind is not None:
        files["sos_commands/openvswitch/dpdk-devbind.py_--status"] = devbind
    return files


# -- small report trees made of real samples ------------------------------------------------


def sample_tree(tmp_path: Path, files: dict[str, tuple[str, str]]) -> DirectoryEvidence:
    """A sosreport tree of real samples: report path -> (family, sample name).

    `sos_commands/` is always there (sos creates it), so the tree reads as a sosreport.
    """
    root = tmp_path / "sosreport-x"
    (root / "sos_commands").mkdir(parents=True)
    for rel, (family, name) in files.items():
        write(root / rel, sample(family, name))
    return DirectoryEvidence(root)


def needs_sample(family: str, name: str) -> None:
    """Skip, naming the file, until a real sample for a case has been found."""
    if not (SAMPLES / family / name).is_file():
        pytest.skip(f"waiting for the real sample tests/samples/{family}/{name}")
