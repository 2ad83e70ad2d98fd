"""Latency of the API calls the web pages make, on a store of 100,000 synthetic events.

    python bench/bench_web.py                   # 100,000 events, SQLite in a temp dir
    python bench/bench_web.py --events 20000 --runs 10
    python bench/bench_web.py --db postgresql://...   # an empty PostgreSQL database (or schema)
    python bench/bench_web.py --clients 50 --requests 20  # also: 50 concurrent clients on the events page

The store is filled by bulk INSERTs straight into its tables (articles, mentions, events and the
full-text index), not through linking: the point is to time the reads. The app is then served
by uvicorn on a free localhost port and each endpoint timed over HTTP, as the browser calls it.
"""
from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitreps.store import open_store  # noqa: E402

TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Air/drone strike"),
         ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest"), ("Riots", "Mob violence"),
         ("Strategic developments", "Looting/property destruction")]
# Hot spots the synthetic events gather around: (country, admin1, lat, lon).
PLACES = [("Syria", "Aleppo", 36.20, 37.13), ("Syria", "Idlib", 35.93, 36.63), ("Syria", "Damascus", 33.51, 36.29),
          ("Iraq", "Nineveh", 36.34, 43.13), ("Yemen", "Taizz", 13.58, 44.02), ("Nigeria", "Borno", 11.85, 13.16),
          ("Ukraine", "Donetsk", 48.00, 37.80), ("Somalia", "Banaadir", 2.05, 45.32),
          ("Afghanistan", "Kabul", 34.53, 69.17), ("Mali", "Mopti", 14.49, -4.20)]
ACTORS = ["Military Forces of Syria", "Opposition Rebels (Syria)", "Islamic State", "Civilians (Syria)",
          "Houthis", "Boko Haram", "Military Forces of Russia", "Al Shabaab", "Taliban", "Protesters"]
EVENTS_PER_ARTICLE = 5


def fill(url: str, n_events: int, seed: int = 7) -> float:
    """Bulk-load n_events events (one mention each, five per article); returns seconds taken."""
    rnd = random.Random(seed)
    t0 = time.perf_counter()
    with open_store(url) as store:
        conn, d = store._conn, store.dialect
        now = "2024-01-01T00:00:00+00:00"
        start = 16_000  # days since 1970: 2013-10-23, so ~10 years of events
        with store._transaction(write=True):
            n_articles = (n_events + EVENTS_PER_ARTICLE - 1) // EVENTS_PER_ARTICLE
            articles, events, mentions = [], [], []
            for a in range(1, n_articles + 1):
                day = start + rnd.randrange(3650)
                text = (f"Report {a}. " + " ".join(
                    f"Fighting was reported near {rnd.choice(PLACES)[1]} as {rnd.choice(ACTORS)} clashed with "
                    f"{rnd.choice(ACTORS)}." for _ in range(6)))
                articles.append((a, f"h{a}", f"doc-{a}", f"Synthetic report {a}", text, _iso(day),
                                 f"https://example.org/{a}", rnd.choice(["Reuters", "AFP", "Al Jazeera", "AP"]),
                                 "bench", now))
            for e in range(1, n_events + 1):
                a = (e - 1) // EVENTS_PER_ARTICLE + 1
                etype, sub = rnd.choice(TYPES)
                country, admin1, lat, lon = rnd.choice(PLACES)
                lat, lon = lat + rnd.gauss(0, 0.6), lon + rnd.gauss(0, 0.6)
                day = _iso(start + rnd.randrange(3650))
                a1, a2 = rnd.sample(ACTORS, 2)
                fat = rnd.choice([0, 0, 0, 1, 2, 3, 5, 8, 13, 40])
                events.append((e, day, 1, etype, sub, a1, 1, a2, 7, country, admin1, f"{admin1} town {e % 50}",
                               lat, lon, 1, "asserted", 1, 1, json.dumps(["SOHR"]), day, fat, fat, fat, now))
                evidence = f"{a1} attacked {a2} near {admin1}, killing {fat} people."
                mentions.append((e, a, (e - 1) % EVENTS_PER_ARTICLE, e, day, 1, etype, sub, a1, 1, a2, 7, country,
                                 admin1, lat, lon, 1, fat, json.dumps(["SOHR"]), "asserted", evidence, 0,
                                 len(evidence), ""))
            conn.executemany(d.sql(
                "INSERT INTO articles (id, content_hash, doc_id, title, text, published, url, source, origin, "
                "ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"), articles)
            conn.executemany(d.sql(
                "INSERT INTO events (id, event_date, time_precision, event_type, sub_event_type, actor1, inter1, "
                "actor2, inter2, country, admin1, location, latitude, longitude, geo_precision, stance, n_reports, "
                "n_sources, sources, first_reported, fatalities_low, fatalities_best, fatalities_high, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"), events)
            conn.executemany(d.sql(
                "INSERT INTO mentions (id, article_id, idx, event_id, event_date, time_precision, event_type, "
                "sub_event_type, actor1, inter1, actor2, inter2, country, admin1, latitude, longitude, "
                "geo_precision, fatalities, sources, stance, evidence, evidence_start, evidence_end, notes) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"), mentions)
            if d.name == "sqlite":
                conn.executemany("INSERT INTO articles_fts (rowid, body) VALUES (?, ?)",
                                 [(r[0], f"{r[3]}\n{r[4]}") for r in articles])
                conn.executemany("INSERT INTO mentions_fts (rowid, body) VALUES (?, ?)",
                                 [(r[0], r[20]) for r in mentions])
        if d.name == "sqlite":
            conn.execute("ANALYZE")
    return time.perf_counter() - t0


