"""The pages in headless Chromium against the real server, with no network beyond it: the Leaflet map
over the bundled basemap (coastlines, borders), marker clusters and their popups, the choropleth by
region, one filter behind every count, the map fitted to the filtered events, the time slider, the
timeline's labels and bins, the downloads, the event page's locator map and highlighted evidence, and
hostile article markup staying text. Screenshots go to a temporary folder ($SITREPS_SCREENSHOTS to
choose one); their paths are printed at the end of the run."""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from explorer_fakes import YEMEN_POINTS, mosul, serving, yemen

CHROMIUM = os.environ.get("SITREPS_CHROMIUM") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
OUT = Path(os.environ.get("SITREPS_SCREENSHOTS") or Path(tempfile.gettempdir()) / "sitreps-web-screenshots")
SHOTS: list[Path] = []
NOTES: list[str] = []  # measurements printed with the screenshots' paths

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None or shutil.which(CHROMIUM) is None and not Path(CHROMIUM or "").exists(),
                       reason="no Chromium (/usr/bin/chromium or SITREPS_CHROMIUM)"),
]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module", autouse=True)
def _list_screenshots(request):
    """Print where the screenshots went at the end of the run (after pytest's own summary, once output
    is no longer captured)."""
    def show() -> None:
        for note in NOTES:
            print(note)
        for path in SHOTS:
            print(f"screenshot: {path}")

    request.config.add_cleanup(show)
    yield


def _new_page(browser, base_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=base_url)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.js_errors = errors
    # Nothing may leave localhost: the page must render without internet.
    outside: list[str] = []
    pg.route(re.compile(r"^(?!http://127\.0\.0\.1:).*"), lambda route: (outside.append(route.request.url), route.abort()))
    pg.outside_requests = outside
    return context, pg


@pytest.fixture
def page(browser, live_server):
    context, pg = _new_page(browser, live_server)
    yield pg
    context.close()


@pytest.fixture
def wide_server(hostile_db_url):
    """The hostile Aleppo store with two events in Yemen: nine events in two countries."""
    from sitreps.store import open_store
    from sitreps.web import create_app

    with open_store(hostile_db_url) as s:
        s.add(yemen())
    with serving(create_app(hostile_db_url)) as url:
        yield url


@pytest.fixture
def wide_page(browser, wide_server):
    context, pg = _new_page(browser, wide_server)
    yield pg
    context.close()


def _shot(page, name: str, full_page: bool = True) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / name
    page.screenshot(path=str(path), full_page=full_page)
    SHOTS.append(path)


def _bounds(page) -> tuple[float, float, float, float]:
    west, south, east, north = (float(v) for v in page.get_attribute("#map", "data-bounds").split(","))
    return west, south, east, north


def _zoom_out(page, steps: int) -> None:
    """Zoom the map out with its button, one animated step at a time."""
    for _ in range(steps):
        zoom = int(page.get_attribute("#map", "data-zoom"))
        page.click(".leaflet-control-zoom-out")
        page.wait_for_selector(f"#map[data-zoom='{zoom - 1}']")


def _ready(page, path: str = "/") -> None:
    """Open a page of the explorer and wait until the map (fitted to the events), the timeline and the
    table are drawn."""
    page.goto(path)
    page.wait_for_selector("#map[data-basemap=ready]")
    page.wait_for_selector("#summary[data-events]")  # the facets are in: the map is fitted
    page.wait_for_selector("#map[data-state=ready]")
    page.wait_for_selector("#timeline[data-state=ready]")
    page.wait_for_selector("#events tbody tr[data-id]")


def test_index_page_draws_markers_and_timeline(page):
    _ready(page)
    _shot(page, "web-index.png")
    markers = int(page.get_attribute("#map", "data-markers"))
    assert (markers, page.locator("#map .leaflet-marker-icon").count(), page.get_attribute("#timeline", "data-days"),
            page.locator("#timeline rect[data-type]").count() > 0) == (markers, markers, "3", True)
    assert markers >= 2 and page.js_errors == [] and page.outside_requests == []


