"""Situation reports: what the store knows about one place (or country) over a date range.

    from sitreps.report import build_report, render
    with open_store("sitreps.db") as store:
        rep = build_report(store, place="Aleppo", date_from="2016-11-15", date_to="2016-12-03")
    print(render(rep, "md"))

`build_report` gathers the numbers and `render` writes them as Markdown or HTML. Every number
carries a numbered footnote naming the sources that gave it and the articles that reported them.
Article text is untrusted: the HTML output escapes every value.
"""
from __future__ import annotations

import datetime as dt
import html
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional, Sequence

from .link import distance_km
from .store import Store

log = logging.getLogger(__name__)

PLACE_RADIUS_KM = 30.0
MAX_EVENTS_PER_DAY = 12
MAX_ARTICLES_PER_NOTE = 8
FIGURE_LABELS = {
    "killed": "killed", "injured": "injured", "displaced": "displaced", "detained": "detained",
    "missing": "missing", "territory_percent": "of territory", "besieged": "besieged", "other": "",
}
FIGURE_ORDER = ("killed", "injured", "displaced", "besieged", "detained", "missing", "territory_percent", "other")


# -- the report as data ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ArticleRef:
    """An article a number came from."""

    title: str
    outlet: Optional[str]
    published: Optional[str]
    url: Optional[str]


@dataclass
class Footnote:
    number: int
    sources: list[str]
    articles: list[ArticleRef]
    more_articles: int = 0


@dataclass
class Item:
    """One line of the report: a plain-text statement and the footnotes behind its numbers."""

    text: str
    notes: list[int] = field(default_factory=list)
    event_id: Optional[int] = None


@dataclass
class Day:
    date: str
    items: list[Item]
    more: int = 0


@dataclass
class ClaimView:
    source: str
    stance: Optional[str]
    value: Optional[float]
    evidence: str
    notes: list[int]


@dataclass
class Contest:
    about: str
    kind: str
    claims: list[ClaimView]


@dataclass
class Report:
    """Everything a situation report says, ready to render."""

    title: str
    place: Optional[str]
    country: Optional[str]
    date_from: Optional[str]
    date_to: Optional[str]
    n_events: int = 0
    n_articles: int = 0
    headline: list[Item] = field(default_factory=list)
    by_type: list[Item] = field(default_factory=list)
    figures: list[Item] = field(default_factory=list)
    days: list[Day] = field(default_factory=list)
    actors: list[Item] = field(default_factory=list)
    contested: list[Contest] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _Notes:
    """Numbered footnotes, one per distinct (sources, articles) pair, in order of first use."""

    def __init__(self) -> None:
        self._by_key: dict[tuple, Footnote] = {}

    def add(self, sources: Iterable[str], articles: Iterable[ArticleRef]) -> list[int]:
        srcs = list(dict.fromkeys(s for s in sources if s))
        arts = list(dict.fromkeys(articles))
        if not srcs and not arts:
            return []
        key = (tuple(srcs), tuple(arts))
        if key not in self._by_key:
            shown = arts[:MAX_ARTICLES_PER_NOTE]
            self._by_key[key] = Footnote(len(self._by_key) + 1, srcs, shown, len(arts) - len(shown))
        return [self._by_key[key].number]

    def all(self) -> list[Footnote]:
        return sorted(self._by_key.values(), key=lambda f: f.number)


# -- gathering ------------------------------------------------------------------------------------

def _iso(value: Any) -> Optional[str]:
    if value in (None, ""):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return dt.date.fromisoformat(str(value)).isoformat()


def _fold(s: Optional[str]) -> str:
    return (s or "").strip().casefold()


@dataclass(frozen=True)
class _Where:
    """Where the report is about: names to match and, when the gazetteer knows it, a point."""

    names: frozenset[str]
    lat: Optional[float] = None
    lon: Optional[float] = None
    admin1_only: bool = False  # the place is a region: match admin1 names only, no radius

    def matches(self, e: dict[str, Any]) -> bool:
        if _fold(e.get("admin1")) in self.names:
            return True
        if self.admin1_only:
            return False
        if _fold(e.get("location")) in self.names:
            return True
        if self.lat is not None and e.get("latitude") is not None and e.get("longitude") is not None:
            return distance_km(self.lat, self.lon, e["latitude"], e["longitude"]) <= PLACE_RADIUS_KM
        return False


