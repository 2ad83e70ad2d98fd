"""Extraction: one article's text in, its events, figures and contradictions out.

`extract_article` walks the article paragraph by paragraph. Only paragraphs that
may report violence or figures (see `sitreps.relevance`) are parsed. Each parsed
sentence may give event mentions (`mentions`), figures (`figures`), sources and
denials (`attribution`); mentions get their place from the gazetteer
(`sitreps.geo.choose`) and their missing date and place from context, then merge
into events (`events`). Contradictions come last (`contradictions`).
"""
from __future__ import annotations

import logging
from collections import Counter
from typing import Optional

from ..records import Article, Extraction
from ..relevance import is_relevant
from .attribution import sentence_stance
from .contradictions import denied_event, denier_of, stance_contradiction, value_contradiction
from .document import find_dateline, looks_like_headline, split_paragraphs
from .events import Draft, add_mention, same_event, to_event
from .figures import find_figures
from .mentions import Mention, sentence_mentions

log = logging.getLogger(__name__)

#: Paragraphs parsed in one `nlp.pipe` call per article.
PIPE_BATCH = 64


def _about(d: Draft) -> str:
    m = d.mention
    where = d.location.location if d.location is not None and d.location.location else "unknown place"
    when = m.date.isoformat() if m.date else "undated"
    return f"{m.sub_event_type} in {where} on {when}"