def test_map_draws_coastlines_and_borders_with_no_network(page):
    _ready(page)
    _zoom_out(page, 2)
    _shot(page, "web-map-basemap.png", full_page=False)
    paths = {cls: page.locator(f"#map path.{cls}") for cls in ("bm-land", "bm-coast", "bm-border", "bm-admin1")}
    assert {cls: p.count() for cls, p in paths.items()} == {"bm-land": 1, "bm-coast": 1, "bm-border": 1, "bm-admin1": 1}
    # Leaflet clips the paths to the view: the coast of the Levant and the borders around Syria are drawn
    lengths = {cls: len(p.get_attribute("d") or "") for cls, p in paths.items()}
    assert lengths["bm-coast"] > 500 and lengths["bm-border"] > 500 and lengths["bm-land"] > 500, lengths
    assert int(page.get_attribute("#map", "data-regions")) > 3000
    assert "Natural Earth" in page.text_content(".leaflet-control-attribution")
    loaded_ms = int(page.get_attribute("#map", "data-basemap-ms"))
    NOTES.append(f"basemap: drawn {loaded_ms} ms after the page began to load "
                 f"(TopoJSON decoded in {page.get_attribute('#map', 'data-decode-ms')} ms)")
    assert page.outside_requests == [] and page.js_errors == []


def test_filtering_to_one_country_fits_the_map_and_updates_every_count(wide_page):
    page = wide_page
    _ready(page)
    page.wait_for_selector("#summary[data-events='9']")
    page.select_option("select[name=country]", "Yemen")
    page.click("#filters button[type=submit]")
    page.wait_for_selector("#table-status:text-is('2 events')")
    page.wait_for_selector("#summary[data-events='2']")
    page.wait_for_selector("#timeline[data-events='2']")
    page.wait_for_selector("#map[data-events='2'][data-state=ready]")
    _shot(page, "web-filter-yemen.png")
    # header, legend, option counts, table and map all count the same two events
    assert page.locator("#legend li").all_text_contents() == ["Explosions/Remote violence2"]
    assert page.locator("#events tbody tr[data-id]").count() == 2
    assert [o.strip() for o in page.locator("select[name=country] option").all_text_contents()] == ["Syria (0)", "Yemen (2)"]
    assert page.text_content("#summary").startswith("2 events · 8 fatalities")
    # the map shows both events and stays around Yemen, far from Aleppo
    west, south, east, north = _bounds(page)
    assert all(west <= lon <= east and south <= lat <= north for lat, lon in YEMEN_POINTS), _bounds(page)
    assert 38 < west and east < 52 and 8 < south and north < 18, _bounds(page)
    assert "country=Yemen" in page.get_attribute("#download-csv", "href")
    # "Fit to events" brings the map back to the filtered events after a zoom out
    fitted = int(page.get_attribute("#map", "data-zoom"))
    _zoom_out(page, 3)
    page.click("button[data-fit]")
    page.wait_for_selector(f"#map[data-zoom='{fitted}']")
    west, south, east, north = _bounds(page)
    assert 38 < west and east < 52 and 8 < south and north < 18, _bounds(page)
    assert page.js_errors == [] and page.outside_requests == []


def test_download_links_give_exactly_the_filtered_events(wide_page):
    page = wide_page
    _ready(page)
    page.select_option("select[name=event_type]", ["Battles"])
    page.click("#filters button[type=submit]")
    page.wait_for_selector("#table-status:text-is('3 events')")
    csv_text = page.request.get(page.get_attribute("#download-csv", "href")).text()
    geojson = page.request.get(page.get_attribute("#download-geojson", "href")).json()
    assert len(csv_text.strip().splitlines()) - 1 == 3 and len(geojson["features"]) == 3
    assert {f["properties"]["event_type"] for f in geojson["features"]} == {"Battles"}


def test_actor_facet_adds_an_actor_to_the_filter(wide_page):
    page = wide_page
    _ready(page)
    page.click("#actors button[data-value='Houthi Movement']")
    page.wait_for_selector("#table-status:text-is('2 events')")
    page.wait_for_selector("#summary[data-events='2']")
    assert page.locator("#actor-chips li").all_text_contents() == ["Houthi Movement×"]
    assert "actor=Houthi+Movement" in page.url
    # a second actor widens the filter: events of either
    page.fill("input[name=actor_entry]", "Opposition Rebels")
    page.press("input[name=actor_entry]", "Enter")
    page.wait_for_selector("#table-status:text-is('6 events')")
    page.click("#actor-chips li[data-value='Houthi Movement'] button")
    page.wait_for_selector("#table-status:text-is('4 events')")


