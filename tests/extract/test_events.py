"""Drafts of events: merging mentions, tolls across sources, the Event record."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from sitreps.extract.events import Draft, add_mention, fatalities, place_key, same_event, to_event
from sitreps.extract.mentions import sentence_mentions

pytestmark = pytest.mark.model

SAT = dt.date(2024, 3, 9)
AYDIN = SimpleNamespace(geonameid=101, location="Ayn Issa", country="Syria", admin1="Raqqa", admin2=None,
                        latitude=36.38, longitude=38.86, geo_precision=1, place_text="Ayn Issa")
OTHER = SimpleNamespace(geonameid=202, location="Tal Abyad", country="Syria", admin1="Raqqa", admin2=None,
                        latitude=36.69, longitude=38.95, geo_precision=1, place_text="Tal Abyad")


@pytest.fixture
def mention(sent):
    def make(text, published=SAT):
        ms, _, why = sentence_mentions(sent(text), published, ("SY",), 0, 0, None)
        assert ms, why
        return ms[0]
    return make


def _draft(m, loc=AYDIN):
    d = Draft(m, loc)
    add_mention(d, m)
    return d


def test_place_key_same_id_different_name_are_different_places():
    raw = SimpleNamespace(geonameid=101, location="Ayn Issa camp")
    assert place_key(raw) != place_key(AYDIN)


def test_place_key_none_is_none():
    assert place_key(None) is None


def test_same_event_same_type_day_and_place(mention):
    d = _draft(mention("Turkish drones struck the town on Friday, killing two fighters, the SDF said."))
    m = mention("Drones struck the town on Friday, killing three fighters, local sources said.")
    assert same_event(d, m, AYDIN)


def test_same_event_other_place_is_another_event(mention):
    d = _draft(mention("Turkish drones struck the town on Friday, killing two fighters, the SDF said."))
    m = mention("Drones struck the town on Friday, killing three fighters, local sources said.")
    assert not same_event(d, m, OTHER)


def test_same_event_other_day_is_another_event(mention):
    d = _draft(mention("Turkish drones struck the town on Friday, killing two fighters, the SDF said."))
    m = mention("Drones struck the town on Thursday, killing three fighters, local sources said.")
    assert not same_event(d, m, AYDIN)


def test_same_event_other_type_is_another_event(mention):
    d = _draft(mention("Turkish drones struck the town on Friday, killing two fighters, the SDF said."))
    m = mention("Troops shelled the town on Friday, killing three fighters, local sources said.")
    assert not same_event(d, m, AYDIN)


def test_add_mention_collects_sources(mention):
    d = _draft(mention("Turkish drones struck the town on Friday, killing two fighters, the SDF said."))
    add_mention(d, mention("Drones struck the town on Friday, killing three fighters, local sources said."))
    assert d.sources == ["SDF", "local sources"]


def test_add_mention_unconfirmed_report_makes_the_event_unconfirmed(mention):
    d = _draft(mention("Turkish drones struck the town on Friday, killing two fighters, the SDF said."))
    add_mention(d, mention("Drones reportedly struck the town on Friday, killing three fighters."))
    assert d.stance == "unconfirmed"


def test_fatalities_two_sources_give_lowest_and_highest(mention):
    d = _draft(mention("Turkish drones struck the town on Friday, killing 12 fighters, the SDF said."))
    add_mention(d, mention("Drones struck the town on Friday, killing 20 fighters, local sources said."))
    assert fatalities(d)[:2] == (12, 20)


def test_fatalities_single_source_has_no_high(mention):
    d = _draft(mention("Turkish drones struck the town on Friday, killing 12 fighters, the SDF said."))
    assert fatalities(d)[:2] == (12, None)


def test_fatalities_no_toll_is_zero(mention):
    d = _draft(mention("Turkish drones struck the town on Friday, the SDF said."))
    assert fatalities(d)[:2] == (0, None)


def test_to_event_fills_place_and_country(mention):
    d = _draft(mention("Turkish drones struck the town on Friday, killing two fighters, the SDF said."))
    e = to_event(d, "Syria", "a1")
    assert (e.location, e.country, e.geonameid) == ("Ayn Issa", "Syria", 101)


def test_to_event_actor_from_demonym(mention):
    d = _draft(mention("Turkish drones struck the town on Friday, killing two fighters, the SDF said."))
    e = to_event(d, "Syria", "a1")
    assert (e.actor1, e.inter1) == ("Military Forces of Turkey", 1)


def test_to_event_date_and_toll(mention):
    d = _draft(mention("Turkish drones struck the town on Friday, killing two fighters, the SDF said."))
    e = to_event(d, "Syria", "a1")
    assert (e.event_date, e.time_precision, e.fatalities) == ("2024-03-08", 1, 2)


def test_to_event_evidence_is_the_sentence(mention):
    text = "Turkish drones struck the town on Friday, killing two fighters, the SDF said."
    e = to_event(_draft(mention(text)), "Syria", "a1")
    assert e.evidence == text


def test_to_event_without_place_uses_main_country(mention):
    d = _draft(mention("Turkish drones struck the town on Friday, killing two fighters, the SDF said."), None)
    e = to_event(d, "Syria", "a1")
    assert (e.country, e.location) == ("Syria", None)
