"""The web app's SQL: filters, paging, aggregation per day and grid clustering."""
from __future__ import annotations

import datetime as dt

import pytest

from sitreps.web.queries import BBox, EventFilter, clusters, event_detail, facets, list_events, timeline


def test_bbox_parse_reads_four_numbers():
    assert BBox.parse("36.5, 35.5,37.5,36.5") == BBox(36.5, 35.5, 37.5, 36.5)


@pytest.mark.parametrize("text", ["1,2,3", "a,b,c,d", "10,0,5,1", "0,-91,1,1", "nan,0,1,1"])
def test_bbox_parse_rejects_malformed(text):
    with pytest.raises(ValueError):
        BBox.parse(text)


def test_list_events_returns_page_and_total(store):
    rows, total = list_events(store, EventFilter(), limit=2, offset=0)
    assert (len(rows), total) == (2, 6)


def test_list_events_offset_continues_the_order(store):
    first, _ = list_events(store, EventFilter(), limit=3, offset=0, sort="date")
    rest, _ = list_events(store, EventFilter(), limit=10, offset=3, sort="date")
    all_rows, _ = list_events(store, EventFilter(), limit=10, sort="date")
    assert [r["id"] for r in first + rest] == [r["id"] for r in all_rows]


def test_list_events_filters_by_bbox(store):
    rows, total = list_events(store, EventFilter(bbox=BBox(36.0, 35.0, 37.0, 36.0)))
    assert [r["location"] for r in rows] == ["Maarat al-Numan"]


def test_list_events_filters_by_admin1_case_insensitively(store):
    _, total = list_events(store, EventFilter(admin1="idlib"))
    assert total == 1


def test_list_events_filters_by_text_in_article(store):
    rows, _ = list_events(store, EventFilter(text="Anadan"))
    assert [r["location"] for r in rows] == ["Anadan"]


def test_list_events_filters_by_date_range(store):
    _, total = list_events(store, EventFilter(date_from=dt.date(2016, 11, 1), date_to=dt.date(2016, 11, 30)))
    assert total == 1


def test_list_events_sorts_by_fatalities(store):
    rows, _ = list_events(store, EventFilter(), sort="-fatalities", limit=1)
    assert rows[0]["fatalities_best"] == 12


def test_timeline_sums_events_and_fatalities_per_day(store):
    t = timeline(store, EventFilter(), "day")
    i = t["dates"].index("2016-12-03")
    assert (t["events"][i], t["fatalities"][i], t["by_type"]["Battles"][i]) == (5, 17, 2)


def test_timeline_bins_by_week_from_monday(store):
    t = timeline(store, EventFilter(), "week")
    assert (t["dates"], t["events"]) == (["2016-11-14", "2016-11-28"], [1, 5])


def test_timeline_auto_keeps_days_for_short_spans(store):
    assert timeline(store, EventFilter())["interval"] == "day"


def test_clusters_count_every_event_once(store):
    assert sum(c["count"] for c in clusters(store, EventFilter(), zoom=6)["clusters"]) == 6


def test_clusters_merge_nearby_events_at_low_zoom(store):
    assert len(clusters(store, EventFilter(), zoom=2)["clusters"]) == 1


def test_clusters_at_high_zoom_name_single_events(store):
    single = [c for c in clusters(store, EventFilter(), zoom=14)["clusters"] if c["count"] == 1]
    assert single and all(isinstance(c["event_id"], int) for c in single)


def test_clusters_respect_bbox(store):
    got = clusters(store, EventFilter(bbox=BBox(36.0, 35.0, 37.0, 36.0)), zoom=10)
    assert got["total"] == 1


def test_event_detail_has_every_report_with_offsets(store):
    strike = next(r for r in list_events(store, EventFilter())[0] if r["location"] == "Bustan al-Qasr")
    detail = event_detail(store, strike["id"])
    assert sorted((m["outlet"], m["evidence_start"] is not None, m["title"] != "") for m in detail["mentions"]) == [
        ("Broadcaster News", True, True), ("Wire", True, True)]


def test_event_detail_includes_article_contradiction_with_claims(store):
    jet = next(r for r in list_events(store, EventFilter())[0] if r["location"] == "Aleppo International Airport")
    detail = event_detail(store, jet["id"])
    stances = [[cl["stance"] for cl in c["claims"]] for c in detail["contradictions"]]
    assert ["asserted", "asserted", "denied"] in stances


def test_event_detail_is_none_for_unknown_id(store):
    assert event_detail(store, 10_000) is None


def test_facets_give_extent_and_types(store):
    f = facets(store)
    assert (f["events"], sorted(t["value"] for t in f["event_types"]), f["extent"] is not None) == (
        6, ["Battles", "Explosions/Remote violence"], True)
