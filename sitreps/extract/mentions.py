"""Event mentions: one sentence's report of something that happened, before merging into events.

For each parsed sentence: find the main trigger, decide the ACLED sub-event type,
the actors on each side, the date, the place, the casualties and the sources.
Sentences about threats, plans, talks, background history or running totals give
no mention. Everything here is a small function of a spaCy sentence and a context.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from .document import span_text, subtree
from ..lexicon import sub_event_types, triggers as lexicon
from .actors import ActorMention, _generic_index, find_actors, post_owner
from .attribution import Source, find_sources, sentence_stance
from .count_roles import tag_counts
from .counts import Casualty, casualty_counts
from .dates import DateMention, find_dates
from ..relevance import has_strong_cue
from .eventclass import event_class, has_classifier
from .figures import is_cumulative
from .triggers import EVENT_CLASSES, Trigger, find_triggers, instrument_priority

CLASH_VERBS = {"overrun", "overran", "storm", "stormed", "ambush", "ambushed", "clash", "clashed", "fight", "fought",
               "engage", "engaged", "attack", "attacked", "raid", "raided", "battle", "battled", "assault",
               "assaulted", "encounter", "gunfight", "gunbattle", "firefight", "clashes"}
TARGET_DEPS = {"dobj", "nsubjpass", "pobj", "attr", "conj", "appos"}
CONTEXT_PREPS = {"amid", "despite", "against", "following", "since", "during", "before", "over", "about", "of"}
MODALS = {"will", "would", "could", "might", "may", "should", "shall", "must", "can"}
TERRITORY_OBJECTS = {"area", "areas", "neighbourhood", "neighbourhoods", "neighborhood", "neighborhoods", "town",
                     "towns", "village", "villages", "city", "cities", "district", "districts", "territory",
                     "control", "enclave", "region", "province", "hill", "hills", "base", "airport", "road",
                     "highway", "suburb", "suburbs", "parts", "part", "quarter", "ground", "kilometre", "kilometres",
                     "km", "positions", "strongholds", "stronghold", "countryside", "capital", "settlement"}
#: Verbs whose object is an event told elsewhere: saying something about it is not another event.
TALK_ABOUT = {"claim", "condemn", "blame", "investigate", "deny", "praise", "denounce", "mourn", "describe",
              "call", "welcome", "discuss", "recall", "commemorate", "mark", "remember"}

#: Words that count the dead without saying who they were.
UNNAMED_VICTIMS = {"people", "persons", "person", "others", "victims", "bodies", "individuals", "dead", "lives"}

#: Verbs whose date is when something was said, not when it happened.
REPORTING_VERBS = {"say", "tell", "report", "announce", "claim", "state", "confirm", "deny", "quote", "estimate",
                   "insist", "acknowledge", "add", "note"}
PROTEST_NOUNS = {"protest", "protests", "demonstration", "demonstrations", "rally", "rallies", "march", "marches",
                 "sit-in", "strike"}


@dataclass
class Mention:
    """What one sentence says happened."""

    event_type: str
    sub_event_type: str
    trigger_i: int
    sent: object  # spaCy Span
    actor1: Optional[ActorMention] = None
    actor2: Optional[ActorMention] = None
    date: Optional[dt.date] = None
    time_precision: int = 1
    date_text: Optional[str] = None
    explicit_date: bool = False
    place: object = None  # sitreps.geo.choose.PlaceMention
    explicit_place: bool = False
    killed: list[tuple[int, Optional[int], str]] = field(default_factory=list)  # (value, high, victims' side)
    injured: int = 0
    sources: list[str] = field(default_factory=list)
    stance: str = "asserted"
    generic: bool = False  # a generic violence word only: may continue an earlier mention
    toll_only: bool = False  # "the official put the toll at 12": a figure for the event told just before
    relative: Optional[tuple[str, int, bool]] = None  # ("relative_after", days, phrase before trigger) for "a day after"
    anchor: Optional[dt.date] = None  # the day a relative date counts from, when the sentence names it
    para_index: int = 0
    offset: int = 0  # char offset of the sentence's doc in the article
    notes: list[str] = field(default_factory=list)  # why a figure in the sentence is not the event's toll


def _event_type(sub: str) -> str:
    return sub_event_types()[sub]


@lru_cache(maxsize=1)
def _lex_sets():
    lex = lexicon()
    return {
        "weak": set(lex["weak_violence"]),
        "not_events": set(lex["not_events"]),
        "event_instruments": set(lex.get("event_instruments", [])),
        "nonviolent": [p for p in lex["territory_nonviolent"]],
        "intervention": [p for p in lex["protest_intervention"]],
        "people_captured": set(lex.get("people_captured", [])),
        "people_nouns": set(lex.get("people_nouns", [])),
        "riot_force": set(lex.get("riot_force_nouns", [])),
        "stoppage": set(lex.get("strike_stoppage_modifiers", [])),
        "excessive": [p for p in lex["protest_excessive"]],
    }


def _depth(tok) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok = tok.head
        d += 1
    return d


def _has_phrase(text_low: str, phrases) -> bool:
    return any(re.search(r"\b" + re.escape(p) + r"\b", text_low) for p in phrases)


def _is_eventive(t: Trigger, doc) -> bool:
    sets = _lex_sets()
    if t.cls in EVENT_CLASSES:
        return True
    return t.cls == "instrument" and t.phrase in sets["event_instruments"]


def _main_trigger(trigs: list[Trigger], doc) -> Optional[Trigger]:
    cands = [t for t in trigs if _is_eventive(t, doc) and t.cls not in ("protest_actor",)]
    if not cands:
        return None
    weak = _lex_sets()["weak"]
    strong = [t for t in cands if t.phrase not in weak] or cands
    return min(strong, key=lambda t: (_depth(t.head(doc)), t.start))


def _blocked(main: Trigger, sent) -> Optional[str]:
    """Why the main trigger does not report a happening (modal, threat, negation, context phrase), or None."""
    doc = sent.doc
    tok = main.head(doc)
    not_events = _lex_sets()["not_events"]
    chain = [tok] + [a for a in tok.ancestors if a.i >= sent.start and a.i < sent.end]
    for a in chain[:4]:
        if a.lemma_.lower() in not_events or a.lower_ in not_events:
            return f"not an event ({a.lower_})"
        for c in a.children:
            if c.dep_ in ("aux", "auxpass") and c.lower_ in MODALS:
                return f"modal ({c.lower_})"
            if c.dep_ == "neg" and a.pos_ in ("VERB", "AUX"):
                return "negated"
        if a.pos_ == "VERB":
            break
    if tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "pobj") and (tok.head.lemma_.lower() in TALK_ABOUT or
                                                               tok.head.head.lemma_.lower() in TALK_ABOUT):
        return "talk about an event"  # "no one claimed the blasts", "condemned the attack"
    verb = next((a for a in [tok] + list(tok.ancestors) if a.pos_ in ("VERB", "AUX")), None)
    if verb is not None and verb.tag_ in ("VBZ", "VBP") and any(
            c.lower_ in ("still", "often", "regularly", "frequently", "routinely", "usually", "repeatedly")
            for c in verb.children):
        return "habitual"  # "gunmen still carry out raids on the roads"
    if any(a.lower_ in ("capable", "able") for a in tok.ancestors):
        return "capability"  # "a force able to defeat the insurgents"
    if tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN") and main.end - main.start == 1:
        return "context (a word naming something else)"  # "protest leaders", "attack helicopters"
    if (tok.dep_ == "relcl" or main.cls == "violence" and tok.dep_ == "acl") and tok.head.pos_ in ("NOUN", "PROPN") \
            and tok.i != sent.root.i and not _own_clause(tok):
        return "context (describes a noun)"  # "the shells fired overnight were mostly duds"
    if tok.pos_ == "NOUN":
        for a in tok.ancestors:
            if a.dep_ == "prep" and a.lower_ in CONTEXT_PREPS and a.head.pos_ == "NOUN" and a.lower_ != "of":
                return f"context ({a.lower_})"
            if a.dep_ == "prep" and a.lower_ in ("after", "before", "following", "since", "amid", "despite"):
                return f"context ({a.lower_})"
            if a.lower_ in ("amid", "despite") or (a.lower_ == "against" and a.head.lower_ != "attack"):
                return f"context ({a.lower_})"
            if a.pos_ == "VERB":
                break
    return None


def _instruments(trigs: list[Trigger], main: Trigger, sent) -> list[Trigger]:
    """Instruments that deliver the violence (not aircraft shot down, not weapons seized)."""
    doc = sent.doc
    out = []
    for t in trigs:
        if t.cls != "instrument":
            continue
        h = t.head(doc)
        if t.phrase in ("strike", "strikes", "bomb", "shell", "bombs") and h.pos_ == "VERB" and t.phrase != "bombs":
            if t.phrase in ("strike", "strikes", "shell"):
                continue
        if h.dep_ in ("nsubjpass",) and h.head.lemma_.lower() in ("shoot", "down", "hit", "destroy", "seize", "target"):
            continue
        if h.dep_ == "dobj" and h.head.lemma_.lower() in ("attack", "shoot", "down", "target", "destroy", "seize",
                                                           "capture", "intercept", "defuse", "recover", "find"):
            continue
        if h.dep_ == "pobj" and h.head.head.lemma_.lower() in ("seize", "recover", "find") :
            continue
        if any(x.lower_ in ("shot", "downed") for x in doc[max(sent.start, h.i - 3):min(sent.end, h.i + 4)]) and \
                t.sub_event_type == "Air/drone strike":
            continue
        side = next((a for a in h.ancestors if a.dep_ == "prep" and a.lower_ in ("after", "before", "following",
                                                                              "since", "amid")), None)
        main_head = main.head(doc)
        relative = side is not None and side.i > 0 and doc[side.i - 1].lower_ in ("day", "days", "week", "weeks")
        if side is not None and not relative and not (side.left_edge.i <= main_head.i <= side.right_edge.i):
            continue  # "hours after a drone strike": another event, told in passing
        out.append(t)
    clash = set(lexicon().get("clash_nouns", []))
    clash_trigs = [t for t in trigs if t.cls == "violence" and t.phrase in clash]
    if out and clash_trigs:
        def subordinate(t):
            return any(a.dep_ in ("acl", "advcl", "relcl", "xcomp") or a.lemma_ in ("use", "with")
                       for a in t.head(doc).ancestors if a.i != mh.i) or t.head(doc).dep_ in ("acl", "advcl")
        mh = main.head(doc)
        if all(subordinate(t) for t in out):
            return []
    # a clash verb with the instrument only in a participle ("tried to overrun a post, shelling it") stays a clash
    mh = main.head(doc)
    if out and mh.pos_ == "VERB" and (mh.lower_ in CLASH_VERBS or mh.lemma_.lower() in CLASH_VERBS):
        keep = []
        for t in out:
            h = t.head(doc)
            in_core = any(a.i == mh.i for a in h.ancestors) and not any(
                a.dep_ in ("advcl", "xcomp", "conj") and a.i != mh.i for a in h.ancestors if a.i > mh.i or a.i < mh.i
                and any(b.i == mh.i for b in a.ancestors))
            if in_core or h.i == mh.i:
                keep.append(t)
        out = keep
    return out


def _is_people(tok) -> bool:
    """A token naming people: a person's name, a word for people, a pronoun, or a bare number
    ("the 15 were captured", "eighteen of the rebels")."""
    nouns = _lex_sets()["people_nouns"]
    if tok.ent_type_ == "PERSON" or tok.lower_ in nouns or tok.lemma_.lower() in nouns:
        return True
    if tok.lower_ in ("he", "she", "they", "him", "her", "them", "we", "us"):
        return True
    if tok.like_num or tok.ent_type_ == "CARDINAL":
        kids = [g for c in tok.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        return not kids or any(_is_people(g) for g in kids)
    return False


def _people_taken(verb, direct) -> bool:
    """Whether what a capture verb takes is people: its object, passive subject, or the noun it
    modifies ("a man captured on Friday")."""
    if any(_is_people(c) for c in direct):
        return True
    return verb.dep_ == "acl" and _is_people(verb.head)


def classify(trigs: list[Trigger], main: Trigger, sent) -> Optional[str]:
    """The sub-event type for the sentence, or "generic" for violence decided later by the actors."""
    low = span_text(sent).lower()
    classes = {t.cls for t in trigs}
    sets = _lex_sets()
    doc = sent.doc
    protest_actor = "protest_actor" in classes
    if "protest" in classes or ("riot" in classes or _has_phrase(low, sets["intervention"])) and protest_actor:
        protest_nouns = any(t.cls == "protest" for t in trigs) or protest_actor
        if protest_nouns:
            if "mob" in classes:
                return "Mob violence"
            violent_crowd = "riot" in classes and (protest_actor or "protest" in classes)
            if _has_phrase(low, ["live ammunition", "live rounds", "live bullets", "shot dead"]) or \
                    (_has_phrase(low, ["killed", "killing"]) and "police" in low):
                return "Excessive force against protesters"
            if violent_crowd:
                return "Violent demonstration"
            if _has_phrase(low, sets["intervention"]) or "police" in low and _has_phrase(low, ["fired", "clashed", "arrested"]):
                return "Protest with intervention"
            return "Peaceful protest"
    if "riot" in classes and not ({"violence"} & classes and any(t.phrase in ("killed", "killing") for t in trigs)):
        if any(t.cls == "riot" and t.phrase in ("riot", "riots", "rioted", "rioting") for t in trigs) or \
                re.search(r"\b(rioters|rioting|mobs?|crowds?|youths|demonstrators|protesters)\b", low):
            return "Violent demonstration"  # "rioters set fire to shops"
    if "mob" in classes:
        return "Mob violence"
    for t in trigs:
        if t.cls == "agreement" and t.phrase in ("sign", "signed", "signing"):
            h = t.head(doc)
            objs = " ".join(x.lower_ for c in h.children if c.dep_ in ("dobj", "prep", "nsubjpass") for x in subtree(c))
            if _has_phrase(objs, ["deal", "agreement", "accord", "ceasefire", "truce", "peace", "treaty", "signatures"]):
                return "Agreement"
    if "base" in classes and _has_phrase(low, ["base", "academy", "facility", "camp", "headquarters"]):
        return "Headquarters or base established"
    intercepted = set(lexicon().get("intercepted_objects", []))
    for t in trigs:
        if t.cls in ("violence", "disrupted") and t.phrase in ("shot down", "downed", "intercepted", "shoot down", "down"):
            h = t.head(doc)
            objs = [c for c in subtree(h) if c.lower_ in intercepted]
            if objs and not any(x.phrase in ("killed", "killing") for x in trigs):
                return "Disrupted weapons use"  # drones or missiles brought down: no one was attacked
    insts = _instruments(trigs, main, sent)
    if "territory_gain" in classes:
        for t in trigs:
            if t.cls != "territory_gain":
                continue
            h = t.head(doc)
            direct = [c for c in h.children if c.dep_ in ("dobj", "nsubjpass", "attr")]
            direct += [g for c in h.children if c.dep_ in ("prep", "prt", "advmod") and c.lower_ in ("of", "into", "on", "in")
                       for g in c.children if g.dep_ == "pobj" and (c.lower_ != "in" or t.phrase in ("move in", "moving in"))]
            if t.phrase in ("fall to", "fell to", "fallen to"):
                direct += [c for c in h.children if c.dep_ == "nsubj"]
            if t.phrase.endswith("control"):
                direct += [g for c in subtree(h) if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
            objs = [c for c in direct if not (c.ent_type_ != "GPE" and _is_people(c)) and (
                    c.lower_ in TERRITORY_OBJECTS or c.ent_type_ in ("GPE", "LOC", "FAC")
                    or any(x.ent_type_ in ("GPE", "LOC", "FAC") for x in c.children if x.dep_ in ("compound", "prep"))
                    or any(x.dep_ == "pobj" and x.ent_type_ in ("GPE", "LOC") for p in c.children if p.lower_ == "of"
                           for x in p.children))]
            if objs and not insts and not any(x.phrase in ("killed", "killing") for x in trigs):
                if _has_phrase(low, sets["nonviolent"]) and not _fighting_told(trigs, low):
                    return "Non-violent transfer of territory"
                return "territory"
            if not objs and t.phrase in sets["people_captured"] and t.start == main.start and \
                    "violence" not in classes and _people_taken(h, direct):
                return "people captured"  # "troops captured a commander": an arrest or an abduction
    if "territory_nonviolent" in classes and not _fighting_told(trigs, low) and not insts and \
            re.search(r"\b(without a fight|handed (over )?control|handed over|pulled out of|withdrew from)\b", low):
        return "Non-violent transfer of territory"  # "troops withdrew from the town without a fight"
    if main.cls == "group_activity" and not insts and "violence" not in classes:
        return "Change to group/activity"  # "riot police patrolled the streets", "troops were deployed"
    if insts:
        prio = instrument_priority()
        return min((t.sub_event_type for t in insts), key=prio.index)
    if "abduction" in classes:
        return "Abduction/forced disappearance"
    if "sexual_violence" in classes:
        return "Sexual violence"
    if "violence" in classes:
        return "generic"
    if "arrests" in classes:
        return "Arrests"
    if "looting" in classes:
        return "Looting/property destruction"
    if "disrupted" in classes:
        return "Disrupted weapons use"
    return None


def rule_type(sent) -> str:
    """What the trigger rules alone say of a sentence, with no context: a sub-event type, "generic",
    "territory", "blocked" (a modal, threat or negation) or "none". A feature of the classifier."""
    doc = sent.doc
    trigs = [t for t in find_triggers(sent) if not _idle_trigger(t, doc)]
    main = _main_trigger(trigs, doc)
    if main is None and any(t.cls == "protest_actor" for t in trigs):
        main = next((t for t in trigs if t.cls == "protest_intervention"), None)
    if main is None:
        return "none"
    if _blocked(main, sent):
        return "blocked"
    return classify(trigs, main, sent) or "none"


@dataclass
class ClassifierPolicy:
    """How the sentence event classifier's label (`sent._.event_class`) joins the rules.

    Thresholds are the classifier's probability for its label; chosen on the dev splits (see
    BENCHMARKS.md, "Event typing on the corpus"). `None` switches a use off. Only `rescue` is on:
    on dev sentences it adds about 0.01 weighted F1 (0.699 to 0.710), while `retype` and `veto`
    cost events on whole articles (a retyped sentence no longer joins its event; a vetoed one loses it).
    """

    retype: Optional[float] = None  # replace the rules' sub-event type
    veto: Optional[float] = None  # a confident no-event label drops the rules' event
    rescue: Optional[float] = 0.9  # an event where the rules found no trigger, or one they cannot type


POLICY = ClassifierPolicy()


def _classifier_says(sent) -> tuple[Optional[str], float, bool]:
    """The classifier's label, its probability, and whether the label is an event."""
    label, p = event_class(sent) or (None, 0.0)
    return label, p, label is not None and not label.startswith("none")


