"""Who says so: the sources a sentence attributes its facts to, as the text words them, and the stance.

"according to local residents", "state television reported", "said Jamal Haidari,
spokesman for the district governor", "the monitoring group said".
Pronoun speakers ("he said") take the last named source of the paragraph.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .document import span_text, subtree
from ..lexicon import triggers

PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "who", "which", "this", "that", "officials", "one"}
_TRIM_DEPS = {"relcl", "acl", "punct", "cc", "advcl", "prep_by"}


@dataclass
class Source:
    """One attribution: who, the words, and what they do with the claim."""

    text: str
    stance: str  # asserted | denied | unconfirmed
    verb: str
    start: int  # char offsets in the doc
    end: int
    is_pronoun: bool = False


def _speech_lemmas() -> set[str]:
    return set(triggers()["speech_verbs"])


def _clean(span_tokens) -> str:
    toks = list(span_tokens)
    # cut at a relative clause or an appositive's comma-introduced tail ("..., who is based in ...")
    out = []
    for t in toks:
        if t.dep_ in ("relcl",) or (t.text == "," and out and any(x.dep_ == "relcl" for x in t.head.children)):
            break
        if t.lower_ in ("who", "which") and out:
            break
        out.append(t)
    while out and out[-1].is_punct:
        out.pop()
    while out and (out[0].lower_ in ("the", ",", "and") or out[0].is_punct or out[0].is_quote) and len(out) > 1:
        out = out[1:]
    text = "".join(t.text_with_ws for t in out).strip()
    text = re.sub(r"^[A-Z][A-Z .'’-]{2,}(?:,[^—–]{0,30})?\s*[—–-]+\s*", "", text)  # a dateline glued on: "BANGKOK —"
    return re.sub(r"\s+", " ", text)


def _subtree_no_clause(tok):
    """The noun phrase of `tok`: its subtree without relative clauses or verbal tails."""
    keep = []
    for t in subtree(tok):
        # drop anything below a relative clause or a participle attached to the phrase
        anc = t
        drop = False
        while anc.i != tok.i:
            if anc.dep_ in ("relcl", "acl", "advcl") or (anc.dep_ == "prep" and anc.lower_ in ("in", "from", "at", "on", "by")
                                                        and anc.head.i == tok.i and tok.pos_ == "PROPN"):
                drop = True
                break
            anc = anc.head
        if not drop:
            keep.append(t)
    return keep


def find_sources(sent) -> list[Source]:
    """Attributions in a sentence: 'according to X', 'X said', 'said X', 'X reported', 'quoting X'."""
    out: list[Source] = []
    speech = _speech_lemmas()
    unconfirmed = set(triggers()["unconfirmed"])
    low_text = span_text(sent).lower()
    sent_unconfirmed = any(re.search(r"\b" + re.escape(u) + r"\b", low_text) for u in unconfirmed)
    for tok in sent:
        low = tok.lower_
        # "according to X"
        if low == "according" and tok.i + 1 < sent.end and tok.doc[tok.i + 1].lower_ == "to":
            to = tok.doc[tok.i + 1]
            objs = [c for c in to.children if c.dep_ == "pobj"]
            if objs:
                toks = _subtree_no_clause(objs[0])
                out.append(Source(_clean(toks), "unconfirmed" if sent_unconfirmed else "asserted", "according to",
                                  toks[0].idx, toks[-1].idx + len(toks[-1])))
            continue
        if low in ("quoting", "citing") and tok.dep_ in ("advcl", "prep", "acl", "pcomp", "xcomp"):
            objs = [c for c in tok.children if c.dep_ in ("dobj", "pobj")]
            if objs:
                toks = _subtree_no_clause(objs[0])
                out.append(Source(_clean(toks), "asserted", low, toks[0].idx, toks[-1].idx + len(toks[-1])))
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in speech:
            subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not subj:
                # "..., said Jamal Haidari, spokesman for ..." parses the speaker as dobj/attr sometimes
                subj = [c for c in tok.children if c.dep_ in ("dobj", "attr", "npadvmod") and c.i > tok.i
                        and (c.pos_ == "PROPN" or c.ent_type_ in ("PERSON", "ORG"))]
            if not subj:
                continue
            s = subj[0]
            if tok.lemma_.lower() == "put" and not any(c.lower_ == "toll" for c in subtree(tok)):
                continue
            if tok.lemma_.lower() in ("call", "give", "add", "note", "describe", "accuse", "post", "state", "write") and \
                    s.lower_ in PRONOUNS:
                continue
            toks = _subtree_no_clause(s)
            # include an appositive after the name: "Jamal Haidari, spokesman for the district governor"
            text = _clean(toks)
            if not text:
                continue
            stance = "asserted"
            lem = tok.lemma_.lower()
            if lem == "deny" or any(d in low_text for d in ("no such information", "denied")) and lem in ("say", "deny", "insist"):
                stance = "denied" if lem == "deny" or _negated_claim(tok) else "asserted"
            elif sent_unconfirmed:
                stance = "unconfirmed"
            out.append(Source(text, stance, lem, toks[0].idx, toks[-1].idx + len(toks[-1]),
                              is_pronoun=s.lower_ in PRONOUNS and len(toks) == 1))
    # keep distinct, text order
    seen = set()
    uniq = []
    for s in sorted(out, key=lambda s: s.start):
        if s.text.lower() in seen:
            continue
        seen.add(s.text.lower())
        uniq.append(s)
    return uniq


def _negated_claim(verb) -> bool:
    """Whether what the speech verb introduces is a denial ("said 'we have no such information'")."""
    for t in subtree(verb):
        if t.lower_ in ("no", "not", "n't", "never", "nothing") and t.head.i != verb.i:
            return True
    return False


@lru_cache(maxsize=1)
def _stance_patterns() -> tuple[re.Pattern, re.Pattern]:
    lex = triggers()
    denial = re.compile(r"\b(?:" + "|".join(re.escape(d) for d in lex["denial"]) + r")\b")
    # "suspected al-Qaeda militants" names a suspect, it does not doubt the event
    unconf = re.compile(r"\b(?:" + "|".join(re.escape(u) for u in lex["unconfirmed"] if u != "suspected") + r")\b")
    return denial, unconf


def sentence_stance(sent) -> str:
    """The stance the sentence itself takes toward what it reports."""
    low = span_text(sent).lower()
    denial, unconf = _stance_patterns()
    if denial.search(low):
        return "denied"
    if unconf.search(low):
        return "unconfirmed"
    return "asserted"
