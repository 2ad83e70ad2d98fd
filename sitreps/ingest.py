"""Ingest: read articles, extract events, and write them into the store, batch by batch.

Each batch is written in one transaction (articles, mentions linked to events,
figures, contradictions and rejections together), so a crash or Ctrl-C loses at
most the batch in flight, and a re-run skips what is committed: articles are
keyed by `Article.content_hash`. Extraction happens outside the transaction (and
overlaps the previous batch's write), so a second writer waits only for short writes.
"""
from __future__ import annotations

import collections
import itertools
import logging
import os
import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Optional, Union


from .budget import TimedOut
from .errors import GazetteerError, ModelMissing, StoreError
from .progress import bar as progress_bar
from .records import Article, Extraction, Rejection
from .store import BatchResult, Store, open_store

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 32
# Errors that would fail every article alike: they stop the run instead of becoming rejections.
FATAL_ERRORS: tuple[type[BaseException], ...] = (ModelMissing, GazetteerError, StoreError, NotImplementedError,
                                                 MemoryError)

Input = Union[Article, Rejection, str, "os.PathLike[str]"]


@dataclass
class IngestReport:
    """What one ingest run did. read = added + skipped_duplicate + rejected."""

    read: int = 0
    added: int = 0
    skipped_duplicate: int = 0
    rejected: int = 0
    events_new: int = 0
    events_merged: int = 0
    seconds: float = 0.0
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def articles_per_second(self) -> float:
        return self.read / self.seconds if self.seconds > 0 else 0.0

    def counts(self) -> dict[str, Any]:
        """The counts alone (no rejection list), e.g. for JSON output."""
        return {k: getattr(self, k) for k in ("read", "added", "skipped_duplicate", "rejected", "events_new",
                                              "events_merged", "seconds")}


def _inputs(paths_or_articles: Union[Input, Iterable[Input]]) -> Iterator[Union[Article, Rejection]]:
    """Articles and Rejections as given; paths read through `sitreps.read.read_paths`."""
    if isinstance(paths_or_articles, (str, os.PathLike, Article, Rejection)):
        paths_or_articles = [paths_or_articles]
    for item in paths_or_articles:
        if isinstance(item, (Article, Rejection)):
            yield item
        elif isinstance(item, (str, os.PathLike)):
            from .read import read_paths  # the reader is only needed for paths

            yield from read_paths([item])
        else:
            raise TypeError(f"ingest takes Articles, Rejections or paths, not {type(item).__name__}")


def batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Lists of up to `size` items from `items`, in order."""
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def _rejection(article: Article, exc: BaseException) -> Rejection:
    if isinstance(exc, TimedOut):
        return Rejection(origin=article.origin or article.id, reason=str(exc))
    return Rejection(origin=article.origin or article.id, reason=f"extraction failed: {type(exc).__name__}: {exc}")


def extract_batch(pipeline: Any, articles: list[Article]) -> list[Union[Extraction, Rejection]]:
    """Extract a batch through `extract_many` (spaCy batches), falling back to one `extract` per
    article when the batch fails, so one bad article becomes one Rejection."""
    if not articles:
        return []
    try:
        out = list(pipeline.extract_many(articles))
        if len(out) == len(articles):
            return out
        log.warning("extract_many returned %d results for %d articles; extracting one by one", len(out),
                    len(articles))
    except FATAL_ERRORS:
        raise
    except Exception as e:  # noqa: BLE001 - any per-article failure is retried article by article
        log.info("batch extraction failed (%s); extracting one by one", e)
    results: list[Union[Extraction, Rejection]] = []
    for a in articles:
        try:
            results.append(pipeline.extract(a))
        except FATAL_ERRORS:
            raise
        except Exception as e:  # noqa: BLE001 - recorded as a rejection, the run goes on
            results.append(_rejection(a, e))
    return results


def ingest(paths_or_articles: Union[Input, Iterable[Input]], store: Union[Store, str, None], pipeline: Any = None,
           progress: bool = True, batch_size: int = DEFAULT_BATCH_SIZE, total: Optional[int] = None) -> IngestReport:
    """Extract and store articles; returns what was added, skipped and rejected.

    paths_or_articles: Articles and Rejections (e.g. from `sitreps.read.read_paths`), or paths to read.
    store: an open Store, or a URL for `open_store` (opened and closed here).
    pipeline: anything with `extract(article)` and `extract_many(articles)`; None loads `Pipeline()`.
    progress: show a bar on stderr (articles/s; with a total, time left).
    total: how many items the inputs hold, for the bar (e.g. `sitreps.read.count_articles`);
        by default the length of a list of Articles.

    Batches are written by a background thread on its own connection while the next batch is
    extracted, so the store's time hides behind the pipeline's.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    if not isinstance(store, Store):
        with open_store(store) as opened:
            return ingest(paths_or_articles, opened, pipeline, progress, batch_size, total)
    if pipeline is None:
        from .pipeline import Pipeline

        pipeline = Pipeline()
    if total is None and isinstance(paths_or_articles, (list, tuple)) and \
            not any(isinstance(x, (str, os.PathLike)) for x in paths_or_articles):  # a path may hold many
        total = len(paths_or_articles)
    report = IngestReport()
    start = time.perf_counter()
    bar = progress_bar(total=total, desc="ingest", enabled=progress)
    writer = _InlineWriter(store) if store.url == ":memory:" else _ThreadWriter(store.url)
    in_flight: collections.deque[set[str]] = collections.deque()  # hashes of batches not yet committed

    def collect(results: list[BatchResult]) -> None:
        for written in results:
            in_flight.popleft()
            report.added += written.added
            report.skipped_duplicate += written.skipped_duplicate  # committed by another writer meanwhile
            report.rejected += written.rejected
            report.events_new += written.events_new
            report.events_merged += written.events_merged

    try:
        for batch in batches(_inputs(paths_or_articles), batch_size):
            extractions, rejections, hashes = _prepare(batch, store, pipeline, report, in_flight)
            in_flight.append(hashes)
            writer.submit(extractions, rejections)
            report.rejections.extend(r for r, _ in rejections)
            collect(writer.results())
            bar.update(len(batch))
            bar.set_postfix(added=report.added, dup=report.skipped_duplicate, rej=report.rejected, refresh=False)
    finally:
        try:
            collect(writer.close())
        finally:
            bar.close()
            report.seconds = time.perf_counter() - start
    return report


