"""The explorer's API: multi-valued filters read in one place, the actor facet, the map's points,
counts per region, the download of exactly the filtered events, and the bundled basemap."""
from __future__ import annotations

import csv
import gzip
import io
import json

import pytest

from explorer_fakes import YEMEN_POINTS, app_client, yemen
from sitreps.export import read_acled_csv
from sitreps.store import open_store
from sitreps.web.queries import EventFilter, list_events


@pytest.fixture
def wide_db_url(db_url):
    """The Aleppo store of web_fakes (6 events) and two events in Yemen."""
    with open_store(db_url) as s:
        s.add(yemen())
    return db_url


@pytest.fixture
def wide(wide_db_url):
    with app_client(wide_db_url) as c:
        yield c


def _total(client, params) -> int:
    return client.get("/api/events", params=params).json()["total"]


# -- one filter, several values ---------------------------------------------------------------------

def test_repeated_country_matches_any_of_them(wide):
    syria, yemen_ = _total(wide, {"country": "Syria"}), _total(wide, {"country": "yemen"})
    both = _total(wide, [("country", "Syria"), ("country", "Yemen")])
    assert (syria, yemen_, both) == (6, 2, 8)


def test_values_of_different_filters_must_all_match(wide):
    params = [("country", "Syria"), ("country", "Yemen"), ("event_type", "Battles")]
    assert _total(wide, params) == 3


def test_repeated_event_type_and_actor_match_any(wide):
    types = [("event_type", "Battles"), ("event_type", "Explosions/Remote violence")]
    actors = [("actor", "Houthi"), ("actor", "Opposition Rebels")]
    assert (_total(wide, types), _total(wide, actors)) == (8, 2 + 4)


def test_blank_values_are_ignored(wide):
    assert _total(wide, [("country", ""), ("country", "Yemen"), ("actor", " ")]) == 2


@pytest.mark.parametrize("params", [[("country", "x")] * 51, [("actor", "a" * 201)], [("admin1", "b" * 201)]])
def test_too_many_or_too_long_values_are_a_422(wide, params):
    r = wide.get("/api/events", params=params)
    assert (r.status_code, "detail" in r.json()) == (422, True)


def test_every_endpoint_reads_the_same_filters(wide):
    params = [("country", "Yemen"), ("country", "Narnia")]
    counts = {
        "events": wide.get("/api/events", params=params).json()["total"],
        "facets": wide.get("/api/facets", params=params).json()["events"],
        "timeline": wide.get("/api/timeline", params=params).json()["totals"]["events"],
        "points": wide.get("/api/points", params=params).json()["total"],
        "admin1": sum(r["events"] for r in wide.get("/api/admin1", params=params).json()["regions"]),
        "clusters": wide.get("/api/clusters", params=params + [("zoom", "3")]).json()["total"],
        "geojson": len(wide.get("/api/events.geojson", params=params).json()["features"]),
    }
    assert set(counts.values()) == {2}, counts


def test_event_filter_takes_a_tuple_of_values(store):
    store.add(yemen())
    _, total = list_events(store, EventFilter(country=("syria", "YEMEN"), event_type="Explosions/Remote violence"))
    assert total == 3 + 2


# -- facets: top actors, the store's span --------------------------------------------------------

def test_facets_list_the_top_actors_under_the_filter(wide):
    actors = wide.get("/api/facets", params={"country": "Yemen"}).json()["actors"]
    assert actors == [{"value": "Houthi Movement", "n": 2}, {"value": "Civilians (Yemen)", "n": 1},
                      {"value": "Military Forces of Saudi Arabia", "n": 1}]


def test_actor_endpoint_ranks_actors_by_their_events(wide):
    rows = wide.get("/api/actors", params={"limit": 2}).json()["actors"]
    assert rows == [{"value": "Military Forces of Syria", "n": 5}, {"value": "Opposition Rebels (Syria)", "n": 4}]


def test_facets_keep_the_whole_stores_span_for_the_time_slider(wide):
    body = wide.get("/api/facets", params={"country": "Yemen"}).json()
    assert (body["first_date"], body["last_date"], body["all_first_date"], body["all_last_date"]) == (
        "2016-11-28", "2016-11-28", "2016-11-20", "2016-12-03")


