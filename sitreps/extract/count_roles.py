"""What each number phrase of a sentence counts: its role, whose people, and how it relates to the others.

`tag_counts(span)` gives one `CountTag` per number phrase ("at least 12", "dozens", "a soldier"):

- `role`: killed, injured, abducted, arrested, displaced, missing, other_people (people with no
  casualty role: protesters, troops deployed) or not_people (years, times, ages, weapons, page
  furniture);
- `side`: civilian, state, nonstate, mixed or unspecified, from the noun counted;
- `relation` to the counts before it: new, part ("three of them children"), restates ("bringing
  the toll to 12"), alternative (another source's figure for the same people) or total (the sum
  of the parts that follow it);
- `scope`: event (one incident's toll) or cumulative (a running total over a period or a war);
- `approx`: a vague quantity ("dozens", "thousands") rather than a number.

The words are data (`data/counts.json`); killed and injured come from `counts._outcome_of`, the
same reading the toll of an event uses. Measured on `corpus/counts/` by `bench/eval_counts.py`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ..lexicon import count_words
from .counts import (NON_PERSON_UNITS, VAGUE_NUMBERS, WORD_NUMBERS, _is_not_a_count, _outcome_of, read_number)

ROLES = ("killed", "injured", "abducted", "arrested", "displaced", "missing", "other_people", "not_people")
CASUALTY_ROLES = ROLES[:6]


@dataclass
class CountTag:
    start: int  # token span of the phrase in the doc, qualifier included
    end: int
    value: float
    qualifier: str
    value_high: Optional[float]
    role: str
    side: str = "unspecified"
    relation: str = "new"
    of: Optional[int] = None  # index of the count this one is part of, restates or is an alternative to
    scope: Optional[str] = "event"
    approx: bool = False
    noun: str = ""


@lru_cache(maxsize=1)
def _words() -> dict:
    d = count_words()
    sides = {w: side for side, words in d["sides"].items() for w in words}
    roles = [(role, frozenset(ws)) for role, ws in d["roles"].items()]
    return {"sides": sides, "roles": roles, "kill": dict(roles)["killed"], "persons": frozenset(d["person_nouns"]),
            "suffixes": tuple(d["person_suffixes"]), "not_persons": frozenset(d["not_person_nouns"]),
            "people_verbs": frozenset(d["people_verbs"]), "capture": frozenset(d["capture_words"]),
            "agent_verbs": frozenset(d["agent_verbs"]),
            "cumulative": _phrase_re(d["cumulative_cues"]), "alternative": frozenset(d["alternative_cues"]),
            "restating": _phrase_re(d["restating_cues"])}


def _phrase_re(phrases: list[str]) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + r")\b")


def _number_token(doc, start: int, end: int) -> int:
    return next((k for k in range(start, end) if doc[k].like_num or doc[k].lower_ in VAGUE_NUMBERS
                 or doc[k].lower_ in WORD_NUMBERS), start)


def _named_people(tok) -> bool:
    w = _words()
    return tok.lower_ in w["sides"] or tok.lower_ in w["persons"]


def _thing_noun(tok) -> bool:
    """A noun listed as counting things ("bunkers", "technicals", "airstrikes"), in any number."""
    w = _words()
    lemma = tok.lemma_.lower()
    return bool({tok.lower_, lemma, lemma + "s"} & (w["not_persons"] | NON_PERSON_UNITS))


def is_person(tok) -> bool:
    """Whether a noun names people: from the lists, a nationality, or an ending such as -er, -ist, -ian."""
    low = tok.lower_
    if _named_people(tok) or tok.lemma_.lower() in _words()["sides"]:
        return True
    if _thing_noun(tok) or tok.pos_ not in ("NOUN", "PROPN"):
        return False
    if tok.ent_type_ in ("NORP", "PERSON"):
        return True
    if tok.tag_ == "NN":  # one "-er" is as often a thing ("an encounter", "a helicopter") as a person
        return len(low) > 4 and low.endswith(("ist", "ian", "man", "woman", "ee"))
    return tok.pos_ == "NOUN" and len(low) > 4 and low.endswith(_words()["suffixes"])


def _not_people(tok) -> bool:
    """A noun known to count things, not people ("14 bunkers", "3 technicals", "56 airstrikes")."""
    if _named_people(tok):
        return False
    return _thing_noun(tok) or tok.ent_type_ in ("GPE", "LOC", "FAC", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY")


def _singular_person(doc, i: int) -> bool:
    """'a soldier', 'an elderly woman', 'another civilian': one person counted by an article."""
    tok = doc[i]
    if tok.dep_ == "det" and tok.head.i > i and tok.head.i - i <= 6:
        return is_person(tok.head) and tok.head.tag_ in ("NN", "NNP")
    if tok.lower_ == "another" and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "conj"):
        return True  # "one was killed and another wounded"
    return False


def _numbers(span) -> list[tuple[int, int, float, str, Optional[float], bool]]:
    """(start, end, value, qualifier, high, is_count) of every number phrase in the span."""
    doc = span.doc
    out = []
    i = span.start
    while i < span.end:
        tok = doc[i]
        if tok.lower_ == "a" and i + 2 < span.end and doc[i + 1].lower_ == "number" and doc[i + 2].lower_ == "of":
            out.append((i, i + 3, 2.0, "at least", None, True))  # "a number of people": vague, at least two
            i += 3
            continue
        if tok.lower_ in ("a", "an", "another") and _singular_person(doc, i):
            out.append((i, i + 1, 1.0, "exactly", None, True))
            i += 1
            continue
        if tok.like_num or tok.lower_ in VAGUE_NUMBERS or tok.lower_ in WORD_NUMBERS:
            n = read_number(doc, i)
            many_more = tok.lower_ == "many" and i + 1 < len(doc) and (
                doc[i + 1].lower_ in ("more", "others") or doc[i + 1].tag_ == "VBN")
            if n is not None and (many_more or tok.lower_ not in ("a", "an", "single", "both", "twin", "couple",
                                                                   "some", "many")):
                count = not _is_not_a_count(doc, i, n)
                out.append((n.start, n.end, n.value, n.qualifier, n.value_high, count))
                i = max(n.end, i + 1)
                continue
        i += 1
    return out


def _counted_noun(doc, i: int):
    """The noun a number counts ("12 soldiers", "dozens of civilians", "tens of thousands of people")."""
    tok = doc[i]
    noun = None
    if tok.dep_ in ("nummod", "quantmod", "amod", "det") and tok.head.i != tok.i:
        head = tok.head
        noun = head.head if head.dep_ == "nummod" else head
    else:
        k = i
        while k + 2 < len(doc) and doc[k + 1].lower_ == "of":
            objs = [c for c in doc[k + 1].children if c.dep_ == "pobj"]
            if not objs:
                break
            noun = objs[0]
            if noun.lower_ not in VAGUE_NUMBERS and not noun.like_num:
                break
            k = noun.i
    if noun is not None and (noun.ent_type_ in ("DATE", "TIME") or noun.pos_ == "PRON"):
        return None  # "21 wounded Sunday": a parse that counts the day; "three of them": counted before
    return noun


def _node_words(node) -> set[str]:
    """A node's word and lemma, its predicative children, and the objects of its prepositions
    ("under arrest", "in custody")."""
    words = {node.lemma_.lower(), node.lower_}
    if any(c.dep_ == "conj" and c.lemma_.lower() in _words()["kill"] for c in node.children):
        words.add("killed")  # "shot and killed"
    for c in node.children:
        if c.dep_ in ("acomp", "xcomp", "oprd", "attr", "amod", "prt", "acl"):
            words.add(c.lower_)
        elif c.dep_ == "prep" and c.lower_ in ("under", "in", "into", "to"):
            words |= {g.lower_ for g in c.children if g.dep_ == "pobj"}
    return words


def _captured(node, noun) -> str:
    """'captured' people: arrested when the state or the law takes them, abducted when an armed group
    takes civilians."""
    sides = _words()["sides"]
    takers = [t for t in node.children if t.dep_ == "nsubj"] + \
        [g for c in node.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    taker = takers[0] if takers else None
    side = sides.get(taker.lower_) if taker is not None else None
    if taker is not None and side is None and taker.pos_ == "PROPN":
        side = "nonstate"  # a named group ("Hezbollah captured ..."); state forces come as nouns
    victims = sides.get(noun.lower_) if noun is not None else None
    if side == "state":
        return "arrested"
    if side == "nonstate" or side is None and taker is not None or victims in ("civilian", "state"):
        return "abducted"
    return "arrested"


def _role(doc, i: int, sent_end: int, noun) -> Optional[str]:
    """The casualty role the tree gives the people counted at token i, or None."""
    w = _words()
    roles = w["roles"]
    node = doc[i]
    for _ in range(5):
        words = _node_words(node)
        if words & w["capture"] and (node.pos_ == "VERB" or node.lemma_ == "capture") and \
                (noun is None or is_person(noun)) and (
                node.lemma_ not in ("take", "round") or any(c.lower_ in ("prisoner", "captive", "up", "hostage")
                                                           for c in node.children)):
            if node.lemma_ == "take" and any(c.lower_ in ("hostage", "captive") for c in node.children):
                return "abducted"
            return _captured(node, noun)
        for role, ws in roles:
            if words & ws:
                if role == "abducted" and node.lemma_.lower() == "seize" and noun is not None \
                        and noun.lower_ not in w["sides"] and noun.lower_ not in w["persons"]:
                    continue  # "seized 20 rifles"
                if role == "killed" and node.lemma_.lower() in ("life", "lives") and \
                        not any(t.lemma_ in ("lose", "claim", "take", "cost") for t in node.ancestors):
                    continue
                if role == "injured" and node.dep_ == "conj" and node.head.i < node.i and \
                        node.head.lemma_.lower() in w["kill"] and \
                        not any(c.dep_ in ("dobj", "nsubjpass", "nsubj") for c in node.head.children):
                    return "killed"  # "killing or wounding dozens": the role given first
                return role
        if node.head.i == node.i:
            break
        node = node.head
    for t in doc[i + 1:min(sent_end, i + 3)]:
        for role, ws in roles:
            if t.lower_ in ws and t.tag_ in ("VBN", "VBD", "JJ"):
                return role  # "and millions displaced", "six others injured"
    found = _outcome_of(doc, i, sent_end)
    if found is None and any(t.lemma_ in ("reach", "rise", "climb", "stand", "hit") for t in doc[i].ancestors) and \
            any(t.lower_ == "toll" for t in doc[max(0, i - 20):i]):
        return "killed"  # "the death toll from the blast reached at least 112"
    return found


def _side(noun, prev: list[CountTag]) -> str:
    if noun is None:
        return "unspecified"
    sides = _words()["sides"]
    if noun.lower_ == "others" and prev:
        return prev[-1].side
    found = {sides[noun.lower_]} if noun.lower_ in sides else set()
    for c in noun.children:
        counted_apart = any(g.dep_ == "nummod" for g in c.children)  # "four soldiers and seven militants"
        if c.dep_ in ("compound", "amod") or c.dep_ == "conj" and not counted_apart:
            if c.lower_ in sides:
                found.add(sides[c.lower_])
    if len(found) > 1:
        return "mixed"
    return found.pop() if found else "unspecified"


def _is_part(doc, start: int, end: int, noun, sent_end: int) -> bool:
    tail = " ".join(t.lower_ for t in doc[end:min(sent_end, end + 4)])
    if re.match(r"(of )?(them|whom|those)\b", tail):
        return True
    before = " ".join(t.lower_ for t in doc[max(0, start - 3):start])
    if re.search(r"\b(including|among them|among whom|among those|among the|of whom|of them)$", before):
        return True
    if noun is not None and noun.dep_ == "appos":
        return True
    return noun is not None and noun.dep_ == "pobj" and noun.head.lower_ in ("including", "among")


#: How far from a number its clause is read for running-total cues, in tokens.
SCOPE_WINDOW = 25
#: A sentence with more number phrases than this is a list or junk, not prose: the rest count no one.
MAX_COUNTS = 40


def _in_clause(tok, clause, number) -> bool:
    """Whether a token belongs to the number's own clause: not inside a relative, adverbial or
    appositive clause that leaves the number out ("..., the deadliest attack since 2015")."""
    node = tok
    for _ in range(12):
        if node.i == clause.i:
            return True
        if node.dep_ in ("relcl", "acl", "ccomp", "advcl", "appos") and not (
                node.left_edge.i <= number.i <= node.right_edge.i):
            return False
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _scope(doc, start: int) -> str:
    cues = _words()["cumulative"]
    clause = doc[start].head
    for _ in range(3):
        if clause.pos_ == "VERB" or clause.head.i == clause.i:
            break
        clause = clause.head
    lo, hi = max(clause.left_edge.i, start - SCOPE_WINDOW), min(clause.right_edge.i, start + SCOPE_WINDOW)
    words = " ".join(doc[k].lower_ for k in range(lo, hi + 1) if _in_clause(doc[k], clause, doc[start]))
    return "cumulative" if cues.search(words) else "event"


_RANGE_WORDS = frozenset({"to", "and", "-", "–", "or", "well", "over", "more", "than", "as", "many", "up", "nearly",
                          "almost", "perhaps", "possibly", "maybe", "even", ","})


def _is_range(doc, first: CountTag, second: CountTag) -> bool:
    """'from 500 to well over 1,000', 'between 20 and 30', 'dozens, perhaps hundreds'."""
    between = [x.lower_ for x in doc[first.end:second.start]]
    if not between or len(between) > 4 or not set(between) <= _RANGE_WORDS:
        return False
    before = doc[first.start - 1].lower_ if first.start > 0 else ""
    return before in ("from", "between") or "perhaps" in between or "possibly" in between or between == ["or"]


def _relate(tags: list[CountTag], doc, sent_end: int) -> None:
    """Relations between the counts of one sentence, left to right."""
    w = _words()
    for k, t in enumerate(tags):
        if t.role == "not_people" or t.relation != "new":
            continue
        earlier = [j for j in range(k) if tags[j].role == t.role and tags[j].relation == "new"]
        before = " ".join(x.lower_ for x in doc[max(0, t.start - 6):t.start])
        if earlier and w["restating"].search(before):
            t.relation, t.of = "restates", earlier[-1]
            continue
        if earlier and _is_range(doc, tags[earlier[-1]], t):
            t.relation, t.of = "alternative", earlier[-1]  # "from 500 to well over 1,000": one toll, two readings
            continue
        if earlier:
            # "five dead, while activists said seven": another source's figure for the same people, but
            # not "five killed and seven more" or "also"
            between = {x.lower_ for x in doc[tags[earlier[-1]].end:t.start]}
            if between & w["alternative"] and not between & {"and", "also"} \
                    and t.side in ("unspecified", tags[earlier[-1]].side):
                t.relation, t.of = "alternative", earlier[-1]
        # "four killed: two in one town, one in another": the first is the total of those after the colon
        nxt = tags[k + 1].start if k + 1 < len(tags) else sent_end
        if ":" in doc[t.end:nxt].text:
            parts = [j for j in range(k + 1, len(tags)) if tags[j].role == t.role]
            if len(parts) >= 2:
                t.relation = "total"
                for j in parts:
                    tags[j].relation, tags[j].of = "part", k


def _is_agent(noun) -> bool:
    """'three gunmen killed ...', 'a suicide bomber struck': the people counted did it."""
    if noun is None or noun.dep_ != "nsubj":
        return False
    head = noun.head
    if head.lemma_.lower() == "blow" and any(c.lower_ in ("himself", "herself", "themselves") for c in head.children):
        return False  # "a suicide bomber blew himself up": he died
    # an agent has a victim: "others wounded" (no object) is an elided passive, not an attack by the others
    return head.lemma_.lower() in _words()["agent_verbs"] and any(c.dep_ == "dobj" for c in head.children)


def _is_age(doc, start: int, end: int) -> bool:
    """'Khaled Radaida, 55,' or 'Jamie Bright (45)': an age after a name."""
    if start < 2 or end >= len(doc):
        return False
    before, after = doc[start - 1].text, doc[end].text
    return (before, after) in ((",", ","), ("(", ")"), (",", ".")) and doc[start - 2].pos_ == "PROPN"


def _counts_people(doc, i: int, noun) -> bool:
    verbs = _words()["people_verbs"]
    subject = noun if noun is not None and noun.dep_ in ("nsubj", "nsubjpass") else doc[i]
    if subject.dep_ in ("nsubj", "nsubjpass") and subject.head.lemma_.lower() in verbs:
        return True  # "About 500 aborigines ... demonstrated"
    if noun is not None:
        return is_person(noun) or doc[i].lower_ in ("a", "an", "another")
    return False


def tag_counts(span) -> list[CountTag]:
    """Every number phrase of a sentence with its role, side, relation and scope.

    Read once per span: the toll of a sentence's event and its figures both ask, so the tags are
    kept on the Doc (callers must not change them)."""
    key = ("sitreps_count_tags", span.start, span.end)
    memo = span.doc.user_data
    if key not in memo:
        memo[key] = _tag(span)
    return memo[key]


def _tag(span) -> list[CountTag]:
    doc = span.doc
    tags: list[CountTag] = []
    for n, (start, end, value, qualifier, high, is_count) in enumerate(_numbers(span)):
        if n >= MAX_COUNTS:
            tags.append(CountTag(start, end, value, qualifier, high, "not_people", scope=None))
            continue
        i = _number_token(doc, start, end)
        noun = _counted_noun(doc, i) if is_count else None
        role = "not_people"
        if is_count and _is_age(doc, start, end):
            is_count = False
        if is_count and noun is not None and _not_people(noun) and doc[i].lower_ not in ("a", "an", "another"):
            is_count = False
        if is_count and _is_agent(noun):
            role = "other_people"
        elif is_count:
            role = _role(doc, i, span.end, noun)
            if role is None and _counts_people(doc, i, noun):
                role = "other_people"
            elif role is None:
                # "6,000 people marched in one city, 2,000 in another": a count without a noun in a list
                prev = tags[-1] if tags else None
                listed = noun is None and doc[i].dep_ in ("conj", "npadvmod", "appos", "dobj", "nsubj")
                role = prev.role if listed and prev is not None and prev.role != "not_people" else "not_people"
        tag = CountTag(start, end, value, qualifier, high, role,
                       approx=doc[i].lower_ in VAGUE_NUMBERS, noun=noun.text if noun is not None else "")
        # "three of them children": the reader leaves such counts out of a toll; here they are a part of it
        part = (is_count or value < 1900) and _is_part(doc, start, end, noun, span.end)
        people = [t for t in tags if t.role not in ("not_people", "other_people")]
        if part and people and role in ("not_people", "other_people"):
            role = tag.role = people[-1].role  # "ten killed, three of them children": three of the dead
        if role != "not_people":
            tag.side = _side(noun, tags)
            tag.scope = _scope(doc, i)
            if part:
                prev = [j for j in range(len(tags)) if tags[j].role == role]
                tag.relation, tag.of = ("part", prev[-1]) if prev else ("new", None)
        else:
            tag.scope = None
        tags.append(tag)
    _relate(tags, doc, span.end)
    return tags
