"""Ingest throughput against bare extraction throughput on the FA-KES corpus.

    python bench/bench_ingest.py                      # real Pipeline, SQLite in a temp dir
    python bench/bench_ingest.py --db postgresql://... # or PostgreSQL (the database is used as is)
    python bench/bench_ingest.py --fake 0.05          # a fake pipeline taking 50 ms per article
    python bench/bench_ingest.py --fake 0 --kill      # also: SIGKILL an ingest midway, re-run, compare counts

The store must not be the bottleneck: ingest time should be within 10% of extraction time.
The corpus lives in ../shared (not in the repository); the bench exits when it is absent.
"""
from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitreps.ingest import ingest  # noqa: E402
from sitreps.records import Article, Event, Extraction  # noqa: E402
from sitreps.store import open_store  # noqa: E402

FAKES = ROOT.parent / "shared" / "corpus" / "fakes" / "FA-KES-Dataset.csv"


def load_fakes(path: Path = FAKES) -> list[Article]:
    """The FA-KES rows as Articles, through the project's reader."""
    from sitreps.read import read_fakes_csv

    return [a for a in read_fakes_csv(str(path)) if isinstance(a, Article)]


class FakePipeline:
    """Takes `delay` seconds per article and reports one event at a place and toll drawn from the
    article's hash (about 40 places in Syria): enough to exercise linking and the store without the model."""

    def __init__(self, delay: float = 0.0):
        self.delay = delay

    def extract(self, a: Article) -> Extraction:
        if self.delay:
            time.sleep(self.delay)
        h = int(a.content_hash[:8], 16)
        ev = Event(event_date=a.published.isoformat() if a.published else None, time_precision=1,
                   event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                   actor1="Military Forces of Syria", inter1=1, country="Syria", admin1="Aleppo",
                   location="Aleppo", latitude=33.0 + (h % 40) * 0.1, longitude=37.13, geo_precision=1,
                   fatalities=h % 30, sources=["SOHR"], evidence=a.text[:200], article_id=a.id)
        return Extraction(article=a, events=[ev])

    def extract_many(self, articles, batch_size: int = 32) -> Iterator[Extraction]:
        for a in articles:
            yield self.extract(a)


def make_pipeline(fake: float | None):
    if fake is not None:
        return FakePipeline(fake)
    from sitreps.pipeline import Pipeline

    return Pipeline()


def time_extraction(pipeline, articles: list[Article]) -> float:
    start = time.perf_counter()
    for _ in pipeline.extract_many(articles):
        pass
    return time.perf_counter() - start


def kill_and_resume(db: str, fake: float, n_kill_after: int) -> dict:
    """SIGKILL a subprocess ingest once it has committed some articles, re-run, and compare
    counts with an uninterrupted run into another store."""
    code = (f"import sys; sys.path.insert(0, {str(ROOT)!r}); sys.path.insert(0, {str(ROOT / 'bench')!r})\n"
            "from bench_ingest import FakePipeline, load_fakes\nfrom sitreps.ingest import ingest\n"
            f"ingest(load_fakes(), {db!r}, FakePipeline({max(fake, 0.005)}), progress=False, batch_size=16)\n")
    proc = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.time() + 300
    at_kill = 0
    while time.time() < deadline and proc.poll() is None:
        with open_store(db) as s:
            at_kill = s.counts()["articles"]
        if at_kill >= n_kill_after:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with open_store(db) as s:
        at_kill = s.counts()["articles"]
    resumed = ingest(load_fakes(), db, FakePipeline(0), progress=False)
    with open_store(db) as s:
        after = s.counts()
    with tempfile.TemporaryDirectory() as tmp:
        ref_db = str(Path(tmp) / "ref.db")
        ingest(load_fakes(), ref_db, FakePipeline(0), progress=False)
        with open_store(ref_db) as s:
            reference = s.counts()
    return {"articles_at_kill": at_kill, "resumed_added": resumed.added, "counts_after_resume": after,
            "counts_uninterrupted": reference, "same": after == reference}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="store URL (default: a SQLite file in a temp dir)")
    ap.add_argument("--fake", type=float, default=None, metavar="SECONDS",
                    help="use a fake pipeline taking SECONDS per article instead of the model")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--kill", action="store_true", help="also run the SIGKILL/resume check (fake pipeline)")
    args = ap.parse_args()
    if not FAKES.exists():
        sys.exit(f"bench_ingest: {FAKES} not found (../shared is not here)")
    articles = load_fakes()[: args.limit]
    pipeline = make_pipeline(args.fake)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.db")
        t_extract = time_extraction(pipeline, articles)
        first = ingest(articles, db, pipeline, progress=False, batch_size=args.batch_size)
        second = ingest(articles, db, pipeline, progress=False, batch_size=args.batch_size)
        with open_store(db) as s:
            counts, backend = s.counts(), s.dialect.name
        result = {
            "articles": len(articles), "pipeline": "fake" if args.fake is not None else "Pipeline()",
            "store": backend,
            "extract_s": round(t_extract, 3), "ingest_s": round(first.seconds, 3),
            "extract_articles_per_s": round(len(articles) / t_extract, 1),
            "ingest_articles_per_s": round(len(articles) / first.seconds, 1),
            "store_overhead_pct": round(100 * (first.seconds - t_extract) / t_extract, 1),
            "store_ms_per_article": round(1000 * (first.seconds - t_extract) / len(articles), 2),
            "first_run": first.counts(), "second_run": second.counts(), "counts": counts,
        }
        if args.kill:
            kill_db = str(Path(tmp) / "kill.db") if not args.db else args.db
            result["kill"] = kill_and_resume(kill_db, args.fake or 0.0, n_kill_after=len(articles) // 3)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
