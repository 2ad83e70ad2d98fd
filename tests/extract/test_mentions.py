"""One sentence's report of a happening: type, actors, toll, date; or why it reports none."""
from __future__ import annotations

import datetime as dt

import pytest

from sitreps.extract.actors import ActorMention
from sitreps.extract.counts import casualty_counts
from sitreps.extract.dates import find_dates
from sitreps.extract.mentions import choose_date, deaths, finish_type, sentence_mentions

pytestmark = pytest.mark.model

SAT = dt.date(2024, 3, 9)


def _mention(sent, text, published=SAT, focus=()):
    ms, _, why = sentence_mentions(sent(text), published, focus, 0, 0, None)
    return ms[0] if ms else None, why


def test_sentence_mentions_air_strike(sent):
    m, _ = _mention(sent, "Syrian warplanes bombed a market in Saraqeb on Thursday, killing five people.")
    assert (m.event_type, m.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")


def test_sentence_mentions_car_bomb_is_remote_explosive(sent):
    m, _ = _mention(sent, "A car bomb exploded near a checkpoint in Mogadishu on Monday, killing four people.")
    assert m.sub_event_type == "Remote explosive/landmine/IED"


def test_sentence_mentions_gunmen_killing_civilians_is_an_attack(sent):
    m, _ = _mention(sent, "Gunmen killed six farmers in their fields on Friday.")
    assert m.sub_event_type == "Attack"


def test_sentence_mentions_two_armed_sides_is_a_clash(sent):
    m, _ = _mention(sent, "Soldiers clashed with rebels outside the town on Friday.")
    assert m.sub_event_type == "Armed clash"


def test_sentence_mentions_recapture_is_government_regains_territory(sent):
    m, _ = _mention(sent, "Government forces recaptured the town of Palmyra from Islamic State on Sunday.")
    assert m.sub_event_type == "Government regains territory"


def test_sentence_mentions_abduction(sent):
    m, _ = _mention(sent, "Gunmen abducted 20 students from a school on Monday.")
    assert m.sub_event_type == "Abduction/forced disappearance"


def test_sentence_mentions_protest_with_tear_gas_is_intervention(sent):
    m, _ = _mention(sent, "Police fired tear gas at hundreds of protesters marching in the capital on Thursday.")
    assert m.sub_event_type == "Protest with intervention"


def test_sentence_mentions_protesters_shot_dead_is_excessive_force(sent):
    m, _ = _mention(sent, "Police shot dead three protesters during demonstrations in Nairobi on Tuesday.")
    assert m.sub_event_type == "Excessive force against protesters"


def test_sentence_mentions_peaceful_march(sent):
    m, _ = _mention(sent, "Thousands of teachers marched through the capital on Friday to demand higher pay.")
    assert m.sub_event_type == "Peaceful protest"


def test_sentence_mentions_threat_is_no_event(sent):
    m, _ = _mention(sent, "Taliban fighters threatened to attack government offices in Kandahar.")
    assert m is None


def test_sentence_mentions_modal_is_no_event(sent):
    m, _ = _mention(sent, "Officials said militants could attack the airport at any time.")
    assert m is None


def test_sentence_mentions_cumulative_toll_is_no_event(sent):
    m, why = _mention(sent, "More than 300 civilians have been killed in the province since 15 November.")
    assert m is None and why == "cumulative figure"


def test_sentence_mentions_denial_is_no_event(sent):
    m, why = _mention(sent, "The army denied that its jets had bombed the village.")
    assert m is None and why == "denial"


def test_sentence_mentions_background_history_is_no_event(sent):
    m, _ = _mention(sent, "Rebels first seized the town in 2016 after weeks of fighting.")
    assert m is None


def test_sentence_mentions_sentence_without_trigger(sent):
    m, why = _mention(sent, "The minister opened a new hospital in the capital on Friday.")
    assert m is None and why == "no trigger"


def test_sentence_mentions_dates_the_event_not_the_statement(sent):
    m, _ = _mention(sent, "Police said on Friday that gunmen had killed two guards on Wednesday.")
    assert m.date == dt.date(2024, 3, 6)


def test_sentence_mentions_keeps_named_sources(sent):
    m, _ = _mention(sent, "Rebels shelled the town on Friday, killing two children, according to residents.")
    assert m.sources == ["residents"]


def test_sentence_mentions_unconfirmed_report(sent):
    m, _ = _mention(sent, "Ten civilians were reportedly killed in an air strike on Friday.")
    assert m.stance == "unconfirmed"


def test_sentence_mentions_injuries_are_not_deaths(sent):
    m, _ = _mention(sent, "A roadside bomb wounded seven soldiers on Friday.")
    assert (m.killed, m.injured) == ([], 7)


def _killed(tolls):
    return sum(value for value, _, _ in tolls)


def test_deaths_sums_groups_killed(sent):
    s = sent("The attack killed three soldiers and two civilians.")
    assert _killed(deaths(casualty_counts(s), s)[0]) == 5


def test_deaths_leaves_out_a_breakdown(sent):
    s = sent("The blast killed six people, including two children.")
    assert _killed(deaths(casualty_counts(s), s)[0]) == 6


def test_deaths_counts_injured_apart(sent):
    s = sent("The blast killed six people and injured 20 others.")
    tolls, injured = deaths(casualty_counts(s), s)
    assert (_killed(tolls), injured) == (6, 20)


def test_deaths_keeps_a_group_killed_as_of_them(sent):
    s = sent("Troops surrounded a group of militants and killed seven of them.")
    assert _killed(deaths(casualty_counts(s), s)[0]) == 7


def test_deaths_tells_the_sides_apart(sent):
    s = sent("Fifteen soldiers were killed in the gunbattle, and at least six insurgents also died.")
    tolls, _ = deaths(casualty_counts(s), s)
    assert sorted((v, side) for v, _, side in tolls) == [(6, "nonstate"), (15, "state")]


def test_choose_date_skips_the_date_of_a_statement(sent):
    s = sent("The army said on Friday that troops repelled an attack on Wednesday.")
    trig = next(t for t in s if t.lower_ == "attack")
    d = choose_date(find_dates(s.text, SAT), s, trig.i, 0)
    assert d.date == dt.date(2024, 3, 6)


def test_finish_type_generic_violence_against_civilians_is_attack(sent):
    civ = ActorMention("Civilians ({country})", 7, "civilians", 0, 1, 0)
    sub, a1, _ = finish_type("generic", None, civ, [], sent("Six villagers were killed."))
    assert (sub, a1.inter) == ("Attack", 3)


def test_finish_type_air_strike_without_state_actor_is_a_military(sent):
    sub, a1, _ = finish_type("Air/drone strike", None, None, [], sent("An air strike hit the market."))
    assert a1.name("Yemen") == "Military Forces of Yemen"


def test_finish_type_protest_puts_protesters_first(sent):
    police = ActorMention("Police Forces of {country}", 1, "police", 0, 1, 0)
    _, a1, a2 = finish_type("Protest with intervention", police, None, [], sent("Police dispersed the crowd."))
    assert (a1.inter, a2.inter) == (6, 1)
