"""Rebuild the sentence index of the event-typing corpus (``corpus/events/``).

Two sources:

* ``event_location.jsonl`` (MIT): sentences are stored with their text, whitespace collapsed
  (line ``N`` of the source file has id ``el-NNNNN``). The existing
  ``sentences.jsonl`` rows from this source are checked against it (hash of the text) and kept.
* FA-KES articles: only the article id, character offsets and a hash are stored. The text is
  read back from ``../shared/corpus/fakes/`` when the corpus is loaded for training.

Splits are by outlet, so no article and no outlet straddles two splits. The test split is frozen:
this script refuses to move a sentence that is already in ``test``.

    python scripts/build_event_corpus.py [--shared ../shared]
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "corpus" / "events" / "sentences.jsonl"

FAKES_SPLITS = {
    "test": {"reuters", "alaraby", "trt", "arabiya", "jordantimes"},
    "dev": {"sputnik", "etilaf", "nna", "tass", "asharqalawsat"},
}
FAKES_ARTICLES = 330
FAKES_PER_ARTICLE = 2
_SENT_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def split_sentences(text: str):
    """Yield (start, end) of sentences; a plain splitter so offsets never depend on a model."""
    start = 0
    for m in _SENT_END.finditer(text):
        yield start, m.start()
        start = m.end()
    if start < len(text):
        yield start, len(text.rstrip())


def fakes_split(outlet: str) -> str:
    for split, outlets in FAKES_SPLITS.items():
        if outlet in outlets:
            return split
    return "train"


def fakes_rows(path: Path) -> list[dict]:
    with path.open(encoding="latin-1", newline="") as f:
        articles = list(csv.DictReader(f))
    rng = random.Random(20261203)
    chosen = rng.sample(range(len(articles)), min(FAKES_ARTICLES, len(articles)))
    rows = []
    for index in sorted(chosen):
        art = articles[index]
        body = art["article_content"]
        spans = [(s, e) for s, e in split_sentences(body) if 6 <= len(body[s:e].split()) <= 70]
        for s, e in rng.sample(spans, min(FAKES_PER_ARTICLE, len(spans))):
            rows.append({
                "id": f"fk-{art['unit_id']}-{s}", "source": "fakes", "outlet": art["source"],
                "article": art["unit_id"], "start": s, "end": e,
                "split": fakes_split(art["source"]), "sha1": sha1(body[s:e]),
            })
    return rows


def check_event_location(rows: list[dict], path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    for row in rows:
        text = " ".join(json.loads(lines[int(row["id"][3:])])["text"].split())
        if text != row["text"] or sha1(text) != row["sha1"]:
            raise SystemExit(f"{row['id']}: text differs from event_location.jsonl")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    old = [json.loads(line) for line in OUT.read_text(encoding="utf-8").splitlines()]
    el = [r for r in old if r["source"] == "event_location"]
    check_event_location(el, args.shared / "eval" / "event_location" / "event_location.jsonl")
    fk = fakes_rows(args.shared / "corpus" / "fakes" / "FA-KES-Dataset.csv")
    frozen = {r["id"]: r["split"] for r in old if r["split"] == "test"}
    for r in fk:
        if r["id"] in frozen and r["split"] != "test":
            raise SystemExit(f"{r['id']} is in the frozen test split")
    with OUT.open("w", encoding="utf-8") as f:
        for r in el + fk:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(el)} event_location + {len(fk)} FA-KES sentences -> {OUT}")


if __name__ == "__main__":
    main()
