"""Choosing the event's place among the places a sentence names, and geocoding it.

`place_mentions` ranks the place mentions of a sentence by how likely each is
where the event (the trigger word) happened: places tied to the trigger by
"in", "near", "on the outskirts of" score high; datelines, places where a
speaker or reporter is, and distance references ("55 km from X") score low.

`locate` turns a chosen mention and the article's context (its country focus
and region hints) into ACLED location fields with a geo_precision.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

from spacy.tokens import Doc, Span, Token

from .gazetteer import Gazetteer, Place
from .names import ADMIN_WORDS, normalize_name, strip_admin_words

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
IN_PREPS = frozenset({"in", "at", "inside", "across", "throughout", "within", "on", "into", "over", "onto", "under"})
NEAR_PREPS = frozenset({"near", "outside", "around", "nearby", "beside", "by", "close", "towards", "toward"})
PART_WORDS = frozenset({"neighbourhood", "neighborhood", "neighbourhoods", "neighborhoods", "district", "quarter",
                        "suburb", "suburbs", "area", "areas", "camp", "square", "street", "road", "market",
                        "village", "town", "city", "countryside", "outskirts", "part", "parts", "side", "edge",
                        "centre", "center", "downtown", "region", "province", "governorate", "border", "highway",
                        "district", "sector", "enclave", "environs", "vicinity", "periphery"})
OUTSKIRT_WORDS = frozenset({"outskirts", "suburbs", "edge", "periphery", "environs", "vicinity", "countryside"})
DIRECTIONS = frozenset({"eastern", "western", "northern", "southern", "central", "northeastern", "northwestern",
                        "southeastern", "southwestern", "east", "west", "north", "south", "downtown", "rural",
                        "greater", "old", "upper", "lower", "north-western", "north-eastern", "south-western",
                        "south-eastern", "northeast", "northwest", "southeast", "southwest"})
SPEECH_VERBS = frozenset({"say", "tell", "report", "speak", "quote", "state", "announce", "add", "claim", "confirm",
                          "write", "post", "broadcast", "base", "cite", "describe", "warn", "deny", "interview",
                          "accord", "explain", "note"})
SPEAKER_NOUNS = frozenset({"spokesman", "spokeswoman", "spokesperson", "official", "officials", "correspondent",
                           "reporter", "reporters", "journalist", "agency", "observatory", "monitor", "source",
                           "sources", "activist", "activists", "ministry", "minister", "governor", "office",
                           "headquarters", "embassy", "newspaper", "television", "tv", "media", "statement",
                           "group", "center", "centre", "council", "commander", "police", "chief", "mayor",
                           "representative", "envoy", "diplomat", "analyst"})
DISTANCE_UNITS = frozenset({"km", "kms", "kilometres", "kilometers", "kilometre", "kilometer", "miles", "mile", "mi",
                            "metres", "meters", "yards"})
_DATELINE_RE = re.compile(r"^\s*(?:\(?[A-Z][A-Za-z'’.\- ]{1,40}\)?)(?:,\s*[A-Z][a-zA-Z.]+(?: \d{1,2})?)?\s*(?:\(.{1,30}\))?\s*(?:—|–|-|:|,)")


_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE_AFTER_RE = re.compile(r"\s*(?:,\s*" + _MONTHS + r"\s+\d{1,2}|\s*\((?:AP|AFP|Reuters|Xinhua|IANS|UPI|dpa)\)|\s*[—–]|\s+-{1,2}\s)")


@dataclass
class PlaceMention:
    """A place named in a sentence, with its role toward the event and a score."""

    text: str
    start_char: int
    end_char: int
    role: str  # in | near | outskirts | neighbourhood | admin | from | distance | speaker | dateline | mention
    part_of_town: bool  # "al-Midan neighbourhood", "eastern Homs": coded to the town, precision 2
    score: float
    label: str = "GPE"
    container: Optional[str] = None  # the enclosing place named in the phrase ("Aleppo" in "X district of Aleppo")
    reasons: list[str] = field(default_factory=list)


@dataclass
class Location:
    """ACLED location fields for an event."""

    country: Optional[str]
    admin1: Optional[str]
    admin2: Optional[str]
    location: Optional[str]
    latitude: Optional[float]
    longitude: Optional[float]
    geo_precision: Optional[int]
    geonameid: Optional[int]
    place_text: str = ""


_NAMED_PART_WORDS = frozenset({"neighbourhood", "neighborhood", "district", "quarter", "suburb", "camp", "village",
                               "area", "street", "square", "market", "county", "subdistrict", "town", "valley"})


# Sub-districts named with their town ("Mir Ali tehsil"): a part of / the area around the town.
SUBDISTRICT_WORDS = frozenset({"tehsil", "taluka", "taluk", "subdistrict", "sub-district", "mandal", "tehsils"})
_PLURAL_PART_WORDS = frozenset({"city", "town", "village", "settlement", "settlements", "villages", "towns",
                                "districts", "neighbourhoods", "neighborhoods", "localities", "locality", "areas",
                                "cities", "suburbs", "quarters"})


def _of_phrases(sent: Span, covered: set[int]) -> list[Span]:
    """"the neighbourhood of Baba Amr", "village of X": capitalized names after a part word and "of"."""
    doc, out = sent.doc, []
    for tok in sent:
        if tok.lower_ == "of" and tok.i > sent.start and doc[tok.i - 1].lower_ in _NAMED_PART_WORDS | _PLURAL_PART_WORDS:
            j = tok.i + 1
            while j < sent.end and (doc[j].text[:1].isupper() or (doc[j].text == "-" and j + 1 < sent.end)
                                    or (doc[j].lower_ in ("al", "el") and j + 1 < sent.end)):
                j += 1
            if j > tok.i + 1 and not any(i in covered for i in range(tok.i + 1, j)) and doc[j - 1].is_alpha:
                out.append(Span(doc, tok.i + 1, j, label="LOC"))
    return out


def _mention_spans(sent: Span) -> list[Span]:
    """Place entities in the sentence, plus "<Name> neighbourhood"-style phrases the NER missed."""
    out = [e for e in sent.ents if e.label_ in PLACE_LABELS]
    covered = {i for e in out for i in range(e.start, e.end)}
    doc = sent.doc
    for tok in sent:
        police_area = tok.lower_ == "police" and tok.i + 1 < sent.end and doc[tok.i + 1].lower_ in ("station", "post")
        if (tok.lower_ in _NAMED_PART_WORDS or police_area) \
                and tok.i - 1 >= sent.start and tok.i - 1 not in covered:
            j = tok.i - 1
            while j >= sent.start and (doc[j].text[:1].isupper() or doc[j].text in ("-", "'", "’")
                                       or doc[j].lower_ in ("al", "el", "ad", "ar", "as", "az", "ash")):
                j -= 1
            if j + 1 < tok.i and doc[j + 1].text[:1].isupper() or (j + 1 < tok.i and doc[j + 1].lower_ in ("al", "el")):
                if not any(i in covered for i in range(j + 1, tok.i)) and doc[j + 1].i != sent.start:
                    out.append(Span(doc, j + 1, tok.i, label="LOC"))
    covered = {i for e in out for i in range(e.start, e.end)}
    out.extend(_of_phrases(sent, covered))
    covered = {i for e in out for i in range(e.start, e.end)} | {i for e in sent.ents for i in range(e.start, e.end)}
    out.extend(_proper_objects(sent, covered))
    return sorted((s for s in out if not _is_legal_aside(s)), key=lambda s: s.start)


#: "(a terrorist group banned in Russia)": where a group is outlawed, never where an event happened.
_BANNED = {"banned", "outlawed", "prohibited", "proscribed", "illegal"}


def _is_legal_aside(span: Span) -> bool:
    doc = span.doc
    i = span.start
    return i >= 2 and doc[i - 1].lower_ == "in" and doc[i - 2].lower_ in _BANNED


def _proper_objects(sent: Span, covered: set[int]) -> list[Span]:
    """Unknown proper names after "in"/"inside"/"near"/"at" ("inside Tell Karam"), as LOC mentions."""
    doc, out = sent.doc, []
    for tok in sent:
        if tok.lower_ not in ("in", "inside", "near", "at", "into", "outside") or tok.i + 1 >= sent.end:
            continue
        j = tok.i + 1
        if doc[j].lower_ == "the":
            j += 1
        k = j
        while k < sent.end and (doc[k].pos_ == "PROPN" and doc[k].text[:1].isupper()
                                or (doc[k].text in ("-", "’", "'") and k > j)):
            k += 1
        if k > j and doc[k - 1].is_alpha and not any(i in covered for i in range(j, k)) \
                and not _in_title_case(doc, tok.i, k) and not _has_event_word(doc[j:k]):
            out.append(Span(doc, j, k, label="LOC"))
    return out


def _in_title_case(doc: Doc, prep_i: int, end: int) -> bool:
    """Whether the words around "in X" are capitalized as in a headline ("Daesh Suffers No Casualties
    in MOAB Bombing"), where a capital says nothing about a name: three of the four words before
    the preposition, not starting the sentence, are capitalized."""
    before = [t for t in doc[max(0, prep_i - 4):prep_i] if t.is_alpha]
    caps = [t for t in before if t.text[:1].isupper() and not t.is_sent_start]
    return len(before) >= 3 and len(caps) >= 3


def _has_event_word(span: Span) -> bool:
    """Whether an unknown capitalized name holds a word of the event lexicon ("Blast Targeting
    Evacuees"): a headline's words, not a village."""
    from ..extract.triggers import is_event_word
    return any(is_event_word(t) for t in span)


def _prev_word(span: Span) -> tuple[Optional[Token], list[Token]]:
    """The word before the mention, skipping articles, directions and modifiers; and the skipped words."""
    doc, i, skipped = span.doc, span.start - 1, []
    while i >= 0 and i >= span.sent.start:
        t = doc[i]
        if t.lower_ in ("the", "a", "an") or t.lower_ in DIRECTIONS or t.text in ("-",) \
                or (t.pos_ == "ADJ" and t.lower_ not in ("near", "close")) or t.lower_ in ("rebel", "opposition", "government", "held", "controlled", "besieged"):
            skipped.append(t)
            i -= 1
            continue
        return t, skipped
    return None, skipped


def _doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc (spaCy rebuilds it from the tokens on every access)."""
    text = doc.user_data.get("sitreps_text")
    if text is None:
        text = doc.user_data["sitreps_text"] = doc.text
    return text


def _is_dateline(span: Span) -> bool:
    """True for "BEIRUT, June 8 -" / "KABUL —" at the start of a paragraph."""
    doc = span.doc
    text = _doc_text(doc)
    start = span.start_char
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return False
    rest = text[line_start:]
    if not _DATELINE_RE.match(rest):
        return False
    after = text[span.end_char:span.end_char + 40]
    if span.text.isupper() and len(span.text) > 2:
        return True
    return bool(_DATELINE_AFTER_RE.match(after))


def _ancestors(tok: Token) -> list[Token]:
    return list(tok.ancestors)


def _speaker_context(span: Span, trigger: Optional[Token]) -> bool:
    """Whether the place is where a speaker, reporter or source is."""
    root = span.root
    doc = span.doc
    left = doc[max(span.sent.start, span.start - 3):span.start]
    left_l = [t.lower_ for t in left]
    if "from" in left_l and any(t.lemma_ in ("report", "speak", "write", "broadcast", "say", "call", "tell") for t in left):
        return True
    if left_l[-2:] == ["based", "in"] or left_l[-3:-1] == ["based", "in"]:
        return True
    for anc in root.ancestors:
        if trigger is not None and anc.i == trigger.i:
            return False
        if anc.lemma_ in ("base",) or (anc.pos_ == "VERB" and anc.lemma_ in ("report", "speak")
                                       and any(c.lower_ == "from" for c in anc.children)):
            return True
        if anc.lower_ in SPEAKER_NOUNS and anc.dep_ in ("nsubj", "nsubjpass", "appos", "pobj", "dobj") \
                and any(h.lemma_ in SPEECH_VERBS for h in [anc.head] + list(anc.head.ancestors)[:2]):
            return True
        if anc.pos_ == "VERB" and anc.lemma_ in SPEECH_VERBS and anc.dep_ in ("ROOT", "parataxis", "ccomp", "advcl", "relcl") \
                and trigger is not None and trigger not in anc.subtree:
            return True
    return False


LOCATIVE_PREPS = IN_PREPS | NEAR_PREPS | frozenset({"through", "along", "off", "above", "below", "past", "beyond",
                                                   "throughout", "upon", "outside", "amid", "among", "via",
                                                   "underneath", "beneath", "opposite", "behind", "alongside"})
NON_LOCATIVE_PREPS = frozenset({"to", "with", "for", "against", "during", "as", "since", "than", "about",
                                "after", "before", "toward", "towards", "despite", "besides", "until", "per",
                                "via"}) - LOCATIVE_PREPS
LIST_PREPS = frozenset({"including", "like", "as"})


BATTLE_NOUNS = frozenset({"battle", "fight", "fighting", "struggle", "siege", "offensive", "assault", "push",
                          "race", "war", "campaign", "operation"})


def _attachment(span: Span) -> str:
    """How the mention hangs in the parse: "locative" (under "in", "near", "city of"...), "subject"
    (it acts: "Turkey sent troops"), "agent" ("captured by Iran"), "other_prep" ("aid to Iraq", "war
    with Israel"), "modifier" ("Syria's war", "Bhopal gas tragedy") or "other".

    A conjunct or apposition takes the attachment of the word it joins ("in Homs and Hama").
    """
    r = span.root
    seen = 0
    while seen < 8:
        if r.dep_ in ("conj", "appos") and r.head.i != r.i:
            r = r.head
        elif r.dep_ == "pobj" and r.head.lower_ in LIST_PREPS and r.head.head.i != r.head.i:
            r = r.head.head  # "on areas including Zamalka": the list takes the place of "areas"
        else:
            break
        seen += 1
    dep, head = r.dep_, r.head
    if dep == "pobj":
        h = head.lower_
        if head.dep_ == "agent" or (h == "by" and head.head.tag_ == "VBN"):
            return "agent"
        if h in LOCATIVE_PREPS or (h == "for" and head.head.lemma_ in BATTLE_NOUNS):
            return "locative"  # "the battle for Manbij" names where the fighting is
        if h == "of":
            return "of"
        if h == "between":
            return "between"  # "between Ansongo and Menaka": a place, though often a border or a route
        if h == "from":
            return "from"
        if h in NON_LOCATIVE_PREPS:
            return "other_prep"
        return "other"
    if dep in ("nsubj", "csubj", "expl"):
        return "subject"
    if dep in ("poss", "compound", "amod", "nmod", "npadvmod"):
        return "modifier"
    return "other"


# Score taken off a mention by how it attaches (see `_attachment`); a country loses COUNTRY_EXTRA more.
NON_LOCATIVE_PENALTY = {"subject": 0.4, "agent": 0.4, "other_prep": 0.25, "from": 0.15, "modifier": 0.2, "other": 0.1}
COUNTRY_EXTRA = 0.2
UNKNOWN_UNCUED = 0.25
PLACE_HEADS = frozenset({"capital", "city", "town", "village", "province", "state", "region", "county", "district",
                         "outskirts", "suburb", "suburbs", "countryside", "border", "coast", "north", "south", "east",
                         "west", "heart", "part", "parts"})


# Last words that make a name a place even when the gazetteer lacks it ("Swat Valley", "Fort Bute").
FEATURE_WORDS = frozenset({"valley", "river", "mountain", "mountains", "mount", "hill", "hills", "lake", "sea", "gulf",
                           "bay", "island", "islands", "desert", "forest", "plain", "plains", "pass", "dam", "bridge",
                           "airport", "airbase", "base", "camp", "port", "fort", "peninsula", "strait", "coast",
                           "crossing", "checkpoint", "prison", "square", "street", "road", "highway", "market",
                           "district", "province", "governorate", "region", "state", "county", "city", "town",
                           "village", "neighbourhood", "neighborhood", "quarter", "oblast", "territory"})


CALENDAR_WORDS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                            "january", "february", "march", "april", "june", "july", "august", "september",
                            "october", "november", "december", "ramadan", "eid"})


def _clean_name(text: str) -> str:
    """"the United States" -> "United States", "Sri Lanka's" -> "Sri Lanka"."""
    if text.lower().startswith("the "):
        text = text[4:]
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    return text.strip()


def _looks_like_place(name: str, gazetteer: Gazetteer) -> bool:
    """A gazetteer name, or a name ending in a place word ("Swat Valley", "Fort Bute")."""
    words = name.lower().split()
    if not words:
        return False
    if words[-1] in FEATURE_WORDS or words[0] in FEATURE_WORDS:
        return True
    return gazetteer.is_known(name) or gazetteer.is_known(strip_admin_words(name))


CLAUSE_DEPS = frozenset({"relcl", "advcl", "ccomp", "acl", "conj", "xcomp", "parataxis", "pcomp", "csubj"})
# Score taken off a place that sits in a clause of its own, below the point where it meets the trigger:
# "..., officials who fled to Turkey said" (relcl), "he said the army had left Aleppo" (ccomp).
CLAUSE_PENALTY = {"ccomp": 0.3, "parataxis": 0.3, "relcl": 0.15, "advcl": 0.1, "acl": 0.1, "conj": 0.1,
                  "pcomp": 0.1, "csubj": 0.1}


def _clause_between(place: Token, trigger: Token) -> Optional[str]:
    """The outermost clause (its dependency label) that holds `place` but not `trigger`, or None."""
    on_trigger_path = {t.i for t in [trigger] + list(trigger.ancestors)}
    kind, a, steps = None, place, 0
    while a.i not in on_trigger_path and a.head.i != a.i and steps < 40:
        if a.pos_ in ("VERB", "AUX") and a.dep_ in CLAUSE_DEPS:
            kind = a.dep_
        a, steps = a.head, steps + 1
    return kind


def _tree_distance(a: Token, b: Token) -> int:
    """Number of dependency arcs between two tokens of one sentence."""
    anc_a = [a] + list(a.ancestors)
    anc_b = [b] + list(b.ancestors)
    pos_b = {t.i: k for k, t in enumerate(anc_b)}
    for k, t in enumerate(anc_a):
        if t.i in pos_b:
            return k + pos_b[t.i]
    return len(anc_a) + len(anc_b)


def place_mentions(sent: Span, trigger: Optional[Token] = None,
                   gazetteer: Optional[Gazetteer] = None) -> list[PlaceMention]:
    """Place mentions of `sent`, ranked best first as the place of the event `trigger` denotes."""
    out: list[PlaceMention] = []
    doc = sent.doc
    for span in _mention_spans(sent):
        score, role, reasons, part, container = 0.5, "mention", [], False, None
        attach = _attachment(span)
        prev, skipped = _prev_word(span)
        prev_l = prev.lower_ if prev is not None else ""
        nxt = doc[span.end] if span.end < sent.end else None
        nxt_l = nxt.lower_ if nxt is not None else ""
        if any(t.lower_ in DIRECTIONS for t in skipped):
            part = True
        if (nxt_l in PART_WORDS or nxt_l in SUBDISTRICT_WORDS) \
                and nxt_l not in ("province", "governorate", "region", "city", "town", "village"):
            part, role = True, "neighbourhood"  # "Mir Ali tehsil", "al-Midan neighbourhood"
        elif nxt_l == "police" and span.end + 1 < sent.end and doc[span.end + 1].lower_ in ("station", "post"):
            part, role = True, "neighbourhood"  # "under Bhejji police station limits": the area of a town
            reasons.append("police station area")
        if nxt is not None and nxt.text in ("'s", "’s") and span.end + 1 < sent.end \
                and (doc[span.end + 1].text[:1].isupper() or doc[span.end + 1].lower_ in PART_WORDS):
            role, reasons = "container", reasons + ["possessive container"]
            score -= 0.25
        elif nxt_l in PART_WORDS and span.end + 2 < sent.end and doc[span.end + 1].lower_ == "of" \
                and doc[span.end + 2].text[:1].isupper():
            role, reasons = "container", reasons + ["container of a named part"]
            score -= 0.25
        if prev_l in IN_PREPS:
            role = role if role != "mention" else "in"
            score += 0.25
        elif (prev_l in NEAR_PREPS and attach != "agent") \
                or (prev_l == "to" and span.start >= 2 and doc[prev.i - 1].lower_ == "close"):
            role, part = "near", True
            score += 0.2
        elif prev_l == "of" and prev.i - 1 >= sent.start:
            head_word = doc[prev.i - 1].lower_
            if head_word in OUTSKIRT_WORDS:
                role, part = "outskirts", True
                score += 0.22
            elif head_word in ("province", "governorate", "region", "district", "state") or head_word in SUBDISTRICT_WORDS:
                role = "admin"
                score += 0.12
                if head_word == "district" or head_word in SUBDISTRICT_WORDS:
                    part = True  # "a mainly Christian district of Homs": a part of the town (a region stays 3)
            elif head_word in ("city", "town", "village") and _direction_of_before(doc, prev.i - 1, sent.start):
                role, part = "near", True  # "just south of the town of Apatzingan"
                score += 0.2
                reasons.append("direction of the town")
            elif head_word in PART_WORDS or head_word in _PLURAL_PART_WORDS:
                role = "in"
                if head_word in ("neighbourhood", "neighborhood", "district", "quarter", "suburbs", "parts", "part",
                                 "areas", "area", "side"):
                    part = True
                score += 0.22
            elif head_word in ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest") \
                    or head_word.endswith(("north", "south", "east", "west")):
                role, part = "near", True
                score += 0.1
                if any(t.lower_ in DISTANCE_UNITS for t in doc[max(sent.start, prev.i - 5):prev.i]):
                    role, score = "distance", score - 0.3
            else:
                score += 0.02
        elif prev_l == "from":
            role = "from"
            if any(t.lower_ in DISTANCE_UNITS for t in doc[max(sent.start, prev.i - 5):prev.i]):
                role, part = "distance", True
                score -= 0.3
            else:
                score -= 0.1
        elif prev_l in ("to", "for", "with", "against", "by"):
            score -= 0.1
        if nxt_l in ("province", "governorate", "region", "state", "district") and role in ("mention", "in"):
            role = "admin" if nxt_l != "district" else role
        if _is_dateline(span):
            role, score = "dateline", score - 0.8
            reasons.append("dateline")
        elif _speaker_context(span, trigger):
            role, score = "speaker", score - 0.45
            reasons.append("speaker location")
        if prev_l == "of" and prev is not None and prev.i > sent.start and doc[prev.i - 1].text[:1].isupper() \
                and doc[prev.i - 1].lower_ not in DIRECTIONS:
            score -= 0.3  # inside a name: "Islamic State of Iraq", "University of X"
            reasons.append("part of a name")
        if part and role == "in":
            score -= 0.08  # "in northern Aleppo": a region of a town, less specific than a named place
        if trigger is not None:
            r = span.root
            if r.head.i == trigger.i and r.dep_ in ("dobj", "nsubjpass", "attr"):
                score += 0.25
                role = "object" if role == "mention" else role
            elif r.dep_ == "pobj" and r.head.lower_ == "of" and r.head.head.dep_ in ("dobj", "nsubjpass") \
                    and r.head.head.head.i == trigger.i:
                score += 0.22
                role = "object" if role == "mention" else role
            elif r.dep_ == "conj" and r.head.head.i == trigger.i and r.head.dep_ == "dobj":
                score += 0.2
            kind = _clause_between(span.root, trigger)
            if kind in CLAUSE_PENALTY:
                score -= CLAUSE_PENALTY[kind]
                reasons.append(f"other clause ({kind})")
            d = _tree_distance(span.root, trigger)
            score += max(0.0, 0.2 - 0.035 * d)
            if trigger in span.root.ancestors:
                score += 0.08
            score -= min(0.12, abs(span.start - trigger.i) * 0.006)
        is_country = False
        clean = _clean_name(span.text)
        if gazetteer is not None:
            key = normalize_name(clean)
            place = gazetteer.country(clean) if len(clean) > 2 else None
            if place is not None and normalize_name(place.name) == key or (place is not None and key):
                is_country = True
                score -= 0.12
                reasons.append("country")
            elif gazetteer.weight(strip_admin_words(span.text)) >= 1_000_000_000 or nxt_l in ("province", "governorate"):
                score -= 0.04
        if not span.text[:1].isupper() and not span.text.lower().startswith(("al-", "el-", "the ")):
            score -= 0.3  # "mosques": a common noun, not a name
            reasons.append("not a name")
        elif gazetteer is not None and not is_country and attach != "locative" and role in ("mention", "object") \
                and not _looks_like_place(clean, gazetteer):
            # an unknown name that no locative word introduces is more likely a person or a group
            score -= UNKNOWN_UNCUED
            reasons.append("unknown name, no locative cue")
        if clean.replace(".", "").isupper() and len(clean.replace(".", "")) <= 5 and not is_country \
                and not _is_dateline(span):
            score -= 0.3  # "NATO", "FSA", "SLA": an acronym is mostly an organisation
            reasons.append("acronym")
        elif all(t.ent_type_ == "NORP" or (t.tag_ == "JJ" and t.lower_.endswith(("ish", "ian", "ese", "ic")))
                 for t in span) and not is_country \
                and (gazetteer is None or not gazetteer.is_known(clean)):
            score -= 0.5  # "the Kurdish district", "Arab towns": a nationality, not a name of a place
            reasons.append("nationality")
        if role in ("mention", "object", "near", "in") and attach in NON_LOCATIVE_PENALTY:
            # a place that acts, is an agent, a goal or a modifier is context, not where the event happened
            pen = NON_LOCATIVE_PENALTY[attach]
            if attach == "modifier" and (span.root.head.lower_ in PART_WORDS or span.root.head.lower_ in PLACE_HEADS):
                pen = 0.0
            if pen:
                score -= pen + (COUNTRY_EXTRA if is_country else 0.0)
                reasons.append(f"not locative ({attach})")
        text = span.text
        if text.lower().startswith("the "):
            text = text[4:]
        start_char = span.start_char + (len(span.text) - len(text))
        out.append(PlaceMention(text, start_char, span.end_char, role, part, round(score, 4), span.label_,
                                container, reasons))
    edge = _anaphoric_edge(sent)
    if edge is not None:
        # "on the outskirts of the district centre": the town named before is where, on its edge
        for m in out:
            if m.start_char < edge and "country" not in m.reasons and m.role not in ("dateline", "speaker"):
                m.part_of_town = True
                m.reasons.append("edge of the town named before")
    out.sort(key=lambda m: -m.score)
    return out


_EDGE_RE = re.compile(r"\b(?:outskirts|edge|edges|periphery|suburbs|outside)\s+of\s+(?:the|this|that)\s+"
                      r"(?:[a-z\-]+\s+){0,2}(?:capital|city|town|village)\b")


def _anaphoric_edge(sent: Span) -> Optional[int]:
    """Character offset (in the Doc) of "the outskirts of the provincial capital"-like phrases, or None."""
    m = _EDGE_RE.search(sent.text)
    return sent.start_char + m.start() if m else None


def _direction_of_before(doc: Doc, i: int, start: int) -> bool:
    """True when doc[i] ("town") is preceded by "<direction> of the": "north of the town of X"."""
    j = i - 1
    if j >= start and doc[j].lower_ in ("the", "a"):
        j -= 1
    if j < start + 1 or doc[j].lower_ != "of":
        return False
    w = doc[j - 1].lower_
    return w in ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                 "north-east", "north-west", "south-east", "south-west")


# The score a top mention needs to be taken as the event's place (sentences often name places only as
# context: a country, a place of origin, a place in another clause).
BEST_PLACE_THRESHOLD = 0.38


def best_place(sent: Span, trigger: Optional[Token] = None, gazetteer: Optional[Gazetteer] = None,
               threshold: float = BEST_PLACE_THRESHOLD) -> Optional[PlaceMention]:
    """The top mention if its score clears `threshold`, else None."""
    ranked = place_mentions(sent, trigger, gazetteer)
    return ranked[0] if ranked and ranked[0].score >= threshold else None


_ADMIN_HINT_RE = re.compile(
    r"\b(?:in|of)\s+(?:the\s+)?((?:[A-Z][\w'’\-]+\s){0,3}?)(province|governorate|region|state|district|oblast)\b"
    r"|\b([A-Z][\w'’\-]+(?:\s[A-Z][\w'’\-]+){0,2})\s+(province|governorate|region|oblast)\b")


def admin_hints(text: str) -> list[str]:
    """Region names written with their kind ("Helmand province", "province of Idlib") in `text`."""
    hints = []
    for m in re.finditer(r"\b((?:[A-Z][\w'’\-]+\s){1,3})(?:province|governorate|region|oblast)\b", text):
        hints.append(m.group(1).strip())
    for m in re.finditer(r"\b(?:province|governorate|region|oblast) of ((?:[A-Z][\w'’\-]+\s?){1,3})", text):
        hints.append(m.group(1).strip())
    return hints


def unambiguous_country(name: str, gazetteer: Gazetteer) -> Optional[str]:
    """The country of the one place a name means wherever it is read ("Idlib"), or None when the name
    is unknown or several places share it."""
    cands = gazetteer.lookup(name, limit=3)
    if cands and cands[0].score >= 0.8 and (len(cands) == 1 or cands[1].score < cands[0].score - 0.15):
        return cands[0].place.country_code
    return None


def place_countries(doc: Doc, gazetteer: Gazetteer) -> set[str]:
    """The countries of the unambiguous places a Doc names: events may lie there even when the
    article's leading country is another (Russian jets over Idlib)."""
    out = set()
    for e in doc.ents:
        if e.label_ in PLACE_LABELS and not _is_legal_aside(e) and gazetteer.country(e.text) is None:
            cc = unambiguous_country(e.text, gazetteer)
            if cc is not None:
                out.add(cc)
    return out


def country_focus(doc_or_text: Doc | str, gazetteer: Gazetteer) -> list[str]:
    """ISO codes of the countries an article is about, most mentioned first.

    Counts country names and the countries of unambiguous big places and
    regions among the GPE entities (when a Doc is given).
    """
    from collections import Counter
    counts: Counter = Counter()
    if isinstance(doc_or_text, Doc):
        names = [e.text for e in doc_or_text.ents if e.label_ in PLACE_LABELS and not _is_legal_aside(e)]
        demonyms = [e.text for e in doc_or_text.ents if e.label_ == "NORP"]
    else:
        names = re.findall(r"\b[A-Z][a-zA-Z'’\-]+(?:\s[A-Z][a-zA-Z'’\-]+){0,2}", doc_or_text)
        demonyms = []
    for n in names:
        c = gazetteer.country(n)
        if c is not None:
            counts[c.country_code] += 2
            continue
        cc = unambiguous_country(n, gazetteer)
        if cc is not None:
            counts[cc] += 1
    for d in demonyms:  # "Syrian" -> Syria
        for stem in (d[:-1], d[:-2], d[:-3], d[:-2] + "a", d[:-3] + "a", d[:-1] + "a"):
            c = gazetteer.country(stem) if len(stem) > 3 else None
            if c is not None:
                counts[c.country_code] += 1
                break
    return [cc for cc, _ in counts.most_common()]


def locate(mention: PlaceMention | str, gazetteer: Gazetteer, countries: Sequence[str] = (),
           hints: Iterable[str] = (), container: Optional[str] = None) -> Optional[Location]:
    """Geocode a chosen mention into ACLED location fields.

    geo_precision: 1 the town itself; 2 a neighbourhood, outskirts, "near",
    or a district resolved to its town; 3 only a province/region known.
    A name missing from the gazetteer keeps its raw text as `location` and
    takes the coordinates of the best enclosing place (a hinted region or
    the container) with precision 2 (town) or 3 (region).
    """
    if isinstance(mention, str):
        mention = PlaceMention(mention, 0, len(mention), "mention", False, 1.0)
    text = mention.text
    if _clean_name(text).lower() in CALENDAR_WORDS:
        return None  # "on Tuesday and Wednesday": a date, never a place
    hints = [h for h in hints if h]
    admin_place: Optional[Place] = None
    for h in hints:
        cc = [c for c in countries][:1]
        admin_place = gazetteer.admin1(h, cc[0] if cc else None) or gazetteer.admin1(h)
        if admin_place is not None:
            break
    explicit_admin = any(w in ADMIN_WORDS for w in text.lower().split())
    cand = gazetteer.resolve(text, countries=countries,
                             admin1_hint=admin_place.name if admin_place else None,
                             near=(admin_place.latitude, admin_place.longitude) if admin_place else None)
    if cand is not None:
        p = cand.place
        if p.level == "country":
            return _location(p, 3, text, location=p.name)
        if p.level in ("admin1", "admin2"):
            return _location(p, 3, text)
        precision = 2 if (mention.part_of_town or mention.role in ("near", "outskirts", "neighbourhood")) else 1
        return _location(p, precision, text)
    # Not in the gazetteer: keep the raw name, take coordinates from the enclosing place.
    enclosing = None
    if container:
        c = gazetteer.resolve(container, countries=countries)
        enclosing = c.place if c else None
    if enclosing is None and admin_place is not None:
        enclosing = admin_place
    if enclosing is None:
        return None
    # The coordinates are the enclosing place's, so the precision says so: 2 when that is a town (the
    # village is near it), 3 when it is a region. Claiming 1 would tell an analyst the point is the village.
    precision = 2 if enclosing.level == "place" else 3
    loc = _location(enclosing, precision, text)
    loc.location = text if not explicit_admin else enclosing.name
    loc.geonameid = None if enclosing.level != "place" else enclosing.geonameid
    return loc


def _is_settlement_name(text: str) -> bool:
    """A capitalized name that is not a natural feature, facility or region ("Zamalka", not "Orontes River")."""
    words = text.lower().split()
    return bool(words) and text[:1].isupper() and not (set(words) & (FEATURE_WORDS - {"town", "village", "city"}))


def _location(p: Place, precision: int, text: str, location: Optional[str] = None) -> Location:
    return Location(
        country=p.country,
        admin1=p.admin1 if p.level != "country" else None,
        admin2=p.admin2,
        location=location or p.name,
        latitude=round(p.latitude, 4),
        longitude=round(p.longitude, 4),
        geo_precision=precision,
        geonameid=p.geonameid if p.geonameid > 0 else None,
        place_text=text,
    )
