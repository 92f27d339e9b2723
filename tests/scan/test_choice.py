"""Which engine runs: Hyperscan when installed, `re` when asked or when it is missing."""

from __future__ import annotations

import logging

import pytest
from scantrees import library_patterns, log_tree, real_log_lines

from stacksleuth.checks.model import LOG_SOURCES
from stacksleuth.scan import engine, hyperscan_engine
from stacksleuth.scan.re_engine import ReMatcher
from stacksleuth.scan.timestamps import LineClock


def test_the_variable_selects_the_pure_engine(monkeypatch):
    monkeypatch.setenv(engine.ENGINE_VARIABLE, "re")
    assert engine.engine_name() == "re"
    assert isinstance(engine.matcher_for(("a",)), ReMatcher)


def test_hyperscan_is_the_default_when_installed(monkeypatch):
    pytest.importorskip("hyperscan")
    monkeypatch.delenv(engine.ENGINE_VARIABLE, raising=False)
    assert engine.engine_name() == "hyperscan"
    patterns = library_patterns()
    matcher = engine.matcher_for(patterns)
    assert isinstance(matcher, hyperscan_engine.HyperscanMatcher)
    assert engine.matcher_for(patterns) is matcher  # compiled once, reused
    assert not matcher.python_only


def test_without_the_wheel_the_pure_engine_runs_silently(monkeypatch, tmp_path, caplog):
    monkeypatch.setattr(hyperscan_engine, "hyperscan", None)
    monkeypatch.setenv(engine.ENGINE_VARIABLE, "hyperscan")
    assert engine.engine_name() == "re"
    evidence = log_tree(tmp_path, {"kern.log": b"\n".join(real_log_lines())})
    wanted = {"kernel": set(library_patterns())}
    with caplog.at_level(logging.DEBUG, logger="stacksleuth.scan.engine"):
        result = engine.scan_logs(evidence, wanted, LOG_SOURCES, LineClock(None, None))
    assert any(result.hits.values())
    assert "scan engine: re" in caplog.text
