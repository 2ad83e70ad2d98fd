"""Figures that are not single events: cumulative tolls, displacement, territory shares, munition counts.

"More than 200 people have died since 3 March" is a figure, not an event;
so are "over 12,000 residents have left the area" and "30 to 40 percent of the old city".
`find_figures` returns them; `is_cumulative` tells the event stage to leave such tolls alone.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from .document import span_text, subtree
from ..records import Figure
from .count_roles import tag_counts
from .counts import (INJURY_WORDS, NON_PERSON_UNITS, VAGUE_NUMBERS, WORD_NUMBERS, Number,
                     read_number)
from .dates import find_dates

DISPLACEMENT_WORDS = {"fled", "flee", "fleeing", "displaced", "displacement", "uprooted", "homeless", "refugees",
                      "evacuated", "uproot", "displace", "flee"}
TERRITORY_WORDS = {"control", "controlled", "held", "hold", "holds", "regained", "captured", "seized", "recaptured",
                   "retaken", "taken", "territory", "lost"}
MUNITION_NOUNS = {"barrel", "bombs", "raids", "strikes", "airstrikes", "rockets", "shells", "missiles", "mortars",
                  "sorties", "mines", "drones"}
BESIEGED_WORDS = {"besieged", "trapped", "under siege", "encircled"}
DETAINED_WORDS = {"detained", "arrested", "detainees", "held", "imprisoned", "missing", "disappeared"}

#: Below this, a count of bombs or raids is part of an event ("two bombs went off"), not a tally.
MIN_MUNITION_COUNT = 5

_CUMULATIVE_RE = re.compile(
    r"\b(since|so far this year|so far|this year|to date|in total|in all|altogether|over the past|in the past|"
    r"during the (?:war|conflict|campaign|offensive)|in the (?:campaign|offensive|war|conflict|operations?)|"
    r"since the (?:start|beginning)|across the country|in operations across|overall)\b", re.I)
_WAR_SUBJECT_RE = re.compile(r"\b(war|conflict|fighting|violence|insurgency|offensive|campaign|crisis)\b[^.]{0,60}\b"
                             r"(has|have|had)\s+(killed|left|claimed|displaced|uprooted)", re.I)


def is_cumulative(sent) -> bool:
    """Whether the sentence reports a running total over a period rather than one incident."""
    text = span_text(sent)
    if _WAR_SUBJECT_RE.search(text):
        return True
    if _perfect_toll(sent):
        return True
    m = _CUMULATIVE_RE.search(text)
    if not m:
        return False
    word = m.group(1).lower()
    if word == "since":
        # "since Thursday" on an ongoing assault is still one event; "since November 15" with a toll is a figure,
        # and so is "since Saturday at least 68 have been killed"
        tail = text[m.end():m.end() + 60].lower()
        if re.match(r"\s+(the morning|noon|dawn|midnight)", tail):
            return False
        if re.match(r"\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)", tail) and not _perfect_toll(sent):
            return False
    return True


def _one_day(sent, published) -> bool:
    """Whether the sentence dates what it tells to one day ("late on Thursday"), outside a "since" phrase."""
    from .dates import find_dates
    text = span_text(sent)
    since = [m.end() for m in re.finditer(r"\bsince\b", text, re.I)]
    return any(d.kind == "point" and d.precision == 1 and not any(e <= d.start for e in since)
               and not re.search(r"(?i)\b(said|says|told|reported|announced|added|stated)\s*$", text[max(0, d.start - 20):d.start])
               for d in find_dates(text, published))


def _perfect_toll(sent) -> bool:
    """"ISIS has executed around 367 people", "more than 130 militants have been killed": a running total.

    A toll told in the present perfect with no day named is a total over a period, not one incident.
    """
    from .dates import find_dates
    for tok in sent:
        if tok.tag_ == "VBN" and tok.lemma_.lower() in ("kill", "execute", "die", "slay", "murder"):
            aux = [c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")]
            if any(a in ("has", "have") for a in aux):
                has_count = any(c.like_num for c in subtree(tok))
                text = span_text(sent)
                own_day = [d for d in find_dates(text, None) if d.kind == "point"
                           and not re.search(r"\bsince\s*$", text[max(0, d.start - 7):d.start], re.I)]
                if has_count and not own_day and \
                        not re.search(r"\b(on|last|this|early|late)\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday|morning|night|week)|\b(today|yesterday|overnight)\b", text, re.I):
                    return True
    return False


def _qualifier(n: Number) -> str:
    return n.qualifier


def _period_start(sent, published: Optional[dt.date]) -> Optional[str]:
    text = span_text(sent)
    m = re.search(r"\bsince\b", text, re.I)
    if not m:
        if re.search(r"\bthis year\b", text, re.I) and published:
            return dt.date(published.year, 1, 1).isoformat()
        return None
    for d in find_dates(text[m.start():], published):
        if d.date:
            return d.date.isoformat()
    return None


#: Roles of the count tagger that make a running total a figure, and the figure's kind.
TAGGED_KINDS = {"killed": "killed", "injured": "injured", "arrested": "detained", "displaced": "displaced",
                "missing": "missing"}


def find_figures(sent, published: Optional[dt.date], sources: list[str], place: Optional[str] = None,
                 offset: int = 0) -> list[Figure]:
    """Aggregate figures stated in one parsed sentence."""
    doc = sent.doc
    out: list[Figure] = []
    low = span_text(sent).lower()
    evidence = span_text(sent).strip()
    start = sent.start_char + offset
    end = sent.end_char + offset
    pub = published.isoformat() if published else None
    used: set[int] = set()

    def fig(kind, n: Number, subject: str, period_start=None):
        used.add(n.start)
        out.append(Figure(kind=kind, value=n.value, qualifier=n.qualifier, value_high=n.value_high,
                          subject=subject, place=place, period_start=period_start, period_end=pub,
                          sources=list(sources), evidence=evidence, evidence_start=start, evidence_end=end))

    nums = _all_numbers(sent)
    cumulative = is_cumulative(sent) and not _one_day(sent, published)
    ps = _period_start(sent, published) if cumulative else None
    # the count tagger reads a running total per count ("the war has killed 470,000 since 2011")
    running = {t.start: t for t in tag_counts(sent) if t.scope == "cumulative"}
    for n in nums:
        tok = next((doc[k] for k in range(n.start, n.end) if doc[k].like_num or doc[k].lower_ in VAGUE_NUMBERS
                    or doc[k].lower_ in WORD_NUMBERS), doc[n.start])
        after = doc[n.end].lower_ if n.end < len(doc) else ""
        if after in ("percent", "%", "per") or tok.text.endswith("%"):
            if any(w in low for w in TERRITORY_WORDS):
                fig("territory_percent", n, _share_of(doc, n.end, sent.end))
            continue
        nxt = doc[n.end] if n.end < len(doc) else None
        munition = nxt is not None and (nxt.lower_ in MUNITION_NOUNS or
                                        (nxt.dep_ == "compound" and nxt.head.lower_ in MUNITION_NOUNS))
        if munition:
            if n.value >= MIN_MUNITION_COUNT:  # "two bombs went off" is an event, "50 barrel bombs" a tally
                fig("other", n, doc[n.end:min(sent.end, n.end + 3)].text)
            continue
        if nxt is not None and nxt.lower_ == "of" and n.end + 1 < len(doc) and doc[n.end + 1].lower_ in ("them", "those"):
            continue  # "186 of them children": a part of a figure given beside it
        kind = _governing_kind(tok)
        noun = tok.head.text if tok.dep_ in ("nummod", "quantmod") and tok.head.pos_ in ("NOUN", "PROPN") else "people"
        if kind == "displaced":
            fig("displaced", n, noun, ps)
        elif kind == "besieged":
            fig("besieged", n, noun)
        elif kind in ("killed", "injured", "detained") and cumulative:
            fig(kind, n, noun, ps)
        elif n.start in running and running[n.start].role in TAGGED_KINDS and running[n.start].relation == "new":
            fig(TAGGED_KINDS[running[n.start].role], n, noun, _period_start(sent, published))
    return out


def _share_of(doc, i: int, end: int) -> str:
    """What a percentage is a share of: "30 percent of the old city, and ..." -> "the old city"."""
    j = i + 1 if i < end and doc[i].lower_ in ("percent", "%") else i + 2  # skip "percent" / "per cent"
    if j < end and doc[j].lower_ == "of":
        objs = [c for c in doc[j].children if c.dep_ == "pobj"]
        if objs:
            toks = [t for t in subtree(objs[0]) if not any(a.dep_ in ("relcl", "acl", "conj", "cc", "appos")
                                                          for a in [t] + list(t.ancestors) if a.i > objs[0].i
                                                          or a.i == t.i and t.i != objs[0].i and t.dep_ in ("cc", "conj"))]
            while toks and toks[-1].is_punct:
                toks.pop()
            text = "".join(t.text_with_ws for t in toks).strip()
            return text[4:] if text.lower().startswith("the ") else text
    return ""


def _all_numbers(span) -> list[Number]:
    """Every number in the span, with units allowed, but no years, dates or times."""
    doc = span.doc
    out = []
    i = span.start
    while i < span.end:
        tok = doc[i]
        if (tok.like_num or tok.lower_ in VAGUE_NUMBERS or tok.lower_ in ("dozen",)) and tok.ent_type_ not in (
                "DATE", "TIME", "ORDINAL", "MONEY") and not re.fullmatch(r"(19|20)\d\d", tok.text):
            n = read_number(doc, i)
            if n is not None:
                nxt = doc[n.end].lower_ if n.end < len(doc) else ""
                if nxt not in NON_PERSON_UNITS - MUNITION_NOUNS - {"barrel", "per", "percent", "%"}:
                    out.append(n)
                i = max(n.end, i + 1)
                continue
        i += 1
    return out


def _governing_kind(tok) -> Optional[str]:
    """What happened to the people a number counts, from the nearest word up the tree that says."""
    node = tok
    for _ in range(5):
        for w in (node.lower_, node.lemma_.lower()):
            if w in DISPLACEMENT_WORDS:
                return "displaced"
            if w in BESIEGED_WORDS:
                return "besieged"
            if w in INJURY_WORDS:
                return "injured"
            if w in ("killed", "kill", "dead", "died", "die", "deaths", "murders", "slain", "neutralised", "executed",
                     "execute", "murdered", "murder"):
                return "killed"
            if w in DETAINED_WORDS:
                return "detained"
        for c in node.children:
            if c.dep_ in ("amod", "acl") and c.lower_ in ("killed", "dead", "wounded", "injured", "displaced"):
                return {"killed": "killed", "dead": "killed", "displaced": "displaced"}.get(c.lower_, "injured")
        if node.head.i == node.i:
            break
        node = node.head
    return None