def _above(p: float, threshold: Optional[float]) -> bool:
    return threshold is not None and p >= threshold


def _verb_chain(tok):
    chain = [tok]
    node = tok
    while node.head.i != node.i and node.dep_ in ("advcl", "xcomp", "conj", "pcomp", "acl", "relcl", "ccomp",
                                                    "dobj", "pobj", "prep", "nsubj", "nsubjpass", "compound",
                                                    "amod", "npadvmod", "appos", "attr") and len(chain) < 6:
        if node.head.lower_ in ("after", "before", "following") and node.head.dep_ == "prep":
            break  # "agreed on Sunday ..., a day after a gas attack killed dozens": another event's clause
        node = node.head
        chain.append(node)
        if node.pos_ == "VERB" and node.dep_ == "ROOT":
            break
    return chain


def _in_subtree(actor: ActorMention, root) -> bool:
    return root.left_edge.i <= actor.head_i <= root.right_edge.i


def assign_actors(sent, main: Trigger, actors: list[ActorMention], casualties: list[Casualty],
                  sources: list[Source]) -> tuple[Optional[ActorMention], Optional[ActorMention]]:
    """actor1 (who acted) and actor2 (the target or other side) from the parse."""
    doc = sent.doc
    tok = main.head(doc)
    src_spans = [(s.start, s.end) for s in sources]
    speakers = [a for a in actors if any(s <= doc[a.head_i].idx < e for s, e in src_spans)]
    cands = [a for a in actors if a not in speakers and _same_clause(doc[a.head_i], tok)]
    a1 = a2 = None
    pronoun_subject = False
    chain = _verb_chain(tok)
    # initiator: subject or agent along the verb chain; modifiers of a trigger noun ("Taliban attack")
    for node in chain:
        if node.pos_ in ("NOUN", "PROPN") and node.i == tok.i:
            mods = [a for a in cands if doc[a.head_i].head.i == node.i and doc[a.head_i].dep_ in ("compound", "amod", "poss", "nmod")]
            if mods:
                a1 = mods[0]
                break
        subj = [c for c in node.children if c.dep_ in ("nsubj", "agent", "csubj")]
        for s in subj:
            root = s
            if s.dep_ == "agent":
                objs = [c for c in s.children if c.dep_ == "pobj"]
                root = objs[0] if objs else s
            acted = pronoun_subject or (tok.tag_ == "VBG" and tok.dep_ in ("xcomp", "dobj", "ccomp", "pcomp")
                                        and node.lemma_.lower() in ("acknowledge", "admit", "deny", "confirm", "claim"))
            pool = cands + ([a for a in speakers if a.cls not in ("civilians",)] if acted else [])
            found = [a for a in pool if _in_subtree(a, root) and a.cls not in ("civilians",)]
            if found:
                a1 = found[0]
                break
            if s.pos_ == "PRON":
                pronoun_subject = True  # "M23 rebels said they had taken ...": the speaker acted
            state = _country_as_actor(s)
            if state is not None and node.lemma_.lower() not in REPORTING_VERBS:
                a1 = state  # "Egypt on Monday opened a new naval base"
                break
        if a1:
            break
    # target: objects of the chain and of verbs joined to the trigger ("stormed a school and abducted 30
    # students"), victims counted in the casualties
    for node in chain + [c for c in tok.children if c.dep_ == "conj" and c.pos_ == "VERB"]:
        for c in node.children:
            if c.dep_ in ("dobj", "nsubjpass") or (c.dep_ == "prep" and c.lower_ in ("on", "against", "at", "with", "from")):
                root = c
                found = [a for a in cands if _in_subtree(a, root) and a is not a1]
                if found:
                    a2 = found[0]
                    break
                owner = next((post_owner(x) for x in subtree(root) if post_owner(x)), None)
                if owner is not None:
                    a2 = owner
                    break
        if a2:
            break
    if a2 is None:
        for c in casualties:
            if c.kind != "killed" or c.noun_i is None:
                continue
            m = next((a for a in cands if a.head_i == c.noun_i and a is not a1), None)
            if m is None:
                g = _generic_index().get((c.noun.lower(),))
                if g:
                    m = ActorMention(g["name"], int(g["inter"]), g["class"], c.noun_i, c.noun_i + 1, c.noun_i, None, c.noun)
            if m is not None and (a1 is None or m.template != a1.template):
                a2 = m
                break
    if a1 is None:
        victims = {c.noun_i for c in casualties if c.noun_i is not None}
        rest = [a for a in cands if a is not a2 and a.cls not in ("civilians",) and a.head_i not in victims
                and _same_clause(doc[a.head_i], tok)
                and doc[a.head_i].dep_ not in ("dobj", "nsubjpass")
                and not (a2 is not None and a.template == a2.template)]
        if rest:
            a1 = rest[0]
    if a1 is not None and a2 is not None and a1.template == a2.template and a1.country_code == a2.country_code:
        a2 = None
    return a1, a2


