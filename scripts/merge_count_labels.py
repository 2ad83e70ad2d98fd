"""Merge the count-phrase labelling batches into corpus/counts/ and report agreement.

    python scripts/merge_count_labels.py /work/labelling/counts

Reads `index.jsonl` (the candidates drawn by build_count_candidates.py), `batch-N.jsonl` (the
sentences given to each labeller) and `out/batch-N.labels.jsonl` (their labels). Sentences in
several batches take the first batch's label; the others go to `double.jsonl`. Missed phrases
are located in their sentence and stored by offsets, never by text.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from sitreps.train.evaluate import cohen_kappa

FIELDS = ("role", "side", "relation", "of", "scope", "approx")
OUT = Path("corpus/counts")


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _label_rows(batch: list[dict], labels: list[dict], name: str) -> dict[str, dict]:
    """cid -> label row, with missed phrases given a cid from their offsets in the sentence."""
    text = {r["sid"]: r["text"] for r in batch}
    out: dict[str, dict] = {}
    for lab in labels:
        row = {k: lab.get(k) for k in FIELDS} | {"labeller": name}
        if lab.get("note"):
            row["note"] = lab["note"]
        if lab.get("missed"):
            start = text[lab["sid"]].find(lab["phrase"])
            if start < 0:
                print(f"{name}: missed phrase not found in {lab['sid']}", file=sys.stderr)
                continue
            cid = f"{lab['sid']}@{start}"
            row |= {"cid": cid, "sid": lab["sid"], "start": start, "end": start + len(lab["phrase"]), "missed": True}
        else:
            cid = lab["cid"]
            row |= {"cid": cid}
        out[cid] = row
    return out


def main(folder: str) -> None:
    base = Path(folder)
    index = {r["sid"]: r for r in _jsonl(base / "index.jsonl")}
    spans = {c["cid"]: (sid, c["start"], c["end"]) for sid, r in index.items() for c in r["candidates"]}
    first: dict[str, dict] = {}
    second: dict[str, dict] = {}
    for labels_path in sorted((base / "out").glob("batch-*.labels.jsonl")):
        name = labels_path.name.split(".")[0]
        batch = _jsonl(base / f"{name}.jsonl")
        for cid, row in _label_rows(batch, _jsonl(labels_path), name).items():
            (second if cid in first else first)[cid] = row
    OUT.mkdir(parents=True, exist_ok=True)

    def full(row: dict) -> dict:
        sid, start, end = spans.get(row["cid"], (row.get("sid"), row.get("start"), row.get("end")))
        meta = index[sid]
        return {"cid": row["cid"], "sid": sid, "split": meta["split"], "outlet": meta["outlet"],
                "sentence_sha1": meta["sha1"], "start": start, "end": end,
                **{k: v for k, v in row.items() if k not in ("cid", "sid", "start", "end")}}

    for name, rows in (("phrases.jsonl", first), ("double.jsonl", second)):
        with (OUT / name).open("w", encoding="utf-8") as f:
            for cid in sorted(rows, key=lambda c: (c.split("@")[0], int(c.split("@")[1]))):
                f.write(json.dumps(full(rows[cid]), ensure_ascii=False) + "\n")
    both = [c for c in second if c in first]
    kappa = cohen_kappa([first[c]["role"] for c in both], [second[c]["role"] for c in both])
    agree = {k: sum(first[c][k] == second[c][k] for c in both) / len(both) for k in FIELDS if k != "of"}
    people = [c for c in both if first[c]["role"] != "not_people" and second[c]["role"] != "not_people"]
    agree_people = {k: sum(first[c][k] == second[c][k] for c in people) / len(people)
                    for k in ("side", "relation", "scope")}
    print(json.dumps({"phrases": len(first), "double": len(both), "role_kappa": round(kappa, 3),
                      "agreement": {k: round(v, 3) for k, v in agree.items()},
                      "agreement_where_both_people": {k: round(v, 3) for k, v in agree_people.items()},
                      "roles": Counter(r["role"] for r in first.values()),
                      "splits": Counter(index[spans.get(c, (r.get("sid"),))[0]]["split"] for c, r in first.items())},
                     indent=1))


if __name__ == "__main__":
    main(sys.argv[1])
