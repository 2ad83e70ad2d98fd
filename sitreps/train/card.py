"""The model card written beside a trained event classifier."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Optional, Sequence

from .corpus import Example, SPLITS


def write_card(output: Path, examples: Sequence[Example], source: str, arch: str, dev_scores: dict,
               size_bytes: int, extra: Optional[str] = None, per_class: Optional[dict] = None,
               trained: Optional[dt.date] = None, settings: str = "") -> Path:
    """MODEL_CARD.md: what the model is for, what it was trained on, how well it does on dev.

    `per_class`: `sitreps.train.evaluate.prf` over dev (no-event reasons collapsed)."""
    per_split = {s: Counter(e.label for e in examples if e.split == s) for s in SPLITS}
    labels = sorted(set().union(*per_split.values()))
    rows = "\n".join(f"| {lab} | " + " | ".join(str(per_split[s][lab]) for s in SPLITS) + " |" for lab in labels)
    written = sum(e.written for e in examples)
    scores = "\n".join(f"| {k} | {v:.3f} |" if isinstance(v, float) else f"| {k} | {v} |"
                       for k, v in dev_scores.items())
    classes = ""
    if per_class:
        classes = "\n\n| class (dev) | n | precision | recall | F1 |\n| --- | --- | --- | --- | --- |\n" + "\n".join(
            f"| {lab} | {v['n']} | {v['p']:.2f} | {v['r']:.2f} | {v['f']:.2f} |"
            for lab, v in sorted(per_class.items(), key=lambda kv: (-kv[1]["n"], kv[0])) if v["n"])
    when = (trained or dt.date.today()).isoformat()
    text = f"""# Model card: sitreps sentence event classifier

**Trained** {when}{", " + settings if settings else ""}.

**What it does.** Gives one sentence of news an ACLED sub-event type (25 classes) or a reason it
reports no event (`none:background`, `none:aggregate`, `none:threat`, `none:statement`,
`none:denial`, `none:not_political`, `none:other`). sitreps runs it as the spaCy component
`sitreps_event_class_v1` on sentences that carry a violence, protest or figure cue.

**Architecture.** spaCy `textcat` (exclusive classes), config `eventclass_{arch}.cfg`, trained
on CPU with `spacy train`. Size on disk: {size_bytes / 1e6:.1f} MB.

**Training data.** {source}. {len(examples)} sentences ({written} written by the team for rare
classes, all in train). Splits are by outlet; the test split is frozen and not used here.

| label | train | dev | test |
| --- | --- | --- | --- |
{rows}

**Scores on dev** (weighted F1 over the 25 sub-event types with every `none:` class counted as
one "none" class; see `sitreps.train.evaluate`):

| measure | value |
| --- | --- |
{scores}{classes}

**Limits.** Trained on English wire and monitoring reports, mostly of the wars in Iraq and Syria;
other regions and registers score lower. It labels a sentence, not an event: actors, place, date
and counts still come from the rules. Probabilities are not calibrated. Do not use it to decide
alone whether an event happened.
"""
    if extra:
        text += "\n" + extra + "\n"
    path = Path(output) / "MODEL_CARD.md"
    path.write_text(text, encoding="utf-8")
    return path
