"""The cheap pre-filter that decides which texts are worth parsing."""
from __future__ import annotations

from sitreps.relevance import has_cue, is_relevant, relevant_cues


def test_is_relevant_killing_report():
    assert is_relevant("Gunmen killed four villagers in an overnight raid.")


def test_is_relevant_protest_report():
    assert is_relevant("Hundreds of demonstrators gathered outside the ministry.")


def test_is_relevant_inflected_trigger():
    assert is_relevant("Artillery shelled the outskirts for a second night.")


def test_is_relevant_displacement_figure():
    assert is_relevant("Some 12,000 families have been displaced by the floods and fighting.")


def test_is_relevant_rejects_business_news():
    assert not is_relevant("The central bank raised interest rates by 3 percent on Thursday.")


def test_is_relevant_rejects_a_single_weak_cue():
    assert not is_relevant("The company signed a new contract with its suppliers.")


def test_is_relevant_accepts_two_weak_cues_together():
    assert is_relevant("Rockets hit the outskirts of the town.")


def test_is_relevant_rejects_empty_text():
    assert not is_relevant("")


def test_has_cue_accepts_a_weak_cue_alone():
    assert has_cue("The missing hiker was found.")


def test_has_cue_rejects_text_without_cues():
    assert not has_cue("The committee will meet again next month to review the budget.")


def test_relevant_cues_lists_matched_words_lowercased():
    assert "killed" in relevant_cues("Two soldiers were KILLED in the ambush.")


def test_strong_cue_needs_an_event_word_not_a_weak_or_actor_word():
    from sitreps.relevance import has_strong_cue
    assert has_strong_cue("Gunmen killed two guards.")
    assert has_strong_cue("Police fired tear gas at protesters.")
    assert not has_strong_cue("The company opened a new office in Lagos.")
    assert not has_strong_cue("The movement has rallied online.")  # a weak cue alone
    assert not has_strong_cue("Militants live in the hills.")  # who, not what happened
