"""extract_article end to end: what a user gets back from one article."""
from __future__ import annotations

import datetime as dt

import pytest

from sitreps.extract import paragraphs_to_parse
from sitreps.records import Article

pytestmark = pytest.mark.model

SAT = dt.date(2024, 3, 9)


def _one(extraction):
    assert len(extraction.events) == 1, [(e.sub_event_type, e.location) for e in extraction.events]
    return extraction.events[0]


def test_extract_article_empty_text_warns_and_gives_nothing(extract):
    x = extract("   \n\n  ")
    assert x.events == [] and "empty text" in x.warnings


def test_extract_article_no_publication_date_warns(extract):
    x = extract("Gunmen killed four villagers in Jalalabad on Friday, police said.", published=None)
    assert any("no publication date" in w for w in x.warnings)


def test_extract_article_no_publication_date_leaves_date_unresolved(extract):
    x = extract("Gunmen killed four villagers in Jalalabad on Friday, police said.", published=None)
    assert _one(x).event_date is None


def test_extract_article_saturday_in_saturday_article_is_that_day(extract):
    e = _one(extract("Syrian warplanes struck the town of Saraqeb on Saturday, killing two people."))
    assert (e.event_date, e.time_precision) == ("2024-03-09", 1)


def test_extract_article_late_on_tuesday_is_previous_tuesday(extract):
    e = _one(extract("Taliban fighters attacked a police checkpoint in Ghazni late on Tuesday, "
                     "killing six policemen, the provincial governor said."))
    assert e.event_date == "2024-03-05"


def test_extract_article_at_least_three_killed(extract):
    e = _one(extract("Syrian warplanes struck the town of Saraqeb on Friday, killing at least three people."))
    assert e.fatalities == 3


def test_extract_article_dozens_killed_is_twelve(extract):
    e = _one(extract("A car bomb exploded near a market in Mogadishu on Monday, killing dozens of people."))
    assert e.fatalities == 12


def test_extract_article_injuries_are_not_deaths(extract):
    e = _one(extract("Two soldiers were wounded when a roadside bomb exploded in Mogadishu on Friday."))
    assert (e.fatalities, e.injuries) == (0, 2)


def test_extract_article_car_bomb_is_remote_explosive(extract):
    e = _one(extract("A car bomb exploded near a market in Mogadishu on Monday, killing four people."))
    assert (e.event_type, e.sub_event_type) == ("Explosions/Remote violence", "Remote explosive/landmine/IED")


def test_extract_article_syrian_warplanes_are_syrian_military(extract):
    e = _one(extract("Syrian warplanes struck the town of Saraqeb on Friday, killing two people."))
    assert (e.actor1, e.inter1) == ("Military Forces of Syria", 1)


def test_extract_article_taliban_fighters_are_the_taliban(extract):
    e = _one(extract("Taliban fighters attacked a police checkpoint in Ghazni on Friday, killing six policemen."))
    assert (e.actor1, e.actor2) == ("Taliban", "Police Forces of Afghanistan")


def test_extract_article_protest_with_tear_gas_is_intervention(extract):
    e = _one(extract("Police fired tear gas at hundreds of protesters marching on the presidential palace "
                     "in Khartoum on Thursday, witnesses said."))
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Protest with intervention", "Protesters (Sudan)",
                                                       "Police Forces of Sudan")


def test_extract_article_protesters_dispersed_with_tear_gas_is_intervention(extract):
    e = _one(extract("Police fired tear gas to disperse protesters in Khartoum on Thursday."))
    assert e.sub_event_type == "Protest with intervention"


def test_extract_article_lone_line_without_full_stop_is_a_snippet_not_a_headline(extract):
    # news snippets often come as one short line with no final stop: it still reports an event
    e = _one(extract("Soldiers clashed with militants near Mopti on Thursday"))
    assert e.sub_event_type == "Armed clash"


def test_extract_article_headline_above_a_body_gives_no_event_of_its_own(extract):
    x = extract("Militants clash with soldiers near Mopti\n\nThe regional governor met traders on Thursday.")
    assert x.events == []


def test_extract_article_threat_gives_no_event(extract):
    x = extract("Taliban fighters threatened to attack government offices in Kandahar, a spokesman said.")
    assert x.events == []


def test_extract_article_cumulative_toll_is_a_figure(extract):
    x = extract("More than 300 civilians have been killed in Aleppo since 15 November, "
                "a monitoring group said.")
    assert x.events == [] and [(f.kind, f.value, f.qualifier) for f in x.figures] == [("killed", 300, "more than")]


