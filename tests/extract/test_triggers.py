"""Trigger words and the class of happening each names."""
from __future__ import annotations

import pytest

from sitreps.extract.triggers import find_triggers, instrument_priority
from sitreps.lexicon import sub_event_types

pytestmark = pytest.mark.model


def _subs(triggers):
    return {t.sub_event_type for t in triggers if t.cls == "instrument"}


def test_find_triggers_car_bomb_is_remote_explosive(sent):
    assert "Remote explosive/landmine/IED" in _subs(find_triggers(sent("A car bomb exploded outside the hotel.")))


def test_find_triggers_prefers_the_longest_phrase(sent):
    trigs = find_triggers(sent("A car bomb exploded outside the hotel."))
    assert any(t.phrase == "car bomb" and t.end - t.start == 2 for t in trigs)


def test_find_triggers_matches_inflections_through_lemmas(sent):
    trigs = find_triggers(sent("Insurgents ambushed the convoy."))
    assert "violence" in {t.cls for t in trigs}


def test_find_triggers_air_strike(sent):
    assert "Air/drone strike" in _subs(find_triggers(sent("An air strike hit the clinic.")))


def test_find_triggers_shelling(sent):
    assert "Shelling/artillery/missile attack" in _subs(find_triggers(sent("Troops shelled the village.")))


def test_find_triggers_protest(sent):
    assert "protest" in {t.cls for t in find_triggers(sent("Teachers marched through the capital."))}


def test_find_triggers_abduction(sent):
    assert "abduction" in {t.cls for t in find_triggers(sent("Gunmen kidnapped ten travellers."))}


def test_find_triggers_marks_threats(sent):
    assert "not_events" in {t.cls for t in find_triggers(sent("The group threatened to attack the capital."))}


def test_find_triggers_month_may_is_not_a_trigger(sent):
    assert find_triggers(sent("The committee met in March.")) == []


def test_find_triggers_plain_sentence_has_none(sent):
    assert find_triggers(sent("The minister opened a new school.")) == []


def test_instrument_priority_names_acled_sub_event_types():
    assert set(instrument_priority()) <= set(sub_event_types())
