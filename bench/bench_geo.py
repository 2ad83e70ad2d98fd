"""Benchmark the gazetteer: index build time and per-lookup / per-resolve time.

    python bench/bench_geo.py [--no-build]
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from sitreps.geo import Gazetteer
from sitreps.geo.build import build_index

NAMES = ["Aleppo", "Idlib", "Tripoli", "Kharkov", "Deir Ezzor", "Helmand", "Khan Sheikhoun", "Mogadishu",
         "Maiduguri", "Sanaa", "Kabul", "Gaza", "Donetsk", "Qwertyville", "Sar-e Pol", "Abyan"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--no-build", action="store_true", help="time lookups on the default index only")
    ap.add_argument("--rounds", type=int, default=200)
    args = ap.parse_args()
    if args.no_build:
        gz = Gazetteer.default()
    else:
        path = Path(tempfile.mkdtemp()) / "gazetteer.sqlite"
        t0 = time.perf_counter()
        info = build_index(path)
        print(f"build: {time.perf_counter() - t0:.1f} s ({info['places']} places, {info['names']} names)")
        gz = Gazetteer(path)
    t0 = time.perf_counter()
    gz.known_names()
    print(f"load name table: {time.perf_counter() - t0:.2f} s")
    for label, fn in (("lookup", lambda n: gz.lookup(n)), ("resolve", lambda n: gz.resolve(n, countries=["SY"])),
                      ("is_known", gz.is_known)):
        t0 = time.perf_counter()
        for _ in range(args.rounds):
            for n in NAMES:
                fn(n)
        per = (time.perf_counter() - t0) / (args.rounds * len(NAMES))
        print(f"{label}: {per * 1e6:.1f} µs per call")


if __name__ == "__main__":
    main()
