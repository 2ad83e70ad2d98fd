"""Actors in a parsed sentence, normalized to ACLED-style names with inter codes.

Named groups come from the alias lists in `data/actors.json` ("Taliban", "al-Shabaab",
"SDF"); generic mentions ("Syrian warplanes", "government forces", "gunmen",
"civilians") become class templates ("Military Forces of {country}") filled with
the country of a demonym modifier or, later, of the event's place.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ..lexicon import actors as actor_data
from ..lexicon import country_by_code, country_words

#: Nouns whose compound modifiers describe who speaks, not who acts ("army spokesman").
SPEAKER_HEADS = {"spokesman", "spokeswoman", "spokesperson", "official", "officials", "ministry", "minister",
                 "media", "chief", "commander", "source", "sources", "statement", "agency", "council", "office",
                 "director", "head", "governor", "leader", "leaders", "representative", "envoy"}
#: Objects that stand for the forces holding them ("an army security post").
POST_WORDS = {"checkpoint", "checkpoints", "post", "posts", "base", "bases", "position", "positions", "outpost",
              "outposts", "barracks", "convoy", "convoys", "patrol", "patrols", "camp", "station", "garrison"}

#: Modifiers that make a post word civilian ("a bus convoy", "an aid convoy", "a medical station").
CIVIL_MODIFIERS = {"bus", "buses", "aid", "humanitarian", "relief", "evacuation", "evacuee", "civilian", "refugee",
                   "refugees", "medical", "ambulance", "food", "wedding", "funeral", "commercial", "fuel", "petrol",
                   "gas", "fire", "railway", "train", "radio", "television", "tv", "power", "polling"}


@dataclass
class ActorMention:
    """An actor named in a sentence."""

    template: str  # "Military Forces of {country}" or a fixed name
    inter: int
    cls: str  # group | military | police | rebels | unidentified | civilians | protesters | rioters
    start: int
    end: int
    head_i: int
    country_code: Optional[str] = None  # from a demonym or country modifier ("Syrian warplanes")
    text: str = ""

    def name(self, country: Optional[str]) -> str:
        """The ACLED-style name, with `{country}` filled (for state forces and civilians the modifier's
        country wins; rebels and unidentified groups take the event's country)."""
        if "{country}" not in self.template:
            return self.template
        cname = None
        # a demonym names a state's forces ("Iranian troops") or people, but not where rebels or
        # unknown gunmen fight: "Iranian-backed militias" in Syria are coded to Syria
        own = self.cls not in ("rebels", "unidentified")
        if own and self.country_code and self.country_code in country_by_code():
            cname = country_by_code()[self.country_code].name
        cname = cname or country
        if not cname:
            return self.template.replace(" of {country}", "").replace(" ({country})", "")
        if self.template.startswith(("Military Forces of", "Police Forces of", "Government of")) and cname in (
                "United States", "United Kingdom", "United Arab Emirates", "Democratic Republic of Congo",
                "Central African Republic", "Philippines", "Republic of Congo"):
            if cname != "Democratic Republic of Congo":
                cname = "the " + cname
        return self.template.replace("{country}", cname)


def specificity(a: Optional["ActorMention"]) -> int:
    """How much an actor mention says: a named group beats a class, which beats an unidentified or inferred one."""
    if a is None:
        return -1
    if a.start < 0:
        return 0
    return {"group": 3, "unidentified": 1}.get(a.cls, 2)


@lru_cache(maxsize=1)
def _alias_tokenizer():
    """spaCy's English tokenizer, so an alias splits as the text does ("Ta'ang", "CPI (Maoist)")."""
    import spacy
    return spacy.blank("en").tokenizer


def alias_words(alias: str) -> tuple[str, ...]:
    return tuple(t.text for t in _alias_tokenizer()(alias))


def is_case_sensitive(alias: str) -> bool:
    """Acronyms match only as written: all capitals up to 4 letters ("IS", "ADF"), or a capital after
    the first letter in a short alias ("LeT", "JuA"), so that "let" or "is" never match."""
    letters = alias.replace(".", "").replace("-", "")
    return len(letters) <= 4 and letters.isupper() or len(letters) <= 5 and any(c.isupper() for c in letters[1:])


@lru_cache(maxsize=1)
def _group_index() -> dict[str, list[tuple[tuple[str, ...], dict, bool]]]:
    """First alias token (lowercase) -> [(alias tokens, group, case_sensitive)], longest first, and
    among equally long aliases the country-limited groups first (the more specific reading)."""
    idx: dict[str, list] = {}
    for g in actor_data()["groups"]:
        for alias in g["aliases"]:
            words = alias_words(alias)
            idx.setdefault(words[0].lower(), []).append((words, g, is_case_sensitive(alias)))
    for k in idx:
        idx[k].sort(key=lambda e: (-len(e[0]), not e[1].get("countries")))
    return idx


@lru_cache(maxsize=1)
def _generic_index() -> dict[tuple[str, ...], dict]:
    out = {}
    for g in actor_data()["generic"]:
        for n in g["nouns"]:
            out[tuple(n.lower().split())] = g
    return out


def _token_words(doc, i: int, n: int) -> list[str]:
    return [t.text for t in doc[i:i + n]]


def _match_alias(doc, i: int, end: int, words, case_sensitive: bool) -> int:
    """Number of tokens the alias covers at i (0 when no match). Tolerates spaCy's hyphen splits."""
    j = i
    for w in words:
        if j >= end:
            return 0
        t = doc[j].text
        if case_sensitive:
            if t != w:
                return 0
        elif t.lower() != w.lower():
            # spaCy may keep "al-Shabaab" as one token
            joined = doc[j].text.lower()
            if joined.replace("-", " - ").split() == [x.lower() for x in words[words.index(w):]]:
                return j - i + 1
            return 0
        j += 1
    return j - i


def _country_of_modifiers(tok) -> Optional[str]:
    """ISO2 of a demonym or country name modifying `tok` ("Syrian warplanes", "Syria's army")."""
    cw = country_words()
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "nmod", "poss", "npadvmod") or c.i < tok.i and c.dep_ == "nummod":
            key = c.text.lower()
            if key in ("u.s.", "us") and c.text in ("US", "U.S."):
                return "US"
            if key in cw and c.text[:1].isupper():
                return cw[key].iso2
            for cc in c.children:
                if cc.dep_ in ("compound", "amod") and cc.text.lower() in cw and cc.text[:1].isupper():
                    return cw[cc.text.lower()].iso2
    return None


