"""Scoring the linker against judged pairs of articles (`corpus/linking/`).

A gold pair names two stored articles (by their `doc_id`), says whether they report a common event,
and, when they do, which sentence of each reports it (offsets into the source text and a hash of the
sentence with its whitespace collapsed, so no text is kept). A store that has ingested those articles
is scored as it stands:

- a **same** pair is found when the two sentences' mentions were linked to one event;
- a **different** pair is a false link when any mention of one article shares an event with any
  mention of the other (the articles have no event in common, so every shared event is wrong).

Pairwise precision, recall and F1 follow from those counts. B-cubed precision and recall are
computed over the gold reports (the sentences named in pairs), with the gold clusters taken from the
"same" judgements and each report's system cluster from its event. `extracted` restricts the
pairwise figures to pairs whose reports both became mentions, to separate linking from extraction.
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional, Union

from .errors import EvaluationError
from .extract.document import split_paragraphs, split_sentences

GOLD_FILE = "pairs.jsonl"


def sentence_key(text: str) -> str:
    """The hash a gold sentence is known by: SHA-1 of its words joined by single spaces (12 hex)."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class GoldPair:
    pair: str
    a: str
    b: str
    same: bool
    split: str
    a_key: Optional[str] = None  # sentence_key of the reporting sentence in a, or None
    b_key: Optional[str] = None
    why: Optional[str] = None


def load_gold(path: Union[str, Path], split: Optional[str] = None) -> list[GoldPair]:
    """The judged pairs of `path` (a folder holding pairs.jsonl, or the file), optionally one split."""
    path = Path(path)
    if path.is_dir():
        path = path / GOLD_FILE
    if not path.is_file():
        raise EvaluationError(f"no linking gold at {path} (run from the repository's root, or give --gold)")
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
            sa, sb = r.get("a_sentence") or {}, r.get("b_sentence") or {}
            gp = GoldPair(r["pair"], str(r["a"]), str(r["b"]), bool(r["same"]), r["split"],
                          sa.get("key"), sb.get("key"), r.get("why"))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise EvaluationError(f"{path}:{n}: not a gold pair ({exc})") from exc
        if split in (None, "all", gp.split):
            out.append(gp)
    if not out:
        raise EvaluationError(f"{path} has no pairs" + (f" in split {split!r}" if split else ""))
    return out


def sentence_spans(text: str) -> dict[str, tuple[int, int]]:
    """Each sentence of an article by its key, with its (start, end) in the text."""
    out: dict[str, tuple[int, int]] = {}
    for p in split_paragraphs(text):
        for s in split_sentences(p):
            out.setdefault(sentence_key(text[s.start:s.end]), (s.start, s.end))
    return out


@dataclass
class StoredArticle:
    """What scoring needs of one stored article: its sentences, and the event of each mention."""
    spans: dict[str, tuple[int, int]]
    mentions: list[tuple[int, int, Optional[int]]]  # (evidence_start, evidence_end, event_id)

    def events_at(self, key: Optional[str]) -> set[int]:
        """The events of the mentions whose evidence overlaps the sentence `key`."""
        span = self.spans.get(key) if key else None
        if span is None:
            return set()
        s, e = span
        return {ev for (ms, me, ev) in self.mentions if ev is not None and ms < e and me > s}

    def events(self) -> set[int]:
        return {ev for (_, _, ev) in self.mentions if ev is not None}


def read_store(store: Any, doc_ids: Iterable[str]) -> dict[str, StoredArticle]:
    """The stored articles among `doc_ids` (missing ones are left out)."""
    wanted = sorted(set(doc_ids))
    out: dict[str, StoredArticle] = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i:i + 500]
        marks = ", ".join("?" for _ in chunk)
        for a in store._all(f"SELECT id, doc_id, text FROM articles WHERE doc_id IN ({marks})", chunk):
            rows = store._all("SELECT evidence_start, evidence_end, event_id FROM mentions WHERE article_id = ?",
                              (a["id"],))
            mentions = [(r["evidence_start"], r["evidence_end"], r["event_id"]) for r in rows
                        if r["evidence_start"] is not None and r["evidence_end"] is not None]
            out[str(a["doc_id"])] = StoredArticle(sentence_spans(a["text"]), mentions)
    return out


def _prf(tp: int, fp: int, fn: int) -> dict[str, Optional[float]]:
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


@dataclass
class LinkingReport:
    pairs: int = 0
    same: int = 0
    missing_articles: list[str] = field(default_factory=list)
    pairwise: dict[str, Any] = field(default_factory=dict)
    extracted: dict[str, Any] = field(default_factory=dict)
    bcubed: dict[str, Any] = field(default_factory=dict)
    false_links: list[str] = field(default_factory=list)
    missed_links: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _union_find(nodes: Iterable[Any], edges: Iterable[tuple[Any, Any]]) -> dict[Any, Any]:
    parent = {n: n for n in nodes}

    def root(x: Any) -> Any:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[ra] = rb
    return {n: root(n) for n in parent}


