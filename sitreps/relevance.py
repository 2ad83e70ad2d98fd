"""A cheap test of whether a text (or a paragraph) could report political violence or protest.

Runs on raw text with one compiled regular expression built from the trigger lexicon,
so the expensive stages (tagging, parsing, entity recognition) only see text that may
hold an event or a figure. Tuned for recall: it must not drop event-bearing text.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import triggers

#: Extra cues for figures (displacement, territory) that are not event triggers.
_FIGURE_CUES = ["fled", "flee", "fleeing", "displaced", "displacement", "refugees", "percent", "per cent",
                "besieged", "siege", "missing", "detained", "casualties", "toll", "wounded", "injured", "dead",
                "died", "killed", "uprooted", "homeless", "evacuated", "martyr", "martyrs", "martyred",
                "hostage", "hostages"]
#: Armed actors: an article about them is worth reading even without an event word, but a
#: sentence needs an event or figure word to give anything.
_ACTOR_CUES = ["terrorist", "terrorists", "militants", "insurgents", "rebels", "jihadists", "gunmen", "infiltrated",
               "ceasefire", "truce"]


@lru_cache(maxsize=2)
def _pattern(actors: bool = True) -> re.Pattern:
    lex = triggers()
    words: set[str] = set()
    for key in ("violence", "territory_gain", "territory_nonviolent", "abduction", "sexual_violence", "arrests",
                "protest", "protest_actor", "riot", "mob", "agreement", "base", "looting", "disrupted",
                "group_activity"):
        words.update(lex[key])
    for phrases in lex["instruments"].values():
        words.update(phrases)
    words.update(_FIGURE_CUES)
    if not actors:
        # sentences that doubt or deny what was told before them must be read too
        words.update(w for w in lex["denial"] + lex["unconfirmed"] if w != "suspected")
        words.update(["verified", "confirmed", "live rounds", "live ammunition"])
    if actors:
        words.update(_ACTOR_CUES)
    # whole words, with regular inflections ("shelled", "clashes"): "according" is not "accord"
    stems = sorted({w.lower() for w in words if len(w) > 2}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")(?:s|es|ed|d|ing|ings)?\b", re.I)


#: Cues common in ordinary news ("3 percent", "signed a contract", "a strike by workers", a sports "battle"):
#: alone they do not make a text worth parsing, beside any other cue they count.
WEAK_CUES = frozenset({"percent", "per cent", "sign", "signed", "signing", "agreed", "agreement", "accord", "march",
                       "marched", "rally", "rallied", "rallies", "strike", "strikes", "hit", "shot", "fight", "fought",
                       "battle", "battled", "down", "push", "pushed", "take", "took", "taken", "enter", "entered",
                       "advance", "advanced", "mine", "mines", "shell", "shells", "drone", "drones", "jets", "rocket",
                       "rockets", "missing", "toll"})


@lru_cache(maxsize=1)
def _weak() -> frozenset[str]:
    """`WEAK_CUES` and the lexicon's patrol and deployment words ("police patrolled": common news)."""
    return WEAK_CUES | {w.lower() for w in triggers()["group_activity"]}


@lru_cache(maxsize=1)
def _actor_words() -> frozenset[str]:
    return frozenset(w.lower() for w in _ACTOR_CUES)


def has_cue(text: str) -> bool:
    """True when `text` contains a violence, protest, territory or figure word (the sentence-level test)."""
    return _pattern(False).search(text) is not None


def is_relevant(text: str) -> bool:
    """True when `text` may report political violence, protest or a conflict figure (the article-level test).

    Any strong cue ("killed", "air strike", "protesters", "displaced") passes; cues that are
    common in other news ("percent", "signed", "strike") pass only with another cue beside them.
    """
    weak_seen = set()
    for m in _pattern().finditer(text):
        cue = m.group(0).lower()
        if cue not in _weak():
            return True
        weak_seen.add(cue)
        if len(weak_seen) >= 2:
            return True
    return False


def has_strong_cue(text: str) -> bool:
    """True when `text` holds a violence, protest or territory word that is not a weak cue
    (actor words such as "militants" do not count: they name who, not what happened)."""
    weak, actors = _weak(), _actor_words()
    return any(m.group(0).lower() not in weak and m.group(0).lower() not in actors
               for m in _pattern(False).finditer(text))


def relevant_cues(text: str) -> list[str]:
    """The cues found in `text`, lowercased, for explaining a decision."""
    return sorted({m.group(0).lower() for m in _pattern().finditer(text)})