def _iso(days: int) -> str:
    import datetime as dt

    return (dt.date(1970, 1, 1) + dt.timedelta(days=days)).isoformat()


def _serve(url: str):
    import uvicorn

    from sitreps.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(url), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{port}"


def _serve_process(url: str, workers: int = 1):
    """The app in its own process (as `sitreps serve` runs it), so the clients' threads do not share
    its interpreter lock; returns the process and its base URL."""
    import multiprocessing

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = multiprocessing.get_context("spawn").Process(target=_run_server, args=(url, port, workers))
    proc.start()
    import httpx
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(base + "/api/config", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.terminate()
    raise RuntimeError("the server did not start")


def _run_server(url: str, port: int, workers: int) -> None:
    from sitreps.web import serve
    serve(url, port=port, log_level="warning", workers=workers)


def browsing(rnd: random.Random) -> dict:
    """The events-page request of a visitor who filters and pages: one of the countries (or none),
    sometimes an event type, and one of the first 200 pages."""
    params: dict = {"limit": 25, "offset": 25 * rnd.randrange(200)}
    if rnd.random() < 0.7:
        params["country"] = rnd.choice(PLACES)[0]
    if rnd.random() < 0.4:
        params["event_type"] = rnd.choice(TYPES)[0]
    return params


def concurrent_clients(base: str, clients: int, requests: int, vary: bool = False) -> dict:
    """`clients` clients, each with its own keep-alive connection, load the events page `requests`
    times: the first page each time, or (`vary`) a page and filters drawn by `browsing`.

    The clients are coroutines on one asyncio loop speaking plain HTTP/1.1, which costs the machine
    far less than 50 threads of an HTTP library: on a two-core machine the load generator shares
    the cores with the server, and every millisecond it spends (or spends waiting for its own
    interpreter lock) would be counted as the server's. They ask for gzip, as browsers do, and do
    not unpack the answer (a browser would, on its own machine)."""
    import asyncio
    from urllib.parse import urlencode, urlsplit

    host = urlsplit(base)
    latencies: list[float] = []
    errors = [0]

    async def get(reader, writer, target: str) -> int:
        writer.write(f"GET {target} HTTP/1.1\r\nHost: {host.netloc}\r\nAccept-Encoding: gzip\r\n\r\n".encode())
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        length = next(int(v) for k, _, v in (line.partition(":") for line in lines[1:])
                      if k.strip().lower() == "content-length")
        await reader.readexactly(length)
        return int(lines[0].split()[1])

    async def client_loop(seed: int) -> None:
        rnd = random.Random(seed)
        reader, writer = await asyncio.open_connection(host.hostname, host.port)
        await get(reader, writer, "/api/events?limit=25")  # connect, and the server opens its store
        for _ in range(requests):
            params = browsing(rnd) if vary else {"limit": 25}
            t0 = time.perf_counter()
            status = await get(reader, writer, "/api/events?" + urlencode(params, doseq=True))
            latencies.append((time.perf_counter() - t0) * 1000)
            errors[0] += status != 200
        writer.close()

    async def run_all() -> None:
        await asyncio.gather(*(client_loop(i) for i in range(clients)))

    t0 = time.perf_counter()
    asyncio.run(run_all())
    wall = time.perf_counter() - t0
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * (len(latencies) - 1)))]  # noqa: E731
    return {"clients": clients, "requests": len(latencies), "errors": errors[0], "p50_ms": pick(0.5),
            "p99_ms": pick(0.99), "max_ms": latencies[-1], "requests_per_s": len(latencies) / wall}


