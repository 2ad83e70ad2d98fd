"""Fixtures shared by every test folder: ../shared, and the spaCy model and a Pipeline loaded once per session."""
from __future__ import annotations

from pathlib import Path

import pytest

from sitreps.errors import ModelMissing

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture
def shared_dir() -> Path:
    """The ../shared folder next to the repository (evaluation data); skips when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is absent")
    return SHARED


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


