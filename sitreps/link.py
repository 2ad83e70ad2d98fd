"""Linking: which event records from different articles report the same event.

Everything here is a pure function over records (`Event`s, or the dict rows the
store keeps for mentions and events, which carry the same field names). The
store's incremental step (`sitreps.store.db.Store._link_mention`) looks up
candidate events by date window and bounding box in SQL and then asks
`compatible` which of them a new mention joins; `aggregate` recomputes the
merged event from its mentions.

Rules (documented in docs/store.md):

- type: same event_type; sub-event types equal or in one of `COMPATIBLE_SUB_EVENTS` (an air strike
  is never a shelling).
- date: within the coarser time precision of the two (1: +-1 day, 2: +-7 days,
  3: same month). A record with no date links to nothing.
- place: both with coordinates: within `MAX_KM` of the coarser geo precision;
  otherwise the same country and the same admin1 (both known).
- actors: the same normalized actor set, or one set inside the other (an
  unknown side), or one side wholly unknown. Opposite attackers never merge.
- a new report is judged against every report of an event (`judge_event`): any report it is
  incompatible with keeps it out, so chains of reports cannot drift; its confidence is the best
  `judge` score over them, from shared day, place, sub-event type, actors and evidence words.
- fatalities: low = min, high = max, best = median of the reported figures
  rounded down (statistics.median_low: for two reports it is the lower one,
  ACLED's "most conservative"; for three or more one low outlier cannot drag it
  down). Zero means "no figure" when another report gives one.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import statistics
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Optional, Sequence

from .read.language import english_function_words

Record = Mapping[str, Any]

# Sub-event types that reports of one event may disagree on. The codebook keeps an air strike apart
# from shelling (different means, often different attackers), so those two never merge.
COMPATIBLE_SUB_EVENTS: tuple[frozenset[str], ...] = (
    frozenset({"Suicide bomb", "Remote explosive/landmine/IED", "Grenade"}),
    frozenset({"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}),
    frozenset({"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}),
    frozenset({"Violent demonstration", "Mob violence"}),
)

# Date tolerance in days by time precision; precision 3 means "same month" instead.
DAYS_BY_TIME_PRECISION = {1: 1, 2: 7}
# Largest distance between two reports of one event, by the coarser geo precision.
MAX_KM = {1: 10.0, 2: 25.0, 3: 75.0}
# The widest window the SQL candidate lookup needs (covers "same month").
MAX_WINDOW_DAYS = 31
MAX_RADIUS_KM = max(MAX_KM.values())

_PERIOD = re.compile(r"\s*\(\d{4}-(\d{4})?\)\s*$")
_SPACE = re.compile(r"\s+")


def _get(r: Any, name: str) -> Any:
    return r.get(name) if isinstance(r, Mapping) else getattr(r, name, None)


def as_date(value: Any) -> Optional[dt.date]:
    """An ISO date string, date or datetime as a date; None when absent or unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def sub_events_compatible(a: Optional[str], b: Optional[str]) -> bool:
    """Equal sub-event types, either unknown, or both in one `COMPATIBLE_SUB_EVENTS` group."""
    if not a or not b or a == b:
        return True
    return any(a in group and b in group for group in COMPATIBLE_SUB_EVENTS)


def dates_compatible(date_a: Any, prec_a: Optional[int], date_b: Any, prec_b: Optional[int]) -> bool:
    """Whether two event dates fit within the coarser of the two time precisions."""
    a, b = as_date(date_a), as_date(date_b)
    if a is None or b is None:
        return False
    prec = max(prec_a or 1, prec_b or 1)
    if prec >= 3:
        return (a.year, a.month) == (b.year, b.month)
    return abs((a - b).days) <= DAYS_BY_TIME_PRECISION.get(prec, 1)


def date_window(date: Any) -> Optional[tuple[str, str]]:
    """The widest ISO date range any compatible event can fall in (for the SQL lookup)."""
    d = as_date(date)
    if d is None:
        return None
    w = dt.timedelta(days=MAX_WINDOW_DAYS)
    return (d - w).isoformat(), (d + w).isoformat()


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """(lat_min, lat_max, lon_min, lon_max) of a box holding the circle of radius `km`."""
    dlat = km / 111.0
    coslat = max(math.cos(math.radians(lat)), 0.01)
    dlon = min(km / (111.0 * coslat), 180.0)
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def max_km(prec_a: Optional[int], prec_b: Optional[int]) -> float:
    """The largest distance two reports may be apart, by the coarser geo precision (unknown = 3)."""
    prec = max(prec_a or 3, prec_b or 3)
    return MAX_KM.get(prec, MAX_KM[3])


