"""The store: schema, writes, linking and queries, on SQLite and PostgreSQL alike."""
from __future__ import annotations

import datetime as dt

import pytest

from sitreps.errors import StoreError
from sitreps.records import Claim, Contradiction, Figure, Rejection
from sitreps.store import BatchResult, open_store, schema
from store_fakes import article, event, extraction

SOHR = "Syrian Observatory for Human Rights"


def two_reports(store):
    """One strike on Aleppo, reported by Reuters (SOHR: 12 dead) and Al Jazeera (activists: 22 dead)."""
    a = article("reuters-1", "Syrian warplanes struck Aleppo on Saturday, killing 12, SOHR said.", source="Reuters")
    b = article("aj-1", "Air strikes hit eastern Aleppo, killing 22 people, activists said.", source="Al Jazeera",
                published=dt.date(2016, 11, 27))
    store.add(extraction(a, [event(fatalities=12, sources=[SOHR], evidence=a.text)]))
    return store.add(extraction(b, [event(fatalities=22, sources=["activists"], latitude=36.21, evidence=b.text)]))


def test_open_store_records_schema_version(store):
    assert store.schema_version() == schema.LATEST


def test_open_store_twice_keeps_data(store_url):
    with open_store(store_url) as s:
        s.add(extraction(article("a"), [event()]))
    with open_store(store_url) as s:
        assert s.counts()["articles"] == 1


def test_open_store_refuses_newer_schema(store_url):
    with open_store(store_url) as s:
        with s._transaction(write=True):
            s._x("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", (schema.LATEST + 1, "x"))
    with pytest.raises(StoreError, match="schema version"):
        open_store(store_url)


def test_open_store_unreachable_postgres_raises_store_error():
    with pytest.raises(StoreError):
        open_store("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")


def test_add_writes_article_mentions_and_figures(store):
    fig = Figure(kind="displaced", value=31000, subject="civilians", sources=["UN"])
    store.add(extraction(article("a"), [event(), event(event_date="2016-11-20")], [fig]))
    c = store.counts()
    assert (c["articles"], c["mentions"], c["events"], c["figures"]) == (1, 2, 2, 1)


def test_add_skips_article_already_stored(store):
    store.add(extraction(article("a"), [event()]))
    result = store.add(extraction(article("a"), [event()]))
    assert (result.added, result.skipped_duplicate, store.counts()["mentions"]) == (0, 1, 1)


def test_add_batch_failure_writes_nothing(store):
    bad = event(event_type=None)  # NOT NULL violation in the second article
    with pytest.raises(StoreError):
        store.add_batch([extraction(article("a"), [event()]), extraction(article("b"), [bad])])
    assert store.counts()["articles"] == 0


def test_link_two_reports_become_one_event_with_two_sources(store):
    result = two_reports(store)
    [ev] = store.query_events()
    assert (result.events_merged, ev["n_reports"], ev["n_sources"]) == (1, 2, 2)
    assert ev["sources"] == [f"{SOHR} (Reuters)", "activists (Al Jazeera)"]


def test_link_two_reports_fatalities_low_best_high(store):
    two_reports(store)
    [ev] = store.query_events()
    assert (ev["fatalities_low"], ev["fatalities_best"], ev["fatalities_high"]) == (12, 12, 22)


def test_link_two_reports_contradiction_names_both_sources(store):
    two_reports(store)
    [c] = store.contradictions()
    assert c["kind"] == "value" and c["origin"] == "link"
    assert {(cl["source"], cl["value"]) for cl in c["claims"]} == {(f"{SOHR} (Reuters)", 12),
                                                                    ("activists (Al Jazeera)", 22)}


def test_link_first_reported_is_earliest_article(store):
    two_reports(store)
    assert store.query_events()[0]["first_reported"] == "2016-11-26"


def test_link_keeps_event_sentences_via_mentions(store):
    two_reports(store)
    [ev] = store.query_events()
    assert [m["doc_id"] for m in store.mentions(event_id=ev["id"])] == ["reuters-1", "aj-1"]


def test_link_distant_places_stay_separate(store):
    store.add(extraction(article("a"), [event()]))
    store.add(extraction(article("b", source="AJ"), [event(latitude=35.93, longitude=36.63, location="Idlib")]))
    assert store.counts()["events"] == 2


def test_link_two_events_of_one_article_stay_separate(store):
    store.add(extraction(article("a"), [event(), event(fatalities=3)]))
    assert store.counts()["events"] == 2


def test_link_denial_becomes_stance_contradiction(store):
    store.add(extraction(article("a"), [event(sources=["activists"])]))
    store.add(extraction(article("b", source="SANA"), [event(stance="denied", sources=["Syrian army"])]))
    [c] = store.contradictions()
    assert (c["kind"], sorted(cl["stance"] for cl in c["claims"])) == ("stance", ["asserted", "denied"])


