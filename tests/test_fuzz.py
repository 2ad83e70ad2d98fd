"""Property-based tests (Hypothesis): no input makes the readers, the text cleaner, the date and
count parsers or the web API fail in a way a user would see as a crash. Each property runs a bounded
number of examples so that CI stays within its budget; `bench/bench_fuzz.py` is the long run."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitreps.read import parse_date, read_path
from sitreps.read._common import clean_text
from sitreps.records import Article, Rejection

FAST = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
#: Any code point, lone surrogates and control characters included.
ANY_TEXT = st.text(alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF), max_size=300)
JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | ANY_TEXT,
                           lambda kids: st.lists(kids, max_size=4) | st.dictionaries(ANY_TEXT, kids, max_size=4),
                           max_leaves=12)


@FAST
@given(ANY_TEXT)
def test_cleaned_text_always_encodes_as_utf8_and_is_stable(s):
    out = clean_text(s)
    out.encode("utf-8")  # never raises: no lone surrogate survives
    assert clean_text(out) == out
    assert all(c in "\t\n\r\f" or c.isprintable() or not (ord(c) < 32 or 0x7F <= ord(c) < 0xA0) for c in out)


@FAST
@given(JSON_VALUES)
def test_parse_date_returns_a_date_or_none_for_any_value(value):
    got = parse_date(value)
    assert got is None or isinstance(got, dt.date)


@FAST
@given(st.lists(st.dictionaries(st.sampled_from(["id", "text", "title", "url", "source", "published", "extra"]),
                                JSON_VALUES, max_size=6), min_size=1, max_size=4))
def test_jsonl_reader_yields_one_article_or_rejection_per_line_and_keeps_good_ones(tmp_path_factory, records):
    good = {"id": "good", "text": "Gunmen killed two soldiers at a checkpoint on Monday, police said."}
    path = tmp_path_factory.mktemp("fuzz") / "in.jsonl"
    lines = [json.dumps(good)] + [json.dumps(r) for r in records] + [json.dumps(good | {"id": "good-2"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_path(path))
    assert len(items) == len(lines)
    assert all(isinstance(x, (Article, Rejection)) for x in items)
    ok = [x for x in items if isinstance(x, Article)]
    assert {"good", "good-2"} <= {a.id for a in ok}
    for a in ok:  # what reaches the store has the declared types and valid text
        assert isinstance(a.text, str) and a.text.encode("utf-8")
        assert all(v is None or isinstance(v, str) for v in (a.title, a.url, a.source))
        assert a.published is None or isinstance(a.published, dt.date)
        assert isinstance(a.content_hash, str)


@FAST
@given(st.binary(max_size=400), st.sampled_from([".txt", ".html", ".json", ".jsonl", ".csv", ".md", ".rss", ".xml"]))
def test_any_bytes_in_any_format_read_without_raising(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"in{suffix}"
    path.write_bytes(data)
    items = list(read_path(path))
    assert all(isinstance(x, (Article, Rejection)) for x in items)


@FAST
@given(ANY_TEXT, st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_date_finder_offsets_point_into_the_text(text, published):
    from sitreps.extract.dates import find_dates
    for d in find_dates(text, published):
        assert 0 <= d.start <= d.end <= len(text)
        assert d.precision in (1, 2, 3)


@pytest.fixture(scope="module")
def parsed():
    from sitreps.errors import ModelMissing
    from sitreps.nlp import load_nlp
    try:
        return load_nlp(event_class=False)
    except ModelMissing as e:
        pytest.skip(str(e))


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(list("0123456789,.- ") + ["at least", "killed", "people", "dozens", "three",
                                                         "hundreds of", "wounded", "1 ", "''", "\"", " "]),
                max_size=40).map(" ".join))
@pytest.mark.model
def test_count_reader_never_fails_and_counts_are_non_negative(parsed, text):
    from sitreps.extract.counts import casualty_counts
    doc = parsed(text[:400])
    for sent in doc.sents:
        for c in casualty_counts(sent):
            assert c.value is None or c.value >= 0
