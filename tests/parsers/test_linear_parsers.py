"""A long run of blanks or digits inside a line costs parsers time linear in its length:
each case is a real sample with one run inserted where a backtracking regex walked it once
per character (found by sweeping every parser with the fuzz harness's pieces). Four times
the run must cost about four times the time, not sixteen (a ratio, no wall-clock limit)."""

from __future__ import annotations

import contextlib
import time

import pytest
from realsamples import sample

from stacksleuth.parsers.base import ParseError
from stacksleuth.parsers.dmidecode import parse_dmidecode
from stacksleuth.parsers.ethtool import parse_ethtool_k, parse_ethtool_priv_flags
from stacksleuth.parsers.lshw import parse_lshw_businfo
from stacksleuth.parsers.lspci import parse_lspci
from stacksleuth.parsers.procnet import parse_interrupts


def damaged(family: str, name: str, old: str, new: str):
    text = sample(family, name)
    assert old in text
    return lambda run: text.replace(old, new.replace("RUN", run), 1)


CASES = {
    "interrupts digits": (
        parse_interrupts,
        damaged("system", "compute4-proc-interrupts", "  1:          9", "  1:  9RUNx"),
        "9",
    ),
    "dmidecode blanks": (
        parse_dmidecode,
        damaged("hardware", "compute4-dmidecode", "Table at", "\tRUNx\nTable at"),
        " ",
    ),
    "ethtool -k blanks": (
        parse_ethtool_k,
        damaged("ethtool", "ethtool-k-ens3-virtio", "rx-checksumming: on", "RUNx"),
        " ",
    ),
    "priv flags blanks": (
        parse_ethtool_priv_flags,
        damaged("ethtool", "ethtool-show-priv-flags-i40e", "MFP      ", "MFPRUNx"),
        " ",
    ),
    "lshw businfo blanks": (  # another command's output where lshw's was expected
        parse_lshw_businfo,
        damaged("system", "compute4-proc-interrupts", "1-edge      i8042", "1-edgeRUNx i8042"),
        " ",
    ),
    "lspci blanks": (
        parse_lspci,
        damaged("hardware", "compute4-lspci_-nnvv", "Host bridge [0600]", "HostRUNx bridge"),
        " ",
    ),
}


def best_time(parser, text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        with contextlib.suppress(ParseError):
            parser(text)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("case", CASES)
def test_a_long_run_costs_time_linear_in_its_length(case):
    parser, make, piece = CASES[case]
    small = best_time(parser, make(piece * 4000))
    large = best_time(parser, make(piece * 16000))
    assert large < 8 * max(small, 2e-3), (small, large)
