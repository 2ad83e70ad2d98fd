"""The relevance prefilter (`sitreps.relevance.is_relevant`): recall, share kept, and speed.

    python bench/bench_relevance.py            # dev cases, FA-KES, 5,000 synthetic articles
    python bench/bench_relevance.py --n 20000  # more synthetic articles

* recall on the dev cases: every case with at least one gold event must pass;
* share of FA-KES articles kept (nearly all are war reports, so it should be close to 100%);
* speed in articles/s, and share kept, on non-conflict text (business, sports, weather) that a
  template generator below writes: what the filter saves on a general news feed.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitreps.read import read_paths  # noqa: E402
from sitreps.records import Article  # noqa: E402
from sitreps.relevance import is_relevant, relevant_cues  # noqa: E402

SHARED = ROOT.parent / "shared"
DEV = SHARED / "eval" / "dev"
FAKES = SHARED / "corpus" / "fakes" / "FA-KES-Dataset.csv"

COMPANIES = ["Northwind Traders", "Contoso", "Globex", "Initech", "Umbrella Foods", "Acme Retail", "Vandelay Imports"]
TEAMS = ["City", "United", "Rovers", "Athletic", "Wanderers", "Albion", "Olympic"]
PLACES = ["Lyon", "Osaka", "Denver", "Porto", "Auckland", "Leeds", "Montreal", "Nairobi"]
BUSINESS = [
    "{co} reported quarterly revenue of ${n} million, up {p} percent from a year earlier, as demand for its "
    "services grew in {place}.",
    "Shares of {co} rose {p} percent in early trading after the company raised its full-year outlook.",
    "The board of {co} approved a dividend of {n} cents a share and said it would open a new office in {place}.",
    "Analysts expect {co} to announce a partnership with a regional bank in {place} later this month.",
]
SPORTS = [
    "{team} beat {team2} {g}-{g2} on Saturday, with a late goal sealing their third straight win.",
    "The coach said the squad would travel to {place} on Tuesday for the second leg of the cup tie.",
    "{team} signed a new midfielder on a four-year contract, the club announced on its website.",
    "Tickets for the final in {place} sold out within an hour, organisers said.",
]
WEATHER = [
    "Forecasters expect sunny skies over {place} on {day}, with highs of {t} degrees and a light breeze.",
    "Rain will spread from the west overnight, clearing by {day} morning, the weather service said.",
    "Temperatures in {place} will stay mild through the weekend before a cold front arrives on {day}.",
    "Pollen counts are high across the region, and residents with allergies are advised to keep windows shut.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def synthetic(n: int, seed: int = 7) -> list[str]:
    """n non-conflict articles of 4 to 8 sentences each, mixing business, sports and weather."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        templates = rng.choice([BUSINESS, SPORTS, WEATHER])
        sentences = []
        for _ in range(rng.randint(4, 8)):
            team, team2 = rng.sample(TEAMS, 2)
            sentences.append(rng.choice(templates).format(
                co=rng.choice(COMPANIES), n=rng.randint(10, 900), p=rng.randint(1, 30), place=rng.choice(PLACES),
                team=team, team2=team2, g=rng.randint(0, 5), g2=rng.randint(0, 5), day=rng.choice(DAYS),
                t=rng.randint(5, 35)))
        out.append(" ".join(sentences))
    return out


def rate(texts: list[str]) -> tuple[float, float]:
    """(share kept, articles/s) of `is_relevant` over texts."""
    is_relevant("warm up the compiled pattern")
    start = time.perf_counter()
    kept = sum(is_relevant(t) for t in texts)
    seconds = time.perf_counter() - start
    return kept / max(len(texts), 1), len(texts) / seconds if seconds else float("inf")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=5000, help="synthetic non-conflict articles to generate")
    ap.add_argument("--json", help="write the figures to this file")
    args = ap.parse_args()
    out: dict = {}
    if DEV.exists():
        cases = [json.loads(p.read_text()) for p in sorted(DEV.glob("*.json"))]
        with_events = [c for c in cases if c.get("events")]
        missed = [c["id"] for c in with_events if not is_relevant(c["text"])]
        out["dev"] = {"cases": len(cases), "with_events": len(with_events), "missed": missed,
                      "recall": 1 - len(missed) / max(len(with_events), 1),
                      "kept_without_events": sum(is_relevant(c["text"]) for c in cases if not c.get("events"))}
        print(f"dev cases: {len(with_events)} with gold events, recall {out['dev']['recall']:.1%}"
              + (f" (missed: {', '.join(missed)})" if missed else ""))
    else:
        print(f"dev cases not found at {DEV}", file=sys.stderr)
    if FAKES.exists():
        texts = [x.text for x in read_paths([str(FAKES)]) if isinstance(x, Article)]
        share, speed = rate(texts)
        dropped = [t for t in texts if not is_relevant(t)]
        out["fakes"] = {"articles": len(texts), "kept": share, "articles_per_s": speed,
                        "dropped_heads": [t[:100] for t in dropped[:5]]}
        print(f"FA-KES: {len(texts)} articles, kept {share:.1%}, {speed:,.0f} articles/s")
        for t in dropped[:5]:
            print(f"  dropped: {t[:100]!r}")
    texts = synthetic(args.n)
    share, speed = rate(texts)
    false_cues: dict[str, int] = {}
    for t in texts:
        for cue in relevant_cues(t):
            false_cues[cue] = false_cues.get(cue, 0) + 1
    out["synthetic"] = {"articles": len(texts), "kept": share, "articles_per_s": speed,
                        "mean_chars": sum(map(len, texts)) / len(texts), "cues_found": false_cues}
    print(f"synthetic non-conflict: {len(texts)} articles (~{out['synthetic']['mean_chars']:.0f} chars), "
          f"kept {share:.1%} (false positives), {speed:,.0f} articles/s"
          + (f"; cues: {false_cues}" if false_cues else ""))
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
