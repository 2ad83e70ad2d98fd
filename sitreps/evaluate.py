"""Score extracted events, figures and contradictions against gold cases (../shared/eval/SPEC.md).

    from sitreps.evaluate import evaluate, format_report
    report = evaluate("../shared/eval/dev")                 # runs Pipeline() on each case
    report = evaluate("../shared/eval/dev", pred="out.jsonl")  # scores `sitreps extract --format jsonl` output
    print(format_report(report))

How things are matched (all counts are micro, over every case):

* Events, one-to-one (Hungarian assignment): same event_type, event_date within
  ±1 day (±7 when the gold's time_precision > 1), and places ≤ 50 km apart
  (haversine); when either side lacks coordinates, the `location` names must
  be equal, case-insensitively. Precision, recall and F1 count matched events.
* On matched events, field accuracy: sub_event_type; actors as an unordered
  pair (`actor_pair`), the initiator alone (`actor1`) and one by one (`actors`, the
  share of gold actors found in the predicted pair), names compared
  case-insensitively, hyphens as spaces, without a trailing government period such
  as " (2000-)" and without an ACLED short-name prefix such as "AQAP: ", and an
  "Unidentified ..." actor counting as none (SPEC codes null where ACLED writes
  "Unidentified Armed Group"); fatalities (equal); location (≤ 25 km, or equal names);
  event_date (equal); geo_precision and time_precision (equal).
* Figures, one-to-one: same kind and value (and value_high when the gold has one).
* Contradictions: a gold contradiction is found when a predicted contradiction
  of the same article shares a disputed value or a source (one significant
  word of a source name in common); each predicted one is used once.
  `found_by_count` is the cruder proxy: an article's gold contradictions count
  as found up to the number the prediction has. Predicted contradictions in
  articles whose gold has none are false alarms.
* Negative cases (no gold events): predicted events there are counted apart.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import logging
import math
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional, Union

from .errors import EvaluationError
from .records import Article

log = logging.getLogger(__name__)

__all__ = ["evaluate", "EvalReport", "CaseResult", "format_report", "check_floors", "load_cases",
           "load_predictions", "score_case", "FIELDS", "METRICS"]

PLACE_KM = 50.0
LOCATION_KM = 25.0
REQUIRED_KEYS = ("id", "published", "events", "figures", "contradictions")
#: Where a case whose text stays in its corpus ("source": {"corpus": "fakes", ...}) is read from,
#: relative to the shared folder (`--shared`, default ../shared).
SOURCE_FILES = {"fakes": "corpus/fakes/FA-KES-Dataset.csv"}
DEFAULT_SHARED = Path("../shared")
FIELDS = ("sub_event_type", "actor_pair", "actor1", "actors", "fatalities", "location", "event_date", "geo_precision",
          "time_precision")

_PERIOD = re.compile(r"\s*\(\d{4}-(\d{4})?\)\s*$")
_PREFIX = re.compile(r"^[A-Z0-9][A-Za-z0-9\-]{0,9}:\s+")
_STOP = {"the", "a", "an", "of", "and", "in", "on", "for", "to", "local", "official", "officials", "said",
         "spokesman", "spokeswoman", "source", "sources", "ministry", "group", "initial", "media", "quoting",
         "senior", "news", "agency"}

Prediction = dict[str, Any]  # {"events": [...], "figures": [...], "contradictions": [...]} as plain dicts


# --------------------------------------------------------------------------
# Report


@dataclass
class CaseResult:
    """How one gold case scored, with the errors a developer reads to learn."""

    id: str
    gold_events: int
    pred_events: int
    matched: int
    errors: list[str] = field(default_factory=list)


@dataclass
class EvalReport:
    """Scores over a folder of gold cases. `to_dict()` gives plain JSON-able data."""

    gold_dir: str
    n_cases: int = 0
    events: dict[str, Any] = field(default_factory=dict)        # tp, fp, fn, precision, recall, f1
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> correct, total, accuracy
    figures: dict[str, Any] = field(default_factory=dict)       # tp, fp, fn, precision, recall, f1
    contradictions: dict[str, Any] = field(default_factory=dict)
    negative: dict[str, Any] = field(default_factory=dict)      # cases, cases_with_events, events
    cases: list[CaseResult] = field(default_factory=list)
    missing_predictions: list[str] = field(default_factory=list)  # case ids the prediction file lacks
    failed: list[str] = field(default_factory=list)              # "id: reason" where extraction raised

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def metric(self, name: str) -> Optional[float]:
        """One number by name: event_f1/precision/recall, figure_f1/..., contradiction_recall,
        a field name (its accuracy), or events_on_negative_cases. None when it has no value."""
        if name.startswith("event_") and name[6:] in ("f1", "precision", "recall"):
            return self.events.get(name[6:])
        if name.startswith("figure_") and name[7:] in ("f1", "precision", "recall"):
            return self.figures.get(name[7:])
        if name == "contradiction_recall":
            return self.contradictions.get("recall")
        if name == "events_on_negative_cases":
            return self.negative.get("events")
        if name in self.fields:
            return self.fields[name].get("accuracy")
        raise KeyError(name)


METRICS = ("event_f1", "event_precision", "event_recall", "figure_f1", "figure_precision", "figure_recall",
           "contradiction_recall") + FIELDS


# --------------------------------------------------------------------------
# Reading gold and predictions


@lru_cache(maxsize=4)
def _source_articles(path: Path) -> dict[str, tuple[str, str]]:
    with path.open(encoding="latin-1", newline="") as f:
        return {r["unit_id"]: (r["article_title"], r["article_content"]) for r in csv.DictReader(f)}


def source_text(source: dict[str, Any], shared: Path) -> str:
    """The text of a case kept by reference: headline, blank line, body, checked against its hash."""
    corpus = SOURCE_FILES.get(source.get("corpus", ""))
    if corpus is None:
        raise EvaluationError(f"unknown source corpus {source.get('corpus')!r}")
    path = shared / corpus
    if not path.is_file():
        raise EvaluationError(f"{path} is missing: this case keeps its text there (give --shared)")
    title, body = _source_articles(path).get(str(source.get("article")), (None, None))
    if body is None:
        raise EvaluationError(f"article {source.get('article')} is not in {path}")
    text = f"{title.strip()}\n\n{body.strip()}"
    if hashlib.sha1(text.encode("utf-8")).hexdigest()[:12] != source.get("sha1"):
        raise EvaluationError(f"article {source.get('article')} in {path} is not the text this case was coded on")
    return text


def _with_text(case: dict[str, Any], shared: Optional[Path]) -> dict[str, Any]:
    """A case with its text: its own, or read from its source, with evidence cut from its spans."""
    if "text" in case:
        return case
    if "source" not in case:
        raise EvaluationError(f"case {case.get('id')}: neither text nor source")
    text = source_text(case["source"], Path(shared) if shared is not None else DEFAULT_SHARED)
    case = dict(case, text=text)
    for key in ("events", "figures"):
        case[key] = [dict(r, evidence=text[r["evidence_span"][0]:r["evidence_span"][1]])
                     if r.get("evidence_span") else r for r in case[key]]
    return case


def load_cases(gold_dir: Union[str, Path], shared: Union[str, Path, None] = None) -> list[dict[str, Any]]:
    """The gold cases of a folder (`*.json`, sorted); EvaluationError names a bad file.

    A case either holds its text or names it in a corpus under `shared` (default ../shared):
    `"source": {"corpus": "fakes", "article": "<unit_id>", "sha1": "<12 hex>"}`.
    """
    folder = Path(gold_dir)
    if not folder.is_dir():
        raise EvaluationError(f"{folder}: not a folder of gold cases")
    files = sorted(folder.glob("*.json"))
    if not files:
        raise EvaluationError(f"{folder}: no *.json gold cases")
    cases = []
    for f in files:
        try:
            case = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise EvaluationError(f"{f}: not valid JSON ({exc})") from exc
        if not isinstance(case, dict):
            raise EvaluationError(f"{f}: a gold case must be a JSON object")
        missing = [k for k in REQUIRED_KEYS if k not in case]
        if missing:
            raise EvaluationError(f"{f}: missing {', '.join(missing)}")
        try:
            dt.date.fromisoformat(case["published"])
        except (TypeError, ValueError) as exc:
            raise EvaluationError(f"{f}: published {case['published']!r} is not an ISO date") from exc
        cases.append(_with_text(case, shared))
    ids = [c["id"] for c in cases]
    if len(set(ids)) != len(ids):
        raise EvaluationError(f"{folder}: duplicate case ids")
    return cases


def load_predictions(path: Union[str, Path]) -> dict[str, Prediction]:
    """Predictions by article_id from a JSONL file as `sitreps extract --format jsonl` writes it."""
    preds: dict[str, Prediction] = {}
    try:
        with open(path, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    d = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise EvaluationError(f"{path}:{lineno}: not valid JSON ({exc.msg})") from exc
                if not isinstance(d, dict) or "article_id" not in d:
                    raise EvaluationError(f"{path}:{lineno}: a prediction line needs an article_id")
                preds[str(d["article_id"])] = {k: list(d.get(k) or []) for k in ("events", "figures",
                                                                                 "contradictions")}
    except OSError as exc:
        raise EvaluationError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    return preds


def case_article(case: dict[str, Any]) -> Article:
    """The Article a gold case stands for: its id, text and publication date; title = first line."""
    text = case["text"]
    return Article(id=str(case["id"]), text=text, title=text.split("\n", 1)[0].strip(),
                   published=dt.date.fromisoformat(case["published"]), origin=str(case["id"]))


# --------------------------------------------------------------------------
# Comparisons


def _date(value: Any) -> Optional[dt.date]:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _km(a: dict[str, Any], b: dict[str, Any]) -> Optional[float]:
    """Great-circle distance between two events, None when either lacks coordinates."""
    try:
        lat1, lon1, lat2, lon2 = (float(x) for x in (a["latitude"], a["longitude"], b["latitude"], b["longitude"]))
    except (KeyError, TypeError, ValueError):
        return None
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _same_name(a: Any, b: Any) -> bool:
    return bool(a) and bool(b) and str(a).strip().casefold() == str(b).strip().casefold()


def _near(gold: dict[str, Any], pred: dict[str, Any], km: float) -> bool:
    d = _km(gold, pred)
    return d <= km if d is not None else _same_name(gold.get("location"), pred.get("location"))


def normalize_actor(name: Any) -> Optional[str]:
    """An actor name as compared: case-folded, hyphens as spaces, without a government period or
    short-name prefix; an unidentified actor counts as none."""
    if not name:
        return None
    s = _PERIOD.sub("", str(name).strip())
    s = _PREFIX.sub("", s)
    s = " ".join(s.casefold().replace("-", " ").split())
    # the text names no attacker: SPEC codes it null, ACLED "Unidentified Armed Group (<country>)"
    return None if not s or s.startswith("unidentified") else s


def _date_window(gold: dict[str, Any]) -> int:
    return 7 if (gold.get("time_precision") or 1) > 1 else 1


def _matchable(gold: dict[str, Any], pred: dict[str, Any]) -> Optional[float]:
    """A match score (higher is closer) when the two events may be the same, else None."""
    if gold.get("event_type") != pred.get("event_type"):
        return None
    gd, pd_ = _date(gold.get("event_date")), _date(pred.get("event_date"))
    if gd is None or pd_ is None:
        return None
    days = abs((gd - pd_).days)
    if days > _date_window(gold):
        return None
    km = _km(gold, pred)
    if km is None:
        if not _same_name(gold.get("location"), pred.get("location")):
            return None
        km = 0.0
    elif km > PLACE_KM:
        return None
    score = 3.0 - days / 8 - km / PLACE_KM
    score += gold.get("sub_event_type") == pred.get("sub_event_type")
    score += 0.5 * (gold.get("fatalities") == pred.get("fatalities"))
    return score


def _assign(scores: list[list[Optional[float]]]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index) maximising the total score over feasible pairs."""
    if not scores or not scores[0]:
        return []
    try:
        import numpy as np
        from scipy.optimize import linear_sum_assignment
    except ImportError:  # greedy by best score
        cells = sorted(((s, i, j) for i, row in enumerate(scores) for j, s in enumerate(row) if s is not None),
                       reverse=True)
        used_g, used_p, pairs = set(), set(), []
        for _, i, j in cells:
            if i not in used_g and j not in used_p:
                used_g.add(i), used_p.add(j), pairs.append((i, j))
        return sorted(pairs)
    weights = np.array([[s if s is not None else -1e6 for s in row] for row in scores], dtype=float)
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return [(int(i), int(j)) for i, j in zip(rows, cols) if scores[i][j] is not None]