def test_link_third_report_refreshes_contradiction(store):
    two_reports(store)
    store.add(extraction(article("c", source="AFP"), [event(fatalities=15, sources=["civil defence"])]))
    [c] = store.contradictions()
    assert len(c["claims"]) == 3


def test_add_article_contradiction_points_to_its_event(store):
    contra = Contradiction(about="toll", kind="value", event_index=0,
                           claims=[Claim(source="SOHR", value=12), Claim(source="activists", value=22)])
    store.add(extraction(article("a"), [event()], contradictions=[contra]))
    [c] = store.contradictions()
    assert (c["origin"], c["event_id"], len(c["claims"])) == ("article", store.query_events()[0]["id"], 2)


def test_add_batch_records_rejection_once(store):
    rej = Rejection(origin="bad.html", reason="empty")
    store.add_batch([], [(rej, None)])
    store.add_batch([], [(rej, None)])
    assert [r["origin"] for r in store.rejections()] == ["bad.html"]


@pytest.fixture
def three_events(store):
    store.add(extraction(article("a"), [event(fatalities=12)]))
    store.add(extraction(article("b", "Clashes between rebels and the army in Daraa."), [event(
        event_type="Battles", sub_event_type="Armed clash", actor2="Opposition Rebels (Syria)", inter2=2,
        event_date="2017-02-12", admin1="Daraa", location="Daraa", latitude=32.6189, longitude=36.1021)]))
    store.add(extraction(article("c", "Protest in Mosul."), [event(
        event_type="Protests", sub_event_type="Peaceful protest", actor1="Protesters (Iraq)", actor2=None,
        event_date="2018-05-01", country="Iraq", admin1="Nineveh", location="Mosul", latitude=36.34,
        longitude=43.13, evidence="Hundreds protested in Mosul against power cuts.")]))
    return store


def _locations(rows):
    return [r["location"] for r in rows]


def test_query_events_by_country(three_events):
    assert _locations(three_events.query_events(country="iraq")) == ["Mosul"]


def test_query_events_by_date_range(three_events):
    assert _locations(three_events.query_events(date_from="2017-01-01", date_to=dt.date(2017, 12, 31))) == ["Daraa"]


def test_query_events_by_type(three_events):
    assert _locations(three_events.query_events(event_type="battles")) == ["Daraa"]


def test_query_events_by_actor_substring(three_events):
    assert _locations(three_events.query_events(actor="rebels")) == ["Daraa"]


def test_query_events_near_point(three_events):
    assert _locations(three_events.query_events(near=(36.0, 36.0, 30))) == []
    assert _locations(three_events.query_events(near=(32.7, 36.1, 30))) == ["Daraa"]


def test_query_events_full_text_over_evidence(three_events):
    assert _locations(three_events.query_events(text="power cuts")) == ["Mosul"]


def test_query_events_full_text_over_article_text(three_events):
    assert _locations(three_events.query_events(text="clashes")) == ["Daraa"]


def test_query_events_full_text_treats_operators_as_words(three_events):
    assert three_events.query_events(text='"NEAR(" OR -') == []


def test_query_events_limit(three_events):
    assert _locations(three_events.query_events(limit=2)) == ["Aleppo", "Daraa"]


def test_iter_event_records_gives_merged_event_and_first_article(store):
    two_reports(store)
    [(ev, art)] = list(store.iter_event_records())
    assert (ev.fatalities, ev.fatalities_high, art.id, ev.article_id) == (12, 22, "reuters-1", "reuters-1")
    assert ev.sources == [f"{SOHR} (Reuters)", "activists (Al Jazeera)"]


def test_concurrent_reader_sees_only_committed_batches(store_url):
    with open_store(store_url) as writer, open_store(store_url) as reader:
        result = BatchResult()
        with writer._transaction(write=True):
            writer._add_extraction(extraction(article("a"), [event()]), result)
            assert reader.counts()["articles"] == 0
        assert (result.added, reader.counts()["articles"]) == (1, 1)


def test_a_shared_read_cache_follows_writes_from_any_connection(store_url):
    from sitreps.store.db import ReadCache

    def n_events(s):
        return s.cached("n", lambda: s.counts()["events"])

    shared = ReadCache()
    with open_store(store_url) as reader1, open_store(store_url) as reader2, open_store(store_url) as writer:
        reader1.read_cache = reader2.read_cache = shared
        assert (n_events(reader1), n_events(reader2)) == (0, 0)
        writer.add(extraction(article("a"), [event()]))  # another connection commits
        assert n_events(reader2) == 1
        assert n_events(reader1) == 1
        reader1.add(extraction(article("b"), [event(event_date="2016-11-20")]))  # a reader's own write
        assert n_events(reader1) == 2 and n_events(reader2) == 2
