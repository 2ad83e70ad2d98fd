"""Web fixtures: a store filled with the hand-made Aleppo extractions, an app and a client on it,
and (for the browser tests) the real server on a free localhost port."""
from __future__ import annotations

import socket
import threading
import time

import pytest

from sitreps.store import open_store
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
    from fastapi.testclient import TestClient

    from sitreps.web import create_app

    with TestClient(create_app(db_url)) as c:
        yield c


@pytest.fixture
def store(db_url):
    s = open_store(db_url)
    yield s
    s.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def live_server(hostile_db_url):
    """The app served by uvicorn in a thread; yields its base URL."""
    import uvicorn

    from sitreps.web import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(hostile_db_url), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 15
    while not server.started:
        if time.time() > deadline or not thread.is_alive():
            raise RuntimeError("the web server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
