"""Sentence-level ablation of event typing on the event corpus: rules, classifier, both, a keyword list.

    python bench/eval_eventclass.py [--split dev|test] [--model DIR] [--json OUT]

Each sentence of the split is run as a one-line article; the system's answer is the sub-event
type of its first event, or "none". Scores: sitreps.train.evaluate.score (weighted F1 over the
25 sub-event types with the no-event reasons collapsed into one "none" class). Tune on dev;
run on test only to report in BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: A naive first-match keyword list: the baseline the issue measures against.
KEYWORDS = [
    ("Chemical weapon", r"chemical|chlorine|sarin|toxic gas|poison gas"),
    ("Suicide bomb", r"suicide"),
    ("Air/drone strike", r"air ?strike|air raid|warplane|jet|drone|helicopter|barrel bomb|aircraft|bombing raid"),
    ("Shelling/artillery/missile attack", r"shell|artillery|mortar|rocket|missile"),
    ("Remote explosive/landmine/IED", r"roadside bomb|ied|landmine|car bomb|explosive|bomb|blast|explosion"),
    ("Grenade", r"grenade"),
    ("Government regains territory", r"recaptur|retook|regain"),
    ("Non-state actor overtakes territory", r"seized|captured|overran|took control"),
    ("Abduction/forced disappearance", r"kidnap|abduct|hostage"),
    ("Sexual violence", r"rape|sexual"),
    ("Excessive force against protesters", r"protesters? (were )?(killed|shot)"),
    ("Protest with intervention", r"tear gas|water cannon|disperse"),
    ("Violent demonstration", r"riot"),
    ("Peaceful protest", r"protest|demonstrat|rally|march"),
    ("Arrests", r"arrest|detain"),
    ("Agreement", r"ceasefire|truce|agreement|deal"),
    ("Armed clash", r"clash|fight|battle|ambush|attack"),
    ("Attack", r"killed|shot|gunmen|massacre|executed"),
]


def keyword_label(text: str) -> str:
    low = text.lower()
    for label, pattern in KEYWORDS:
        if re.search(r"\b(" + pattern + r")", low):
            return label
    return "none"


#: The corpus sentences come without their articles' dates. None leaves relative dates unresolved
#: rather than judging every dated sentence against one made-up day (a 1990s "July 18" read
#: against a 2015 publication date is "background" and gives no event).
PUBLISHED = None


def rules_labels(texts, nlp, gazetteer, policy=None):
    from sitreps.extract import extract_article, mentions
    from sitreps.records import Article
    saved = mentions.POLICY
    if policy is not None:
        mentions.POLICY = policy
    try:
        out = []
        for i, t in enumerate(texts):
            art = Article(id=f"s{i}", text=t, published=PUBLISHED)
            x = extract_article(art, nlp, gazetteer)
            out.append(x.events[0].sub_event_type if x.events else "none")
        return out
    finally:
        mentions.POLICY = saved


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev", choices=["train", "dev", "test"])
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "events")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--model", type=Path, default=None, help="classifier folder (default: the bundled one)")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--sweep", action="store_true", help="also try a grid of policy thresholds (dev only)")
    args = ap.parse_args()

    from sitreps.extract import eventclass, mentions
    from sitreps.geo import Gazetteer
    from sitreps.nlp import load_nlp
    from sitreps.train.corpus import read_corpus
    from sitreps.train.evaluate import score

    examples, _ = read_corpus(args.corpus, args.shared)
    ex = [e for e in examples if e.split == args.split and not e.written]
    texts, gold = [e.text for e in ex], [e.label for e in ex]
    model = args.model or eventclass.default_model()
    gz = Gazetteer.default()
    preds = {"keywords": [keyword_label(t) for t in texts]}
    plain = load_nlp(gazetteer=gz, event_class=False)
    preds["rules"] = rules_labels(texts, plain, gz)
    if model is not None:
        clf = eventclass.EventClassifier(str(model))
        preds["classifier"] = [lab for lab, _ in clf.classify(texts, nlp=plain)]
    results = {name: score(gold, p) for name, p in preds.items()}
    if model is not None:
        both = load_nlp(gazetteer=gz, event_class=False)
        eventclass.add_to_pipeline(both, model)
        P = mentions.ClassifierPolicy
        for name, pol in [("rules+retype 0.7", P(retype=0.7, veto=None, rescue=None)),
                          ("rules+veto 0.9", P(retype=None, veto=0.9, rescue=None)),
                          ("rules+rescue 0.7", P(retype=None, veto=None, rescue=0.7)),
                          ("combined (default policy)", mentions.POLICY)]:
            preds[name] = rules_labels(texts, both, gz, pol)
            results[name] = score(gold, preds[name])
        if args.sweep and args.split != "test":
            for rt in (None, 0.7, 0.9):
                for veto in (None, 0.9):
                    for rescue in (0.5, 0.7, 0.9):
                        pol = P(retype=rt, veto=veto, rescue=rescue)
                        results[f"retype {rt} veto {veto} rescue {rescue}"] = score(
                            gold, rules_labels(texts, both, gz, pol))
    print(f"split {args.split}: {len(ex)} sentences, model {model}")
    keys = ["sub_event_weighted_f1", "event_type_weighted_f1", "no_event_precision", "no_event_recall"]
    print("| system | " + " | ".join(keys) + " |")
    for name, s in results.items():
        print(f"| {name} | " + " | ".join(f"{s[k]:.3f}" for k in keys) + " |")
    print()
    print_per_class(gold, {k: v for k, v in preds.items() if k in ("rules", "classifier", "combined (default policy)")})
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


def print_per_class(gold, preds) -> None:
    """F1 per class (no-event reasons collapsed) for each system, with the split's support."""
    from collections import Counter

    from sitreps.train.evaluate import collapse, prf
    g = [collapse(x) for x in gold]
    tables = {name: prf(g, [collapse(x) for x in p]) for name, p in preds.items()}
    support = Counter(g)
    print("| class | n | " + " | ".join(f"F1 {name}" for name in tables) + " |")
    print("| --- | --- | " + " | ".join("---" for _ in tables) + " |")
    for label in sorted(support, key=lambda k: (-support[k], k)):
        cells = [f"{t.get(label, {}).get('f', 0.0):.2f}" for t in tables.values()]
        print(f"| {label} | {support[label]} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
