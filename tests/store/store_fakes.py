"""Tiny records and a fake pipeline for the store tests (no spaCy model needed).

`JsonPipeline` reads an article whose text is the JSON of what it should
extract, so a test writes the extraction it wants into the article itself and
subprocesses can rebuild the same articles from a seed.
"""
from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any, Iterable, Optional

from sitreps.records import Article, Contradiction, Event, Extraction, Figure

STRIKE = dict(event_date="2016-11-26", time_precision=1, event_type="Explosions/Remote violence",
              sub_event_type="Air/drone strike", actor1="Military Forces of Syria", inter1=1,
              actor2="Civilians (Syria)", inter2=7, country="Syria", admin1="Aleppo", location="Aleppo",
              latitude=36.2021, longitude=37.1343, geo_precision=1)


def event(**overrides: Any) -> Event:
    """An airstrike on Aleppo, with any field changed."""
    return Event(**{**STRIKE, **overrides})


def article(doc_id: str, text: Optional[str] = None, source: Optional[str] = "Reuters",
            published: Optional[dt.date] = dt.date(2016, 11, 26)) -> Article:
    return Article(id=doc_id, text=text if text is not None else f"Report {doc_id}.", title=doc_id,
                   published=published, source=source, origin=f"test:{doc_id}")


def extraction(art: Article, events: Iterable[Event] = (), figures: Iterable[Figure] = (),
               contradictions: Iterable[Contradiction] = ()) -> Extraction:
    evs = [e if e.article_id else Event(**{**e.to_dict(), "article_id": art.id}) for e in events]
    return Extraction(article=art, events=evs, figures=list(figures), contradictions=list(contradictions))


def json_article(doc_id: str, events: Iterable[Event] = (), figures: Iterable[Figure] = (),
                 source: Optional[str] = "Reuters", published: Optional[dt.date] = dt.date(2016, 11, 26),
                 fail: bool = False) -> Article:
    """An article whose text tells `JsonPipeline` what to extract (or to fail)."""
    text = json.dumps({"events": [e.to_dict() for e in events], "figures": [f.to_dict() for f in figures],
                       "fail": fail})
    return article(doc_id, text=text, source=source, published=published)


class JsonPipeline:
    """Extracts what the article's JSON text says, optionally slowly; raises for {"fail": true}."""

    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.calls = 0

    def extract(self, a: Article) -> Extraction:
        self.calls += 1
        if self.delay:
            time.sleep(self.delay)
        d = json.loads(a.text)
        if d.get("fail"):
            raise ValueError(f"cannot parse {a.id}")
        return extraction(a, [Event.from_dict(e) for e in d["events"]], [Figure.from_dict(f) for f in d["figures"]])

    def extract_many(self, articles: Iterable[Article], batch_size: int = 32):
        for a in articles:
            yield self.extract(a)


def generated_articles(n: int) -> list[Article]:
    """n articles, one event each; every third repeats the event before it from another outlet
    with a different toll, so linking merges them."""
    out = []
    for i in range(n):
        base = i - 1 if i % 3 == 2 else i
        day = dt.date(2016, 1, 1) + dt.timedelta(days=base * 3)
        ev = event(event_date=day.isoformat(), latitude=30.0 + base * 0.5, longitude=36.0,
                   fatalities=5 + i, sources=["SOHR" if i % 3 == 2 else "state media"])
        out.append(json_article(f"gen-{i}", [ev], source="Reuters" if i % 3 == 2 else "SANA", published=day))
    return out
