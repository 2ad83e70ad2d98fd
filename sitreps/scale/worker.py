"""What runs on a Dask worker: the cached pipeline, and the read / hash / extract tasks.

Each worker process builds its pipeline (spaCy model and gazetteer) once: a
`PipelinePlugin` loads it when the worker joins, into a per-process cache that
the tasks read; a task that finds the cache empty (no plugin, or the plugin's
load failed) loads it itself. Results travel back as plain dicts
(`Extraction.to_dict`, `Article.to_dict`), never as live objects.
"""
from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import Any, Callable, Iterable, Optional, Union

from distributed import WorkerPlugin

from ..ingest import DEFAULT_BATCH_SIZE, extract_batch
from ..records import Article, Extraction, Rejection
from ..relevance import is_relevant
from .partition import Item

log = logging.getLogger(__name__)

PipelineFactory = Callable[[], Any]
IRRELEVANT = "skipped by the relevance prefilter: no violence, protest or figure cue"

_PIPELINES: dict[str, Any] = {}  # plugin name -> pipeline, one per worker process
_LOCK = threading.Lock()


def get_pipeline(key: str, factory: PipelineFactory) -> Any:
    """The pipeline cached in this process under `key`, built with `factory` the first time."""
    with _LOCK:
        if key not in _PIPELINES:
            log.info("loading pipeline %s", key)
            _PIPELINES[key] = factory()
        return _PIPELINES[key]


def default_factory() -> Any:
    """The real pipeline: spaCy model and gazetteer."""
    from ..pipeline import Pipeline

    return Pipeline()


class PipelinePlugin(WorkerPlugin):
    """Loads the pipeline on each worker as it joins (restarted workers included), once per process."""

    idempotent = True

    def __init__(self, key: str, factory: PipelineFactory):
        self.key = key
        self.factory = factory

    def setup(self, worker: Any = None) -> None:
        try:
            get_pipeline(self.key, self.factory)
        except Exception:  # noqa: BLE001 - the first task retries the load and reports the error
            log.exception("worker could not load pipeline %s", self.key)

    def teardown(self, worker: Any = None) -> None:
        with _LOCK:
            _PIPELINES.pop(self.key, None)


# -- tasks ---------------------------------------------------------------------------------

def partition_hashes(items: list[Item]) -> list[Optional[str]]:
    """Each item's content hash (None for a Rejection): what the client checks against the store."""
    return [x.content_hash if isinstance(x, Article) else None for x in items]


def extract_partition(items: list[Item], keep: Iterable[int], key: str, factory: PipelineFactory,
                      prefilter: bool = True, batch_size: int = DEFAULT_BATCH_SIZE) -> list[dict[str, Any]]:
    """Records for the client's writer, in item order: every Rejection read, and for each kept
    article its extraction (or its Rejection when extraction failed). Articles not in `keep`
    (already stored, or repeated) are left out.

    With `prefilter`, an article that fails `is_relevant` skips the pipeline and is recorded with
    no events, as the pipeline would find none in it.
    """
    keep = set(keep)
    slots: list[Optional[dict[str, Any]]] = []
    todo: list[tuple[int, Article]] = []
    for i, x in enumerate(items):
        if isinstance(x, Rejection):
            slots.append(rejection_record(x, None))
        elif i in keep:
            slots.append(None)
            if prefilter and not is_relevant(x.text):
                slots[-1] = extraction_record(Extraction(article=x, warnings=[IRRELEVANT]))
            else:
                todo.append((len(slots) - 1, x))
    if todo:
        pipeline = get_pipeline(key, factory)
        for start in range(0, len(todo), batch_size):
            chunk = todo[start:start + batch_size]
            results = extract_batch(pipeline, [a for _, a in chunk])
            for (slot, a), result in zip(chunk, results):
                if isinstance(result, Rejection):
                    slots[slot] = rejection_record(result, a.content_hash)
                else:
                    result.article = a  # stored as read, whatever the pipeline did to it
                    slots[slot] = extraction_record(result)
    return [s for s in slots if s is not None]


# -- records on the wire ---------------------------------------------------------------------

def extraction_record(ext: Extraction) -> dict[str, Any]:
    return {"article": ext.article.to_dict(), "extraction": ext.to_dict()}


def rejection_record(rej: Rejection, content_hash: Optional[str]) -> dict[str, Any]:
    return {"rejection": {"origin": rej.origin, "reason": rej.reason}, "content_hash": content_hash}


def article_from_dict(d: dict[str, Any]) -> Article:
    pub = d.get("published")
    return Article(id=d["id"], text=d["text"], title=d.get("title") or "",
                   published=dt.date.fromisoformat(pub) if pub else None, url=d.get("url"),
                   source=d.get("source"), origin=d.get("origin"))


def from_record(rec: dict[str, Any]) -> Union[Extraction, tuple[Rejection, Optional[str]]]:
    """An Extraction (with its article as read), or a (Rejection, content hash) pair for `add_batch`."""
    if "rejection" in rec:
        return Rejection(**rec["rejection"]), rec.get("content_hash")
    ext = Extraction.from_dict(rec["extraction"])
    ext.article = article_from_dict(rec["article"])
    return ext
