"""Escaping untrusted text for display: what is shown, and what JSON keeps."""

from __future__ import annotations

import io
import json

from rich.console import Console

from stacksleuth.report.jsonout import dumps
from stacksleuth.report.safe_text import markup, printable, printable_tree


def test_controls_bidi_and_undecodable_bytes_become_visible_escapes():
    name = "eth0\x1b[31m\x9b2J\u202egnp.exe\udcff\ttab"
    assert printable(name) == r"eth0\x1b[31m\x9b2J\u202egnp.exe\xff" + "\ttab"
    assert printable(printable(name)) == printable(name)  # idempotent: safe to apply twice


def test_a_document_is_copied_with_every_string_escaped():
    doc = {"hosts": [{"name": "a\x07", "line": 3, "ok": None}], "k\x1b": ("x\r\n",)}
    assert printable_tree(doc) == {
        "hosts": [{"name": r"a\x07", "line": 3, "ok": None}],
        r"k\x1b": ["x\\x0d\n"],
    }
    assert doc["hosts"][0]["name"] == "a\x07"  # the analysis itself is not changed


def test_rich_markup_in_evidence_is_printed_as_written():
    out = io.StringIO()
    evidence = "[/] [red]x[/red] a\\"  # a trailing backslash must not eat our closing tag
    Console(file=out, width=80, highlight=False).print(f"[bold]{markup(evidence)}[/bold]")
    assert out.getvalue() == "[/] [red]x[/red] a\\\n"


def test_json_is_utf8_and_keeps_values_it_can_hold():
    text = dumps({"path": "log\udcff", "line": "a\x1b b\x9b c\u202e"})
    text.encode("utf-8")  # no lone surrogate left
    assert "\x9b" not in text and "\u202e" not in text and "\x1b" not in text
    assert json.loads(text) == {"path": r"log\xff", "line": "a\x1b b\x9b c\u202e"}
