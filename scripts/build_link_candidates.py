"""Draw FA-KES article pairs for the linking gold set and print each article with numbered sentences.

A candidate pair is two articles filed for the same province within a day of each other: the
pairs where a linker has to decide. The labelling files (with text) go to --out, outside the
repository; the repository keeps the pairs' ids, the sentences' offsets and the judgements.

    python scripts/build_link_candidates.py --shared ../shared --out /work/labelling/linking
"""
from __future__ import annotations

import argparse
import csv
import itertools
import json
import random
from datetime import datetime
from pathlib import Path

from sitreps.extract.document import split_paragraphs, split_sentences

FAKES = Path("corpus/fakes/FA-KES-Dataset.csv")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of an article, by sitreps' cheap splitter."""
    out = []
    for p in split_paragraphs(text):
        for s in split_sentences(p):
            out.append((s.start, s.end))
    return out


def read_articles(shared: Path) -> list[dict]:
    with (shared / FAKES).open(encoding="latin-1", newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r["day"] = datetime.strptime(r["date"], "%m/%d/%Y").date()
    return rows


def candidate_pairs(rows: list[dict], days: int = 1) -> list[tuple[dict, dict]]:
    by_place: dict[str, list[dict]] = {}
    for r in rows:
        by_place.setdefault(r["location"], []).append(r)
    return [(a, b) for group in by_place.values() for a, b in itertools.combinations(group, 2)
            if abs((a["day"] - b["day"]).days) <= days]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--pairs", type=int, default=400)
    ap.add_argument("--batches", type=int, default=2)
    ap.add_argument("--overlap", type=int, default=40)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    rows = read_articles(args.shared)
    pairs = candidate_pairs(rows)
    rnd = random.Random(args.seed)
    rnd.shuffle(pairs)
    pairs = pairs[:args.pairs]
    (args.out / "articles").mkdir(parents=True, exist_ok=True)
    index = {}
    for a, b in pairs:
        for r in (a, b):
            if r["unit_id"] in index:
                continue
            spans = sentences(r["article_content"])
            index[r["unit_id"]] = {"article": r["unit_id"], "outlet": r["source"], "date": r["date"],
                                   "province": r["location"], "sentences": spans}
            with (args.out / "articles" / f"{r['unit_id']}.txt").open("w") as f:
                f.write(f"# article {r['unit_id']} · {r['source']} · {r['date']} · {r['location']}\n")
                f.write(f"# title: {r['article_title']}\n")
                for i, (s, e) in enumerate(spans):
                    f.write(f"[{i}] {' '.join(r['article_content'][s:e].split())}\n")
    with (args.out / "sentences.jsonl").open("w") as f:
        for v in index.values():
            f.write(json.dumps(v) + "\n")
    both = pairs[:args.overlap]
    rest = pairs[args.overlap:]
    per = (len(rest) + args.batches - 1) // args.batches
    for k in range(args.batches):
        mine = rest[k * per:(k + 1) * per] + both
        rnd.shuffle(mine)
        with (args.out / f"pairs-{k + 1}.jsonl").open("w") as f:
            for a, b in mine:
                f.write(json.dumps({"pair": f"{a['unit_id']}~{b['unit_id']}", "a": a["unit_id"], "b": b["unit_id"],
                                    "double": (a, b) in both}) + "\n")
    print(f"{len(pairs)} pairs over {len(index)} articles; {len(both)} in both batches")


if __name__ == "__main__":
    main()
