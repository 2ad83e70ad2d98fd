"""The extraction pipeline: Article in, Extraction out.

`Pipeline` loads the spaCy model and the gazetteer once and then extracts
article after article. It is the one object the CLI, the store's ingest and
the Dask workers share.
"""
from __future__ import annotations

from typing import Iterable, Iterator, Optional

from .records import Article, Extraction


class Pipeline:
    """Loads the model and gazetteer once; `extract` is then cheap to call many times."""

    def __init__(self, nlp=None, gazetteer=None):
        raise NotImplementedError  # being written: see extract/

    def extract(self, article: Article) -> Extraction:
        raise NotImplementedError

    def extract_many(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Extraction]:
        for a in articles:
            yield self.extract(a)