def _describe(e: dict[str, Any]) -> str:
    place = e.get("location") or "?"
    return (f"{e.get('event_date') or '?'} {e.get('sub_event_type') or e.get('event_type') or '?'} at {place} "
            f"({e.get('fatalities', 0)} killed)")


def _field_checks(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, tuple[int, int, str]]:
    """Per field: (correct, total, message when wrong)."""
    out: dict[str, tuple[int, int, str]] = {}

    def equal(name: str) -> None:
        g, p = gold.get(name), pred.get(name)
        out[name] = (int(g == p), 1, f"{name}: gold {g!r}, predicted {p!r}")

    equal("sub_event_type")
    g_actors = [normalize_actor(gold.get("actor1")), normalize_actor(gold.get("actor2"))]
    p_actors = [normalize_actor(pred.get("actor1")), normalize_actor(pred.get("actor2"))]
    msg = f"actors: gold {gold.get('actor1')!r} / {gold.get('actor2')!r}, " \
          f"predicted {pred.get('actor1')!r} / {pred.get('actor2')!r}"
    out["actor_pair"] = (int(sorted(g_actors, key=str) == sorted(p_actors, key=str)), 1, msg)
    out["actor1"] = (int(g_actors[0] == p_actors[0]), 1, msg)
    named = [a for a in g_actors if a]
    found = sum(1 for a in named if a in p_actors)
    out["actors"] = (found, len(named), msg)
    g_fat, p_fat = gold.get("fatalities") or 0, pred.get("fatalities") or 0
    out["fatalities"] = (int(g_fat == p_fat), 1, f"fatalities: gold {g_fat}, predicted {p_fat}")
    km = _km(gold, pred)
    where = f"{km:.0f} km apart" if km is not None else "no coordinates"
    out["location"] = (int(_near(gold, pred, LOCATION_KM)), 1,
                       f"location: gold {gold.get('location')!r}, predicted {pred.get('location')!r} ({where})")
    equal("event_date")
    equal("geo_precision")
    equal("time_precision")
    return out


