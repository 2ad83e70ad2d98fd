"""The linking scorer: pairwise and B-cubed scores of a store against judged pairs."""
from __future__ import annotations

import json

import pytest

from sitreps.errors import EvaluationError
from sitreps.evaluate_linking import bcubed, evaluate_linking, sentence_key
from store_fakes import article, event, extraction

STRIKE = "Warplanes struck the market on Saturday, killing twelve people."


def _report(doc_id, text, source, **fields):
    start = text.index(STRIKE) if STRIKE in text else 0
    ev = event(evidence=STRIKE, evidence_start=start, evidence_end=start + len(STRIKE), **fields)
    return extraction(article(doc_id, text=text, source=source), [ev])


def _gold(tmp_path, rows):
    path = tmp_path / "pairs.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def _pair(a, b, same, key=sentence_key(STRIKE)):
    s = {"key": key} if same else None
    return {"pair": f"{a}~{b}", "a": a, "b": b, "same": same, "split": "dev", "a_sentence": s, "b_sentence": s}


def test_linked_reports_of_one_event_score_a_true_positive(store, tmp_path):
    store.add(_report("a", f"Headline one\n\n{STRIKE}", "Reuters"))
    store.add(_report("b", f"Headline two\n\n{STRIKE}", "AFP"))
    rep = evaluate_linking(store, _gold(tmp_path, [_pair("a", "b", True)]))
    assert (rep.pairwise["tp"], rep.pairwise["fn"], rep.pairwise["recall"]) == (1, 0, 1.0)
    assert rep.bcubed["f1"] == 1.0


def test_a_link_between_articles_judged_different_is_a_false_positive(store, tmp_path):
    store.add(_report("a", f"Headline one\n\n{STRIKE}", "Reuters"))
    store.add(_report("b", f"Headline two\n\n{STRIKE}", "AFP"))
    rep = evaluate_linking(store, _gold(tmp_path, [_pair("a", "b", False)]))
    assert (rep.pairwise["fp"], rep.false_links) == (1, ["a~b"])


def test_a_same_pair_whose_reports_stayed_apart_is_missed(store, tmp_path):
    store.add(_report("a", f"Headline one\n\n{STRIKE}", "Reuters"))
    store.add(_report("b", f"Headline two\n\n{STRIKE}", "AFP", latitude=40.0))  # too far to link
    rep = evaluate_linking(store, _gold(tmp_path, [_pair("a", "b", True)]))
    assert (rep.pairwise["tp"], rep.missed_links) == (0, ["a~b"])
    assert rep.extracted["fn"] == 1  # both reports were extracted: a linking miss, not an extraction miss


def test_no_gold_article_in_the_store_is_an_error(store, tmp_path):
    with pytest.raises(EvaluationError, match="ingest them first"):
        evaluate_linking(store, _gold(tmp_path, [_pair("x", "y", True)]))


def test_bcubed_of_a_split_cluster():
    gold = {1: "A", 2: "A", 3: "B"}
    system = {1: "s1", 2: "s2", 3: "s3"}
    b3 = bcubed(gold, system)
    assert b3["precision"] == 1.0 and b3["recall"] == pytest.approx((0.5 + 0.5 + 1) / 3)
