"""Logs that are damaged or cannot be read become a note naming the file; the run goes on."""

from __future__ import annotations

import gzip

import pytest
from hosttrees import build_sosreport, sample_bytes, write

from stacksleuth.analysis import analyze
from stacksleuth.evidence import directory

KERN_LOG = sample_bytes("var/log/kern.log")


def host_notes(root) -> list[dict[str, str]]:
    (host,) = analyze([root], jobs=1).to_json()["hosts"]
    return host["notes"]


def corrupt_deflate(data: bytes) -> bytes:
    """A gzip whose deflate stream is damaged a little way in (as a bad disk sector does)."""
    packed = bytearray(gzip.compress(data, mtime=0))
    packed[30:40] = b"\xff" * 10
    return bytes(packed)


def test_a_rotation_with_corrupt_deflate_data_is_a_note_not_a_traceback(tmp_path):
    root = build_sosreport(tmp_path, "compute4")
    write(root / "var/log/kern.log.1.gz", corrupt_deflate(KERN_LOG * 20))
    notes = host_notes(root)
    damaged = [n for n in notes if n["where"] == "var/log/kern.log.1.gz"]
    assert len(damaged) == 1
    assert damaged[0]["message"].startswith("log ends early (damaged or truncated)")


def test_a_log_we_may_not_read_says_permission_denied(tmp_path, monkeypatch):
    # The tests may run as root, for whom chmod 000 denies nothing: refuse the open instead.
    root = build_sosreport(tmp_path, "compute4")
    real_open = directory.open_binary

    def refusing(path):
        if path.name == "kern.log":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path)

    monkeypatch.setattr(directory, "open_binary", refusing)
    notes = [n for n in host_notes(root) if n["where"] == "var/log/kern.log"]
    assert notes, "the unreadable log is named"
    assert all("permission denied" in n["message"] for n in notes)
    assert not any("ends early" in n["message"] for n in notes)


@pytest.mark.parametrize("method", ["read_text", "iter_lines", "iter_blocks"])
def test_every_reader_names_a_permission_error(tmp_path, monkeypatch, method):
    root = build_sosreport(tmp_path, "compute4")

    def refusing(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(directory, "open_binary", refusing)
    evidence = directory.DirectoryEvidence(root)
    (file,) = evidence.find("kern.log")
    result = getattr(evidence, method)(file)
    if method != "read_text":
        assert list(result) == []
    assert [(n.where, n.message) for n in evidence.notes] == [
        ("var/log/kern.log", "unreadable: permission denied")
    ]