def _where(place: str, gazetteer: Any, warnings: list[str]) -> tuple[_Where, Optional[str]]:
    """The place to match and, when the name is a country's, that country."""
    names = {_fold(place)}
    if gazetteer is None:
        try:
            from .geo import Gazetteer

            gazetteer = Gazetteer.default()
        except Exception as e:  # the gazetteer is optional here: name matching still works
            log.warning("no gazetteer (%s); matching %r by name only", e, place)
            warnings.append(f"place matched by name only (no gazetteer: {e})")
            return _Where(frozenset(names)), None
    cand = gazetteer.resolve(place)
    if cand is None:
        warnings.append(f"{place!r} is not in the gazetteer; matched by name only")
        return _Where(frozenset(names)), None
    p = cand.place
    if p.level == "country":
        return _Where(frozenset(names | {_fold(p.name)})), p.country
    names.add(_fold(p.name))
    if p.level == "admin1":
        return _Where(frozenset(names), admin1_only=True), None
    return _Where(frozenset(names), p.latitude, p.longitude), None


def _article_ref(row: dict[str, Any]) -> ArticleRef:
    return ArticleRef(title=row.get("title") or row.get("doc_id") or f"article {row.get('article_id')}",
                      outlet=row.get("outlet"), published=row.get("published"), url=row.get("url"))


def _n(value: Optional[float]) -> str:
    if value is None:
        return ""
    v = float(value)
    return f"{int(v):,}" if v.is_integer() else f"{v:,.1f}"


def figure_text(f: dict[str, Any]) -> str:
    """'More than 31,000 displaced: people who fled their homes (Aleppo)'."""
    kind = f.get("kind") or "other"
    pct = "%" if kind == "territory_percent" else ""
    value = _n(f["value"]) + pct
    if f.get("value_high") is not None:
        value = f"{_n(f['value'])}–{_n(f['value_high'])}{pct}"
    qualifier = (f.get("qualifier") or "exactly").strip()
    lead = value if qualifier in ("exactly", "between") else f"{qualifier} {value}"
    lead = lead[0].upper() + lead[1:]
    label = FIGURE_LABELS.get(kind, kind)
    text = f"{lead} {label}".strip()
    subject = (f.get("subject") or "").strip()
    if subject:
        text += f": {subject}"
    where = [f["place"]] if f.get("place") else []
    if f.get("period_start"):
        where.append(f"since {format_date(f['period_start'])}")
    if where:
        text += f" ({', '.join(where)})"
    return text


def format_date(iso: str) -> str:
    """'2016-12-03' -> '3 Dec 2016'."""
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {d:%b %Y}"


def _day_title(iso: str) -> str:
    if iso == "undated":
        return "Undated"
    d = dt.date.fromisoformat(iso)
    return f"{d:%A} {d.day} {d:%B %Y}"


def date_range_text(start: Optional[str], end: Optional[str]) -> str:
    """'15 Nov – 3 Dec 2016', '1–3 Dec 2016', '28 Dec 2016 – 3 Jan 2017'."""
    if not start and not end:
        return "all dates"
    if not start or not end:
        return f"from {format_date(start)}" if start else f"until {format_date(end)}"
    a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    if a == b:
        return format_date(start)
    if a.year != b.year:
        return f"{format_date(start)} – {format_date(end)}"
    if a.month != b.month:
        return f"{a.day} {a:%b} – {format_date(end)}"
    return f"{a.day}–{format_date(end)}"


def _event_line(e: dict[str, Any]) -> str:
    kind = e.get("sub_event_type") or e.get("event_type")
    actors = " against ".join(a for a in (e.get("actor1"), e.get("actor2")) if a)
    place = ", ".join(dict.fromkeys(p for p in (e.get("location"), e.get("admin1")) if p))
    text = kind
    if actors:
        text += f": {actors}"
    if place:
        text += f" in {place}"
    low, best, high = e.get("fatalities_low") or 0, e.get("fatalities_best") or 0, e.get("fatalities_high") or 0
    if best or high:
        text += f"; {_n(best)} killed" + (f" (reports range {_n(low)}–{_n(high)})" if low != high else "")
    if e.get("stance") and e["stance"] != "asserted":
        text += f" [{e['stance']}]"
    if e.get("n_reports", 1) > 1:
        text += f"; {e['n_reports']} reports"
    return text


