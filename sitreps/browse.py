"""The rest of the store in a table browser: Datasette over the SQLite file, with a metadata file
that describes each table, sets its facets and adds canned queries analysts ask for.

`sitreps serve` is the purpose-built explorer of events (map, timeline, evidence); Datasette is for
everything else (articles, rejections with their reasons, figures, contradictions and their claims)
with its own faceting, SQL, and CSV/JSON export of every table and query. Datasette reads SQLite
only; for a PostgreSQL store, export to SQLite first or use `sitreps serve`.

    sitreps browse --db events.db          # then open http://127.0.0.1:8001
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

#: Datasette is an optional extra: `pip install 'sitreps[browse]'`.
EXTRA = "browse"

TABLES: dict[str, dict[str, Any]] = {
    "events": {
        "description": "Linked events, one per actor pair, place and day, as ACLED codes them.",
        "facets": ["event_type", "sub_event_type", "country", "admin1", "stance"],
        "sort_desc": "event_date",
    },
    "mentions": {
        "description": "Each report of an event in one article: the evidence sentence behind every event.",
        "facets": ["event_type", "stance"],
    },
    "articles": {
        "description": "The articles read, with their outlet, date and origin (file, line or URL).",
        "facets": ["source"],
        "sort_desc": "published",
    },
    "rejections": {
        "description": "Inputs that were not stored, with the reason (unreadable, not English, timed out ...).",
        "facets": ["reason"],
        "sort_desc": "created_at",
    },
    "figures": {
        "description": "Figures that are not single events: cumulative tolls, displacement, territory shares.",
        "facets": ["kind", "qualifier", "place"],
    },
    "contradictions": {
        "description": "Disagreements between sources about an event (a denial, a different toll).",
        "facets": ["kind"],
    },
    "claims": {
        "description": "What each source says in a contradiction, with its stance and evidence.",
        "facets": ["stance", "source"],
    },
}

HIDDEN = ["articles_fts", "mentions_fts", "schema_migrations"]

QUERIES: dict[str, dict[str, str]] = {
    "rejections_by_reason": {
        "title": "Rejected inputs by reason",
        "sql": "SELECT reason, COUNT(*) AS inputs, MIN(origin) AS example FROM rejections "
               "GROUP BY reason ORDER BY inputs DESC",
    },
    "contradictions_with_claims": {
        "title": "Contradictions, each claim beside its event",
        "sql": "SELECT c.id AS contradiction, c.kind, c.about, e.event_date, e.sub_event_type, e.location, "
               "cl.source, cl.stance, cl.value, cl.evidence FROM contradictions c "
               "JOIN claims cl ON cl.contradiction_id = c.id LEFT JOIN events e ON e.id = c.event_id "
               "ORDER BY c.id, cl.id",
    },
    "figures_by_kind_and_place": {
        "title": "Figures by kind and place (the highest value and how many reports)",
        "sql": "SELECT kind, place, COUNT(*) AS reports, MAX(value) AS highest, MIN(value) AS lowest "
               "FROM figures GROUP BY kind, place ORDER BY kind, reports DESC",
    },
    "events_with_several_sources": {
        "title": "Events reported by more than one source",
        "sql": "SELECT id, event_date, sub_event_type, location, country, n_reports, n_sources, sources, "
               "fatalities_low, fatalities_high FROM events WHERE n_sources > 1 ORDER BY n_sources DESC, event_date",
    },
    "articles_without_events": {
        "title": "Articles that gave no event",
        "sql": "SELECT a.id, a.published, a.source, a.title, a.origin FROM articles a "
               "WHERE NOT EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.id) ORDER BY a.published",
    },
}


def metadata(db_path: str) -> dict[str, Any]:
    """Datasette metadata for a sitreps store at `db_path`."""
    name = Path(db_path).stem
    tables = {t: {k: v for k, v in spec.items()} for t, spec in TABLES.items()}
    for t in HIDDEN:
        tables[t] = {"hidden": True}
    return {
        "title": "sitreps store",
        "description": "Everything sitreps stored: events, their reports and sources, figures, contradictions "
                       "and rejected inputs. The map and timeline of events are in `sitreps serve`.",
        "databases": {name: {"tables": tables, "queries": QUERIES}},
    }


def _sqlite_path(db: str) -> Path:
    if "://" in db and not db.startswith("sqlite"):
        raise ValueError("Datasette reads SQLite stores only; for PostgreSQL use `sitreps serve`, "
                         "or export the events with `sitreps export`")
    path = Path(db.split("://", 1)[-1]) if db.startswith("sqlite") else Path(db)
    if not path.is_file():
        raise FileNotFoundError(f"no store at {path}")
    return path


def app(db: str):
    """The Datasette app over the store. Datasette runs read-only SQL only, so an ingest may write
    to the store meanwhile."""
    from datasette.app import Datasette

    path = _sqlite_path(db)
    return Datasette(files=[str(path)], metadata=metadata(str(path)))


def browse(db: str, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Serve the table browser until interrupted (localhost unless told otherwise)."""
    import uvicorn

    uvicorn.run(app(db).app(), host=host, port=port, log_level="warning")