def bcubed(gold: dict[Any, Any], system: dict[Any, Any]) -> dict[str, Optional[float]]:
    """B-cubed precision, recall and F1 of a system clustering against a gold one (node -> cluster)."""
    nodes = list(gold)
    if not nodes:
        return {"precision": None, "recall": None, "f1": None}
    g_members: dict[Any, set] = defaultdict(set)
    s_members: dict[Any, set] = defaultdict(set)
    for n in nodes:
        g_members[gold[n]].add(n)
        s_members[system[n]].add(n)
    p = sum(len(g_members[gold[n]] & s_members[system[n]]) / len(s_members[system[n]]) for n in nodes) / len(nodes)
    r = sum(len(g_members[gold[n]] & s_members[system[n]]) / len(g_members[gold[n]]) for n in nodes) / len(nodes)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def score(gold: list[GoldPair], stored: dict[str, StoredArticle]) -> LinkingReport:
    """Pairwise and B-cubed scores of the store's links against the judged pairs."""
    rep = LinkingReport(pairs=len(gold), same=sum(g.same for g in gold))
    rep.missing_articles = sorted({x for g in gold for x in (g.a, g.b) if x not in stored})
    tp = fp = fn = 0
    etp = efp = efn = 0
    for g in gold:
        a, b = stored.get(g.a), stored.get(g.b)
        if g.same:
            ea = a.events_at(g.a_key) if a else set()
            eb = b.events_at(g.b_key) if b else set()
            hit = bool(ea & eb)
            tp, fn = tp + hit, fn + (not hit)
            if ea and eb:
                etp, efn = etp + hit, efn + (not hit)
            if not hit:
                rep.missed_links.append(g.pair)
        else:
            linked = bool(a and b and a.events() & b.events())
            fp += linked
            efp += linked
            if linked:
                rep.false_links.append(g.pair)
    rep.pairwise = _prf(tp, fp, fn)
    rep.extracted = _prf(etp, efp, efn)
    rep.bcubed = _bcubed_of(gold, stored)
    return rep


def _bcubed_of(gold: list[GoldPair], stored: dict[str, StoredArticle]) -> dict[str, Optional[float]]:
    nodes = {(g.a, g.a_key) for g in gold if g.a_key} | {(g.b, g.b_key) for g in gold if g.b_key}
    edges = [((g.a, g.a_key), (g.b, g.b_key)) for g in gold if g.same and g.a_key and g.b_key]
    gold_cluster = _union_find(nodes, edges)
    system: dict[Any, Any] = {}
    for n in nodes:
        art = stored.get(n[0])
        events = art.events_at(n[1]) if art else set()
        system[n] = ("event", min(events)) if events else ("alone", n)
    return bcubed(gold_cluster, system)


def evaluate_linking(store: Any, gold_path: Union[str, Path], split: Optional[str] = None) -> LinkingReport:
    """Score a store that has ingested the gold pairs' articles."""
    gold = load_gold(gold_path, split)
    stored = read_store(store, [x for g in gold for x in (g.a, g.b)])
    if not stored:
        raise EvaluationError("none of the gold pairs' articles is in this store; ingest them first "
                              "(for FA-KES: sitreps ingest ../shared/corpus/fakes/FA-KES-Dataset.csv --db DB)")
    return score(gold, stored)


def _pct(x: Optional[float]) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def format_report(rep: LinkingReport) -> str:
    pw, ex, b3 = rep.pairwise, rep.extracted, rep.bcubed
    lines = [
        f"pairs: {rep.pairs} ({rep.same} same event, {rep.pairs - rep.same} different)",
        f"pairwise: precision {_pct(pw['precision'])}  recall {_pct(pw['recall'])}  F1 {_pct(pw['f1'])}  "
        f"(tp {pw['tp']}, fp {pw['fp']}, fn {pw['fn']})",
        f"  where both reports were extracted: precision {_pct(ex['precision'])}  recall {_pct(ex['recall'])}  "
        f"(tp {ex['tp']}, fn {ex['fn']})",
        f"B-cubed: precision {_pct(b3['precision'])}  recall {_pct(b3['recall'])}  F1 {_pct(b3['f1'])}",
    ]
    if rep.missing_articles:
        lines.append(f"articles not in the store: {len(rep.missing_articles)} "
                     f"(e.g. {', '.join(rep.missing_articles[:3])})")
    if rep.false_links:
        lines.append(f"false links: {', '.join(rep.false_links[:10])}" + (" ..." if len(rep.false_links) > 10 else ""))
    if rep.missed_links:
        lines.append(f"missed links: {', '.join(rep.missed_links[:10])}" + (" ..." if len(rep.missed_links) > 10 else ""))
    return "\n".join(lines)
