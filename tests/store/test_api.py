"""The pandas API and the events table."""
from __future__ import annotations

from sitreps.api import contradictions_df, events_df, figures_df, format_events_table, mentions_df
from sitreps.records import Figure
from store_fakes import article, event, extraction


def _two_reports(store):
    store.add(extraction(article("a"), [event(fatalities=12, sources=["SOHR"])],
                         [Figure(kind="displaced", value=31000, subject="civilians")]))
    store.add(extraction(article("b", source="Al Jazeera"), [event(fatalities=22, sources=["activists"])]))


def test_events_df_one_row_per_linked_event(store):
    _two_reports(store)
    df = events_df(store)
    assert (len(df), df.loc[0, "n_reports"], df.loc[0, "fatalities_high"]) == (1, 2, 22)


def test_events_df_passes_filters(store):
    _two_reports(store)
    assert events_df(store, country="Iraq").empty


def test_events_df_empty_store_keeps_columns(store):
    assert "fatalities_best" in events_df(store).columns


def test_events_df_opens_url(store_url):
    from sitreps.store import open_store

    with open_store(store_url) as s:
        _two_reports(s)
    assert len(events_df(store_url)) == 1


def test_mentions_df_gives_each_report(store):
    _two_reports(store)
    assert list(mentions_df(store)["outlet"]) == ["Reuters", "Al Jazeera"]


def test_figures_df_has_figure(store):
    _two_reports(store)
    assert figures_df(store).loc[0, "value"] == 31000


def test_contradictions_df_one_row_per_claim(store):
    _two_reports(store)
    assert sorted(contradictions_df(store)["source"]) == ["SOHR (Reuters)", "activists (Al Jazeera)"]


def test_format_events_table_shows_fatality_range(store):
    _two_reports(store)
    text = format_events_table(store.query_events())
    assert "12 (12-22)" in text.splitlines()[2]


def test_format_events_table_empty_has_header():
    assert format_events_table([]).splitlines()[0].split() == ["id", "date", "type", "place", "actors", "killed",
                                                                "reports", "sources"]
