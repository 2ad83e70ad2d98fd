"""Ingest on a Dask cluster: many workers extract, one writer stores.

    from sitreps.scale import ingest_dask
    report = ingest_dask(["/data/news/*.jsonl"], "postgresql://...", scheduler="tcp://host:8786")

The client plans partitions (`partition.py`), workers read them and report each
article's content hash, the client drops articles already stored or repeated,
workers extract the rest with a pipeline loaded once per worker process
(`worker.py`), and the client writes each partition's records with
`Store.add_batch` (which links events) in input order as results arrive. The
store thus ends up as the single-process `sitreps.ingest.ingest` leaves it.
"""
from __future__ import annotations

import contextlib
import logging
import os
import time
import uuid
from collections import deque
from dataclasses import dataclass
from typing import Any, Iterable, Optional, Union

from ..ingest import IngestReport
from ..records import Extraction, Rejection
from ..store import Store, open_store
from .partition import DEFAULT_PARTITION_SIZE, Input, Partition, plan_partitions, read_partition
from .worker import (IRRELEVANT, PipelineFactory, PipelinePlugin, default_factory, extract_partition,
                     from_record, partition_hashes)

__all__ = ["ingest_dask", "ScaleReport", "plan_partitions", "Partition", "DEFAULT_PARTITION_SIZE",
           "DEFAULT_RETRIES"]

log = logging.getLogger(__name__)

DEFAULT_RETRIES = 3


@dataclass
class ScaleReport(IngestReport):
    """An IngestReport, plus how the work was spread. `irrelevant` articles were stored without
    running the pipeline (the relevance prefilter found no cue in them); they count in `added`."""

    workers: int = 0
    partitions: int = 0
    irrelevant: int = 0


def ingest_dask(paths: Union[Input, Iterable[Input]], store_url: Union[str, os.PathLike, Store, None],
                scheduler: Any = None, workers: Optional[int] = None,
                partition_size: int = DEFAULT_PARTITION_SIZE, pipeline_factory: Optional[PipelineFactory] = None,
                progress: bool = True, prefilter: bool = True, retries: int = DEFAULT_RETRIES,
                window: Optional[int] = None) -> ScaleReport:
    """Extract and store articles on a Dask cluster; returns what was added, skipped and rejected.

    paths: paths, directories and globs (like `read_paths`), and/or Articles and Rejections.
    store_url: a store URL for `open_store` (PostgreSQL when scaled out), or an open Store. Only this
        process writes to it.
    scheduler: a scheduler address ("tcp://host:8786"), a `distributed.Client` or a Cluster; None
        starts a LocalCluster of `workers` single-threaded processes (default: one per core).
    workers: with a scheduler, wait until this many workers have joined before starting.
    partition_size: articles per task (lines of JSONL, rows of CSV, records of WARC).
    pipeline_factory: a picklable callable returning the pipeline (default: `Pipeline()`), called
        once per worker process.
    prefilter: store articles that fail `sitreps.relevance.is_relevant` with no events, unextracted.
    retries: how often a failed task is retried (a worker that dies is replaced and its task rerun).
    window: how many partitions may be in flight at once (default: 2 per worker + 2).
    """
    if partition_size < 1:
        raise ValueError("partition_size must be at least 1")
    if isinstance(store_url, Store):
        store_ctx: Any = contextlib.nullcontext(store_url)
    else:
        store_ctx = open_store(store_url)
    with store_ctx as store, _client(scheduler, workers) as client:
        factory = pipeline_factory or default_factory
        from dask.base import tokenize

        key = f"sitreps-pipeline-{tokenize(factory)}"
        client.register_plugin(PipelinePlugin(key, factory), name=key)
        n_workers = max(len(client.scheduler_info(n_workers=-1)["workers"]), 1)
        run = _Run(client, store, key, factory, prefilter, retries, window or 2 * n_workers + 2, progress)
        run.report.workers = n_workers
        return run.ingest(plan_partitions(paths, partition_size))


@contextlib.contextmanager
def _client(scheduler: Any, workers: Optional[int]):
    """A Client on the given scheduler, or on a LocalCluster started (and stopped) here."""
    from distributed import Client, LocalCluster

    if isinstance(scheduler, Client):
        if workers:
            scheduler.wait_for_workers(workers)
        yield scheduler
        return
    if scheduler is None:
        n = workers or os.cpu_count() or 1
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            yield client
        return
    with Client(scheduler) as client:
        if workers:
            client.wait_for_workers(workers)
        yield client


