"""Fixtures for the extraction tests: one sentence parsed, one text extracted (the model and the
Pipeline, `nlp` and `pipeline`, come from tests/conftest.py).

Tests that use them carry `@pytest.mark.model`.
"""
from __future__ import annotations

import datetime as dt

import pytest

from sitreps.records import Article

#: A Saturday: relative weekdays in the texts below resolve against it.
SATURDAY = dt.date(2024, 3, 9)


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
