"""Train the sentence event classifier with `spacy train` and package it as a model folder.

    examples -> DocBin files (train, dev) -> spacy train (config eventclass_<arch>.cfg)
             -> model-best -> OUTPUT/ with meta.json and MODEL_CARD.md

The output folder loads with `spacy.load(OUTPUT)`; point sitreps at it with
`SITREPS_EVENT_MODEL=OUTPUT` or copy it over `sitreps/data/models/eventclass/`.
"""
from __future__ import annotations

import json
import logging
import shutil
import tempfile
from importlib import resources
from pathlib import Path
from typing import Iterable, Optional, Sequence

from .corpus import Example, labels

log = logging.getLogger(__name__)

ARCHES = ("bow", "cnn")


def config_path(arch: str) -> Path:
    """The bundled training config of an architecture."""
    if arch not in ARCHES:
        raise ValueError(f"unknown architecture {arch!r}: one of {', '.join(ARCHES)}")
    return Path(str(resources.files("sitreps.train").joinpath(f"eventclass_{arch}.cfg")))


def with_rule_tokens(examples: Sequence[Example], nlp) -> list[Example]:
    """Each example's text after the rules' token for it (see `sitreps.extract.eventclass.features`)."""
    from dataclasses import replace

    from ..extract.eventclass import features
    import sys

    from ..progress import bar
    docs = bar(nlp.pipe([e.text for e in examples], batch_size=256), total=len(examples), unit="sent",
               desc="rules' reading", enabled=sys.stderr.isatty())
    return [replace(e, text=features(d[:], True)) for e, d in zip(examples, docs)]


def to_docbin(examples: Iterable[Example], label_set: Sequence[str]):
    """Examples as a spaCy DocBin: the text tokenized, `doc.cats` one-hot over `label_set`."""
    import spacy
    from spacy.tokens import DocBin
    nlp = spacy.blank("en")
    db = DocBin()
    for e in examples:
        doc = nlp.make_doc(e.text)
        doc.cats = {lab: float(lab == e.label) for lab in label_set}
        db.add(doc)
    return db


def train(examples: Sequence[Example], output: Path, arch: str = "bow", max_steps: Optional[int] = None,
          seed: int = 0, overrides: Optional[dict] = None, rules: bool = True, nlp=None) -> Path:
    """Train on the `train` split, select on `dev`, write the best model to `output`. Returns `output`.

    With `rules`, each sentence is read after a token that says what the trigger rules make of it,
    so the model learns when to trust them; `nlp` is the parsing pipeline that computes it.
    """
    from spacy.cli.train import train as spacy_train
    train_set = [e for e in examples if e.split == "train"]
    dev_set = [e for e in examples if e.split == "dev"]
    if rules:
        if nlp is None:
            from ..nlp import load_nlp
            nlp = load_nlp(event_class=False)
        train_set, dev_set = with_rule_tokens(train_set, nlp), with_rule_tokens(dev_set, nlp)
    if not train_set or not dev_set:
        raise ValueError(f"need train and dev examples (got {len(train_set)} train, {len(dev_set)} dev)")
    label_set = [lab for lab in labels() if any(e.label == lab for e in train_set)]
    output = Path(output)
    with tempfile.TemporaryDirectory(prefix="sitreps-train-") as tmp:
        tmp = Path(tmp)
        to_docbin(train_set, label_set).to_disk(tmp / "train.spacy")
        to_docbin(dev_set, label_set).to_disk(tmp / "dev.spacy")
        settings = {"paths.train": str(tmp / "train.spacy"), "paths.dev": str(tmp / "dev.spacy"),
                    "system.seed": seed, "training.seed": seed}
        if max_steps is not None:
            settings["training.max_steps"] = max_steps
        settings.update(overrides or {})
        spacy_train(config_path(arch), tmp / "out", overrides=settings)
        if output.exists():
            shutil.rmtree(output)
        shutil.copytree(tmp / "out" / "model-best", output)
    meta_path = output / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update({"name": "sitreps_eventclass", "version": "1.0.0",
                 "description": "Sentence event classifier of sitreps: ACLED sub-event type or a no-event reason.",
                 "sitreps": {"arch": arch, "features": "rules+text" if rules else "text", "labels": label_set, "train_examples": len(train_set),
                             "dev_examples": len(dev_set), "seed": seed}})
    meta_path.write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return output
