"""A fast spaCy component that tags gazetteer place names as GPE entities.

The small English model misses many villages and mislabels some cities
("Aleppo" comes out as NORP). `find_places` walks the capitalized tokens of a
Doc and looks up 1-4 token n-grams in the gazetteer's in-memory name table;
guards keep English words, person names and demonyms out. The component
`sitreps_places_v1` writes the matches into `doc.ents`.

Importing this module registers the factory; `register()` does it explicitly.
"""
from __future__ import annotations

import logging
import re
from typing import Iterable, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from .gazetteer import ADMIN1_WEIGHT, Gazetteer
from .names import normalize_name

log = logging.getLogger(__name__)

FACTORY = "sitreps_places_v1"  # spaCy forbids "." in factory names
MAX_TOKENS = 4
# Words after which a capitalized word is very likely a place.
LOCATIVE = frozenset({"in", "near", "at", "outside", "into", "from", "towards", "toward", "around", "across",
                      "of", "to", "inside", "between", "and", "province", "city", "town", "village"})
# Lower-case words that may open a place name ("al-Bab", "ar-Raqqa").
ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "er", "es", "ez"})
_DEMONYM_RE = re.compile(r"(ian|ians|ese|ish|ean|eans|ite|ites|is|i|an|ans)$")
# Entity labels spaCy may give a real place name by mistake.
_OVERRIDABLE = frozenset({"NORP", "ORG", "PERSON", "PRODUCT", "WORK_OF_ART", "EVENT", "LANGUAGE", "LAW", ""})
_NON_PLACE_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})

# Weight thresholds (population, or regions/countries above all).
SINGLE_WORD_MIN = 100_000  # a lone proper noun with no locative cue
WEAK_CUE_MIN = 5_000  # after "of", "and", "to", "from"
CUED_MIN = 500  # after "in", "near", ...: any populated place
STOPWORD_MIN = ADMIN1_WEIGHT  # a stop word ("Of", "Can") only if it is a region or country
OVERRIDE_MIN = 50_000  # relabel a spaCy NORP/ORG/PERSON entity
MULTI_OVERRIDE_MIN = 10_000  # ... when the whole entity is a multi-word place name


def _capitalized(text: str) -> bool:
    return bool(text) and text[0].isupper()


def _entity_label(doc: Doc) -> list[str]:
    labels = [""] * len(doc)
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            labels[i] = ent.label_
    return labels


def _entity_bounds(doc: Doc) -> list[Optional[Span]]:
    spans: list[Optional[Span]] = [None] * len(doc)
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            spans[i] = ent
    return spans


def _accept(doc: Doc, start: int, end: int, weight: int, ents: list[Optional[Span]]) -> bool:
    """Guards against English words, person names and demonyms."""
    first, last = doc[start], doc[end - 1]
    ent = ents[start]
    ent_label = ent.label_ if ent is not None else ""
    if ent_label in ("GPE", "LOC", "FAC"):
        return True
    if ent_label in _NON_PLACE_LABELS:
        return False
    prev = doc[start - 1].lower_ if start > 0 else ""
    cued = prev in LOCATIVE or (start > 1 and doc[start - 1].text == "-" and doc[start - 2].lower_ in ARTICLES)
    single = end - start == 1
    nxt = doc[end] if end < len(doc) else None
    if nxt is not None and nxt.is_alpha and _capitalized(nxt.text) and ent_label not in ("GPE", "LOC", "FAC") \
            and weight < ADMIN1_WEIGHT:
        return False  # the start of a longer unknown name ("South Sudanese", "Western Lakes State")
    weak_cue = prev in ("of", "and", "to", "from")
    if ent_label == "NORP":
        if _DEMONYM_RE.search(last.lower_) and weight < ADMIN1_WEIGHT and not cued:
            return False
        return weight >= OVERRIDE_MIN or (cued and weight >= CUED_MIN)
    if ent is not None and ent_label in ("PERSON", "ORG") and (ent.end - ent.start) >= 2:
        inside = ent.start < start or ent.end > end
        if inside:  # part of a longer name ("Aleppo Media Center", "John Kabul")
            return weight >= ADMIN1_WEIGHT and ent_label == "ORG" and cued
        return weight >= (MULTI_OVERRIDE_MIN if end - start >= 2 else OVERRIDE_MIN) or cued
    if single:
        if first.is_stop or first.lower_ in LOCATIVE:
            return weight >= STOPWORD_MIN and first.text.isupper() is False and first.pos_ == "PROPN"
        if first.pos_ not in ("PROPN", "NOUN", "ADJ", "X") and not cued:
            return False
        if (start == 0 or doc[start].is_sent_start) and first.pos_ != "PROPN" and not cued:
            return False
        if first.tag_ and first.tag_ != "NNP" and not cued:
            return False
        need = SINGLE_WORD_MIN if not cued else (WEAK_CUE_MIN if weak_cue else CUED_MIN)
        return weight >= need or (ent is not None and weight >= CUED_MIN)
    return weight >= CUED_MIN or cued


