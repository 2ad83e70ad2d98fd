"""The table browser: the metadata's canned queries run on a real store, and Datasette serves the
tables, facets and exports they describe."""
from __future__ import annotations

import asyncio
import sqlite3

import pytest

from sitreps.browse import QUERIES, TABLES, metadata


def test_every_canned_query_runs_on_a_store(db_url):
    con = sqlite3.connect(db_url)
    try:
        for name, q in QUERIES.items():
            con.execute(q["sql"]).fetchall()  # raises on a column or table the schema lacks
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert set(TABLES) <= tables
        for table, spec in TABLES.items():
            cols = {r[1] for r in con.execute(f"PRAGMA table_info({table})")}
            assert set(spec.get("facets", [])) <= cols, table
    finally:
        con.close()


def test_datasette_serves_rejections_facets_and_csv(db_url):
    pytest.importorskip("datasette")
    from sitreps.browse import app
    from sitreps.records import Rejection
    from sitreps.store import open_store
    with open_store(db_url) as s:
        s.add_batch([], [(Rejection("feed.xml", "timed out after 5 s in sentences"), None)])
    ds = app(db_url)
    name = next(iter(metadata(db_url)["databases"]))

    async def get(path):
        return await ds.client.get(path)

    r = asyncio.run(get(f"/{name}/rejections_by_reason.json?_shape=array"))
    assert r.status_code == 200 and r.json() == [{"reason": "timed out after 5 s in sentences", "inputs": 1,
                                                  "example": "feed.xml"}]
    r = asyncio.run(get(f"/{name}/events.json?_facet=event_type&_size=0"))
    facets = {f["value"]: f["count"] for f in r.json()["facet_results"]["event_type"]["results"]}
    assert sum(facets.values()) == 6
    r = asyncio.run(get(f"/{name}/figures.csv"))
    assert r.status_code == 200 and r.text.splitlines()[0].startswith("id,article_id,idx,kind")
    tables = {t["name"]: t for t in asyncio.run(get(f"/{name}.json")).json()["tables"]}
    assert tables["articles_fts"]["hidden"] and not tables["rejections"]["hidden"]


def test_browse_refuses_postgres_with_a_message():
    from sitreps.browse import _sqlite_path
    with pytest.raises(ValueError, match="SQLite stores only"):
        _sqlite_path("postgresql://localhost/sitreps")
