"""Writing to stdout when the reader may leave early (`stacksleuth demo | head`).

The reader closing the pipe is the operator's choice, not a failure of the run: the rest of
the output is dropped quietly, the command goes on (demo still writes its files) and exits
with the run's own status. Without this, the CLI framework turned EPIPE into exit status 1,
which here means "partial".
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def reader_may_leave() -> Iterator[None]:
    """Run the block that writes to stdout; if the reader has gone, stop writing quietly."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        # Later writes and the interpreter's flush at exit go nowhere instead of failing.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
