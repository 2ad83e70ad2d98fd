"""The gazetteer: a SQLite index of places with ranked lookup and disambiguation."""
from __future__ import annotations

import difflib
import json
import logging
import math
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Sequence

from ..errors import GazetteerError
from .build import Sources, build_index, cache_key, default_sources
from .names import ADMIN_WORDS, normalize_name, skeleton, strip_admin_words

log = logging.getLogger(__name__)

LEVELS = ("country", "admin1", "admin2", "place")
_LEVEL_BONUS = {"country": 0.35, "admin1": 0.2, "admin2": 0.1, "place": 0.0}
# Weight given in the in-memory name table to names of countries and regions
# (above any city's population) so taggers treat them as always placey.
COUNTRY_WEIGHT, ADMIN1_WEIGHT, ADMIN2_WEIGHT = 2_000_000_000, 1_000_000_000, 500_000_000
MIN_CONFIDENCE = 0.45


@dataclass(frozen=True)
class Place:
    """One gazetteer entry: a country, a region or a populated place."""

    geonameid: int
    name: str
    feature_class: str
    feature_code: str
    country_code: str
    country: str
    admin1: Optional[str]
    admin1_code: Optional[str]
    admin2: Optional[str]
    population: int
    latitude: float
    longitude: float
    level: str  # 'country' | 'admin1' | 'admin2' | 'place'


@dataclass(frozen=True)
class Candidate:
    """A place that a name may refer to, with a 0..1 score and the key that matched."""

    place: Place
    score: float
    matched: str


def default_path() -> Path:
    """Where the cached index lives: $SITREPS_DATA_DIR or ~/.local/share/sitreps."""
    base = os.environ.get("SITREPS_DATA_DIR") or os.path.join(os.path.expanduser("~"), ".local", "share", "sitreps")
    return Path(base) / "gazetteer.sqlite"


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _stored_key(path: Path) -> Optional[str]:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key='cache_key'").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


_PLACE_COLS = ("p.geonameid, p.name, p.feature_class, p.feature_code, p.country_code, p.admin1, p.admin1_code, "
               "p.admin2, p.population, p.latitude, p.longitude, p.level")


def _memoized(method):
    """Cache a lookup method's answers per gazetteer (names repeat a lot across articles)."""
    import functools

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        memo = self.__dict__.setdefault("_memo", {})
        key = (method.__name__, args, tuple(sorted(kwargs.items())))
        try:
            return memo[key]
        except KeyError:
            pass
        except TypeError:  # unhashable arguments: no caching
            return method(self, *args, **kwargs)
        if len(memo) > 200_000:
            memo.clear()
        value = memo[key] = method(self, *args, **kwargs)
        return value
    return wrapper


