"""Actors normalised to ACLED-style names with inter codes."""
from __future__ import annotations

import pytest

from sitreps.extract.actors import ActorMention, find_actors, post_owner, specificity

pytestmark = pytest.mark.model


def _names(sent, text, focus=(), country=None):
    return [(a.name(country), a.inter) for a in find_actors(sent(text), focus)]


def test_find_actors_demonym_warplanes_are_that_countrys_military(sent):
    assert ("Military Forces of Syria", 1) in _names(sent, "Syrian warplanes struck the town.")


def test_find_actors_group_modifier_names_the_group(sent):
    assert _names(sent, "Taliban fighters attacked a checkpoint.") == [("Taliban", 2)]


def test_find_actors_hyphenated_group_alias(sent):
    assert ("Al Shabaab", 2) in _names(sent, "Al-Shabaab militants stormed the hotel.")


def test_find_actors_gunmen_are_unidentified_armed_group(sent):
    names = _names(sent, "Gunmen opened fire on worshippers.", country="Nigeria")
    assert ("Unidentified Armed Group (Nigeria)", 3) in names


def test_find_actors_worshippers_are_civilians(sent):
    names = _names(sent, "Gunmen opened fire on worshippers.", country="Nigeria")
    assert ("Civilians (Nigeria)", 7) in names


def test_find_actors_police(sent):
    assert ("Police Forces of Kenya", 1) in _names(sent, "Police arrested twenty people.", country="Kenya")


def test_find_actors_speaker_is_not_an_actor(sent):
    texts = [a.text for a in find_actors(sent("An army spokesman said the convoy was attacked."))]
    assert texts == []


def test_find_actors_country_restricted_alias_needs_its_country(sent):
    # "al-Qaeda" in Yemen is AQAP; elsewhere it is Al Qaeda
    yemen = _names(sent, "Al-Qaeda militants attacked the base.", focus=("YE",))
    other = _names(sent, "Al-Qaeda militants attacked the base.", focus=("ML",))
    assert yemen[0][0].startswith("AQAP") and other[0][0] == "Al Qaeda"


def test_actor_name_fills_country_from_context():
    a = ActorMention("Military Forces of {country}", 1, "military", 0, 1, 0)
    assert a.name("Mali") == "Military Forces of Mali"


def test_actor_name_demonym_beats_context_country():
    a = ActorMention("Military Forces of {country}", 1, "military", 0, 1, 0, country_code="RU")
    assert a.name("Syria") == "Military Forces of Russia"


def test_actor_name_uses_the_for_united_states():
    a = ActorMention("Military Forces of {country}", 1, "military", 0, 1, 0, country_code="US")
    assert a.name(None) == "Military Forces of the United States"


def test_actor_name_without_country_drops_the_placeholder():
    a = ActorMention("Civilians ({country})", 7, "civilians", 0, 1, 0)
    assert a.name(None) == "Civilians"


def test_specificity_named_group_beats_generic_class():
    group = ActorMention("Taliban", 2, "group", 0, 1, 0)
    generic = ActorMention("Opposition Rebels ({country})", 2, "rebels", 0, 1, 0)
    assert specificity(group) > specificity(generic)


def test_specificity_inferred_actor_ranks_below_a_named_one():
    inferred = ActorMention("Military Forces of {country}", 1, "military", -1, -1, -1)
    named = ActorMention("Military Forces of {country}", 1, "military", 0, 1, 0)
    assert specificity(inferred) < specificity(named)


def test_post_owner_police_checkpoint_is_police(sent):
    s = sent("Gunmen attacked a police checkpoint.")
    tok = next(t for t in s if t.lower_ == "checkpoint")
    assert post_owner(tok).name("Pakistan") == "Police Forces of Pakistan"


def test_post_owner_army_base_is_military(sent):
    s = sent("Militants overran an army base.")
    tok = next(t for t in s if t.lower_ == "base")
    assert post_owner(tok).inter == 1


def test_post_owner_ordinary_noun_is_nobody(sent):
    s = sent("Gunmen attacked a market.")
    tok = next(t for t in s if t.lower_ == "market")
    assert post_owner(tok) is None


def test_find_actors_kurdish_forces_in_syria_are_the_ypg(sent):
    names = [a.name("Syria") for a in find_actors(sent("Kurdish forces captured the village on Monday."), ("SY",))]
    assert names == ["YPG: People's Protection Units"]


def test_find_actors_kurdish_forces_in_iraq_are_the_regional_government(sent):
    names = [a.name("Iraq") for a in find_actors(sent("Kurdish forces captured the village on Monday."), ("IQ",))]
    assert names == ["Military Forces of Iraq (Kurdistan Regional Government)"]