_DOUBT_WORDS = {"reportedly", "believed", "allegedly", "alleged", "purportedly", "apparently", "suspected",
                "thought", "presumed"}


def _doubts_the_event(sent, trigger) -> bool:
    """Whether the sentence's doubt bears on the event: "are believed to have been killed" does,
    "gunmen believed to belong to a cartel" and "suspected militants" do not. Phrases such as
    "could not be independently verified" doubt the whole sentence."""
    doubt_words = [t for t in sent if t.lower_ in _DOUBT_WORDS]
    if not doubt_words:
        return True  # a phrase ("could not be verified") rather than a word
    for t in doubt_words:
        if t.lower_ == "suspected" and t.dep_ in ("amod", "compound"):
            continue
        after = " ".join(x.lower_ for x in sent.doc[t.i + 1:t.i + 4])
        if re.match(r"to (belong|be from|be members|be linked|have links|be part|be loyal)", after):
            continue  # "gunmen believed to belong to a cartel": who they were is doubted, not what they did
        if t.head.i == trigger.i or any(x.i == trigger.i for x in subtree(t)) or \
                (t.dep_ == "advmod" and t.head.i in {trigger.i} | {a.i for a in trigger.ancestors}):
            return True
    return False


def _hits_civilian_site(sent) -> bool:
    """Whether the strike's target is a civilian place (a market, a hospital, homes, a camp for the displaced)."""
    from ..lexicon import actors as actor_data
    sites = set(actor_data().get("civilian_sites", []))
    for tok in sent:
        if tok.lower_ in sites and tok.dep_ in ("dobj", "pobj", "nsubjpass", "compound", "amod", "conj"):
            head = tok.head if tok.dep_ in ("compound", "amod") else tok
            if head.dep_ in ("dobj", "pobj", "nsubjpass", "conj") and not any(
                    a.lower_ in ("military", "army", "rebel", "militant", "training") for a in head.children):
                return True
    return False


