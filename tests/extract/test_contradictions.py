"""Contradictions within an article: denials and differing tolls."""
from __future__ import annotations

import datetime as dt

import pytest

from sitreps.extract.attribution import Source
from sitreps.extract.contradictions import denied_event, denier_of, stance_contradiction, value_contradiction
from sitreps.extract.events import Draft, add_mention
from sitreps.extract.mentions import sentence_mentions

pytestmark = pytest.mark.model

SAT = dt.date(2024, 3, 9)


@pytest.fixture
def draft(nlp):
    """A draft from one or more sentences of one text, each mention added in order."""
    def make(*texts):
        d = None
        for text in texts:
            sent = next(iter(nlp(text).sents))
            ms, _, why = sentence_mentions(sent, SAT, ("YE",), 0, 0, None)
            assert ms, why
            if d is None:
                d = Draft(ms[0], None)
            add_mention(d, ms[0])
        return d
    return make


def test_value_contradiction_two_tolls(draft):
    d = draft("Saudi-led jets bombed a wedding on Friday, killing 12 people, health officials said.",
              "Saudi-led jets bombed a wedding on Friday, killing 20 people, Houthi media said.")
    c = value_contradiction(d, "toll")
    assert c.kind == "value" and sorted(cl.value for cl in c.claims) == [12, 20]


def test_value_contradiction_names_each_source(draft):
    d = draft("Saudi-led jets bombed a wedding on Friday, killing 12 people, health officials said.",
              "Saudi-led jets bombed a wedding on Friday, killing 20 people, Houthi media said.")
    c = value_contradiction(d, "toll")
    assert {cl.source for cl in c.claims} == {"health officials", "Houthi media"}


def test_value_contradiction_agreeing_sources_is_none(draft):
    d = draft("Saudi-led jets bombed a wedding on Friday, killing 12 people, health officials said.",
              "Saudi-led jets bombed a wedding on Friday, killing 12 people, Houthi media said.")
    assert value_contradiction(d, "toll") is None


def test_value_contradiction_one_source_is_none(draft):
    d = draft("Saudi-led jets bombed a wedding on Friday, killing 12 people, health officials said.")
    assert value_contradiction(d, "toll") is None


def test_stance_contradiction_puts_denier_against_sources(draft):
    d = draft("Saudi-led jets bombed a wedding on Friday, killing 12 people, health officials said.")
    c = stance_contradiction(d, "the coalition", "The coalition denied the strike.", "strike")
    assert [(cl.source, cl.stance) for cl in c.claims] == [("health officials", "asserted"),
                                                           ("the coalition", "denied")]


def test_denied_event_matches_shared_words(draft):
    strike = draft("Saudi-led jets bombed a wedding on Friday, killing 12 people, health officials said.")
    clash = draft("Houthi fighters clashed with tribesmen on Friday, killing four, residents said.")
    assert denied_event("The coalition denied bombing any wedding.", [clash, strike], 10_000) is strike


def test_denied_event_ignores_events_told_after_the_denial(draft):
    strike = draft("Saudi-led jets bombed a wedding on Friday, killing 12 people, health officials said.")
    assert denied_event("The coalition denied bombing any wedding.", [strike], -1) is None


def test_denied_event_unrelated_denial_is_none(draft):
    strike = draft("Saudi-led jets bombed a wedding on Friday, killing 12 people, health officials said.")
    assert denied_event("The ministry denied raising fuel prices.", [strike], 10_000) is None


def test_denier_of_prefers_the_denying_source():
    sources = [Source("officials", "asserted", "say", 0, 9), Source("the coalition", "denied", "deny", 20, 33)]
    assert denier_of(sources) == "the coalition"