def _modifier_words(tok) -> set[str]:
    out = set()
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "nmod", "npadvmod", "poss"):
            out.add(c.lower_)
            for cc in c.children:
                if cc.dep_ in ("compound", "amod", "npadvmod"):
                    out.add(cc.lower_)
    return out


def find_actors(span, focus_countries: tuple[str, ...] = ()) -> list[ActorMention]:
    """Named groups and generic actor mentions in `span`, left to right."""
    doc = span.doc
    out: list[ActorMention] = []
    covered: set[int] = set()
    gidx = _group_index()
    # named groups first
    i = span.start
    while i < span.end:
        tok = doc[i]
        best = None
        for words, g, cs in gidx.get(tok.lower_, []):
            if g.get("countries") and focus_countries and not set(g["countries"]) & set(focus_countries[:2]):
                continue
            if g.get("countries") and not focus_countries:
                continue
            n = _match_alias(doc, i, span.end, words, cs)
            if n:
                best = (n, g)
                break
        if best:
            n, g = best
            sp = doc[i:i + n]
            # a group word used as a modifier of a generic noun ("Taliban fighters") still names the group
            head = sp.root
            out.append(ActorMention(g["name"], int(g["inter"]), "group", i, i + n, head.i, None, sp.text))
            covered.update(range(i, i + n))
            # swallow the generic head noun it modifies
            if head.head.i >= i + n and head.dep_ in ("compound", "amod", "nmod") and head.head.i < span.end:
                covered.add(head.head.i)
            i += n
            continue
        i += 1
    gen = _generic_index()
    data = actor_data()
    state_mods = set(data["state_modifiers"])
    rebel_mods = set(data["rebel_modifiers"])
    for tok in span:
        if tok.i in covered or tok.pos_ not in ("NOUN", "PROPN", "ADJ"):
            continue
        # two-word nouns: "police officers", "security forces", "armed men"
        g = None
        start = tok.i
        if tok.i > span.start:
            g = gen.get((doc[tok.i - 1].lower_, tok.lower_))
            if g:
                start = tok.i - 1
        if g is None:
            g = gen.get((tok.lower_,)) or gen.get((tok.lemma_.lower(),))
        if g is None:
            continue
        if tok.pos_ == "ADJ" and tok.lower_ not in ("military", "civilian", "displaced"):
            continue
        if tok.dep_ == "compound" and tok.head.lower_ in SPEAKER_HEADS:
            continue  # "army spokesman": a speaker, not an actor
        if tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and doc[tok.i + 2].lower_ in (
                "held", "controlled", "run", "backed", "allied", "led", "linked", "affiliated", "aligned"):
            continue  # "rebel-held town", "government-backed militia": a description, not an actor
        if tok.lower_ in SPEAKER_HEADS:
            continue
        cls, template, inter = g["class"], g["name"], int(g["inter"])
        mods = _modifier_words(tok)
        if mods & rebel_mods and cls in ("military", "unidentified"):
            cls, template, inter = "rebels", "Opposition Rebels ({country})", 2
        elif mods & state_mods and cls in ("rebels", "unidentified") and "anti-government" not in mods:
            cls, template, inter = "military", "Military Forces of {country}", 1
        if "police" in mods and cls == "military":
            cls, template, inter = "police", "Police Forces of {country}", 1
        if tok.lower_ in ("government",) and tok.dep_ == "compound" and tok.head.lower_ not in (
                "forces", "troops", "soldiers", "positions", "troops", "army"):
            continue
        if tok.lower_ == "opposition" and tok.dep_ in ("compound", "npadvmod", "amod"):
            continue
        if tok.lower_ in ("officer", "officers") and not (mods & {"police", "security", "army", "military"}) \
                and cls == "military" and "police" in span.text.lower():
            cls, template, inter = "police", "Police Forces of {country}", 1
        group = _modifier_group(tok, mods, focus_countries)
        if group is not None:
            name, ginter = group
            out.append(ActorMention(name, ginter, "group", start, tok.i + 1, tok.i, None, doc[start:tok.i + 1].text))
            continue
        cc = _country_of_modifiers(tok)
        out.append(ActorMention(template, inter, cls, start, tok.i + 1, tok.i, cc, doc[start:tok.i + 1].text))
    out.sort(key=lambda a: a.start)
    return out