class _Run:
    """One ingest: a sliding window of partitions, claimed in order, written in order."""

    def __init__(self, client: Any, store: Store, key: str, factory: PipelineFactory, prefilter: bool,
                 retries: int, window: int, progress: bool):
        self.client, self.store, self.key, self.factory = client, store, key, factory
        self.prefilter, self.retries, self.window, self.progress = prefilter, retries, window, progress
        self.report = ScaleReport()
        self.run_id = uuid.uuid4().hex[:8]
        self.claimed: set[str] = set()  # hashes of articles handed to a partition not yet written

    def ingest(self, partitions: Iterable[Partition]) -> ScaleReport:
        from distributed import as_completed
        from ..progress import bar as progress_bar

        start = time.perf_counter()
        plan = iter(partitions)
        reading: deque = deque()  # (index, read future, hashes future), not yet claimed
        meta: dict[str, tuple[int, set[str], int]] = {}  # extract future key -> (index, hashes, skipped)
        done: dict[int, tuple[list[dict[str, Any]], set[str], int, int]] = {}
        futures = as_completed()
        next_index = next_write = 0
        bar = progress_bar(desc="ingest (dask)", enabled=self.progress, total=None)  # partitions are read on the workers

        def fill() -> None:
            nonlocal next_index
            while next_index - next_write < self.window:
                part = next(plan, None)
                if part is None:
                    break
                tag = f"{self.run_id}-{next_index}"
                rf = self.client.submit(read_partition, part, key=f"sitreps-read-{tag}", retries=self.retries)
                hf = self.client.submit(partition_hashes, rf, key=f"sitreps-hash-{tag}", retries=self.retries)
                reading.append((next_index, rf, hf))
                next_index += 1
            while reading:  # claimed in input order, so the first copy of a repeated article wins
                i, rf, hf = reading.popleft()
                hashes = hf.result()
                keep, mine, skipped = self._claim(hashes)
                ef = self.client.submit(extract_partition, rf, keep, self.key, self.factory, self.prefilter,
                                        key=f"sitreps-extract-{self.run_id}-{i}", retries=self.retries)
                meta[ef.key] = (i, mine, skipped, len(hashes))
                futures.add(ef)
                del rf, hf

        try:
            fill()
            for fut in futures:
                i, mine, skipped, n = meta.pop(fut.key)
                done[i] = (fut.result(), mine, skipped, n)
                fut.release()
                while next_write in done:
                    self._write(*done.pop(next_write))
                    bar.update(self.report.read - bar.n)
                    bar.set_postfix(added=self.report.added, dup=self.report.skipped_duplicate,
                                    rej=self.report.rejected, refresh=False)
                    next_write += 1
                fill()
        except BaseException:
            with contextlib.suppress(Exception):
                self.client.cancel(list(futures.futures))
            raise
        finally:
            bar.close()
            self.report.partitions = next_write
            self.report.seconds = time.perf_counter() - start
        return self.report

    def _claim(self, hashes: list[Optional[str]]) -> tuple[list[int], set[str], int]:
        """The indexes to extract: articles neither stored nor claimed by an earlier partition."""
        known = self.store.known_hashes(h for h in hashes if h)
        keep, mine, skipped = [], set(), 0
        for i, h in enumerate(hashes):
            if h is None:
                continue
            if h in known or h in self.claimed:
                skipped += 1
            else:
                self.claimed.add(h)
                mine.add(h)
                keep.append(i)
        return keep, mine, skipped

    def _write(self, records: list[dict[str, Any]], mine: set[str], skipped: int, n: int) -> None:
        extractions: list[Extraction] = []
        rejections: list[tuple[Rejection, Optional[str]]] = []
        for rec in records:
            item = from_record(rec)
            if isinstance(item, Extraction):
                extractions.append(item)
                if IRRELEVANT in item.warnings:
                    self.report.irrelevant += 1
            else:
                rejections.append(item)
        written = self.store.add_batch(extractions, rejections)
        self.claimed -= mine  # stored now: known_hashes finds them from here on
        r = self.report
        r.read += n
        r.skipped_duplicate += skipped + written.skipped_duplicate
        r.added += written.added
        r.rejected += written.rejected
        r.events_new += written.events_new
        r.events_merged += written.events_merged
        r.rejections.extend(rej for rej, _ in rejections)
