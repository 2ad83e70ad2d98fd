"""Draw number phrases from the event corpus for the casualty-count labelling.

Candidates are found by a broad pattern of its own (digits, number words, vague quantities, "a" or
"an" before a person noun), not by sitreps' count reader, so the labelled set can measure that
reader's recall. Each sentence's candidates go to labellers together; the repository keeps ids,
offsets and hashes, the text of event_location sentences only (MIT), and the labels.

    python scripts/build_count_candidates.py --shared ../shared --out /work/labelling/counts
"""
from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from sitreps.train.corpus import _fakes_articles, _jsonl, sentence_text

UNITS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety").split()
VAGUE = "dozens scores hundreds thousands tens several dozen hundred thousand million millions".split()
PERSONS = ("soldier civilian man woman boy girl child policeman policewoman officer fighter militant "
           "rebel student worker farmer journalist teacher doctor guard driver resident pilot "
           "commander member teenager toddler baby infant person gunman protester").split()
NUMBER = (r"\d[\d,.]*(?:\s+(?:hundred|thousand|million))?"
          rf"|(?:{'|'.join(UNITS)})(?:[- ](?:{'|'.join(UNITS[:9])}))?(?:\s+(?:hundred|thousand|million))?"
          rf"|{'|'.join(VAGUE)}"
          rf"|(?:a|an|another)\s+(?:\w+\s+)?(?:{'|'.join(PERSONS)})\b")
PATTERN = re.compile(rf"\b(?:{NUMBER})\b", re.IGNORECASE)
EVENTISH = ("none:aggregate",)


def candidates(text: str) -> list[dict]:
    return [{"start": m.start(), "end": m.end(), "phrase": m.group(0)} for m in PATTERN.finditer(text)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path("corpus/events"))
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--sentences", type=int, default=1000)
    ap.add_argument("--batches", type=int, default=2)
    ap.add_argument("--overlap", type=float, default=0.12)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    index = {r["id"]: r for r in _jsonl(args.corpus / "sentences.jsonl")}
    articles = _fakes_articles(args.shared)
    rows = []
    for lab in _jsonl(args.corpus / "labels.jsonl"):
        if lab["label"].startswith("none:") and lab["label"] not in EVENTISH:
            continue
        row = index[lab["id"]]
        text = sentence_text(row, articles)
        if not text:
            continue
        cands = candidates(text)
        if cands:
            rows.append({"sid": row["id"], "split": row["split"], "outlet": row.get("outlet", ""),
                         "sha1": row["sha1"], "text": text, "candidates": cands})
    random.Random(args.seed).shuffle(rows)
    rows = rows[:args.sentences]
    n = 0
    for r in rows:
        for c in r["candidates"]:
            n += 1
            c["cid"] = f"{r['sid']}@{c['start']}"
    args.out.mkdir(parents=True, exist_ok=True)
    n_double = int(len(rows) * args.overlap)
    shared_rows, rest = rows[:n_double], rows[n_double:]
    per = (len(rest) + args.batches - 1) // args.batches
    for b in range(args.batches):
        mine = rest[b * per:(b + 1) * per] + shared_rows
        random.Random(args.seed + b).shuffle(mine)
        with (args.out / f"batch-{b + 1}.jsonl").open("w") as f:
            for r in mine:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with (args.out / "index.jsonl").open("w") as f:
        for r in rows:
            f.write(json.dumps({k: r[k] for k in ("sid", "split", "outlet", "sha1")} |
                               {"double": r in shared_rows,
                                "candidates": [{k: c[k] for k in ("cid", "start", "end")} for c in r["candidates"]]})
                    + "\n")
    print(f"{len(rows)} sentences, {n} candidates, {n_double} sentences in both batches")


if __name__ == "__main__":
    main()