def test_extract_article_dateline_city_is_not_the_place(extract):
    e = _one(extract("DAMASCUS, Syria (AP) — Rebels shelled government-held districts of Aleppo on Friday, "
                     "killing two children, state media reported."))
    assert e.location == "Aleppo"


def test_extract_article_dateline_abroad_is_not_the_place(extract):
    e = _one(extract("BEIRUT (AP) — Syrian warplanes struck the town of Saraqeb on Friday, "
                     "killing two people, activists said."))
    assert e.location != "Beirut" and e.country == "Syria"


def test_extract_article_two_tolls_give_low_and_high(extract):
    e = _one(extract("Taliban fighters attacked a police checkpoint in Ghazni on Friday, killing 12 policemen, "
                     "the provincial governor said. The Taliban said 20 police were killed."))
    assert (e.fatalities, e.fatalities_high) == (12, 20)


def test_extract_article_two_tolls_give_a_value_contradiction(extract):
    x = extract("Taliban fighters attacked a police checkpoint in Ghazni on Friday, killing 12 policemen, "
                "the provincial governor said. The Taliban said 20 police were killed.")
    assert [sorted(cl.value for cl in c.claims) for c in x.contradictions if c.kind == "value"] == [[12, 20]]


def test_extract_article_denial_makes_stance_denied(extract):
    e = _one(extract("Syrian warplanes bombed the village of Kafr Nabl on Thursday, killing five people, "
                     "according to activists. The Syrian army denied carrying out any strikes in the area."))
    assert e.stance == "denied"


def test_extract_article_denial_gives_a_stance_contradiction(extract):
    x = extract("Syrian warplanes bombed the village of Kafr Nabl on Thursday, killing five people, "
                "according to activists. The Syrian army denied carrying out any strikes in the area.")
    (c,) = [c for c in x.contradictions if c.kind == "stance"]
    assert {cl.stance for cl in c.claims} == {"asserted", "denied"} and c.event_index == 0


def test_extract_article_places_listed_together_give_one_event_each(extract):
    x = extract("Army helicopters struck rebel positions in Aleppo, Idlib and Hama on Wednesday, activists said.")
    assert sorted(e.location for e in x.events) == ["Aleppo", "Hamah", "Idlib"]


def test_extract_article_listed_villages_stay_in_the_article_country(extract):
    x = extract("Army helicopters struck rebel positions in Saraqeb, Ariha and Jisr al-Shughour on Wednesday, "
                "activists said.")
    assert len(x.events) == 3 and {e.country for e in x.events} == {"Syria"}


def test_extract_article_date_number_is_not_a_toll(extract):
    e = _one(extract("Gunmen killed four villagers in Jalalabad on March 3, police said."))
    assert e.fatalities == 4


def test_extract_article_country_level_summary_merges_into_the_detailed_event(extract):
    x = extract("Militants killed five soldiers in southern Yemen on Friday, officials said.\n\n"
                "The gunmen attacked an army checkpoint in Zinjibar on Friday, killing five soldiers, "
                "a security official said.")
    assert [(e.location, e.fatalities) for e in x.events] == [("Zinjibar", 5)]


def test_extract_article_follow_up_toll_joins_the_event(extract):
    x = extract("Troops fought Islamic State militants near Mosul on Friday. "
                "Fifteen soldiers were killed in the fighting, an army officer said.")
    assert [(e.sub_event_type, e.fatalities) for e in x.events] == [("Armed clash", 15)]


def test_extract_article_sources_are_kept(extract):
    e = _one(extract("Gunmen killed four villagers in Jalalabad on Friday, police said."))
    assert e.sources == ["police"]


def test_extract_article_evidence_offsets_point_into_the_text(extract):
    text = "Clashes in the east\n\nGunmen killed four villagers in Jalalabad on Friday, police said."
    x = extract(text)
    e = _one(x)
    assert x.article.text[e.evidence_start:e.evidence_end] == e.evidence


def test_extract_article_unrelated_text_gives_nothing(extract):
    x = extract("The central bank left interest rates unchanged on Thursday, citing slowing inflation.")
    assert (x.events, x.figures) == ([], [])


def test_paragraphs_to_parse_skips_paragraphs_without_cues():
    a = Article(id="p", published=SAT, text="Flood warning for the coast\n\nThe weather office issued a warning.\n\n"
                                            "Gunmen killed two guards in the port on Friday.")
    texts = [p.text for p in paragraphs_to_parse(a)]
    assert "The weather office issued a warning." not in texts and any("Gunmen" in t for t in texts)


def test_paragraphs_to_parse_empty_article_is_empty():
    assert paragraphs_to_parse(Article(id="e", text="  ")) == []