def _significant_words(text: Any) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", str(text or "").casefold()) if w not in _STOP and len(w) > 1}


def _contradiction_overlap(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    g_claims, p_claims = gold.get("claims") or [], pred.get("claims") or []
    g_values = {float(c["value"]) for c in g_claims if c.get("value") is not None}
    p_values = {float(c["value"]) for c in p_claims if c.get("value") is not None}
    if g_values & p_values:
        return True
    g_words = set().union(*(_significant_words(c.get("source")) for c in g_claims)) if g_claims else set()
    p_words = set().union(*(_significant_words(c.get("source")) for c in p_claims)) if p_claims else set()
    return bool(g_words & p_words)


def _figure_match(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    def num(v: Any) -> Optional[float]:
        return float(v) if v is not None else None

    if gold.get("kind") != pred.get("kind") or num(gold.get("value")) != num(pred.get("value")):
        return False
    return gold.get("value_high") is None or num(gold.get("value_high")) == num(pred.get("value_high"))


# --------------------------------------------------------------------------
# Scoring


@dataclass
class _Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def scores(self) -> dict[str, Any]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else None
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else None
        f1 = 2 * p * r / (p + r) if p is not None and r is not None and p + r else (0.0 if p is not None
                                                                                     or r is not None else None)
        rnd = (lambda x: round(x, 4) if x is not None else None)
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": rnd(p), "recall": rnd(r), "f1": rnd(f1)}


@dataclass
class _Totals:
    events: _Tally = field(default_factory=_Tally)
    figures: _Tally = field(default_factory=_Tally)
    fields: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in FIELDS})
    contra_gold: int = 0
    contra_found: int = 0
    contra_by_count: int = 0
    contra_pred: int = 0
    false_alarms: int = 0
    false_alarm_articles: int = 0
    negative_cases: int = 0
    negative_with_events: int = 0
    negative_events: int = 0


