"""DirectoryEvidence on real-format sosreport trees: finding, refusing, reading."""

from __future__ import annotations

import json
import os
from itertools import chain
from pathlib import Path

import pytest
from hosttrees import (
    MANIFEST,
    add_tailed,
    build_sosreport,
    gzip_bytes,
    rotate_kern_log,
    sample_bytes,
    sample_lines,
    sample_text,
    write,
)

from stacksleuth.evidence import directory
from stacksleuth.evidence.directory import LOG_BUNDLE, SOSREPORT, DirectoryEvidence
from stacksleuth.evidence.model import EvidenceFile, Severity
from stacksleuth.evidence.specs import Kind, Spec, SpecTable


@pytest.fixture
def report(tmp_path: Path) -> Path:
    return build_sosreport(tmp_path, "compute5")


def _notes(evidence: DirectoryEvidence) -> list[tuple[Severity, str, str]]:
    return [(n.severity, n.where, n.message) for n in evidence.notes]


def _read_all(evidence: DirectoryEvidence, files: list[EvidenceFile]) -> list[str]:
    return list(chain.from_iterable(evidence.iter_lines(f) for f in files))


# -- finding ---------------------------------------------------------------------------


def test_command_outputs_are_found_through_the_manifest(report):
    evidence = DirectoryEvidence(report)
    assert evidence.kind == SOSREPORT and evidence.name == report.name
    assert evidence.find("hostname") == [
        EvidenceFile("hostname", "sos_commands/host/hostname", "", False)
    ]
    assert evidence.read_text(evidence.find("hostname")[0]) == "compute5\n"
    (uname,) = evidence.find("uname -a")
    assert uname.path == "sos_commands/kernel/uname_-a"
    assert evidence.read_text(uname).startswith("Linux compute5 5.4.0-97-generic #110-Ubuntu")
    (date,) = evidence.find("date")
    assert date.path == "sos_commands/systemd/timedatectl"
    assert evidence.read_text(date) == sample_text("sos_commands/systemd/timedatectl")
    assert evidence.notes == []


def test_command_outputs_are_found_without_a_manifest(tmp_path):
    evidence = DirectoryEvidence(build_sosreport(tmp_path, "compute6", manifest=False))
    assert [f.path for f in evidence.find("hostname")] == ["sos_commands/host/hostname"]
    assert [f.path for f in evidence.find("uptime")] == ["sos_commands/host/uptime"]
    assert evidence.read_text(evidence.find("hostname")[0]) == "compute6\n"


def test_root_shortcut_symlink_is_a_fallback(tmp_path):
    root = build_sosreport(tmp_path, "compute6", manifest=False)
    (root / "sos_commands/host/uptime").rename(root / "sos_commands/host/uptime.moved")
    (root / "uptime").unlink()
    (root / "uptime").symlink_to("sos_commands/host/uptime.moved")
    evidence = DirectoryEvidence(root)
    (uptime,) = evidence.find("uptime")
    assert uptime.path == "uptime"
    assert evidence.read_text(uptime) == sample_text("sos_commands/host/uptime")


def test_files_are_found_at_their_host_paths(report):
    evidence = DirectoryEvidence(report)
    assert evidence.find("os-release") == [EvidenceFile("os-release", "etc/os-release")]
    assert 'PRETTY_NAME="Ubuntu 20.04.3 LTS"' in evidence.read_text(evidence.find("os-release")[0])
    assert evidence.read_text(evidence.find("sos version")[0]) == "sosreport: 4.2"
    assert evidence.find("redhat-release") == []
    assert evidence.not_collected("redhat-release") is None


def test_per_device_command_through_the_manifest_keys_by_device(report):
    evidence = DirectoryEvidence(report)
    found = evidence.find("ethtool -S")
    assert [(f.key, f.path) for f in found] == [
        ("ens3", "sos_commands/networking/ethtool_-S_ens3"),
        ("ens4", "sos_commands/networking/ethtool_-S_ens4"),
    ]
    assert evidence.read_text(found[0]) == sample_text("sos_commands/networking/ethtool_-S_ens3")
    # `ethtool {dev}` must not claim the `ethtool -S` files.
    assert evidence.find("ethtool") == []


def test_per_device_command_without_a_manifest_keys_by_file_name(tmp_path):
    evidence = DirectoryEvidence(build_sosreport(tmp_path, "compute6", manifest=False))
    found = evidence.find("ethtool -S")
    assert [(f.key, f.path) for f in found] == [
        ("ens3", "sos_commands/networking/ethtool_-S_ens3"),
        ("ens4", "sos_commands/networking/ethtool_-S_ens4"),
    ]
    assert evidence.find("ethtool") == []
    assert evidence.find("ethtool -i") == []


def test_rc_127_in_the_manifest_says_why_nothing_was_collected(report):
    evidence = DirectoryEvidence(report)
    assert evidence.find("dpdk-devbind") == []
    assert evidence.not_collected("dpdk-devbind") == (
        "`dpdk-devbind.py --status` was not installed on the host (rc 127); no output"
    )
    assert evidence.not_collected("hostname") is None
    assert evidence.not_collected("lshw") is None  # absent from this manifest: no reason known
    assert evidence.notes == []