CALLS = [
    ("facets (page load)", "/api/facets", {}),
    ("clusters, world, zoom 2", "/api/clusters", {"zoom": 2}),
    ("clusters, Syria view, zoom 7", "/api/clusters", {"zoom": 7, "bbox": "34,32,40,38"}),
    ("clusters, zoom 7 + type + year", "/api/clusters",
     {"zoom": 7, "bbox": "34,32,40,38", "event_type": "Battles", "date_from": "2016-01-01", "date_to": "2016-12-31"}),
    ("timeline, all", "/api/timeline", {}),
    ("timeline, country=Syria", "/api/timeline", {"country": "Syria"}),
    ("events page 1", "/api/events", {"limit": 25}),
    ("events page 1, country+type", "/api/events", {"limit": 25, "country": "Syria", "event_type": "Battles"}),
    ("events page 1, text search", "/api/events", {"limit": 25, "text": "Taliban Kabul"}),
    ("events page 1, actor substring", "/api/events", {"limit": 25, "actor": "shabaab"}),
    ("events page 400 (offset 9,975)", "/api/events", {"limit": 25, "offset": 9975}),
    ("event detail", "/api/events/{id}", {}),
    ("article", "/api/articles/{aid}", {}),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--db", help="store URL (default: a SQLite file in a temp dir)")
    ap.add_argument("--clients", type=int, default=0, help="also time this many concurrent clients")
    ap.add_argument("--requests", type=int, default=20, help="events-page requests per concurrent client")
    ap.add_argument("--workers", type=int, default=1, help="server processes for the concurrent run")
    ap.add_argument("--vary", action="store_true",
                    help="concurrent clients filter and page at random instead of all loading page 1")
    args = ap.parse_args()
    import httpx

    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or str(Path(tmp) / "bench.db")
        secs = fill(url, args.events)
        print(f"filled {args.events:,} events in {secs:.1f} s ({args.events / secs:,.0f} events/s)")
        server, thread, base = _serve(url)
        rnd = random.Random(1)
        try:
            with httpx.Client(base_url=base, timeout=60) as client:
                # "first ms": the first call, before the server remembers anything of it (a new
                # filter, or the first visitor after an ingest); the others are repeats.
                print(f"{'call':34} {'first ms':>9} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'bytes':>9}")
                for name, path, params in CALLS:
                    times, size = [], 0
                    for i in range(args.runs + 1):
                        p = path.replace("{id}", str(rnd.randrange(1, args.events + 1))).replace(
                            "{aid}", str(rnd.randrange(1, args.events // EVENTS_PER_ARTICLE + 1)))
                        t0 = time.perf_counter()
                        r = client.get(p, params=params)
                        dt_ms = (time.perf_counter() - t0) * 1000
                        r.raise_for_status()
                        size = len(r.content)
                        if i:
                            times.append(dt_ms)
                        else:
                            first = dt_ms
                    times.sort()
                    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
                    print(f"{name:34} {first:9.1f} {statistics.median(times):10.1f} {p95:8.1f} {times[-1]:8.1f} {size:9,}")
        finally:
            server.should_exit = True
            thread.join(10)
        if args.clients:
            proc, base = _serve_process(url, args.workers)
            try:
                res = concurrent_clients(base, args.clients, args.requests, vary=args.vary)
            finally:
                proc.terminate()
                proc.join(10)
            what = "random filters and pages" if args.vary else "events page 1"
            print(f"{res['clients']} concurrent clients, {args.workers} server process(es), {what}: p50 {res['p50_ms']:.1f} ms, "
                  f"p99 {res['p99_ms']:.1f} ms, max {res['max_ms']:.1f} ms, {res['requests_per_s']:.0f} requests/s, "
                  f"{res['errors']} errors over {res['requests']} requests")


if __name__ == "__main__":
    main()