def _fighting_told(trigs, low: str) -> bool:
    """Whether the sentence tells of fighting ("after heavy fighting"), beyond "without a fight"."""
    text = re.sub(r"\bwithout (a|any) fight(ing)?\b", " ", low)
    return bool(re.search(r"\b(fighting|clashes|clashed|battles?|killed|killing|fought)\b", text))


def _country_as_actor(tok) -> Optional[ActorMention]:
    """A country named as the one acting ("Turkey inaugurated a base", "Russia struck"): its state forces."""
    from ..lexicon import country_name_words, country_words
    if tok.pos_ != "PROPN" or tok.lower_ not in country_name_words():
        return None
    c = country_words()[tok.lower_]
    return ActorMention("Military Forces of {country}", 1, "military", tok.i, tok.i + 1, tok.i, c.iso2, tok.text)


def _idle_trigger(t, doc) -> bool:
    """Trigger words that do not name an event here: "took off", a protest word in a relative clause
    ("the movement, which has rallied online, ...")."""
    h = t.head(doc)
    if t.cls == "territory_gain" and any(c.dep_ == "prt" and c.lower_ in ("off", "part", "place") for c in h.children):
        return True
    if t.cls in ("protest", "riot") and h.dep_ == "relcl":
        return True
    sets = _lex_sets()
    if t.cls == "riot" and h.dep_ in ("compound", "amod", "nmod") and h.head.lower_ in sets["riot_force"]:
        return True  # "riot police", "riot gear": the force that answers riots, not a riot
    if t.cls in ("violence", "instrument") and h.lower_ in ("strike", "strikes") and h.pos_ == "NOUN" and any(
            c.lower_ in sets["stoppage"] for c in h.children if c.dep_ in ("amod", "compound", "nmod", "poss")):
        return True  # "a general strike", "a hunger strike": a stoppage, not an attack
    return False


