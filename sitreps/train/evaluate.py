"""Score sentence labels against gold: the numbers BENCHMARKS.md reports for the event classifier.

The headline measure is the issue's: weighted F1 over ACLED's 25 sub-event types, where every
`none:` label counts as one class "none" (a missed event and a false event are both errors).
"""
from __future__ import annotations

from collections import Counter
from typing import Sequence

from ..lexicon import sub_event_types

NONE = "none"


def collapse(label: str) -> str:
    """A `none:` reason as plain "none"; sub-event types unchanged."""
    return NONE if label.startswith("none") else label


def event_type(label: str) -> str:
    """The ACLED event type of a sub-event type, or "none"."""
    label = collapse(label)
    return NONE if label == NONE else sub_event_types()[label]


def prf(gold: Sequence[str], pred: Sequence[str]) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and support of each label."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for g, p in zip(gold, pred):
        if g == p:
            tp[g] += 1
        else:
            fp[p] += 1
            fn[g] += 1
    out = {}
    for lab in set(gold) | set(pred):
        p = tp[lab] / (tp[lab] + fp[lab]) if tp[lab] + fp[lab] else 0.0
        r = tp[lab] / (tp[lab] + fn[lab]) if tp[lab] + fn[lab] else 0.0
        out[lab] = {"p": p, "r": r, "f": 2 * p * r / (p + r) if p + r else 0.0, "n": tp[lab] + fn[lab]}
    return out


def weighted_f1(gold: Sequence[str], pred: Sequence[str], exclude: tuple[str, ...] = ()) -> float:
    """F1 of each gold label weighted by its support (labels in `exclude` left out of the average)."""
    table = prf(gold, pred)
    rows = [(v["f"], v["n"]) for k, v in table.items() if k not in exclude and v["n"]]
    total = sum(n for _, n in rows)
    return sum(f * n for f, n in rows) / total if total else 0.0


def score(gold: Sequence[str], pred: Sequence[str]) -> dict[str, float]:
    """The classifier's summary numbers over one split."""
    g, p = [collapse(x) for x in gold], [collapse(x) for x in pred]
    table = prf(g, p)
    ge, pe = [event_type(x) for x in gold], [event_type(x) for x in pred]
    none = table.get(NONE, {"p": 0.0, "r": 0.0})
    return {
        "n": len(gold),
        "sub_event_weighted_f1": weighted_f1(g, p),
        "sub_event_weighted_f1_events_only": weighted_f1(g, p, exclude=(NONE,)),
        "event_type_weighted_f1": weighted_f1(ge, pe),
        "accuracy_32": sum(a == b for a, b in zip(gold, pred)) / len(gold) if gold else 0.0,
        "no_event_precision": none["p"],
        "no_event_recall": none["r"],
    }


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float:
    """Cohen's kappa of two labellers over the same items."""
    n = len(a)
    if n == 0:
        return 0.0
    po = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return (po - pe) / (1 - pe) if pe < 1 else 1.0
