"""The store as pandas DataFrames, and the events table the CLI prints.

Every function takes either an open Store or a URL (opened and closed here):

    from sitreps.api import events_df
    df = events_df("sitreps.db", country="Syria", date_from="2016-11-01")
"""
from __future__ import annotations

import contextlib
from typing import Any, Iterator, Optional, Sequence, Union

import pandas as pd

from .store import Store, open_store

StoreOrUrl = Union[Store, str, None]

EVENT_COLUMNS = [
    "id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "inter1", "actor2", "inter2",
    "assoc_actor_1", "assoc_actor_2", "country", "admin1", "admin2", "location", "latitude", "longitude",
    "geo_precision", "geonameid", "stance", "fatalities_low", "fatalities_best", "fatalities_high", "n_reports",
    "n_sources", "sources", "first_reported",
]
CLAIM_COLUMNS = ["contradiction_id", "about", "kind", "origin", "event_id", "source", "stance", "value", "evidence",
                 "article_id"]


@contextlib.contextmanager
def _store(url_or_store: StoreOrUrl) -> Iterator[Store]:
    if isinstance(url_or_store, Store):
        yield url_or_store
    else:
        with open_store(url_or_store) as store:
            yield store


def _frame(rows: list[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    if df.empty:
        return pd.DataFrame(columns=list(columns))
    first = [c for c in columns if c in df.columns]
    return df[first + [c for c in df.columns if c not in first and c != "tsv"]]


def events_df(url_or_store: StoreOrUrl = None, **filters: Any) -> pd.DataFrame:
    """Linked events, one row each; filters as `Store.query_events` (country, date_from, date_to,
    event_type, actor, near=(lat, lon, km), text, limit)."""
    with _store(url_or_store) as store:
        return _frame(store.query_events(**filters), EVENT_COLUMNS)


def mentions_df(url_or_store: StoreOrUrl = None, event_id: Optional[int] = None,
                article_id: Optional[int] = None) -> pd.DataFrame:
    """Event records as extracted from each article (the reports behind each event, with evidence)."""
    with _store(url_or_store) as store:
        return _frame(store.mentions(event_id=event_id, article_id=article_id),
                      ["id", "event_id", "article_id", "idx", "doc_id", "outlet", "published"])


def figures_df(url_or_store: StoreOrUrl = None, kind: Optional[str] = None,
               article_id: Optional[int] = None) -> pd.DataFrame:
    """Aggregate figures (cumulative tolls, displacement, ...) with their article's outlet and date."""
    with _store(url_or_store) as store:
        return _frame(store.figures(kind=kind, article_id=article_id),
                      ["id", "article_id", "kind", "value", "qualifier", "value_high", "subject", "place"])


def contradictions_df(url_or_store: StoreOrUrl = None, event_id: Optional[int] = None) -> pd.DataFrame:
    """One row per claim of each contradiction (so a two-source dispute is two rows)."""
    with _store(url_or_store) as store:
        rows = [
            {"contradiction_id": c["id"], "about": c["about"], "kind": c["kind"], "origin": c["origin"],
             "event_id": c["event_id"], "source": cl["source"], "stance": cl["stance"], "value": cl["value"],
             "evidence": cl["evidence"], "article_id": cl["article_id"]}
            for c in store.contradictions(event_id=event_id) for cl in c["claims"]
        ]
    return _frame(rows, CLAIM_COLUMNS)


def _cell(value: Any, width: int) -> str:
    s = "" if value is None else str(value)
    return s if len(s) <= width else s[:width - 1] + "…"


def format_events_table(rows: Sequence[dict[str, Any]], max_width: int = 30) -> str:
    """Events (rows of `Store.query_events`) as a plain-text table for the terminal."""
    header = ["id", "date", "type", "place", "actors", "killed", "reports", "sources"]
    lines = []
    for r in rows:
        place = ", ".join(p for p in (r.get("location"), r.get("admin1"), r.get("country")) if p)
        actors = " vs ".join(a for a in (r.get("actor1"), r.get("actor2")) if a)
        low, best, high = r.get("fatalities_low"), r.get("fatalities_best"), r.get("fatalities_high")
        killed = str(best) if low == high else f"{best} ({low}-{high})"
        lines.append([str(r.get("id")), r.get("event_date") or "?", r.get("sub_event_type") or r.get("event_type"),
                      place, actors, killed, str(r.get("n_reports")), "; ".join(r.get("sources") or [])])
    cells = [[_cell(v, max_width) for v in line] for line in [header] + lines]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    out = ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out)
