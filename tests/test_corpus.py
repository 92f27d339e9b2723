"""The real compute sosreport, read end to end as an operator would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from stacksleuth.evidence.archive import ArchiveCache
from stacksleuth.evidence.sources import discover, open_host
from stacksleuth.facts.build import build_host_facts


def _facts(archive: Path, cache_dir: Path):
    cache = ArchiveCache(cache_dir)
    sources = discover([archive], cache)
    assert len(sources) == 1
    return build_host_facts(open_host(sources[0], cache))


def test_corpus_identity(corpus_archive, corpus_cache_dir):
    facts = _facts(corpus_archive, corpus_cache_dir)
    identity = facts.identity
    assert identity.hostname == "compute4"
    assert identity.fqdn == "compute4.mylab.home"
    assert identity.kernel == "5.4.0-97-generic"
    assert (identity.os_id, identity.os_version) == ("ubuntu", "20.04")
    assert identity.sos_version == "4.2"
    assert identity.report_time.isoformat() == "2022-02-10T16:19:48+00:00"
    assert identity.role == "compute"
    assert not facts.partial, facts.notes


def test_corpus_coverage_uses_the_manifest(corpus_archive, corpus_cache_dir):
    facts = _facts(corpus_archive, corpus_cache_dir)
    status = {row.spec: row for row in facts.coverage}
    assert status["ip -d address"].status == "found"
    assert status["ethtool -i"].files >= 9  # ens3..ens9 and the virtual devices
    # dpdk-devbind.py is not installed on compute4: the manifest says rc 127.
    assert status["dpdk-devbind"].status == "not collected"
    assert "rc 127" in status["dpdk-devbind"].why_missing
    assert status["bonding"].status == "missing"


def test_corpus_reuses_the_cache(corpus_archive, corpus_cache_dir):
    unpacked = ArchiveCache(corpus_cache_dir).unpack(corpus_archive)
    assert unpacked.reused
    assert (unpacked.root / "sosreport-compute4-2022-02-10" / "version.txt").is_file()


def test_host_json_from_the_command_line(corpus_archive, corpus_cache_dir):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "stacksleuth",
            "host",
            str(corpus_archive),
            "--format",
            "json",
            "--cache-dir",
            str(corpus_cache_dir),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    host = json.loads(done.stdout)
    assert host["name"] == "compute4"
    assert host["role"] == "compute"
    assert host["facts"]["identity"]["kernel"] == "5.4.0-97-generic"
    assert host["facts"]["identity"]["sos_version"] == "4.2"
    assert host["attributes"]["kernel.release"] == "5.4.0-97-generic"
    assert "compute4" not in json.dumps(host["attributes"])


def test_text_output_names_the_host(corpus_archive, corpus_cache_dir):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "stacksleuth",
            "host",
            str(corpus_archive),
            "--cache-dir",
            str(corpus_cache_dir),
            "--no-color",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "compute4" in done.stdout
    assert "Ubuntu 20.04.3 LTS" in done.stdout
    assert "not collected" in done.stdout and "dpdk-devbind" in done.stdout