def score_case(case: dict[str, Any], pred: Prediction, totals: Optional[_Totals] = None) -> CaseResult:
    """Score one case's prediction, adding to `totals` when given."""
    t = totals if totals is not None else _Totals()
    gold_events, pred_events = list(case["events"]), list(pred.get("events") or [])
    result = CaseResult(id=str(case["id"]), gold_events=len(gold_events), pred_events=len(pred_events), matched=0)
    pairs = _assign([[_matchable(g, p) for p in pred_events] for g in gold_events])
    result.matched = len(pairs)
    t.events.tp += len(pairs)
    t.events.fn += len(gold_events) - len(pairs)
    t.events.fp += len(pred_events) - len(pairs)
    matched_g, matched_p = {i for i, _ in pairs}, {j for _, j in pairs}
    for i, g in enumerate(gold_events):
        if i not in matched_g:
            result.errors.append(f"missed: {_describe(g)}")
    for j, p in enumerate(pred_events):
        if j not in matched_p:
            result.errors.append(f"spurious: {_describe(p)}")
    for i, j in pairs:
        for name, (ok, total, msg) in _field_checks(gold_events[i], pred_events[j]).items():
            t.fields[name][0] += ok
            t.fields[name][1] += total
            if ok < total and name not in ("actors", "actor1"):  # the actor fields share one message
                result.errors.append(f"event {i + 1} ({gold_events[i].get('event_date')}) {msg}")
    if not gold_events:
        t.negative_cases += 1
        t.negative_events += len(pred_events)
        t.negative_with_events += bool(pred_events)

    gold_figs, pred_figs = list(case["figures"]), list(pred.get("figures") or [])
    fig_pairs = _assign([[1.0 if _figure_match(g, p) else None for p in pred_figs] for g in gold_figs])
    t.figures.tp += len(fig_pairs)
    t.figures.fn += len(gold_figs) - len(fig_pairs)
    t.figures.fp += len(pred_figs) - len(fig_pairs)
    found_f = {i for i, _ in fig_pairs}
    for i, g in enumerate(gold_figs):
        if i not in found_f:
            result.errors.append(f"missed figure: {g.get('kind')} {g.get('qualifier', '')} {g.get('value')}".replace(
                "  ", " "))

    gold_c, pred_c = list(case["contradictions"]), list(pred.get("contradictions") or [])
    c_pairs = _assign([[1.0 if _contradiction_overlap(g, p) else None for p in pred_c] for g in gold_c])
    t.contra_gold += len(gold_c)
    t.contra_pred += len(pred_c)
    t.contra_found += len(c_pairs)
    t.contra_by_count += min(len(gold_c), len(pred_c))
    found_c = {i for i, _ in c_pairs}
    for i, g in enumerate(gold_c):
        if i not in found_c:
            result.errors.append(f"missed contradiction: {g.get('about')}")
    if not gold_c and pred_c:
        t.false_alarms += len(pred_c)
        t.false_alarm_articles += 1
        result.errors.append(f"{len(pred_c)} contradiction(s) predicted where the gold has none")
    return result