def test_unreadable_manifest_falls_back_to_the_tree(report):
    write(report / MANIFEST, sample_bytes(MANIFEST)[:200])
    evidence = DirectoryEvidence(report)
    assert [f.path for f in evidence.find("hostname")] == ["sos_commands/host/hostname"]
    (note,) = evidence.notes
    assert (note.severity, note.where) == (Severity.WARNING, "sos_reports/manifest.json")
    assert note.message.startswith("unreadable manifest, walking the tree instead: ")


# -- tailed, escaping and looping symlinks ------------------------------------------------


def _dmesg_tail() -> str:
    """The end of a real kernel ring buffer, starting partway through a line as sos's does."""
    return sample_text("var/log/dmesg")[1000:]


def test_tailed_command_output_is_truncated_with_an_info_note(report):
    tail = _dmesg_tail()
    add_tailed(report, "sos_commands/kernel/dmesg", "kernel", tail)
    assert (
        os.readlink(report / "sos_commands/kernel/dmesg") == "../../sos_strings/kernel/dmesg.tailed"
    )
    evidence = DirectoryEvidence(report)
    assert evidence.find("dmesg") == [
        EvidenceFile("dmesg", "sos_commands/kernel/dmesg", "", truncated=True)
    ]
    assert evidence.find("dmesg") == evidence.find("dmesg")
    assert _notes(evidence) == [
        (Severity.INFO, "sos_commands/kernel/dmesg", "sos kept only the end of this file (tailed)")
    ]
    assert not evidence.notes[0].makes_partial
    assert evidence.read_text(evidence.find("dmesg")[0]) == tail


def test_tailed_copied_log_is_truncated(report):
    add_tailed(report, "var/log/syslog", "logs", sample_text("var/log/syslog")[500:])
    assert os.readlink(report / "var/log/syslog") == "../../sos_strings/logs/var.log.syslog.tailed"
    evidence = DirectoryEvidence(report)
    assert evidence.find("syslog") == [EvidenceFile("syslog", "var/log/syslog", "", True)]
    assert [n.severity for n in evidence.notes] == [Severity.INFO]


def _manifest_with_tailed_dmesg(report: Path) -> None:
    """sos >= 4: a tailed command's entry says `truncated` and points into sos_strings."""
    data = json.loads((report / MANIFEST).read_text())
    entry = dict(data["components"]["report"]["plugins"]["kernel"]["commands"][0])
    entry.update(
        command="dmesg",
        parameters=[],
        exec="dmesg",
        filepath="sos_strings/kernel/dmesg.tailed",
        truncated=True,
        tags=["dmesg"],
    )
    data["components"]["report"]["plugins"]["kernel"]["commands"].append(entry)
    write(report / MANIFEST, json.dumps(data, indent=4))


def test_tailed_command_output_through_the_manifest_is_truncated(report):
    add_tailed(report, "sos_commands/kernel/dmesg", "kernel", _dmesg_tail())
    _manifest_with_tailed_dmesg(report)
    evidence = DirectoryEvidence(report)
    assert evidence.find("dmesg") == [
        EvidenceFile("dmesg", "sos_strings/kernel/dmesg.tailed", "", truncated=True)
    ]


def test_tailed_command_output_through_the_manifest_has_the_info_note(report):
    add_tailed(report, "sos_commands/kernel/dmesg", "kernel", _dmesg_tail())
    _manifest_with_tailed_dmesg(report)
    evidence = DirectoryEvidence(report)
    evidence.find("dmesg")
    assert [n.severity for n in evidence.notes] == [Severity.INFO]


def test_symlink_out_of_the_report_is_refused_and_not_read(tmp_path, report, monkeypatch):
    secret = write(tmp_path / "outside" / "os-release", sample_bytes("etc/os-release"))
    (report / "etc/os-release").unlink()
    (report / "etc/os-release").symlink_to("../../outside/os-release")
    assert (report / "etc/os-release").resolve() == secret.resolve()
    opened: list[Path] = []
    real_open = directory.open_binary
    monkeypatch.setattr(directory, "open_binary", lambda p: opened.append(p) or real_open(p))

    evidence = DirectoryEvidence(report)
    assert evidence.find("os-release") == []
    assert evidence.read_text(EvidenceFile("os-release", "etc/os-release")) is None
    assert list(evidence.iter_lines(EvidenceFile("os-release", "etc/os-release"))) == []
    assert evidence.read_text(EvidenceFile("os-release", "../outside/os-release")) is None
    assert secret.resolve() not in [p.resolve() for p in opened]
    assert opened == []
    assert _notes(evidence) == [
        (
            Severity.WARNING,
            "etc/os-release",
            "refused: symlink leads out of the evidence (../../outside/os-release)",
        ),
        (
            Severity.WARNING,
            "../outside/os-release",
            f"refused: symlink leads out of the evidence ({secret.resolve()})",
        ),
    ]


