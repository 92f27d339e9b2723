"""A long fuzz run of every parser on mutated real samples (the harness of
tests/fuzz/test_parsers_fuzz.py, which runs 150 fixed examples inside `make test`).

    .venv/bin/python bench/fuzz.py                 # 60 seconds, a random seed
    BENCH_FUZZ_SECONDS=600 .venv/bin/python bench/fuzz.py
    .venv/bin/python bench/fuzz.py 30 --seed 7     # 30 seconds, reproducible

Runs batches of examples until the time is up and stops at the first parser that raises
anything but its ParseError, printing the (shrunk) text that did it. An example slower
than BENCH_FUZZ_DEADLINE_MS (default 2000) counts as a failure too: a parser must stay
linear in its input. Not part of `make test`; no unit test asserts a time.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "fuzz"))

from fuzzing import feed_all, mutated_samples, parsers, sample_texts  # noqa: E402
from hypothesis import HealthCheck, given, seed, settings  # noqa: E402

BATCH = 500  # examples per hypothesis run: the clock is checked between runs


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument(
        "seconds", nargs="?", type=float, default=float(os.environ.get("BENCH_FUZZ_SECONDS", 60))
    )
    options.add_argument("--seed", type=int, default=None, help="first seed (default: random)")
    args = options.parse_args()
    deadline = timedelta(milliseconds=int(os.environ.get("BENCH_FUZZ_DEADLINE_MS", 2000)))
    functions, texts = parsers(), sample_texts()
    first = args.seed if args.seed is not None else random.randrange(2**32)
    print(f"fuzzing {len(functions)} parsers on {len(texts)} samples for {args.seconds:.0f} s")
    start, examples, batch = time.monotonic(), 0, 0
    while time.monotonic() - start < args.seconds:

        @seed(first + batch)
        @settings(
            max_examples=BATCH,
            deadline=deadline,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(mutated_samples(texts))
        def run(text: str) -> None:
            feed_all(text, functions)

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - report whatever a parser or deadline raised
            print(f"FAILED (seed {first + batch}): {type(exc).__name__}: {exc}")
            for failure in getattr(exc, "exceptions", [exc]):  # one or an ExceptionGroup
                print(f"- {type(failure).__name__}: {str(failure)[:1000]}")
                for note in getattr(failure, "__notes__", []):  # the falsifying example
                    print(note[:4000])
            return 1
        batch += 1
        examples += BATCH
    elapsed = time.monotonic() - start
    print(
        f"{examples} examples in {elapsed:.0f} s (seeds {first}..{first + batch - 1}): no failure"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
