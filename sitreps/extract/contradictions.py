"""Contradictions within one article: a denial of a reported event, or sources giving different tolls."""
from __future__ import annotations

import re
from typing import Optional

from .document import span_text
from ..records import Claim, Contradiction
from .attribution import Source
from .events import Draft

_STOP = {"the", "a", "an", "of", "in", "on", "at", "to", "and", "said", "say", "was", "were", "had", "has", "have",
         "be", "been", "that", "it", "its", "he", "she", "they", "we", "about", "such", "no", "not", "any", "by",
         "with", "as", "for", "from", "this", "there", "is", "are", "report", "reports", "information"}
_RELATED = {"plane": {"aircraft", "jet", "plane", "shot", "downed", "pilot", "pilots", "crew"},
            "strike": {"strike", "strikes", "warplanes", "jets", "air", "raid", "bombing", "bombed"},
            "gas": {"gas", "chemical", "tear", "teargas"}}


def _words(text: str) -> set[str]:
    out = set()
    for w in re.findall(r"[a-z]+", text.lower()):
        if w in _STOP or len(w) < 3:
            continue
        out.add(w)
        for group in _RELATED.values():
            if w in group:
                out |= group
    return out


def denied_event(denial_sent_text: str, drafts: list[Draft], before_offset: int) -> Optional[Draft]:
    """The event a denial refers to: the latest earlier event sharing the most content words."""
    words = _words(denial_sent_text)
    best, best_score = None, 0
    for d in drafts:
        if d.mention.offset + d.mention.sent.start_char > before_offset:
            continue
        ev_words = set()
        for m in d.mentions:
            ev_words |= _words(span_text(m.sent))
        score = len(words & ev_words)
        if score > best_score or (score == best_score and best is not None and score > 0):
            best, best_score = d, score
    return best if best_score >= 1 else None


def stance_contradiction(d: Draft, denier: str, denial_text: str, about: str) -> Contradiction:
    claims = [Claim(source=s, stance="asserted") for s in d.sources] or [Claim(source="the article", stance="asserted")]
    claims.append(Claim(source=denier, stance="denied", evidence=denial_text))
    return Contradiction(about=about, claims=claims, kind="stance")


def value_contradiction(d: Draft, about: str) -> Optional[Contradiction]:
    """Named sources giving different tolls for one event (12 per one, 20 per another).

    Each source's toll is its figures added up over the sides it names (soldiers and militants),
    or its figure for people not named, whichever is larger. Unattributed figures are the
    reporter's own and do not contradict a named source.
    """
    per: dict[str, dict[str, int]] = {}
    for value, _high, src, side in d.observations:
        if value is None or not src:
            continue
        per.setdefault(src, {})
        per[src][side] = max(per[src].get(side, 0), value)
    # the same people counted differently: one side named by two sources, or a toll of people not
    # named against another source's toll
    for side in sorted({side for sides in per.values() for side in sides} - {"any"}):
        given = {src: sides[side] for src, sides in per.items() if side in sides}
        if len(given) >= 2 and len(set(given.values())) >= 2:
            return Contradiction(about=about, kind="value",
                                 claims=[Claim(source=s, value=v) for s, v in sorted(given.items(), key=lambda x: x[1])])
    if not any("any" in sides for sides in per.values()):
        return None
    totals = {}
    for src, sides in per.items():
        known = sum(v for side, v in sides.items() if side != "any")
        totals[src] = max(known, sides.get("any", 0))
    if len(totals) < 2 or len(set(totals.values())) < 2:
        return None
    return Contradiction(about=about, kind="value",
                         claims=[Claim(source=s, value=v) for s, v in sorted(totals.items(), key=lambda x: x[1])])


def denies_a_detail(text: str, sub_event_type: str = "") -> bool:
    """A denial of how something was done ("had not used tear gas", "no live rounds"), not that it happened.

    For a chemical attack, denying the use of chemical weapons denies the event itself.
    """
    from ..lexicon import triggers
    low = text.lower()
    words = [w for w in triggers().get("denied_details", [])
             if not (sub_event_type == "Chemical weapon" and w in ("chemical", "weapons", "irritants"))]
    return any(re.search(r"\b" + re.escape(w) + r"\b", low) for w in words)


def denier_of(sources: list[Source]) -> Optional[str]:
    for s in sources:
        if s.stance == "denied":
            return s.text
    return sources[0].text if sources else None
