"""Links that chain out of the extraction root (the CVE-2025-4517 class) are refused.

The archives are built here, member by member, the way an attacker would write them: a
chain of directory symlinks whose expansion passes PATH_MAX (so `os.path.realpath`, and
with it `tarfile.data_filter` on Python 3.11.7, stops resolving and reads the path
lexically), then an `escape` link that the kernel resolves far above the destination.
Our extractor must refuse what it cannot prove stays inside, whatever the interpreter.
"""

from __future__ import annotations

import json
import os
import tarfile
from pathlib import Path

from hosttrees import run_cli, sample_bytes, snapshot, tar_bytes, write

from stacksleuth.evidence.archive import ArchiveCache
from stacksleuth.evidence.model import Severity
from stacksleuth.evidence.safety import extract_archive
from stacksleuth.evidence.sources import discover, open_host

VERSION = sample_bytes("version.txt")
SECRET = b"analysing-machine-secret-4f1c\n"
STEPS = "abcdefghijklmnop"
# mkdtemp's `.<20 hex key>.<8 random>` under the cache dir, plus the separator.
CACHE_TEMP_NAME = 1 + 20 + 1 + 8 + 1


def _file(name: str, data: bytes) -> tuple[tarfile.TarInfo, bytes]:
    return tarfile.TarInfo(name), data


def _dir(name: str) -> tuple[tarfile.TarInfo, None]:
    info = tarfile.TarInfo(name)
    info.type = tarfile.DIRTYPE
    info.mode = 0o755
    return info, None


def _link(name: str, target: str, kind: bytes = tarfile.SYMTYPE) -> tuple[tarfile.TarInfo, None]:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info, None