def test_pipeline_extract_many_matches_extract(pipeline):
    arts = [Article(id=str(i), published=SAT, text=t) for i, t in enumerate([
        "Gunmen killed four villagers in Jalalabad on Friday, police said.",
        "A car bomb exploded near a market in Mogadishu on Monday, killing four people."])]
    one_by_one = [[e.to_dict() for e in pipeline.extract(a).events] for a in arts]
    batched = [[e.to_dict() for e in x.events] for x in pipeline.extract_many(arts)]
    assert batched == one_by_one


def test_extract_article_toll_across_listed_places_is_divided(extract):
    x = extract("Shells fired by militants killed six civilians in Aleppo, Idlib and Hama on Friday, state media said.")
    assert len(x.events) == 3 and sum(e.fatalities for e in x.events) == 6


def test_extract_article_present_perfect_toll_is_a_running_total(extract):
    x = extract("The militants have executed more than 300 people in the province, a rights group said.")
    assert x.events == [] and [(f.kind, f.value) for f in x.figures] == [("killed", 300)]


def test_extract_article_missing_people_are_not_dead(extract):
    e = _one(extract("Gunmen killed four villagers in Jalalabad on Friday while six others went missing, "
                     "police said."))
    assert e.fatalities == 4


def test_extract_article_a_later_toll_from_another_source_joins_the_event(extract):
    x = extract("At least 14 people were killed when gunmen stormed a checkpoint in Bayhan on Thursday, "
                "the interior ministry said. A local official had put the toll at 12 soldiers.")
    e = _one(x)
    assert (e.fatalities, e.fatalities_high) == (12, 14)
    assert [c.kind for c in x.contradictions] == ["value"]
    assert {c.value for c in x.contradictions[0].claims} == {12, 14}


def test_extract_article_tolls_of_both_sides_add_up(extract):
    e = _one(extract("Twenty soldiers were killed in an ambush by militants near Tillaberi on Tuesday, the defence "
                     "ministry said. About 30 militants were killed in the fighting."))
    assert e.fatalities == 50


def test_extract_article_a_nationality_does_not_license_places_abroad(extract):
    x = extract("GOMA - Rebels seized the eastern Congolese town of Bunagana on Friday after troops pulled out, "
                "a German reporter travelling with them said.")
    assert all(e.country != "Germany" for e in x.events)


def test_extract_article_dateline_city_stands_in_when_no_place_is_named(extract):
    x = extract("Protesters clash with police\n\nWASHINGTON - Police fired tear gas at protesters outside the "
                "parliament building on Monday, witnesses said.")
    e = _one(x)
    assert e.location == "Washington" and e.geo_precision == 2 and abs(e.longitude + 77.04) < 0.2


def test_extract_article_drones_shot_down_are_disrupted_weapons_use(extract):
    e = _one(extract("Air defences shot down 18 drones over the Odesa region on Friday, the air force said."))
    assert e.sub_event_type == "Disrupted weapons use" and e.fatalities == 0


def test_extract_article_a_word_naming_something_else_is_no_event(extract):
    x = extract("Protest leaders in Bangkok said on Tuesday they would meet lawmakers next week.")
    assert x.events == []


def test_extract_article_a_following_unverified_note_makes_the_event_unconfirmed(extract):
    x = extract("The defence ministry said its forces repelled attacks near Bakhmut on Friday, killing 200 "
                "soldiers. The claim could not be independently verified.")
    assert _one(x).stance == "unconfirmed"


def test_extract_article_denying_a_detail_keeps_the_event_asserted(extract):
    x = extract("Police fired tear gas at protesters in Bangkok on Tuesday. Police said they had not used "
                "live rounds.")
    assert _one(x).stance == "asserted" and [c.kind for c in x.contradictions] == ["stance"]


def test_extract_article_doubt_about_the_attackers_is_not_doubt_about_the_attack(extract):
    e = _one(extract("Gunmen believed to belong to a drug cartel ambushed police in Aguililla on Monday, "
                     "killing 13 officers, officials said."))
    assert e.stance == "asserted"


def test_extract_article_a_group_named_beside_the_place_is_not_an_actor(extract):
    e = _one(extract("Jihadists killed 12 soldiers near Djibo on Sunday, one of the areas worst hit by "
                     "violence linked to al-Qaeda, security sources said."))
    assert "Al Qaeda" not in (e.actor1, e.actor2)


def test_extract_article_rioters_setting_fire_is_a_violent_demonstration(extract):
    e = _one(extract("Rioters set fire to shops and cars in Lagos on Friday night, police said."))
    assert e.sub_event_type == "Violent demonstration" and e.inter1 == 5


