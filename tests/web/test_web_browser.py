"""The pages in headless Chromium against the real server: map markers, timeline, the event page's
highlighted evidence, and hostile article markup staying text. Screenshots go to test-output/."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("SITREPS_CHROMIUM") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
OUT = Path(__file__).resolve().parents[2] / "test-output"

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


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=live_server)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.js_errors = errors
    # Nothing may leave localhost: the page must render without internet.
    outside: list[str] = []
    pg.route(re.compile(r"^(?!http://127\.0\.0\.1:).*"), lambda route: (outside.append(route.request.url), route.abort()))
    pg.outside_requests = outside
    yield pg
    context.close()


def _shot(page, name: str) -> None:
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / name), full_page=True)


def test_index_page_draws_markers_and_timeline(page):
    page.goto("/")
    page.wait_for_selector("#map[data-state=ready]")
    page.wait_for_selector("#timeline[data-state=ready]")
    page.wait_for_selector("#events tbody tr[data-id]")
    _shot(page, "web-index.png")
    markers = int(page.get_attribute("#map", "data-markers"))
    assert (markers, page.locator("#map .marker").count(), page.get_attribute("#timeline", "data-days"),
            page.locator("#timeline rect[data-type]").count() > 0) == (markers, markers, "3", True)
    assert markers >= 2 and page.js_errors == [] and page.outside_requests == []


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
    page.wait_for_selector("#map[data-state=ready]")
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
