"""`analyze -o FILE` in each format and `stacksleuth kb` on a saved analysis."""

from __future__ import annotations

from fleettrees import build_fleet, fixture
from hosttrees import run_cli


def test_saved_json_becomes_a_kb_article_and_html_is_written(tmp_path):
    build_fleet(
        tmp_path / "fleet",
        [
            ("compute-1", fixture("nic-mixed-driver-tx-hang", "positive")),
            ("compute-2", fixture("vhost-net-disabled", "negative")),
        ],
    )
    cache = ["--cache-dir", str(tmp_path / "cache")]
    saved = tmp_path / "analysis.json"
    page = tmp_path / "report.html"
    for output, target in (("json", saved), ("html", page)):
        done = run_cli("analyze", str(tmp_path / "fleet"), "-f", output, "-o", str(target), *cache)
        assert done.returncode == 0, done.stderr
        assert done.stdout == "", "the report goes to the file, not stdout"
        assert f"wrote {target}" in done.stderr
    assert "nic-mixed-driver-tx-hang" in page.read_text()
    article = run_cli("kb", str(saved))
    assert article.returncode == 0, article.stderr
    assert article.stdout.startswith("# NIC card split between a kernel driver and DPDK")
    assert "```" in article.stdout and "NETDEV WATCHDOG" in article.stdout


def test_kb_refuses_what_is_not_an_analysis(tmp_path):
    other = tmp_path / "other.json"
    other.write_text('{"schema": "something/else"}')
    done = run_cli("kb", str(other))
    assert done.returncode == 2
    assert "not a stacksleuth/analysis/v1 document" in done.stderr


def test_kb_on_an_incomplete_document_says_so(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text(
        '{"schema": "stacksleuth/analysis/v1", "hosts": [], "fleet": {}, "notes": [],'
        ' "findings": [{"check": "x", "title": "X", "severity": "high"}]}'
    )
    done = run_cli("kb", str(broken))
    assert done.returncode == 2
    assert "incomplete analysis document" in done.stderr
