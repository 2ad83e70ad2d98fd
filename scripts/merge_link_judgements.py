"""Merge the linking judgements into corpus/linking/ and report agreement.

    python scripts/merge_link_judgements.py /work/labelling/linking --shared ../shared

Reads `sentences.jsonl` and `pairs-N.jsonl` (from build_link_candidates.py) and
`out/pairs-N.judged.jsonl`. A pair judged in several batches keeps the first batch's judgement; the
others go to `double.jsonl`. Sentences are stored as offsets into FA-KES `article_content` and a
hash of their words (`sitreps.evaluate_linking.sentence_key`), never as text. Pairs of an article
with itself (FA-KES repeats a few ids) are dropped. The split is by connected group of articles,
so no article is in both dev and test.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
from collections import Counter
from pathlib import Path

from sitreps.evaluate_linking import _union_find, sentence_key
from sitreps.train.evaluate import cohen_kappa

OUT = Path("corpus/linking")


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _split(component: str) -> str:
    return "test" if int(hashlib.sha1(component.encode()).hexdigest()[:8], 16) % 2 else "dev"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", type=Path)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    args = ap.parse_args()
    with (args.shared / "corpus/fakes/FA-KES-Dataset.csv").open(encoding="latin-1", newline="") as f:
        content = {r["unit_id"]: r["article_content"] for r in csv.DictReader(f)}
    spans = {r["article"]: r["sentences"] for r in _jsonl(args.folder / "sentences.jsonl")}

    def sentence(article: str, n) -> dict | None:
        if n is None:
            return None
        s, e = spans[article][n]
        return {"n": n, "start": s, "end": e, "key": sentence_key(content[article][s:e])}

    first: dict[str, dict] = {}
    second: dict[str, dict] = {}
    for path in sorted((args.folder / "out").glob("pairs-*.judged.jsonl")):
        batch = path.name.split(".")[0]
        for j in _jsonl(path):
            a, b = j["pair"].split("~")
            if a == b:
                continue
            row = {"pair": j["pair"], "a": a, "b": b, "same": bool(j["same"]),
                   "a_sentence": sentence(a, j.get("a_sentence")), "b_sentence": sentence(b, j.get("b_sentence")),
                   "why": j.get("why"), "confidence": j.get("confidence", "sure"), "labeller": batch}
            if j.get("note"):
                row["note"] = j["note"]
            (second if j["pair"] in first else first)[j["pair"]] = row
    groups = _union_find({x for r in first.values() for x in (r["a"], r["b"])},
                         [(r["a"], r["b"]) for r in first.values()])
    OUT.mkdir(parents=True, exist_ok=True)
    for name, rows in (("pairs.jsonl", first), ("double.jsonl", second)):
        with (OUT / name).open("w", encoding="utf-8") as f:
            for pair in sorted(rows):
                r = rows[pair]
                r["split"] = _split(str(groups[r["a"]]))
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    both = sorted(set(first) & set(second))
    print(json.dumps({
        "pairs": len(first), "same": sum(r["same"] for r in first.values()),
        "by_split": Counter((r["split"], r["same"]) for r in first.values()).most_common(),
        "unsure": sum(r["confidence"] == "unsure" for r in first.values()),
        "why": Counter(r["why"] for r in first.values() if not r["same"]),
        "double": len(both),
        "kappa_same": round(cohen_kappa([str(first[p]["same"]) for p in both], [str(second[p]["same"]) for p in both]), 3),
        "raw_agreement": round(sum(first[p]["same"] == second[p]["same"] for p in both) / len(both), 3),
        "groups": len(set(groups.values())),
    }, indent=1, default=str))


if __name__ == "__main__":
    main()