# -- the map: points and regions ---------------------------------------------------------------------

def test_points_are_the_filtered_events_with_coordinates(wide):
    body = wide.get("/api/points", params={"country": "Yemen"}).json()
    ids = {r["id"] for r in wide.get("/api/events", params={"country": "Yemen"}).json()["rows"]}
    assert ({p[0] for p in body["points"]}, body["total"]) == (ids, 2)
    assert sorted((p[1], p[2]) for p in body["points"]) == sorted(YEMEN_POINTS)
    assert {body["types"][p[3]] for p in body["points"]} == {"Explosions/Remote violence"}


def test_points_limit_keeps_the_total(wide):
    body = wide.get("/api/points", params={"limit": 3}).json()
    assert (len(body["points"]), body["total"]) == (3, 8)


def test_admin1_counts_events_and_fatalities_per_region(wide):
    body = wide.get("/api/admin1", params={"event_type": "Explosions/Remote violence"}).json()
    regions = {(r["country"], r["admin1"]): (r["events"], r["fatalities"]) for r in body["regions"]}
    assert regions == {("Syria", "Aleppo"): (2, 3), ("Syria", "Idlib"): (1, 12), ("Yemen", "Aden"): (1, 6),
                       ("Yemen", "Ta'izz"): (1, 2)}
    assert body["unplaced"] == 0
    # the clash at Anadan has no admin1: counted apart, so that the regions and the rest add up
    whole = wide.get("/api/admin1").json()
    assert sum(r["events"] for r in whole["regions"]) + whole["unplaced"] == 8


# -- downloads: exactly the filtered events --------------------------------------------------------------

def _listed(client, params) -> list[tuple]:
    rows = client.get("/api/events", params=params + [("limit", "500")]).json()["rows"]
    return sorted((r["event_date"], r["location"], r["fatalities_best"]) for r in rows)


@pytest.mark.parametrize("params", [[], [("country", "Yemen")], [("event_type", "Battles"), ("country", "Syria")],
                                    [("actor", "Houthi"), ("actor", "Rebels")], [("admin1", "Aleppo")]])
def test_csv_download_is_the_filtered_list(wide, params):
    r = wide.get("/api/export", params=params + [("format", "acled-csv")])
    frame = read_acled_csv(io.StringIO(r.text))
    got = sorted(zip(frame["event_date"], frame["location"], (int(v) for v in frame["fatalities"])))
    assert (r.headers["content-type"].split(";")[0], got) == ("text/csv", _listed(wide, params))
    assert 'attachment; filename="sitreps-events.csv"' == r.headers["content-disposition"]
    assert list(csv.reader(io.StringIO(r.text)))[0][:3] == ["event_id_cnty", "event_date", "year"]


def test_geojson_download_is_the_filtered_list(wide):
    params = [("country", "Yemen"), ("country", "Syria"), ("event_type", "Explosions/Remote violence")]
    r = wide.get("/api/export", params=params + [("format", "geojson")])
    body = json.loads(r.content)
    got = sorted((f["properties"]["event_date"], f["properties"]["location"], f["properties"]["fatalities"])
                 for f in body["features"])
    assert (r.headers["content-type"], body["type"], got) == ("application/geo+json", "FeatureCollection",
                                                               _listed(wide, params))
    assert body["features"][0]["properties"]["event_id_cnty"][:3] in ("SYR", "YEM")


def test_download_rejects_an_unknown_format(wide):
    assert wide.get("/api/export", params={"format": "xlsx"}).status_code == 422


# -- the basemap ---------------------------------------------------------------------------------------

def test_basemap_is_served_gzipped_with_an_etag(wide):
    r = wide.get("/basemap/world.topo.json", headers={"Accept-Encoding": "gzip"})
    again = wide.get("/basemap/world.topo.json", headers={"If-None-Match": r.headers["etag"]})
    assert (r.status_code, r.headers["content-encoding"], again.status_code) == (200, "gzip", 304)
    assert "content-security-policy" in r.headers
    assert len(r.content) < 1_600_000  # httpx has unpacked it: the file itself stays small


