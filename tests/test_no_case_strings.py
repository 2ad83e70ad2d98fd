"""The package holds no text copied from the dev cases: rules are fixed by error class, never by case."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.shared

PACKAGE = Path(__file__).resolve().parents[1] / "sitreps"
RUN = 7  # words: long enough that a shared run is a copied phrase, not an idiom


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _runs(words: list[str]) -> set[str]:
    return {" ".join(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


def test_package_has_no_seven_word_run_from_a_dev_case(shared_dir):
    dev = set()
    for case in sorted((shared_dir / "eval" / "dev").glob("*.json")):
        dev |= _runs(_words(json.loads(case.read_text(encoding="utf-8"))["text"]))
    hits = []
    for path in sorted(PACKAGE.rglob("*")):
        if "samples" in path.parts or path.suffix not in (".py", ".json", ".jsonl", ".tsv", ".txt", ".md", ".cfg"):
            continue
        found = _runs(_words(path.read_text(encoding="utf-8", errors="replace"))) & dev
        hits += [f"{path.relative_to(PACKAGE)}: {run}" for run in sorted(found)]
    assert not hits, "dev-case text in the package:\n" + "\n".join(hits)
