"""Linking rules, as pure functions over records."""
from __future__ import annotations

import pytest

from sitreps import link
from store_fakes import event


def test_compatible_same_strike_from_two_reports():
    assert link.compatible(event(fatalities=12), event(fatalities=22, latitude=36.21, sources=["SOHR"]))


def test_compatible_rejects_other_event_type():
    assert not link.compatible(event(), event(event_type="Battles", sub_event_type="Armed clash"))


@pytest.mark.parametrize("a,b,expected", [
    ("Air/drone strike", "Shelling/artillery/missile attack", False),  # the codebook keeps them apart
    ("Suicide bomb", "Remote explosive/landmine/IED", True),
    ("Air/drone strike", "Air/drone strike", True),
    ("Attack", "Abduction/forced disappearance", False),
    ("Air/drone strike", "Chemical weapon", False),
])
def test_sub_events_compatible_groups(a, b, expected):
    assert link.sub_events_compatible(a, b) is expected


@pytest.mark.parametrize("a,pa,b,pb,expected", [
    ("2016-11-26", 1, "2016-11-27", 1, True),
    ("2016-11-26", 1, "2016-11-28", 1, False),
    ("2016-11-26", 2, "2016-12-02", 1, True),
    ("2016-11-26", 2, "2016-12-04", 2, False),
    ("2016-11-01", 3, "2016-11-30", 1, True),
    ("2016-11-30", 3, "2016-12-01", 3, False),
])
def test_dates_compatible_by_time_precision(a, pa, b, pb, expected):
    assert link.dates_compatible(a, pa, b, pb) is expected


def test_dates_compatible_rejects_missing_date():
    assert not link.dates_compatible(None, 1, "2016-11-26", 1)


@pytest.mark.parametrize("dlat,prec,expected", [
    (0.05, 1, True),    # ~5.6 km
    (0.15, 1, False),   # ~17 km
    (0.15, 2, True),
    (0.5, 3, True),     # ~56 km
    (0.8, 3, False),    # ~89 km
])
def test_places_compatible_by_geo_precision(dlat, prec, expected):
    a = event(geo_precision=prec)
    b = event(latitude=a.latitude + dlat, geo_precision=1)
    assert link.places_compatible(a, b) is expected


def test_places_compatible_same_admin1_without_coordinates():
    assert link.places_compatible(event(latitude=None, longitude=None), event(location="Aleppo city"))


def test_places_compatible_rejects_unknown_admin1_without_coordinates():
    assert not link.places_compatible(event(latitude=None, longitude=None, admin1=None), event(admin1=None))


def test_actors_compatible_when_one_side_unknown():
    assert link.actors_compatible(event(actor2=None), event())


def test_actors_compatible_rejects_different_actors():
    assert not link.actors_compatible(event(actor1="Military Forces of Russia"), event())


def test_normalize_actor_drops_government_period_and_unidentified():
    assert link.normalize_actor("Military Forces of Syria (2000-)") == "military forces of syria"
    assert link.normalize_actor("Unidentified Armed Group (Syria)") is None


def test_distance_km_one_degree_of_latitude():
    assert link.distance_km(36.0, 37.0, 37.0, 37.0) == pytest.approx(111.2, abs=0.5)


def test_fatality_range_two_reports_best_is_lower():
    assert link.fatality_range([(12, None), (22, 25)]) == (12, 12, 25)


def test_fatality_range_best_is_median_rounded_down():
    assert link.fatality_range([(3, None), (10, None), (12, None), (40, None)]) == (3, 10, 40)


def test_fatality_range_ignores_zero_when_a_report_gives_a_figure():
    assert link.fatality_range([(0, None), (7, None)]) == (7, 7, 7)


def test_source_label_names_attributed_source_and_outlet():
    assert link.source_label("Syrian Observatory for Human Rights", "Reuters") == \
        "Syrian Observatory for Human Rights (Reuters)"


def test_mention_labels_fall_back_to_outlet():
    assert link.mention_labels([], "Al Jazeera") == ["Al Jazeera"]


def test_disagreements_toll_names_each_source():
    ms = [dict(fatalities=12, stance="asserted", labels=["SOHR (Reuters)"], article_id=1),
          dict(fatalities=22, stance="asserted", labels=["activists (Al Jazeera)"], article_id=2)]
    [c] = link.disagreements(ms, "strike")
    assert c["kind"] == "value"
    assert [(cl["source"], cl["value"]) for cl in c["claims"]] == [("SOHR (Reuters)", 12),
                                                                   ("activists (Al Jazeera)", 22)]


def test_disagreements_denial_is_stance_contradiction():
    ms = [dict(fatalities=0, stance="asserted", labels=["SOHR (Reuters)"]),
          dict(fatalities=0, stance="denied", labels=["Syrian army (SANA)"])]
    assert [c["kind"] for c in link.disagreements(ms, "strike")] == ["stance"]


def test_disagreements_none_when_reports_agree():
    ms = [dict(fatalities=5, stance="asserted", labels=["a"]), dict(fatalities=5, stance="asserted", labels=["b"])]
    assert link.disagreements(ms, "strike") == []


def test_cluster_keeps_two_events_of_one_article_apart():
    evs = [event(article_id="a"), event(article_id="a"), event(article_id="b")]
    assert link.cluster(evs) == [[0, 2], [1]]


def test_aggregate_counts_reports_and_sources():
    ms = [dict(event(fatalities=12).to_dict(), id=1, article_id=1, published="2016-11-27", labels=["SOHR (Reuters)"]),
          dict(event(fatalities=22).to_dict(), id=2, article_id=2, published="2016-11-26", labels=["AJ"])]
    agg = link.aggregate(ms)
    assert (agg["n_reports"], agg["n_sources"], agg["first_reported"]) == (2, 2, "2016-11-26")
