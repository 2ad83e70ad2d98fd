"""Tests of sitreps.read: every input format and every class of bad input."""
from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest

from sitreps import read
from sitreps.read import (SUPPORTED_SUFFIXES, language_check, parse_date, read_fakes_csv,
                          read_path, read_paths, read_text)
from sitreps.records import Article, Rejection

FIXTURES = Path(__file__).parent / "fixtures" / "read"
REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

ENGLISH_BODY = (
    "Government shelling killed three civilians in eastern Aleppo on Saturday, activists said. "
    "The attack hit a market in the early morning hours, and rescue workers pulled bodies from "
    "the rubble, according to the Syrian Observatory for Human Rights."
)


def articles(items):
    """Only the Articles of a stream."""
    return [i for i in items if isinstance(i, Article)]


def rejections(items):
    """Only the Rejections of a stream."""
    return [i for i in items if isinstance(i, Rejection)]


def only(items):
    """The single item of a stream."""
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def write_warc(path: Path, records: list[tuple[str, str, bytes]]) -> None:
    """A small WARC of (url, content type, payload) response records, plus one request record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        for url, ctype, payload in records:
            writer.write_record(writer.create_warc_record(
                url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(payload), http_headers=headers))


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("text,expected", [
    ("2016-12-03", dt.date(2016, 12, 3)),
    ("2016-12-03T10:00:00Z", dt.date(2016, 12, 3)),
    ("Sat, 03 Dec 2016 10:00:00 +0000", dt.date(2016, 12, 3)),
    ("December 3, 2016", dt.date(2016, 12, 3)),
    ("3 December 2016", dt.date(2016, 12, 3)),
    ("12/3/2016", dt.date(2016, 12, 3)),
    ("2/24/2017", dt.date(2017, 2, 24)),
    ("24/2/2017", dt.date(2017, 2, 24)),
    ("03.12.2016", dt.date(2016, 12, 3)),
    ("Dec. 3rd, 2016", dt.date(2016, 12, 3)),
])
def test_parse_date_reads_common_formats(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "yesterday", "13/13/2016", "2016-02-30"])
def test_parse_date_returns_none_when_nothing_parses(text):
    assert parse_date(text) is None


# ---------------------------------------------------------------- formats


def test_read_path_txt_takes_headline_from_first_line():
    art = only(read_path(FIXTURES / "story.txt"))
    assert art.title == "Qaeda gunmen kill five at Abyan checkpoint"
    assert art.text.startswith("Qaeda gunmen kill five at Abyan checkpoint\n\nADEN, Aug 30 - ")


def test_read_path_txt_id_is_content_hash_prefix():
    art = only(read_path(FIXTURES / "story.txt"))
    assert art.id == art.content_hash[:16]
    assert art.origin == str(FIXTURES / "story.txt")


def test_read_path_published_argument_overrides():
    art = only(read_path(FIXTURES / "feed.atom", published=dt.date(2020, 1, 2)))
    assert art.published == dt.date(2020, 1, 2)


def test_read_path_html_extracts_main_text_title_and_date():
    art = only(read_path(FIXTURES / "page.html"))
    assert art.title == "Airstrikes hit market in Idlib province"
    assert art.published == dt.date(2017, 4, 4)
    assert "Maarat al-Numan" in art.text
    assert "All rights reserved" not in art.text and "About us" not in art.text


def test_read_path_html_falls_back_to_tag_strip(monkeypatch, tmp_path):
    monkeypatch.setattr(read.formats, "_trafilatura_fields", lambda markup, url: None)
    page = tmp_path / "p.html"
    page.write_text(f"<html><head><title>Shelling in Aleppo</title><style>p{{}}</style></head>"
                    f"<body><p>{ENGLISH_BODY}</p></body></html>", encoding="utf-8")
    art = only(read_path(page))
    assert art.title == "Shelling in Aleppo"
    assert art.text == f"Shelling in Aleppo\n\n{ENGLISH_BODY}"


def test_read_path_json_article_object(tmp_path):
    f = tmp_path / "a.json"
    f.write_text(json.dumps({"id": "x1", "title": "Shelling in Aleppo", "text": ENGLISH_BODY,
                             "published": "2016-12-03T10:00:00Z", "url": "https://e.x/1",
                             "source": "Wire"}), encoding="utf-8")
    art = only(read_path(f))
    assert (art.id, art.title, art.published, art.url, art.source) == (
        "x1", "Shelling in Aleppo", dt.date(2016, 12, 3), "https://e.x/1", "Wire")


def test_read_path_json_gold_case_takes_title_from_first_line(tmp_path):
    f = tmp_path / "w1-01.json"
    f.write_text(json.dumps({"id": "w1-01", "published": "2016-11-26", "dateline": "BEIRUT",
                             "text": f"Shelling kills three in Aleppo\n\nBEIRUT - {ENGLISH_BODY}",
                             "events": []}), encoding="utf-8")
    art = only(read_path(f))
    assert art.title == "Shelling kills three in Aleppo"
    assert art.text.startswith("Shelling kills three in Aleppo\n\nBEIRUT - ")
    assert art.id == "w1-01"


def test_read_path_json_list_yields_each_article(tmp_path):
    f = tmp_path / "many.json"
    f.write_text(json.dumps([{"id": "a", "text": ENGLISH_BODY}, {"id": "b", "text": ENGLISH_BODY}]))
    items = list(read_path(f))
    assert [a.id for a in items] == ["a", "b"]
    assert items[1].origin == f"{f}#2"


def test_read_path_jsonl_bad_line_rejected_others_continue():
    items = list(read_path(FIXTURES / "articles.jsonl"))
    assert [a.id for a in articles(items)] == ["j-1", "j-3"]
    bad = only(rejections(items))
    assert bad.origin == f"{FIXTURES / 'articles.jsonl'}:2"
    assert bad.reason.startswith("invalid JSON at line 1, column 38:")


def test_read_path_rss_entries_become_articles():
    items = list(read_path(FIXTURES / "feed.rss"))
    assert len(items) == 2
    first = items[0]
    assert first.title == "Shelling kills three in eastern Aleppo"
    assert first.source == "Levant Wire"
    assert first.url == "https://levantwire.example/2016/12/03/aleppo-shelling"
    assert first.published == dt.date(2016, 12, 3)
    assert "<b>" not in first.text and "three civilians" in first.text


def test_read_path_atom_entry_uses_content_and_published():
    art = only(read_path(FIXTURES / "feed.atom"))
    assert art.source == "Sahel Monitor"
    assert art.published == dt.date(2019, 3, 23)
    assert "Ogossagou" in art.text and "<p>" not in art.text


def test_read_path_sniffs_feed_without_known_suffix(tmp_path):
    f = tmp_path / "latest"
    f.write_bytes((FIXTURES / "feed.rss").read_bytes())
    assert len(articles(read_path(f))) == 2


@pytest.mark.parametrize("name", ["news.warc", "news.warc.gz"])
def test_read_path_warc_html_responses_become_articles(tmp_path, name):
    page = (FIXTURES / "page.html").read_bytes()
    f = tmp_path / name
    write_warc(f, [("https://frontline.example/idlib", "text/html; charset=utf-8", page),
                   ("https://frontline.example/logo.png", "image/png", b"\x89PNG\r\n")])
    art = only(read_path(f))
    assert art.url == "https://frontline.example/idlib"
    assert "Maarat al-Numan" in art.text
    assert len(art.id) == 36  # the WARC record's uuid
    assert art.origin == f"{f}#{art.id}"


def test_read_path_warc_without_html_records_rejected(tmp_path):
    f = tmp_path / "junk.warc"
    f.write_text("this is not a web archive\n")
    assert only(read_path(f)).reason.startswith("no HTML response records in WARC")


def test_read_path_undecodable_bytes_rejected(tmp_path):
    f = tmp_path / "noise.txt"
    f.write_bytes(bytes(range(0x80, 0x100)) * 20)
    assert only(read_path(f)).reason == "binary data, not text"


def test_read_path_csv_fakes_layout_maps_columns():
    items = list(read_fakes_csv(FIXTURES / "fakes_small.csv"))
    assert len(articles(items)) == 3
    first = items[0]
    assert first.id == "1914947530"
    assert first.title == "Syria attack symptoms consistent with nerve agent use WHO"
    assert first.source == "reuters"
    assert first.published == dt.date(2017, 4, 5)
    assert first.origin == f"{FIXTURES / 'fakes_small.csv'}:2"


def test_read_path_csv_generic_columns_case_insensitive(tmp_path):
    f = tmp_path / "g.csv"
    f.write_text(f"Headline,Body,Date,Link\nShelling in Aleppo,\"{ENGLISH_BODY}\",December 3 2016,https://e.x/1\n",
                 encoding="utf-8")
    art = only(read_path(f))
    assert (art.title, art.published, art.url) == ("Shelling in Aleppo", dt.date(2016, 12, 3), "https://e.x/1")


def test_read_path_stdin_reads_one_text(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(
        f"Shelling in Aleppo\n\n{ENGLISH_BODY}".encode())))
    art = only(read_path("-"))
    assert art.title == "Shelling in Aleppo" and art.origin == "<stdin>"


def test_read_path_stdin_starting_with_brace_is_jsonl(monkeypatch):
    lines = "\n".join(json.dumps({"id": i, "text": ENGLISH_BODY}) for i in ("s1", "s2"))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines.encode())))
    assert [a.id for a in read_path("-")] == ["s1", "s2"]


def test_read_text_builds_article_with_hash_id():
    art = read_text(f"Shelling in Aleppo\n\n{ENGLISH_BODY}", published="2016-12-03", source="Wire")
    assert art.title == "Shelling in Aleppo"
    assert art.published == dt.date(2016, 12, 3)
    assert art.id == art.content_hash[:16]


def test_read_text_same_content_same_id():
    assert read_text(ENGLISH_BODY).id == read_text(ENGLISH_BODY).id


# ---------------------------------------------------------------- bad input


def test_read_path_missing_file_rejected(tmp_path):
    rej = only(read_path(tmp_path / "nope.txt"))
    assert rej == Rejection(str(tmp_path / "nope.txt"), "no such file")


def test_read_path_empty_file_rejected(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_text("  \n")
    assert only(read_path(f)).reason == "empty file"


def test_read_path_binary_data_rejected(tmp_path):
    f = tmp_path / "blob.txt"
    f.write_bytes(b"\x00\x01\x02binary\x00" * 10)
    assert only(read_path(f)).reason == "binary data, not text"


def test_read_path_too_large_rejected_without_reading(tmp_path, monkeypatch):
    f = tmp_path / "big.txt"
    with f.open("wb") as fh:
        fh.truncate(52_400_000)  # sparse: cheap to make
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("file was read"))
    assert only(read_path(f)).reason == "file too large (52.4 MB > 20 MB limit)"


def test_read_path_invalid_json_rejected(tmp_path):
    f = tmp_path / "bad.json"
    f.write_text('{"id" "x"}')
    assert only(read_path(f)).reason == "invalid JSON at line 1, column 7: Expecting ':' delimiter"


def test_read_path_unsupported_suffix_rejected(tmp_path):
    f = tmp_path / "report.docx"
    f.write_text("just some words")
    assert only(read_path(f)).reason.startswith("unsupported file type '.docx'")


def test_read_path_cp1252_legacy_text_decoded(tmp_path):
    f = tmp_path / "legacy.txt"
    f.write_bytes(f"Shelling in Aleppo\n\n{ENGLISH_BODY} \u201cWe ran,\u201d a resident said.".encode("cp1252"))
    assert "\u201cWe ran,\u201d" in only(read_path(f)).text


def test_read_path_utf8_bom_dropped(tmp_path):
    f = tmp_path / "bom.txt"
    f.write_bytes(("\ufeffShelling in Aleppo\n\n" + ENGLISH_BODY).encode("utf-8"))
    assert only(read_path(f)).title == "Shelling in Aleppo"


NON_ENGLISH = {
    "Arabic": "قصفت القوات الحكومية السورية مدينة حلب يوم السبت، بحسب ناشطين. وقتل ثلاثة أشخاص على الأقل في الغارات.",
    "Russian": "Сирийские правительственные войска в субботу обстреляли город Алеппо, сообщили активисты. "
               "По меньшей мере три человека погибли.",
    "French": "Les forces gouvernementales syriennes ont bombardé la ville d'Alep samedi, selon des militants. "
              "Au moins trois personnes ont été tuées dans les frappes, a indiqué l'Observatoire syrien.",
    "Spanish": "Las fuerzas del gobierno sirio bombardearon la ciudad de Alepo el sábado, según activistas. "
               "Al menos tres personas murieron en los ataques, informó el Observatorio Sirio.",
    "German": "Syrische Regierungstruppen haben am Samstag die Stadt Aleppo bombardiert, wie Aktivisten "
              "berichteten. Mindestens drei Menschen wurden bei den Angriffen getötet, teilte die "
              "Beobachtungsstelle mit.",
}


@pytest.mark.parametrize("language", sorted(NON_ENGLISH))
def test_read_path_non_english_rejected_with_guess(tmp_path, language):
    f = tmp_path / "foreign.txt"
    f.write_text(NON_ENGLISH[language], encoding="utf-8")
    assert only(read_path(f)).reason == f"not English (looks like {language})"


@pytest.mark.parametrize("headline", [
    "Qaeda gunmen kill five at Abyan checkpoint; second post attacked",
    "Syria: Aleppo shelling kills 3",
    "Boko Haram raid on Dapchi school",
])
def test_language_check_accepts_short_english_headline(headline):
    assert language_check(headline) is None


def test_language_check_accepts_english_body():
    assert language_check(ENGLISH_BODY) is None


def test_language_check_function_words_come_from_data_file():
    words = read.english_function_words()
    assert {"the", "of", "and", "said"} <= words and "der" not in words


def test_read_paths_batch_continues_after_bad_inputs(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    items = list(read_paths([str(tmp_path / "missing.txt"), str(tmp_path / "empty.txt"),
                             str(FIXTURES / "story.txt")]))
    assert [type(i).__name__ for i in items] == ["Rejection", "Rejection", "Article"]


def test_read_paths_expands_directories_recursively_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(f"Two\n\n{ENGLISH_BODY}")
    (tmp_path / "1.txt").write_text(f"One\n\n{ENGLISH_BODY}")
    (tmp_path / "notes.docx").write_text("ignored")
    assert [a.title for a in read_paths([str(tmp_path)])] == ["One", "Two"]


def test_read_paths_not_recursive_skips_subdirectories(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(f"Two\n\n{ENGLISH_BODY}")
    (tmp_path / "1.txt").write_text(f"One\n\n{ENGLISH_BODY}")
    assert [a.title for a in read_paths([str(tmp_path)], recursive=False)] == ["One"]


def test_read_paths_expands_globs(tmp_path):
    for name in ("b.txt", "a.txt", "c.json"):
        (tmp_path / name).write_text(f"{name}\n\n{ENGLISH_BODY}")
    assert [a.title for a in read_paths([str(tmp_path / "*.txt")])] == ["a.txt", "b.txt"]


def test_read_paths_glob_matching_nothing_rejected(tmp_path):
    rej = only(read_paths([str(tmp_path / "*.txt")]))
    assert rej.reason == "no such file (pattern matches nothing)"


def test_read_paths_unexpected_error_becomes_rejection(monkeypatch):
    def boom(*args):
        raise RuntimeError("reader bug")
        yield  # pragma: no cover

    monkeypatch.setattr(read, "_read_txt", boom)
    assert only(read_paths([str(FIXTURES / "story.txt")])).reason == "unreadable (RuntimeError: reader bug)"


def test_supported_suffixes_lists_every_format():
    assert {".txt", ".html", ".json", ".jsonl", ".rss", ".atom", ".xml", ".warc", ".warc.gz",
            ".csv"} <= set(SUPPORTED_SUFFIXES)


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "corpus" / "fakes" / "FA-KES-Dataset.csv").exists(),
                    reason="../shared not present")
def test_read_fakes_csv_real_dataset_all_articles_with_text():
    items = list(read_fakes_csv(SHARED / "corpus" / "fakes" / "FA-KES-Dataset.csv"))
    assert len(items) == 804
    assert all(isinstance(i, Article) and i.text.strip() and i.published for i in items)


def test_read_path_markdown_with_front_matter(tmp_path):
    p = tmp_path / "battle.md"
    p.write_text("---\nsubject: Battle of Testville\npubDate: 2023-10-19 21:10\nauthor: Wikipedia\n---\n\n"
                 "# Background\n\nGovernment forces **shelled** the town of [Testville](/wiki/Testville) on "
                 "Monday.\n\n| col | col |\n| --- | --- |\n| a | b |\n", encoding="utf-8")
    (a,) = list(read_path(p))
    assert a.title == "Battle of Testville" and a.published == dt.date(2023, 10, 19)
    assert "shelled the town of Testville on Monday." in a.text and "|" not in a.text and "**" not in a.text


# --------------------------------------------------------------- one bad record never costs another

_GOOD = {"text": "Gunmen killed two police officers at a checkpoint on Monday, officials said.",
         "published": "2024-03-04"}


def _jsonl(tmp_path, rows) -> list:
    p = tmp_path / "batch.jsonl"
    p.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows), encoding="utf-8")
    return list(read.read_path(p))


def test_jsonl_lone_surrogate_is_replaced_and_the_article_kept(tmp_path):
    bad = '{"text": "Police fired tear gas at marchers \\ud800 in the city on Monday.", "source": "x\\udfff"}'
    items = _jsonl(tmp_path, [_GOOD, bad, _GOOD])
    assert [type(i) for i in items] == [Article, Article, Article]
    assert "\ufffd" in items[1].text and items[1].source == "x\ufffd"
    items[1].content_hash  # hashable as UTF-8: no UnicodeEncodeError later


def test_control_characters_are_dropped_but_paragraph_breaks_kept():
    assert read.clean_text("a\x00b\x07c\n\nd\te") == "abc\n\nd\te"


def test_jsonl_deeply_nested_line_is_rejected_and_its_neighbours_read(tmp_path):
    items = _jsonl(tmp_path, [_GOOD, "[" * 5000 + "]" * 5000, _GOOD])
    assert [type(i) for i in items] == [Article, Rejection, Article]
    assert "nested too deeply" in items[1].reason


def test_json_field_of_the_wrong_type_is_a_rejection_not_a_store_error(tmp_path):
    items = _jsonl(tmp_path, [_GOOD, {**_GOOD, "url": ["http://a", "http://b"]}, {**_GOOD, "source": {"n": 1}}, _GOOD])
    assert [type(i) for i in items] == [Article, Rejection, Rejection, Article]
    assert items[1].reason == "url field is not a string (a JSON list)"
    assert items[2].reason == "source field is not a string (a JSON object)"


def test_absurd_publication_year_does_not_drop_the_article(tmp_path):
    items = _jsonl(tmp_path, [{**_GOOD, "published": "99999999999-01-01"}, _GOOD])
    assert len(items) == 2 and all(isinstance(i, (Article, Rejection)) for i in items)
    assert isinstance(items[1], Article)


# Pathological markup, built here rather than stored: each read must stay linear. (Before the fixes:
# 100,000 unclosed <script> and one <div> of 125,000 attributes ran for minutes; 200,000 "[" in
# Markdown 285 s.) Each test would take minutes again if the quadratic path came back.
@pytest.mark.parametrize("name, content", [
    ("scripts.html", lambda: "<script>" * 100_000),
    ("attributes.html", lambda: "<div " + " ".join(f"a{k}=x" for k in range(125_000)) + ">"),
    ("many-tags.html", lambda: "<p>" * 30_000 + "Gunmen killed two people in the town on Monday."),
    ("brackets.md", lambda: "[" * 200_000),
    ("link-openers.md", lambda: "](" * 100_000 + " Police arrested five men."),
    ("title.rss", lambda: "<rss><channel><item><title>" + "<" * 20_000 + "</title></item></channel></rss>"),
])
def test_pathological_markup_is_read_quickly_as_an_article_or_a_rejection(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content())
    items = list(read_path(path))
    assert items and all(isinstance(x, (Article, Rejection)) for x in items)


def test_page_with_too_many_tags_is_read_by_the_plain_strip(tmp_path, caplog):
    path = tmp_path / "p.html"
    path.write_text("<html><body>" + "<p>" * 30_000 + "Gunmen killed two people in the town on Monday.</body></html>")
    (art,) = list(read_path(path))
    assert "Gunmen killed two people" in art.text
    assert any("plain tag strip" in r.message for r in caplog.records)
