"""Tests of sitreps.evaluate: matching, scores, the error list and the quality gate."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from sitreps.errors import EvaluationError
from sitreps.evaluate import (EvalReport, case_article, check_floors, evaluate, format_report, load_floors,
                              normalize_actor)
from sitreps.records import Event, Extraction

FLOORS = Path(__file__).parent / "eval_floors.json"

EVENT = {
    "event_date": "2016-11-26", "time_precision": 1, "event_type": "Explosions/Remote violence",
    "sub_event_type": "Shelling/artillery/missile attack", "actor1": "Military Forces of Syria", "inter1": 1,
    "actor2": "Civilians (Syria)", "inter2": 7, "country": "Syria", "admin1": "Aleppo", "location": "Aleppo",
    "latitude": 36.2021, "longitude": 37.1343, "geo_precision": 1, "fatalities": 3, "fatalities_high": None,
    "sources": ["activists"], "stance": "asserted", "evidence": "Shelling killed three in Aleppo.",
}
FIGURE = {"kind": "killed", "value": 300, "qualifier": "more than", "value_high": None, "subject": "civilians"}
CONTRA = {"about": "toll", "claims": [{"source": "SOHR", "value": 12}, {"source": "activist group", "value": 22}]}


def case(case_id="c1", events=(EVENT,), figures=(), contradictions=()) -> dict:
    return {"id": case_id, "published": "2016-11-26", "text": "Headline\n\nBody text.",
            "events": [copy.deepcopy(e) for e in events], "figures": [copy.deepcopy(f) for f in figures],
            "contradictions": [copy.deepcopy(c) for c in contradictions]}


def changed(**fields) -> dict:
    e = copy.deepcopy(EVENT)
    e.update(fields)
    return e


def run(tmp_path, gold: list[dict], preds: dict[str, dict]) -> EvalReport:
    """Write gold cases and a prediction JSONL, then score them."""
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    for c in gold:
        (gold_dir / f"{c['id']}.json").write_text(json.dumps(c), encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps({"article_id": k, "published": "2016-11-26", **v}) + "\n"
                            for k, v in preds.items()), encoding="utf-8")
    return evaluate(gold_dir, pred=pred)


def test_evaluate_perfect_prediction_scores_f1_one(tmp_path):
    report = run(tmp_path, [case()], {"c1": {"events": [EVENT]}})
    assert report.events["f1"] == 1.0
    assert all(v["accuracy"] == 1.0 for v in report.fields.values())


def test_evaluate_wrong_date_is_unmatched(tmp_path):
    report = run(tmp_path, [case()], {"c1": {"events": [changed(event_date="2016-11-20")]}})
    assert (report.events["tp"], report.events["fp"], report.events["fn"]) == (0, 1, 1)


def test_evaluate_date_one_day_off_matches_with_date_wrong(tmp_path):
    report = run(tmp_path, [case()], {"c1": {"events": [changed(event_date="2016-11-25")]}})
    assert report.events["tp"] == 1
    assert report.fields["event_date"]["accuracy"] == 0.0


def test_evaluate_week_precision_allows_seven_days(tmp_path):
    gold = case(events=[changed(time_precision=2)])
    report = run(tmp_path, [gold], {"c1": {"events": [changed(event_date="2016-12-02")]}})
    assert report.events["tp"] == 1


def test_evaluate_40km_off_matches_but_location_wrong(tmp_path):
    # 0.36 degrees of latitude is about 40 km
    report = run(tmp_path, [case()], {"c1": {"events": [changed(latitude=36.5621, location="Elsewhere")]}})
    assert report.events["tp"] == 1
    assert report.fields["location"]["accuracy"] == 0.0


def test_evaluate_place_over_50km_is_unmatched(tmp_path):
    report = run(tmp_path, [case()], {"c1": {"events": [changed(latitude=36.7021)]}})
    assert report.events["tp"] == 0


def test_evaluate_without_coordinates_matches_on_location_name(tmp_path):
    report = run(tmp_path, [case()], {"c1": {"events": [changed(latitude=None, longitude=None, location="aleppo")]}})
    assert report.events["tp"] == 1


def test_evaluate_other_event_type_is_unmatched(tmp_path):
    report = run(tmp_path, [case()], {"c1": {"events": [changed(event_type="Battles")]}})
    assert report.events["tp"] == 0


def test_evaluate_empty_prediction_has_recall_zero(tmp_path):
    report = run(tmp_path, [case()], {"c1": {"events": []}})
    assert report.events["recall"] == 0.0
    assert report.events["f1"] == 0.0


def test_evaluate_missing_prediction_line_scores_as_empty(tmp_path):
    report = run(tmp_path, [case()], {})
    assert report.missing_predictions == ["c1"]
    assert report.events["fn"] == 1


def test_evaluate_bad_json_raises_evaluation_error_naming_file(tmp_path):
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(EvaluationError, match="broken.json"):
        evaluate(tmp_path, pred=None, pipeline=object())


def test_evaluate_case_without_required_keys_raises(tmp_path):
    (tmp_path / "partial.json").write_text(json.dumps({"id": "x", "text": "t"}), encoding="utf-8")
    with pytest.raises(EvaluationError, match="partial.json: missing published"):
        evaluate(tmp_path, pipeline=object())


def test_evaluate_empty_folder_raises(tmp_path):
    with pytest.raises(EvaluationError, match="no \\*.json"):
        evaluate(tmp_path, pipeline=object())


def test_evaluate_bad_prediction_line_raises_naming_line(tmp_path):
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "c1.json").write_text(json.dumps(case()), encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text('{"article_id": "c1", "events": []}\n{oops\n', encoding="utf-8")
    with pytest.raises(EvaluationError, match="pred.jsonl:2"):
        evaluate(gold_dir, pred=pred)


def test_evaluate_actor_pair_is_unordered_and_ignores_period(tmp_path):
    pred = changed(actor1="civilians (syria)", actor2="Military Forces of Syria (2000-)")
    report = run(tmp_path, [case()], {"c1": {"events": [pred]}})
    assert report.fields["actor_pair"]["accuracy"] == 1.0


def test_evaluate_counts_actors_one_by_one(tmp_path):
    report = run(tmp_path, [case()], {"c1": {"events": [changed(actor2="Opposition Rebels (Syria)")]}})
    assert report.fields["actor_pair"]["accuracy"] == 0.0
    assert report.fields["actors"]["correct"] == 1
    assert report.fields["actors"]["total"] == 2


def test_normalize_actor_drops_acled_prefix_and_period():
    assert normalize_actor("AQAP: Al Qaeda in the Arabian Peninsula") == "al qaeda in the arabian peninsula"
    assert normalize_actor("Military Forces of Syria (2000-)") == "military forces of syria"


def test_evaluate_fatalities_must_be_equal(tmp_path):
    report = run(tmp_path, [case()], {"c1": {"events": [changed(fatalities=5)]}})
    assert report.fields["fatalities"]["accuracy"] == 0.0


def test_evaluate_matching_is_one_to_one(tmp_path):
    report = run(tmp_path, [case()], {"c1": {"events": [EVENT, EVENT]}})
    assert (report.events["tp"], report.events["fp"]) == (1, 1)


def test_evaluate_figures_match_on_kind_and_value(tmp_path):
    gold = case(figures=[FIGURE, {**FIGURE, "kind": "displaced", "value": 10, "value_high": 20}])
    pred = [FIGURE, {**FIGURE, "kind": "displaced", "value": 10, "value_high": None}]
    report = run(tmp_path, [gold], {"c1": {"events": [EVENT], "figures": pred}})
    assert (report.figures["tp"], report.figures["fp"], report.figures["fn"]) == (1, 1, 1)


def test_evaluate_contradiction_found_by_shared_value(tmp_path):
    pred = {"about": "x", "kind": "value", "claims": [{"source": "monitor", "value": 12}, {"source": "b", "value": 9}]}
    report = run(tmp_path, [case(contradictions=[CONTRA])], {"c1": {"events": [EVENT], "contradictions": [pred]}})
    assert report.contradictions["found"] == 1
    assert report.contradictions["recall"] == 1.0


def test_evaluate_contradiction_unrelated_is_not_found_but_counts_by_count(tmp_path):
    pred = {"about": "x", "claims": [{"source": "ministry", "stance": "denied"}]}
    report = run(tmp_path, [case(contradictions=[CONTRA])], {"c1": {"events": [EVENT], "contradictions": [pred]}})
    assert report.contradictions["found"] == 0
    assert report.contradictions["found_by_count"] == 1


def test_evaluate_contradiction_on_article_without_any_is_false_alarm(tmp_path):
    report = run(tmp_path, [case()], {"c1": {"events": [EVENT], "contradictions": [CONTRA]}})
    assert report.contradictions["false_alarms"] == 1


def test_evaluate_counts_events_on_negative_cases(tmp_path):
    report = run(tmp_path, [case(events=[])], {"c1": {"events": [EVENT, EVENT]}})
    assert report.negative == {"cases": 1, "cases_with_events": 1, "events": 2}


def test_evaluate_case_errors_name_missed_spurious_and_wrong_fields(tmp_path):
    gold = case(events=[EVENT, changed(event_date="2016-11-20", location="Idlib", latitude=35.93, longitude=36.63)])
    pred = [changed(fatalities=7), changed(event_type="Battles")]
    report = run(tmp_path, [gold], {"c1": {"events": pred}})
    errors = "\n".join(report.cases[0].errors)
    assert "missed: 2016-11-20" in errors
    assert "spurious: 2016-11-26" in errors
    assert "fatalities: gold 3, predicted 7" in errors


def test_evaluate_runs_the_pipeline_without_pred(tmp_path):
    class Echo:
        def extract(self, article):
            assert article.title == "Headline"
            return Extraction(article=article, events=[Event.from_dict(EVENT)])

    (tmp_path / "c1.json").write_text(json.dumps(case()), encoding="utf-8")
    assert evaluate(tmp_path, pipeline=Echo()).events["f1"] == 1.0


def test_evaluate_failing_extraction_is_reported_and_scored_empty(tmp_path):
    class Broken:
        def extract(self, article):
            raise ValueError("boom")

    (tmp_path / "c1.json").write_text(json.dumps(case()), encoding="utf-8")
    report = evaluate(tmp_path, pipeline=Broken())
    assert report.failed == ["c1: ValueError: boom"]
    assert report.events["fn"] == 1


def test_case_article_has_date_and_first_line_title():
    article = case_article(case())
    assert (article.id, article.title, article.published.isoformat()) == ("c1", "Headline", "2016-11-26")


def test_format_report_shows_scores_and_case_errors(tmp_path):
    report = run(tmp_path, [case()], {"c1": {"events": [changed(fatalities=5)]}})
    text = format_report(report)
    assert "events            1.00  1.00  1.00" in text
    assert "fatalities: gold 3, predicted 5" in text


def test_report_to_dict_is_json(tmp_path):
    report = run(tmp_path, [case()], {"c1": {"events": [EVENT]}})
    assert json.loads(json.dumps(report.to_dict()))["events"]["f1"] == 1.0


def test_check_floors_names_metrics_below_floor(tmp_path):
    report = run(tmp_path, [case()], {"c1": {"events": [changed(fatalities=5)]}})
    assert check_floors(report, {"event_f1": 0.6, "fatalities": 0.8}) == ["fatalities: 0.0000 is below the floor 0.8"]


def test_check_floors_flags_unknown_metric(tmp_path):
    report = run(tmp_path, [case()], {"c1": {"events": [EVENT]}})
    assert check_floors(report, {"event_f2": 0.5})[0].startswith("event_f2: unknown metric")


def test_eval_floors_file_names_known_metrics():
    floors = load_floors(FLOORS)
    assert {"event_f1", "sub_event_type", "fatalities"} <= set(floors)
    report = EvalReport(gold_dir="x", events={"f1": 1.0}, figures={"f1": 1.0}, contradictions={"recall": 1.0},
                        fields={k: {"accuracy": 1.0} for k in floors})
    assert check_floors(report, floors) == []


@pytest.mark.shared
@pytest.mark.model
def test_eval_gate_dev_cases_meet_pinned_floors(shared_dir):
    """The quality gate: the real pipeline on ../shared/eval/dev must not fall below tests/eval_floors.json."""
    report = evaluate(shared_dir / "eval" / "dev")
    failures = check_floors(report, load_floors(FLOORS))
    assert not failures, "\n".join(failures) + "\n\n" + format_report(report)


def _fakes_csv(shared: Path, body: str = "Shelling killed three in Aleppo on Saturday.") -> str:
    path = shared / "corpus/fakes/FA-KES-Dataset.csv"
    path.parent.mkdir(parents=True)
    path.write_text("unit_id,article_title,article_content,source,date,location,labels\n"
                    f'77,Shelling in Aleppo,"{body}",wire,11/26/2016,aleppo,1\n', encoding="latin-1")
    text = f"Shelling in Aleppo\n\n{body}"
    import hashlib
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _referenced_case(tmp_path: Path, sha1: str) -> Path:
    gold = tmp_path / "gold"
    gold.mkdir()
    ev = dict(EVENT)
    del ev["evidence"]
    ev["evidence_span"] = [20, 64]
    c = {"id": "fk-77", "published": "2016-11-26", "source": {"corpus": "fakes", "article": "77", "sha1": sha1},
         "events": [ev], "figures": [], "contradictions": []}
    (gold / "fk-77.json").write_text(json.dumps(c))
    return gold


def test_case_kept_by_reference_reads_its_text_and_evidence_from_the_corpus(tmp_path):
    from sitreps.evaluate import load_cases
    sha1 = _fakes_csv(tmp_path / "shared")
    (c,) = load_cases(_referenced_case(tmp_path, sha1), shared=tmp_path / "shared")
    assert c["text"].startswith("Shelling in Aleppo\n\n")
    assert c["events"][0]["evidence"] == "Shelling killed three in Aleppo on Saturday."


def test_case_kept_by_reference_refuses_a_changed_text(tmp_path):
    from sitreps.evaluate import load_cases
    _fakes_csv(tmp_path / "shared", body="Another text entirely.")
    with pytest.raises(EvaluationError, match="not the text this case was coded on"):
        load_cases(_referenced_case(tmp_path, "0" * 12), shared=tmp_path / "shared")


def test_case_kept_by_reference_without_the_corpus_says_where_to_look(tmp_path):
    from sitreps.evaluate import load_cases
    with pytest.raises(EvaluationError, match="--shared"):
        load_cases(_referenced_case(tmp_path, "0" * 12), shared=tmp_path / "nowhere")
