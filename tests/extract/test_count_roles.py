"""The count tagger: what each number phrase of a sentence counts (sentences written for these tests)."""
from __future__ import annotations

import pytest

from sitreps.extract.count_roles import tag_counts
from sitreps.extract.mentions import MAX_EVENT_TOLL

pytestmark = pytest.mark.model


def tags(sent, text):
    s = sent(text)
    return [(s.doc[t.start:t.end].text, t.role, t.side, t.relation, t.scope) for t in tag_counts(s)]


def roles(sent, text):
    return [(phrase, role) for phrase, role, *_ in tags(sent, text)]


@pytest.mark.parametrize("text,expected", [
    ("Gunmen abducted 14 passengers from a bus near the border.", [("14", "abducted")]),
    ("Police arrested 35 protesters after the rally.", [("35", "arrested")]),
    ("More than 2,000 families fled the fighting on Monday.", [("More than 2,000", "displaced")]),
    ("Three soldiers were killed and nine wounded in the ambush.", [("Three", "killed"), ("nine", "injured")]),
    ("Eleven fishermen are still missing after the raid.", [("Eleven", "missing")]),
    ("About 3,000 teachers marched through the capital.", [("About 3,000", "other_people")]),
])
def test_roles(sent, text, expected):
    assert roles(sent, text) == expected


def test_a_single_person_is_a_count(sent):
    assert ("A", "killed") in roles(sent, "A policeman was killed when a bomb exploded under his car.")


def test_dates_times_ages_and_page_furniture_count_no_people(sent):
    found = roles(sent, "21-08-2014 Views 1662 Omar Haddad, 34, was shot dead in 2014 at 09:30.")
    assert all(role == "not_people" for phrase, role in found if phrase != "Omar")


def test_the_attackers_are_not_the_victims(sent):
    assert roles(sent, "Three gunmen killed 12 villagers overnight.") == [("Three", "other_people"), ("12", "killed")]


def test_side_from_the_noun_counted(sent):
    found = {phrase: side for phrase, _, side, _, _ in tags(sent, "Four soldiers and seven militants died in the clash.")}
    assert found == {"Four": "state", "seven": "nonstate"}


def test_a_breakdown_is_part_of_the_toll(sent):
    found = tags(sent, "Ten civilians were killed, three of them children.")
    assert [(p, r) for p, _, _, r, _ in found] == [("Ten", "new"), ("three", "part")]


def test_another_source_figure_is_an_alternative(sent):
    found = tags(sent, "Five people died, while activists said seven were killed.")
    assert [(p, r) for p, _, _, r, _ in found] == [("Five", "new"), ("seven", "alternative")]


def test_running_totals_are_cumulative(sent):
    (phrase, role, _, _, scope), *_ = tags(sent, "The war has killed more than 400,000 people since 2011.")
    assert (role, scope) == ("killed", "cumulative")


def test_a_comparison_is_not_a_running_total(sent):
    found = tags(sent, "The strike killed 30 people, the deadliest attack on the town since 2015.")
    assert found[0][1:] == ("killed", "unspecified", "new", "event")


def test_running_total_is_not_an_event_toll(extract):
    ext = extract("Fighting in the province has killed more than 400 people since January, the monitor said.")
    assert all(e.fatalities == 0 for e in ext.events)


def test_a_toll_read_from_page_furniture_is_not_an_event_toll(extract):
    ext = extract("09.03.2024 Get short URL 6319 An air strike on the town of Maarib on Saturday killed four civilians.")
    assert [e.fatalities for e in ext.events] == [4]


def test_an_implausible_single_event_toll_is_left_out_with_a_note(extract):
    ext = extract(f"An air strike on the town of Maarib on Saturday killed {MAX_EVENT_TOLL * 3} people.")
    assert all(e.fatalities <= MAX_EVENT_TOLL for e in ext.events)
    assert all("not read as one event's toll" in e.notes for e in ext.events)


def test_a_range_is_one_toll_with_a_high_figure(extract):
    ext = extract("Shells fell on the town of Maarib on Saturday and killed from 500 to well over 900 people.")
    assert [(e.fatalities, e.fatalities_high) for e in ext.events] == [(500, 900)]


def test_a_toll_told_in_another_sentence_is_quoted_in_the_notes(extract):
    ext = extract("Air strikes hit the town of Maarib on Saturday, a monitor said.\n\n"
                  "The monitor said 12 people were killed in the strikes.")
    (e,) = ext.events
    assert e.fatalities == 12
    assert "toll read from: “The monitor said 12 people were killed in the strikes.”" in e.notes


def test_a_total_before_a_colon_and_its_parts(sent):
    found = tags(sent, "Four people were killed: two in the market, one at the school and one on the road.")
    assert [(p, r) for p, _, _, r, _ in found] == [("Four", "total"), ("two", "part"), ("one", "part"),
                                                   ("one", "part")]


@pytest.mark.parametrize("text,toll", [
    ("An air strike on the town of Maarib on Saturday killed ten civilians, three of them children.", 10),
    ("Four people were killed in an air strike on the town of Maarib on Saturday: two in the market, "
     "one at the school and one on the road.", 4),
])
def test_the_parts_of_a_toll_are_not_added_to_it(extract, text, toll):
    assert [e.fatalities for e in extract(text).events] == [toll]


@pytest.mark.parametrize("text,toll", [
    ("A soldier was killed when gunmen attacked a checkpoint in the town of Maarib on Monday.", 1),
    ("Gunmen attacked a checkpoint in the town of Maarib on Monday, killing a soldier and a policeman.", 2),
    ("Three rebels were killed in an encounter with troops in the town of Maarib on Monday.", 3),
])
def test_one_person_counted_by_an_article_is_a_toll(extract, text, toll):
    assert [e.fatalities for e in extract(text).events] == [toll]