def _prepare(batch: list[Union[Article, Rejection]], store: Store, pipeline: Any, report: IngestReport,
             in_flight: Iterable[set[str]]) -> tuple[list[Extraction], list[tuple[Rejection, Optional[str]]], set[str]]:
    """Skip stored and repeated articles, extract the rest: what one write will take."""
    report.read += len(batch)
    articles = [x for x in batch if isinstance(x, Article)]
    rejections: list[tuple[Rejection, Optional[str]]] = [(x, None) for x in batch if isinstance(x, Rejection)]
    known = store.known_hashes(a.content_hash for a in articles)
    for hashes in in_flight:
        known |= hashes
    fresh: list[Article] = []
    seen: set[str] = set()
    for a in articles:
        h = a.content_hash
        if h in known or h in seen:
            report.skipped_duplicate += 1
        else:
            seen.add(h)
            fresh.append(a)
    extractions: list[Extraction] = []
    for a, result in zip(fresh, extract_batch(pipeline, fresh)):
        if isinstance(result, Rejection):
            rejections.append((result, a.content_hash))
        else:
            result.article = a  # what is stored is the article as read, whatever the pipeline did to it
            extractions.append(result)
    return extractions, rejections, seen


class _InlineWriter:
    """Writes each batch at once on the caller's store (for in-memory SQLite, which one connection owns)."""

    def __init__(self, store: Store):
        self._store = store
        self._done: list[BatchResult] = []

    def submit(self, extractions: list[Extraction], rejections: list[tuple[Rejection, Optional[str]]]) -> None:
        self._done.append(self._store.add_batch(extractions, rejections))

    def results(self) -> list[BatchResult]:
        done, self._done = self._done, []
        return done

    def close(self) -> list[BatchResult]:
        return self.results()


class _ThreadWriter:
    """Writes batches in order on its own connection in a background thread, at most one batch behind.

    A write error stops the thread and is raised in the caller at its next submit or at close;
    batches already handed over are still written when the caller stops early (Ctrl-C), each in
    its own transaction.
    """

    def __init__(self, url: str):
        self._jobs: queue.Queue = queue.Queue(maxsize=1)
        self._done: queue.Queue = queue.Queue()
        self._error: Optional[BaseException] = None
        self._thread = threading.Thread(target=self._run, args=(url,), name="sitreps-ingest-writer", daemon=True)
        self._thread.start()

    def _run(self, url: str) -> None:
        try:
            with open_store(url) as store:
                while (job := self._jobs.get()) is not None:
                    self._done.put(store.add_batch(*job))
        except BaseException as e:  # noqa: BLE001 - handed to the caller's thread
            self._error = e

    def _check(self) -> None:
        if self._error is not None:
            raise self._error

    def _put(self, job: Any) -> None:
        while True:
            self._check()
            if not self._thread.is_alive():
                return
            try:
                self._jobs.put(job, timeout=0.2)
                return
            except queue.Full:
                continue

    def submit(self, extractions: list[Extraction], rejections: list[tuple[Rejection, Optional[str]]]) -> None:
        self._put((extractions, rejections))

    def results(self) -> list[BatchResult]:
        out = []
        while True:
            try:
                out.append(self._done.get_nowait())
            except queue.Empty:
                return out

    def close(self) -> list[BatchResult]:
        self._put(None)
        self._thread.join()
        self._check()
        return self.results()


def format_ingest_report(report: IngestReport, max_rejections: int = 20) -> str:
    """The end-of-run summary the CLI prints, with the first rejections and their reasons."""
    lines = [
        f"read {report.read}: added {report.added}, already stored {report.skipped_duplicate}, "
        f"rejected {report.rejected}",
        f"events: {report.events_new} new, {report.events_merged} merged into earlier reports",
        f"{report.seconds:.1f} s ({report.articles_per_second:.1f} articles/s)",
    ]
    if report.rejections:
        lines.append("rejected:")
        lines += [f"  {r.origin}: {r.reason}" for r in report.rejections[:max_rejections]]
        if len(report.rejections) > max_rejections:
            lines.append(f"  ... and {len(report.rejections) - max_rejections} more (see the rejections table)")
    return "\n".join(lines)
