"""Every parser, fed mutated real samples, returns or raises its ParseError: nothing else.

A fixed seed (derandomize) and a bounded number of examples keep it to a few seconds and
the same on every run; `bench/fuzz.py` runs the same harness for longer.
"""

from __future__ import annotations

from fuzzing import feed_all, mutated_samples, parsers, sample_texts
from hypothesis import HealthCheck, given, settings

PARSERS = parsers()
TEXTS = sample_texts()


def test_the_harness_finds_every_parser_and_sample():
    assert len(PARSERS) > 50 and "mount.parse_mount" in PARSERS
    assert len(TEXTS) > 150


@settings(
    derandomize=True,
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated_samples(TEXTS))
def test_every_parser_survives_mutated_real_samples(text):
    feed_all(text, PARSERS)
