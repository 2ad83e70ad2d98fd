"""The stack-walked subtree gives exactly spaCy's subtree, in text order."""
from __future__ import annotations

import pytest

from sitreps.extract.document import subtree

pytestmark = pytest.mark.model


def test_subtree_equals_spacy_subtree_for_every_token(nlp):
    doc = nlp("Warplanes struck the market in the northern town of Saraqib on Friday, killing at least "
              "twelve civilians, three of them children, a monitor said, while rebels shelled nearby villages.")
    assert all([t.i for t in subtree(tok)] == [t.i for t in tok.subtree] for tok in doc)
