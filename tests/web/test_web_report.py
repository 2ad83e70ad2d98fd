"""Situation reports from a store of hand-made extractions (and, with the model, from the seed)."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from sitreps.records import Article
from sitreps.report import build_report, date_range_text, figure_text, render
from sitreps.store import open_store
from web_fakes import FakeGazetteer, hostile

SEED = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev" / "seed-aleppo.json"


@pytest.fixture
def aleppo(store):
    return build_report(store, place="Aleppo", date_from="2016-11-15", date_to="2016-12-03",
                        gazetteer=FakeGazetteer())


def _notes_of(md: str, phrase: str) -> list[str]:
    """The footnote texts cited on the first line containing `phrase`."""
    line = next(l for l in md.splitlines() if phrase in l)
    numbers = re.findall(r"\[(\d+)\]", line)
    notes = dict(re.findall(r"^\[(\d+)\] (.*)$", md, re.M))
    return [notes[n] for n in numbers]


def test_report_title_names_place_and_dates(aleppo):
    assert aleppo.title == "Aleppo, 15 Nov – 3 Dec 2016"


def test_report_includes_events_within_30_km_named_otherwise(aleppo):
    places = [i.text for d in aleppo.days for i in d.items]
    assert any("Anadan" in p for p in places)


def test_report_leaves_out_events_far_from_the_place(aleppo):
    assert not any("Maarat al-Numan" in i.text for d in aleppo.days for i in d.items)


def test_report_counts_events_by_type(aleppo):
    assert [i.text.split(":")[0] for i in aleppo.by_type] == ["Battles", "Explosions/Remote violence"]


def test_report_displacement_cites_the_un(aleppo):
    md = render(aleppo, "md")
    assert "Sources: UN." in _notes_of(md, "More than 31,000 displaced")[0]


def test_report_civilian_toll_cites_activists_and_article(aleppo):
    note = _notes_of(render(aleppo, "md"), "More than 300 killed")[0]
    assert ("Sources: activists." in note, "Syrian forces push deeper into east Aleppo" in note) == (True, True)


def test_report_every_number_has_a_footnote(aleppo):
    lines = [l for l in render(aleppo, "md").split("## Sources")[0].splitlines()
             if l.startswith(("- ", "  - ")) and re.search(r"\d", l.split("[")[0])]
    assert lines and all(re.search(r"\[\d+\]", l) for l in lines)


def test_report_footnotes_are_numbered_in_order(aleppo):
    assert [f.number for f in aleppo.footnotes] == list(range(1, len(aleppo.footnotes) + 1))


def test_report_lists_the_strikes_and_the_advance(aleppo):
    kinds = {i.text.split(":")[0] for d in aleppo.days for i in d.items}
    assert {"Air/drone strike", "Government regains territory"} <= kinds


def test_report_sets_contested_jet_claims_side_by_side(aleppo):
    jet = next(c for c in aleppo.contested if "L-39" in c.about)
    assert [(c.source, c.stance) for c in jet.claims] == [
        ("Interfax (unnamed Syrian military official)", "asserted"),
        ("Syrian Observatory for Human Rights", "asserted"), ("Syrian army spokesman Samir Suleiman", "denied")]


def test_report_lists_actors_by_event_count(aleppo):
    assert aleppo.actors[0].text.startswith("Military Forces of Syria: ")


def test_report_for_a_country_takes_every_event_there(store):
    rep = build_report(store, country="Syria", gazetteer=FakeGazetteer())
    assert rep.n_events == 6


def test_report_place_that_is_a_country_filters_by_country(store):
    rep = build_report(store, place="Syria", gazetteer=FakeGazetteer())
    assert (rep.country, rep.n_events) == ("Syria", 6)


def test_report_without_gazetteer_match_uses_names(store):
    rep = build_report(store, place="Anadan", gazetteer=FakeGazetteer())
    assert (rep.n_events, rep.warnings != []) == (1, True)


def test_report_html_escapes_article_markup(store):
    store.add(hostile())
    rep = build_report(store, place="Aleppo", gazetteer=FakeGazetteer())
    out = render(rep, "html")
    assert ("<script>" not in out, "<img" not in out, "&lt;script&gt;" in out) == (True, True, True)


def test_report_html_links_only_http_urls(store):
    store.add(hostile())
    out = render(build_report(store, place="Aleppo", gazetteer=FakeGazetteer()), "html")
    external = set(re.findall(r'href="(?!#)([^"]*)"', out))
    assert external == {"https://news.example/aleppo-advance", "https://wire.example/aleppo-strikes"}


def test_render_rejects_unknown_format(aleppo):
    with pytest.raises(ValueError):
        render(aleppo, "pdf")


@pytest.mark.parametrize("start,end,text", [
    ("2016-11-15", "2016-12-03", "15 Nov – 3 Dec 2016"), ("2016-12-01", "2016-12-03", "1–3 Dec 2016"),
    ("2016-12-28", "2017-01-03", "28 Dec 2016 – 3 Jan 2017"), ("2016-12-03", "2016-12-03", "3 Dec 2016"),
])
def test_date_range_text(start, end, text):
    assert date_range_text(start, end) == text


def test_figure_text_writes_ranges_and_qualifiers():
    assert figure_text({"kind": "territory_percent", "value": 45.0, "value_high": 50.0, "qualifier": "between",
                        "subject": "east Aleppo"}) == "45–50% of territory: east Aleppo"


@pytest.mark.model
@pytest.mark.shared
def test_report_on_seed_with_real_pipeline(tmp_path):
    if not SEED.exists():
        pytest.skip("../shared is absent")
    from sitreps.pipeline import Pipeline

    try:
        pipeline = Pipeline()
    except NotImplementedError:
        pytest.skip("the extraction pipeline has not landed yet")
    seed = json.loads(SEED.read_text())
    art = Article(id=seed["id"], text=seed["text"], published=dt.date.fromisoformat(seed["published"]),
                  title="Syrian forces tighten grip on besieged Aleppo", source="Al Jazeera")
    with open_store(str(tmp_path / "seed.db")) as store:
        store.add(pipeline.extract(art))
        md = render(build_report(store, place="Aleppo", date_from="2016-11-15", date_to="2016-12-03"), "md")
    contested = md.split("## Contested facts")[1].split("## Sources")[0]
    assert ("UN" in "".join(_notes_of(md, "31,000 displaced")),
            "activists" in "".join(_notes_of(md, "300 killed")),
            "Air/drone strike" in md, "Government regains territory" in md,
            "Interfax" in contested and "| denied |" in contested) == (True, True, True, True, True)
