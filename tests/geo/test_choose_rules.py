"""One rule of `place_mentions` / `best_place` / `locate` per test, on sentences written for the tests."""
import pytest

from sitreps.geo.choose import PlaceMention, best_place, locate, place_mentions

pytestmark = pytest.mark.model


def _ranked(nlp, gz, text, trigger_word):
    doc = nlp(text)
    trig = next(t for t in doc if t.text == trigger_word)
    return trig, place_mentions(trig.sent, trig, gz)


def _get(ranked, text):
    return next(m for m in ranked if m.text == text)


# --- places that are context, not the event's place -------------------------------------------------


def test_country_as_subject_is_not_the_place(nlp_with_places):
    nlp, gz = nlp_with_places
    _, ranked = _ranked(nlp, gz, "Turkey sent troops after gunmen killed five people in Aleppo.", "killed")
    assert ranked[0].text == "Aleppo"
    assert "not locative (subject)" in _get(ranked, "Turkey").reasons


def test_passive_agent_is_not_near(nlp_with_places):
    nlp, gz = nlp_with_places
    trig, ranked = _ranked(nlp, gz, "Two fishermen were captured by Turkey on Monday.", "captured")
    assert _get(ranked, "Turkey").role != "near"
    assert best_place(trig.sent, trig, gz) is None


def test_acronym_is_not_a_place(nlp_with_places):
    nlp, gz = nlp_with_places
    trig, ranked = _ranked(nlp, gz, "Several FSA fighters were killed during the night.", "killed")
    assert best_place(trig.sent, trig, gz) is None


def test_nationality_before_a_part_word_is_not_a_place(nlp_with_places):
    nlp, gz = nlp_with_places
    trig, ranked = _ranked(nlp, gz, "Militants shelled the Kurdish district on Sunday.", "shelled")
    assert all("Kurdish" not in m.text or "nationality" in m.reasons for m in ranked)
    assert best_place(trig.sent, trig, gz) is None


def test_place_in_a_reported_clause_scores_lower(nlp_with_places):
    nlp, gz = nlp_with_places
    text = "Gunmen killed three shepherds, a man who had fled to Gaziantep told reporters."
    _, ranked = _ranked(nlp, gz, text, "killed")
    gaz = _get(ranked, "Gaziantep")
    assert any(r.startswith("other clause") or r.startswith("not locative") for r in gaz.reasons)
    assert gaz.score < 0.38


def test_country_of_origin_after_to_is_context(nlp_with_places):
    nlp, gz = nlp_with_places
    trig, ranked = _ranked(nlp, gz, "Police arrested four men who were sending weapons to Lebanon.", "arrested")
    assert best_place(trig.sent, trig, gz) is None


def test_calendar_word_is_never_located(nlp_with_places):
    _, gz = nlp_with_places
    assert locate(PlaceMention("Tuesday", 0, 7, "in", False, 0.5), gz, countries=["SY"]) is None


# --- places the parse ties to the event -------------------------------------------------------------


def test_battle_for_a_town_is_locative(nlp_with_places):
    nlp, gz = nlp_with_places
    trig, _ = _ranked(nlp, gz, "Dozens of fighters were killed in the battle for Idlib.", "killed")
    assert best_place(trig.sent, trig, gz).text == "Idlib"


def test_places_listed_after_including_keep_the_list_head_attachment(nlp_with_places):
    nlp, gz = nlp_with_places
    trig, ranked = _ranked(nlp, gz, "Jets carried out raids on areas including Idlib and Khan Sheikhoun.", "raids")
    assert not any(r.startswith("not locative") for r in _get(ranked, "Idlib").reasons)
    assert best_place(trig.sent, trig, gz) is not None


def test_between_two_places_is_not_penalised(nlp_with_places):
    nlp, gz = nlp_with_places
    _, ranked = _ranked(nlp, gz, "Soldiers were ambushed on the road between Idlib and Aleppo.", "ambushed")
    assert not any(r.startswith("not locative") for r in _get(ranked, "Idlib").reasons)


def test_settlements_of_names_a_place(nlp_with_places):
    nlp, gz = nlp_with_places
    _, ranked = _ranked(nlp, gz, "Rebels shelled the settlements of Kafr Batna and Saqba.", "shelled")
    assert any(m.text.startswith("Kafr Batna") and m.role == "in" for m in ranked)


# --- geo_precision ---------------------------------------------------------------------------------


def test_district_of_a_town_is_part_of_town(nlp_with_places):
    nlp, gz = nlp_with_places
    _, ranked = _ranked(nlp, gz, "A bomb exploded in a mainly Christian district of Aleppo.", "exploded")
    m = _get(ranked, "Aleppo")
    assert m.part_of_town
    assert locate(m, gz, countries=["SY"]).geo_precision == 2


def test_subdistrict_named_with_its_town_is_precision_two(nlp_with_places):
    nlp, gz = nlp_with_places
    _, ranked = _ranked(nlp, gz, "Jets struck hideouts in Idlib tehsil on Friday.", "struck")
    m = _get(ranked, "Idlib")
    assert m.part_of_town and m.role == "neighbourhood"
    assert locate(m, gz, countries=["SY"]).geo_precision == 2


def test_direction_of_the_town_is_near(nlp_with_places):
    nlp, gz = nlp_with_places
    _, ranked = _ranked(nlp, gz, "Police came under fire just north of the town of Idlib.", "fire")
    m = _get(ranked, "Idlib")
    assert m.role == "near" and m.part_of_town
    assert locate(m, gz, countries=["SY"]).geo_precision == 2


def test_edge_of_the_provincial_capital_refers_back(nlp_with_places):
    nlp, gz = nlp_with_places
    text = "In the province of Idlib, fighters overran a checkpoint on the edge of the provincial capital."
    _, ranked = _ranked(nlp, gz, text, "overran")
    m = _get(ranked, "Idlib")
    assert m.part_of_town
    assert locate(m, gz, countries=["SY"]).geo_precision == 2


def test_police_station_area_is_a_named_part(nlp_with_places):
    nlp, gz = nlp_with_places
    text = "Two rebels were killed under Bhejji police station limits in Aleppo."
    _, ranked = _ranked(nlp, gz, text, "killed")
    m = _get(ranked, "Bhejji")
    assert m.part_of_town and "police station area" in m.reasons


def test_unknown_village_keeps_its_name_at_the_enclosing_town_with_precision_two(nlp_with_places):
    _, gz = nlp_with_places
    village = PlaceMention("Kafr Zibad", 0, 10, "in", False, 0.6)
    loc = locate(village, gz, countries=["SY"], container="Idlib")
    assert loc.location == "Kafr Zibad" and loc.geo_precision == 2
    assert loc.latitude == pytest.approx(35.93, abs=0.05)  # approximate: the enclosing town's coordinates