def test_time_slider_drives_the_dates(page):
    _ready(page)
    handle = page.locator("input[name=slide_from]")
    handle.focus()
    for _ in range(9):  # 20 Nov 2016 + 9 days
        page.keyboard.press("ArrowRight")
    page.wait_for_selector("#table-status:text-is('6 events')")
    assert page.input_value("input[name=date_from]") == "2016-11-29"
    assert page.text_content("#slider-span") == "29 Nov 2016 – 3 Dec 2016"
    page.wait_for_selector("#summary[data-events='6']")
    page.wait_for_selector("#timeline[data-events='6']")


def test_timeline_labels_match_their_bins(page):
    _ready(page)
    bins = {r.get_attribute("data-day"): r for r in page.locator("#timeline rect.hover").all()}
    labels = page.locator("#timeline text.date-label").all()
    assert labels and len(bins) == 14  # 20 Nov to 3 Dec 2016, a bin a day
    for label in labels:
        day = label.get_attribute("data-day")
        rect = bins[day]
        x, left, width = (float(v) for v in (label.get_attribute("x"), rect.get_attribute("x"), rect.get_attribute("width")))
        d = dt.date.fromisoformat(day)
        assert left <= x <= left + width and label.text_content() == f"{d.day} {d:%b %Y}", day


def test_choropleth_colours_regions_by_their_events(page):
    _ready(page)
    page.click("button[data-mode=events]")
    page.wait_for_selector("#map.mode-regions[data-state=ready][data-choropleth]")
    _shot(page, "web-choropleth.png", full_page=False)
    # Aleppo and Idlib have events; the clash at Anadan has no region and is counted apart
    assert page.get_attribute("#map", "data-choropleth") == "2"
    coloured = page.locator("#map path.bm-region[fill-opacity='0.9']")
    assert coloured.count() == 2 and page.locator("#map .leaflet-marker-icon").count() == 0
    assert "1 without a region" in page.text_content("#map-status")
    assert page.locator(".choro-legend").count() == 1 and "map=events" in page.url
    page.click("button[data-mode=markers]")
    page.wait_for_selector("#map:not(.mode-regions)[data-state=ready]")
    assert page.locator("#map path.bm-region").count() == 0 and page.locator("#map .leaflet-marker-icon").count() > 0


def test_choropleth_draws_a_circle_for_a_region_without_a_shape(browser, tmp_path):
    from sitreps.store import open_store
    from sitreps.web import create_app

    url = str(tmp_path / "elsewhere.db")
    with open_store(url) as s:
        s.add(yemen())
        s.add(mosul())
    with serving(create_app(url)) as base:
        context, page = _new_page(browser, base)
        try:
            _ready(page, "/?map=fatalities")
            page.wait_for_selector("#map.mode-regions[data-state=ready][data-circles='1']")
            _shot(page, "web-choropleth-circle.png", full_page=False)
            assert page.get_attribute("#map", "data-choropleth") == "2"  # Aden and Ta'izz
            assert page.locator("#map path.region-circle").count() == 1
            assert page.get_attribute("button[data-mode=fatalities]", "aria-pressed") == "true"
            assert page.js_errors == [] and page.outside_requests == []
        finally:
            context.close()


def test_marker_popup_links_to_the_event_page(page):
    _ready(page, "/?admin1=Idlib")
    page.wait_for_selector("#map[data-events='1']")
    page.click("#map .event-pin")
    page.wait_for_selector(".event-popup a.popup-title")
    assert page.text_content(".event-popup a.popup-title") == "Air/drone strike"
    page.click(".event-popup a.popup-title")
    page.wait_for_selector("#event-main[data-state=ready]")
    assert "Maarat al-Numan" in page.text_content("h1")


def test_event_page_has_a_locator_map(page):
    page.goto("/")
    page.wait_for_selector("#events tbody tr[data-id]")
    page.click("#events tbody tr:has-text('Maarat al-Numan') a")
    page.wait_for_selector("#event-main[data-state=ready]")
    page.wait_for_selector("#locator[data-basemap=ready]")
    _shot(page, "web-event-locator.png")
    assert page.locator("#locator path.event-marker").count() == 1
    assert page.locator("#locator path.bm-coast").count() == 1 and page.locator("#locator path.bm-border").count() == 1
    assert page.js_errors == [] and page.outside_requests == []