def test_extract_article_withdrawal_without_a_fight_is_a_non_violent_transfer(extract):
    e = _one(extract("Troops withdrew from the town of Tessalit without a fight on Saturday, officials said."))
    assert e.sub_event_type == "Non-violent transfer of territory"


def test_extract_article_village_missing_from_the_gazetteer_sits_in_its_region(extract):
    e = _one(extract("Jihadists seized the village of Qwertyvillage in the Mopti region of Mali on Friday after "
                     "heavy fighting with the army, local sources said."))
    assert (e.sub_event_type, e.location, e.admin1, e.country) == \
        ("Non-state actor overtakes territory", "Qwertyvillage", "Mopti", "Mali")
    assert e.geo_precision in (2, 3)  # at the enclosing town or region, never claimed as the village itself


def test_extract_article_denying_chemical_weapons_denies_a_chemical_attack(extract):
    x = extract("A chemical attack killed 72 people in Khan Sheikhoun on Tuesday, a monitor said. The army "
                "denied using chemical weapons.")
    assert _one(x).stance == "denied"


def test_extract_article_a_thrown_grenade_is_a_grenade_event(extract):
    e = _one(extract("A hand grenade was thrown at a market in Kismayo on Sunday evening, wounding four traders, "
                     "residents said."))
    assert e.sub_event_type == "Grenade"


def test_extract_article_a_country_acting_is_its_state_forces(extract):
    e = _one(extract("MOGADISHU - Turkey on Saturday inaugurated its biggest overseas military base in Somalia's "
                     "capital, officials said."))
    assert (e.sub_event_type, e.actor1, e.location) == \
        ("Headquarters or base established", "Military Forces of Turkey", "Mogadishu")


def test_extract_article_habitual_attacks_are_no_event(extract):
    x = extract("The militants were driven out of the city years ago but still stage deadly attacks there.")
    assert x.events == []


def test_extract_article_a_week_of_bombings_is_not_dated_to_one_day(extract):
    x = extract("A car bomb killed nine people in Baghdad on Thursday, police said. The attack resembled a "
                "string of bombings carried out over the past week.")
    assert [e.event_date for e in x.events] == ["2024-03-07"]


def test_extract_article_an_admitted_bombing_is_credited_to_who_admitted_it(extract):
    e = _one(extract("Myanmar's military has acknowledged bombing the village of Pazigyi in Sagaing on Tuesday."))
    assert e.actor1 == "Military Forces of Myanmar" and e.sub_event_type == "Air/drone strike"


def test_extract_article_an_attack_a_day_before_an_agreement_is_dated_from_it(extract):
    x = extract("Rebels in the town of Douma agreed on Sunday to leave for the north, state media said, a day "
                "after a suspected poison gas attack there killed dozens of people.", published=dt.date(2018, 4, 9))
    gas = [e for e in x.events if e.sub_event_type == "Chemical weapon"]
    assert len(gas) == 1 and gas[0].event_date == "2018-04-07"


def test_extract_article_headline_namesake_abroad_is_not_the_place(extract):
    x = extract("Islamic Jihad commander killed as Israel strikes Gaza\n\nIsraeli air strikes killed at least "
                "10 people on Friday, health officials said.", title="Islamic Jihad commander killed as Israel strikes Gaza")
    assert all(e.country in ("Palestine", "Israel") for e in x.events) and x.events


def test_extract_article_a_town_in_its_province_is_one_place(extract):
    e = _one(extract("A suspected chemical attack hit the town of Khan Sheikhoun in Idlib on Tuesday, killing "
                     "at least 40 people, a monitor said."))
    assert (e.location, e.fatalities) == ("Khan Shaykhun", 40)


def test_extract_article_a_toll_since_a_weekday_in_the_perfect_is_a_running_total(extract):
    x = extract("Since Saturday at least 68 civilians have been killed in air attacks on the town of al-Bab.")
    assert x.events == [] and [(f.kind, f.value) for f in x.figures] == [("killed", 68)]


def test_extract_article_rallies_in_several_towns_are_one_event_each(extract):
    x = extract("Rallies went ahead peacefully on Tuesday in the opposition strongholds of Mombasa on the coast and "
                "Kisumu in the west, as well as in Eldoret and in Nyeri, local media said.")
    assert {e.location for e in x.events} == {"Mombasa", "Kisumu", "Eldoret", "Nyeri"}
    assert {e.sub_event_type for e in x.events} == {"Peaceful protest"}


