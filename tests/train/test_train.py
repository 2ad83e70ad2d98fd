"""Training the event classifier: corpus reading, ACLED exports, a smoke run of `sitreps train`."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitreps.cli import cli
from sitreps.train.corpus import CorpusError, labels, read_acled, read_corpus, sentence_text
from sitreps.train.evaluate import cohen_kappa, score

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "train"


def test_labels_are_the_25_sub_event_types_and_seven_reasons():
    labs = labels()
    assert len(labs) == 32 and len(set(labs)) == 32
    assert "Air/drone strike" in labs and "none:denial" in labs


def test_read_corpus_joins_labels_to_the_index_with_splits():
    examples, skipped = read_corpus(FIXTURES / "corpus")
    assert len(examples) == 32 and not skipped
    assert {e.split for e in examples} == {"train", "dev"}
    assert examples[0].text.startswith("Warplanes") and examples[0].label == "Air/drone strike"


def test_read_corpus_rejects_an_unknown_label(tmp_path):
    (tmp_path / "sentences.jsonl").write_text(json.dumps({"id": "a", "split": "train", "text": "x"}) + "\n")
    (tmp_path / "labels.jsonl").write_text(json.dumps({"id": "a", "label": "Battle"}) + "\n")
    with pytest.raises(CorpusError, match="unknown label 'Battle'"):
        read_corpus(tmp_path)


def test_offset_sentence_is_read_from_its_article_and_checked_against_the_hash():
    body = "First one. Police fired tear gas at marchers on Monday. Last one."
    start = body.index("Police")
    end = body.index(" Last")
    import hashlib
    row = {"article": "7", "start": start, "end": end, "sha1": hashlib.sha1(body[start:end].encode()).hexdigest()[:12]}
    assert sentence_text(row, {"7": body}) == "Police fired tear gas at marchers on Monday."
    assert sentence_text(row, {"7": body.replace("Monday", "Sunday")}) is None  # changed text: left out
    assert sentence_text(row, {}) is None  # article not available


def test_read_acled_takes_notes_and_sub_event_types_and_skips_unusable_rows():
    examples = read_acled(FIXTURES / "acled-sample.csv")
    assert [e.label for e in examples] == ["Armed clash", "Peaceful protest", "Violent demonstration", "Arrests"]
    by_source = {}
    for e in examples:
        by_source.setdefault(e.outlet, set()).add(e.split)
    assert all(len(splits) == 1 for splits in by_source.values())  # one outlet, one split


def test_read_acled_says_what_is_wrong_with_a_file_that_is_not_an_export(tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(CorpusError, match="not an ACLED export"):
        read_acled(bad)


def test_score_collapses_no_event_reasons_and_counts_misses():
    gold = ["Air/drone strike", "none:threat", "Arrests", "none:statement"]
    pred = ["Air/drone strike", "none:statement", "none:other", "Arrests"]
    s = score(gold, pred)
    assert s["no_event_precision"] == pytest.approx(0.5)  # one of two "none" predictions is right
    assert 0 < s["sub_event_weighted_f1"] < 1
    assert s["accuracy_32"] == pytest.approx(0.25)


def test_cohen_kappa_is_one_for_agreement_and_zero_for_chance():
    assert cohen_kappa(list("aabb"), list("aabb")) == pytest.approx(1.0)
    assert cohen_kappa(list("abab"), list("aabb")) == pytest.approx(0.0)


@pytest.mark.model
def test_train_smoke_writes_a_model_that_labels_sentences(tmp_path):
    out = tmp_path / "model"
    result = CliRunner().invoke(cli, ["train", "--corpus", str(FIXTURES / "corpus"), "--max-steps", "30",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "meta.json").is_file() and (out / "MODEL_CARD.md").is_file()
    from sitreps.extract.eventclass import EventClassifier
    from sitreps.nlp import load_nlp
    clf = EventClassifier(str(out))
    assert clf.with_rules  # by default the model reads the rules' token too
    got = clf.classify(["Jets bombed the town at dawn.", "The minister condemned it."], nlp=load_nlp(event_class=False))
    assert all(lab in labels() and 0 <= p <= 1 for lab, p in got)
    assert "dev" in json.loads(result.output[result.output.index("{"):])


@pytest.mark.model
def test_trained_model_in_the_pipeline_labels_each_parsed_sentence(tmp_path):
    out = tmp_path / "model"
    assert CliRunner().invoke(cli, ["train", "--corpus", str(FIXTURES / "corpus"), "--max-steps", "30",
                                    "-o", str(out)]).exit_code == 0
    from sitreps.extract.eventclass import FACTORY
    from sitreps.nlp import load_nlp
    import os
    os.environ["SITREPS_EVENT_MODEL"] = str(out)
    try:
        nlp = load_nlp()
    finally:
        del os.environ["SITREPS_EVENT_MODEL"]
    assert FACTORY in nlp.pipe_names
    doc = nlp("Jets bombed the market on Monday. The minister condemned the raid.")
    assert all(s._.event_class[0] in labels() for s in doc.sents)