def _same_clause(tok, trigger) -> bool:
    """Whether `tok` belongs to the trigger's clause, not to a relative clause or apposition beside it
    ("near Djibo, one of the areas hit by violence linked to al-Qaeda")."""
    trig_line = {trigger.i} | {a.i for a in trigger.ancestors}
    node = tok
    while node.head.i != node.i and node.i not in trig_line:
        if node.dep_ in ("relcl", "acl", "appos", "parataxis") and node.i not in trig_line:
            return False
        node = node.head
    return True


def _generic_actor(template: str, inter: int, cls: str, cc: Optional[str] = None) -> ActorMention:
    return ActorMention(template, inter, cls, -1, -1, -1, cc, "")


def _modifier_country(trigs: list[Trigger], sent) -> Optional[str]:
    """A demonym on an instrument or trigger noun ("Israeli air strike", "Russian warplanes")."""
    from .actors import _country_of_modifiers
    doc = sent.doc
    for t in trigs:
        if t.cls in ("instrument", "violence"):
            cc = _country_of_modifiers(t.head(doc))
            if cc:
                return cc
    return None


def finish_type(sub: str, a1: Optional[ActorMention], a2: Optional[ActorMention], trigs, sent):
    """Resolve "generic" and "territory" with the actors, and fill actors the type implies."""
    cc = _modifier_country(trigs, sent)
    if sub == "territory":
        if a1 is None or a1.cls == "civilians":
            a1 = _generic_actor("Military Forces of {country}", 1, "military", cc)
        sub = "Government regains territory" if a1.inter == 1 else "Non-state actor overtakes territory"
        if a2 is None:
            low = span_text(sent).lower()
            if sub == "Government regains territory" and re.search(r"\b(rebel|opposition|insurgent)", low):
                a2 = _generic_actor("Opposition Rebels ({country})", 2, "rebels")
            elif sub != "Government regains territory" and re.search(r"\b(army|government|troops|soldiers)\b", low):
                a2 = _generic_actor("Military Forces of {country}", 1, "military")
    elif sub == "people captured":
        # ACLED: state forces detaining people is an arrest; anyone else taking them, an abduction
        if a1 is not None and a1.inter in (2, 3, 4):
            sub = "Abduction/forced disappearance"
        else:
            sub = "Arrests"
            if a1 is None or a1.cls == "civilians":
                a1 = _generic_actor("Police Forces of {country}", 1, "police")
    elif sub == "Change to group/activity" and (a1 is None or a1.cls == "civilians"):
        a1 = _generic_actor("Military Forces of {country}", 1, "military", cc)
    elif sub == "generic":
        if a2 is not None and a2.cls == "civilians" and (a1 is None or a1.cls != "civilians"):
            sub = "Attack"
            if a1 is None:
                a1 = _generic_actor("Unidentified Armed Group ({country})", 3, "unidentified")
        else:
            sub = "Armed clash"
            if a1 is not None and a1.cls == "civilians":
                a1, a2 = a2, a1
            if a1 is None and a2 is not None:
                a1 = _generic_actor("Unidentified Armed Group ({country})", 3, "unidentified")
    elif sub == "Air/drone strike" and (a1 is None or a1.inter not in (1, 8)):
        if a1 is not None and a2 is None:
            a2 = a1
        a1 = _generic_actor("Military Forces of {country}", 1, "military", cc)
    elif sub == "Shelling/artillery/missile attack" and a1 is None:
        a1 = _generic_actor("Military Forces of {country}", 1, "military", cc)
    elif sub in ("Remote explosive/landmine/IED", "Suicide bomb", "Grenade") and a1 is None:
        a1 = _generic_actor("Unidentified Armed Group ({country})", 3, "unidentified")
    elif sub in ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"):
        police = a1 if a1 is not None and a1.inter == 1 else (a2 if a2 is not None and a2.inter == 1 else None)
        a1 = _generic_actor("Protesters ({country})", 6, "protesters")
        a2 = None
        if sub != "Peaceful protest":
            a2 = police or _generic_actor("Police Forces of {country}", 1, "police")
    elif sub in ("Violent demonstration",):
        police = a1 if a1 is not None and a1.inter == 1 else (a2 if a2 is not None and a2.inter == 1 else None)
        a1 = _generic_actor("Rioters ({country})", 5, "rioters")
        a2 = police or (_generic_actor("Police Forces of {country}", 1, "police") if "police" in span_text(sent).lower() else None)
    elif sub == "Agreement":
        low = span_text(sent).lower()
        groups = [x for x in (a1, a2) if x is not None and x.cls == "group"]
        gov = _generic_actor("Government of {country}", 1, "government") if re.search(
            r"\b(president|government|prime minister|minister)\b", low) else None
        if gov is not None:
            a1, a2 = gov, (groups[0] if groups else a2)
    elif sub == "Mob violence":
        a1 = _generic_actor("Rioters ({country})", 5, "rioters")
    elif sub in ("Abduction/forced disappearance", "Attack", "Sexual violence") and a1 is None:
        a1 = _generic_actor("Unidentified Armed Group ({country})", 3, "unidentified")
    if a2 is None and _event_type(sub) in ("Explosions/Remote violence",) and _hits_civilian_site(sent):
        a2 = _generic_actor("Civilians ({country})", 7, "civilians")  # "shelling hit a camp for displaced people"
    if a1 is not None and a2 is not None and a1.template == a2.template and a1.country_code == a2.country_code:
        a2 = None
    return sub, a1, a2


