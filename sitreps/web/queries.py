"""Read queries the web app needs that the Store does not offer: filtered and paged events with a
total, per-day aggregation, grid clustering, counts by region and by actor, the map's points, one
event with every report behind it, and the filtered events as records for export.

Everything is filtered and aggregated in SQL. The explorer's map gets the filtered events as
compact points (five numbers each, as many as its marker clusters can hold) or counts per region;
`clusters` groups them into a grid on the server for clients that want a few hundred cells instead. The SQL is the store's portable subset (`?`
placeholders through `store.dialect.sql`), so it runs on SQLite and PostgreSQL alike; the one
difference, rounding down to a grid cell, is in `_floor`.
"""
from __future__ import annotations

import copy
import datetime as dt
import functools
import json
from dataclasses import dataclass, fields
from typing import Any, Callable, Iterator, Optional, Sequence, TypeVar, Union

from .. import link
from ..records import Article, Event
from ..store import Store
from ..store.db import _event_record, event_conditions

EVENT_SORTS = {
    "date": "event_date ASC, id ASC",
    "-date": "event_date DESC, id DESC",
    "fatalities": "fatalities_best ASC, id ASC",
    "-fatalities": "fatalities_best DESC, id DESC",
}
CLUSTER_CELL_PX = 64  # a cluster cell is about this many screen pixels wide at the requested zoom
MAX_ZOOM = 18


@dataclass(frozen=True)
class BBox:
    """A longitude/latitude box, west to east (no antimeridian crossing)."""

    minlon: float
    minlat: float
    maxlon: float
    maxlat: float

    @classmethod
    def parse(cls, text: str) -> "BBox":
        """'minlon,minlat,maxlon,maxlat' -> BBox; ValueError with a readable reason otherwise."""
        parts = [p.strip() for p in text.split(",")]
        if len(parts) != 4:
            raise ValueError("bbox must be four comma-separated numbers: minlon,minlat,maxlon,maxlat")
        try:
            minlon, minlat, maxlon, maxlat = (float(p) for p in parts)
        except ValueError:
            raise ValueError("bbox must be four comma-separated numbers: minlon,minlat,maxlon,maxlat") from None
        if any(v != v for v in (minlon, minlat, maxlon, maxlat)):
            raise ValueError("bbox values must be numbers, not NaN")
        if not (-180 <= minlon <= 180 and -180 <= maxlon <= 180):
            raise ValueError("bbox longitudes must lie within -180..180")
        if not (-90 <= minlat <= 90 and -90 <= maxlat <= 90):
            raise ValueError("bbox latitudes must lie within -90..90")
        if minlon > maxlon or minlat > maxlat:
            raise ValueError("bbox minimum must not exceed its maximum (minlon,minlat,maxlon,maxlat)")
        return cls(minlon, minlat, maxlon, maxlat)


#: A filter that takes several values: one string, or a tuple of strings of which any may match.
Values = Union[str, tuple[str, ...], None]
MULTI_FIELDS = ("country", "admin1", "event_type", "actor")


def values_of(value: Values) -> tuple[str, ...]:
    """A filter field's values as a tuple, blanks left out."""
    if value is None:
        return ()
    items = (value,) if isinstance(value, str) else tuple(value)
    return tuple(v for v in items if v)