def test_extract_article_a_movement_that_rallied_online_is_no_protest(extract):
    x = extract("The movement, which has rallied online under a slogan, took off after the budget was presented "
                "to lawmakers on Tuesday.")
    assert x.events == []


def test_extract_article_a_strike_on_a_hospital_targets_civilians(extract):
    e = _one(extract("Warplanes struck a hospital in Saraqeb on Friday, a monitor said."))
    assert (e.sub_event_type, e.actor2) == ("Air/drone strike", "Civilians (Syria)")


def test_extract_article_a_strike_on_a_military_site_does_not_target_civilians(extract):
    e = _one(extract("Warplanes struck a military base in Saraqeb on Friday, a monitor said."))
    assert e.actor2 != "Civilians (Syria)"


@pytest.mark.parametrize("hostile", [
    "At least " + "1 " * 10000 + "people were killed",
    "killed" + "," * 10000,
    '"' * 10000 + " killed",
])
def test_extract_article_overlong_piece_is_cut_with_a_warning(extract, hostile):
    x = extract(hostile)
    assert any("cut from" in w for w in x.warnings), x.warnings


def test_extract_article_real_sentence_is_never_cut(extract):
    x = extract("Gunmen killed four soldiers at a checkpoint near the town on Saturday, the army said.")
    assert not any("cut from" in w for w in x.warnings)


def test_extract_article_ordinary_news_without_a_violence_word_gives_no_event(extract):
    # the bundled classifier is sure about such sentences ("opened ... in" reads as a base established);
    # without a violence, protest or territory word it never makes an event alone
    for text in ("The company opened a new office in Lagos on Monday.",
                 "The minister opened a new hospital in the capital on Friday."):
        assert extract(text).events == [], text


@pytest.mark.parametrize("text, sub_event", [
    ("Police captured three suspects in Mombasa on Monday.", "Arrests"),
    ("The 12 men were captured on Friday in the north, the army said.", "Arrests"),
    ("Gunmen captured two aid workers near Gao on Sunday.", "Abduction/forced disappearance"),
    ("Rebels captured the town of Kidal on Monday.", "Non-state actor overtakes territory"),
])
def test_extract_article_capture_of_people_is_an_arrest_or_abduction_of_a_place_territory(extract, text, sub_event):
    assert _one(extract(text)).sub_event_type == sub_event


def test_extract_article_captives_executed_are_an_attack_not_an_arrest(extract):
    x = extract("Gunmen executed 20 soldiers captured near the border on Monday, the army said.")
    assert all(e.sub_event_type != "Arrests" for e in x.events)


def test_extract_article_very_long_text_is_parsed_in_part_with_a_warning(extract):
    from sitreps.extract import MAX_PIECES
    text = " ".join(f"Gunmen killed {i % 9 + 2} people in Kabul on Monday, officials said." for i in range(MAX_PIECES + 50))
    x = extract(text)
    assert any(f"parsed the first {MAX_PIECES} sentences" in w and "50 more left out" in w for w in x.warnings)


def test_extract_article_issue_snippet_gives_its_event(extract):
    # the acceptance example of issue 9: one line, no final stop
    e = _one(extract("Police fired tear gas at students protesting fee rises in Nairobi on Monday"))
    assert (e.sub_event_type, e.location) == ("Protest with intervention", "Nairobi")


@pytest.mark.parametrize("text", [
    "Riot police patrolled the streets of Dhaka on Saturday ahead of the general strike.",
    "Hundreds of extra troops were deployed to the border town of Tal Afar on Monday, the army said.",
])
def test_extract_article_patrols_and_deployments_are_a_change_to_group_activity(extract, text):
    assert _one(extract(text)).sub_event_type == "Change to group/activity"


def test_extract_article_deployed_jets_that_bombed_are_an_air_strike(extract):
    e = _one(extract("Warplanes deployed to the base bombed rebel positions near Hama on Monday."))
    assert e.sub_event_type == "Air/drone strike"


def test_extract_article_a_general_strike_is_no_air_strike(extract):
    x = extract("Unions began a general strike in Lagos on Monday, shutting banks and markets.")
    assert all(e.event_type != "Explosions/Remote violence" for e in x.events)


def test_extract_article_a_sentence_pointing_back_at_the_attack_elaborates_it(extract):
    ext = extract("A car bomb exploded in the market of Maarib on Saturday, killing nine people. Those killed "
                  "were mostly residents of the villages of Sirwah and Raghwan, local officials said. The blast "
                  "was heard across the city of Harib, the officials said.")
    assert [(e.location, e.fatalities) for e in ext.events] == [("Ma'rib", 9)]
