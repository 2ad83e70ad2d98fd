"""Trigger words in a parsed sentence: what kind of happening each one names.

Matches the phrases of `data/triggers.json` against token texts and lemmas. Each
match becomes a `Trigger` with its class ("violence", "territory_gain", "protest",
an instrument's sub-event type, ...), so later stages can reason over classes
rather than words.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..lexicon import triggers as lexicon
from .document import title_case_runs

#: Trigger classes that name events by themselves (not instruments or modifiers).
EVENT_CLASSES = ("violence", "territory_gain", "territory_nonviolent", "abduction", "sexual_violence", "arrests",
                 "protest", "riot", "mob", "agreement", "base", "looting", "disrupted", "group_activity")
CONTEXT_CLASSES = ("protest_actor", "protest_intervention", "protest_excessive", "not_events", "speech_verbs")


@dataclass
class Trigger:
    cls: str  # a class of EVENT_CLASSES or CONTEXT_CLASSES, or "instrument"
    phrase: str
    start: int  # token indices in the doc
    end: int
    sub_event_type: str = ""  # for instruments

    def head(self, doc):
        """The syntactic head of the matched tokens."""
        span = doc[self.start:self.end]
        return span.root


@lru_cache(maxsize=1)
def _index() -> dict[str, list[tuple[tuple[str, ...], str, str]]]:
    """First word -> [(phrase words, class, sub_event_type)], longest phrases first."""
    lex = lexicon()
    idx: dict[str, list] = {}

    def add(phrase: str, cls: str, sub: str = ""):
        words = tuple(phrase.lower().replace("-", " - ").split())
        idx.setdefault(words[0], []).append((words, cls, sub))

    for cls in EVENT_CLASSES + CONTEXT_CLASSES:
        for p in lex.get(cls, []):
            add(p, cls)
    for sub, phrases in lex["instruments"].items():
        for p in phrases:
            add(p, "instrument", sub)
    for k in idx:
        idx[k].sort(key=lambda e: -len(e[0]))
    return idx


def _matches(tok, word: str, last: bool) -> bool:
    if tok.lower_ == word:
        return True
    return last and tok.lemma_.lower() == word


def is_event_word(tok) -> bool:
    """Whether the token (by its form or lemma) starts a phrase of the trigger lexicon."""
    idx = _index()
    return tok.lower_ in idx or tok.lemma_.lower() in idx


def _is_compound_preposition(tok) -> bool:
    """The first word of "according to", whose lemma ("accord") the lexicon would read as an agreement."""
    doc = tok.doc
    return tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to"


def find_triggers(span) -> list[Trigger]:
    """All trigger matches in `span`, longest match first at each position (overlaps allowed across classes)."""
    idx = _index()
    doc = span.doc
    out: list[Trigger] = []
    headlines = title_case_runs(span)
    for i in range(span.start, span.end):
        tok = doc[i]
        if i in headlines:
            continue  # a run of other articles' headlines ("Related ...") inside the text
        if tok.ent_type_ in ("DATE", "TIME") and tok.text[:1].isupper():
            continue  # "March 7", "May": months, not marches
        if _is_compound_preposition(tok):
            continue  # "according to": who says so, never an accord
        cands = idx.get(tok.lower_, []) + (idx.get(tok.lemma_.lower(), []) if tok.lemma_.lower() != tok.lower_ else [])
        seen_cls = set()
        for words, cls, sub in cands:
            n = len(words)
            if i + n > span.end:
                continue
            if all(_matches(doc[i + k], words[k], k == n - 1) for k in range(n)):
                key = (cls, sub)
                if key in seen_cls:
                    continue
                seen_cls.add(key)
                out.append(Trigger(cls, " ".join(words), i, i + n, sub))
    return out


def instrument_priority() -> list[str]:
    return list(lexicon()["instrument_priority"])
