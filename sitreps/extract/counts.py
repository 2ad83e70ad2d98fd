"""Numbers in text and the casualty counts they express.

`read_number` turns "at least three", "more than 31,000", "45 to 50", "dozens" into a
value with a qualifier. `casualty_counts` finds, in a parsed sentence, how many were
killed and how many injured, following the dependency tree from each number to the
verb or noun that says what happened to the people counted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from .document import subtree, title_case_runs

WORD_NUMBERS = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "thousand": 1000, "dozen": 12, "single": 1, "both": 2, "twin": 2, "couple": 2,
}
#: ACLED's reading of vague amounts: "dozens" is 12, "tens" 10, "hundreds" 100.
VAGUE_NUMBERS = {"dozens": 12, "tens": 10, "hundreds": 100, "scores": 20, "thousands": 1000, "millions": 1_000_000,
                 "several": 2, "numerous": 2, "many": 2, "some": 1, "multiple": 2}
MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
               "lakh": 100_000, "crore": 10_000_000}
QUALIFIERS = [
    ("at least", "at least"), ("no fewer than", "at least"), ("not less than", "at least"), ("a minimum of", "at least"),
    ("more than", "more than"), ("over", "more than"), ("upwards of", "more than"), ("in excess of", "more than"),
    ("about", "about"), ("around", "about"), ("some", "about"), ("roughly", "about"), ("nearly", "about"),
    ("almost", "about"), ("approximately", "about"), ("an estimated", "about"), ("estimated", "about"),
    ("close to", "about"), ("up to", "up to"), ("as many as", "up to"), ("at most", "up to"),
]

KILL_WORDS = {"kill", "killed", "killing", "dead", "die", "died", "death", "deaths", "toll", "slay", "slain",
              "neutralise", "neutralised", "neutralize", "neutralized", "massacre", "massacred", "execute",
              "executed", "behead", "beheaded", "murder", "murdered", "shoot", "lose", "perish", "perished",
              "fatality", "fatalities", "body", "bodies", "martyr", "martyred", "shahadat", "embrace", "life", "lives",
              "gun", "claim", "casualty"}
INJURY_WORDS = {"wound", "wounded", "wounding", "injure", "injured", "injuring", "injury", "injuries", "hurt",
                "maim", "maimed"}
#: Nouns that count things other than people: never a casualty count.
NON_PERSON_UNITS = {"km", "kilometre", "kilometres", "kilometer", "kilometers", "mile", "miles", "metre", "metres",
                    "meter", "meters", "hour", "hours", "day", "days", "week", "weeks", "month", "months", "year",
                    "years", "minute", "minutes", "percent", "per", "%", "am", "pm", "a.m.", "p.m.", "tonnes", "tons",
                    "rs", "rupees", "dollars", "vehicles", "vehicle", "trucks", "rifles", "rounds", "rockets", "shells",
                    "missiles", "bombs", "strikes", "raids", "houses", "homes", "buildings", "villages", "times",
                    "barrel", "mines", "air", "o'clock", "lakh", "crore", "sq", "square", "guests", "heads", "hectares",
                    "cars", "positions", "posts", "checkpoints", "targets", "kg", "kilograms", "sorties", "attacks",
                    "drones", "drone", "planes", "aircraft", "helicopters", "jets", "tanks", "shaheds"}


_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
           "dec"}


_NOT_DEAD = {"missing", "disappeared", "detained", "arrested", "abducted", "kidnapped", "displaced", "fled"}


@dataclass
class Number:
    value: float
    qualifier: str = "exactly"
    value_high: Optional[float] = None
    start: int = 0  # token indices in the doc
    end: int = 0


def word_value(text: str) -> Optional[float]:
    """The value of one number token ("31,000", "three", "2.5", "fifteen"), or None."""
    t = text.lower().replace(",", "")
    if re.fullmatch(r"\d+(\.\d+)?", t):
        return float(t)
    if t in WORD_NUMBERS:
        return float(WORD_NUMBERS[t])
    if "-" in t:  # twenty-five
        parts = t.split("-")
        if all(p in WORD_NUMBERS for p in parts):
            return float(sum(WORD_NUMBERS[p] for p in parts))
    return None


_QUALIFIER_WORDS = [(tuple(phrase.split()), q) for phrase, q in QUALIFIERS]


def _qualifier_before(doc, i: int) -> tuple[str, int]:
    """The qualifier words just before token i ("at least"), and the index they start at."""
    before = tuple(doc[k].lower_ for k in range(max(0, i - 3), i))
    for words, q in _QUALIFIER_WORDS:
        n = len(words)
        if len(before) >= n and before[-n:] == words:
            return q, i - n
    return "exactly", i


def read_number(doc, i: int) -> Optional[Number]:
    """The number starting at token i (with multipliers, ranges and qualifiers), or None."""
    tok = doc[i]
    low = tok.lower_
    if low in VAGUE_NUMBERS:
        # "tens of thousands" -> 10 * 1000; "dozens" -> 12
        v = float(VAGUE_NUMBERS[low])
        j = i + 1
        if j + 1 < len(doc) and doc[j].lower_ == "of" and doc[j + 1].lower_ in VAGUE_NUMBERS:
            v = v * VAGUE_NUMBERS[doc[j + 1].lower_]
            j += 2
        q, s = _qualifier_before(doc, i)
        return Number(v, "at least" if q == "exactly" else q, None, s, j)
    if low in ("a", "an") and not (i + 1 < len(doc) and doc[i + 1].lower_ in ("dozen", "hundred", "thousand")):
        return None
    v = word_value(tok.text)
    if v is None:
        return None
    j = i + 1
    while j < len(doc) and doc[j].lower_ in MULTIPLIERS:
        v *= MULTIPLIERS[doc[j].lower_]
        j += 1
    if j < len(doc) and doc[j].lower_ == "dozen":
        v *= 12
        j += 1
    high = None
    q, s = _qualifier_before(doc, i)
    between = i > 0 and doc[i - 1].lower_ == "between"
    if j + 1 < len(doc) and (doc[j].lower_ in ("to", "-", "–", "or") or between and doc[j].lower_ == "and") \
            and word_value(doc[j + 1].text) is not None:
        high = word_value(doc[j + 1].text)
        k = j + 2
        while k < len(doc) and doc[k].lower_ in MULTIPLIERS:
            high *= MULTIPLIERS[doc[k].lower_]
            k += 1
        if high is not None and high > v:
            q = "between"
            j = k
        else:
            high = None
    if q == "exactly" and i > 0 and doc[i - 1].lower_ == "between":
        q = "between"
    return Number(v, q, high, s, j)


def numbers_in(span) -> list[Number]:
    """All numbers in a span, left to right, skipping years, times, ordinals and units."""
    doc = span.doc
    out: list[Number] = []
    i = span.start
    while i < span.end:
        tok = doc[i]
        if tok.like_num or tok.lower_ in VAGUE_NUMBERS or tok.lower_ in WORD_NUMBERS:
            n = read_number(doc, i)
            if n is not None and not _is_not_a_count(doc, i, n):
                out.append(n)
                i = max(n.end, i + 1)
                continue
        i += 1
    return out


#: A numeric date or time written with separators: "21-08-2014", "28.05.2017", "09:14".
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[-./]\d{1,2}[-./]\d{2,4}\b|\b\d{1,2}:\d\d\b")


@lru_cache(maxsize=1)
def _furniture_words() -> frozenset[str]:
    from ..lexicon import count_words
    return frozenset(count_words()["furniture"])


def is_page_furniture(doc, i: int, end: int) -> bool:
    """A number that belongs to the page, not the story: part of a numeric date or time ("21-08-2014"),
    or next to "views", "short URL", "updated" and the like (data/counts.json)."""
    tok = doc[i]
    window = doc[max(0, i - 4):min(len(doc), end + 4)]  # its neighbours' text, not the whole Doc's
    at = tok.idx - window.start_char
    if any(m.start() <= at < m.end() for m in _NUMERIC_DATE.finditer(window.text)):
        return True
    near = {doc[k].lower_ for k in range(max(0, i - 3), min(len(doc), end + 1))}
    return bool(near & _furniture_words()) or i in _headline_runs(tok)


def _headline_runs(tok) -> set[int]:
    """The title-case runs (other articles' headlines) of the token's sentence, computed once per sentence."""
    sent = tok.sent
    memo = tok.doc.user_data.setdefault("sitreps_title_runs", {})
    if sent.start not in memo:
        memo[sent.start] = title_case_runs(sent)
    return memo[sent.start]


def _is_not_a_count(doc, i: int, n: Number) -> bool:
    tok = doc[i]
    if is_page_furniture(doc, i, n.end):
        return True
    prev = doc[i - 1].lower_.rstrip(".") if i > 0 else ""
    after = doc[n.end].lower_.rstrip(".") if n.end < len(doc) else ""
    if prev in _MONTHS or after in _MONTHS:
        return True  # "on March 3", "3 March": a day of the month
    if tok.ent_type_ in ("DATE", "TIME", "ORDINAL", "MONEY", "PERCENT", "QUANTITY") and tok.lower_ not in VAGUE_NUMBERS:
        # keep "three days" out, but spaCy sometimes tags counts of people as DATE: check the noun after
        nxt = doc[n.end] if n.end < len(doc) else None
        if nxt is None or nxt.lower_ in NON_PERSON_UNITS or tok.ent_type_ in ("TIME", "MONEY", "PERCENT", "ORDINAL"):
            return True
    if re.fullmatch(r"(19|20)\d\d", tok.text):
        return True
    nxt = doc[n.end] if n.end < len(doc) else None
    if nxt is not None:
        if nxt.text in ("-", "–") and n.end + 1 < len(doc) and doc[n.end + 1].lower_ in NON_PERSON_UNITS | {"old", "year"}:
            return True
        if nxt.lower_ in NON_PERSON_UNITS:
            return True
        if nxt.lower_ == "of" and n.end + 1 < len(doc) and doc[n.end + 1].lower_ in ("them", "those", "whom") \
                and not (tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_.lower() in ("kill", "die", "execute")):
            # "two of them critically": a part of a group counted elsewhere ("killed seven of them" is a toll)
            return True
    if tok.lower_ in ("a", "an", "one") and (nxt is None or nxt.lower_ in ("of", "day", "week")):
        return True
    return False


@dataclass
class Casualty:
    """A count of people killed or injured in a sentence."""

    kind: str  # killed | injured
    value: int
    qualifier: str
    value_high: Optional[int]
    noun: str  # who was counted ("people", "soldiers")
    noun_i: Optional[int]  # token index of that noun
    start: int
    end: int


def _outcome_of(doc, i: int, end: int) -> Optional[str]:
    """Whether the number at token i counts people killed or injured, from the tree and its neighbours."""
    tok = doc[i]
    # Walk from the number through its head noun up the tree, a few steps.
    node = tok
    for _ in range(5):
        lem = node.lemma_.lower()
        low = node.lower_
        if low in _NOT_DEAD or any(c.lower_ in _NOT_DEAD and c.dep_ in ("acomp", "xcomp", "oprd", "attr", "dobj")
                                   for c in node.children):
            return None  # "240 more have gone missing": not a death toll
        if lem in INJURY_WORDS or low in INJURY_WORDS:
            return "injured"
        if lem in KILL_WORDS or low in KILL_WORDS:
            if lem in ("life", "lives") and not any(t.lemma_ == "lose" for t in node.ancestors):
                pass
            elif lem == "claim" and not any(c.lower_ in ("life", "lives") for c in node.children):
                pass
            elif lem == "gun" and not any(c.lower_ == "down" for c in node.children):
                pass
            elif lem == "shoot" and not any(c.lower_ == "dead" for c in node.children):
                pass  # "shot down 18 drones", "shot and wounded": only "shot dead" is a death
            elif lem in ("embrace",) and not any(c.lower_ == "shahadat" for c in subtree(node)):
                pass
            else:
                return "killed"
        # adjectival/predicative: "12 dead", "three people dead"
        for c in node.children:
            if c.dep_ in ("amod", "acomp", "advcl", "acl", "relcl") and (c.lower_ in ("dead", "killed") or c.lemma_ in ("kill", "die")):
                return "killed"
            if c.dep_ in ("amod", "acl") and (c.lemma_ in ("wound", "injure") or c.lower_ in INJURY_WORDS):
                return "injured"
        if node.head.i == node.i:
            break
        node = node.head
    # "put the toll at 12", "raised it to 14", "a death toll of 20"
    before = [t.lower_ for t in doc[max(0, i - 5):i]]
    if before and before[-1] in ("at", "to", "of") and ("toll" in before or "dead" in before or "deaths" in before):
        return "killed"  # "put the toll at 9", "raised it to 11", "put the death toll at as many as 40"
    # Neighbour fallback: "N killed" headline style, "N dead", "Two X are believed to have been killed"
    if i + 2 < len(doc):
        for t in doc[i + 1:min(end, i + 8)]:
            if t.like_num or t.is_punct and t.text in (";", ":"):
                break
            if t.lower_ in ("dead", "killed", "died"):
                return "killed"
            if t.lower_ in ("wounded", "injured", "hurt"):
                return "injured"
    return None


def casualty_counts(span) -> list[Casualty]:
    """How many were killed and how many injured, as the sentence counts them."""
    doc = span.doc
    out: list[Casualty] = []
    for n in numbers_in(span):
        i = n.end - 1 if doc[n.start].lower_ in ("at", "more", "about", "up", "as", "nearly", "around", "some",
                                                   "over", "roughly", "almost", "approximately", "no", "close",
                                                   "an", "estimated", "upwards", "not", "in") else n.start
        # the number token itself (skip qualifiers)
        i = next((k for k in range(n.start, n.end) if doc[k].like_num or doc[k].lower_ in VAGUE_NUMBERS
                  or doc[k].lower_ in WORD_NUMBERS), n.start)
        kind = _outcome_of(doc, i, span.end)
        if kind is None:
            continue
        noun_tok = doc[i].head if doc[i].dep_ in ("nummod", "quantmod") else None
        if noun_tok is None and i + 2 < len(doc) and doc[i + 1].lower_ == "of":
            # "seven of the attackers"
            objs = [c for c in doc[i + 1].children if c.dep_ == "pobj"]
            noun_tok = objs[0] if objs else None
        if noun_tok is not None and noun_tok.lower_ in NON_PERSON_UNITS:
            continue
        out.append(Casualty(kind, int(n.value), n.qualifier, int(n.value_high) if n.value_high else None,
                            noun_tok.text if noun_tok is not None else "", noun_tok.i if noun_tok is not None else None,
                            n.start, n.end))
    return out


def conservative(values: list[int]) -> tuple[int, Optional[int]]:
    """ACLED's rule: the lowest reported figure, and the highest kept apart when it differs."""
    vals = [v for v in values if v is not None]
    if not vals:
        return 0, None
    lo, hi = min(vals), max(vals)
    return lo, (hi if hi != lo else None)
