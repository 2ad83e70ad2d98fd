"""Web fixtures: a store filled with the hand-made Aleppo extractions, an app and a client on it,
and (for the browser tests) the real server on a free localhost port."""
from __future__ import annotations

import pytest

from sitreps.store import open_store
from explorer_fakes import app_client, serving
from web_fakes import fill, hostile


@pytest.fixture
def db_url(tmp_path):
    url = str(tmp_path / "web.db")
    with open_store(url) as s:
        fill(s)
    return url


@pytest.fixture
def hostile_db_url(db_url):
    with open_store(db_url) as s:
        s.add(hostile())
    return db_url


@pytest.fixture
def client(db_url):
    with app_client(db_url) as c:
        yield c


@pytest.fixture
def store(db_url):
    s = open_store(db_url)
    yield s
    s.close()


@pytest.fixture
def live_server(hostile_db_url):
    """The app served by uvicorn in a thread; yields its base URL."""
    from sitreps.web import create_app

    with serving(create_app(hostile_db_url)) as url:
        yield url
