"""The event store: articles, their event mentions, linked events, figures and contradictions.

One code path for SQLite and PostgreSQL; `dialect.py` holds the differences.
Writes happen in `add_batch`, one transaction per batch of extractions, so a
crash leaves either the whole batch or none of it.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence

from .. import link
from ..errors import StoreError
from ..records import Article, Event, Extraction, Rejection
from . import schema
from .dialect import Dialect

log = logging.getLogger(__name__)

EVENT_FIELDS = link.CANONICAL_FIELDS
MENTION_FIELDS = EVENT_FIELDS + (
    "fatalities", "fatalities_high", "injuries", "sources", "stance", "evidence", "evidence_start",
    "evidence_end", "date_text", "place_text", "notes",
)
EVENT_AGG_FIELDS = EVENT_FIELDS + (
    "stance", "n_reports", "n_sources", "sources", "first_reported",
    "fatalities_low", "fatalities_best", "fatalities_high",
)
FIGURE_FIELDS = ("kind", "value", "qualifier", "value_high", "subject", "place", "period_start", "period_end",
                 "sources", "evidence", "evidence_start", "evidence_end")
TABLES = ("articles", "mentions", "events", "figures", "contradictions", "claims", "rejections")
_CHUNK = 500


@dataclass
class BatchResult:
    """What one `add_batch` call wrote."""

    added: int = 0
    skipped_duplicate: int = 0
    rejected: int = 0
    events_new: int = 0
    events_merged: int = 0


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _iso(value: Any) -> Optional[str]:
    if value is None or value == "":
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value)


def _placeholders(n: int) -> str:
    return ", ".join("?" * n)


def event_conditions(dialect: Dialect, date_from: Any = None, date_to: Any = None, country: Optional[str] = None,
                     admin1: Optional[str] = None, event_type: Optional[str] = None, actor: Optional[str] = None,
                     text: Optional[str] = None,
                     box: Optional[tuple[float, float, float, float]] = None) -> tuple[list[str], list[Any]]:
    """SQL conditions over the events table for the filters given, and their parameters.

    The one place event filters are written, shared by `Store.query_events` and the web API.
    country, admin1 and event_type match case-insensitively; actor is a case-insensitive substring
    of any actor column; text is a full-text query over the reports' evidence and article texts;
    box is (lat_min, lat_max, lon_min, lon_max).
    """
    where: list[str] = []
    params: list[Any] = []
    if date_from:
        where.append("event_date >= ?")
        params.append(_iso(date_from))
    if date_to:
        where.append("event_date <= ?")
        params.append(_iso(date_to))
    for column, value in (("country", country), ("admin1", admin1), ("event_type", event_type)):
        if value:
            where.append(f"LOWER({column}) = LOWER(?)")
            params.append(value)
    if actor:
        where.append("(" + " OR ".join(f"LOWER({c}) LIKE LOWER(?)" for c in
                                       ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")) + ")")
        params += [f"%{actor}%"] * 4
    if text:
        where.append(f"id IN (SELECT event_id FROM mentions WHERE id IN ({dialect.text_ids('mentions')}) "
                     f"OR article_id IN ({dialect.text_ids('articles')}))")
        params += [dialect.text_param(text)] * 2
    if box:
        where.append("latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?")
        params += list(box)
    return where, params


class ReadCache:
    """Results of read queries kept while the stored data stay as they were, for read-heavy callers
    (the web API's counts, facets and timeline). One may be shared by the connections of a process.

    Each lookup asks the store's connection for its data version (`Dialect.data_version`: for
    SQLite, moved by any commit, from any process). A connection that sees a version other than the
    one it saw last empties the cache. A result computed while the cache was being emptied is not
    kept, so a stale answer cannot outlive the change. Where the database gives no cheap version
    (PostgreSQL), nothing is kept.
    """

    def __init__(self, entries: int = 256):
        self.entries = entries
        self._items: "OrderedDict[Any, Any]" = OrderedDict()
        self._generation = 0
        self._lock = threading.Lock()

    def get(self, store: "Store", key: Any, compute: Callable[[], Any]) -> Any:
        version = store.dialect.data_version(store._conn)
        if version is None:
            return compute()
        with self._lock:
            if version != store._seen_version:
                store._seen_version = version
                self._items.clear()
                self._generation += 1
            generation = self._generation
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()
        with self._lock:
            if generation == self._generation:
                self._items[key] = value
                if len(self._items) > self.entries:
                    self._items.popitem(last=False)
        return value


class Store:
    """A connection to one event store. Use `open_store(url)` to get one."""

    def __init__(self, url: str, dialect: Dialect):
        self.url = url
        self.dialect = dialect
        try:
            self._conn = dialect.connect(url)
        except dialect.errors as e:
            raise StoreError(f"cannot open store {url!r}: {e}") from e
        self._in_tx = False
        self.read_cache = ReadCache()
        self._seen_version: Any = None  # the data version this connection last showed `read_cache`
        self.migrate()

    # -- plumbing -------------------------------------------------------------------------

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Store {self.dialect.name} {self.url!r}>"

    def _x(self, query: str, params: Sequence[Any] = ()) -> Any:
        return self._conn.execute(self.dialect.sql(query), tuple(params))

    def _all(self, query: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return list(self._x(query, params).fetchall())

    def _one(self, query: str, params: Sequence[Any] = ()) -> Optional[dict[str, Any]]:
        # fetchall, not fetchone: it runs an INSERT ... RETURNING statement to its end.
        rows = self._x(query, params).fetchall()
        return rows[0] if rows else None

    def cached(self, key: Any, compute: Callable[[], Any]) -> Any:
        """`compute()`, remembered under `key` while the stored data stay as they were, in
        `self.read_cache` (this store's own, or one a server shares among its connections). The
        caller must not mutate the value."""
        return self.read_cache.get(self, key, compute)

    @contextlib.contextmanager
    def _transaction(self, write: bool) -> Iterator[None]:
        """One transaction (nested calls join the outer one); database errors become StoreError."""
        if self._in_tx:
            yield
            return
        try:
            (self.dialect.begin_write if write else self.dialect.begin_read)(self._conn)
        except self.dialect.errors as e:
            raise StoreError(f"cannot begin a transaction on {self.url!r}: {e}") from e
        self._in_tx = True
        try:
            yield
            self._conn.execute("COMMIT")
        except BaseException as e:
            with contextlib.suppress(Exception):
                self._conn.execute("ROLLBACK")
            if isinstance(e, self.dialect.errors):
                raise StoreError(f"store {self.url!r}: {e}") from e
            raise
        finally:
            self._in_tx = False

    def migrate(self) -> int:
        """Bring the schema up to date; returns the schema version."""
        with self._transaction(write=True):
            self._x("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
            row = self._one("SELECT MAX(version) AS v FROM schema_migrations")
            current = (row or {}).get("v") or 0
            if current > schema.LATEST:
                raise StoreError(f"store {self.url!r} has schema version {current}; this sitreps knows up to "
                                 f"{schema.LATEST}: upgrade sitreps")
            for version, stmts in schema.MIGRATIONS:
                if version <= current:
                    continue
                for stmt in schema.statements(stmts, self.dialect.name, self.dialect.pk):
                    self._x(stmt)
                self._x("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", (version, _now()))
                log.info("store %s: applied migration %d", self.url, version)
        return max(current, schema.LATEST)

    def schema_version(self) -> int:
        row = self._one("SELECT MAX(version) AS v FROM schema_migrations")
        return row["v"] or 0

    # -- writing --------------------------------------------------------------------------

    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        """Those of `hashes` whose articles are already stored."""
        hashes = list(dict.fromkeys(hashes))
        found: set[str] = set()
        for i in range(0, len(hashes), _CHUNK):
            chunk = hashes[i:i + _CHUNK]
            rows = self._all(f"SELECT content_hash FROM articles WHERE content_hash IN ({_placeholders(len(chunk))})",
                             chunk)
            found.update(r["content_hash"] for r in rows)
        return found

    def add_batch(self, extractions: Sequence[Extraction], rejections: Sequence[tuple[Rejection, Optional[str]]] = ()
                  ) -> BatchResult:
        """Write extractions (articles, mentions linked to events, figures, contradictions) and
        rejections (with the content hash when known) in one transaction.

        An article already stored (by content hash) is skipped, so the call is idempotent.
        """
        result = BatchResult()
        with self._transaction(write=True):
            for ext in extractions:
                self._add_extraction(ext, result)
            for rej, content_hash in rejections:
                self._x("INSERT INTO rejections (origin, reason, content_hash, created_at) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT (origin, reason) DO NOTHING", (rej.origin, rej.reason, content_hash, _now()))
                result.rejected += 1
        return result

    def add(self, extraction: Extraction) -> BatchResult:
        """Write one extraction in its own transaction."""
        return self.add_batch([extraction])

    def _add_extraction(self, ext: Extraction, result: BatchResult) -> None:
        a = ext.article
        row = self._one(
            "INSERT INTO articles (content_hash, doc_id, title, text, published, url, source, origin, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (content_hash) DO NOTHING RETURNING id",
            (a.content_hash, a.id, a.title or "", a.text, _iso(a.published), a.url, a.source, a.origin, _now()))
        if row is None:
            result.skipped_duplicate += 1
            return
        article_id = row["id"]
        result.added += 1
        self.dialect.index_text(self._conn, "articles", article_id, f"{a.title or ''}\n{a.text}")
        event_ids: dict[int, int] = {}
        for idx, ev in enumerate(ext.events):
            values = self._mention_values(ev)
            mrow = self._one(
                f"INSERT INTO mentions (article_id, idx, {', '.join(MENTION_FIELDS)}) "
                f"VALUES ({_placeholders(len(MENTION_FIELDS) + 2)}) RETURNING id",
                (article_id, idx, *values.values()))
            self.dialect.index_text(self._conn, "mentions", mrow["id"], ev.evidence or "")
            mention = dict(values, id=mrow["id"], article_id=article_id, sources=list(ev.sources or []),
                           published=_iso(a.published), outlet=a.source)
            event_ids[idx], merged = self._link_mention(mention)
            if merged:
                result.events_merged += 1
            else:
                result.events_new += 1
        for idx, fig in enumerate(ext.figures):
            d = fig.to_dict()
            d["value"], d["value_high"] = fig.value, fig.value_high
            d["sources"] = json.dumps(list(fig.sources or []))
            self._x(f"INSERT INTO figures (article_id, idx, {', '.join(FIGURE_FIELDS)}) "
                    f"VALUES ({_placeholders(len(FIGURE_FIELDS) + 2)})",
                    (article_id, idx, *(d[k] for k in FIGURE_FIELDS)))
        for c in ext.contradictions:
            event_id = event_ids.get(c.event_index) if c.event_index is not None else None
            claims = [dict(source=cl.source, stance=cl.stance, value=cl.value, evidence=cl.evidence,
                           article_id=article_id) for cl in c.claims]
            self._insert_contradiction(c.about, c.kind, "article", article_id, event_id, claims)

    @staticmethod
    def _mention_values(ev: Event) -> dict[str, Any]:
        d = {k: getattr(ev, k) for k in MENTION_FIELDS}
        d["event_date"] = _iso(ev.event_date)
        d["sources"] = json.dumps(list(ev.sources or []))
        d["fatalities"] = int(ev.fatalities or 0)
        d["stance"] = ev.stance or "asserted"
        d["evidence"] = ev.evidence or ""
        d["notes"] = ev.notes or ""
        return d

    def _insert_contradiction(self, about: str, kind: str, origin: str, article_id: Optional[int],
                              event_id: Optional[int], claims: list[dict[str, Any]]) -> int:
        cid = self._one("INSERT INTO contradictions (about, kind, origin, article_id, event_id) "
                        "VALUES (?, ?, ?, ?, ?) RETURNING id", (about, kind, origin, article_id, event_id))["id"]
        for cl in claims:
            self._x("INSERT INTO claims (contradiction_id, source, stance, value, evidence, article_id) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (cid, cl["source"], cl.get("stance"), cl.get("value"), cl.get("evidence") or "",
                     cl.get("article_id")))
        return cid

    def _candidates(self, m: dict[str, Any]) -> list[dict[str, Any]]:
        """Events a mention might join: same type, inside the widest date window, near or in its admin1,
        and without a mention from the same article."""
        window = link.date_window(m["event_date"])
        if window is None:
            return []
        where = ["event_type = ?", "event_date BETWEEN ? AND ?"]
        params: list[Any] = [m["event_type"], *window]
        place: list[str] = []
        if m["latitude"] is not None and m["longitude"] is not None:
            place.append("(latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?)")
            params += link.bounding_box(m["latitude"], m["longitude"], link.MAX_RADIUS_KM)
        if m["admin1"]:
            place.append("LOWER(admin1) = LOWER(?)")
            params.append(m["admin1"])
        if not place:
            return []
        where.append("(" + " OR ".join(place) + ")")
        where.append("id NOT IN (SELECT event_id FROM mentions WHERE article_id = ? AND event_id IS NOT NULL)")
        params.append(m["article_id"])
        return self._all(f"SELECT * FROM events WHERE {' AND '.join(where)}", params)

    def _reports(self, event_id: int) -> list[dict[str, Any]]:
        """The mentions of one event, with their article's date and outlet, oldest first."""
        return self._all(
            "SELECT m.*, a.published AS published, a.source AS outlet FROM mentions m "
            "JOIN articles a ON a.id = m.article_id WHERE m.event_id = ? ORDER BY m.id", (event_id,))

    def _link_mention(self, m: dict[str, Any]) -> tuple[int, bool]:
        """Join the mention to the event it most surely reports (judged against every report of each
        candidate), or start a new one. Returns (event id, merged)."""
        best: Optional[tuple[link.Judgement, int]] = None
        for e in self._candidates(m):
            j = link.judge_event(m, self._reports(e["id"]))
            if j.linked and (best is None or j.score > best[0].score):
                best = (j, e["id"])
        if best is None:
            agg = link.aggregate([dict(m, labels=link.mention_labels(m["sources"], m["outlet"]))])
            cols = EVENT_AGG_FIELDS + ("updated_at",)
            values = [json.dumps(agg[k]) if k == "sources" else agg[k] for k in EVENT_AGG_FIELDS] + [_now()]
            event_id = self._one(f"INSERT INTO events ({', '.join(cols)}) VALUES ({_placeholders(len(cols))}) "
                                 "RETURNING id", values)["id"]
            self._x("UPDATE mentions SET event_id = ?, link_score = NULL, link_reasons = NULL WHERE id = ?",
                    (event_id, m["id"]))
            return event_id, False
        judgement, event_id = best
        self._x("UPDATE mentions SET event_id = ?, link_score = ?, link_reasons = ? WHERE id = ?",
                (event_id, judgement.score, json.dumps(list(judgement.reasons)), m["id"]))
        self._refresh_event(event_id)
        return event_id, True

    def _refresh_event(self, event_id: int) -> None:
        """Recompute one event from its mentions, and its cross-report contradictions (only among the
        reports linked confidently: the first report, and those joined with `link.CONFIDENT` or more)."""
        mentions = self._reports(event_id)
        for mm in mentions:
            mm["labels"] = link.mention_labels(json.loads(mm["sources"]), mm["outlet"])
        agg = link.aggregate(mentions)
        sets = ", ".join(f"{k} = ?" for k in EVENT_AGG_FIELDS)
        values = [json.dumps(agg[k]) if k == "sources" else agg[k] for k in EVENT_AGG_FIELDS]
        self._x(f"UPDATE events SET {sets}, updated_at = ? WHERE id = ?", (*values, _now(), event_id))
        self._x("DELETE FROM claims WHERE contradiction_id IN "
                "(SELECT id FROM contradictions WHERE event_id = ? AND origin = 'link')", (event_id,))
        self._x("DELETE FROM contradictions WHERE event_id = ? AND origin = 'link'", (event_id,))
        sure = [mm for mm in mentions if mm.get("link_score") is None or mm["link_score"] >= link.CONFIDENT]
        for c in link.disagreements(sure, link.describe(agg)):
            self._insert_contradiction(c["about"], c["kind"], "link", None, event_id, c["claims"])

    def relink(self, progress: Optional[Callable[[int], None]] = None) -> dict[str, int]:
        """Recompute every link from the stored mentions, in one transaction, without re-extracting.

        Mentions are re-linked in publication order (then as stored). Contradictions found inside
        an article keep pointing at the event their mention now belongs to. Event ids change.
        Returns the counts before and after: events, and events with more than one report.
        """
        with self._transaction(write=True):
            before = self._link_counts()
            keep = self._all(
                "SELECT c.id AS cid, MIN(m.id) AS mid FROM contradictions c JOIN mentions m "
                "ON m.article_id = c.article_id AND m.event_id = c.event_id "
                "WHERE c.origin = 'article' AND c.event_id IS NOT NULL GROUP BY c.id")
            self._x("DELETE FROM claims WHERE contradiction_id IN (SELECT id FROM contradictions WHERE origin = 'link')")
            self._x("DELETE FROM contradictions WHERE origin = 'link'")
            self._x("UPDATE contradictions SET event_id = NULL")
            self._x("UPDATE mentions SET event_id = NULL, link_score = NULL, link_reasons = NULL")
            self._x("DELETE FROM events")
            rows = self._all(
                "SELECT m.*, a.published AS published, a.source AS outlet FROM mentions m "
                "JOIN articles a ON a.id = m.article_id ORDER BY COALESCE(a.published, '9999'), m.article_id, m.idx")
            for n, m in enumerate(rows, 1):
                m["sources"] = json.loads(m["sources"])
                self._link_mention(m)
                if progress is not None:
                    progress(n)
            for k in keep:
                self._x("UPDATE contradictions SET event_id = (SELECT event_id FROM mentions WHERE id = ?) "
                        "WHERE id = ?", (k["mid"], k["cid"]))
            after = self._link_counts()
        return {"events_before": before[0], "multi_before": before[1],
                "events_after": after[0], "multi_after": after[1], "mentions": len(rows)}

    def _link_counts(self) -> tuple[int, int]:
        row = self._one("SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN n_reports > 1 THEN 1 ELSE 0 END), 0) AS multi "
                        "FROM events")
        return int(row["n"]), int(row["multi"])

    # -- reading --------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Rows per table, read in one transaction."""
        with self._transaction(write=False):
            return {t: self._one(f"SELECT COUNT(*) AS n FROM {t}")["n"] for t in TABLES}

    def query_events(self, country: Optional[str] = None, date_from: Any = None, date_to: Any = None,
                     event_type: Optional[str] = None, actor: Optional[str] = None,
                     near: Optional[tuple[float, float, float]] = None, text: Optional[str] = None,
                     limit: Optional[int] = None) -> list[dict[str, Any]]:
        """Linked events matching every filter given, oldest first.

        country and event_type match case-insensitively; actor is a case-insensitive substring of
        actor1, actor2 or an associated actor; near=(lat, lon, km) keeps events within km;
        text is a full-text query over the reports' evidence sentences and article texts.
        """
        box = None
        if near:
            lat, lon, km = (float(v) for v in near)
            box = link.bounding_box(lat, lon, km)
        where, params = event_conditions(self.dialect, date_from=date_from, date_to=date_to, country=country,
                                         event_type=event_type, actor=actor, text=text, box=box)
        sql = "SELECT * FROM events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY event_date, id"
        if limit is not None and not near:
            sql += f" LIMIT {int(limit)}"
        rows = self._all(sql, params)
        if near:
            rows = [r for r in rows if link.distance_km(lat, lon, r["latitude"], r["longitude"]) <= km]
            if limit is not None:
                rows = rows[:int(limit)]
        for r in rows:
            r["sources"] = json.loads(r["sources"])
        return rows

    def mentions(self, event_id: Optional[int] = None, article_id: Optional[int] = None) -> list[dict[str, Any]]:
        """Event records as extracted, one per article and event, with their article's outlet and date."""
        where, params = self._ids_filter(("m.event_id", event_id), ("m.article_id", article_id))
        rows = self._all(
            "SELECT m.*, a.doc_id AS doc_id, a.title AS title, a.published AS published, a.source AS outlet, "
            "a.url AS url FROM mentions m JOIN articles a ON a.id = m.article_id" + where + " ORDER BY m.id", params)
        for r in rows:
            r["sources"] = json.loads(r["sources"])
        return rows

    def figures(self, kind: Optional[str] = None, article_id: Optional[int] = None) -> list[dict[str, Any]]:
        """Aggregate figures with their article's outlet and date."""
        where, params = self._ids_filter(("f.kind", kind), ("f.article_id", article_id))
        rows = self._all(
            "SELECT f.*, a.doc_id AS doc_id, a.published AS published, a.source AS outlet FROM figures f "
            "JOIN articles a ON a.id = f.article_id" + where + " ORDER BY f.id", params)
        for r in rows:
            r["sources"] = json.loads(r["sources"])
        return rows

    def contradictions(self, event_id: Optional[int] = None) -> list[dict[str, Any]]:
        """Contradictions, each with its claims (a list of dicts), within articles and across reports."""
        where, params = self._ids_filter(("c.event_id", event_id))
        with self._transaction(write=False):
            rows = self._all("SELECT c.* FROM contradictions c" + where + " ORDER BY c.id", params)
            claims = self._all("SELECT cl.* FROM claims cl JOIN contradictions c ON c.id = cl.contradiction_id"
                               + where + " ORDER BY cl.id", params)
        by_id: dict[int, list[dict[str, Any]]] = {}
        for cl in claims:
            by_id.setdefault(cl["contradiction_id"], []).append(cl)
        for r in rows:
            r["claims"] = by_id.get(r["id"], [])
        return rows

    def rejections(self) -> list[dict[str, Any]]:
        return self._all("SELECT * FROM rejections ORDER BY id")

    @staticmethod
    def _ids_filter(*pairs: tuple[str, Any]) -> tuple[str, list[Any]]:
        where = [f"{col} = ?" for col, v in pairs if v is not None]
        params = [v for _, v in pairs if v is not None]
        return (" WHERE " + " AND ".join(where) if where else ""), params

    def iter_event_records(self, **filters: Any) -> Iterator[tuple[Event, Article]]:
        """Linked events as (Event, Article) pairs for export, filtered like `query_events`.

        The Event carries the merged fields: fatalities = best, fatalities_high = high when it differs,
        sources = every source label, evidence from the report the event takes its fields from; the
        Article is that report's article. notes say how many reports and the low/best/high range.
        """
        with self._transaction(write=False):
            events = self.query_events(**filters)
            for i in range(0, len(events), _CHUNK):
                chunk = events[i:i + _CHUNK]
                ids = [e["id"] for e in chunk]
                rows = self._all(
                    "SELECT m.*, a.doc_id AS doc_id, a.title AS title, a.text AS text, a.published AS published, "
                    "a.url AS url, a.source AS outlet, a.origin AS origin FROM mentions m "
                    f"JOIN articles a ON a.id = m.article_id WHERE m.event_id IN ({_placeholders(len(ids))})", ids)
                by_event: dict[int, list[dict[str, Any]]] = {}
                for r in rows:
                    by_event.setdefault(r["event_id"], []).append(r)
                for e in chunk:
                    yield _event_record(e, link.canonical(by_event[e["id"]]))


def _event_record(e: dict[str, Any], head: dict[str, Any]) -> tuple[Event, Article]:
    pub = head.get("published")
    article = Article(id=head["doc_id"], text=head["text"], title=head.get("title") or "",
                      published=dt.date.fromisoformat(pub) if pub else None, url=head.get("url"),
                      source=head.get("outlet"), origin=head.get("origin"))
    high = e["fatalities_high"] if e["fatalities_high"] != e["fatalities_best"] else None
    notes = (f"{e['n_reports']} report(s), {e['n_sources']} source(s); fatalities low/best/high "
             f"{e['fatalities_low']}/{e['fatalities_best']}/{e['fatalities_high']}")
    event = Event(**{k: e[k] for k in EVENT_FIELDS}, fatalities=e["fatalities_best"], fatalities_high=high,
                  injuries=head.get("injuries"), sources=list(e["sources"]), stance=e["stance"],
                  evidence=head.get("evidence") or "", evidence_start=head.get("evidence_start"),
                  evidence_end=head.get("evidence_end"), date_text=head.get("date_text"),
                  place_text=head.get("place_text"), notes=notes, article_id=head["doc_id"])
    return event, article