def _has_coords(r: Any) -> bool:
    return _get(r, "latitude") is not None and _get(r, "longitude") is not None


def places_compatible(a: Any, b: Any) -> bool:
    """Within the distance their geo precision allows, or (without coordinates) the same admin1."""
    if _has_coords(a) and _has_coords(b):
        d = distance_km(_get(a, "latitude"), _get(a, "longitude"), _get(b, "latitude"), _get(b, "longitude"))
        return d <= max_km(_get(a, "geo_precision"), _get(b, "geo_precision"))
    admin_a, admin_b = _get(a, "admin1"), _get(b, "admin1")
    if not admin_a or not admin_b:
        return False
    same_country = (_get(a, "country") or "").casefold() == (_get(b, "country") or "").casefold()
    return same_country and admin_a.casefold() == admin_b.casefold()


def normalize_actor(name: Optional[str]) -> Optional[str]:
    """Casefolded, spaces collapsed, ACLED's government period dropped; unidentified actors are unknown."""
    if not name:
        return None
    n = _SPACE.sub(" ", _PERIOD.sub("", name)).strip().casefold()
    if not n or n.startswith("unidentified"):
        return None
    return n


def actor_set(r: Any) -> frozenset[str]:
    """The normalized, known actors of a record (actor1 and actor2)."""
    return frozenset(a for a in (normalize_actor(_get(r, "actor1")), normalize_actor(_get(r, "actor2"))) if a)


def actors_compatible(a: Any, b: Any) -> bool:
    """The same actor set, or one inside the other (the missing side is unknown)."""
    sa, sb = actor_set(a), actor_set(b)
    return sa <= sb or sb <= sa


def compatible(a: Any, b: Any) -> bool:
    """Whether two event records (Events or row dicts) report the same event."""
    return (
        _get(a, "event_type") == _get(b, "event_type")
        and sub_events_compatible(_get(a, "sub_event_type"), _get(b, "sub_event_type"))
        and dates_compatible(_get(a, "event_date"), _get(a, "time_precision"),
                             _get(b, "event_date"), _get(b, "time_precision"))
        and places_compatible(a, b)
        and actors_compatible(a, b)
    )


def closeness(a: Any, b: Any) -> tuple[float, int]:
    """A sort key among compatible candidates: nearer first, then closer in time."""
    if _has_coords(a) and _has_coords(b):
        km = distance_km(_get(a, "latitude"), _get(a, "longitude"), _get(b, "latitude"), _get(b, "longitude"))
    else:
        km = MAX_RADIUS_KM
    da, db = as_date(_get(a, "event_date")), as_date(_get(b, "event_date"))
    days = abs((da - db).days) if da and db else MAX_WINDOW_DAYS
    return km, days


# How much each agreement counts towards a link's confidence (they sum to 1).
WEIGHTS = {"day": 0.2, "place": 0.25, "type": 0.2, "actors": 0.15, "words": 0.2}
#: A report joins an event only with at least this confidence (chosen on the dev pairs).
LINK_MIN = 0.8
#: Reports disagreeing on a toll are shown as a contradiction only when linked this surely.
CONFIDENT = 0.85

_WORD = re.compile(r"[a-z0-9]+")


def content_words(text: Optional[str]) -> frozenset[str]:
    """The lower-cased words of an evidence text, without function words and one- or two-letter words."""
    stop = english_function_words()
    return frozenset(w for w in _WORD.findall((text or "").casefold()) if len(w) > 2 and w not in stop)


