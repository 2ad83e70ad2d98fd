import pytest

from sitreps.geo.choose import admin_hints, locate, place_mentions
from sitreps.geo.ruler import FACTORY, find_places

from .conftest import SHARED, needs_shared

pytestmark = pytest.mark.model


def _places(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents if e.label_ in ("GPE", "LOC", "FAC")]


def test_ruler_tags_aleppo_as_place(nlp_with_places):
    nlp, gz = nlp_with_places
    assert FACTORY in nlp.pipe_names
    assert ("Aleppo", "GPE") in _places(nlp, "Syrian warplanes pounded opposition-held areas in eastern Aleppo.")
    assert ("Khan Sheikhoun", "GPE") in _places(nlp, "Rebels shelled Khan Sheikhoun on Sunday.")


def test_ruler_keeps_demonyms_and_plain_function(nlp_with_places):
    nlp, gz = nlp_with_places
    doc = nlp("Syrian troops advanced.")
    assert [e.label_ for e in doc.ents if e.text == "Syrian"] == ["NORP"]
    plain = find_places(nlp.make_doc("in Aleppo"), gz)  # works without the component or a parser
    assert [s.text for s in plain] == ["Aleppo"]


def _top(nlp, gz, text, trigger_word):
    doc = nlp(text)
    trig = next(t for t in doc if t.text == trigger_word)
    return place_mentions(trig.sent, trig, gz)


def test_choice_skips_dateline(nlp_with_places):
    nlp, gz = nlp_with_places
    ranked = _top(nlp, gz, "DAMASCUS, June 8 - Government shelling killed five people in Idlib on Sunday.", "killed")
    assert ranked[0].text == "Idlib"
    assert any(m.role == "dateline" for m in ranked)


def test_choice_skips_reporter_location(nlp_with_places):
    nlp, gz = nlp_with_places
    text = ("Fighting continued in Aleppo on Saturday, Stefanie Dekker, reporting from Gaziantep on the border, said.")
    ranked = _top(nlp, gz, text, "Fighting")
    assert ranked[0].text == "Aleppo"
    assert [m.role for m in ranked if m.text == "Gaziantep"] == ["speaker"]


def test_neighbourhood_is_precision_two(nlp_with_places):
    nlp, gz = nlp_with_places
    ranked = _top(nlp, gz, "Residents reported intense shelling in al-Sukkari neighbourhood of Aleppo.", "shelling")
    hood = next(m for m in ranked if "Sukkari" in m.text)
    assert hood.part_of_town
    loc = locate(hood, gz, countries=["SY"], container="Aleppo")
    assert loc.location.endswith("Sukkari") and loc.geo_precision == 2
    assert loc.latitude == pytest.approx(36.20, abs=0.05)
    town = locate("Aleppo", gz, countries=["SY"])
    assert town.geo_precision == 1 and town.admin1 == "Aleppo" and town.country == "Syria"
    region = locate("Idlib province", gz, countries=["SY"])
    assert region.geo_precision == 3 and region.admin1 == "Idlib"


def test_admin_hints():
    assert "Helmand" in admin_hints("in the Nad Ali district of Helmand province")


@pytest.mark.shared
@needs_shared()
def test_event_location_sample_scores(nlp_with_places):
    from sitreps.geo.evaluate import evaluate_locations
    nlp, gz = nlp_with_places
    r = evaluate_locations(SHARED / "eval/event_location/event_location.jsonl", nlp, gz, limit=50)
    assert r["n_with_location"] + r["n_without_location"] + r["n_invalid_gold"] == 50
    assert 0.0 <= r["accuracy"] <= 1.0
