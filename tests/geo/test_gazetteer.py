import pytest

from sitreps.errors import GazetteerError
from sitreps.geo import Gazetteer
from sitreps.geo.build import build_index

from .conftest import fake_sources


def test_build_counts_levels(tiny_gz):
    info = tiny_gz.info()
    assert info["levels"]["place"] == 10
    assert info["levels"]["country"] == 7
    assert info["levels"]["admin1"] >= 5
    assert info["source"] == "fake-1"


def test_aleppo_resolves_with_admin1(tiny_gz):
    c = tiny_gz.resolve("Aleppo", countries=["SY"])
    assert c.place.country == "Syria" and c.place.admin1 == "Aleppo" and c.place.level == "place"
    assert c.place.latitude == pytest.approx(36.20, abs=0.05)
    assert c.place.longitude == pytest.approx(37.13, abs=0.05)


def test_alternate_and_arabic_names(tiny_gz):
    assert tiny_gz.resolve("Halab").place.geonameid == 170063
    assert tiny_gz.resolve("حلب").place.geonameid == 170063
    assert tiny_gz.resolve("Kharkov").place.name == "Kharkiv"
    assert tiny_gz.lookup("ALP") == []  # airport codes are not names


def test_tripoli_follows_country_focus(tiny_gz):
    assert tiny_gz.resolve("Tripoli", countries=["LY"]).place.country_code == "LY"
    assert tiny_gz.resolve("Tripoli", countries=["LB"]).place.country_code == "LB"
    assert tiny_gz.resolve("Tripoli", countries=["Lebanon"]).place.country_code == "LB"


def test_georgia_stays_a_country(tiny_gz):
    assert tiny_gz.resolve("Georgia").place.level == "country"
    assert tiny_gz.resolve("Georgia", countries=["US"]).place.level == "country"


def test_country_lookup(tiny_gz):
    assert tiny_gz.country("SY").name == "Syria"
    assert tiny_gz.country("Syrian Arab Republic").country_code == "SY"
    assert tiny_gz.country("Aleppo") is None


def test_admin1_with_kind_word(tiny_gz):
    a = tiny_gz.admin1("Idlib province")
    assert a.level == "admin1" and a.country_code == "SY"
    # the region's representative point is its namesake city
    assert (a.latitude, a.longitude) == (35.93062, 36.63393)
    assert tiny_gz.resolve("Idlib province").place.level == "admin1"
    assert tiny_gz.resolve("Idlib", countries=["SY"]).place.level == "place"


def test_fuzzy_is_scored_lower_and_unknown_is_none(tiny_gz):
    exact = tiny_gz.lookup("Khan Sheikhoun")[0]
    fuzzy = tiny_gz.lookup("Khan Shaykhoun")[0]
    assert fuzzy.place.geonameid == exact.place.geonameid and fuzzy.score < exact.score
    assert tiny_gz.resolve("Qwertyville") is None
    assert tiny_gz.lookup("") == []


def test_is_known(tiny_gz):
    assert tiny_gz.is_known("aleppo") and tiny_gz.is_known("Khan Sheikhoun")
    assert not tiny_gz.is_known("Thursday")


def test_rebuild_when_source_changes(tmp_path):
    path = tmp_path / "gz.sqlite"
    Gazetteer.open_or_build(path, sources=fake_sources("v1")).close()
    gz = Gazetteer.open_or_build(path, sources=fake_sources("v2"))
    assert gz.info()["source"] == "v2"


def test_missing_index_raises(tmp_path):
    with pytest.raises(GazetteerError):
        Gazetteer(tmp_path / "none.sqlite")


def test_broken_source_raises(tmp_path):
    bad = fake_sources()
    bad.cities = lambda: [{"name": "x"}]
    with pytest.raises(GazetteerError):
        build_index(tmp_path / "bad.sqlite", bad)
