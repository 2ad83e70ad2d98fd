"""The FastAPI app: a JSON API over one store, and three pages (map, event, report) that use it.

Pages are static HTML and JavaScript from `static/`; they fetch the API and build every element
with `textContent`, never HTML strings, so article text (untrusted) is always shown as text. The
report page is rendered on the server by `sitreps.report.render`, which escapes everything. A
Content-Security-Policy forbidding inline scripts backs that up.
"""
from __future__ import annotations

import datetime as dt
import functools
import gzip
import hashlib
import html
import io
import logging
import os
import re
import threading
from contextlib import asynccontextmanager, contextmanager
from importlib import resources
from pathlib import Path as FsPath
from typing import Any, Iterator, Optional
from urllib.parse import urlsplit

from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from .. import export as export_mod
from .. import report as report_mod
from ..errors import SitrepsError
from ..store import Store, open_store
from ..store.db import ReadCache
from . import queries
from .queries import BBox, EventFilter

log = logging.getLogger(__name__)

STATIC_DIR = resources.files("sitreps.web") / "static"
#: The offline basemap (Natural Earth coastlines, borders and first-level regions as TopoJSON),
#: built by scripts/build_basemap.py.
BASEMAP_DIR = resources.files("sitreps") / "data" / "basemap"
#: Environment variable naming a raster tile URL for the map, when `create_app` is given none.
ENV_TILES = "SITREPS_TILES"
MAX_PAGE = 500
#: Ids and offsets are SQLite/PostgreSQL 64-bit integers: a larger one is a 422, never a 500.
MAX_ID = 2**63 - 1
MAX_GEOJSON = 10_000
MAX_POINTS = 100_000  # the most events the map's marker clusters are sent at once
MAX_VALUES = 50  # values of one multi-valued filter
BASEMAP_FILE = "world.topo.json"
_SLOT = re.compile(r"\{\{(\w+)\}\}")


class StorePool:
    """One store connection per server thread (SQLite connections must stay on their thread), all
    sharing one `ReadCache`."""

    def __init__(self, db_url: str):
        self.db_url = db_url
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[Store] = []
        self.read_cache = ReadCache()  # shared: a count one thread computed serves every thread
        # Open (and migrate) once up front, so a bad URL fails at start-up rather than on a request.
        with self.store():
            pass

    @contextmanager
    def store(self) -> Iterator[Store]:
        s = getattr(self._local, "store", None)
        if s is None:
            s = open_store(self.db_url)
            s.read_cache = self.read_cache
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


def _values(name: str, values: Optional[list[str]], max_length: int = 200) -> tuple[str, ...]:
    """A repeated query parameter's values, stripped, blanks dropped; a 422 when there are too many or
    one is too long."""
    kept = tuple(v.strip() for v in values or () if v and v.strip())
    if len(kept) > MAX_VALUES:
        raise HTTPException(422, f"{name}: at most {MAX_VALUES} values, not {len(kept)}")
    for v in kept:
        if len(v) > max_length:
            raise HTTPException(422, f"{name}: a value may have at most {max_length} characters")
    return kept


_MULTI = "; repeat the parameter for several values, any of which may match"
Q_FROM = Query(None, description="First day, YYYY-MM-DD (inclusive)", examples=["2016-11-15"])
Q_TO = Query(None, description="Last day, YYYY-MM-DD (inclusive)", examples=["2016-12-03"])


def event_filter(
        date_from: Optional[str] = Q_FROM, date_to: Optional[str] = Q_TO,
        country: Optional[list[str]] = Query(None, description="Country name, case-insensitive" + _MULTI),
        admin1: Optional[list[str]] = Query(None, description="First-level region (governorate, province), "
                                                              "case-insensitive" + _MULTI),
        event_type: Optional[list[str]] = Query(None, description="ACLED event type, e.g. 'Battles'" + _MULTI),
        actor: Optional[list[str]] = Query(None, description="Substring of any actor name" + _MULTI),
        text: Optional[str] = Query(None, max_length=500, description="Words that must all occur in the evidence "
                                                                      "or article text"),
        bbox: Optional[str] = Query(None, max_length=200, description="minlon,minlat,maxlon,maxlat"),
) -> EventFilter:
    """The event filters of a request: the one place they are read and checked, for every endpoint."""
    start, end = _dates(date_from, date_to)
    return EventFilter(date_from=start, date_to=end, country=_values("country", country),
                       admin1=_values("admin1", admin1), event_type=_values("event_type", event_type),
                       actor=_values("actor", actor), text=(text or "").strip() or None, bbox=_parse_bbox(bbox))