@dataclass(frozen=True)
class EventFilter:
    """The filters every event endpoint shares; None (or an empty tuple) means 'any'.

    country, admin1, event_type and actor take one value or a tuple of values: an event matches when
    it matches any of them (Syria or Yemen), and every field given must match (Syria and Battles).
    """

    date_from: Optional[dt.date] = None
    date_to: Optional[dt.date] = None
    country: Values = None
    admin1: Values = None
    event_type: Values = None
    actor: Values = None
    text: Optional[str] = None
    bbox: Optional[BBox] = None

    def where(self, store: Store) -> tuple[str, list[Any]]:
        """A WHERE clause over the events table (empty when nothing is filtered) and its parameters.

        Each value's condition is the store's own (`event_conditions`); several values of one field
        are joined with OR."""
        b = self.bbox
        where, params = event_conditions(store.dialect, date_from=self.date_from, date_to=self.date_to,
                                         text=self.text,
                                         box=(b.minlat, b.maxlat, b.minlon, b.maxlon) if b else None)
        for name in MULTI_FIELDS:
            alternatives = [event_conditions(store.dialect, **{name: v}) for v in values_of(getattr(self, name))]
            if alternatives:
                where.append("(" + " OR ".join(" AND ".join(conds) for conds, _ in alternatives) + ")")
                params += [p for _, ps in alternatives for p in ps]
        return (" WHERE " + " AND ".join(where) if where else ""), params

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, "", ()) for f in fields(self))


