"""The self-contained HTML report of the seed's 7-of-50 fleet: parsed strictly, then opened
in a real headless Chromium (Debian's package, driven by Playwright)."""

from __future__ import annotations

import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import AFFECTED, TYPO

from stacksleuth.report.html import render_html
from stacksleuth.report.html_timeline import build_timeline

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WATCHDOG = "NETDEV WATCHDOG: eth4 (i40e): transmit queue 2 timed out"
URL_ATTRIBUTES = {"src", "href", "action", "formaction", "poster", "data", "srcset", "background"}


def _tree(html: str) -> ET.Element:
    """The page parsed as XML: stricter than any browser, so it is well formed."""
    return ET.fromstring(html)


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _by_id(root: ET.Element, ident: str) -> ET.Element:
    (found,) = [e for e in root.iter() if e.get("id") == ident]
    return found


def _by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


def test_well_formed_with_one_element_per_section(fleet_doc):
    root = _tree(render_html(fleet_doc))
    assert root.tag == "html"
    for ident in ("summary", "affected", "findings", "timeline", "hosts", "notes"):
        assert _by_id(root, ident).tag == "section"


def test_nothing_is_fetched_at_view_time(fleet_doc):
    html = render_html(fleet_doc)
    root = _tree(html)
    for element in root.iter():
        for name, value in element.attrib.items():
            if name.split("}")[-1] in URL_ATTRIBUTES:
                assert not re.match(r"\s*(https?:)?//", value), (element.tag, name, value)
                assert "http" not in value, (element.tag, name, value)
    assert not [e for e in root.iter() if e.tag in ("img", "iframe", "object", "embed")]
    assert [e.get("rel") for e in root.iter("link")] == ["icon"]  # data:, no favicon request
    styles = " ".join(_text(e) for e in root.iter("style")) + " ".join(
        e.get("style", "") for e in root.iter()
    )
    assert "url(" not in styles and "@import" not in styles
    (csp,) = [e for e in root.iter("meta") if e.get("http-equiv") == "Content-Security-Policy"]
    assert csp.get("content").startswith("default-src 'none';")


def test_untrusted_evidence_is_escaped(fleet_doc):
    # compute4's real kernel log has `<redacted>` where the host name was.
    html = render_html(fleet_doc)
    assert "&lt;redacted&gt; kernel:" in html
    root = _tree(html)
    assert not list(root.iter("redacted"))
    assert "Feb 11 16:19:40 <redacted> kernel:" in _text(_by_id(root, "findings"))


def test_summary_affected_set_and_discriminators(fleet_doc):
    root = _tree(render_html(fleet_doc))
    summary = _text(_by_id(root, "summary"))
    assert summary.startswith(
        "Summary critical NIC card split between a kernel driver and DPDK, with transmit hangs "
        "on its kernel ports on 7 hosts: explains 7/7 affected host(s); also on 0 healthy host(s)."
    )
    affected = _by_id(root, "affected")
    assert [_text(li) for li in _by_id(affected, "affected-hosts")] == AFFECTED
    assert "chosen from: 7 host(s) given with --affected" in _text(affected)
    assert f"no analysed host is called: {TYPO}" in _text(affected)
    rows = [[_text(td) for td in tr] for tr in _by_id(root, "discriminators").iter("tr")]
    # 42 healthy: the upload cut short has no usable evidence, so it is unreadable, not healthy.
    assert [
        "card.mixed_drivers.model",
        "Ethernet Controller X710 for 10GbE SFP+: i40e+vfio-pci",
        "7/7",
        "0/42",
        "1.2e-08",
    ] in rows


def test_findings_with_evidence_folded_and_workaround_apart_from_fix(fleet_doc):
    root = _tree(render_html(fleet_doc))
    article = _by_id(root, "check-nic-mixed-driver-tx-hang")
    (workaround,) = _by_class(article, "workaround")
    (fix,) = _by_class(article, "fix")
    assert "ip link set <dev> down; ip link set <dev> up" in _text(workaround)
    assert "the workaround does not last" in _text(workaround)
    assert "net/i40e: fix multiple driver support issue" in _text(fix)
    assert "net/i40e" not in _text(workaround)
    (details,) = _by_class(article, "evidence")
    assert details.tag == "details"
    hosts = [_text(d.find("summary")) for d in _by_class(details, "host-evidence")]
    assert hosts == AFFECTED
    assert f"Feb 11 16:37:40 compute-40-7 kernel: [ 298.426757] {WATCHDOG}" in _text(details)
    assert "next test: run iperf3 between two affected computes" in _text(article).lower()
    references = _text(article)
    assert "https://dpdk.org/dev/patchwork/patch/34947/" in references  # as text, not a link