def find_places(doc: Doc, gazetteer: Gazetteer, max_tokens: int = MAX_TOKENS) -> list[Span]:
    """Spans of `doc` that name gazetteer places, labelled GPE, longest match first.

    Only n-grams that start with a capitalized word (or an Arabic article
    such as "al-" before one) and end on a capitalized word are looked up.
    """
    known = gazetteer.known_names()
    ents = _entity_bounds(doc)
    out: list[Span] = []
    n = len(doc)
    i = 0
    while i < n:
        tok = doc[i]
        starts = _capitalized(tok.text) or (tok.lower_ in ARTICLES and i + 2 < n and doc[i + 1].text == "-")
        if not starts or not tok.is_alpha:
            i += 1
            continue
        matched = None
        for size in range(min(max_tokens + (2 if not _capitalized(tok.text) else 0), n - i), 0, -1):
            end = i + size
            last = doc[end - 1]
            if not _capitalized(last.text) or not last.is_alpha:
                continue
            if any(doc[j].is_sent_start for j in range(i + 1, end)):
                continue
            if any(t.is_punct and t.text not in "-'’" for t in doc[i:end]):
                continue
            text = doc[i:end].text
            weight = known.get(normalize_name(text))
            if weight is None:
                continue
            if _accept(doc, i, end, weight, ents):
                matched = Span(doc, i, end, label="GPE")
            break
        if matched is not None:
            out.append(matched)
            i = matched.end
        else:
            i += 1
    return out


def merge_places(doc: Doc, places: Iterable[Span]) -> Doc:
    """Write place spans into `doc.ents`, replacing the entities they overlap."""
    places = list(places)
    if not places:
        return doc
    taken = set()
    for sp in places:
        taken.update(range(sp.start, sp.end))
    kept = []
    for ent in doc.ents:
        if any(i in taken for i in range(ent.start, ent.end)):
            # keep a longer GPE/LOC/FAC spaCy found around our match
            continue
        kept.append(ent)
    doc.ents = sorted(kept + places, key=lambda s: s.start)
    return doc


class PlaceTagger:
    """The pipeline component: tags gazetteer places in `doc.ents`."""

    def __init__(self, gazetteer: Optional[Gazetteer] = None, max_tokens: int = MAX_TOKENS):
        self.gazetteer = gazetteer
        self.max_tokens = max_tokens

    def _gz(self) -> Gazetteer:
        if self.gazetteer is None:
            self.gazetteer = Gazetteer.default()
        return self.gazetteer

    def __call__(self, doc: Doc) -> Doc:
        spans = find_places(doc, self._gz(), self.max_tokens)
        keep = []
        for sp in spans:
            # do not replace a longer GPE/LOC/FAC entity spaCy already has
            ent_labels = {doc[i].ent_type_ for i in range(sp.start, sp.end)}
            if ent_labels & {"GPE", "LOC", "FAC"} and all(doc[i].ent_type_ for i in range(sp.start, sp.end)):
                continue
            keep.append(sp)
        return merge_places(doc, keep)


def _make_tagger(nlp: Language, name: str, max_tokens: int) -> PlaceTagger:
    return PlaceTagger(None, max_tokens)


def register() -> None:
    """Register the `sitreps_places_v1` factory with spaCy (idempotent)."""
    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, default_config={"max_tokens": MAX_TOKENS})(_make_tagger)


def add_to_pipeline(nlp: Language, gazetteer: Optional[Gazetteer] = None) -> PlaceTagger:
    """Add the tagger after "ner" and give it `gazetteer` (the default one when None)."""
    register()
    comp = nlp.add_pipe(FACTORY, after="ner" if "ner" in nlp.pipe_names else None)
    comp.gazetteer = gazetteer
    return comp


register()
