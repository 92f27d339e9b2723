"""`stacksleuth demo`, as `make demo` runs it: the whole story on the full generated cloud."""

from __future__ import annotations

import json

from hosttrees import run_cli


def test_demo_tells_the_seed_story_and_writes_the_reports(tmp_path):
    out = tmp_path / "demo"
    done = run_cli("demo", "--out", str(out), "--no-color")
    assert done.returncode == 0, done.stderr
    text = " ".join(done.stdout.split())
    analysis = json.loads((out / "analysis.json").read_text())
    fleet = analysis["fleet"]
    assert len(analysis["hosts"]) == 171
    assert len(fleet["affected"]) == 12
    for host in fleet["affected"]:
        assert host in text, f"the summary names every affected compute ({host})"
    assert "12/12 affected vs 0/156 healthy: have a card split between drivers" in text
    assert "nic-mixed-driver-tx-hang" in text
    assert "WORKAROUND" in text and "ip link set <dev> down" in text
    assert "FIX" in text and "multi-driver" in text
    split = {f["host"] for f in analysis["findings"] if f["check"] == "nic-mixed-driver-tx-hang"}
    assert split == set(fleet["affected"])
    assert (out / "report.html").read_text().startswith("<!DOCTYPE html>")
    assert "nic-mixed-driver-tx-hang" in (out / "kb.md").read_text()
    assert not (out / "fleet").exists(), "the generated sosreports are removed without --keep"