def test_absolute_symlink_out_of_the_report_is_refused(tmp_path, report):
    (report / "sos_commands/host/hostname").unlink()
    (report / "sos_commands/host/hostname").symlink_to("/etc/hostname")
    evidence = DirectoryEvidence(report)
    # The manifest's file and the root shortcut both lead out: nothing is found.
    assert evidence.find("hostname") == []
    assert (
        Severity.WARNING,
        "sos_commands/host/hostname",
        "refused: symlink leads out of the evidence (/etc/hostname)",
    ) in _notes(evidence)


def test_symlink_loop_is_refused_with_a_note(report):
    (report / "var/log/kern.log").unlink()
    (report / "var/log/kern.log").symlink_to("kern.log.1")
    (report / "var/log/kern.log.1").symlink_to("kern.log")
    evidence = DirectoryEvidence(report)
    assert evidence.find("kern.log") == []
    # Both links of the loop are refused, each with its own warning.
    assert sorted(n.where for n in evidence.notes) == ["var/log/kern.log", "var/log/kern.log.1"]
    assert all(n.severity is Severity.WARNING for n in evidence.notes)
    assert all("cannot resolve" in n.message for n in evidence.notes)


# -- reading logs --------------------------------------------------------------------------


def test_rotated_logs_oldest_first_and_read_across(report):
    lines = rotate_kern_log(report / "var/log")
    evidence = DirectoryEvidence(report)
    files = evidence.find("kern.log")
    assert [f.path for f in files] == [
        "var/log/kern.log.2.gz",
        "var/log/kern.log.1",
        "var/log/kern.log",
    ]
    assert not any(f.truncated for f in files)
    assert _read_all(evidence, files) == lines
    assert lines[0].startswith("Feb  4 09:34:10 compute4 kernel: [    2.234024] raid6")
    assert evidence.notes == []


def test_compressed_rotation_read_by_content_not_name(report):
    """A gzip rotation is decompressed whatever its name says."""
    lines = rotate_kern_log(report / "var/log")
    (report / "var/log/kern.log.2.gz").rename(report / "var/log/kern.log.2")
    evidence = DirectoryEvidence(report)
    files = evidence.find("kern.log")
    assert [f.path for f in files][0] == "var/log/kern.log.2"
    assert _read_all(evidence, files) == lines


def _latin1_spec_table() -> SpecTable:
    return SpecTable(
        (Spec("smartmontools init", Kind.FILE, "a Latin-1 file", paths=("etc/init.d/*",)),)
    )


def test_invalid_utf8_is_replaced_with_a_warning(report):
    write(report / "etc/init.d/smartmontools", sample_bytes("etc/init.d/smartmontools"))
    assert b"G\xfcnther" in sample_bytes("etc/init.d/smartmontools")
    evidence = DirectoryEvidence(report, specs=_latin1_spec_table())
    (found,) = evidence.find("smartmontools init")
    text = evidence.read_text(found)
    assert "# (C) 2003,04,07 Guido G\ufffdnther <agx@sigxcpu.org>" in text.splitlines()
    lines = list(evidence.iter_lines(found))
    assert lines[4] == "# (C) 2003,04,07 Guido G\ufffdnther <agx@sigxcpu.org>"
    # One note per file, however many times it is read.
    assert _notes(evidence) == [
        (Severity.WARNING, "etc/init.d/smartmontools", "invalid UTF-8; bytes replaced")
    ]


def test_truncated_gz_rotation_yields_lines_before_the_damage(report):
    lines = rotate_kern_log(report / "var/log")
    third = len(lines) // 3
    big = ("\n".join(lines * 4) + "\n").encode()  # long enough to decompress in stages
    whole = gzip_bytes(big)
    write(report / "var/log/kern.log.2.gz", whole[: len(whole) // 2])
    evidence = DirectoryEvidence(report)
    files = evidence.find("kern.log")
    damaged = list(evidence.iter_lines(files[0]))
    assert 0 < len(damaged) < len(lines) * 4
    assert damaged == (lines * 4)[: len(damaged)]
    (note,) = evidence.notes
    assert (note.severity, note.where) == (Severity.WARNING, "var/log/kern.log.2.gz")
    assert note.message.startswith("log ends early (damaged or truncated): ")
    # The later rotations are still read in full.
    assert _read_all(evidence, files[1:]) == lines[third:]


def test_log_bundle_finds_by_name_anywhere(tmp_path):
    root = tmp_path / "case-1234"
    write(root / "host-a" / "kern.log", sample_bytes("var/log/kern.log"))
    write(root / "host-a" / "dmesg", sample_bytes("var/log/dmesg"))
    evidence = DirectoryEvidence(root, name="compute4")
    assert evidence.kind == LOG_BUNDLE and evidence.name == "compute4"
    assert [f.path for f in evidence.find("kern.log")] == ["host-a/kern.log"]
    assert [f.path for f in evidence.find("dmesg")] == ["host-a/dmesg"]
    assert evidence.find("hostname") == []
    assert _read_all(evidence, evidence.find("dmesg")) == sample_lines("var/log/dmesg")
