"""The knowledge-base article for the seed's 7-of-50 fleet, read as a wiki would render it."""

from __future__ import annotations

from conftest import AFFECTED
from markdown_it import MarkdownIt

from stacksleuth.report.kb import articles, code, fenced, render_markdown

SECTIONS = [
    "Symptoms",
    "Environment",
    "How it was diagnosed",
    "Evidence",
    "Root cause",
    "Workaround",
    "Fix",
    "References",
    "When this is not the cause",
]
WATCHDOG = "NETDEV WATCHDOG: eth4 (i40e): transmit queue 2 timed out"


def _tokens(markdown: str):
    return MarkdownIt("commonmark").parse(markdown)


def _headings(markdown: str, level: str) -> list[str]:
    tokens = _tokens(markdown)
    return [
        tokens[n + 1].content
        for n, token in enumerate(tokens)
        if token.type == "heading_open" and token.tag == level
    ]


def _sections(markdown: str) -> dict[str, str]:
    """Each `## heading` of one article and the Markdown under it."""
    parts = markdown.split("\n## ")[1:]
    return {part.split("\n", 1)[0]: part.split("\n", 1)[1] for part in parts}


def _article(doc: dict, check: str) -> str:
    return next(a.markdown for a in articles(doc) if a.check == check)


def test_one_article_per_check_in_the_fleet_ranking(fleet_doc):
    markdown = render_markdown(fleet_doc)
    checks = [h["check"] for h in fleet_doc["fleet"]["hypotheses"]]
    titles = {f["check"]: f["title"] for f in fleet_doc["findings"]}
    assert _headings(markdown, "h1") == [titles[c] for c in checks]
    assert checks[0] == "nic-mixed-driver-tx-hang"


def test_each_article_has_the_wiki_sections_in_order(fleet_doc):
    article = _article(fleet_doc, "nic-mixed-driver-tx-hang")
    assert _headings(article, "h2") == SECTIONS


def test_environment_names_the_hosts_and_the_split_card(fleet_doc):
    environment = _sections(_article(fleet_doc, "nic-mixed-driver-tx-hang"))["Environment"]
    assert "Found on 7 hosts of 50: " + ", ".join(f"`{h}`" for h in AFFECTED) in environment
    assert "The affected set is 7 hosts (7 host(s) given with --affected); 42 are healthy." in (
        environment
    )
    assert (
        "- `card.mixed_drivers.model` = "
        "`Ethernet Controller X710 for 10GbE SFP+: i40e+vfio-pci`: 7/7 affected, 0/42 healthy"
    ) in environment


def test_a_check_no_affected_host_has_is_a_separate_problem(fleet_doc):
    environment = _sections(_article(fleet_doc, "multipath-path-failures"))["Environment"]
    assert "Found on 1 host of 50: `chunk2`." in environment
    assert "None of the affected hosts has it: it is a separate problem." in environment
    assert "card.mixed_drivers.model" not in environment


def test_diagnosis_lists_the_hypotheses_and_the_predictions(fleet_doc):
    diagnosis = _sections(_article(fleet_doc, "nic-mixed-driver-tx-hang"))["How it was diagnosed"]
    assert f"{len(fleet_doc['fleet']['hypotheses'])} hypotheses tested against 50 hosts" in (
        diagnosis
    )
    assert (
        "1. `nic-mixed-driver-tx-hang` (this article): explains 7/7 affected host(s); "
        "also on 0 healthy host(s). Predictions: 7 met, 0 not met, 14 not observable."
    ) in diagnosis
    assert "- The ports on the DPDK driver are bound (dpdk-devbind shows them). **Met**." in (
        diagnosis
    )
    assert (
        "**Not observable in this evidence**. Next test: run iperf3 between two affected "
        "computes over the storage network."
    ) in diagnosis


def test_evidence_is_fenced_with_host_and_path(fleet_doc):
    evidence = _sections(_article(fleet_doc, "nic-mixed-driver-tx-hang"))["Evidence"]
    tokens = _tokens(evidence)
    fences = [(n, t) for n, t in enumerate(tokens) if t.type == "fence"]
    watchdog = [(n, t) for n, t in fences if WATCHDOG in t.content]
    # The lead host in full, then the log lines of two more affected hosts.
    assert len(watchdog) == 3
    n, first = watchdog[0]
    assert first.content.startswith("Feb 11 16:19:40 compute-40-1 kernel: ")
    caption = tokens[n - 2].content  # the paragraph just before the block
    assert caption.startswith("On `compute-40-1`, `var/log/kern.log`, lines 6, 7")
    assert any("drv=vfio-pci" in t.content for _, t in fences)
    assert "The same check matched on 4 more hosts: `compute-40-4`" in evidence


def test_workaround_says_it_does_not_last_and_the_fix_is_apart(fleet_doc):
    sections = _sections(_article(fleet_doc, "nic-mixed-driver-tx-hang"))
    assert "`ip link set <dev> down; ip link set <dev> up`" in sections["Workaround"]
    assert "the workaround does not last" in sections["Workaround"]
    assert "net/i40e: fix multiple driver support issue" in sections["Fix"]
    assert "net/i40e" not in sections["Workaround"]
    assert "<https://dpdk.org/dev/patchwork/patch/34947/>" in sections["References"]


def _raw_html(tokens) -> list:
    inline = [child for token in tokens for child in (token.children or [])]
    return [t for t in [*tokens, *inline] if t.type in ("html_block", "html_inline")]


def test_check_text_stays_text(fleet_doc):
    # Check text has `<dev>` placeholders; a wiki must not swallow them as HTML tags.
    assert not _raw_html(_tokens(render_markdown(fleet_doc)))


def test_untrusted_text_never_becomes_markup(fleet_doc):
    # compute4's real kernel log has `<redacted>` in its host field: its article quotes it.
    fleet_doc["findings"] = [f for f in fleet_doc["findings"] if f["host"] == "compute4"]
    markdown = render_markdown(fleet_doc)
    html = MarkdownIt("commonmark").render(markdown)
    tokens = _tokens(markdown)
    assert not _raw_html(tokens)
    assert "Feb 11 16:19:40 &lt;redacted&gt; kernel:" in html
    assert "<redacted>" not in html


def test_backticks_in_evidence_cannot_close_the_block():
    line = "a ``` b ```` c"
    (token,) = _tokens(fenced([line, "next"]))
    assert token.type == "fence"
    assert token.content == f"{line}\nnext\n"
    (paragraph,) = [t for t in _tokens(code("x ``y")) if t.type == "inline"]
    assert paragraph.children[0].type == "code_inline"
    assert paragraph.children[0].content == "x ``y"


def test_no_finding_is_a_short_article(fleet_doc):
    fleet_doc["findings"] = []
    markdown = render_markdown(fleet_doc)
    assert _headings(markdown, "h1") == ["No known issue found"]
    assert "stacksleuth read 50 hosts and no check matched." in markdown