def deaths(casualties: list[Casualty], sent) -> tuple[list[tuple[int, Optional[int], str]], int]:
    """The sentence's tolls as (killed, highest reading, side) observations, and the injured.

    Counts under one verb are added ("killing seven civilians and two policemen" is 9); counts
    under different verbs are kept apart and combined per side later, so that "15 soldiers were
    killed ... six Taliban fighters also died" gives 21 while a restated toll is not counted twice.
    Breakdowns ("including two children", "two of them", "among the dead") are left out.
    """
    doc = sent.doc
    groups: dict[int, list[Casualty]] = {}
    injured = 0
    for c in casualties:
        if c.noun_i is not None and doc[c.noun_i].dep_ == "appos":
            continue
        if c.noun_i is not None and doc[c.noun_i].dep_ == "pobj" and doc[c.noun_i].head.lower_ in ("including", "among"):
            continue  # "four people, including two children": a part of the toll, not more of it
        tail = " ".join(t.lower_ for t in doc[c.end:min(sent.end, c.end + 6)])
        if re.search(r"\bamong (the dead|those killed|the victims|the casualties|the killed)\b", tail):
            continue  # "three nurses and a driver among the dead": who the dead were, not how many
        num = doc[c.start:c.end].root
        direct = num.dep_ in ("dobj", "nsubjpass", "nsubj") and (num.head.lemma_.lower() in ("kill", "die") or
                                                                 num.head.lower_ in ("killed", "died", "dead"))
        if num.dep_ == "appos" or not direct and any(t.lower_ in ("them", "whom")
                                                     for t in doc[c.end:min(len(doc), c.end + 3)]):
            continue  # "19 wounded, two of them critically", "334 died, 186 of them children"
        if c.kind == "killed":
            groups.setdefault(_kill_head(doc, c), []).append(c)
        else:
            injured += c.value
    out = []
    for group in groups.values():
        sides = {victim_side(c.noun) for c in group} - {"any"}
        side = sides.pop() if len(sides) == 1 else ("mixed" if sides else "any")
        total = sum(c.value for c in group)
        high = sum((c.value_high or c.value) for c in group)
        out.append((total, high if high != total else None, side))
    return out, injured


def _kill_head(doc, c: Casualty) -> int:
    """The token saying the people counted were killed ("killing", "died", "dead"), or the number itself."""
    from .counts import KILL_WORDS
    node = doc[c.start:c.end].root
    for _ in range(5):
        if node.lemma_.lower() in KILL_WORDS or node.lower_ in KILL_WORDS:
            return node.i
        if node.head.i == node.i:
            break
        node = node.head
    return doc[c.start:c.end].root.i


