"""Fuzz the reading and extraction path with generated bad inputs, good articles mixed in.

    python bench/bench_fuzz.py [--n 10000] [--seed 0] [--budget 5] [--json OUT]

Writes N files across twelve families (binary, empty, huge, malformed JSON, JSONL with bad lines,
malformed HTML, malformed CSV, broken feeds, other languages, unicode edge cases, regex-hostile
text, hostile markup) plus good articles, each good article both alone and between bad lines of a
JSONL file. Each file is read and extracted as `sitreps ingest` would (one Pipeline, the article
time budget on). Prints per family: inputs, crashes (an exception that escaped reading or the
pipeline's own rejection), inputs over the budget, max and p99 seconds per input, and good
articles lost. Runs in one process: a crash of the interpreter itself ends the run (and is a bug).
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

VERBS = ["killed", "wounded", "shelled", "attacked", "arrested", "abducted", "clashed with", "bombed"]
ACTORS = ["Gunmen", "Soldiers", "Rebels", "Police", "Militants", "Protesters", "Unknown assailants"]
PLACES = ["Kabul", "Mogadishu", "Aleppo", "Maiduguri", "Sanaa", "Kandahar", "Benghazi", "Mosul", "Goma"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FOREIGN = ["el gobierno anunció hoy que", "les forces de sécurité ont", "die Regierung hat am Montag",
           "الحكومة أعلنت اليوم", "政府今天宣布", "правительство объявило сегодня"]


def good_article(rng: random.Random, i: int) -> dict:
    n = rng.randint(2, 40)
    text = (f"{rng.choice(ACTORS)} {rng.choice(VERBS)} {n} people in {rng.choice(PLACES)} on "
            f"{rng.choice(DAYS)}, officials said. The attack was the latest in a series in the region.")
    return {"id": f"good-{i}", "text": text, "published": "2019-05-04", "source": "Fuzz Wire"}


def _hostile_text(rng: random.Random) -> str:
    n = rng.choice([1000, 5000, 20000])
    unit = rng.choice(["at least ", "1 ", ",", '"', "[", "(", "killed ", "-", "' ", "<", "..."])
    return rng.choice(["At least ", "killed", "", "Police said "]) + unit * n + rng.choice(
        ["people were killed", "", " killed", "."])


def _unicode_text(rng: random.Random) -> str:
    pool = [chr(rng.randint(0, 0x10FFFF)) for _ in range(200)]
    pool = [c for c in pool if not 0xD800 <= ord(c) <= 0xDFFF]
    return "Gunmen killed three people " + "".join(rng.choices(pool, k=rng.randint(1, 400))) + " on Monday."


def make_input(family: str, rng: random.Random, i: int) -> tuple[str, bytes]:
    """(file name, content) of one generated input of `family`."""
    if family == "binary":
        return f"b{i}{rng.choice(['.txt', '.html', '.json', '.bin'])}", rng.randbytes(rng.randint(1, 4000))
    if family == "empty":
        return f"e{i}{rng.choice(['.txt', '.html', '.json', '.jsonl', '.csv', '.md', '.rss'])}", rng.choice(
            [b"", b" ", b"\n\n", b"\xef\xbb\xbf"])
    if family == "huge":
        body = " ".join(good_article(rng, i)["text"] for _ in range(rng.randint(2000, 12000)))
        return f"h{i}.txt", body.encode()
    if family == "json":
        bad = rng.choice([
            '{"text": "unterminated', "[" * 5000 + "]" * 5000, '{"text": "Gunmen killed two \\ud800 people"}',
            '{"text": ["a", "list"]}', '{"text": "ok text here", "url": ["x"], "published": 99999999999}',
            '{"text": "Rebels shelled a town.", "source": {"a": 1}}', "null", "1e999999", '"just a string"'])
        return f"j{i}.json", bad.encode("utf-8", "surrogatepass")
    if family == "jsonl":
        lines = [json.dumps(good_article(rng, i) | {"id": f"good-l{i}a"}),
                 rng.choice(["{" * 2000, '{"text": "x\\udfff"}', '{"text": 5}', "not json", '{"url": [1]}',
                             '{"text": "fine", "published": "99999-99-99"}']),
                 json.dumps(good_article(rng, i) | {"id": f"good-l{i}b"})]
        return f"l{i}.jsonl", "\n".join(lines).encode()
    if family == "html":
        bad = rng.choice(["<script>" * 20000, "<div " + " ".join(f"a{k}=x" for k in range(20000)) + ">",
                          "<p>" * 30000 + "Gunmen killed two people.", "<html><body><table>" * 3000,
                          "<!--" * 10000, "<p>Police arrested five men.</p><" + "b" * 50000])
        return f"m{i}.html", bad.encode()
    if family == "csv":
        bad = rng.choice(['title,text\n"unterminated,Gunmen killed two', "a,b,c\n1,2,3\n",
                          'text\n' + '"' * 5000, "title,text\n" + "x," * 5000 + "\n"])
        return f"c{i}.csv", bad.encode()
    if family == "feeds":
        bad = rng.choice(["<rss><channel><item><title>" + "<" * 20000 + "</title></item></channel></rss>",
                          "<feed xmlns='http://www.w3.org/2005/Atom'><entry><content>" + "&" * 10000,
                          "<rss>" * 5000, "<?xml version='1.0'?><rss><channel><item></item></channel></rss>"])
        return f"f{i}.rss", bad.encode()
    if family == "language":
        return f"x{i}.txt", " ".join(rng.choices(FOREIGN, k=rng.randint(5, 60))).encode()
    if family == "unicode":
        doc = {"id": f"u{i}", "text": _unicode_text(rng)}
        return f"u{i}.jsonl", json.dumps(doc).encode()
    if family == "regex":
        return f"r{i}{rng.choice(['.txt', '.md'])}", _hostile_text(rng).encode()
    if family == "markup":
        text = "Gunmen killed two people <script>alert(1)</script><img src=x onerror=alert(1)> in Kabul on Monday."
        return f"k{i}.json", json.dumps({"id": f"k{i}", "text": text, "title": "<b onmouseover=x>t</b>"}).encode()
    raise ValueError(family)


FAMILIES = ["binary", "empty", "huge", "json", "jsonl", "html", "csv", "feeds", "language", "unicode", "regex",
            "markup"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="bad inputs to generate")
    ap.add_argument("--good", type=int, default=300, help="good articles, each in its own file")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--budget", type=float, default=5.0, help="seconds per article (Pipeline(budget=))")
    ap.add_argument("--huge-share", type=float, default=0.002, help="share of inputs that are 1-10 MB")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()

    from sitreps.budget import TimedOut
    from sitreps.pipeline import Pipeline
    from sitreps.progress import bar
    from sitreps.read import read_path
    from sitreps.records import Article

    rng = random.Random(args.seed)
    pipeline = Pipeline(budget=args.budget)
    weights = [args.huge_share if f == "huge" else (1 - args.huge_share) / (len(FAMILIES) - 1) for f in FAMILIES]
    plan = [rng.choices(FAMILIES, weights)[0] for _ in range(args.n)] + ["good"] * args.good
    rng.shuffle(plan)
    times: dict[str, list[float]] = defaultdict(list)
    crashes: dict[str, list[str]] = defaultdict(list)
    over: dict[str, int] = defaultdict(int)
    expected_good: set[str] = set()
    got_good: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        for i, family in enumerate(bar(plan, total=len(plan), unit="input", desc="fuzz")):
            if family == "good":
                doc = good_article(rng, i)
                name, data = f"g{i}.json", json.dumps(doc).encode()
                expected_good.add(doc["id"])
            else:
                name, data = make_input(family, rng, i)
                if family == "jsonl":
                    expected_good.update({f"good-l{i}a", f"good-l{i}b"})
            path = Path(tmp) / name
            path.write_bytes(data)
            start = time.perf_counter()
            try:
                for item in read_path(path):
                    if isinstance(item, Article):
                        try:
                            pipeline.extract(item)
                        except TimedOut:
                            over[family] += 1
                            continue
                        if item.id and item.id.startswith("good-"):
                            got_good.add(item.id)
            except Exception as exc:  # noqa: BLE001 - what the bench counts
                crashes[family].append(f"{name}: {type(exc).__name__}: {str(exc)[:120]}")
            times[family].append(time.perf_counter() - start)
            path.unlink()
    rows = {}
    print("| family | inputs | crashes | over budget | max s | p99 s |")
    print("| --- | --- | --- | --- | --- | --- |")
    for family in FAMILIES + ["good"]:
        ts = sorted(times.get(family, []))
        if not ts:
            continue
        p99 = ts[min(len(ts) - 1, int(0.99 * len(ts)))]
        rows[family] = {"inputs": len(ts), "crashes": len(crashes[family]), "over_budget": over[family],
                        "max_s": ts[-1], "p99_s": p99, "median_s": statistics.median(ts)}
        print(f"| {family} | {len(ts)} | {len(crashes[family])} | {over[family]} | {ts[-1]:.2f} | {p99:.3f} |")
    every = sorted(t for ts in times.values() for t in ts)
    lost = sorted(expected_good - got_good)
    print(f"\nall: {len(every)} inputs, {sum(len(c) for c in crashes.values())} crashes, {sum(over.values())} over "
          f"the {args.budget:g} s budget, max {every[-1]:.2f} s, p99 {every[int(0.99 * (len(every) - 1))]:.3f} s; "
          f"good articles out {len(expected_good) - len(lost)} of {len(expected_good)}")
    for family, items in crashes.items():
        for c in items[:3]:
            print(f"  crash ({family}): {c}")
    if args.json:
        args.json.write_text(json.dumps({"families": rows, "lost_good": lost,
                                         "crashes": {k: v[:20] for k, v in crashes.items()}}, indent=2))


if __name__ == "__main__":
    main()