FILTER = Depends(event_filter)
EXPORTS = {"acled-csv": ("text/csv; charset=utf-8", "csv"), "geojson": ("application/geo+json", "geojson")}


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


@functools.lru_cache(maxsize=2)
def _basemap_bytes(path: str, mtime: float) -> tuple[bytes, bytes, str]:
    """The basemap file, gzipped once (not on every request), and its ETag."""
    raw = FsPath(path).read_bytes()
    return raw, gzip.compress(raw, compresslevel=6), '"' + hashlib.sha1(raw).hexdigest()[:20] + '"'


def _basemap_response(request: Request) -> Response:
    path = FsPath(str(BASEMAP_DIR / BASEMAP_FILE))
    if not path.is_file():
        raise HTTPException(404, "no basemap in this installation: scripts/build_basemap.py builds it")
    raw, packed, etag = _basemap_bytes(str(path), path.stat().st_mtime)
    headers = {"Cache-Control": "public, max-age=86400", "ETag": etag, "Vary": "Accept-Encoding"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(packed, media_type="application/json", headers=dict(headers, **{"Content-Encoding": "gzip"}))
    return Response(raw, media_type="application/json", headers=headers)


class SecurityHeaders:
    """ASGI middleware: the security headers on every response, and a bug in the app answered with
    a 500 that has them too (logged, never the traceback). A plain ASGI wrapper rather than
    Starlette's `BaseHTTPMiddleware`, which costs a task and a stream per request."""

    def __init__(self, app, headers: dict[str, str]):
        self.app = app
        self.raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                have = {k.lower() for k, _ in message.get("headers", [])}
                message = dict(message, headers=list(message.get("headers", [])) +
                               [(k, v) for k, v in self.raw if k not in have])
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:  # a bug, not the request's fault
            log.exception("%s failed", scope.get("path"))
            if started:  # the answer is half sent: nothing better to do than drop the connection
                raise
            await JSONResponse({"detail": "internal error"}, status_code=500)(scope, receive, send_with_headers)


def _page(name: str) -> HTMLResponse:
    return HTMLResponse((STATIC_DIR / name).read_text(encoding="utf-8"))


def create_app(db_url: str, tile_url: Optional[str] = None) -> FastAPI:
    """The web app over the store at `db_url`. `tile_url` (e.g. 'https://tile.example/{z}/{x}/{y}.png',
    else $SITREPS_TILES) adds a raster tile layer under the map's bundled vector basemap; without it
    the map needs no network at all."""
    tile_url = tile_url or os.environ.get(ENV_TILES) or None
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

    # JSON answers shrink four- to fivefold at gzip's fastest level (nginx's default too); level 6
    # saves a further sixth of the bytes for twice the CPU. The basemap is
    # compressed once, harder, by `_basemap_bytes`.
    app.add_middleware(GZipMiddleware, minimum_size=2000, compresslevel=1)
    # Added last, so outermost: its headers are on every answer, gzipped or not, errors included.
    app.add_middleware(SecurityHeaders, headers=headers)

    @app.exception_handler(SitrepsError)
    async def _sitreps_error(request: Request, exc: SitrepsError) -> JSONResponse:
        log.error("%s: %s", request.url.path, exc)
        return JSONResponse({"detail": str(exc)}, status_code=500)

    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")

    @app.get("/basemap/" + BASEMAP_FILE, include_in_schema=False)
    def basemap(request: Request) -> Response:
        return _basemap_response(request)

    # -- API -----------------------------------------------------------------------------------

    @app.get("/api/config", tags=["meta"], summary="Settings the pages need (tile layer)")
    def config() -> dict[str, Any]:
        return {"tile_url": tile_url}

    @app.get("/api/facets", tags=["events"],
             summary="Event types, countries, top actors, totals, date range and map extent of the events that match")
    def facets(f: EventFilter = FILTER) -> dict[str, Any]:
        with pool.store() as s:
            return queries.facets(s, f)

    @app.get("/api/events", tags=["events"], summary="Linked events, filtered and paged, with the total")
    def events(f: EventFilter = FILTER,
               limit: int = Query(50, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=10_000_000),
               sort: str = Query("-date", pattern="^-?(date|fatalities)$",
                                 description="date, -date, fatalities or -fatalities")) -> dict[str, Any]:
        with pool.store() as s:
            rows, total = queries.list_events(s, f, limit=limit, offset=offset, sort=sort)
        return {"total": total, "limit": limit, "offset": offset, "rows": rows}

    @app.get("/api/events.geojson", tags=["events"], summary="Filtered events as a GeoJSON FeatureCollection")
    def events_geojson(f: EventFilter = FILTER, limit: int = Query(1000, ge=1, le=MAX_GEOJSON),
                       offset: int = Query(0, ge=0, le=10_000_000)) -> Response:
        with pool.store() as s:
            body = queries.events_geojson(s, f, limit=limit, offset=offset)
        return JSONResponse(body, media_type="application/geo+json")

    @app.get("/api/export", tags=["events"],
             summary="Every filtered event as a download: ACLED-style CSV or GeoJSON (sitreps export's writers)")
    def export(f: EventFilter = FILTER,
               fmt: str = Query("acled-csv", alias="format", pattern="^(acled-csv|geojson)$",
                                description="acled-csv or geojson")) -> Response:
        writer = export_mod.write_acled_csv if fmt == "acled-csv" else export_mod.write_geojson
        body = io.StringIO()
        with pool.store() as s:
            writer(queries.event_records(s, f), body)
        media_type, suffix = EXPORTS[fmt]
        return Response(body.getvalue(), media_type=media_type,
                        headers={"Content-Disposition": f'attachment; filename="sitreps-events.{suffix}"'})

    @app.get("/api/points", tags=["aggregates"],
             summary="The map's points: every filtered event with coordinates as [id, lat, lon, type, fatalities]")
    def points(f: EventFilter = FILTER, limit: int = Query(MAX_POINTS, ge=1, le=MAX_POINTS)) -> dict[str, Any]:
        with pool.store() as s:
            return queries.points(s, f, limit=limit)

    @app.get("/api/admin1", tags=["aggregates"],
             summary="Events and fatalities per first-level region (country, admin1) of the filtered events")
    def admin1(f: EventFilter = FILTER) -> dict[str, Any]:
        with pool.store() as s:
            return queries.by_admin1(s, f)

    @app.get("/api/actors", tags=["aggregates"], summary="The actors of the most filtered events")
    def actors(f: EventFilter = FILTER, limit: int = Query(15, ge=1, le=200)) -> dict[str, Any]:
        with pool.store() as s:
            return {"actors": queries.top_actors(s, f, limit=limit)}

    @app.get("/api/events/{event_id}", tags=["events"],
             summary="One event with every report behind it, its sources and contradictions")
    def event(event_id: int = Path(ge=1, le=MAX_ID)) -> dict[str, Any]:
        with pool.store() as s:
            found = queries.event_detail(s, event_id)
        if found is None:
            raise HTTPException(404, f"no event {event_id}")
        return found

    @app.get("/api/timeline", tags=["aggregates"], summary="Events and fatalities per day (or week, month), by event type")
    def timeline(f: EventFilter = FILTER,
                 interval: str = Query("auto", pattern="^(day|week|month|auto)$",
                                       description="day, week, month, or auto (by the span)")) -> dict[str, Any]:
        with pool.store() as s:
            return queries.timeline(s, f, interval)

    @app.get("/api/clusters", tags=["aggregates"],
             summary="Events grouped into a grid whose cells are about 64 pixels wide at `zoom`")
    def clusters(zoom: int = Query(..., ge=0, le=queries.MAX_ZOOM, description="Web-Mercator zoom level"),
                 f: EventFilter = FILTER) -> dict[str, Any]:
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
