"""Extraction of hostile and damaged archives: refuse, note, go on, write nothing outside."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest
from hosttrees import (
    build_sosreport,
    pack_sosreport,
    run_cli,
    sample_bytes,
    snapshot,
    tar_bytes,
    write,
)

from stacksleuth.evidence.archive import ArchiveCache
from stacksleuth.evidence.model import Severity
from stacksleuth.evidence.safety import ArchiveTooLarge, extract_archive, member_refusal
from stacksleuth.evidence.sources import SourceKind, UnreadableEvidence, discover, open_host

VERSION = sample_bytes("version.txt")
HOSTNAME = sample_bytes("sos_commands/host/hostname")


def _file(name: str) -> tarfile.TarInfo:
    return tarfile.TarInfo(name)


def _link(name: str, target: str, kind: bytes = tarfile.SYMTYPE) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info


def _special(name: str, kind: bytes) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.devmajor, info.devminor = 1, 3  # /dev/null
    return info


@pytest.fixture
def box(tmp_path: Path) -> Path:
    """The extraction destination, two levels below tmp_path so `../` has room to land."""
    dest = tmp_path / "box" / "dest"
    dest.mkdir(parents=True)
    return dest


def _outside(tmp_path: Path) -> dict[str, str]:
    return {k: v for k, v in snapshot(tmp_path).items() if not k.startswith("box/dest/")}


def _extract(tmp_path: Path, dest: Path, hostile: list[tuple[tarfile.TarInfo, bytes | None]]):
    """Normal member, hostile members, normal member; extracted into `dest`."""
    members = [(_file("report/version.txt"), VERSION), *hostile]
    members.append((_file("report/sos_commands/host/hostname"), HOSTNAME))
    archive = write(tmp_path / "hostile.tar", tar_bytes(members))
    before = _outside(tmp_path)
    result = extract_archive(archive, dest)
    assert _outside(tmp_path) == before, "something was written outside the destination"
    assert (dest / "report/version.txt").read_bytes() == VERSION
    assert (dest / "report/sos_commands/host/hostname").read_bytes() == HOSTNAME
    return result


def _assert_refused(result, name: str, reason: str) -> None:
    assert result.complete
    assert [(n.severity, n.where, n.message) for n in result.notes] == [
        (Severity.WARNING, "hostile.tar", f"refused member {name!r}: {reason}")
    ]
    assert "\n" not in result.notes[0].message


HOSTILE = [
    pytest.param("../escaped.txt", None, "path climbs out with '..'", id="dotdot"),
    pytest.param("report/../../escaped.txt", None, "path climbs out with '..'", id="dotdot-deep"),
    pytest.param(
        "report/passwd",
        "../../etc/passwd",
        "symlink points out of the archive (../../etc/passwd)",
        id="symlink-out",
    ),
    pytest.param(
        "report/shadow",
        "/etc/shadow",
        "symlink to an absolute path (/etc/shadow)",
        id="symlink-absolute",
    ),
]


@pytest.mark.parametrize(("name", "target", "reason"), HOSTILE)
def test_climbing_names_and_symlinks_are_refused(tmp_path, box, name, target, reason):
    hostile = (_link(name, target), None) if target else (_file(name), b"pwned\n")
    result = _extract(tmp_path, box, [hostile])
    _assert_refused(result, name, reason)
    assert not (tmp_path / "escaped.txt").exists()
    assert not (tmp_path / "box" / "escaped.txt").exists()
    assert not (box / name).exists() and not (box / name).is_symlink()


def test_absolute_member_is_refused(tmp_path, box):
    name = str(tmp_path / "abs-escape.txt")
    result = _extract(tmp_path, box, [(_file(name), b"pwned\n")])
    _assert_refused(result, name, "absolute path")
    assert not (tmp_path / "abs-escape.txt").exists()
    assert not (box / name.lstrip("/")).exists()


@pytest.mark.parametrize("target", ["../outside.txt", "/etc/passwd"])
def test_hard_link_out_of_the_root_is_refused(tmp_path, box, target):
    write(tmp_path / "box" / "outside.txt", "do not touch\n")
    result = _extract(tmp_path, box, [(_link("report/hard", target, tarfile.LNKTYPE), None)])
    _assert_refused(result, "report/hard", f"hard link points out of the archive ({target})")
    assert not (box / "report/hard").exists()
    assert (tmp_path / "box" / "outside.txt").read_text() == "do not touch\n"


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        (tarfile.CHRTYPE, "device file"),
        (tarfile.BLKTYPE, "device file"),
        (tarfile.FIFOTYPE, "fifo"),
    ],
    ids=["char-device", "block-device", "fifo"],
)
def test_devices_and_fifos_are_refused(tmp_path, box, kind, reason):
    result = _extract(tmp_path, box, [(_special("report/dev/null", kind), None)])
    _assert_refused(result, "report/dev/null", reason)
    assert not (box / "report/dev/null").exists()


def test_link_planted_in_one_member_and_used_by_a_later_one(tmp_path, box):
    """`up -> ..` stays inside; `up/up2 -> ..` reads as inside but, through `up`, is not."""
    planted = [
        (_link("report/up", ".."), None),
        (_link("report/up/up2", ".."), None),
        (_file("report/up/up2/pwned.txt"), b"pwned\n"),
    ]
    # The name check alone cannot see through the first link: the extracted tree must.
    assert member_refusal(planted[1][0]) is None
    result = _extract(tmp_path, box, planted)
    assert result.complete
    assert [(n.severity, n.where, n.message) for n in result.notes] == [
        (
            Severity.WARNING,
            "hostile.tar",
            f"refused member {name!r}: its directory is a symlink (report/up)",
        )
        for name in ("report/up/up2", "report/up/up2/pwned.txt")
    ]
    assert not (tmp_path / "box" / "pwned.txt").exists()
    assert (box / "report/up").is_symlink()
    assert not (box / "report/up/up2").is_symlink()


def _bomb(tmp_path: Path) -> Path:
    zeros = bytes(64 * 1024)
    members = [(_file(f"bomb/part-{i}"), zeros) for i in range(3)]
    return write(tmp_path / "bomb.tar.gz", tar_bytes(members, mode="w:gz"))


def test_decompression_bomb_stops_at_the_cap(tmp_path, box):
    archive = _bomb(tmp_path)
    assert archive.stat().st_size < 2048  # tiny on disk, 192 KiB unpacked
    with pytest.raises(ArchiveTooLarge) as caught:
        extract_archive(archive, box, max_bytes=100_000)
    message = str(caught.value)
    assert message.startswith("bomb.tar.gz: unpacks to more than ")
    assert "(stopped at member 'bomb/part-1')" in message
    assert "decompression bomb" in message and "--max-extract-size" in message
    assert (box / "bomb/part-0").stat().st_size == 64 * 1024
    assert not (box / "bomb/part-1").exists()


def test_decompression_bomb_message_states_the_cap(tmp_path, box):
    with pytest.raises(ArchiveTooLarge) as caught:
        extract_archive(_bomb(tmp_path), box, max_bytes=100_000)
    assert "0.0 GiB" not in str(caught.value)


def test_too_many_members_is_refused(tmp_path, box):
    members = [(_file(f"report/f{i}"), VERSION) for i in range(5)]
    archive = write(tmp_path / "many.tar", tar_bytes(members))
    with pytest.raises(ArchiveTooLarge, match=r"^many\.tar: more than 3 members; refusing"):
        extract_archive(archive, box, max_members=3)


def test_bomb_through_the_cache_leaves_no_half_tree(tmp_path):
    cache = ArchiveCache(tmp_path / "cache", max_bytes=100_000)
    (source,) = discover([_bomb(tmp_path)], cache)
    evidence = open_host(source, cache)
    assert isinstance(evidence, UnreadableEvidence)
    (note,) = evidence.notes
    assert note.severity is Severity.ERROR
    assert note.message.startswith("refused: bomb.tar.gz: unpacks to more than ")
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["CACHEDIR.TAG"]


def _real_report_tar_gz(tmp_path: Path) -> Path:
    root = build_sosreport(tmp_path / "trees", "compute5")
    return pack_sosreport(root, tmp_path, compression="gz")


def test_truncated_archive_keeps_what_came_before_the_damage(tmp_path, box):
    archive = _real_report_tar_gz(tmp_path)
    data = archive.read_bytes()
    cut = write(tmp_path / "cut.tar.gz", data[: len(data) // 2])
    result = extract_archive(cut, box)
    assert not result.complete
    assert len(result.notes) == 1
    note = result.notes[0]
    assert (note.severity, note.where) == (Severity.ERROR, "cut.tar.gz")
    assert note.message.startswith("archive is truncated or corrupt after ")
    assert note.message.endswith("; analysing what was extracted")
    top = box / "sosreport-compute5-2022-02-10-vqsfldp"
    # sos packs version.txt, sos_reports/ and sos_logs/ first: they survive the damage.
    assert (top / "version.txt").read_bytes() == VERSION
    assert (top / "sos_reports/manifest.json").read_bytes() == sample_bytes(
        "sos_reports/manifest.json"
    )
    with tarfile.open(archive) as whole:
        assert 0 < result.members < len(whole.getnames())


def test_plain_tar_cut_at_a_member_boundary_is_noted(tmp_path, box):
    members = [(_file(f"report/f{i}"), VERSION) for i in range(3)]
    data = tar_bytes(members)
    one_member = 512 + 512  # header block + one data block (version.txt < 512 bytes)
    cut = write(tmp_path / "cut.tar", data[: 2 * one_member])
    result = extract_archive(cut, box)
    assert sorted(p.name for p in (box / "report").iterdir()) == ["f0", "f1"]
    assert not result.complete
    assert [n.severity for n in result.notes] == [Severity.ERROR]


def test_not_an_archive(tmp_path, box):
    bogus = write(tmp_path / "sosreport-compute5-2022-02-10-vqsfldp.tar.xz", VERSION)
    with pytest.raises(tarfile.ReadError):
        extract_archive(bogus, box)
    cache = ArchiveCache(tmp_path / "cache")
    (source,) = discover([bogus], cache)
    assert source.kind is SourceKind.SOSREPORT_ARCHIVE
    evidence = open_host(source, cache)
    assert isinstance(evidence, UnreadableEvidence)
    assert evidence.name == "sosreport-compute5-2022-02-10-vqsfldp"
    (note,) = evidence.notes
    assert (note.severity, note.where) == (Severity.ERROR, str(bogus))
    assert note.message.startswith("not a readable tarball: corrupt or not a sosreport (")
    assert "\n" not in note.message
    assert evidence.find("hostname") == [] and evidence.not_collected("hostname") is None
    left = [p.name for p in (tmp_path / "cache").iterdir()] if (tmp_path / "cache").exists() else []
    assert left in ([], ["CACHEDIR.TAG"])


def test_a_plain_file_is_unreadable_evidence(tmp_path):
    log = write(tmp_path / "kern.log", sample_bytes("var/log/kern.log"))
    cache = ArchiveCache(tmp_path / "cache")
    (source,) = discover([log], cache)
    evidence = open_host(source, cache)
    assert isinstance(evidence, UnreadableEvidence)
    assert [(n.severity, n.message) for n in evidence.notes] == [
        (Severity.ERROR, "not a sosreport, a tarball or a directory")
    ]


def test_cli_exits_1_on_an_unreadable_archive(tmp_path):
    bogus = write(tmp_path / "sosreport-compute5-2022-02-10-vqsfldp.tar.xz", VERSION)
    done = run_cli(
        "host", str(bogus), "--format", "json", "--cache-dir", str(tmp_path / "c"), cwd=tmp_path
    )
    assert done.returncode == 1, done.stderr
    host = json.loads(done.stdout)
    assert host["name"] == "sosreport-compute5-2022-02-10-vqsfldp"
    assert host["partial"] is True
    assert host["notes"][0]["severity"] == "error"
    assert host["notes"][0]["message"].startswith("not a readable tarball")
