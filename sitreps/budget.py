"""A time budget per article: extraction that runs past it stops at the next check and the
article becomes a Rejection ("timed out after 5 s in sentences"), so one pathological page
never stalls a batch.

The budget is cooperative: `check(stage)` is called between the stages of extraction (after
parsing each piece, after each sentence, before assembly). Every stage's input is capped
(see `sitreps.extract.MAX_PIECE_CHARS`), so the time between two checks is bounded. The
deadline lives in a context variable, so threads and Dask workers each keep their own.
"""
from __future__ import annotations

import contextvars
import time
from contextlib import contextmanager
from typing import Iterator, Optional

from .errors import SitrepsError

#: Seconds one article may take, by default (`Pipeline(budget=...)`, `sitreps ingest --budget`).
DEFAULT_BUDGET = 5.0

_deadline: contextvars.ContextVar[Optional[tuple[float, float]]] = contextvars.ContextVar("sitreps_deadline",
                                                                                         default=None)


class TimedOut(SitrepsError):
    """An article took longer than its budget; `stage` says where it was."""

    def __init__(self, seconds: float, stage: str):
        super().__init__(f"timed out after {seconds:g} s in {stage}")
        self.seconds, self.stage = seconds, stage


@contextmanager
def budget(seconds: Optional[float]) -> Iterator[None]:
    """Run the body under a deadline of `seconds` from now (None or 0: no deadline)."""
    token = _deadline.set((time.monotonic() + seconds, seconds) if seconds else None)
    try:
        yield
    finally:
        _deadline.reset(token)


def check(stage: str) -> None:
    """Raise `TimedOut` when the current deadline has passed."""
    d = _deadline.get()
    if d is not None and time.monotonic() > d[0]:
        raise TimedOut(d[1], stage)
