"""Fixtures for the extraction tests: the spaCy model and a Pipeline, loaded once per session.

Tests that use either carry `@pytest.mark.model`.
"""
from __future__ import annotations

import datetime as dt

import pytest

from sitreps.errors import ModelMissing
from sitreps.records import Article

#: A Saturday: relative weekdays in the texts below resolve against it.
SATURDAY = dt.date(2024, 3, 9)


@pytest.fixture(scope="session")
def nlp():
    """The small English model with the gazetteer place tagger."""
    from sitreps.nlp import load_nlp
    try:
        return load_nlp()
    except ModelMissing as e:
        pytest.skip(str(e))


@pytest.fixture(scope="session")
def pipeline(nlp):
    """A Pipeline sharing the session's model and the default gazetteer."""
    from sitreps.pipeline import Pipeline
    return Pipeline(nlp=nlp)


@pytest.fixture(scope="session")
def sent(nlp):
    """Parse a one-sentence text and return its first sentence."""
    def parse(text: str):
        return next(iter(nlp(text).sents))
    return parse


@pytest.fixture(scope="session")
def extract(pipeline):
    """Extract from a text as an Article published on `published` (a Saturday unless given)."""
    def run(text: str, published=SATURDAY, title: str = ""):
        return pipeline.extract(Article(id="test", text=text, title=title, published=published))
    return run
