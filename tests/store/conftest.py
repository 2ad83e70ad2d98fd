"""Store fixtures: each test runs against SQLite and, when SITREPS_TEST_PG is set, PostgreSQL.

A PostgreSQL store is a fresh schema (dropped afterwards) named in the URL's search_path,
so subprocesses given the same URL see the same tables.
"""
from __future__ import annotations

import os
import uuid
from urllib.parse import quote

import pytest

from sitreps.store import open_store

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _pg_url(schema: str) -> str:
    base = os.environ["SITREPS_TEST_PG"]
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options={quote(f'-c search_path={schema}')}"


@pytest.fixture(params=BACKENDS)
def new_store_url(request, tmp_path):
    """A factory of URLs of empty stores on one backend: SQLite files, or fresh PostgreSQL schemas."""
    if request.param == "sqlite":
        paths = iter(range(1000))
        yield lambda: str(tmp_path / f"store{next(paths)}.db")
        return
    if not os.environ.get("SITREPS_TEST_PG"):
        pytest.skip("SITREPS_TEST_PG is not set (eval \"$(bash .ci/postgres.sh)\")")
    import psycopg

    schemas: list[str] = []
    conn = psycopg.connect(os.environ["SITREPS_TEST_PG"], autocommit=True)

    def make() -> str:
        schemas.append("t_" + uuid.uuid4().hex[:12])
        conn.execute(f"CREATE SCHEMA {schemas[-1]}")
        return _pg_url(schemas[-1])

    try:
        yield make
    finally:
        for s in schemas:
            conn.execute(f"DROP SCHEMA {s} CASCADE")
        conn.close()


@pytest.fixture
def store_url(new_store_url):
    return new_store_url()


@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    s.close()