def victim_side(noun: str) -> str:
    """Which side the people a toll counts belong to: state, nonstate, civilians, or any when unknown."""
    if noun.lower() in UNNAMED_VICTIMS:
        return "any"
    g = _generic_index().get((noun.lower(),))
    if g is None:
        return "any"
    return {"military": "state", "police": "state", "rebels": "nonstate", "unidentified": "nonstate",
            "civilians": "civilians", "protesters": "civilians", "rioters": "civilians"}.get(g["class"], "any")


#: No single event's toll is read above this; a larger figure is a running total (a figure) or an error.
MAX_EVENT_TOLL = 1000


def event_casualties(sent, mask_until: int = 0) -> tuple[list[Casualty], list[str], bool]:
    """The sentence's casualty counts that belong to one event, the notes on those left out, and
    whether a running total was among them.

    The count tagger (count_roles.tag_counts) marks running totals ("since 2011", "in the last ten
    days"); those, and any toll above `MAX_EVENT_TOLL`, are left out of an event's toll. A second
    reading of one toll ("from 500 to well over 1,000") becomes its highest figure, not more dead.
    """
    doc = sent.doc
    tagged = tag_counts(sent)
    tags = {t.start: t for t in tagged}
    keep, notes, cumulative = [], [], False
    for c in casualty_counts(sent):
        if doc[c.start].idx < mask_until:
            continue
        tag = tags.get(c.start)
        if tag is not None and tag.role == "not_people":
            continue  # "multiple airstrikes", "56 sorties": the tagger reads no people counted
        if tag is not None and tag.relation == "part":
            continue  # "ten civilians, three of them children", "four killed: two in one town, ...": counted
        if tag is not None and tag.relation == "alternative" and tag.of is not None:
            # another reading of a toll already counted: its highest figure, not more dead
            first = next((k for k in keep if k.start == tagged[tag.of].start), None)
            if first is not None:
                first.value_high = max(first.value_high or first.value, c.value_high or c.value)
                continue
        if tag is not None and tag.scope == "cumulative":
            cumulative = True
            notes.append(f"{doc[c.start:c.end].text} {c.kind}: a running total, not this event's toll")
            continue
        if c.kind == "killed" and c.value > MAX_EVENT_TOLL:
            notes.append(f"{doc[c.start:c.end].text} killed: above {MAX_EVENT_TOLL}, not read as one event's toll")
            continue
        keep.append(c)
    keep += _single_victims(sent, tagged, keep, mask_until)
    return keep, notes, cumulative


def _single_victims(sent, tagged, found: list[Casualty], mask_until: int) -> list[Casualty]:
    """One person counted by an article ("a soldier was killed", "killing a policeman and a child"):
    the number reader skips "a", so the count tagger's reading adds them."""
    doc = sent.doc
    have = {c.start for c in found}
    out = []
    for t in tagged:
        if t.start in have or doc[t.start].lower_ not in ("a", "an", "another") or doc[t.start].idx < mask_until:
            continue
        if t.role not in ("killed", "injured") or t.scope != "event" or t.relation != "new" or "bomber" in t.noun.lower():
            continue
        head = doc[t.start].head
        out.append(Casualty(t.role, 1, "exactly", None, head.text, head.i, t.start, t.end))
    return out


def _toll_only(sent, sources, last_source, para_index, offset, mask_until) -> list[Mention]:
    """A sentence with a toll but no event word ("An earlier report had given the toll as 9"):
    a mention that can only join the event told before it, as another source's figure."""
    casualties, _, _ = event_casualties(sent, mask_until)
    tolls, injured = deaths(casualties, sent)
    if not tolls:
        return []
    srcs = [s.text for s in sources if not s.is_pronoun] or ([last_source] if sources and last_source else [])
    return [Mention("", "", casualties[0].start, sent, killed=tolls, injured=injured, sources=srcs,
                    generic=True, toll_only=True, para_index=para_index, offset=offset)]


def explicit_point(dates: list[DateMention]) -> bool:
    """Whether the sentence dates what it tells to one day."""
    return any(d.kind == "point" and d.precision == 1 for d in dates)


def choose_date(dates: list[DateMention], sent, trigger_i: int, offset_in_doc: int):
    """The date the event happened: the point date nearest the trigger that is not the date of a statement."""
    speech = REPORTING_VERBS
    best = None
    for d in dates:
        if d.kind not in ("point",):
            continue
        char = sent.start_char + d.start
        tok = next((t for t in sent if t.idx >= char), None)
        if tok is not None:
            head = tok
            for _ in range(3):
                if head.pos_ == "VERB" or head.head.i == head.i:
                    break
                head = head.head
            if head.lemma_.lower() in speech and head.i != trigger_i:
                continue
        dist = abs((tok.i if tok is not None else trigger_i) - trigger_i)
        if best is None or dist < best[0]:
            best = (dist, d)
    return best[1] if best else None


_RELATIVE_PRONOUNS = {"that", "which", "who", "whom", "whose"}


def _own_clause(tok) -> bool:
    """Whether a verb the parser hung under a noun has a subject and an auxiliary of its own ("group
    Hezbollah more than 30 militants were killed", a comma lost): a clause that tells, not one that
    describes ("the shells fired overnight", "the men who were killed")."""
    subject = any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in _RELATIVE_PRONOUNS for c in tok.children)
    return subject and any(c.dep_ in ("aux", "auxpass") for c in tok.children)