def test_timeline_caption_names_its_bins_and_axis_labels_fit(page):
    page.goto("/")
    page.wait_for_selector("#timeline[data-state=ready]")
    unit = page.get_attribute("#timeline", "data-unit")
    assert unit in ("day", "week", "month")
    assert f"events per {unit}" in page.text_content("#timeline-caption")
    box = page.locator("#timeline svg").bounding_box()
    for label in page.locator("#timeline text.axis-label").all():
        b = label.bounding_box()
        assert box["x"] - 0.5 <= b["x"] and b["x"] + b["width"] <= box["x"] + box["width"] + 0.5, label.text_content()


def test_index_page_filters_by_type(page):
    page.goto("/")
    page.wait_for_selector("#events tbody tr[data-id]")
    page.select_option("select[name=event_type]", "Battles")
    page.click("#filters button[type=submit]")
    page.wait_for_selector("#table-status:text-is('3 events')")  # (the CSP forbids wait_for_function's eval)
    page.wait_for_selector("#map[data-events='3'][data-state=ready]")
    assert (page.locator("#events tbody tr[data-id]").count(), page.get_attribute("#map", "data-events")) == (3, "3")
    # the header and the type legend follow the same filter as the map and the table
    page.wait_for_selector("#summary[data-events='3']")
    assert page.locator("#legend li").all_text_contents() == ["Battles3"]


def test_event_page_highlights_evidence_in_article(page, live_server):
    page.goto("/")
    page.wait_for_selector("#events tbody tr[data-id]")
    page.click("#events tbody tr:has-text('Bustan al-Qasr') a")
    page.wait_for_selector("#event-main[data-state=ready]")
    _shot(page, "web-event.png")
    marks = page.locator("mark.evidence-mark").all_text_contents()
    assert marks == ["Air strikes hit the Bustan al-Qasr district of eastern Aleppo on Saturday, killing at least "
                     "eight people",
                     "Syrian warplanes and artillery pounded opposition-held neighbourhoods in eastern Aleppo on "
                     "Saturday, killing at least three people"]


def test_event_page_says_why_each_report_was_linked(page):
    page.goto("/")
    page.wait_for_selector("#events tbody tr[data-id]")
    page.click("#events tbody tr:has-text('Bustan al-Qasr') a")
    page.wait_for_selector("#event-main[data-state=ready]")
    first, second = page.locator(".report .link-why").all_text_contents()
    assert first == "First report of this event."
    assert "confidence" in second and "same day" in second
    assert "linked with confidence" in page.locator(".link-score").inner_text()


def test_event_page_shows_claims_side_by_side(page):
    page.goto("/")
    page.wait_for_selector("#events tbody tr[data-id]")
    page.click("#events tbody tr:has-text('Aleppo International Airport') a")
    page.wait_for_selector("#event-main[data-state=ready]")
    _shot(page, "web-event-contested.png")
    sources = page.locator("#contradictions .claim .claim-source").all_text_contents()
    assert sources == ["Interfax (unnamed Syrian military official)", "Syrian Observatory for Human Rights",
                       "Syrian army spokesman Samir Suleiman"]


def test_event_page_shows_hostile_markup_as_text(page):
    page.goto("/")
    page.wait_for_selector("#events tbody tr[data-id]")
    page.click("#events tbody tr:has-text('Azaz') a")
    page.wait_for_selector("#event-main[data-state=ready]")
    _shot(page, "web-event-hostile.png")
    text = page.locator(".article-text").first.text_content()
    state = page.evaluate("({pwned: typeof window.__pwned, imgs: document.querySelectorAll('img').length, "
                          "scripts: document.querySelectorAll('main script').length})")
    assert ("<script>window.__pwned = 1</script>" in text, state) == (True, {"pwned": "undefined", "imgs": 0,
                                                                            "scripts": 0})


def test_report_page_renders_report(page):
    page.goto("/report")
    page.fill("input[name=place]", "Aleppo")
    page.fill("input[name=date_from]", "2016-11-15")
    page.fill("input[name=date_to]", "2016-12-03")
    page.click("form.report-form button[type=submit]")
    page.wait_for_selector("article.sitrep")
    _shot(page, "web-report.png")
    assert page.locator("article.sitrep h1").text_content() == "Aleppo, 15 Nov – 3 Dec 2016"
