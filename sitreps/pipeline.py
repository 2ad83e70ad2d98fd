"""The extraction pipeline: Article in, Extraction out.

`Pipeline` loads the spaCy model and the gazetteer once and then extracts
article after article. It is the one object the CLI, the store's ingest and
the Dask workers share.
"""
from __future__ import annotations

import logging
from typing import Iterable, Iterator, Optional

from .budget import DEFAULT_BUDGET, budget
from .records import Article, Extraction

log = logging.getLogger(__name__)


class Pipeline:
    """Loads the model and gazetteer once; `extract` is then cheap to call many times."""

    def __init__(self, nlp=None, gazetteer=None, budget: Optional[float] = DEFAULT_BUDGET):
        """`budget`: seconds one article may take (None: no limit); past it, `extract` raises
        `sitreps.budget.TimedOut`, which ingest stores as the article's rejection."""
        from .geo import Gazetteer
        from .nlp import load_nlp
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.default()
        self.nlp = nlp if nlp is not None else load_nlp(gazetteer=self.gazetteer)
        self.budget = budget

    def extract(self, article: Article) -> Extraction:
        """Events, figures and contradictions of one article, within the time budget."""
        from .extract import extract_article
        with budget(self.budget):
            return extract_article(article, self.nlp, self.gazetteer)

    def extract_many(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Extraction]:
        """Extract a stream of articles, parsing the paragraphs of several articles in one `nlp.pipe` call."""
        from .extract import extract_article, paragraphs_to_parse
        batch: list[Article] = []

        def flush():
            plans = [paragraphs_to_parse(a) for a in batch]
            texts = [p.text for plan in plans for p in plan]
            docs = iter(self.nlp.pipe(texts, batch_size=256))
            for a, plan in zip(batch, plans):
                parsed = [next(docs) for _ in plan]  # parsed for the whole batch: not on the article's clock
                with budget(self.budget):
                    result = extract_article(a, self.nlp, self.gazetteer, docs=parsed)
                yield result  # (outside the budget: the caller's work is not on the article's clock)

        for a in articles:
            batch.append(a)
            if len(batch) >= batch_size:
                yield from flush()
                batch = []
        if batch:
            yield from flush()


def extract_text(text: str, published=None, pipeline: Optional[Pipeline] = None, **meta) -> Extraction:
    """Convenience: extract from a string (a new Pipeline is loaded unless one is given)."""
    from .read import read_text
    pipeline = pipeline or Pipeline()
    return pipeline.extract(read_text(text, published=published, **meta))