def sentence_mentions(sent, published: Optional[dt.date], focus: tuple[str, ...], para_index: int,
                      offset: int, last_source: Optional[str], mask_until: int = 0,
                      background: bool = False) -> tuple[list[Mention], list[Source], Optional[str]]:
    """The event mention(s) a sentence makes, its sources, and why not when it makes none.

    `mask_until` (a char offset in the doc) hides a dateline from the date search;
    `background` says the paragraph so far tells history, so undated sentences continue it.
    """
    doc = sent.doc
    sources = find_sources(sent)
    trigs = [t for t in find_triggers(sent) if doc[t.start].idx >= mask_until and not _idle_trigger(t, doc)]
    main = _main_trigger(trigs, doc)
    if main is None and any(t.cls == "protest_actor" for t in trigs):
        # "police fired tear gas to disperse protesters": the intervention is the event word
        main = next((t for t in trigs if t.cls == "protest_intervention"), None)
    learned, p_learned, learned_event = None, 0.0, False
    if has_classifier(doc) and ((main is None and POLICY.rescue is not None and has_strong_cue(sent.text))
                                or POLICY.retype is not None or POLICY.veto is not None):
        # the classifier alone never makes an event of a sentence without a violence or protest word:
        # it is confident about "opened a new office" as a base established
        learned, p_learned, learned_event = _classifier_says(sent)
    if main is None and learned_event and _above(p_learned, POLICY.rescue):
        # no word of the lexicon, but the classifier is sure: the sentence's root stands as the trigger
        main = Trigger("classifier", learned, sent.root.i, sent.root.i + 1, learned)
        trigs = trigs + [main]
    if main is None:
        return _toll_only(sent, sources, last_source, para_index, offset, mask_until), sources, "no trigger"
    text = span_text(sent)
    if mask_until > sent.start_char:
        cut = min(len(text), mask_until - sent.start_char)
        text = " " * cut + text[cut:]
    dates = find_dates(text, published)
    points = [d for d in dates if d.kind == "point"]
    if any(d.kind == "background" for d in dates) and not points:
        return [], sources, "background"
    if background and not points:
        return [], sources, "background (paragraph)"
    if is_cumulative(sent):
        since = [m.end() for m in re.finditer(r"\bsince\b", span_text(sent), re.I)]
        own = [d for d in points if not any(e <= d.start for e in since)]
        if not own or choose_date(own, sent, main.head(doc).i, offset) is None:
            return [], sources, "cumulative figure"
    if sentence_stance(sent) == "denied":
        return [], sources, "denial"
    rel0 = next((d for d in dates if d.kind in ("relative_after", "relative_before")), None)
    if rel0 is not None:
        after = [t for t in trigs if _is_eventive(t, doc) and doc[t.start].idx >= sent.start_char + rel0.end]
        if after:
            main = _main_trigger(after, doc) or main
    why = _blocked(main, sent)
    if why:
        return [], sources, why
    sub = classify(trigs, main, sent) if main.cls != "classifier" else learned
    if sub is None and learned is None:
        learned, p_learned, learned_event = _classifier_says(sent)  # the rules found a trigger they cannot type
    sure = learned_event and (_above(p_learned, POLICY.retype) or _above(p_learned, POLICY.rescue))
    if learned is not None and sub is not None:
        if learned_event and _above(p_learned, POLICY.retype):
            sub = learned
        elif not learned_event and _above(p_learned, POLICY.veto):
            return [], sources, f"classifier: {learned}"
    elif sub is None and sure:
        sub = learned  # an event word the rules cannot type alone ("captured": a town or a man?)
    if sub is None:
        return [], sources, "no type"
    casualties, toll_notes, running_total = event_casualties(sent, mask_until)
    if running_total and not any(c.kind == "killed" for c in casualties) and not explicit_point(dates):
        return [], sources, "cumulative figure"
    weak = _lex_sets()["weak"]
    strong = any(_is_eventive(t, doc) and t.phrase not in weak for t in trigs) or \
        main.cls in ("protest_intervention", "classifier") or sure
    tolls, injured = deaths(casualties, sent)
    killed = sum(t[0] for t in tolls)
    if not strong and not killed:
        return [], sources, "weak trigger only"
    actors = find_actors(sent, focus)
    a1, a2 = assign_actors(sent, main, actors, casualties, sources)
    sub, a1, a2 = finish_type(sub, a1, a2, trigs, sent)
    if sub == "Remote explosive/landmine/IED" and a1 is not None and a1.cls == "military" and any(
            t.cls == "instrument" and t.phrase in ("bomb", "bombs") and doc[t.start].pos_ == "VERB" for t in trigs):
        sub = "Air/drone strike"
    if sub not in sub_event_types():
        return [], sources, "no type"
    # date
    rel = next((d for d in dates if d.kind in ("relative_after", "relative_before")), None)
    d = choose_date(dates, sent, main.head(doc).i, offset)
    anchor = None
    if rel is not None and d is not None and d.start < rel.start and doc[main.start].idx >= sent.start_char + rel.end:
        anchor, d = d.date, None  # "agreed on Sunday, a day after a gas attack killed dozens": dated from Sunday
    if d is not None and d.precision == 3 and not killed:
        return [], sources, "only the month is known"
    srcs = [s.text for s in sources if not s.is_pronoun]
    if not srcs and any(s.is_pronoun for s in sources) and last_source:
        srcs = [last_source]
    stance = sentence_stance(sent)
    if stance == "unconfirmed" and not _doubts_the_event(sent, main.head(doc)):
        stance = "asserted"  # "gunmen believed to belong to a cartel": a doubt about who, not about what
    if stance == "denied":
        stance = "asserted"  # a denial sentence that also reports: handled by contradictions
    m = Mention(_event_type(sub), sub, main.head(doc).i, sent, a1, a2,
                date=d.date if d else None, time_precision=d.precision if d else 1,
                date_text=d.text if d else None, explicit_date=d is not None,
                killed=tolls, injured=injured, sources=srcs, stance=stance,
                generic=main.cls == "violence" and not any(t.cls == "instrument" for t in trigs),
                para_index=para_index, offset=offset, notes=toll_notes)
    if rel is not None and d is None:
        m.date_text = rel.text
        m.relative = (rel.kind, rel.offset_days, sent.start_char + rel.start < doc[main.start].idx)
        m.anchor = anchor
    return [m], sources, None
