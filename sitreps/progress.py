"""Progress bars for long work (ingest, gazetteer import, training, evaluation), on stderr.

One place decides how a bar looks: a total and time left when the total is known (or
estimated from line counts, see `sitreps.read.count_articles`), and a plain fixed-width
bar, redrawn at most every few seconds, when the terminal reports no width (CI logs,
some containers, `script`), where tqdm's dynamic bar would print nothing.
"""
from __future__ import annotations

import os
import shutil
import sys
from typing import Any, Iterable, Optional

from tqdm import tqdm

#: Width of the plain bar when the terminal does not report one.
PLAIN_WIDTH = 80
#: Seconds between redraws of the plain bar (a log file should not get a line per article).
PLAIN_INTERVAL = 5.0


def terminal_width(stream=None) -> int:
    """Columns of the terminal behind `stream` (stderr), 0 when it reports none."""
    try:
        return os.get_terminal_size((stream or sys.stderr).fileno()).columns
    except (OSError, ValueError, AttributeError):
        return shutil.get_terminal_size((0, 0)).columns


def bar(iterable: Optional[Iterable[Any]] = None, *, total: Optional[float] = None, desc: str = "",
        unit: str = "art", enabled: bool = True, file=None, **kwargs: Any) -> tqdm:
    """A tqdm bar on stderr: rate, total and time left when `total` is known.

    With a zero-width terminal the bar is drawn plain: ASCII, `PLAIN_WIDTH` columns, at most
    every `PLAIN_INTERVAL` seconds.
    """
    file = file or sys.stderr
    style: dict[str, Any] = {"dynamic_ncols": True}
    if enabled and terminal_width(file) <= 0:
        style = {"ncols": PLAIN_WIDTH, "ascii": True, "mininterval": PLAIN_INTERVAL}
    style.update(kwargs)
    return tqdm(iterable, total=total, desc=desc, unit=unit, disable=not enabled, file=file, **style)
