"""Splitting ingest input into partitions that Dask workers read on their own.

A partition is a small, picklable description of where to find some articles:
a whole file, a range of lines of a JSONL or CSV file, a range of records of a
WARC archive, or a list of Articles handed over by the caller. The client plans
partitions (a cheap scan of each large file for boundaries); workers read them
with the readers of `sitreps.read`, so articles and rejections are the same as
`read_paths` gives, origins (`path:LINENO`, `path#RECORD`) included.
"""
from __future__ import annotations

import csv
import glob
import io
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Union

from ..records import Article, Rejection
from ..read import expand_paths, read_path
from ..read._common import Item, _Reject
from ..read.formats import _read_csv, _read_jsonl_lines, _read_warc, _text_lines

log = logging.getLogger(__name__)

DEFAULT_PARTITION_SIZE = 200  # articles per partition: a few seconds of work for one core
MAX_BYTES = 20_000_000  # the readers' default per-article limit

Input = Union[Article, Rejection, str, "os.PathLike[str]"]


@dataclass(frozen=True)
class Partition:
    """Where one worker task finds its articles.

    kind: "file" (read the whole path), "jsonl" / "csv" (the bytes start:end, which begin
    at line `first_line` of the file), "warc" (the records in bytes start:end) or "items"
    (the Articles and Rejections in `items`, read by the caller).
    """

    kind: str
    path: str = ""
    start: int = 0
    end: int = 0
    first_line: int = 1
    header: bytes = b""
    items: tuple = ()
    size: int = 0  # articles (or lines, rows, records) it holds, for progress only


def _suffix(path: str) -> str:
    name = path.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else Path(name).suffix


def plan_partitions(inputs: Union[Input, Iterable[Input]], partition_size: int = DEFAULT_PARTITION_SIZE
                    ) -> Iterator[Partition]:
    """Partitions of at most about `partition_size` articles each, in input order.

    Paths are expanded like `read_paths` (directories walked, globs sorted). JSONL, CSV and
    WARC files larger than one partition are split at line, row or record boundaries; other
    files are one partition each. Articles and Rejections given directly are grouped in order.
    """
    if partition_size < 1:
        raise ValueError("partition_size must be at least 1")
    if isinstance(inputs, (str, os.PathLike, Article, Rejection)):
        inputs = [inputs]
    pending: list[Item] = []
    for item in inputs:
        if isinstance(item, (Article, Rejection)):
            pending.append(item)
            if len(pending) >= partition_size:
                yield Partition("items", items=tuple(pending), size=len(pending))
                pending = []
            continue
        if not isinstance(item, (str, os.PathLike)):
            raise TypeError(f"ingest takes Articles, Rejections or paths, not {type(item).__name__}")
        if pending:
            yield Partition("items", items=tuple(pending), size=len(pending))
            pending = []
        for path in expand_paths([os.fspath(item)]):
            yield from _plan_file(path, partition_size)
    if pending:
        yield Partition("items", items=tuple(pending), size=len(pending))


def _plan_file(path: str, partition_size: int) -> Iterator[Partition]:
    if path == "-":
        raise ValueError("stdin cannot be read by Dask workers: read it first and pass the Articles")
    suffix = _suffix(path)
    p = Path(path)
    try:
        if p.is_file() and p.stat().st_size > 0:
            if suffix == ".jsonl":
                yield from _plan_lines(path, partition_size)
                return
            if suffix == ".csv":
                yield from _plan_csv(path, partition_size)
                return
            if suffix in (".warc", ".warc.gz"):
                yield from _plan_warc(path, partition_size)
                return
    except Exception as exc:  # noqa: BLE001 - the worker's reader will give the proper rejection
        log.info("cannot split %s (%s); reading it whole", path, exc)
    yield Partition("file", path=path, size=1)


def _plan_lines(path: str, partition_size: int) -> Iterator[Partition]:
    """JSONL: a range per `partition_size` non-blank lines."""
    with open(path, "rb") as fh:
        if b"\x00" in fh.read(4096):
            yield Partition("file", path=path, size=1)
            return
    ranges: list[tuple[int, int, int]] = []  # (byte offset, line number, lines)
    offset = 0
    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if raw.strip():
                if not ranges or ranges[-1][2] >= partition_size:
                    ranges.append((offset, lineno, 0))
                start, first, n = ranges[-1]
                ranges[-1] = (start, first, n + 1)
            offset += len(raw)
    if len(ranges) <= 1:
        yield Partition("file", path=path, size=ranges[0][2] if ranges else 1)
        return
    for k, (start, first, n) in enumerate(ranges):
        end = ranges[k + 1][0] if k + 1 < len(ranges) else offset
        yield Partition("jsonl", path=path, start=start, end=end, first_line=first, size=n)


class _OffsetLines:
    """A binary file's lines, decoded for the csv module, remembering where each starts."""

    def __init__(self, fh):
        self._fh = fh
        self.offset = 0  # byte offset just past the last line handed out
        self.line = 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        raw = self._fh.readline()
        if not raw:
            raise StopIteration
        self.offset += len(raw)
        self.line += 1
        return raw.decode("utf-8", errors="replace")


