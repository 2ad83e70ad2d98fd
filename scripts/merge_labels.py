"""Merge labellers' batch files into the corpus, and report agreement on the double-labelled sample.

    python scripts/merge_labels.py BATCH_DIR

BATCH_DIR holds `batch-NN.jsonl` (first labels), `batch-D.jsonl` (independent second labels of a
sample) and `written-*.jsonl` (sentences written for rare classes). Writes `labels.jsonl`,
`double.jsonl` and `written.jsonl` under corpus/events/ and prints Cohen's kappa.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitreps.train.corpus import labels  # noqa: E402
from sitreps.train.evaluate import cohen_kappa, collapse, event_type  # noqa: E402

OUT = ROOT / "corpus" / "events"


def _rows(path: Path) -> list[dict]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            print(f"{path.name}: skipped a line that is not JSON", file=sys.stderr)
    return out


def main(batch_dir: Path) -> None:
    known = set(labels())
    index = {json.loads(l)["id"] for l in (OUT / "sentences.jsonl").read_text().splitlines()}
    first: dict[str, dict] = {}
    overlap: dict[str, str] = {}  # a second, independent label from a batch labelled twice
    for path in sorted(batch_dir.glob("batch-[0-9]*.jsonl")):
        for r in _rows(path):
            if r.get("id") not in index or r.get("label") not in known:
                continue
            if r["id"] not in first:
                first[r["id"]] = {"id": r["id"], "label": r["label"], "labeller": path.stem,
                                  **({"note": r["note"]} if r.get("note") else {})}
            elif first[r["id"]]["labeller"] != path.stem:
                overlap.setdefault(r["id"], r["label"])
    second = {}
    d = batch_dir / "batch-D.jsonl"
    if d.is_file():
        second = {r["id"]: r["label"] for r in _rows(d) if r.get("id") in index and r.get("label") in known}
    original = {k: v["label"] for k, v in first.items()}  # agreement is measured before any correction
    # corrections: the lead's second reading of labels that broke a guideline, applied last
    fixes = batch_dir / "corrections.jsonl"
    for r in (_rows(fixes) if fixes.is_file() else []):
        if r["id"] in first and r["label"] in known:
            first[r["id"]].update(label=r["label"], labeller=first[r["id"]]["labeller"] + "+review",
                                  note=r.get("note", "corrected on review"))
    fixes = batch_dir / "corrections.jsonl"
    fixed_text = {r["id"]: r["text"] for r in (_rows(fixes) if fixes.is_file() else []) if "text" in r}
    written = []
    for path in sorted(batch_dir.glob("written-*.jsonl")):
        seen = set()
        for r in _rows(path):
            text = " ".join(str(fixed_text.get(r.get("id"), r.get("text", ""))).split())
            if r.get("label") in known and text and text.lower() not in seen:
                seen.add(text.lower())
                written.append({"id": r["id"], "written": True, "author": r.get("author", path.stem),
                                "label": r["label"], "text": text})
    for name, rows in (("labels.jsonl", [first[k] for k in sorted(first)]),
                       ("double.jsonl", [{"id": k, "label": v, "labeller": "batch-D"} for k, v in sorted(second.items())] +
                        [{"id": k, "label": v, "labeller": "overlap"} for k, v in sorted(overlap.items())]),
                       ("written.jsonl", written)):
        with (OUT / name).open("w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"labels {len(first)}, written {len(written)}")
    for name, other in (("sample D", second), ("overlapping batches", overlap)):
        both = [k for k in other if k in original]
        a, b = [original[k] for k in both], [other[k] for k in both]
        if not both:
            continue
        print(f"{name}: {len(both)} labelled twice; kappa, 32 labels: {cohen_kappa(a, b):.3f}; 26 (none collapsed): "
              f"{cohen_kappa([collapse(x) for x in a], [collapse(x) for x in b]):.3f}; "
              f"event type + none: {cohen_kappa([event_type(x) for x in a], [event_type(x) for x in b]):.3f}; "
              f"raw agreement {sum(x == y for x, y in zip(a, b)) / len(both):.3f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/labelling/out"))