def _rows(store: Store, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    return list(store._conn.execute(store.dialect.sql(sql), tuple(params)).fetchall())


def _with_sources(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for r in rows:
        if isinstance(r.get("sources"), str):
            r["sources"] = json.loads(r["sources"])
        if isinstance(r.get("link_reasons"), str):  # why the linker joined a report to its event
            r["link_reasons"] = json.loads(r["link_reasons"])
        r.pop("tsv", None)
    return rows


def _floor(store: Store, expr: str) -> str:
    # SQLite's CAST truncates, which is the floor for the non-negative values used here;
    # PostgreSQL's CAST rounds, so it needs FLOOR.
    if store.dialect.name == "sqlite":
        return f"CAST({expr} AS INTEGER)"
    return f"CAST(FLOOR({expr}) AS BIGINT)"


def _also(where: str, condition: str) -> str:
    """The WHERE clause with one more condition."""
    return where + (" AND " if where else " WHERE ") + condition


#: Events the map can place.
HAS_POINT = "latitude IS NOT NULL AND longitude IS NOT NULL"


T = TypeVar("T", bound=Callable[..., Any])


def remembered(fn: T) -> T:
    """The aggregate `fn(store, f, ...)` kept per store connection until the stored data change
    (`Store.cached`): a page load's facets, counts and timeline are then computed once per change,
    not once per visitor. Each caller gets its own copy, free to change."""
    @functools.wraps(fn)
    def wrapper(store: Store, *args: Any, **kwargs: Any) -> Any:
        try:
            key = (fn.__name__, args, tuple(sorted(kwargs.items())))
            hash(key)
        except TypeError:  # a filter built with lists: nothing to key it by
            return fn(store, *args, **kwargs)
        return copy.deepcopy(store.cached(key, lambda: fn(store, *args, **kwargs)))
    return wrapper  # type: ignore[return-value]


# -- events --------------------------------------------------------------------------------------

def list_events(store: Store, f: EventFilter, limit: int = 50, offset: int = 0, sort: str = "-date"
                ) -> tuple[list[dict[str, Any]], int]:
    """One page of linked events and the number of events matching the filter."""
    where, params = f.where(store)
    order = EVENT_SORTS[sort]
    total = count_events(store, f)
    rows = _rows(store, f"SELECT * FROM events{where} ORDER BY {order} LIMIT {int(limit)} OFFSET {int(offset)}",
                 params)
    return _with_sources(rows), int(total)


@remembered
def count_events(store: Store, f: EventFilter) -> int:
    """How many events match the filter."""
    where, params = f.where(store)
    return int(_rows(store, "SELECT COUNT(*) AS n FROM events" + where, params)[0]["n"])


def event_detail(store: Store, event_id: int) -> Optional[dict[str, Any]]:
    """One event with its reports (mentions with their article's title, outlet, url, the evidence
    offsets and how surely each was linked) and its contradictions with their claims; None when
    there is no such event."""
    found = _rows(store, "SELECT * FROM events WHERE id = ?", (event_id,))
    if not found:
        return None
    event = _with_sources(found)[0]
    mentions = _with_sources(_rows(
        store,
        "SELECT m.*, a.doc_id AS doc_id, a.title AS title, a.published AS published, a.source AS outlet, "
        "a.url AS url FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.event_id = ? ORDER BY m.id",
        (event_id,)))
    article_ids = sorted({m["article_id"] for m in mentions})
    contradictions = contradictions_for(store, event_id=event_id)
    # An article-level contradiction not tied to an event index still concerns this event when the
    # article is one of its reports and the contradiction names no other event.
    if article_ids:
        marks = ", ".join("?" * len(article_ids))
        loose = contradictions_for(store, where=f"c.event_id IS NULL AND c.article_id IN ({marks})",
                                   params=article_ids)
        contradictions += loose
    for m in mentions:  # the event page says how sure each link is: the store keeps score and reasons
        m["link_confident"] = m.get("link_score") is None or m["link_score"] >= link.CONFIDENT
    scores = [m["link_score"] for m in mentions if m.get("link_score") is not None]
    event["link_score"] = min(scores) if scores else None  # the weakest link holding the event together
    event["mentions"] = mentions
    event["contradictions"] = contradictions
    return event


def events_geojson(store: Store, f: EventFilter, limit: int = 5000, offset: int = 0) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the filtered events that have coordinates."""
    where, params = f.where(store)
    where = _also(where, HAS_POINT)
    rows = _with_sources(_rows(store, f"SELECT * FROM events{where} ORDER BY event_date, id "
                                      f"LIMIT {int(limit)} OFFSET {int(offset)}", params))
    features = []
    for r in rows:
        lon, lat = r.pop("longitude"), r.pop("latitude")
        features.append({"type": "Feature", "id": r["id"],
                         "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": r})
    return {"type": "FeatureCollection", "features": features}


def points(store: Store, f: EventFilter, limit: int = 50_000) -> dict[str, Any]:
    """The filtered events with coordinates, as compact rows for the map's marker clusters:
    `[id, lat, lon, type index, fatalities]`, `types` naming the indexes; `total` counts them all,
    `points` holds at most `limit` (the most recent first)."""
    where, params = f.where(store)
    where = _also(where, HAS_POINT)
    total = int(_rows(store, "SELECT COUNT(*) AS n FROM events" + where, params)[0]["n"])
    rows = _rows(store, "SELECT id, latitude, longitude, event_type, fatalities_best FROM events" + where +
                 f" ORDER BY event_date DESC, id DESC LIMIT {int(limit)}", params)
    types = sorted({r["event_type"] or "" for r in rows})
    at = {t: i for i, t in enumerate(types)}
    pts = [[r["id"], round(float(r["latitude"]), 5), round(float(r["longitude"]), 5), at[r["event_type"] or ""],
            int(r["fatalities_best"] or 0)] for r in rows]
    return {"total": total, "types": types, "points": pts}


def event_records(store: Store, f: EventFilter, chunk: int = 500) -> Iterator[tuple[Event, Article]]:
    """The filtered events as (Event, Article) pairs for `sitreps.export`'s writers, oldest first:
    what `Store.iter_event_records` gives, for the web's filters (several values, admin1, bbox)."""
    where, params = f.where(store)
    events = _with_sources(_rows(store, f"SELECT * FROM events{where} ORDER BY event_date, id", params))
    for i in range(0, len(events), chunk):
        part = events[i:i + chunk]
        ids = [e["id"] for e in part]
        reports: dict[int, list[dict[str, Any]]] = {}
        for m in _rows(store, "SELECT m.*, a.doc_id AS doc_id, a.title AS title, a.text AS text, "
                              "a.published AS published, a.url AS url, a.source AS outlet, a.origin AS origin "
                              "FROM mentions m JOIN articles a ON a.id = m.article_id "
                              f"WHERE m.event_id IN ({', '.join('?' * len(ids))})", ids):
            reports.setdefault(m["event_id"], []).append(m)
        for e in part:
            yield _event_record(e, link.canonical(reports[e["id"]]))


# -- aggregations --------------------------------------------------------------------------------

INTERVALS = ("day", "week", "month", "auto")


def _bucket(day: str, interval: str) -> str:
    if interval == "month":
        return day[:8] + "01"
    if interval == "week":  # the Monday of the ISO week
        d = dt.date.fromisoformat(day)
        return (d - dt.timedelta(days=d.weekday())).isoformat()
    return day


@remembered
def timeline(store: Store, f: EventFilter, interval: str = "auto") -> dict[str, Any]:
    """Events and best-estimate fatalities per day (or week, month), overall and by event type, as
    parallel arrays: `dates[i]` has `events[i]`, `fatalities[i]` and `by_type[type][i]` events.
    "auto" picks days up to 8 months, weeks up to 4 years, then months. Undated events are left out."""
    where, params = f.where(store)
    where = _also(where, "event_date IS NOT NULL")
    rows = _rows(store, "SELECT event_type, event_date AS day, COUNT(*) AS events, "
                        "SUM(fatalities_best) AS fatalities FROM events" + where +
                 " GROUP BY event_type, event_date", params)
    if interval == "auto":
        days = [r["day"] for r in rows]
        span = (dt.date.fromisoformat(max(days)) - dt.date.fromisoformat(min(days))).days if days else 0
        interval = "day" if span <= 240 else "week" if span <= 1500 else "month"
    types = sorted({r["event_type"] for r in rows})
    dates = sorted({_bucket(r["day"], interval) for r in rows})
    at = {d: i for i, d in enumerate(dates)}
    events, fatalities = [0] * len(dates), [0] * len(dates)
    by_type = {t: [0] * len(dates) for t in types}
    for r in rows:
        i, n = at[_bucket(r["day"], interval)], int(r["events"])
        events[i] += n
        fatalities[i] += int(r["fatalities"] or 0)
        by_type[r["event_type"]][i] += n
    return {"interval": interval, "types": types, "dates": dates, "events": events, "fatalities": fatalities,
            "by_type": by_type, "totals": {"events": sum(events), "fatalities": sum(fatalities)}}


def cell_degrees(zoom: int) -> float:
    """The width in degrees of one cluster cell at a Web-Mercator zoom level (256-pixel tiles)."""
    return 360.0 * CLUSTER_CELL_PX / (256.0 * 2 ** zoom)


def clusters(store: Store, f: EventFilter, zoom: int) -> dict[str, Any]:
    """Events with coordinates grouped into a square grid of `cell_degrees(zoom)`: per cell the count,
    mean position, fatalities, counts by type and, for a cell of one event, its id."""
    size = cell_degrees(zoom)
    where, params = f.where(store)
    where = _also(where, HAS_POINT)
    gx = _floor(store, f"(longitude + 180.0) / {size!r}")
    gy = _floor(store, f"(latitude + 90.0) / {size!r}")
    rows = _rows(store, f"SELECT {gx} AS gx, {gy} AS gy, event_type, COUNT(*) AS n, "
                        "SUM(latitude) AS slat, SUM(longitude) AS slon, SUM(fatalities_best) AS fatalities, "
                        "MIN(id) AS min_id FROM events" + where + " GROUP BY 1, 2, 3", params)
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    for r in rows:
        c = cells.setdefault((r["gx"], r["gy"]), {"count": 0, "slat": 0.0, "slon": 0.0, "fatalities": 0,
                                                  "types": {}, "min_id": r["min_id"]})
        n = int(r["n"])
        c["count"] += n
        c["slat"] += float(r["slat"])
        c["slon"] += float(r["slon"])
        c["fatalities"] += int(r["fatalities"] or 0)
        c["types"][r["event_type"]] = c["types"].get(r["event_type"], 0) + n
        c["min_id"] = min(c["min_id"], r["min_id"])
    out = []
    for (x, y), c in cells.items():
        top = max(c["types"].items(), key=lambda kv: (kv[1], kv[0]))[0]
        out.append({
            "lat": round(c["slat"] / c["count"], 5), "lon": round(c["slon"] / c["count"], 5),
            "count": c["count"], "fatalities": c["fatalities"], "types": c["types"], "top_type": top,
            "event_id": c["min_id"] if c["count"] == 1 else None,
            "cell": [round(x * size - 180.0, 6), round(y * size - 90.0, 6),
                     round((x + 1) * size - 180.0, 6), round((y + 1) * size - 90.0, 6)],
        })
    out.sort(key=lambda c: -c["count"])
    return {"zoom": zoom, "cell_degrees": size, "total": sum(c["count"] for c in out), "clusters": out}


@remembered
def by_admin1(store: Store, f: EventFilter) -> dict[str, Any]:
    """Events and best-estimate fatalities per first-level region (country and admin1) of the filtered
    events, each with the mean position of its events that have one; `unplaced` counts the events
    without an admin1."""
    where, params = f.where(store)
    rows = _rows(store, "SELECT country, admin1, COUNT(*) AS events, SUM(fatalities_best) AS fatalities, "
                        "AVG(latitude) AS lat, AVG(longitude) AS lon FROM events" + _also(where, "admin1 IS NOT NULL") +
                 " GROUP BY country, admin1 ORDER BY 3 DESC, 1, 2", params)
    unplaced = _rows(store, "SELECT COUNT(*) AS n FROM events" + _also(where, "admin1 IS NULL"), params)[0]["n"]
    regions = [{"country": r["country"], "admin1": r["admin1"], "events": int(r["events"]),
                "fatalities": int(r["fatalities"] or 0),
                "lat": None if r["lat"] is None else round(float(r["lat"]), 5),
                "lon": None if r["lon"] is None else round(float(r["lon"]), 5)} for r in rows]
    return {"regions": regions, "unplaced": int(unplaced)}


def top_actors(store: Store, f: EventFilter, limit: int = 15) -> list[dict[str, Any]]:
    """The actors (actor1 or actor2) of the most filtered events, with their number of events."""
    where, params = f.where(store)
    # UNION ALL, not UNION: an event counts once per actor without a sort to drop duplicates
    sides = ("SELECT actor1 AS actor FROM events" + _also(where, "actor1 IS NOT NULL") + " UNION ALL " +
             "SELECT actor2 AS actor FROM events" +
             _also(where, "actor2 IS NOT NULL AND (actor1 IS NULL OR actor2 <> actor1)"))
    return _rows(store, f"SELECT actor AS value, COUNT(*) AS n FROM ({sides}) sides GROUP BY actor "
                        f"ORDER BY 2 DESC, 1 LIMIT {int(limit)}", params + params)


@remembered
def facets(store: Store, f: Optional[EventFilter] = None) -> dict[str, Any]:
    """What the filter form offers and where the map starts: types, countries, top actors, date and
    map extent.

    With a filter, every count and the extent are those of the matching events (the page's header,
    type legend, actor list and "fit to events" follow the filters); `all_event_types`,
    `all_countries`, `all_first_date` and `all_last_date` stay the whole store's, for the form's
    choices and the time slider's span.
    """
    where, params = f.where(store) if f is not None else ("", [])
    types = _rows(store, "SELECT event_type AS value, COUNT(*) AS n FROM events" + where +
                  " GROUP BY event_type ORDER BY 2 DESC, 1", params)
    cwhere = _also(where, "country IS NOT NULL")
    countries = _rows(store, "SELECT country AS value, COUNT(*) AS n FROM events" + cwhere +
                      " GROUP BY country ORDER BY 2 DESC, 1", params)
    ext = _rows(store, "SELECT COUNT(*) AS n, MIN(event_date) AS first, MAX(event_date) AS last, "
                       "MIN(longitude) AS minlon, MIN(latitude) AS minlat, MAX(longitude) AS maxlon, "
                       "MAX(latitude) AS maxlat, SUM(fatalities_best) AS fatalities FROM events" + where, params)[0]
    extent = None
    if ext["minlon"] is not None:
        extent = [ext["minlon"], ext["minlat"], ext["maxlon"], ext["maxlat"]]
    out = {"event_types": types, "countries": countries, "actors": top_actors(store, f or EventFilter()),
           "events": int(ext["n"]),
           "fatalities": int(ext["fatalities"] or 0), "first_date": ext["first"], "last_date": ext["last"],
           "extent": extent}
    whole = facets(store) if f is not None and where else out
    for key in ("event_types", "countries", "first_date", "last_date"):
        out["all_" + key] = whole[key]
    return out


# -- figures, contradictions, articles --------------------------------------------------------------

def list_figures(store: Store, kind: Optional[str] = None, place: Optional[str] = None,
                 date_from: Optional[dt.date] = None, date_to: Optional[dt.date] = None,
                 limit: Optional[int] = 100, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Aggregate figures with their article's title, outlet and date, filtered by kind, place (the
    figure's own place, case-insensitive) and the article's publication date."""
    where: list[str] = []
    params: list[Any] = []
    if kind:
        where.append("LOWER(f.kind) = LOWER(?)")
        params.append(kind)
    if place:
        where.append("LOWER(f.place) = LOWER(?)")
        params.append(place)
    if date_from:
        where.append("a.published >= ?")
        params.append(date_from.isoformat())
    if date_to:
        where.append("a.published <= ?")
        params.append(date_to.isoformat())
    clause = " WHERE " + " AND ".join(where) if where else ""
    base = " FROM figures f JOIN articles a ON a.id = f.article_id" + clause
    total = _rows(store, "SELECT COUNT(*) AS n" + base, params)[0]["n"]
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
    rows = _rows(store, "SELECT f.*, a.doc_id AS doc_id, a.title AS title, a.published AS published, "
                        f"a.source AS outlet, a.url AS url{base} ORDER BY f.id{page}", params)
    return _with_sources(rows), int(total)


def contradictions_for(store: Store, event_id: Optional[int] = None, where: str = "",
                       params: Sequence[Any] = (), limit: Optional[int] = None, offset: int = 0
                       ) -> list[dict[str, Any]]:
    """Contradictions with their claims (each claim with its article's title and outlet)."""
    conds: list[str] = [where] if where else []
    args = list(params)
    if event_id is not None:
        conds.append("c.event_id = ?")
        args.append(event_id)
    clause = " WHERE " + " AND ".join(conds) if conds else ""
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
    rows = _rows(store, "SELECT c.*, a.title AS title, a.source AS outlet, a.published AS published "
                        "FROM contradictions c LEFT JOIN articles a ON a.id = c.article_id"
                 + clause + " ORDER BY c.id" + page, args)
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    claims = _rows(store, "SELECT cl.*, a.title AS title, a.source AS outlet, a.published AS published "
                          "FROM claims cl LEFT JOIN articles a ON a.id = cl.article_id "
                          f"WHERE cl.contradiction_id IN ({', '.join('?' * len(ids))}) ORDER BY cl.id", ids)
    by_id: dict[int, list[dict[str, Any]]] = {}
    for cl in claims:
        by_id.setdefault(cl["contradiction_id"], []).append(cl)
    for r in rows:
        r["claims"] = by_id.get(r["id"], [])
    return rows


def count_contradictions(store: Store, event_id: Optional[int] = None) -> int:
    if event_id is None:
        return int(_rows(store, "SELECT COUNT(*) AS n FROM contradictions")[0]["n"])
    return int(_rows(store, "SELECT COUNT(*) AS n FROM contradictions WHERE event_id = ?", (event_id,))[0]["n"])


def article(store: Store, article_id: int) -> Optional[dict[str, Any]]:
    """One stored article (id, doc_id, title, text, published, url, source), or None."""
    rows = _rows(store, "SELECT id, doc_id, title, text, published, url, source FROM articles WHERE id = ?",
                 (article_id,))
    return rows[0] if rows else None
