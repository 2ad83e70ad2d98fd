"""From mentions to events: places and dates filled from context, multi-place splits, merging.

ACLED codes one event per actor pair, place and day. Sentences that elaborate an
event already reported ("Nine police officers died in the fighting, he said")
join it; a toll given differently by two sources becomes fatalities low/high.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from .document import span_text
from ..records import Event
from .actors import specificity
from .mentions import Mention


@dataclass
class Draft:
    """An event being assembled from one or more mentions."""

    mention: Mention  # the first (main) mention
    location: object  # sitreps.geo.choose.Location or None
    mentions: list[Mention] = field(default_factory=list)
    observations: list[tuple] = field(default_factory=list)  # (value, high, source, victim class)
    sources: list[str] = field(default_factory=list)
    stance: str = "asserted"
    injured: int = 0

    @property
    def key_place(self):
        loc = self.location
        if loc is None:
            return None
        return place_key(loc)


def place_key(loc):
    """What makes two locations the same place: the GeoNames id and the name (raw names share a container's id)."""
    if loc is None:
        return None
    return (loc.geonameid, (loc.location or "").lower())


def _actor_names(m: Mention, country: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    return (m.actor1.name(country) if m.actor1 else None, m.actor2.name(country) if m.actor2 else None)


def compatible_actors(a: Mention, b: Mention) -> bool:
    """Same pair of actor classes (in either order), or one side unknown."""
    def classes(m):
        return {x.template + (x.country_code or "") for x in (m.actor1, m.actor2) if x is not None and x.start >= 0}
    ca, cb = classes(a), classes(b)
    if not ca or not cb:
        return True
    return bool(ca & cb) or ca <= cb or cb <= ca


def same_event(d: Draft, m: Mention, loc) -> bool:
    """Whether mention `m` at `loc` reports the event drafted in `d`."""
    if d.mention.sub_event_type != m.sub_event_type:
        return False
    if d.mention.date != m.date:
        return False
    if place_key(loc) != d.key_place:
        return False
    return compatible_actors(d.mention, m)


#: (sub-event type of an event, a type a later report of it may tell) where ACLED codes the second:
#: a blast later said to be a suicide bomber's is a suicide bombing; a strike or shelling said to
#: have used a chemical agent is a chemical weapon attack.
REFINES = frozenset({
    ("Remote explosive/landmine/IED", "Suicide bomb"),
    ("Air/drone strike", "Chemical weapon"),
    ("Shelling/artillery/missile attack", "Chemical weapon"),
})


def add_mention(d: Draft, m: Mention) -> None:
    d.mentions.append(m)
    if (d.mention.sub_event_type, m.sub_event_type) in REFINES:
        d.mention.sub_event_type, d.mention.event_type = m.sub_event_type, m.event_type
    src = m.sources[0] if m.sources else ""
    for value, high, victims in m.killed:
        d.observations.append((value, high, src, victims))
    for s in m.sources:
        if s not in d.sources:
            d.sources.append(s)
    if m.stance == "unconfirmed":
        d.stance = "unconfirmed"
    d.injured += m.injured
    a1 = d.mention.actor1
    if m.actor1 is not None and specificity(m.actor1) > specificity(a1) and \
            (a1 is None or a1.inter == m.actor1.inter or a1.cls in ("unidentified",) or a1.start < 0) and \
            (d.mention.actor2 is None or m.actor1.template != d.mention.actor2.template):
        d.mention.actor1 = m.actor1
    if d.mention.actor2 is None and m.actor2 is not None and (d.mention.actor1 is None or
                                                              m.actor2.template != d.mention.actor1.template):
        d.mention.actor2 = m.actor2


def fatalities(d: Draft) -> tuple[int, Optional[int], dict[str, list[tuple[str, int]]]]:
    """ACLED's conservative toll, the highest figure reported, and each source's figure per side.

    Tolls are kept per side (state forces, non-state fighters, civilians; "any" when the people
    counted are not named). Within one source the largest figure for a side counts; across
    sources the lowest one does (ACLED's rule), the highest going to `fatalities_high`. The sides
    are then added up; a toll of unnamed people counts as at least the largest of them.
    """
    per_side: dict[str, dict[str, tuple[int, int]]] = {}
    for value, high, src, side in d.observations:
        if value is None:
            continue
        cur = per_side.setdefault(side, {}).get(src, (0, 0))
        per_side[side][src] = (max(cur[0], value), max(cur[1], high or value))
    if not per_side:
        return 0, None, {}
    low = {side: min(v[0] for v in by_src.values()) for side, by_src in per_side.items()}
    high = {side: max(v[1] for v in by_src.values()) for side, by_src in per_side.items()}

    def total(values: dict[str, int], pick) -> int:
        known = sum(v for side, v in values.items() if side != "any")
        if "any" not in values:
            return known
        if known == 0:
            return values["any"]
        # "14 people were killed" beside "12 soldiers": two readings of one toll, not two tolls
        return pick(known, values["any"])

    lo, hi = total(low, min), total(high, max)
    claims = {side: sorted((src, v[0]) for src, v in by_src.items()) for side, by_src in per_side.items()}
    return lo, (hi if hi != lo else None), claims


def _toll_sources(d: Draft, toll: int) -> list[str]:
    """Where a toll not read from the evidence sentence was read: the other sentences that gave one,
    so that every toll traces to a sentence of the article."""
    if not toll or any(v == toll for v, _, _ in d.mention.killed):
        return []
    return [f"toll read from: “{span_text(x.sent).strip()}”" for x in d.mentions
            if x is not d.mention and x.killed]


def to_event(d: Draft, main_country: Optional[str], article_id: Optional[str]) -> Event:
    m = d.mention
    loc = d.location
    country = loc.country if loc is not None and loc.country else main_country
    a1, a2 = _actor_names(m, country)
    if a2 is not None and a2 == a1:
        a2 = None  # one actor acting alone (ACLED leaves actor2 empty)
    f, fh, _ = fatalities(d)
    sent = m.sent
    ev = span_text(sent).strip()
    start = m.offset + sent.start_char
    return Event(
        event_date=m.date.isoformat() if m.date else None,
        time_precision=m.time_precision,
        event_type=m.event_type,
        sub_event_type=m.sub_event_type,
        actor1=a1, inter1=m.actor1.inter if m.actor1 else None,
        actor2=a2, inter2=m.actor2.inter if m.actor2 and a2 else None,
        country=country,
        admin1=getattr(loc, "admin1", None),
        admin2=getattr(loc, "admin2", None),
        location=getattr(loc, "location", None),
        latitude=getattr(loc, "latitude", None),
        longitude=getattr(loc, "longitude", None),
        geo_precision=getattr(loc, "geo_precision", None),
        geonameid=getattr(loc, "geonameid", None),
        fatalities=f, fatalities_high=fh, injuries=d.injured or None,
        sources=list(d.sources), stance=d.stance,
        evidence=ev, evidence_start=start, evidence_end=start + len(span_text(sent).rstrip()),
        date_text=m.date_text, place_text=getattr(loc, "place_text", None) or None,
        notes="; ".join(dict.fromkeys([*(n for x in [m, *d.mentions] for n in x.notes), *_toll_sources(d, f)])),
        article_id=article_id,
    )
