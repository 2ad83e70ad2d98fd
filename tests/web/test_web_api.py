"""The JSON API through FastAPI's test client: shapes, validation, safety headers."""
from __future__ import annotations

import inspect

import pytest

from web_fakes import HOSTILE_TEXT


def test_api_events_returns_rows_and_total(client):
    body = client.get("/api/events", params={"limit": 2}).json()
    assert (len(body["rows"]), body["total"]) == (2, 6)


def test_api_events_filters_by_country_and_type(client):
    body = client.get("/api/events", params={"country": "syria", "event_type": "Battles"}).json()
    assert body["total"] == 3


@pytest.mark.parametrize("params", [
    {"date_from": "2016-13-01"}, {"date_to": "yesterday"}, {"date_from": "2016-12-05", "date_to": "2016-12-01"},
    {"bbox": "1,2,3"}, {"bbox": "37,36,36,37"}, {"limit": 0}, {"limit": 100000}, {"offset": -1},
    {"sort": "id; DROP TABLE events"},
])
def test_api_events_rejects_bad_parameters_with_422(client, params):
    r = client.get("/api/events", params=params)
    assert (r.status_code, "detail" in r.json()) == (422, True)


def test_api_bad_date_error_says_what_is_expected(client):
    assert "YYYY-MM-DD" in client.get("/api/timeline", params={"date_from": "3/12/2016"}).json()["detail"]


def test_api_clusters_need_a_zoom_in_range(client):
    assert [client.get("/api/clusters", params=p).status_code for p in ({}, {"zoom": 40}, {"zoom": 5})] == [
        422, 422, 200]


def test_api_event_detail_lists_reports_and_contradictions(client):
    rows = client.get("/api/events", params={"admin1": "Aleppo", "event_type": "Explosions/Remote violence"}).json()
    eid = next(r["id"] for r in rows["rows"] if r["location"] == "Bustan al-Qasr")
    body = client.get(f"/api/events/{eid}").json()
    assert (len(body["mentions"]), body["contradictions"][0]["kind"]) == (2, "value")


def test_api_event_detail_says_how_sure_each_link_is_and_why(client):
    rows = client.get("/api/events", params={"admin1": "Aleppo", "event_type": "Explosions/Remote violence"}).json()
    eid = next(r["id"] for r in rows["rows"] if r["location"] == "Bustan al-Qasr")
    first, second = client.get(f"/api/events/{eid}").json()["mentions"]
    assert first["link_score"] is None and first["link_confident"]
    assert 0 < second["link_score"] <= 1 and isinstance(second["link_reasons"], list)
    assert any(r.startswith("same") for r in second["link_reasons"])


def test_api_event_detail_404s_for_unknown_event(client):
    assert client.get("/api/events/99999").status_code == 404


def test_api_article_returns_hostile_markup_as_data(hostile_db_url):
    from fastapi.testclient import TestClient

    from sitreps.web import create_app

    with TestClient(create_app(hostile_db_url)) as c:
        eid = c.get("/api/events", params={"text": "Azaz"}).json()["rows"][0]["id"]
        aid = c.get(f"/api/events/{eid}").json()["mentions"][0]["article_id"]
        r = c.get(f"/api/articles/{aid}")
    assert (r.headers["content-type"], r.json()["text"]) == ("application/json", HOSTILE_TEXT)


def test_api_geojson_is_a_feature_collection(client):
    r = client.get("/api/events.geojson", params={"admin1": "Idlib"})
    body = r.json()
    assert (r.headers["content-type"], body["type"], body["features"][0]["geometry"]["coordinates"]) == (
        "application/geo+json", "FeatureCollection", [36.6716, 35.6486])


def test_api_timeline_totals(client):
    assert client.get("/api/timeline").json()["totals"] == {"events": 6, "fatalities": 21}


def test_api_figures_filter_by_kind(client):
    rows = client.get("/api/figures", params={"kind": "displaced"}).json()["rows"]
    assert [(r["value"], r["sources"]) for r in rows] == [(31000, ["UN"])]


def test_api_contradictions_list_claims(client):
    rows = client.get("/api/contradictions").json()["rows"]
    assert any(len(c["claims"]) == 3 for c in rows)


def test_openapi_describes_every_api_route(client):
    paths = set(client.get("/openapi.json").json()["paths"])
    assert {"/api/events", "/api/events/{event_id}", "/api/figures", "/api/contradictions", "/api/events.geojson",
            "/api/timeline", "/api/clusters", "/api/articles/{article_id}"} <= paths


def test_pages_forbid_inline_scripts(client):
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_pages_load_nothing_from_other_hosts(client):
    pages = [client.get(p).text for p in ("/", "/events/1", "/report")]
    assert not any("http://" in p or "https://" in p for p in pages)


def test_event_page_is_served_for_any_id(client):
    assert client.get("/events/3").status_code == 200


def test_report_page_escapes_the_form_values(client):
    r = client.get("/report", params={"place": '"><script>alert(1)</script>'})
    assert "<script>alert(1)" not in r.text and "&lt;script&gt;" in r.text


def test_report_page_reports_a_bad_date(client):
    r = client.get("/report", params={"place": "Aleppo", "date_from": "nope"})
    assert (r.status_code, "YYYY-MM-DD" in r.text) == (422, True)


def test_serve_binds_to_localhost_by_default():
    from sitreps.web import serve

    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"


@pytest.mark.parametrize("url", [
    f"/api/events/{2**64}", f"/api/articles/{2**64}", f"/api/contradictions?event_id={2**64}",
    f"/api/contradictions?offset={2**64}", f"/api/figures?offset={2**64}", f"/api/events?offset={2**64}",
    f"/events/{2**70}",
])
def test_api_integer_beyond_64_bits_is_a_422_with_security_headers(client, url):
    r = client.get(url)
    assert r.status_code == 422, r.text
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" in r.headers


def test_api_facets_follow_the_filters_and_keep_the_whole_store_for_the_form(client):
    whole = client.get("/api/facets").json()
    battles = client.get("/api/facets", params={"event_type": "Battles"}).json()
    listed = client.get("/api/events", params={"event_type": "Battles"}).json()["total"]
    assert battles["events"] == listed < whole["events"]
    assert [t["value"] for t in battles["event_types"]] == ["Battles"]
    assert battles["all_event_types"] == whole["event_types"]
    assert sum(t["n"] for t in battles["event_types"]) == battles["events"]
    assert client.get("/api/facets", params={"date_from": "2016-13-01"}).status_code == 422


def test_worker_processes_build_the_app_from_the_environment(db_url, monkeypatch):
    # `sitreps serve --workers N` hands the store to each uvicorn worker through the environment
    from fastapi.testclient import TestClient

    from sitreps.web import app_from_env
    monkeypatch.setenv("SITREPS_SERVE_DB", db_url)
    monkeypatch.setenv("SITREPS_SERVE_TILE_URL", "")
    with TestClient(app_from_env()) as c:
        assert c.get("/api/events").json()["total"] == 6