def word_overlap(a: Optional[str], b: Optional[str]) -> tuple[float, list[str]]:
    """Jaccard overlap of two evidence texts' content words, and the shared words."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0, []
    shared = wa & wb
    return len(shared) / len(wa | wb), sorted(shared)


@dataclass(frozen=True)
class Judgement:
    """Whether two reports can be one event, how sure, and why."""
    score: float
    reasons: tuple[str, ...]
    blocked: Optional[str] = None  # what keeps them apart, when something does

    @property
    def linked(self) -> bool:
        return self.blocked is None and self.score >= LINK_MIN


#: Two reports each placing the event in a named town (geo precision 1) are of one event only if the
#: towns are the same place, give or take a gazetteer's spread of one town's coordinates.
SAME_TOWN_KM = 3.0


def _different_towns(a: Any, b: Any) -> bool:
    if _get(a, "geo_precision") != 1 or _get(b, "geo_precision") != 1 or not (_has_coords(a) and _has_coords(b)):
        return False
    if _get(a, "geonameid") and _get(a, "geonameid") == _get(b, "geonameid"):
        return False
    km = distance_km(_get(a, "latitude"), _get(a, "longitude"), _get(b, "latitude"), _get(b, "longitude"))
    return km > SAME_TOWN_KM


def _blocker(a: Any, b: Any) -> Optional[str]:
    if _get(a, "event_type") != _get(b, "event_type"):
        return "different event types"
    if not sub_events_compatible(_get(a, "sub_event_type"), _get(b, "sub_event_type")):
        return "different sub-event types"
    if not dates_compatible(_get(a, "event_date"), _get(a, "time_precision"),
                            _get(b, "event_date"), _get(b, "time_precision")):
        return "dates too far apart"
    if not places_compatible(a, b):
        return "places too far apart"
    if _different_towns(a, b):
        return "different towns"
    if not actors_compatible(a, b):
        return "different actors"
    return None


def judge(a: Any, b: Any) -> Judgement:
    """How likely two compatible reports are one event, with the agreements that say so."""
    blocked = _blocker(a, b)
    if blocked:
        return Judgement(0.0, (), blocked)
    parts: dict[str, float] = {}
    reasons: list[str] = []
    da, db = as_date(_get(a, "event_date")), as_date(_get(b, "event_date"))
    parts["day"] = 1.0 if da == db else 0.4
    reasons.append("same day" if da == db else f"{abs((da - db).days)} day(s) apart")
    if _has_coords(a) and _has_coords(b):
        km = distance_km(_get(a, "latitude"), _get(a, "longitude"), _get(b, "latitude"), _get(b, "longitude"))
        parts["place"] = max(0.0, 1.0 - km / max_km(_get(a, "geo_precision"), _get(b, "geo_precision")))
        where = _get(a, "location") or _get(a, "admin1") or "the place"
        reasons.append(f"same place ({where})" if km < 1 else f"{km:.0f} km apart")
    else:
        parts["place"] = 0.3
        reasons.append(f"same region ({_get(a, 'admin1')})")
    same_type = _get(a, "sub_event_type") == _get(b, "sub_event_type")
    parts["type"] = 1.0 if same_type else 0.4
    reasons.append("same sub-event type" if same_type else "related sub-event types")
    sa, sb = actor_set(a), actor_set(b)
    parts["actors"] = 1.0 if sa and sa == sb else (0.5 if sa and sb else 0.3)
    reasons.append("same actors" if sa and sa == sb else "one side unknown in a report")
    if content_words(_get(a, "evidence")) and content_words(_get(b, "evidence")):
        overlap, shared = word_overlap(_get(a, "evidence"), _get(b, "evidence"))
        parts["words"] = min(1.0, overlap * 3)
        if shared:
            reasons.append("shared words: " + ", ".join(shared[:8]))
    # a report without evidence text is judged on the rest, not as if its words disagreed
    score = sum(WEIGHTS[k] * v for k, v in parts.items()) / sum(WEIGHTS[k] for k in parts)
    return Judgement(round(score, 3), tuple(reasons))


def judge_event(mention: Any, reports: Sequence[Any]) -> Judgement:
    """A new report against every report of an event: kept out by any it is incompatible with,
    otherwise as sure as its best match."""
    best: Optional[Judgement] = None
    for r in reports:
        j = judge(mention, r)
        if j.blocked:
            return j
        if best is None or j.score > best.score:
            best = j
    return best if best is not None else Judgement(0.0, (), "no reports")


def cluster(events: Sequence[Any]) -> list[list[int]]:
    """Group records greedily in order: each joins the first group whose first record it is
    compatible with and that holds no record of the same article. Returns lists of indices."""
    groups: list[list[int]] = []
    for i, e in enumerate(events):
        art = _get(e, "article_id")
        for g in groups:
            head = events[g[0]]
            if compatible(head, e) and (art is None or all(_get(events[j], "article_id") != art for j in g)):
                g.append(i)
                break
        else:
            groups.append([i])
    return groups


def source_label(attributed: Optional[str], outlet: Optional[str]) -> Optional[str]:
    """How a claim names its source: 'Syrian Observatory for Human Rights (Reuters)', or just one of them."""
    attributed = (attributed or "").strip() or None
    outlet = (outlet or "").strip() or None
    if attributed and outlet and attributed.casefold() != outlet.casefold():
        return f"{attributed} ({outlet})"
    return attributed or outlet


def mention_labels(sources: Iterable[str], outlet: Optional[str]) -> list[str]:
    """The source labels of one report: each attributed source with its outlet, or the outlet alone."""
    labels = [source_label(s, outlet) for s in sources if s and s.strip()]
    if not labels:
        labels = [source_label(None, outlet)]
    return [lab for lab in dict.fromkeys(labels) if lab]


def fatality_range(figures: Sequence[tuple[int, Optional[int]]]) -> tuple[int, int, int]:
    """(low, best, high) across reports, each report a (fatalities, fatalities_high) pair.

    low is the smallest conservative figure, high the largest figure any report gives,
    best the median of the conservative figures rounded down. Zeros count only when
    no report gives a number.
    """
    lows = [int(f or 0) for f, _ in figures]
    highs = [int(h if h is not None else (f or 0)) for f, h in figures]
    positive = [v for v in lows if v > 0]
    if not positive:
        top = max(highs, default=0)
        return 0, 0, top
    high = max(max(highs), max(positive))
    return min(positive), statistics.median_low(positive), high


def _first_label(m: Record) -> str:
    labels = m.get("labels") or []
    return labels[0] if labels else (m.get("outlet") or str(m.get("article_id")))


def disagreements(mentions: Sequence[Record], about: str) -> list[dict[str, Any]]:
    """Contradictions among the reports of one event: differing tolls, and asserted vs denied.

    Each mention dict needs fatalities, stance, evidence, article_id and `labels`
    (from `mention_labels`). Returns dicts shaped like `Contradiction.to_dict()`.
    """
    out: list[dict[str, Any]] = []
    tolls = [m for m in mentions if (m.get("fatalities") or 0) > 0]
    if len({int(m["fatalities"]) for m in tolls}) > 1:
        out.append({"about": f"fatalities: {about}", "kind": "value", "claims": [
            {"source": _first_label(m), "value": int(m["fatalities"]), "stance": None,
             "evidence": m.get("evidence") or "", "article_id": m.get("article_id")} for m in tolls]})
    stances = {m.get("stance") or "asserted" for m in mentions}
    if "denied" in stances and len(stances) > 1:
        out.append({"about": about, "kind": "stance", "claims": [
            {"source": _first_label(m), "stance": m.get("stance") or "asserted", "value": None,
             "evidence": m.get("evidence") or "", "article_id": m.get("article_id")} for m in mentions]})
    return out


def describe(r: Any) -> str:
    """A short name for an event in contradictions: 'Air/drone strike, Aleppo, 2016-11-26'."""
    parts = [_get(r, "sub_event_type") or _get(r, "event_type"),
             _get(r, "location") or _get(r, "admin1") or _get(r, "country"), _get(r, "event_date")]
    return ", ".join(str(p) for p in parts if p)


CANONICAL_FIELDS = (
    "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "inter1", "actor2", "inter2",
    "assoc_actor_1", "assoc_actor_2", "country", "admin1", "admin2", "location", "latitude", "longitude",
    "geo_precision", "geonameid",
)


def canonical(mentions: Sequence[Record]) -> Record:
    """The report whose fields an event takes: the most precise in time, then place, then the earliest."""
    return min(mentions, key=lambda m: (m.get("time_precision") or 9, m.get("geo_precision") or 9,
                                        str(m.get("published") or "9999"), m.get("id") or 0))


def aggregate(mentions: Sequence[Record]) -> dict[str, Any]:
    """The merged event from its reports (dicts with Event fields, `published`, `outlet`, `labels`)."""
    head = canonical(mentions)
    event = {k: head.get(k) for k in CANONICAL_FIELDS}
    labels = list(dict.fromkeys(lab for m in mentions for lab in (m.get("labels") or [])))
    low, best, high = fatality_range([(m.get("fatalities") or 0, m.get("fatalities_high")) for m in mentions])
    stances = {m.get("stance") or "asserted" for m in mentions}
    published = [str(m["published"]) for m in mentions if m.get("published")]
    event.update(
        stance="asserted" if "asserted" in stances else sorted(stances)[0],
        n_reports=len({m.get("article_id") for m in mentions}),
        n_sources=len(labels),
        sources=labels,
        first_reported=min(published) if published else None,
        fatalities_low=low, fatalities_best=best, fatalities_high=high,
    )
    return event
