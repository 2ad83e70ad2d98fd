"""Sources as the text names them, and the stance they take."""
from __future__ import annotations

import pytest

from sitreps.extract.attribution import find_sources, sentence_stance

pytestmark = pytest.mark.model


def test_find_sources_according_to(sent):
    (s,) = find_sources(sent("Five people were killed, according to local officials."))
    assert (s.text, s.stance) == ("local officials", "asserted")


def test_find_sources_named_organisation_said(sent):
    (s,) = find_sources(sent("The Syrian Observatory for Human Rights said 12 people died."))
    assert s.text == "Syrian Observatory for Human Rights"


def test_find_sources_pronoun_speaker_is_flagged(sent):
    (s,) = find_sources(sent("Five people were killed, he said."))
    assert s.is_pronoun


def test_find_sources_denial_is_denied(sent):
    (s,) = find_sources(sent("The army denied that any civilians had been killed."))
    assert (s.text, s.stance) == ("army", "denied")


def test_find_sources_sentence_without_attribution(sent):
    assert find_sources(sent("Rebels shelled the town overnight.")) == []


def test_find_sources_offsets_point_at_the_source(sent):
    s = sent("Three soldiers died, according to a military official.")
    (src,) = find_sources(s)
    assert s.doc.text[src.start:src.end] == "a military official"


def test_sentence_stance_plain_report_is_asserted(sent):
    assert sentence_stance(sent("Rebels shelled the town overnight.")) == "asserted"


def test_sentence_stance_denial(sent):
    assert sentence_stance(sent("The ministry denied that its jets had bombed the market.")) == "denied"


def test_sentence_stance_reportedly_is_unconfirmed(sent):
    assert sentence_stance(sent("Ten people were reportedly killed in the raid.")) == "unconfirmed"


def test_sentence_stance_suspected_militants_are_not_a_doubt(sent):
    assert sentence_stance(sent("Suspected militants attacked a police station.")) == "asserted"