def _extract_all(cases: list[dict[str, Any]], pipeline: Any, report: EvalReport,
                 progress: bool = False) -> dict[str, Prediction]:
    from .ingest import FATAL_ERRORS
    from .progress import bar

    if pipeline is None:
        from .pipeline import Pipeline

        pipeline = Pipeline()
    preds: dict[str, Prediction] = {}
    for case in bar(cases, total=len(cases), desc="evaluate", unit="case", enabled=progress):
        try:
            ext = pipeline.extract(case_article(case))
        except FATAL_ERRORS:
            raise
        except Exception as exc:  # noqa: BLE001 - one failing case is reported, the others are scored
            log.warning("extraction failed on %s: %s", case["id"], exc)
            report.failed.append(f"{case['id']}: {type(exc).__name__}: {exc}")
            preds[str(case["id"])] = {"events": [], "figures": [], "contradictions": []}
            continue
        d = ext.to_dict()
        preds[str(case["id"])] = {k: d[k] for k in ("events", "figures", "contradictions")}
    return preds


def evaluate(gold_dir: Union[str, Path], pred: Union[str, Path, None] = None, pipeline: Any = None,
             shared: Union[str, Path, None] = None, progress: bool = False) -> EvalReport:
    """Score a folder of gold cases.

    pred: a JSONL file of predictions (one line per article, matched on article_id == case id);
    without it, `pipeline.extract` runs on each case (None loads `sitreps.pipeline.Pipeline()`).
    Raises EvaluationError for a malformed gold file or prediction file.
    """
    cases = load_cases(gold_dir, shared)
    report = EvalReport(gold_dir=str(gold_dir), n_cases=len(cases))
    if pred is not None:
        preds = load_predictions(pred)
        report.missing_predictions = [str(c["id"]) for c in cases if str(c["id"]) not in preds]
    else:
        preds = _extract_all(cases, pipeline, report, progress=progress)
    totals = _Totals()
    empty: Prediction = {"events": [], "figures": [], "contradictions": []}
    for case in cases:
        report.cases.append(score_case(case, preds.get(str(case["id"]), empty), totals))
    report.events = totals.events.scores()
    report.figures = totals.figures.scores()
    report.fields = {name: {"correct": c, "total": n, "accuracy": round(c / n, 4) if n else None}
                     for name, (c, n) in totals.fields.items()}
    report.contradictions = {
        "gold": totals.contra_gold, "found": totals.contra_found,
        "recall": round(totals.contra_found / totals.contra_gold, 4) if totals.contra_gold else None,
        "found_by_count": totals.contra_by_count, "predicted": totals.contra_pred,
        "false_alarms": totals.false_alarms, "false_alarm_articles": totals.false_alarm_articles,
    }
    report.negative = {"cases": totals.negative_cases, "cases_with_events": totals.negative_with_events,
                       "events": totals.negative_events}
    return report


