"""A damaged command output is named in a note: the operator learns that `lspci -nnvv`
could not be read whole, not only that some file under sos_commands/ was odd."""

from __future__ import annotations

from hosttrees import SAMPLES, write

from stacksleuth.evidence.directory import DirectoryEvidence
from stacksleuth.facts.build import build_host_facts

LSPCI = "sos_commands/pci/lspci_-nnvv"


def _report(tmp_path, lspci: bytes) -> DirectoryEvidence:
    root = tmp_path / "sosreport-compute4"
    write(root / "version.txt", "sosreport: 4.2\n")
    write(root / LSPCI, lspci)
    return DirectoryEvidence(root)


def _lspci_notes(evidence) -> list[str]:
    return [n.message for n in evidence.notes if n.where == LSPCI]


def test_lspci_cut_by_zeroed_blocks_is_noted_by_command(tmp_path):
    """After a hard reset the end of a file reads as NUL bytes: the devices listed before
    are kept, and the note says the output of `lspci -nnvv` is damaged."""
    real = (SAMPLES / "hardware" / "compute4-lspci_-nnvv").read_bytes()
    evidence = _report(tmp_path, real[:3000] + b"\0" * 4096)
    facts = build_host_facts(evidence)
    (note,) = _lspci_notes(evidence)
    assert note.startswith("damaged: the output of `lspci -nnvv` holds 4096 NUL or control")
    assert facts.partial


def test_lspci_that_cannot_be_parsed_names_the_command(tmp_path):
    evidence = _report(tmp_path, b"\x7fELF\x02\x01\x01" + bytes(range(1, 200)))
    build_host_facts(evidence)
    notes = _lspci_notes(evidence)
    assert any(n.startswith("unparsed: the output of `lspci -nnvv` (ParseError") for n in notes)


def test_an_intact_lspci_has_no_note(tmp_path):
    evidence = _report(tmp_path, (SAMPLES / "hardware" / "compute4-lspci_-nnvv").read_bytes())
    build_host_facts(evidence)
    assert _lspci_notes(evidence) == []
