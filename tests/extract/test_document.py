"""Article layout: paragraphs, headline, dateline and sentences (no model needed)."""
from __future__ import annotations

from sitreps.extract.document import (Paragraph, find_dateline, looks_like_headline, split_paragraphs,
                                      split_sentences)


def test_split_paragraphs_on_blank_lines():
    text = "Rebels shell border town\n\nFour people were killed.\nThe army said so.\n\nTalks are planned."
    assert [p.text for p in split_paragraphs(text)] == [
        "Rebels shell border town", "Four people were killed.\nThe army said so.", "Talks are planned."]


def test_split_paragraphs_on_single_newlines_when_no_blank_lines():
    assert len(split_paragraphs("First line.\nSecond line.\nThird line.")) == 3


def test_split_paragraphs_offsets_point_into_the_text():
    text = "  Headline here\n\n   Body text starts here."
    for p in split_paragraphs(text):
        assert text[p.start:p.end] == p.text


def test_split_paragraphs_of_blank_text_is_empty():
    assert split_paragraphs(" \n\n \n") == []


def test_looks_like_headline_short_line_without_stop():
    assert looks_like_headline(Paragraph(0, "Car bomb kills 12 in Somali capital", 0))


def test_looks_like_headline_rejects_a_sentence():
    assert not looks_like_headline(Paragraph(0, "A car bomb killed 12 people in Mogadishu on Monday.", 0))


def test_looks_like_headline_equal_to_title():
    p = Paragraph(0, "Army says it retook the town. Residents disagree.", 0)
    assert looks_like_headline(p, title="Army says it retook the town. Residents disagree.")


def test_find_dateline_agency_dateline_gives_city():
    p = Paragraph(10, "MOGADISHU, Somalia (AP) — A car bomb exploded near a market on Monday.", 1)
    s, e, city = find_dateline(p)
    assert city == "Mogadishu"


def test_find_dateline_span_covers_only_the_dateline():
    text = "KABUL (Reuters) - Gunmen attacked a checkpoint late on Tuesday."
    p = Paragraph(0, text, 1)
    s, e, _ = find_dateline(p)
    assert text[e:].startswith("Gunmen")


def test_find_dateline_multiword_city():
    p = Paragraph(0, "DEIR AL-BALAH, Gaza Strip — Shelling resumed overnight.", 1)
    assert find_dateline(p)[2] == "Deir Al-Balah"


def test_find_dateline_absent_in_ordinary_sentence():
    assert find_dateline(Paragraph(0, "Gunmen attacked a checkpoint late on Tuesday.", 1)) is None


def test_split_sentences_splits_at_full_stops():
    p = Paragraph(0, "Gunmen attacked a checkpoint. Three soldiers died. Police said so.", 0)
    assert len(split_sentences(p)) == 3


def test_split_sentences_keeps_titles_together():
    p = Paragraph(0, "Col. Ahmed Hassan said the attack failed. Reinforcements arrived.", 0)
    assert [s.text for s in split_sentences(p)] == ["Col. Ahmed Hassan said the attack failed.",
                                                    "Reinforcements arrived."]


def test_split_sentences_keeps_abbreviated_dates_together():
    p = Paragraph(0, "The clashes began on Jan. 6 in the north. Dozens fled.", 0)
    assert len(split_sentences(p)) == 2


def test_split_sentences_keeps_article_offsets():
    text = "Headline\n\nGunmen attacked a post. Two soldiers died."
    body = split_paragraphs(text)[1]
    for s in split_sentences(body):
        assert text[s.start:s.start + len(s.text)] == s.text
