"""The count tagger against the labelled number phrases of corpus/counts/.

    python bench/eval_counts.py [--split dev|test|train|all] [--baseline] [--errors N] [--json OUT]

Each labelled sentence is parsed on its own; every gold phrase takes the role of the tagged number
phrase it overlaps, or not_people when the tagger found none there. Scores: role accuracy over all
phrases (the issue's measure) and per role; side, relation and scope accuracy over the phrases both
gold and tagger read as people. `--baseline` scores the older reader, which knew killed and injured
only. Tune on dev; run test only to report in BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitreps.train.corpus import _fakes_articles, _jsonl, sentence_text  # noqa: E402


def load(split: str, shared: Path) -> dict[str, tuple[str, list[dict]]]:
    """sid -> (sentence text, gold phrases) for the split."""
    index = {r["id"]: r for r in _jsonl(ROOT / "corpus/events/sentences.jsonl")}
    articles = _fakes_articles(shared)
    by_sid: dict[str, list[dict]] = defaultdict(list)
    for r in _jsonl(ROOT / "corpus/counts/phrases.jsonl"):
        if split == "all" or r["split"] == split:
            by_sid[r["sid"]].append(r)
    out = {}
    for sid, rows in by_sid.items():
        text = sentence_text(index[sid], articles)
        if text:
            out[sid] = (text, rows)
    return out


def predict(nlp, text: str, baseline: bool) -> list[tuple[int, int, dict]]:
    """(char start, char end, tag fields) of each number phrase the tagger reads."""
    doc = nlp(text)
    span = doc[:]
    if baseline:
        from sitreps.extract.counts import casualty_counts
        return [(doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1]), {"role": c.kind})
                for c in casualty_counts(span)]
    from sitreps.extract.count_roles import tag_counts
    tags = tag_counts(span)
    return [(doc[t.start].idx, doc[t.end - 1].idx + len(doc[t.end - 1]),
             {"role": t.role, "side": t.side, "relation": t.relation, "scope": t.scope}) for t in tags]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=["train", "dev", "test", "all"])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--baseline", action="store_true")
    ap.add_argument("--errors", type=int, default=0, help="print this many role errors")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    from sitreps.nlp import load_nlp
    nlp = load_nlp()
    data = load(args.split, args.shared)
    conf: Counter = Counter()
    field_hits: Counter = Counter()
    field_n: Counter = Counter()
    errors = []
    for sid, (text, gold) in data.items():
        pred = predict(nlp, text, args.baseline)
        for g in gold:
            hit = next((p for s, e, p in pred if s < g["end"] and e > g["start"]), None)
            role = hit["role"] if hit else "not_people"
            conf[(g["role"], role)] += 1
            if role != g["role"] and len(errors) < args.errors:
                errors.append(f"{g['cid']}: gold {g['role']}, tagged {role}: "
                              f"…{text[max(0, g['start'] - 60):g['end'] + 60]}…")
            if hit and g["role"] != "not_people" and role != "not_people" and not args.baseline:
                for k in ("side", "relation", "scope"):
                    field_n[k] += 1
                    field_hits[k] += hit.get(k) == g.get(k)
    n = sum(conf.values())
    roles = sorted({g for g, _ in conf} | {p for _, p in conf})
    per_role = {}
    for r in roles:
        tp = conf[(r, r)]
        fp = sum(v for (g, p), v in conf.items() if p == r and g != r)
        fn = sum(v for (g, p), v in conf.items() if g == r and p != r)
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        per_role[r] = {"precision": round(pr, 3), "recall": round(rc, 3),
                       "f1": round(2 * pr * rc / (pr + rc), 3) if pr + rc else 0.0, "gold": tp + fn}
    result = {"split": args.split, "phrases": n, "sentences": len(data),
              "role_accuracy": round(sum(conf[(r, r)] for r in roles) / n, 3),
              "per_role": per_role,
              "field_accuracy": {k: round(field_hits[k] / field_n[k], 3) for k in field_n}}
    print(json.dumps(result, indent=1))
    for e in errors:
        print(e)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
