"""Figures that are not single events: cumulative tolls, displacement, territory."""
from __future__ import annotations

import datetime as dt

import pytest

from sitreps.extract.figures import find_figures, is_cumulative

pytestmark = pytest.mark.model

SAT = dt.date(2024, 3, 9)


def _figs(sent, text):
    return find_figures(sent(text), SAT, ["activists"])


def test_is_cumulative_since_a_date(sent):
    assert is_cumulative(sent("More than 300 civilians have been killed since 15 November."))


def test_is_cumulative_war_has_killed(sent):
    assert is_cumulative(sent("The war has killed more than 5,000 people."))


def test_is_cumulative_since_a_weekday_is_one_event(sent):
    assert not is_cumulative(sent("Fighting has raged since Thursday, killing 20 people."))


def test_is_cumulative_single_incident(sent):
    assert not is_cumulative(sent("Three soldiers were killed on Friday."))


def test_find_figures_cumulative_toll(sent):
    (f,) = _figs(sent, "More than 300 civilians have been killed since 15 November, activists said.")
    assert (f.kind, f.value, f.qualifier) == ("killed", 300, "more than")


def test_find_figures_cumulative_toll_period(sent):
    (f,) = _figs(sent, "More than 300 civilians have been killed since 15 November, activists said.")
    assert (f.period_start, f.period_end) == ("2023-11-15", "2024-03-09")


def test_find_figures_keeps_sources(sent):
    (f,) = _figs(sent, "More than 300 civilians have been killed since 15 November, activists said.")
    assert f.sources == ["activists"]


def test_find_figures_displacement(sent):
    (f,) = _figs(sent, "The fighting has displaced 40,000 people.")
    assert (f.kind, f.value) == ("displaced", 40000)


def test_find_figures_territory_share(sent):
    (f,) = _figs(sent, "Rebels control 60 percent of the city.")
    assert (f.kind, f.value) == ("territory_percent", 60)


def test_find_figures_single_incident_toll_is_not_a_figure(sent):
    assert _figs(sent, "Three soldiers were killed on Friday.") == []


def test_find_figures_evidence_is_the_sentence(sent):
    (f,) = _figs(sent, "The fighting has displaced 40,000 people.")
    assert f.evidence == "The fighting has displaced 40,000 people."


def test_find_figures_a_dated_single_attack_is_not_a_running_total(sent):
    s = sent("Air strikes late on Thursday killed at least 44 people, the highest toll this year, monitors said.")
    assert [f.kind for f in find_figures(s, dt.date(2024, 3, 9), [])] == []


def test_find_figures_small_munition_count_is_not_a_tally(sent):
    s = sent("Two bombs went off near the market on Saturday.")
    assert find_figures(s, dt.date(2024, 3, 9), []) == []


def test_find_figures_total_since_an_offensive_began_despite_a_statement_date(sent):
    s = sent("The army said on Thursday that 500 militants had been killed since it launched an offensive in April.")
    assert [(f.kind, f.value) for f in find_figures(s, dt.date(2024, 3, 9), [])] == [("killed", 500)]
