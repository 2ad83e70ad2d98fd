"""The sentence event classifier as a spaCy component: `sitreps_event_class_v1`.

It sits after the parser and adds one thing to each sentence: `sent._.event_class`, a
`(label, probability)` pair where the label is an ACLED sub-event type or a `none:` reason. The
label is computed when first read, so the model runs only on the sentences extraction asks about:
parsed sentences (those with a violence, protest or figure cue; see `sitreps.relevance`) where the
rules found no trigger or could not type the one they found.
The model is a spaCy textcat pipeline trained by `sitreps train` (see docs/training.md), named by
$SITREPS_EVENT_MODEL or placed in `sitreps/data/models/eventclass/` with its model card (this
release bundles none: on the test split it did not beat the rules; see BENCHMARKS.md).
`sitreps.extract.mentions` uses the label where the ablation in BENCHMARKS.md says it helps.
"""
from __future__ import annotations

import logging
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

log = logging.getLogger(__name__)

FACTORY = "sitreps_event_class_v1"
ENV = "SITREPS_EVENT_MODEL"

def _lazy_event_class(span: Span) -> Optional[tuple[str, float]]:
    """`span._.event_class`: classified on first access and kept, so that only the sentences
    extraction asks about (those where the rules found no trigger or no type) pay for the model."""
    clf = span.doc._.sitreps_event_classifier
    if clf is None:
        return None
    cache = span.doc.user_data.setdefault("sitreps_event_class", {})
    key = (span.start, span.end)
    if key not in cache:
        cache[key] = clf._best([features(span, clf.with_rules)])[0]
    return cache[key]


if not Doc.has_extension("sitreps_event_classifier"):
    Doc.set_extension("sitreps_event_classifier", default=None)
if not Span.has_extension("event_class"):
    Span.set_extension("event_class", getter=_lazy_event_class)


def bundled_model() -> Optional[Path]:
    """The model shipped in the package, or None when this build has none."""
    path = Path(str(resources.files("sitreps.data").joinpath("models", "eventclass")))
    return path if (path / "meta.json").is_file() else None


def default_model() -> Optional[Path]:
    """$SITREPS_EVENT_MODEL (a folder written by `sitreps train`), else the bundled model."""
    env = os.environ.get(ENV)
    return Path(env) if env else bundled_model()


@lru_cache(maxsize=4)
def _load(path: str):
    import spacy
    return spacy.load(path)


def rule_token(sent) -> str:
    """The rules' context-free reading of a sentence as one token ("rule_Air/drone_strike")."""
    from .mentions import rule_type
    return "rule_" + rule_type(sent).replace(" ", "_")


def features(sent, with_rules: bool) -> str:
    """The text the classifier reads: the sentence, after the rules' token when the model was trained so."""
    return f"{rule_token(sent)} {sent.text}" if with_rules else sent.text


class EventClassifier:
    """Labels each sentence of a Doc with the classifier's most probable class."""

    def __init__(self, model_path: str):
        self.model_path = model_path
        self.clf = _load(model_path)
        self.with_rules = self.clf.meta.get("sitreps", {}).get("features") == "rules+text"

    def __call__(self, doc: Doc) -> Doc:
        """Attach the model to the Doc; each sentence is labelled when `sent._.event_class` is read."""
        doc._.sitreps_event_classifier = self
        return doc

    def _best(self, texts) -> list[tuple[str, float]]:
        out = []
        for cdoc in self.clf.pipe(texts):
            label = max(cdoc.cats, key=cdoc.cats.get)
            out.append((label, cdoc.cats[label]))
        return out

    def classify(self, texts: list[str], nlp=None) -> list[tuple[str, float]]:
        """Label plain sentences (for evaluation). A model that reads the rules' token needs `nlp`
        (the parsing pipeline) to compute it."""
        if not self.with_rules:
            return self._best(texts)
        if nlp is None:
            raise ValueError("this model reads the rules' reading of each sentence: pass the parsing nlp")
        return self._best(features(d[:], True) for d in nlp.pipe(texts))


@Language.factory(FACTORY, default_config={"model_path": None})
def make_event_classifier(nlp: Language, name: str, model_path: Optional[str]) -> EventClassifier:
    path = model_path or default_model()
    if path is None:
        raise ValueError(f"{FACTORY}: no model: set {ENV} or install a build that bundles one")
    return EventClassifier(str(path))


def add_to_pipeline(nlp: Language, model_path: Optional[Path] = None) -> bool:
    """Add the classifier after the parser when a model is available. Returns whether it was added."""
    path = model_path or default_model()
    if path is None:
        log.info("no event classifier model: event types come from the rules alone")
        return False
    nlp.add_pipe(FACTORY, config={"model_path": str(path)}, last=True)
    return True


def has_classifier(doc: Doc) -> bool:
    """Whether the pipeline that made `doc` attached a classifier (asking costs nothing otherwise)."""
    return doc._.sitreps_event_classifier is not None


def event_class(sent) -> Optional[tuple[str, float]]:
    """The classifier's label of a sentence, or None when the pipeline has no classifier."""
    return sent._.event_class if Span.has_extension("event_class") else None
