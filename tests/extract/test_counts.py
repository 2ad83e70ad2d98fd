"""Numbers and casualty counts in parsed sentences."""
from __future__ import annotations

import pytest

from sitreps.extract.counts import casualty_counts, conservative, numbers_in, word_value

pytestmark = pytest.mark.model


def _killed(sent, text):
    return [c for c in casualty_counts(sent(text)) if c.kind == "killed"]


def test_word_value_reads_digits_with_commas():
    assert word_value("31,000") == 31000


def test_word_value_reads_hyphenated_words():
    assert word_value("twenty-five") == 25


def test_word_value_rejects_non_numbers():
    assert word_value("soldiers") is None


def test_conservative_keeps_lowest_and_highest_apart():
    assert conservative([20, 12, 15]) == (12, 20)


def test_conservative_single_figure_has_no_high():
    assert conservative([7, 7]) == (7, None)


def test_conservative_no_figures_is_zero():
    assert conservative([]) == (0, None)


def test_numbers_in_reads_qualifier(sent):
    (n,) = numbers_in(sent("At least three people were hurt in the stampede."))
    assert (n.value, n.qualifier) == (3, "at least")


def test_numbers_in_reads_multiplier(sent):
    (n,) = numbers_in(sent("About 2 million people live in the province."))
    assert n.value == 2_000_000


def test_numbers_in_reads_range(sent):
    (n,) = numbers_in(sent("Officials said 45 to 50 fighters took part."))
    assert (n.value, n.value_high, n.qualifier) == (45, 50, "between")


def test_numbers_in_skips_years(sent):
    assert numbers_in(sent("The group was founded in 2009 in the north.")) == []


def test_numbers_in_skips_units(sent):
    assert numbers_in(sent("The convoy travelled 40 km before the ambush.")) == []


def test_casualty_counts_at_least_three_killed(sent):
    (c,) = _killed(sent, "At least three people were killed when shells hit a market.")
    assert (c.value, c.qualifier) == (3, "at least")


def test_casualty_counts_dozens_is_twelve(sent):
    (c,) = _killed(sent, "Dozens of villagers were killed in the raid.")
    assert c.value == 12


def test_casualty_counts_word_number(sent):
    (c,) = _killed(sent, "Militants killed eleven soldiers at the outpost.")
    assert c.value == 11


def test_casualty_counts_dead_adjective(sent):
    (c,) = _killed(sent, "The ambush left nine policemen dead.")
    assert c.value == 9


def test_casualty_counts_injuries_are_not_deaths(sent):
    counts = casualty_counts(sent("The explosion wounded 15 people near the bus station."))
    assert [(c.kind, c.value) for c in counts] == [("injured", 15)]


def test_casualty_counts_separates_killed_and_wounded(sent):
    counts = casualty_counts(sent("The attack killed 12 soldiers and wounded 30 others."))
    assert sorted((c.kind, c.value) for c in counts) == [("injured", 30), ("killed", 12)]


def test_casualty_counts_names_who_was_counted(sent):
    (c,) = _killed(sent, "Gunmen killed four policemen in the market.")
    assert c.noun == "policemen"


def test_casualty_counts_ignores_durations(sent):
    counts = casualty_counts(sent("The fighting lasted three days and killed two soldiers."))
    assert [(c.kind, c.value) for c in counts] == [("killed", 2)]


def test_casualty_counts_ignores_day_of_month(sent):
    counts = casualty_counts(sent("Gunmen killed four civilians on March 3."))
    assert [(c.kind, c.value) for c in counts] == [("killed", 4)]


def test_casualty_counts_between_range_is_one_count(sent):
    counts = casualty_counts(sent("Between 45 and 50 fighters died in the assault."))
    assert [(c.value, c.value_high) for c in counts] == [(45, 50)]