def test_basemap_names_regions_as_the_gazetteer_names_events(wide):
    topo = wide.get("/basemap/world.topo.json").json()
    regions = topo["objects"]["regions"]["geometries"]
    syria = sorted(g["properties"]["admin1"] for g in regions if g["properties"].get("cc") == "SY"
                   and g["properties"].get("admin1"))
    assert topo["type"] == "Topology" and topo["countries"]["SY"] == "Syria" and topo["countries"]["YE"] == "Yemen"
    assert {"Aleppo", "Idlib", "Homs", "Deir ez-Zor", "Ar-Raqqah"} <= set(syria) and len(syria) == 14
    assert "Natural Earth" in topo["metadata"]["source"]


def test_basemap_file_is_small():
    from sitreps.web.app import BASEMAP_DIR, BASEMAP_FILE

    raw = (BASEMAP_DIR / BASEMAP_FILE).read_bytes()
    assert len(raw) < 1_500_000 and len(gzip.compress(raw)) < 500_000


# -- settings and safety ---------------------------------------------------------------------------------

def test_tiles_come_from_the_environment_and_open_the_csp_to_their_host(db_url, monkeypatch):
    monkeypatch.setenv("SITREPS_TILES", "https://tiles.example.org/{z}/{x}/{y}.png")
    with app_client(db_url) as c:
        config, csp = c.get("/api/config").json(), c.get("/").headers["content-security-policy"]
    assert config["tile_url"] == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert "img-src 'self' data: https://tiles.example.org;" in csp


def test_no_tiles_by_default(client):
    assert client.get("/api/config").json()["tile_url"] is None
    assert "img-src 'self' data:;" in client.get("/").headers["content-security-policy"]


def test_pages_load_leaflet_from_this_server(client):
    for path in ("/", "/events/1"):
        page = client.get(path).text
        assert '<script src="/static/vendor/leaflet/leaflet.js" defer></script>' in page
        assert "//" not in page.replace("http-equiv", "")  # no scheme-relative or absolute URL at all
    for path in ("/static/vendor/leaflet/leaflet.js", "/static/vendor/leaflet.markercluster/leaflet.markercluster.js",
                 "/static/vendor/topojson-client/topojson-client.min.js", "/static/vendor/leaflet/leaflet.css",
                 "/static/vendor/leaflet/images/marker-icon.png", "/static/basemap.js"):
        assert client.get(path).status_code == 200, path


def test_openapi_describes_the_explorer_routes(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/points", "/api/admin1", "/api/actors", "/api/export"} <= set(paths)
    names = {p["name"] for p in paths["/api/events"]["get"]["parameters"]}
    assert {"country", "admin1", "event_type", "actor", "date_from", "date_to", "text", "bbox"} <= names


# -- remembered aggregates follow the data ------------------------------------------------------------

def test_a_running_server_sees_events_stored_after_it_answered(db_url):
    """The page load's totals, facets and timeline are remembered between visitors; an ingest by
    another process (here another connection) must show on the next request all the same."""
    with app_client(db_url) as c:
        before = (c.get("/api/facets").json(), c.get("/api/timeline").json(), _total(c, {}))
        assert c.get("/api/facets").json() == before[0]  # answered again, unchanged
        with open_store(db_url) as other:
            other.add(yemen())
        after = (c.get("/api/facets").json(), c.get("/api/timeline").json(), _total(c, {}))
    assert after[2] == before[2] + 2
    assert after[0]["events"] == before[0]["events"] + 2
    assert "Yemen" in {row["value"] for row in after[0]["countries"]}
    assert "Yemen" not in {row["value"] for row in before[0]["countries"]}
    assert after[1]["totals"]["events"] == before[1]["totals"]["events"] + 2


def test_remembered_answers_are_copies_a_caller_may_change(store):
    from sitreps.web.queries import facets

    first = facets(store)
    first["countries"].clear()
    assert facets(store)["countries"]