class Gazetteer:
    """Ranked place lookup over a SQLite index built by `sitreps.geo.build`."""

    _default: Optional["Gazetteer"] = None
    _default_lock = threading.Lock()

    def __init__(self, path: os.PathLike | str):
        self.path = Path(path)
        if not self.path.exists():
            raise GazetteerError(f"no gazetteer index at {self.path}; build one with Gazetteer.open_or_build()")
        try:
            self._con = sqlite3.connect(str(self.path), check_same_thread=False)
            self._con.execute("SELECT 1 FROM places LIMIT 1")
        except sqlite3.Error as exc:
            raise GazetteerError(f"{self.path} is not a gazetteer index: {exc}") from exc
        self._lock = threading.RLock()
        self._known: Optional[dict[str, int]] = None
        self._countries: dict[str, str] = dict(
            self._con.execute("SELECT country_code, name FROM places WHERE level='country'").fetchall())

    # ------------------------------------------------------------------ opening
    @classmethod
    def open_or_build(cls, path: os.PathLike | str | None = None, sources: Optional[Sources] = None,
                      rebuild: bool = False) -> "Gazetteer":
        """Open the index at `path`, (re)building it first when missing or stale."""
        path = Path(path) if path else default_path()
        sources = sources or default_sources()
        if rebuild or not path.exists() or _stored_key(path) != cache_key(sources):
            log.info("building the gazetteer index at %s", path)
            build_index(path, sources)
        return cls(path)

    @classmethod
    def default(cls) -> "Gazetteer":
        """The process-wide gazetteer at `default_path()`, built on first use."""
        with cls._default_lock:
            if cls._default is None:
                cls._default = cls.open_or_build()
            return cls._default

    def close(self) -> None:
        """Close the database connection."""
        self._con.close()

    # ------------------------------------------------------------------ helpers
    def _query(self, sql: str, args: Sequence[Any] = ()) -> list[tuple]:
        with self._lock:
            return self._con.execute(sql, args).fetchall()

    def _place(self, row: tuple) -> Place:
        gid, name, fclass, fcode, cc, a1, a1c, a2, pop, lat, lon, level = row
        country = self._countries.get(cc, cc)
        if level == "country":
            a1 = a1c = a2 = None
        return Place(gid, name, fclass, fcode, cc, country, a1, a1c, a2, int(pop or 0), float(lat), float(lon), level)

    def place(self, geonameid: int) -> Optional[Place]:
        """The place with this id, or None."""
        rows = self._query(f"SELECT {_PLACE_COLS} FROM places p WHERE p.geonameid=?", (geonameid,))
        return self._place(rows[0]) if rows else None

    def _by_key(self, column: str, key: str) -> list[tuple[Place, int, str]]:
        sql = (f"SELECT {_PLACE_COLS}, MIN(n.kind), n.norm FROM names n JOIN places p ON p.geonameid=n.geonameid "
               f"WHERE n.{column}=? GROUP BY p.geonameid")
        return [(self._place(r[:12]), r[12], r[13]) for r in self._query(sql, (key,))]

    @staticmethod
    def _prior(place: Place) -> float:
        """How likely a place is to be meant at all: population on a log scale plus its level."""
        pop = place.population if place.level != "country" else max(place.population, 10_000_000)
        return min(1.0, math.log10(pop + 10) / 7.0) * 0.3 + _LEVEL_BONUS.get(place.level, 0.0)

    # ------------------------------------------------------------------ lookup
    def _candidates(self, name: str, country_code: Optional[str] = None,
                    admin1: Optional[str] = None) -> list[Candidate]:
        """Places the name may refer to, best first, with uncapped scores.

        Exact matches of the normalized name come first (primary names above
        alternate names), then the name stripped of words like "province",
        then fuzzy matches on a consonant skeleton verified by string
        similarity, scored lower. Filters by country code and admin1 name or
        code when given.
        """
        key = normalize_name(name)
        if not key:
            return []
        found: dict[int, Candidate] = {}

        def add(rows: list[tuple[Place, int, str]], quality: float, admin_only: bool = False) -> None:
            for place, kind, matched in rows:
                if admin_only and place.level not in ("admin1", "admin2", "country"):
                    continue
                q = quality if kind != 1 else quality - 0.05
                score = 0.55 * q + self._prior(place)
                if place.geonameid not in found or found[place.geonameid].score < score:
                    found[place.geonameid] = Candidate(place, round(score, 4), matched)

        add(self._by_key("norm", key), 1.0)
        bare = normalize_name(strip_admin_words(name))
        if bare and bare != key:
            add(self._by_key("norm", bare), 0.95, admin_only=True)
        if not found:
            skel = skeleton(name)
            if len(skel) >= 3 and len(key) >= 5:
                rows = self._by_key("skel", skel)
                verified = []
                for place, kind, matched in rows:
                    ratio = difflib.SequenceMatcher(None, key, matched).ratio()
                    if ratio >= 0.6:
                        verified.append((place, kind, matched))
                add(verified, 0.55)
        out = list(found.values())
        if country_code:
            out = [c for c in out if c.place.country_code == country_code.upper()]
        if admin1:
            a1 = normalize_name(strip_admin_words(admin1))
            out = [c for c in out if c.place.admin1_code == admin1
                   or (c.place.admin1 and normalize_name(strip_admin_words(c.place.admin1)) == a1)]
        out.sort(key=lambda c: (-c.score, -c.place.population))
        return out

    @_memoized
    def lookup(self, name: str, country_code: Optional[str] = None, admin1: Optional[str] = None,
               limit: int = 10) -> list[Candidate]:
        """Places the name may refer to, best first (see `_candidates`); scores are 0..1."""
        return [Candidate(c.place, min(1.0, c.score), c.matched)
                for c in self._candidates(name, country_code, admin1)[:limit]]

    @_memoized
    def resolve(self, name: str, countries: Sequence[str] = (), admin1_hint: Optional[str] = None,
                near: Optional[tuple[float, float]] = None) -> Optional[Candidate]:
        """The one place a mention most likely means in context, or None when unsure.

        `countries` are ISO codes (or names) of the article's country focus,
        most important first; `admin1_hint` a region named nearby; `near` a
        (lat, lon) the place is probably close to. Names of countries and
        regions resolve to the country or region, never to a town of the
        same name elsewhere.
        """
        cands = self._candidates(name)[:60]
        if not cands:
            return None
        key = normalize_name(name)
        for cand in cands:  # a country's own name is never a town elsewhere
            if cand.place.level == "country" and cand.matched == key:
                return Candidate(cand.place, 1.0, cand.matched)
        focus = [c for c in (self._country_code(x) for x in countries) if c]
        hint = normalize_name(strip_admin_words(admin1_hint)) if admin1_hint else ""
        explicit_admin = any(w in ADMIN_WORDS for w in name.lower().replace("-", " ").split())
        scored = []
        for cand in cands:
            p, s = cand.place, cand.score
            if focus:
                if p.country_code in focus:
                    s += 0.3 if p.country_code == focus[0] else 0.22
                elif p.level != "country":
                    s -= 0.15
            if hint and p.admin1 and normalize_name(strip_admin_words(p.admin1)) == hint:
                s += 0.2
            if near is not None:
                d = haversine_km(near, (p.latitude, p.longitude))
                s += 0.2 if d < 50 else 0.1 if d < 200 else 0.0
            if explicit_admin and p.level in ("admin1", "admin2"):
                s += 0.3
            scored.append((s, cand))
        scored.sort(key=lambda t: (-t[0], -t[1].place.population))
        best_s, best = scored[0]
        # A city that shares its name with the region it lies in ("Idlib", "Aleppo") is meant
        # as the city unless the text says "province".
        if best.place.level == "admin1" and not explicit_admin:
            for s, cand in scored[1:]:
                p = cand.place
                if (p.level == "place" and p.country_code == best.place.country_code
                        and p.admin1_code == best.place.admin1_code and cand.matched == best.matched):
                    best_s, best = s, cand
                    break
        confidence = max(0.0, min(1.0, best_s))
        if confidence < MIN_CONFIDENCE:
            log.debug("resolve(%r): best %s below threshold (%.2f)", name, best.place.name, confidence)
            return None
        return Candidate(best.place, round(confidence, 4), best.matched)

    # ------------------------------------------------------------------ admin levels
    def _country_code(self, name_or_code: str) -> Optional[str]:
        if not name_or_code:
            return None
        if len(name_or_code) == 2 and name_or_code.upper() in self._countries:
            return name_or_code.upper()
        c = self.country(name_or_code)
        return c.country_code if c else None

    @_memoized
    def country(self, name_or_code: str) -> Optional[Place]:
        """A country by ISO code ("SY"), short name ("Syria") or long name ("Syrian Arab Republic")."""
        if not name_or_code:
            return None
        text = name_or_code.strip()
        if len(text) == 2 and text.isupper():
            rows = self._query(f"SELECT {_PLACE_COLS} FROM places p WHERE p.level='country' AND p.country_code=?",
                               (text,))
            if rows:
                return self._place(rows[0])
        for place, _, _ in self._by_key("norm", normalize_name(text)):
            if place.level == "country":
                return place
        return None

    @_memoized
    def admin1(self, name: str, country_code: Optional[str] = None) -> Optional[Place]:
        """A first-level region by name ("Idlib", "Idlib province", "Hajja"/"Hajjah")."""
        best = None
        for cand in self.lookup(name, country_code=country_code, limit=60):
            if cand.place.level == "admin1" and (best is None or cand.score > best.score):
                best = cand
        return best.place if best else None

    def admin1_by_code(self, country_code: str, admin1_code: str) -> Optional[Place]:
        """The region row for a (country, admin1 code) pair."""
        rows = self._query(f"SELECT {_PLACE_COLS} FROM places p WHERE p.level='admin1' AND p.country_code=? "
                           "AND p.admin1_code=? ORDER BY p.geonameid DESC", (country_code, admin1_code))
        return self._place(rows[0]) if rows else None

    # ------------------------------------------------------------------ fast checks
    def known_names(self) -> dict[str, int]:
        """Normalized Latin-script name -> weight (largest population; regions and countries above all)."""
        if self._known is None:
            with self._lock:
                if self._known is None:
                    self._known = dict(self._con.execute("SELECT norm, weight FROM known").fetchall())
        return self._known

    def is_known(self, text: str) -> bool:
        """True when the text is the name of some place (an in-memory check)."""
        return normalize_name(text) in self.known_names()

    def weight(self, text: str) -> int:
        """The tagging weight of a name (0 when unknown)."""
        return self.known_names().get(normalize_name(text), 0)

    def info(self) -> dict[str, Any]:
        """Counts per level, names, source, build time and imported files."""
        meta = dict(self._query("SELECT key, value FROM meta"))
        counts = dict(self._query("SELECT level, COUNT(*) FROM places GROUP BY level"))
        names = self._query("SELECT COUNT(*) FROM names")[0][0]
        return {
            "path": str(self.path),
            "places": sum(counts.values()),
            "levels": counts,
            "names": names,
            "source": meta.get("source"),
            "built": meta.get("built"),
            "schema": meta.get("schema"),
            "imported": json.loads(meta.get("imported") or "[]"),
            "size_mb": round(self.path.stat().st_size / 1e6, 1),
        }
