"""The FastAPI app: a JSON API over one store, and three pages (map, event, report) that use it.

Pages are static HTML and JavaScript from `static/`; they fetch the API and build every element
with `textContent`, never HTML strings, so article text (untrusted) is always shown as text. The
report page is rendered on the server by `sitreps.report.render`, which escapes everything. A
Content-Security-Policy forbidding inline scripts backs that up.
"""
from __future__ import annotations

import datetime as dt
import html
import logging
import re
import threading
from contextlib import asynccontextmanager, contextmanager
from importlib import resources
from typing import Any, Iterator, Optional
from urllib.parse import urlsplit

from fastapi import FastAPI, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from .. import report as report_mod
from ..errors import SitrepsError
from ..store import Store, open_store
from . import queries
from .queries import BBox, EventFilter

log = logging.getLogger(__name__)

STATIC_DIR = resources.files("sitreps.web") / "static"
MAX_PAGE = 500
#: Ids and offsets are SQLite/PostgreSQL 64-bit integers: a larger one is a 422, never a 500.
MAX_ID = 2**63 - 1
MAX_GEOJSON = 10_000
_SLOT = re.compile(r"\{\{(\w+)\}\}")


class StorePool:
    """One store connection per server thread (SQLite connections must stay on their thread)."""

    def __init__(self, db_url: str):
        self.db_url = db_url
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[Store] = []
        # Open (and migrate) once up front, so a bad URL fails at start-up rather than on a request.
        with self.store():
            pass

    @contextmanager
    def store(self) -> Iterator[Store]:
        s = getattr(self._local, "store", None)
        if s is None:
            s = open_store(self.db_url)
            self._local.store = s
            with self._lock:
                self._all.append(s)
        yield s

    def close(self) -> None:
        with self._lock:
            stores, self._all = self._all, []
        for s in stores:
            try:
                s.close()
            except Exception:  # a SQLite connection may refuse to close from another thread
                log.debug("could not close %r from this thread", s)


def _parse_date(name: str, value: Optional[str]) -> Optional[dt.date]:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise HTTPException(422, f"{name} must be a date as YYYY-MM-DD, not {value!r}") from None


def _parse_bbox(value: Optional[str]) -> Optional[BBox]:
    if value in (None, ""):
        return None
    try:
        return BBox.parse(value)
    except ValueError as e:
        raise HTTPException(422, f"bad bbox {value!r}: {e}") from None


def _dates(date_from: Optional[str], date_to: Optional[str]) -> tuple[Optional[dt.date], Optional[dt.date]]:
    start, end = _parse_date("date_from", date_from), _parse_date("date_to", date_to)
    if start and end and start > end:
        raise HTTPException(422, f"date_from ({start}) is after date_to ({end})")
    return start, end


def _event_filter(date_from: Optional[str], date_to: Optional[str], country: Optional[str],
                  admin1: Optional[str], event_type: Optional[str], actor: Optional[str], text: Optional[str],
                  bbox: Optional[str]) -> EventFilter:
    start, end = _dates(date_from, date_to)
    return EventFilter(date_from=start, date_to=end, country=country or None, admin1=admin1 or None,
                       event_type=event_type or None, actor=actor or None, text=(text or "").strip() or None,
                       bbox=_parse_bbox(bbox))


# Query parameters shared by the event endpoints (declared once, as FastAPI reads them from signatures).
Q_FROM = Query(None, description="First day, YYYY-MM-DD (inclusive)", examples=["2016-11-15"])
Q_TO = Query(None, description="Last day, YYYY-MM-DD (inclusive)", examples=["2016-12-03"])
Q_COUNTRY = Query(None, max_length=200, description="Country name, case-insensitive")
Q_ADMIN1 = Query(None, max_length=200, description="First-level region (governorate, province), case-insensitive")
Q_TYPE = Query(None, max_length=200, description="ACLED event type, e.g. 'Battles'")
Q_ACTOR = Query(None, max_length=200, description="Substring of any actor name")
Q_TEXT = Query(None, max_length=500, description="Words that must all occur in the evidence or article text")
Q_BBOX = Query(None, max_length=200, description="minlon,minlat,maxlon,maxlat")