def _chain(dest_len: int) -> tuple[list[tuple[tarfile.TarInfo, bytes | None]], str]:
    """Directory symlinks whose expansion passes PATH_MAX; returns the members and the
    name of a last link that the kernel resolves back to the destination itself."""
    path_max = os.pathconf("/", "PC_PATH_MAX")
    component = "d" * ((path_max - dest_len) // (len(STEPS) + 1))
    members: list[tuple[tarfile.TarInfo, bytes | None]] = []
    path = ""
    for step in STEPS:
        members.append(_dir(os.path.join(path, component)))
        members.append(_link(os.path.join(path, step), component))
        path = os.path.join(path, component)
    back_to_dest = os.path.join(*STEPS, "l" * 254)
    members.append(_link(back_to_dest, os.path.join(*[".."] * len(STEPS))))
    return members, back_to_dest


def _outside(tmp_path: Path, inside: Path) -> tuple[list[str], list[str], dict[str, str]]:
    """What is around the extraction root `inside`: the names in tmp_path and beside
    `inside`, and everything under tmp_path/sentinel (never walked into `inside`, whose
    paths the chain makes too long to stat)."""
    beside = sorted(p.name for p in inside.parent.iterdir() if p != inside)
    return sorted(p.name for p in tmp_path.iterdir()), beside, snapshot(tmp_path / "sentinel")


def _refused(result, name: str) -> str:
    """The note refusing `name` (exactly one)."""
    found = [n for n in result.notes if n.message.startswith(f"refused member {name!r}: ")]
    assert len(found) == 1, [n.message for n in result.notes]
    assert found[0].severity is Severity.WARNING
    return found[0].message


def test_symlink_chain_past_path_max_cannot_write_outside(tmp_path):
    dest = tmp_path / "box" / "dest"
    dest.mkdir(parents=True)
    write(tmp_path / "sentinel" / "machine-id", SECRET)
    chain, back_to_dest = _chain(len(str(dest)) + 1)
    members = [
        _file("report/version.txt", VERSION),
        *chain,
        # The kernel resolves this to tmp_path; a lexical reading says it stays inside.
        _link("escape", f"{back_to_dest}/../.."),
        _file("escape/pwned.txt", b"pwned\n"),
        _file("report/after.txt", VERSION),
    ]
    archive = write(tmp_path / "hostile.tar", tar_bytes(members))
    before = _outside(tmp_path, dest)

    result = extract_archive(archive, dest)

    assert _outside(tmp_path, dest) == before, "something was written outside"
    assert not (tmp_path / "pwned.txt").exists()
    assert _refused(result, back_to_dest).endswith("its directory is a symlink (a)")
    assert _refused(result, "escape/pwned.txt").endswith("its directory is a symlink (escape)")
    # The rest of the archive is still extracted.
    assert (dest / "report/after.txt").read_bytes() == VERSION
    assert result.complete


def test_link_through_a_dangling_name_later_redirected_is_refused(tmp_path):
    """`x -> y/..` reads as the root while `y` does not exist; once `y -> u1/u2`,
    `u1 -> .` and `u2 -> .` follow, the kernel resolves `x` above the root."""
    dest = tmp_path / "box" / "dest"
    dest.mkdir(parents=True)
    members = [
        _link("y", "u1/u2"),
        _link("x", "y/.."),
        _link("u1", "."),
        _link("u2", "."),
        _file("version.txt", VERSION),
    ]
    archive = write(tmp_path / "hostile.tar", tar_bytes(members))
    result = extract_archive(archive, dest)
    for link in [p for p in dest.iterdir() if p.is_symlink()]:
        real = Path(os.path.realpath(link))
        assert real == dest or dest in real.parents, f"{link.name} -> {real}"
    assert result.notes, "a link that may leave the root was kept without a word"
    assert (dest / "version.txt").read_bytes() == VERSION


def test_file_written_through_a_symlinked_directory_is_refused(tmp_path):
    dest = tmp_path / "box" / "dest"
    dest.mkdir(parents=True)
    write(tmp_path / "sentinel" / "machine-id", SECRET)
    members = [
        _dir("report/sos_commands"),
        _link("report/cmds", "sos_commands"),
        _file("report/cmds/host/hostname", b"through-a-link\n"),
        _file("report/sos_commands/host/uptime", b"up\n"),
    ]
    archive = write(tmp_path / "hostile.tar", tar_bytes(members))
    result = extract_archive(archive, dest)
    message = _refused(result, "report/cmds/host/hostname")
    assert message.endswith("its directory is a symlink (report/cmds)")
    assert not (dest / "report/sos_commands/host/hostname").exists()
    assert (dest / "report/sos_commands/host/uptime").read_bytes() == b"up\n"


def test_hard_link_to_a_name_not_in_the_archive_is_a_note(tmp_path):
    dest = tmp_path / "dest"
    dest.mkdir()
    members = [
        _file("etc/hosts", b"127.0.0.1 localhost\n"),
        _link("etc/shadow", "etc/passwd", tarfile.LNKTYPE),
        _file("etc/hostname", b"compute4\n"),
    ]
    archive = write(tmp_path / "hostile.tar", tar_bytes(members))
    result = extract_archive(archive, dest)
    message = _refused(result, "etc/shadow")
    assert message.endswith("hard link to a name not extracted before it (etc/passwd)")
    assert not (dest / "etc/shadow").exists()
    assert (dest / "etc/hostname").read_bytes() == b"compute4\n"


def test_hard_link_inside_the_archive_still_works(tmp_path):
    dest = tmp_path / "dest"
    dest.mkdir()
    members = [
        _file("report/sos_commands/host/hostname", b"compute4\n"),
        _link("report/hostname", "report/sos_commands/host/hostname", tarfile.LNKTYPE),
        _link("report/uname", "sos_commands/kernel/uname_-a"),
    ]
    archive = write(tmp_path / "plain.tar", tar_bytes(members))
    result = extract_archive(archive, dest)
    assert result.notes == []
    assert (dest / "report/hostname").read_bytes() == b"compute4\n"
    assert os.readlink(dest / "report/uname") == "sos_commands/kernel/uname_-a"


def test_analysing_machines_file_never_becomes_the_host_name(tmp_path):
    """`hostname` hard-linked to `root/machine-id`, `root` a symlink that escapes."""
    write(tmp_path / "sentinel" / "machine-id", SECRET)
    cache = tmp_path / "cache"
    chain, back_to_dest = _chain(len(str(cache)) + CACHE_TEMP_NAME)
    members = [
        _file("version.txt", VERSION),
        *chain,
        # cache/.<key>.<random>/../.. is tmp_path for the kernel.
        _link("escape", f"{back_to_dest}/../.."),
        _link("root", "escape/sentinel"),
        _dir("sos_commands/host"),
        _link("sos_commands/host/hostname", "root/machine-id", tarfile.LNKTYPE),
    ]
    archive = write(tmp_path / "evidence" / "sosreport-x.tar", tar_bytes(members))
    cache.mkdir()
    before = _outside(tmp_path, cache), snapshot(archive.parent)

    done = run_cli("host", str(archive), "--format", "json", "--cache-dir", str(cache))

    assert done.returncode == 1, done.stderr  # partial: members were refused
    assert SECRET.strip().decode() not in done.stdout
    host = json.loads(done.stdout)
    messages = [n["message"] for n in host["notes"]]
    assert any(m.startswith("refused member 'sos_commands/host/hostname': ") for m in messages), (
        messages
    )
    assert (_outside(tmp_path, cache), snapshot(archive.parent)) == before
    assert (tmp_path / "sentinel" / "machine-id").stat().st_nlink == 1


def test_nodes_inside_a_collect_bundle_get_the_same_protection(tmp_path):
    """An inner sosreport of a `sos collect` bundle goes through the same extractor."""
    inner = tar_bytes(
        [
            _file("sosreport-compute9/version.txt", VERSION),
            _link(
                "sosreport-compute9/etc/shadow", "sosreport-compute9/etc/passwd", tarfile.LNKTYPE
            ),
            _link("sosreport-compute9/cmds", "sos_commands"),
            _file("sosreport-compute9/cmds/host/hostname", b"through-a-link\n"),
        ]
    )
    bundle = tar_bytes([_file("sos-collector-2022-02-10-kqmte/sosreport-compute9.tar", inner)])
    path = write(tmp_path / "evidence" / "sos-collector-2022-02-10-kqmte.tar", bundle)
    cache = ArchiveCache(tmp_path / "cache")

    (source,) = discover([path], cache)
    evidence = open_host(source, cache)

    messages = sorted(n.message for n in evidence.notes)
    assert messages == [
        "refused member 'sosreport-compute9/cmds/host/hostname': "
        "its directory is a symlink (sosreport-compute9/cmds)",
        "refused member 'sosreport-compute9/etc/shadow': "
        "hard link to a name not extracted before it (sosreport-compute9/etc/passwd)",
    ]