def _modifier_group(tok, mods: set[str], focus_countries: tuple[str, ...]) -> Optional[tuple[str, int]]:
    """"Kurdish forces" in Syria are the YPG, in Iraq the Kurdistan Regional Government's forces."""
    if not focus_countries:
        return None
    for rule in actor_data().get("modifier_groups", []):
        if rule["modifier"] in mods and tok.lower_ in rule["nouns"]:
            hit = rule["by_country"].get(focus_countries[0])
            if hit:
                return hit[0], int(hit[1])
    return None


def post_owner(tok) -> Optional[ActorMention]:
    """For 'an army security post' / 'a police checkpoint' / 'government positions': the forces holding it."""
    if tok.lower_ not in POST_WORDS:
        return None
    mods = _modifier_words(tok)
    cc = _country_of_modifiers(tok)
    if "police" in mods:
        return ActorMention("Police Forces of {country}", 1, "police", tok.i, tok.i + 1, tok.i, cc, tok.text)
    if mods & {"rebel", "opposition", "insurgent", "militant", "taliban"}:
        return ActorMention("Opposition Rebels ({country})", 2, "rebels", tok.i, tok.i + 1, tok.i, cc, tok.text)
    if tok.lower_ == "camp" and not mods & {"army", "military"}:
        return None
    if mods & CIVIL_MODIFIERS:
        return None  # "a bus convoy", "an aid convoy", "a refugee camp": no forces hold them
    return ActorMention("Military Forces of {country}", 1, "military", tok.i, tok.i + 1, tok.i, cc, tok.text)
