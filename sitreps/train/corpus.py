"""Labelled sentences for the event classifier, from the team's corpus or from an ACLED export.

An `Example` is one sentence with one label: an ACLED sub-event type or a `none:` reason
(see docs/annotation.md). The team's corpus keeps an index (`sentences.jsonl`) apart from the
labels (`labels.jsonl`), and stores no text it may not: FA-KES sentences are read back from
`../shared/corpus/fakes/` by offset and checked against their hash.
"""
from __future__ import annotations

import csv
import hashlib
import json
import logging
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from ..errors import SitrepsError
from ..lexicon import sub_event_types

log = logging.getLogger(__name__)

NONE_LABELS = ("none:background", "none:aggregate", "none:threat", "none:statement", "none:denial",
               "none:not_political", "none:other")
SPLITS = ("train", "dev", "test")
FAKES_CSV = Path("corpus") / "fakes" / "FA-KES-Dataset.csv"


def labels() -> tuple[str, ...]:
    """The 32 labels: ACLED's 25 sub-event types, then the seven no-event reasons."""
    return tuple(sub_event_types()) + NONE_LABELS


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    label: str
    split: str
    outlet: str = ""
    written: bool = False


class CorpusError(SitrepsError):
    """A corpus file is missing, malformed or holds an unknown label."""


def _jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise CorpusError(f"{path}:{n}: not JSON ({e.msg})") from None
    return rows


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _fakes_articles(shared: Optional[Path]) -> dict[str, str]:
    path = shared / FAKES_CSV if shared is not None else None
    if path is None or not path.is_file():
        return {}
    with path.open(encoding="latin-1", newline="") as f:
        return {row["unit_id"]: row["article_content"] for row in csv.DictReader(f)}


def sentence_text(row: dict, articles: dict[str, str]) -> Optional[str]:
    """The text of an index row: stored, or cut from its article and checked against the hash."""
    if "text" in row:
        return row["text"]
    body = articles.get(row.get("article", ""))
    if body is None:
        return None
    text = " ".join(body[row["start"]:row["end"]].split())
    return text if _sha1(body[row["start"]:row["end"]]) == row["sha1"] else None


def read_corpus(corpus_dir: Path, shared: Optional[Path] = None) -> tuple[list[Example], Counter]:
    """The labelled sentences of `corpus_dir` and a count of those left out, by reason."""
    corpus_dir = Path(corpus_dir)
    index = {r["id"]: r for r in _jsonl(corpus_dir / "sentences.jsonl")}
    if not index:
        raise CorpusError(f"{corpus_dir / 'sentences.jsonl'} is missing or empty")
    known = set(labels())
    articles = _fakes_articles(shared)
    skipped: Counter = Counter()
    out: list[Example] = []
    for r in _jsonl(corpus_dir / "labels.jsonl"):
        if r["label"] not in known:
            raise CorpusError(f"{r['id']}: unknown label {r['label']!r}")
        row = index.get(r["id"])
        if row is None:
            skipped["not in the index"] += 1
            continue
        text = sentence_text(row, articles)
        if text is None:
            skipped["text not available (../shared absent or changed)"] += 1
            continue
        out.append(Example(r["id"], text, r["label"], row["split"], row.get("outlet", "")))
    for r in _jsonl(corpus_dir / "written.jsonl"):
        if r["label"] not in known:
            raise CorpusError(f"{r['id']}: unknown label {r['label']!r}")
        out.append(Example(r["id"], r["text"], r["label"], "train", "written", written=True))
    return out, skipped


def _split_of(key: str, dev: float, test: float) -> str:
    h = int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "test" if h < test else "dev" if h < test + dev else "train"


def read_acled(path: Path, dev: float = 0.1, test: float = 0.1) -> list[Example]:
    """Examples from a user's ACLED export: each event's `notes` labelled with its `sub_event_type`.

    Splits are drawn by the event's `source` (the outlets it cites), so one outlet's style never
    sits in two splits. ACLED data is the user's: nothing trained on it ships with sitreps.
    """
    path = Path(path)
    try:
        f = path.open(encoding="utf-8-sig", newline="")
    except OSError as e:
        raise CorpusError(f"cannot read {path}: {e.strerror}") from None
    known = set(sub_event_types())
    out = []
    with f:
        reader = csv.DictReader(f)
        missing = {"notes", "sub_event_type"} - set(reader.fieldnames or ())
        if missing:
            raise CorpusError(f"{path} is not an ACLED export: no column {', '.join(sorted(missing))}")
        for n, row in enumerate(reader, 2):
            notes, sub = " ".join((row.get("notes") or "").split()), (row.get("sub_event_type") or "").strip()
            if not notes or sub not in known:
                continue
            key = row.get("source") or row.get("event_id_cnty") or str(n)
            out.append(Example(row.get("event_id_cnty") or f"row-{n}", notes, sub, _split_of(key, dev, test),
                               row.get("source", "")))
    if not out:
        raise CorpusError(f"{path}: no row with notes and a known sub_event_type")
    return out


def counts(examples: Iterable[Example]) -> dict[str, Counter]:
    """Examples per label in each split."""
    table: dict[str, Counter] = {s: Counter() for s in SPLITS}
    for e in examples:
        table[e.split][e.label] += 1
    return table