def build_report(store: Store, place: Optional[str] = None, country: Optional[str] = None,
                 date_from: Any = None, date_to: Any = None, gazetteer: Any = None) -> Report:
    """A situation report on `place` (events whose location or admin1 is that name, or within 30 km
    of it) and/or `country`, between two dates (inclusive; ISO strings or dates).

    `gazetteer` resolves the place to coordinates (anything with `resolve(name)` like
    `sitreps.geo.Gazetteer`); by default the shared one, and by name only when none can be opened.
    """
    start, end = _iso(date_from), _iso(date_to)
    warnings: list[str] = []
    where: Optional[_Where] = None
    if place:
        where, place_country = _where(place, gazetteer, warnings)
        if place_country and not country:
            country, where = place_country, None  # the place is a country
    events = store.query_events(country=country, date_from=start, date_to=end)
    if where is not None:
        events = [e for e in events if where.matches(e)]
    events.sort(key=lambda e: (e.get("event_date") or "", -(e.get("fatalities_best") or 0), e["id"]))
    mentions: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for e in events:
        mentions[e["id"]] = store.mentions(event_id=e["id"])
    article_ids = {m["article_id"] for ms in mentions.values() for m in ms}
    span = (start or min((e["event_date"] for e in events if e.get("event_date")), default=None),
            end or max((e["event_date"] for e in events if e.get("event_date")), default=None))
    name = place or country or "All events"
    rep = Report(title=f"{name}, {date_range_text(*span)}", place=place, country=country,
                 date_from=span[0], date_to=span[1], n_events=len(events), n_articles=len(article_ids),
                 warnings=warnings)
    notes = _Notes()

    def event_note(evs: Sequence[dict[str, Any]]) -> list[int]:
        ms = [m for e in evs for m in mentions[e["id"]]]
        sources = [s for m in ms for s in (m.get("sources") or [])] or [m.get("outlet") for m in ms]
        return notes.add(sources, (_article_ref(m) for m in ms))

    # Headline numbers.
    rep.headline.append(Item(f"{len(events):,} events", event_note(events)))
    killed = [e for e in events if (e.get("fatalities_best") or 0) or (e.get("fatalities_high") or 0)]
    best = sum(e.get("fatalities_best") or 0 for e in events)
    low = sum(e.get("fatalities_low") or 0 for e in events)
    high = sum(e.get("fatalities_high") or 0 for e in events)
    deaths = f"{best:,} fatalities (best estimate)"
    if low != high:
        deaths += f", reports range {low:,}–{high:,}"
    rep.headline.append(Item(deaths, event_note(killed)))
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in events:
        by_type[e["event_type"]].append(e)
    for etype, evs in sorted(by_type.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        subs = Counter(e.get("sub_event_type") or etype for e in evs)
        detail = ", ".join(f"{s} {n}" for s, n in subs.most_common())
        fat = sum(e.get("fatalities_best") or 0 for e in evs)
        rep.by_type.append(Item(f"{etype}: {len(evs):,} ({detail}); {fat:,} killed", event_note(evs)))

    # Figures: those naming the place, or (no place named) from the articles behind the events.
    figures = _figures(store, where, article_ids, start, end)
    figures.sort(key=lambda f: (FIGURE_ORDER.index(f["kind"]) if f["kind"] in FIGURE_ORDER else 99, -f["value"]))
    for f in figures:
        rep.figures.append(Item(figure_text(f), notes.add(f.get("sources") or [f.get("outlet")], [_article_ref(f)])))

    # Day by day.
    per_day: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in events:
        per_day[e.get("event_date") or "undated"].append(e)
    for day in sorted(per_day):
        evs = sorted(per_day[day], key=lambda e: (-(e.get("fatalities_best") or 0), -(e.get("n_reports") or 0),
                                                   e["id"]))
        shown = evs[:MAX_EVENTS_PER_DAY]
        rep.days.append(Day(day, [Item(_event_line(e), event_note([e]), e["id"]) for e in shown],
                            len(evs) - len(shown)))

    # Actors.
    actor_events: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in events:
        for a in dict.fromkeys(a for a in (e.get("actor1"), e.get("actor2"), e.get("assoc_actor_1"),
                                           e.get("assoc_actor_2")) if a):
            actor_events[a].append(e)
    for actor, evs in sorted(actor_events.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        rep.actors.append(Item(f"{actor}: {len(evs):,} event{'s' if len(evs) != 1 else ''}", event_note(evs)))

    # Contested facts: those on the events, and article-level ones in the articles behind them.
    rep.contested = _contested(store, [e["id"] for e in events], article_ids, notes)
    rep.footnotes = notes.all()
    return rep


def _figures(store: Store, where: Optional[_Where], article_ids: set[int], start: Optional[str],
             end: Optional[str]) -> list[dict[str, Any]]:
    out = []
    from .web.queries import list_figures  # with each figure's article title and url

    for f in list_figures(store, limit=None)[0]:
        when = f.get("period_end") or f.get("published")
        if when and ((start and when < start) or (end and when > end)):
            continue
        if f.get("place") and where is not None:
            if _fold(f["place"]) not in where.names:
                continue
        elif f["article_id"] not in article_ids:
            continue
        out.append(f)
    return out


def _contested(store: Store, event_ids: Sequence[int], article_ids: set[int], notes: _Notes) -> list[Contest]:
    from .web.queries import contradictions_for  # the web package's queries need no web dependency

    rows: list[dict[str, Any]] = []
    seen: set[int] = set()
    for eid in event_ids:
        rows += contradictions_for(store, event_id=eid)
    if article_ids:
        ids = sorted(article_ids)
        rows += contradictions_for(store, where=f"c.event_id IS NULL AND c.article_id IN ({', '.join('?' * len(ids))})",
                                   params=ids)
    out = []
    for c in rows:
        if c["id"] in seen:
            continue
        seen.add(c["id"])
        claims = [ClaimView(cl["source"], cl.get("stance"), cl.get("value"), cl.get("evidence") or "",
                            notes.add([cl["source"]], [_article_ref(cl)] if cl.get("article_id") else []))
                  for cl in c["claims"]]
        out.append(Contest(c["about"], c["kind"], claims))
    return out


# -- rendering ------------------------------------------------------------------------------------

def _claim_says(cl: ClaimView) -> str:
    parts = []
    if cl.stance:
        parts.append(cl.stance)
    if cl.value is not None:
        parts.append(_n(cl.value))
    return ", ".join(parts) or "—"


def _article_text(a: ArticleRef) -> str:
    parts = [f"“{a.title}”"]
    if a.outlet:
        parts.append(a.outlet)
    if a.published:
        parts.append(format_date(a.published))
    text = ", ".join(parts)
    return text + (f" <{a.url}>" if a.url else "")


def _footnote_text(fn: Footnote) -> str:
    bits = []
    if fn.sources:
        bits.append("Sources: " + "; ".join(fn.sources) + ".")
    if fn.articles:
        arts = "; ".join(_article_text(a) for a in fn.articles)
        if fn.more_articles:
            arts += f"; and {fn.more_articles} more"
        bits.append(("Article: " if len(fn.articles) == 1 and not fn.more_articles else "Articles: ") + arts + ".")
    return " ".join(bits)


def _md_item(item: Item) -> str:
    return item.text + "".join(f" [{n}]" for n in item.notes)


def _render_md(r: Report) -> str:
    out = [f"# {r.title}", ""]
    out.append(f"*Situation report from {r.n_events:,} linked events in {r.n_articles:,} "
               f"article{'s' if r.n_articles != 1 else ''}.*")
    for w in r.warnings:
        out.append(f"*Note: {w}.*")
    out += ["", "## Headline numbers", ""]
    out += [f"- {_md_item(i)}" for i in r.headline]
    out += [f"  - {_md_item(i)}" for i in r.by_type]
    out += [f"- {_md_item(i)}" for i in r.figures]
    out += ["", "## Day by day", ""]
    if not r.days:
        out.append("No events.")
    for d in r.days:
        out += [f"### {_day_title(d.date)}", ""]
        out += [f"- {_md_item(i)}" for i in d.items]
        if d.more:
            out.append(f"- and {d.more} more events")
        out.append("")
    out += ["## Actors", ""]
    out += [f"- {_md_item(i)}" for i in r.actors] or ["None named."]
    out += ["", "## Contested facts", ""]
    if not r.contested:
        out.append("No contradictions among the sources.")
    for c in r.contested:
        out += [f"### {c.about}", "", "| Source | Says | Evidence |", "| --- | --- | --- |"]
        for cl in c.claims:
            ev = cl.evidence.replace("|", "\\|").replace("\n", " ")
            refs = "".join(f" [{n}]" for n in cl.notes)
            out.append(f"| {cl.source.replace('|', '/')}{refs} | {_claim_says(cl)} | {ev} |")
        out.append("")
    out += ["## Sources", ""]
    out += [f"[{fn.number}] {_footnote_text(fn)}" for fn in r.footnotes] or ["None."]
    return "\n".join(out).rstrip() + "\n"


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _html_refs(notes: Sequence[int]) -> str:
    return "".join(f'<sup class="fn"><a href="#fn-{n}" id="ref-{n}">[{n}]</a></sup>' for n in notes)


def _html_item(item: Item, link_events: bool) -> str:
    text = _e(item.text)
    if link_events and item.event_id is not None:
        text = f'<a href="/events/{int(item.event_id)}">{text}</a>'
    return f"<li>{text}{_html_refs(item.notes)}</li>"


def _safe_url(url: Optional[str]) -> Optional[str]:
    return url if url and url.lower().startswith(("http://", "https://")) else None


def _render_html_body(r: Report, link_events: bool) -> str:
    h = [f'<article class="sitrep"><h1>{_e(r.title)}</h1>',
         f'<p class="muted">Situation report from {r.n_events:,} linked events in {r.n_articles:,} '
         f'article{"s" if r.n_articles != 1 else ""}.</p>']
    h += [f'<p class="warning">{_e(w)}.</p>' for w in r.warnings]
    h.append('<section><h2>Headline numbers</h2><ul class="headline">')
    for i in r.headline:
        h.append(_html_item(i, False))
    if r.by_type:
        h.append('<li class="sub"><ul>' + "".join(_html_item(i, False) for i in r.by_type) + "</ul></li>")
    h += [_html_item(i, False) for i in r.figures]
    h.append("</ul></section><section><h2>Day by day</h2>")
    if not r.days:
        h.append("<p>No events.</p>")
    for d in r.days:
        h.append(f'<h3>{_e(_day_title(d.date))}</h3><ul class="days">' + "".join(_html_item(i, link_events) for i in d.items))
        if d.more:
            h.append(f"<li>and {d.more:,} more events</li>")
        h.append("</ul>")
    h.append('</section><section><h2>Actors</h2><ul class="actors">')
    h += [_html_item(i, False) for i in r.actors]
    h.append("</ul></section><section><h2>Contested facts</h2>")
    if not r.contested:
        h.append("<p>No contradictions among the sources.</p>")
    for c in r.contested:
        h.append(f'<div class="contest"><h3>{_e(c.about)}</h3><div class="claims">')
        for cl in c.claims:
            stance = _e(cl.stance or "value")
            h.append(f'<div class="claim stance-{stance}"><div class="claim-source">{_e(cl.source)}'
                     f'{_html_refs(cl.notes)}</div><div class="claim-says">{_e(_claim_says(cl))}</div>'
                     f'<blockquote>{_e(cl.evidence)}</blockquote></div>')
        h.append("</div></div>")
    h.append('</section><section><h2>Sources</h2><ol class="footnotes">')
    for fn in r.footnotes:
        parts = []
        if fn.sources:
            parts.append("<span>Sources: " + "; ".join(_e(s) for s in fn.sources) + ".</span>")
        if fn.articles:
            arts = []
            for a in fn.articles:
                title = f"“{_e(a.title)}”"
                url = _safe_url(a.url)
                if url:
                    title = f'<a href="{_e(url)}" rel="noopener noreferrer nofollow">{title}</a>'
                meta = ", ".join(_e(x) for x in (a.outlet, format_date(a.published) if a.published else None) if x)
                arts.append(title + (f", {meta}" if meta else ""))
            more = f"; and {fn.more_articles:,} more" if fn.more_articles else ""
            parts.append(" <span>Articles: " + "; ".join(arts) + more + ".</span>")
        h.append(f'<li id="fn-{fn.number}" value="{fn.number}">{"".join(parts)}</li>')
    h.append("</ol></section></article>")
    return "\n".join(h)


_CSS = """body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1f2933}
h1{font-size:1.6rem}h2{border-bottom:1px solid #d9e2ec;padding-bottom:.2rem;margin-top:2rem}
.muted{color:#627d98}.fn a{text-decoration:none}.claims{display:flex;gap:1rem;flex-wrap:wrap}
.claim{flex:1 1 14rem;border:1px solid #d9e2ec;border-radius:6px;padding:.6rem .8rem}
.stance-denied{border-color:#e12d39}.claim-source{font-weight:600}.claim-says{text-transform:uppercase;
font-size:.75rem;color:#486581}blockquote{margin:.4rem 0 0;color:#334e68;font-style:italic}
.footnotes{font-size:.85rem}"""


def render(report: Report, fmt: str = "md", standalone: bool = True) -> str:
    """The report as Markdown ("md") or HTML ("html"; a whole document unless `standalone` is False,
    then an <article> fragment whose event lines link to the web app's event pages)."""
    if fmt == "md":
        return _render_md(report)
    if fmt == "html":
        body = _render_html_body(report, link_events=not standalone)
        if not standalone:
            return body
        return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{_e(report.title)}</title>'
                f"<style>{_CSS}</style></head><body>\n{body}\n</body></html>\n")
    raise ValueError(f"unknown report format {fmt!r}: use 'md' or 'html'")
