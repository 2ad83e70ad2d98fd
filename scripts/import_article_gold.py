"""Turn coded FA-KES articles into gold cases that keep no text: corpus/articles/<split>/.

    python scripts/import_article_gold.py /work/labelling/articles/out --split test --shared ../shared

Each coder's file (SPEC.md format, evidence as copied text) becomes a case with
`"source": {"corpus": "fakes", "article": <unit_id>, "sha1": <hash of the text>}` and each
evidence replaced by `evidence_span` (offsets into headline + blank line + body) and a hash.
`sitreps evaluate corpus/articles/test --shared ../shared` reads the text back.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
from pathlib import Path


def _sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", type=Path)
    ap.add_argument("--split", default="test")
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    args = ap.parse_args()
    with (args.shared / "corpus/fakes/FA-KES-Dataset.csv").open(encoding="latin-1", newline="") as f:
        rows = {r["unit_id"]: r for r in csv.DictReader(f)}
    out = Path("corpus/articles") / args.split
    out.mkdir(parents=True, exist_ok=True)
    n = lost = 0
    for path in sorted(args.folder.glob("fk-*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        unit = case["id"].removeprefix("fk-")
        r = rows[unit]
        text = f"{r['article_title'].strip()}\n\n{r['article_content'].strip()}"
        case.pop("text", None)
        case["source"] = {"corpus": "fakes", "article": unit, "outlet": r["source"], "sha1": _sha(text)}
        for key in ("events", "figures"):
            for rec in case.get(key, []):
                ev = rec.pop("evidence", "") or ""
                start = text.find(ev) if ev else -1
                if start < 0:
                    lost += bool(ev)
                    continue
                rec["evidence_span"] = [start, start + len(ev)]
                rec["evidence_sha1"] = _sha(ev)
        for c in case.get("contradictions", []):
            for cl in c.get("claims", []):
                cl.pop("evidence", None)
        (out / path.name).write_text(json.dumps(case, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        n += 1
    print(f"{n} cases written to {out}; {lost} evidence strings not found in their text")


if __name__ == "__main__":
    main()