def _security_headers(tile_url: Optional[str]) -> dict[str, str]:
    img = "'self' data:"
    if tile_url:
        parts = urlsplit(tile_url.replace("{", "").replace("}", ""))
        if parts.scheme and parts.netloc:
            img += f" {parts.scheme}://{parts.netloc.split('@')[-1]}"
    csp = ("default-src 'self'; script-src 'self'; style-src 'self'; "
           f"img-src {img}; connect-src 'self'; object-src 'none'; base-uri 'none'; "
           "form-action 'self'; frame-ancestors 'none'")
    return {"Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}


def _page(name: str) -> HTMLResponse:
    return HTMLResponse((STATIC_DIR / name).read_text(encoding="utf-8"))


def create_app(db_url: str, tile_url: Optional[str] = None) -> FastAPI:
    """The web app over the store at `db_url`. `tile_url` (e.g. 'https://tile.example/{z}/{x}/{y}.png')
    adds a raster tile layer under the map; without it the map needs no network at all."""
    pool = StorePool(db_url)
    headers = _security_headers(tile_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        pool.close()

    # docs_url=None: Swagger UI loads from a CDN, which the CSP (and an offline machine) forbids.
    app = FastAPI(title="sitreps", version="1", lifespan=lifespan, docs_url=None, redoc_url=None, description=(
        "Conflict events extracted from news, linked across reports, with their sources, figures and "
        "contradictions. Every list endpoint filters and aggregates on the server."))
    app.state.pool = pool
    app.state.tile_url = tile_url

    @app.middleware("http")
    async def _headers(request: Request, call_next):
        try:
            response = await call_next(request)
        except Exception:  # a bug, not the request's fault: logged, answered with the headers all the same
            log.exception("%s failed", request.url.path)
            response = JSONResponse({"detail": "internal error"}, status_code=500)
        for k, v in headers.items():
            response.headers.setdefault(k, v)
        return response

    @app.exception_handler(SitrepsError)
    async def _sitreps_error(request: Request, exc: SitrepsError) -> JSONResponse:
        log.error("%s: %s", request.url.path, exc)
        return JSONResponse({"detail": str(exc)}, status_code=500)

    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")

    # -- API -----------------------------------------------------------------------------------

    @app.get("/api/config", tags=["meta"], summary="Settings the pages need (tile layer)")
    def config() -> dict[str, Any]:
        return {"tile_url": tile_url}

    @app.get("/api/facets", tags=["events"],
             summary="Event types, countries, totals, date range and map extent of the events that match")
    def facets(date_from: Optional[str] = Q_FROM, date_to: Optional[str] = Q_TO,
               country: Optional[str] = Q_COUNTRY, admin1: Optional[str] = Q_ADMIN1,
               event_type: Optional[str] = Q_TYPE, actor: Optional[str] = Q_ACTOR,
               text: Optional[str] = Q_TEXT, bbox: Optional[str] = Q_BBOX) -> dict[str, Any]:
        f = _event_filter(date_from, date_to, country, admin1, event_type, actor, text, bbox)
        with pool.store() as s:
            return queries.facets(s, f)

    @app.get("/api/events", tags=["events"], summary="Linked events, filtered and paged, with the total")
    def events(date_from: Optional[str] = Q_FROM, date_to: Optional[str] = Q_TO,
               country: Optional[str] = Q_COUNTRY, admin1: Optional[str] = Q_ADMIN1,
               event_type: Optional[str] = Q_TYPE, actor: Optional[str] = Q_ACTOR,
               text: Optional[str] = Q_TEXT, bbox: Optional[str] = Q_BBOX,
               limit: int = Query(50, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=10_000_000),
               sort: str = Query("-date", pattern="^-?(date|fatalities)$",
                                 description="date, -date, fatalities or -fatalities")) -> dict[str, Any]:
        f = _event_filter(date_from, date_to, country, admin1, event_type, actor, text, bbox)
        with pool.store() as s:
            rows, total = queries.list_events(s, f, limit=limit, offset=offset, sort=sort)
        return {"total": total, "limit": limit, "offset": offset, "rows": rows}

    @app.get("/api/events.geojson", tags=["events"], summary="Filtered events as a GeoJSON FeatureCollection")
    def events_geojson(date_from: Optional[str] = Q_FROM, date_to: Optional[str] = Q_TO,
                       country: Optional[str] = Q_COUNTRY, admin1: Optional[str] = Q_ADMIN1,
                       event_type: Optional[str] = Q_TYPE, actor: Optional[str] = Q_ACTOR,
                       text: Optional[str] = Q_TEXT, bbox: Optional[str] = Q_BBOX,
                       limit: int = Query(1000, ge=1, le=MAX_GEOJSON),
                       offset: int = Query(0, ge=0, le=10_000_000)) -> Response:
        f = _event_filter(date_from, date_to, country, admin1, event_type, actor, text, bbox)
        with pool.store() as s:
            body = queries.events_geojson(s, f, limit=limit, offset=offset)
        return JSONResponse(body, media_type="application/geo+json")

    @app.get("/api/events/{event_id}", tags=["events"],
             summary="One event with every report behind it, its sources and contradictions")
    def event(event_id: int = Path(ge=1, le=MAX_ID)) -> dict[str, Any]:
        with pool.store() as s:
            found = queries.event_detail(s, event_id)
        if found is None:
            raise HTTPException(404, f"no event {event_id}")
        return found

    @app.get("/api/timeline", tags=["aggregates"], summary="Events and fatalities per day (or week, month), by event type")
    def timeline(date_from: Optional[str] = Q_FROM, date_to: Optional[str] = Q_TO,
                 country: Optional[str] = Q_COUNTRY, admin1: Optional[str] = Q_ADMIN1,
                 event_type: Optional[str] = Q_TYPE, actor: Optional[str] = Q_ACTOR,
                 text: Optional[str] = Q_TEXT, bbox: Optional[str] = Q_BBOX,
                 interval: str = Query("auto", pattern="^(day|week|month|auto)$",
                                       description="day, week, month, or auto (by the span)")) -> dict[str, Any]:
        f = _event_filter(date_from, date_to, country, admin1, event_type, actor, text, bbox)
        with pool.store() as s:
            return queries.timeline(s, f, interval)

    @app.get("/api/clusters", tags=["aggregates"],
             summary="Events grouped into a grid whose cells are about 64 pixels wide at `zoom`")
    def clusters(zoom: int = Query(..., ge=0, le=queries.MAX_ZOOM, description="Web-Mercator zoom level"),
                 bbox: Optional[str] = Q_BBOX, date_from: Optional[str] = Q_FROM, date_to: Optional[str] = Q_TO,
                 country: Optional[str] = Q_COUNTRY, admin1: Optional[str] = Q_ADMIN1,
                 event_type: Optional[str] = Q_TYPE, actor: Optional[str] = Q_ACTOR,
                 text: Optional[str] = Q_TEXT) -> dict[str, Any]:
        f = _event_filter(date_from, date_to, country, admin1, event_type, actor, text, bbox)
        with pool.store() as s:
            return queries.clusters(s, f, zoom)

    @app.get("/api/figures", tags=["figures"], summary="Aggregate figures (tolls, displacement, territory)")
    def figures(kind: Optional[str] = Query(None, max_length=50), place: Optional[str] = Query(None, max_length=200),
                date_from: Optional[str] = Q_FROM, date_to: Optional[str] = Q_TO,
                limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=10_000_000)) -> dict[str, Any]:
        start, end = _dates(date_from, date_to)
        with pool.store() as s:
            rows, total = queries.list_figures(s, kind=kind, place=place, date_from=start, date_to=end,
                                               limit=limit, offset=offset)
        return {"total": total, "limit": limit, "offset": offset, "rows": rows}

    @app.get("/api/contradictions", tags=["figures"], summary="Contested facts, each with its claims")
    def contradictions(event_id: Optional[int] = Query(None, ge=1, le=MAX_ID), limit: int = Query(100, ge=1, le=MAX_PAGE),
                       offset: int = Query(0, ge=0, le=10_000_000)) -> dict[str, Any]:
        with pool.store() as s:
            rows = queries.contradictions_for(s, event_id=event_id, limit=limit, offset=offset)
            total = queries.count_contradictions(s, event_id)
        return {"total": total, "limit": limit, "offset": offset, "rows": rows}

    @app.get("/api/articles/{article_id}", tags=["articles"], summary="One article's text and metadata")
    def article(article_id: int = Path(ge=1, le=MAX_ID)) -> dict[str, Any]:
        with pool.store() as s:
            found = queries.article(s, article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id}")
        return found

    # -- pages ---------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> HTMLResponse:
        return _page("index.html")

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(event_id: int = Path(ge=1, le=MAX_ID)) -> HTMLResponse:
        return _page("event.html")

    @app.get("/report", response_class=HTMLResponse, include_in_schema=False)
    def report_page(place: Optional[str] = Query(None, max_length=200),
                    country: Optional[str] = Query(None, max_length=200),
                    date_from: Optional[str] = Query(None), date_to: Optional[str] = Query(None)) -> HTMLResponse:
        place, country = (place or "").strip() or None, (country or "").strip() or None
        error, body = None, ""
        try:
            start, end = _dates(date_from, date_to)
        except HTTPException as e:
            error, start, end = str(e.detail), None, None
        if error is None and (place or country or start or end):
            with pool.store() as s:
                rep = report_mod.build_report(s, place=place, country=country, date_from=start, date_to=end)
            body = report_mod.render(rep, "html", standalone=False)
        return HTMLResponse(_report_shell(place, country, date_from, date_to, error, body),
                            status_code=422 if error else 200)

    return app


def _report_shell(place: Optional[str], country: Optional[str], date_from: Optional[str],
                  date_to: Optional[str], error: Optional[str], body: str) -> str:
    def val(v: Optional[str]) -> str:
        return html.escape(v or "", quote=True)

    shell = (STATIC_DIR / "report.html").read_text(encoding="utf-8")
    err = f'<p class="error" role="alert">{html.escape(error)}</p>' if error else ""
    empty = ('<p class="muted">Name a place (a town or region) or a country, and a date range, to write a '
             'situation report from the stored events.</p>')
    values = {"place": val(place), "country": val(country), "date_from": val(date_from),
              "date_to": val(date_to), "error": err, "report": body or ("" if error else empty)}
    # One pass, so a value that happens to contain "{{...}}" is never substituted again.
    return _SLOT.sub(lambda m: values[m.group(1)], shell)