def _plan_csv(path: str, partition_size: int) -> Iterator[Partition]:
    """CSV: a range per `partition_size` rows, cut only between rows (quoted newlines stay whole)."""
    csv.field_size_limit(max(MAX_BYTES, 1 << 20))
    with open(path, "rb") as fh:
        lines = _OffsetLines(fh)
        reader = csv.reader(lines)
        try:
            next(reader)
        except (StopIteration, csv.Error):
            yield Partition("file", path=path, size=1)
            return
        header_end, header_lines = lines.offset, lines.line
        fh.seek(0)
        header = fh.read(header_end)
        fh.seek(header_end)
        cuts: list[tuple[int, int]] = []  # (byte offset, line number) where a range starts
        rows = 0
        row_start, row_line = lines.offset, lines.line + 1
        while True:
            try:
                next(reader)
            except StopIteration:
                break
            except csv.Error:
                pass
            if rows % partition_size == 0:
                cuts.append((row_start, row_line))
            rows += 1
            row_start, row_line = lines.offset, lines.line + 1
        end = lines.offset
    if len(cuts) <= 1:
        yield Partition("file", path=path, size=max(rows, 1))
        return
    for k, (start, first) in enumerate(cuts):
        stop = cuts[k + 1][0] if k + 1 < len(cuts) else end
        n = partition_size if k + 1 < len(cuts) else rows - k * partition_size
        yield Partition("csv", path=path, start=start, end=stop, first_line=first, header=header, size=n,
                        items=(header_lines,))


def _plan_warc(path: str, partition_size: int) -> Iterator[Partition]:
    """WARC: a range per `partition_size` response records, cut at record (gzip member) boundaries."""
    from warcio.archiveiterator import ArchiveIterator

    cuts: list[int] = []
    responses = 0
    with open(path, "rb") as fh:
        it = ArchiveIterator(fh)
        for record in it:
            if record.rec_type == "response":
                if responses % partition_size == 0:
                    cuts.append(it.get_record_offset())
                responses += 1
        end = fh.seek(0, io.SEEK_END)
    if len(cuts) <= 1:
        yield Partition("file", path=path, size=max(responses, 1))
        return
    cuts[0] = 0  # the first range keeps the warcinfo record, as the whole file would
    for k, start in enumerate(cuts):
        stop = cuts[k + 1] if k + 1 < len(cuts) else end
        n = partition_size if k + 1 < len(cuts) else responses - k * partition_size
        yield Partition("warc", path=path, start=start, end=stop, size=n)


class _Slice:
    """Some bytes of a file, opened by the `sitreps.read` readers as if they were the file."""

    def __init__(self, path: str, data: bytes):
        self._path = path
        self._data = data

    def open(self, mode: str = "rb") -> io.BytesIO:
        return io.BytesIO(self._data)

    def __str__(self) -> str:
        return self._path


def _shift(item: Item, path: str, by: int) -> Item:
    """Renumber a `path:LINENO` origin read from a slice to the line of the whole file."""
    origin = item.origin or ""
    head, sep, num = origin.rpartition(":")
    if by and sep and head == path and num.isdigit():
        item.origin = f"{path}:{int(num) + by}"
    return item


def read_partition(part: Partition) -> list[Item]:
    """The Articles and Rejections of one partition, as `read_paths` gives them; never raises for bad input."""
    if part.kind == "items":
        return list(part.items)
    if part.kind == "file":
        if glob.has_magic(part.path) and not Path(part.path).exists():
            return [Rejection(part.path, "no such file (pattern matches nothing)")]
        return list(read_path(part.path))
    try:
        with open(part.path, "rb") as fh:
            fh.seek(part.start)
            data = fh.read(part.end - part.start)
        if part.kind == "jsonl":
            lines = _text_lines(_Slice(part.path, data))
            items = _tolerate_empty(_read_jsonl_lines(lines, part.path, None, MAX_BYTES))
            return [_shift(x, part.path, part.first_line - 1) for x in items]
        if part.kind == "csv":
            header_lines = part.items[0] if part.items else 1
            items = _read_csv(_Slice(part.path, part.header + data), None, MAX_BYTES)
            return [_shift(x, part.path, part.first_line - header_lines - 1) for x in _tolerate_empty(items)]
        if part.kind == "warc":
            return list(_tolerate_empty(_read_warc(_Slice(part.path, data), None, MAX_BYTES)))
        raise ValueError(f"unknown partition kind {part.kind!r}")
    except _Reject as exc:
        return [Rejection(part.path, str(exc))]
    except OSError as exc:
        return [Rejection(part.path, f"unreadable ({type(exc).__name__}: {exc})")]


def _tolerate_empty(items: Iterator[Item]) -> Iterator[Item]:
    """A range with no usable rows or records is not an empty file: say nothing about it."""
    try:
        yield from items
    except _Reject as exc:
        if not str(exc).startswith(("empty file", "no HTML")):
            raise
