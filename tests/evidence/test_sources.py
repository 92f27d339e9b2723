"""From the paths an operator gives to hosts: directories, tarballs, collect bundles, fleets."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest
from hosttrees import (
    build_collect_bundle,
    build_log_bundle,
    build_sosreport,
    build_sosreport_archive,
    pack_sosreport,
    run_cli,
    sample_lines,
    snapshot,
    sos_name,
    write,
)

from stacksleuth.errors import UsageError
from stacksleuth.evidence.archive import ArchiveCache
from stacksleuth.evidence.directory import LOG_BUNDLE, SOSREPORT, DirectoryEvidence
from stacksleuth.evidence.model import Note, Severity
from stacksleuth.evidence.sources import SourceKind, discover, open_host
from stacksleuth.hostinfo import collect_host_facts


@pytest.fixture
def cache(tmp_path: Path) -> ArchiveCache:
    return ArchiveCache(tmp_path / "cache")


def _hostname(evidence) -> str:
    (found,) = evidence.find("hostname")
    return evidence.read_text(found).strip()


def _fleet(parent: Path) -> Path:
    """Two unpacked sosreports and one tarball side by side."""
    fleet = parent / "case-01234567"
    fleet.mkdir(parents=True)
    build_sosreport(fleet, "compute4")
    build_sosreport(fleet, "compute5")
    build_sosreport_archive(fleet, "compute6")
    return fleet


def test_unpacked_sosreport_directory(tmp_path, cache):
    root = build_sosreport(tmp_path / "evidence", "compute5")
    (source,) = discover([root], cache)
    assert (source.kind, source.path, source.label) == (SourceKind.SOSREPORT_DIR, root, str(root))
    evidence = open_host(source, cache)
    assert isinstance(evidence, DirectoryEvidence)
    assert (evidence.name, evidence.kind, evidence.source) == (root.name, SOSREPORT, str(root))
    assert _hostname(evidence) == "compute5"
    assert not (tmp_path / "cache").exists()  # nothing to unpack


def test_tarball_is_unpacked_once_and_reused(tmp_path, cache):
    root = build_sosreport(tmp_path / "trees", "compute5")
    (root / "etc/localtime").symlink_to("/usr/share/zoneinfo/Etc/UTC")  # kept absolute here
    (tmp_path / "evidence").mkdir()
    archive = pack_sosreport(root, tmp_path / "evidence")
    assert archive.name == "sosreport-compute5-2022-02-10-vqsfldp.tar.xz"
    refused = Note(
        Severity.WARNING,
        archive.name,
        "refused member 'sosreport-compute5-2022-02-10-vqsfldp/etc/localtime': "
        "symlink to an absolute path (/usr/share/zoneinfo/Etc/UTC)",
    )

    first = cache.unpack(archive)
    assert (first.reused, first.notes) == (False, [refused])
    top = first.root / "sosreport-compute5-2022-02-10-vqsfldp"
    (top / "sentinel").write_text("left by the first run\n")
    second = cache.unpack(archive)
    assert (second.reused, second.root, second.notes) == (True, first.root, [refused])
    assert (top / "sentinel").exists()  # not extracted again
    # No temporary left: the tree and the cache's tag only.
    assert sorted(p.name for p in cache.dir.iterdir()) == sorted(["CACHEDIR.TAG", first.root.name])

    (source,) = discover([archive], cache)
    assert source.kind is SourceKind.SOSREPORT_ARCHIVE
    evidence = open_host(source, cache)
    assert isinstance(evidence, DirectoryEvidence)
    assert evidence.name == "sosreport-compute5-2022-02-10-vqsfldp"
    assert evidence.root == top
    assert evidence.notes == [refused]
    assert _hostname(evidence) == "compute5"


def test_collect_bundle_gives_one_host_per_node(tmp_path, cache):
    hosts = ["compute4", "compute5", "compute6"]
    bundle = build_collect_bundle(tmp_path, hosts)
    with tarfile.open(bundle) as tar:  # as sos collect writes it: uncompressed
        names = tar.getnames()
    assert "sos-collector-2022-02-10-kqmte/sos_reports/manifest.json" in names
    sources = discover([bundle], cache)
    assert [s.kind for s in sources] == [SourceKind.SOSREPORT_ARCHIVE] * 3
    assert [s.label for s in sources] == [
        f"{bundle}:sos-collector-2022-02-10-kqmte/{sos_name(h)}.tar.xz" for h in hosts
    ]
    opened = [open_host(s, cache) for s in sources]
    assert [e.name for e in opened] == [sos_name(h) for h in hosts]
    assert [_hostname(e) for e in opened] == hosts
    assert all(e.notes == [] for e in opened)


def test_fleet_directory_of_reports_and_tarballs(tmp_path, cache):
    fleet = _fleet(tmp_path)
    sources = discover([fleet], cache)
    assert [(s.kind, s.path.name) for s in sources] == [
        (SourceKind.SOSREPORT_DIR, sos_name("compute4")),
        (SourceKind.SOSREPORT_DIR, sos_name("compute5")),
        (SourceKind.SOSREPORT_ARCHIVE, sos_name("compute6") + ".tar.xz"),
    ]
    assert [_hostname(open_host(s, cache)) for s in sources] == ["compute4", "compute5", "compute6"]


@pytest.mark.parametrize(("host", "name"), [(None, "customer-logs"), ("compute4", "compute4")])
def test_plain_log_bundle_is_one_host(tmp_path, cache, host, name):
    bundle = build_log_bundle(tmp_path)
    (source,) = discover([bundle], cache, host=host)
    assert (source.kind, source.host) == (SourceKind.LOG_BUNDLE, name)
    evidence = open_host(source, cache)
    assert (evidence.name, evidence.kind) == (name, LOG_BUNDLE)
    assert [f.path for f in evidence.find("syslog")] == ["syslog.2.gz", "syslog.1", "syslog"]
    lines = [line for f in evidence.find("syslog") for line in evidence.iter_lines(f)]
    assert lines == sample_lines("var/log/syslog")
    assert [f.path for f in evidence.find("kern.log")] == ["kern.log"]
    assert [f.path for f in evidence.find("dmesg")] == ["dmesg"]
    assert evidence.find("hostname") == [] and evidence.notes == []


@pytest.mark.parametrize("where", ["cache", "."], ids=["below", "same"])
def test_cache_inside_the_evidence_is_refused(tmp_path, where):
    fleet = _fleet(tmp_path)
    inside = ArchiveCache(fleet / where)
    with pytest.raises(UsageError, match=r"is inside the evidence .*choose another --cache-dir"):
        discover([fleet], inside)
    assert not (fleet / "cache").exists()


def test_a_missing_path_among_others_is_an_unreadable_host(tmp_path, cache):
    bundle = build_log_bundle(tmp_path)
    missing = tmp_path / "sosreport-compute9-2022-02-10-abcdefg.tar.xz"
    found, gone = discover([bundle, missing], cache)
    assert found.kind is SourceKind.LOG_BUNDLE
    assert (gone.kind, gone.path, gone.problem) == (
        SourceKind.UNREADABLE,
        missing,
        "no such file or directory",
    )
    (note,) = open_host(gone, cache).notes
    assert (note.severity, note.where) == (Severity.ERROR, str(missing))


def test_only_missing_paths_are_a_usage_error(tmp_path, cache):
    missing = tmp_path / "sosreport-compute9-2022-02-10-abcdefg.tar.xz"
    with pytest.raises(UsageError, match=f"^{missing}: no such file or directory$"):
        discover([missing], cache)


def test_evidence_is_never_written(tmp_path):
    evidence = tmp_path / "evidence"
    fleet = _fleet(evidence)
    build_collect_bundle(evidence, ["compute7", "compute8", "compute9"])
    logs = build_log_bundle(evidence)
    before = snapshot(evidence)
    assert len(before) > 40
    facts = collect_host_facts(
        [fleet, *sorted(evidence.glob("*.tar")), logs], cache_dir=tmp_path / "c"
    )
    assert [f.name for f in facts] == [f"compute{n}" for n in range(4, 10)] + ["customer-logs"]
    assert snapshot(evidence) == before


# -- the command line ------------------------------------------------------------------------


def test_cli_json_for_a_fleet(tmp_path):
    fleet = _fleet(tmp_path)
    done = run_cli(
        "host", str(fleet), "--format", "json", "--cache-dir", str(tmp_path / "c"), cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    hosts = json.loads(done.stdout)
    assert [h["name"] for h in hosts] == ["compute4", "compute5", "compute6"]
    assert [h["facts"]["identity"]["hostname"] for h in hosts] == [
        "compute4",
        "compute5",
        "compute6",
    ]
    assert [h["kind"] for h in hosts] == [SOSREPORT] * 3
    assert [h["facts"]["identity"]["kernel"] for h in hosts] == ["5.4.0-97-generic"] * 3
    assert not any(h["partial"] for h in hosts)


def test_cli_partial_when_one_tarball_is_corrupt(tmp_path):
    fleet = _fleet(tmp_path)
    good = build_sosreport_archive(tmp_path, "compute7")
    bad = write(fleet / good.name, good.read_bytes()[:100])  # an upload cut short
    done = run_cli(
        "host", str(fleet), "--format", "json", "--cache-dir", str(tmp_path / "c"), cwd=tmp_path
    )
    assert done.returncode == 1, done.stderr
    hosts = json.loads(done.stdout)
    assert [h["name"] for h in hosts] == ["compute4", "compute5", "compute6", sos_name("compute7")]
    assert [h["partial"] for h in hosts] == [False, False, False, True]
    (note,) = hosts[3]["notes"]
    assert (note["severity"], note["where"]) == ("error", str(bad))
    assert note["message"].startswith("not a readable tarball: corrupt or not a sosreport")