def test_hosts_table_holds_every_host_with_key_facts(fleet_doc):
    root = _tree(render_html(fleet_doc))
    table = _by_id(root, "hosts-table")
    assert [_text(th) for th in table.iter("th")] == [
        "host",
        "status",
        "role",
        "kernel",
        "OS",
        "NICs (card: drivers)",
        "checks",
        "partial",
    ]
    rows = {_text(tr[0]): [_text(td) for td in tr] for tr in table.find("tbody")}
    assert len(rows) == 50
    assert rows["compute-40-3"][1] == "affected"
    assert "Ethernet Controller X710 for 10GbE SFP+: i40e+vfio-pci" in rows["compute-40-3"][5]
    assert rows["compute-41-3"][5].endswith("Ethernet Controller X710 for 10GbE SFP+: i40e")
    assert rows["compute-40-3"][6] == "nic-mixed-driver-tx-hang, nic-tx-timeout"
    (broken,) = [name for name, row in rows.items() if row[7] == "partial"]
    assert broken.startswith("sosreport-compute-41-41-")


def test_timeline_one_mark_per_event_in_time_order(fleet_doc):
    events = fleet_doc["fleet"]["timeline"]
    svg = next(_tree(render_html(fleet_doc)).iter("svg"))
    circles = list(svg.iter("circle"))
    assert len(circles) == len([e for e in events if e.get("time")])
    first_x = {}
    for circle in circles:
        host = circle.find("title").text.split()[0]
        first_x.setdefault(host, float(circle.get("cx")))
    # The seven hangs, three minutes apart, stay in order and apart on the axis
    # although the whole timeline spans ten months.
    xs = [first_x[host] for host in AFFECTED]
    assert xs == sorted(xs)
    assert min(b - a for a, b in zip(xs, xs[1:], strict=False)) > 20
    gaps = [r for r in svg.iter("rect") if r.get("class") == "gap"]
    assert [g.find("title").text for g in gaps] == ["296 d 18 h quiet", "8 d 18 h quiet"]


def test_timeline_of_one_instant_and_of_unreadable_times(fleet_doc):
    (event,) = [
        e for e in fleet_doc["fleet"]["timeline"] if e["check"] == "nic-mixed-driver-tx-hang"
    ][:1]
    timeline = build_timeline([event, {**event, "time": "Feb 11"}], {}, "#000")
    (mark,) = timeline.marks
    assert mark.x == pytest.approx((timeline.left + timeline.right) / 2)
    assert not timeline.gaps
    assert timeline.notes == ["1 event without a readable time not drawn"]


# --- in a real browser --------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser_context():
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
    )
    if not CHROMIUM.is_file():
        pytest.skip(
            f"Debian's chromium is not installed ({CHROMIUM}); `make test` installs it with "
            "apt-get when it can"
        )
    user_data = tempfile.mkdtemp(prefix="stacksleuth-chromium-")
    try:
        with sync_api.sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                user_data,
                executable_path=str(CHROMIUM),
                headless=True,
                args=CHROMIUM_ARGS,
                viewport={"width": 1280, "height": 900},
            )
            yield context
            context.close()
    finally:
        shutil.rmtree(user_data, ignore_errors=True)


def test_chromium_renders_the_report(fleet_doc, browser_context, tmp_path):
    report = tmp_path / "report.html"
    report.write_text(render_html(fleet_doc), encoding="utf-8")
    page = browser_context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda r: problems.append(r.url) if not r.url.startswith("file:") else None)
    page.goto(report.as_uri())

    finding = page.locator("#check-nic-mixed-driver-tx-hang")
    assert finding.is_visible()
    assert "NIC card split between a kernel driver and DPDK" in finding.inner_text()
    discriminators = page.locator("#discriminators")
    assert discriminators.is_visible()
    assert "i40e+vfio-pci" in discriminators.inner_text()

    evidence_line = finding.locator("details.evidence pre", has_text=WATCHDOG).first
    assert not evidence_line.is_visible()  # folded until asked for
    finding.locator("details.evidence > summary").click()
    assert evidence_line.is_visible()

    hosts = page.locator("#hosts-table tbody tr td:first-child")
    before = hosts.all_inner_texts()
    page.locator("#hosts-table th", has_text="host").click()
    ascending = hosts.all_inner_texts()
    page.locator("#hosts-table th", has_text="host").click()
    descending = hosts.all_inner_texts()
    assert ascending != before
    assert sorted(ascending) == sorted(before)
    assert ascending.index("compute-41-2") < ascending.index("compute-41-10")  # numeric
    assert descending == ascending[::-1]
    assert page.locator("#hosts-table th", has_text="host").get_attribute("aria-sort") == (
        "descending"
    )

    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert problems == []
    page.close()