# --------------------------------------------------------------------------
# Presenting and gating


def _pct(x: Optional[float]) -> str:
    return "   -" if x is None else f"{x:.2f}"


def format_report(report: EvalReport, errors: bool = True) -> str:
    """The report as a readable table; with `errors`, each case's missed, spurious and wrong fields."""
    e, f, c = report.events, report.figures, report.contradictions
    lines = [f"{report.n_cases} cases from {report.gold_dir}", "",
             f"{'':16}{'P':>6}{'R':>6}{'F1':>6}   tp  fp  fn",
             f"{'events':16}{_pct(e['precision']):>6}{_pct(e['recall']):>6}{_pct(e['f1']):>6}"
             f"  {e['tp']:>3} {e['fp']:>3} {e['fn']:>3}",
             f"{'figures':16}{_pct(f['precision']):>6}{_pct(f['recall']):>6}{_pct(f['f1']):>6}"
             f"  {f['tp']:>3} {f['fp']:>3} {f['fn']:>3}",
             "", "on matched events:  accuracy  (correct/total)"]
    for name in FIELDS:
        v = report.fields[name]
        lines.append(f"  {name:16}  {_pct(v['accuracy']):>6}    ({v['correct']}/{v['total']})")
    lines += ["",
              f"contradictions: found {c['found']}/{c['gold']} (by count {c['found_by_count']}/{c['gold']}); "
              f"false alarms {c['false_alarms']} in {c['false_alarm_articles']} article(s)",
              f"negative cases: {report.negative['events']} event(s) predicted on "
              f"{report.negative['cases_with_events']}/{report.negative['cases']} cases with no gold event"]
    if report.missing_predictions:
        lines.append(f"no prediction for: {', '.join(report.missing_predictions)}")
    if report.failed:
        lines.append("extraction failed: " + "; ".join(report.failed))
    if errors:
        lines += ["", "per case (gold/predicted/matched events):"]
        for case in report.cases:
            lines.append(f"  {case.id}: {case.gold_events}/{case.pred_events}/{case.matched}"
                         + ("" if case.errors else "  ok"))
            lines += [f"      {err}" for err in case.errors]
    return "\n".join(lines)


def check_floors(report: EvalReport, floors: dict[str, float]) -> list[str]:
    """One line per metric below its floor (or unknown, or without a value); empty when all pass."""
    failures = []
    for name, floor in floors.items():
        if name.startswith("_"):  # comments in the floors file
            continue
        try:
            value = report.metric(name)
        except KeyError:
            failures.append(f"{name}: unknown metric (known: {', '.join(METRICS)})")
            continue
        if value is None:
            failures.append(f"{name}: no value to compare with floor {floor}")
        elif value < floor:
            failures.append(f"{name}: {value:.4f} is below the floor {floor}")
    return failures


def load_floors(path: Union[str, Path]) -> dict[str, float]:
    """Floors pinned in a JSON file such as tests/eval_floors.json."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EvaluationError(f"{path}: cannot read floors ({exc})") from exc
    if not isinstance(data, dict):
        raise EvaluationError(f"{path}: floors must be a JSON object")
    return data

