"""Deterministic pipelines for the Dask tests: picklable factories that workers call once each."""
from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Iterable

from sitreps.records import Article, Event, Extraction
from tests.store.store_fakes import STRIKE, JsonPipeline

DIE = '"die": true'


def json_pipeline() -> JsonPipeline:
    """Extracts what each article's JSON text says (see tests/store/store_fakes.py)."""
    return JsonPipeline()


class DyingPipeline(JsonPipeline):
    """A JsonPipeline whose process exits the first time it meets an article marked to die.

    The marker file records the death, so the retried task (on a fresh worker) goes through.
    """

    def __init__(self, marker: str):
        super().__init__()
        self.marker = Path(marker)

    def extract(self, a: Article) -> Extraction:
        if DIE in a.text and not self.marker.exists():
            self.marker.write_text(str(os.getpid()))
            os._exit(1)
        return super().extract(a)

    def extract_many(self, articles: Iterable[Article], batch_size: int = 32):
        return [self.extract(a) for a in articles]


class DyingFactory:
    """Picklable factory of DyingPipelines sharing one marker file."""

    def __init__(self, marker: str):
        self.marker = marker

    def __call__(self) -> DyingPipeline:
        return DyingPipeline(self.marker)


class CountingFactory:
    """Builds JsonPipelines and leaves one file per build in `folder`, to count model loads."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self) -> JsonPipeline:
        Path(self.folder, f"load-{os.getpid()}-{os.urandom(4).hex()}").touch()
        return JsonPipeline()


# -- English articles for tests that read files (the readers reject text that is not English) -------

CITIES = {"Aleppo": (36.2021, 37.1343, "Aleppo"), "Homs": (34.7324, 36.7137, "Homs"),
          "Idlib": (35.9306, 36.6339, "Idlib"), "Daraa": (32.6189, 36.1021, "Daraa")}
_SENTENCE = re.compile(r"(\d+) people were killed in (\w+) on (\d{4}-\d{2}-\d{2}), (\w[\w ]*?) said")


class ProsePipeline:
    """Finds 'N people were killed in CITY on DATE, SOURCE said' sentences; fails on 'UNPARSEABLE'."""

    def extract(self, a: Article) -> Extraction:
        if "UNPARSEABLE" in a.text:
            raise ValueError(f"cannot parse {a.id}")
        events = []
        for n, city, day, source in _SENTENCE.findall(a.text):
            lat, lon, admin1 = CITIES[city]
            events.append(Event(**{**STRIKE, "event_date": day, "location": city, "admin1": admin1,
                                   "latitude": lat, "longitude": lon, "fatalities": int(n),
                                   "sources": [source], "evidence": f"{n} people were killed in {city}",
                                   "article_id": a.id}))
        return Extraction(article=a, events=events)

    def extract_many(self, articles: Iterable[Article], batch_size: int = 32):
        return [self.extract(a) for a in articles]


def prose_pipeline() -> ProsePipeline:
    return ProsePipeline()


def prose_articles(n: int) -> list[dict]:
    """n JSONL-ready English reports; every third retells the one before from another source with
    another toll, so linking merges them."""
    out = []
    cities = list(CITIES)
    for i in range(n):
        base = i - 1 if i % 3 == 2 else i
        day = dt.date(2016, 1, 1) + dt.timedelta(days=base * 3)
        city = cities[base % len(cities)]
        source = "the Syrian Observatory" if i % 3 == 2 else "state media"
        text = (f"The shelling went on for most of the day and residents said that they had nowhere to go. "
                f"{5 + i} people were killed in {city} on {day.isoformat()}, {source} said. "
                f"It was one of the worst attacks in the area for weeks, and aid groups called for a pause.")
        out.append({"id": f"r{i}", "title": f"Report {i} from {city}", "text": text,
                    "published": day.isoformat(), "source": "Reuters" if i % 3 == 2 else "SANA"})
    return out