def extract_article(article: Article, nlp, gazetteer, docs=None) -> Extraction:
    """Everything sitreps finds in one article. `docs` may hold pre-parsed paragraph Docs."""
    from ..geo.choose import admin_hints, country_focus, locate, place_mentions

    result = Extraction(article=article)
    text = article.text
    if not text.strip():
        result.warnings.append("empty text")
        return result
    published = article.published
    if published is None:
        result.warnings.append("no publication date: relative dates are unresolved")
    paras, body, wanted = _plan(article)
    dateline = find_dateline(body[0]) if body else None
    if docs is None:
        docs = list(nlp.pipe([p.text for p in wanted], batch_size=PIPE_BATCH))
    focus_counts: Counter = Counter()
    for doc in docs:
        for i, cc in enumerate(country_focus(doc, gazetteer)[:3]):
            focus_counts[cc] += 3 - i
    focus = tuple(cc for cc, _ in focus_counts.most_common())
    main_country = None
    if focus:
        place = gazetteer.country(focus[0])
        main_country = place.country if place is not None else None
    hints = admin_hints(text)

    drafts: list[Draft] = []
    article_loc = None
    last_date = None
    last_precision = 1
    last_source: Optional[str] = None
    denials: list[tuple[object, int, list]] = []
    headline_loc = None
    for para, doc in zip(wanted, docs):
        para_loc = None
        para_last: Optional[Draft] = None
        for sent in doc.sents:
            if para.is_headline:
                ranked = [pm for pm in place_mentions(sent, None, gazetteer) if pm.role not in ("dateline", "speaker")]
                if ranked and headline_loc is None:
                    headline_loc = locate(ranked[0], gazetteer, countries=focus, hints=hints)
                continue
            mentions, sources, _why = sentence_mentions(sent, published, focus, para.index, para.start, last_source)
            named = [s.text for s in sources if not s.is_pronoun]
            if named:
                last_source = named[-1]
            if sentence_stance(sent) == "denied":
                denials.append((sent, para.start + sent.start_char, sources))
            # figures
            fig_sources = named or ([last_source] if any(s.is_pronoun for s in sources) and last_source else [])
            place_name = (para_loc or article_loc).location if (para_loc or article_loc) is not None else None
            for f in find_figures(sent, published, fig_sources, place_name, para.start):
                f.article_id = article.id
                result.figures.append(f)
            for m in mentions:
                trig = doc[m.trigger_i]
                ranked = [pm for pm in place_mentions(sent, trig, gazetteer)
                          if pm.role not in ("dateline", "speaker", "distance", "from", "container")
                          and pm.score >= 0.2 and not _in_dateline(pm, para.start, dateline)]
                locs = []
                if ranked:
                    top = ranked[0]
                    group = [top] + [pm for pm in ranked[1:] if pm.role == top.role and top.score - pm.score <= 0.12
                                     and pm.role in ("in", "object", "mention") and not pm.part_of_town]
                    for pm in group[:8]:
                        loc = locate(pm, gazetteer, countries=focus, hints=hints)
                        if loc is not None and focus and not _in_focus(loc, focus, gazetteer):
                            loc = None  # a namesake abroad: never a silent wrong match
                        if loc is not None and not (loc.geo_precision == 3 and loc.admin1 is None and
                                                    (para_loc or article_loc) is not None):
                            locs.append(loc)
                    # drop a region when a town inside it is named too
                    if len(locs) > 1 and any(l.geo_precision in (1, 2) for l in locs):
                        locs = [l for l in locs if l.geo_precision in (1, 2)]
                m.explicit_place = bool(locs)
                if not locs:
                    inherited = para_loc or article_loc or headline_loc
                    locs = [inherited] if inherited is not None else [None]
                # date from context
                if m.date is None:
                    rel = m.__dict__.get("relative")
                    if rel and last_date:
                        import datetime as _dt
                        kind, days, before_trigger = rel
                        sign = -1 if (kind == "relative_after") == before_trigger else 1
                        m.date = last_date + _dt.timedelta(days=sign * days)
                        m.time_precision = 1 if days <= 2 else 2
                    elif last_date is not None:
                        m.date, m.time_precision = last_date, last_precision
                    else:
                        m.date, m.time_precision = published, 1
                        if published is None:
                            m.time_precision = 1
                else:
                    last_date, last_precision = m.date, m.time_precision
                # continuation: a bare toll or generic violence with nothing new joins the last event
                if m.generic and not m.explicit_place and not m.explicit_date and para_last is not None \
                        and para_last.mention.event_type in (m.event_type, "Battles", "Explosions/Remote violence",
                                                             "Violence against civilians"):
                    add_mention(para_last, m)
                    continue
                for loc in locs:
                    target = next((d for d in drafts if same_event(d, m, loc)), None)
                    if target is None:
                        target = Draft(m, loc)
                        drafts.append(target)
                        add_mention(target, m)
                    elif m not in target.mentions:
                        add_mention(target, m)
                    para_last = target
                if locs and locs[0] is not None:
                    para_loc = locs[0] if m.explicit_place else para_loc
                    if article_loc is None and m.explicit_place:
                        article_loc = locs[0]
    # denials and contradictions
    for sent, off, sources in denials:
        d = denied_event(sent.text, drafts, off)
        if d is None:
            continue
        d.stance = "denied"
        denier = denier_of(sources) or "a party to the event"
        result.contradictions.append(stance_contradiction(d, denier, sent.text.strip(), _about(d)))
    events = [to_event(d, main_country, article.id) for d in drafts]
    for i, d in enumerate(drafts):
        c = value_contradiction(d, "death toll of " + _about(d))
        if c is not None:
            c.event_index = i
            result.contradictions.append(c)
    for c in result.contradictions:
        if c.event_index is None:
            for i, d in enumerate(drafts):
                if _about(d) == c.about:
                    c.event_index = i
    # salience: the lead paragraph's events first, then by toll
    order = sorted(range(len(events)), key=lambda i: (drafts[i].mention.para_index > (body[0].index if body else 0) + 1,
                                                      -events[i].fatalities, drafts[i].mention.offset + drafts[i].mention.sent.start_char))
    remap = {old: new for new, old in enumerate(order)}
    result.events = [events[i] for i in order]
    for c in result.contradictions:
        if c.event_index is not None:
            c.event_index = remap[c.event_index]
    return result


def _in_focus(loc, focus, gazetteer) -> bool:
    """Whether a resolved place lies in one of the article's main countries."""
    names = set()
    for cc in focus[:3]:
        p = gazetteer.country(cc)
        if p is not None:
            names.add(p.country)
    return loc.country in names or loc.geo_precision == 3 and loc.admin1 is None


def _plan(article: Article):
    paras = split_paragraphs(article.text)
    if paras and looks_like_headline(paras[0], article.title):
        paras[0].is_headline = True
    body = [p for p in paras if not p.is_headline]
    wanted = [p for p in paras if p.is_headline or is_relevant(p.text)]
    return paras, body, wanted


def paragraphs_to_parse(article: Article) -> list:
    """The paragraphs `extract_article` parses (headline and relevant paragraphs), in order."""
    if not article.text.strip():
        return []
    return _plan(article)[2]


def _in_dateline(pm, para_start: int, dateline) -> bool:
    if dateline is None:
        return False
    s, e, _ = dateline
    start = para_start + pm.start_char
    return s <= start < e
