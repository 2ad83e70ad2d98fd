"""Linking articles the team wrote, end to end: extraction, the store's linker, and re-linking."""
from __future__ import annotations

import datetime as dt

import pytest

from sitreps import link
from sitreps.read import read_text

from store_fakes import article, event, extraction

MONDAY_PAPER = dt.date(2024, 3, 12)
STRIKE_14 = ("Coalition air strikes kill 14 at market\n\nWarplanes struck a crowded market in the northern "
             "Yemeni city of Saada on Monday, killing 14 civilians, medics said.")
STRIKE_16 = ("16 dead as warplanes strike market\n\nAt least 16 people were killed when warplanes struck a "
             "market in Saada on Monday, the health ministry said.")
REBEL_ROCKETS = ("Rebel rockets kill five in city\n\nRebel fighters fired rockets at government-held districts "
                 "of Aleppo on Tuesday, killing five civilians, state media said.")
ARMY_SHELLING = ("Army shelling kills seven\n\nGovernment artillery shelled rebel-held districts of Aleppo on "
                 "Tuesday, killing seven civilians, activists said.")


def _ingest(store, pipeline, texts):
    for i, (text, outlet) in enumerate(texts):
        store.add(pipeline.extract(read_text(text, id=f"w{i}", source=outlet, published=MONDAY_PAPER)))


@pytest.mark.model
def test_two_reports_of_one_strike_become_one_event_with_a_contradiction(store, pipeline):
    _ingest(store, pipeline, [(STRIKE_14, "Outlet One"), (STRIKE_16, "Outlet Two")])
    events = store.query_events()
    assert len(events) == 1
    e = events[0]
    assert (e["fatalities_best"], e["fatalities_high"], e["n_reports"]) == (14, 16, 2)
    values = sorted(cl["value"] for c in store.contradictions(e["id"]) if c["origin"] == "link" for cl in c["claims"])
    assert values == [14, 16]


@pytest.mark.model
def test_same_day_reports_with_opposite_attackers_stay_two_events(store, pipeline):
    _ingest(store, pipeline, [(REBEL_ROCKETS, "Outlet One"), (ARMY_SHELLING, "Outlet Two")])
    events = store.query_events()
    assert len(events) == 2
    assert {e["actor1"] for e in events} == {"Opposition Rebels (Syria)", "Military Forces of Syria"}
    assert not [c for c in store.contradictions() if c["origin"] == "link"]


def test_mention_records_link_confidence_and_reasons(store):
    store.add(extraction(article("r1"), [event(fatalities=12, evidence="An air strike on a market killed 12.")]))
    store.add(extraction(article("r2", source="AFP"),
                         [event(fatalities=12, evidence="Twelve died when an air strike hit a market.")]))
    first, second = store.mentions()
    assert first["link_score"] is None
    assert second["link_score"] >= link.LINK_MIN
    assert "same day" in second["link_reasons"] and "market" in second["link_reasons"]


def test_new_report_must_fit_every_report_of_the_event(store):
    # r2 (no attacker) fits r1 and r3 alike, but r3's attacker contradicts r1's: r3 may not join
    # through r2, so the chain cannot drift from one attacker to the other.
    store.add(extraction(article("r1"), [event(actor1="Military Forces of Syria")]))
    store.add(extraction(article("r2", source="AFP"), [event(actor1=None, inter1=None)]))
    store.add(extraction(article("r3", source="SANA"), [event(actor1="Opposition Rebels (Syria)", inter1=2)]))
    assert sorted(e["n_reports"] for e in store.query_events()) == [1, 2]


def test_toll_dispute_is_shown_only_for_a_confident_link(store, monkeypatch):
    monkeypatch.setattr(link, "CONFIDENT", 1.01)  # no link is confident enough
    store.add(extraction(article("r1"), [event(fatalities=12)]))
    store.add(extraction(article("r2", source="AFP"), [event(fatalities=20)]))
    (e,) = store.query_events()
    assert e["fatalities_high"] == 20
    assert not [c for c in store.contradictions(e["id"]) if c["origin"] == "link"]


def test_relink_recomputes_links_and_keeps_article_contradictions(store, monkeypatch):
    store.add(extraction(article("r1"), [event(fatalities=12)]))
    store.add(extraction(article("r2", source="AFP"), [event(fatalities=20)]))
    assert len(store.query_events()) == 1
    monkeypatch.setattr(link, "LINK_MIN", 1.01)  # a stricter model: nothing links
    counts = store.relink()
    assert counts == {"events_before": 1, "multi_before": 1, "events_after": 2, "multi_after": 0, "mentions": 2}
    assert all(m["event_id"] is not None for m in store.mentions())
    monkeypatch.setattr(link, "LINK_MIN", 0.55)
    assert store.relink()["events_after"] == 1


def test_judge_names_what_blocks_a_link():
    j = link.judge(event(), event(sub_event_type="Shelling/artillery/missile attack"))
    assert (j.linked, j.blocked) == (False, "different sub-event types")
    j = link.judge(event(actor1="Opposition Rebels (Syria)", inter1=2), event())
    assert j.blocked == "different actors"
