"""Other countries for the explorer's tests: two hand-made events in Yemen (Aden and Ta'izz), far from
the Aleppo ones of `web_fakes`, so that a filter to one country changes every count and the map's
extent, and one in Mosul, whose region the basemap has no shape for. Also a live server over any
store, for the browser tests that need their own."""
from __future__ import annotations

import contextlib
import datetime as dt
import socket
import threading
import time
from typing import Iterator

from sitreps.records import Article, Extraction
from web_fakes import _event, _with_id

YEMEN_TEXT = (
    "ADEN (Wire) - Coalition air strikes hit a military camp in Aden on Monday, killing at least six "
    "fighters, local officials said.\n\n"
    "In Ta'izz, Houthi forces shelled residential districts, killing two civilians, medics said.\n"
)
#: The Yemen events' coordinates (lat, lon), for the tests of the map's extent.
YEMEN_POINTS = [(12.7797, 45.0367), (13.5795, 44.0209)]


def yemen() -> Extraction:
    t = YEMEN_TEXT
    art = Article(id="wire-yemen-2016-11-28", text=t, title="Strikes in Aden, shelling in Ta'izz",
                  published=dt.date(2016, 11, 28), url="https://wire.example/yemen", source="Wire")
    events = [
        _event(t, "Coalition air strikes hit a military camp in Aden on Monday, killing at least six fighters",
               event_date="2016-11-28", time_precision=1, event_type="Explosions/Remote violence",
               sub_event_type="Air/drone strike", actor1="Military Forces of Saudi Arabia", inter1=8,
               actor2="Houthi Movement", inter2=2, fatalities=6, sources=["local officials"], country="Yemen",
               admin1="Aden", location="Aden", latitude=YEMEN_POINTS[0][0], longitude=YEMEN_POINTS[0][1],
               geo_precision=1),
        _event(t, "Houthi forces shelled residential districts, killing two civilians",
               event_date="2016-11-28", time_precision=1, event_type="Explosions/Remote violence",
               sub_event_type="Shelling/artillery/missile attack", actor1="Houthi Movement", inter1=2,
               actor2="Civilians (Yemen)", inter2=7, fatalities=2, sources=["medics"], country="Yemen",
               admin1="Ta'izz", location="Ta'izz", latitude=YEMEN_POINTS[1][0], longitude=YEMEN_POINTS[1][1],
               geo_precision=1),
    ]
    return Extraction(article=art, events=[_with_id(e, art) for e in events])


MOSUL_TEXT = "MOSUL (Wire) - Islamic State fighters attacked an army checkpoint in Mosul on Monday, killing four soldiers.\n"


def mosul() -> Extraction:
    """An event in Ninawa, one of the regions whose boundaries Natural Earth's admin1 lines leave open:
    the basemap has no shape for it, so the choropleth draws it as a circle."""
    t = MOSUL_TEXT
    art = Article(id="wire-mosul-2016-11-28", text=t, title="Attack in Mosul", published=dt.date(2016, 11, 28),
                  source="Wire")
    ev = _event(t, "Islamic State fighters attacked an army checkpoint in Mosul on Monday, killing four soldiers",
                event_date="2016-11-28", time_precision=1, event_type="Battles", sub_event_type="Armed clash",
                actor1="Islamic State", inter1=2, actor2="Military Forces of Iraq", inter2=1, fatalities=4,
                sources=["Wire"], country="Iraq", admin1="Ninawa", location="Mosul", latitude=36.335,
                longitude=43.1189, geo_precision=1)
    return Extraction(article=art, events=[_with_id(ev, art)])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def app_client(db_url: str):
    """A FastAPI TestClient on the app over the store at `db_url`."""
    from fastapi.testclient import TestClient

    from sitreps.web import create_app

    with TestClient(create_app(db_url)) as c:
        yield c


@contextlib.contextmanager
def serving(app) -> Iterator[str]:
    """`app` served by uvicorn on a free localhost port in a thread; yields its base URL."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 15
    while not server.started:
        if time.time() > deadline or not thread.is_alive():
            raise RuntimeError("the web server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
