"""The records that flow through sitreps: one dataclass per kind of fact.

These classes are the schema for every output: the JSONL lines, ACLED CSV
columns, GeoJSON properties and the tables of the store all derive from them.
Field names follow ACLED's codebook and the project's gold SPEC.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any, Optional

STANCES = ("asserted", "denied", "unconfirmed")


@dataclass
class Article:
    """One news report as read from disk, a feed or an archive."""

    id: str
    text: str
    title: str = ""
    published: Optional[dt.date] = None
    url: Optional[str] = None
    source: Optional[str] = None  # the outlet ("Al Jazeera", "Reuters")
    origin: Optional[str] = None  # where it was read from (path, path#line, WARC record)

    @property
    def content_hash(self) -> str:
        """A stable hash of the text and publication date: the unit of idempotence."""
        h = hashlib.sha256()
        h.update((self.title or "").encode("utf-8"))
        h.update(b"\x00")
        h.update(self.text.encode("utf-8"))
        h.update(b"\x00")
        h.update((self.published.isoformat() if self.published else "").encode())
        return h.hexdigest()

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["published"] = self.published.isoformat() if self.published else None
        return d


@dataclass
class Rejection:
    """An input that could not be read or processed, and why."""

    origin: str
    reason: str


@dataclass
class Event:
    """One ACLED-style event: one actor pair, one place, one day."""

    event_date: Optional[str]  # ISO date, None when no publication date resolves it
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: Optional[str]
    inter1: Optional[int]
    actor2: Optional[str] = None
    inter2: Optional[int] = None
    assoc_actor_1: Optional[str] = None
    assoc_actor_2: Optional[str] = None
    country: Optional[str] = None
    admin1: Optional[str] = None
    admin2: Optional[str] = None
    location: Optional[str] = None
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    geo_precision: Optional[int] = None
    geonameid: Optional[int] = None
    fatalities: int = 0
    fatalities_high: Optional[int] = None
    injuries: Optional[int] = None
    sources: list[str] = field(default_factory=list)
    stance: str = "asserted"
    evidence: str = ""
    evidence_start: Optional[int] = None
    evidence_end: Optional[int] = None
    date_text: Optional[str] = None  # the words the date was resolved from
    place_text: Optional[str] = None  # the words the place was resolved from
    notes: str = ""
    article_id: Optional[str] = None

    @property
    def interaction(self) -> Optional[int]:
        """ACLED's interaction code: the two inter codes, lowest first (10 for a sole actor)."""
        if self.inter1 is None:
            return None
        if self.inter2 is None:
            return self.inter1 * 10
        a, b = sorted((self.inter1, self.inter2))
        return a * 10 + b

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Event":
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass
class Figure:
    """An aggregate that is not one event: a cumulative toll, displacement, territory share."""

    kind: str  # killed|injured|displaced|detained|missing|territory_percent|besieged|other
    value: float
    qualifier: str = "exactly"  # more than|at least|about|up to|exactly|between
    value_high: Optional[float] = None
    subject: str = ""
    place: Optional[str] = None
    period_start: Optional[str] = None
    period_end: Optional[str] = None
    sources: list[str] = field(default_factory=list)
    evidence: str = ""
    evidence_start: Optional[int] = None
    evidence_end: Optional[int] = None
    article_id: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        for k in ("value", "value_high"):
            v = d[k]
            if isinstance(v, float) and v.is_integer():
                d[k] = int(v)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Figure":
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass
class Claim:
    """What one source says about a contested fact: a stance, a number, or both."""

    source: str
    stance: Optional[str] = None
    value: Optional[float] = None
    evidence: str = ""
    article_id: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        d = {"source": self.source}
        if self.stance is not None:
            d["stance"] = self.stance
        if self.value is not None:
            d["value"] = int(self.value) if float(self.value).is_integer() else self.value
        if self.evidence:
            d["evidence"] = self.evidence
        if self.article_id:
            d["article_id"] = self.article_id
        return d


@dataclass
class Contradiction:
    """Two or more sources disagreeing on one fact: whether it happened, or a number."""

    about: str
    claims: list[Claim]
    kind: str = "stance"  # stance | value
    event_index: Optional[int] = None  # index of the event in the extraction it concerns

    def to_dict(self) -> dict[str, Any]:
        d = {"about": self.about, "kind": self.kind, "claims": [c.to_dict() for c in self.claims]}
        if self.event_index is not None:
            d["event_index"] = self.event_index
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Contradiction":
        claims = [Claim(**{k: v for k, v in c.items() if k in ("source", "stance", "value", "evidence", "article_id")})
                  for c in d.get("claims", [])]
        return cls(about=d.get("about", ""), claims=claims, kind=d.get("kind", "stance"),
                   event_index=d.get("event_index"))


@dataclass
class Extraction:
    """Everything sitreps found in one article."""

    article: Article
    events: list[Event] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article.id,
            "published": self.article.published.isoformat() if self.article.published else None,
            "title": self.article.title,
            "source": self.article.source,
            "url": self.article.url,
            "events": [e.to_dict() for e in self.events],
            "figures": [f.to_dict() for f in self.figures],
            "contradictions": [c.to_dict() for c in self.contradictions],
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Extraction":
        pub = d.get("published")
        art = Article(id=d["article_id"], text=d.get("text", ""), title=d.get("title", ""),
                      published=dt.date.fromisoformat(pub) if pub else None,
                      url=d.get("url"), source=d.get("source"))
        return cls(article=art,
                   events=[Event.from_dict(e) for e in d.get("events", [])],
                   figures=[Figure.from_dict(f) for f in d.get("figures", [])],
                   contradictions=[Contradiction.from_dict(c) for c in d.get("contradictions", [])],
                   warnings=list(d.get("warnings", [])))
