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
import re
from collections import Counter
from typing import Optional

from ..lexicon import country_name_words, country_words, group_aliases
from ..budget import check
from ..records import Article, Extraction
from ..relevance import has_cue
from .attribution import sentence_stance
from .contradictions import denied_event, denier_of, denies_a_detail, stance_contradiction, value_contradiction
from .document import find_dateline, looks_like_headline, span_text, split_paragraphs, split_sentences, subtree
from .events import Draft, add_mention, place_key, same_event, to_event
from .figures import find_figures
from .mentions import Mention, sentence_mentions

log = logging.getLogger(__name__)

VIOLENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")

#: Paragraphs parsed in one `nlp.pipe` call per article.
PIPE_BATCH = 64


def _about(d: Draft) -> str:
    m = d.mention
    where = d.location.location if d.location is not None and d.location.location else "unknown place"
    when = m.date.isoformat() if m.date else "undated"
    return f"{m.sub_event_type} in {where} on {when}"


def extract_article(article: Article, nlp, gazetteer, docs=None) -> Extraction:
    """Everything sitreps finds in one article. `docs` may hold pre-parsed paragraph Docs."""
    from ..geo.choose import admin_hints, country_focus, locate, place_countries, place_mentions

    result = Extraction(article=article)
    text = article.text
    if not text.strip():
        result.warnings.append("empty text")
        return result
    published = article.published
    if published is None:
        result.warnings.append("no publication date: relative dates are unresolved")
    paras, body, wanted, left_out = _plan(article)
    if left_out:
        result.warnings.append(f"parsed the first {MAX_PIECES} sentences with a cue; {left_out} more left out "
                               f"(an article this long is rarely one news report)")
    for p in wanted:
        if getattr(p, "cut_from", None):
            result.warnings.append(f"text at offset {p.start} cut from {p.cut_from} to {len(p.text)} characters "
                                   f"for parsing (longest piece parsed: {MAX_PIECE_CHARS})")
    dateline = find_dateline(body[0]) if body else None
    if docs is None:
        docs = []
        for doc in nlp.pipe([p.text for p in wanted], batch_size=PIPE_BATCH):
            check("parsing")
            docs.append(doc)
    focus_counts: Counter = Counter()
    cwords = country_words()
    named_countries: set[str] = set()
    worded: set[str] = set()  # countries a name or demonym mentions ("Syria", "Syrian")
    placed: set[str] = set()  # countries of the unambiguous places named ("Idlib")
    for doc in docs:
        for i, cc in enumerate(country_focus(doc, gazetteer)[:3]):
            focus_counts[cc] += 3 - i
        placed |= place_countries(doc, gazetteer)
        for tok in doc:  # names and demonyms the gazetteer tagger leaves as NORP ("Malian", "Somali")
            c = _country_word(tok, cwords)
            if c is not None:
                focus_counts[c.iso2] += 1
                worded.add(c.iso2)
                if tok.lower_ != tok.text.lower() or tok.lower_ in country_name_words():
                    named_countries.add(c.iso2)  # "Chad" names a country; "a French reporter" does not
    focus = tuple(cc for cc, _ in focus_counts.most_common())
    if not focus and docs and paras and paras[0].is_headline:
        # nothing named a country: the headline's place tells which one the article is about
        for pm in place_mentions(docs[0][:], None, gazetteer):
            loc = locate(pm, gazetteer)
            place = gazetteer.country(loc.country) if loc is not None and loc.country else None
            if place is not None and pm.score >= 0.2:
                focus = (place.country_code,)
                break
    if not focus and dateline is not None:
        # nothing else says which country: the reporter's city does
        city = _city(dateline[2], gazetteer, ())
        if city is not None:
            place = gazetteer.country(city.country)
            focus = (place.country_code,) if place is not None else focus
    # the countries places may lie in: the leading one, any the article names, and any it mentions
    # (a demonym will do) that one of its unambiguous places lies in (Russian jets over Idlib)
    allowed = tuple(dict.fromkeys(focus[:1] + tuple(sorted(named_countries | (worded & placed)))))
    main_country = None
    if focus:
        place = gazetteer.country(focus[0])
        main_country = place.country if place is not None else None
    hints = admin_hints(text)
    capital = _capital(focus, gazetteer, locate)
    dateline_loc = None
    if dateline is not None:
        loc = _city(dateline[2], gazetteer, focus) or locate(dateline[2], gazetteer, countries=focus)
        if loc is not None and focus and _in_focus(loc, focus, gazetteer) and loc.geo_precision == 1:
            loc.geo_precision = 2  # the reporter's city stands in for an unnamed place in or near it
            dateline_loc = loc

    drafts: list[Draft] = []
    article_loc = None
    last_date = None
    last_precision = 1
    last_source: Optional[str] = None
    denials: list[tuple[object, int, list]] = []
    headline_loc = None
    first_body = body[0].index if body else -1
    current_para = None
    for para, doc in zip(wanted, docs):
        if para.index != current_para:  # context is kept within a paragraph, reset between them
            current_para = para.index
            para_loc = None
            para_last: Optional[Draft] = None
            background = False
        mask = (dateline[1] - para.start) if dateline is not None and para.index == first_body else 0
        if para.after_history:
            background = True
        for sent in doc.sents:
            check("sentences")
            if para.is_headline:
                ranked = [pm for pm in place_mentions(sent, None, gazetteer) if pm.role not in ("dateline", "speaker")]
                if ranked and headline_loc is None:
                    headline_loc = locate(ranked[0], gazetteer, countries=focus, hints=hints)
                    if headline_loc is not None and focus and not _in_focus(headline_loc, allowed, gazetteer):
                        headline_loc = None
                continue
            mentions, sources, why = sentence_mentions(sent, published, focus, para.index, para.start, last_source,
                                                       mask_until=mask, background=background)
            if why and why.startswith("background") or _tells_history(span_text(sent), published):
                background = True
            elif mentions:
                background = False
            named = [s.text for s in sources if not s.is_pronoun]
            if named:
                last_source = named[-1]
            stance = sentence_stance(sent)
            if stance == "denied":
                denials.append((sent, para.start + sent.start_char, sources))
            elif stance == "unconfirmed" and not mentions and para_last is not None:
                para_last.stance = "unconfirmed"  # "The claim could not be independently verified."
            # figures
            fig_sources = named or ([last_source] if any(s.is_pronoun for s in sources) and last_source else [])
            place_name = (para_loc or article_loc).location if (para_loc or article_loc) is not None else None
            for f in ([] if background and _past_tally(sent) else
                      find_figures(sent, published, fig_sources, place_name, para.start)):
                f.article_id = article.id
                if not any(_same_figure(f, g) for g in result.figures):  # a sentence read twice
                    result.figures.append(f)
            for m in mentions:
                if m.toll_only:
                    # a toll with no event word belongs to the latest event that already has a toll
                    prior = next((d for d in reversed(drafts) if d.observations), None) or para_last or \
                        (drafts[-1] if drafts else None)
                    if prior is not None and prior.mention.event_type in VIOLENT_TYPES:
                        add_mention(prior, m)
                    continue
                trig = doc[m.trigger_i]
                all_ranked = place_mentions(sent, trig, gazetteer)
                ranked = [pm for pm in all_ranked
                          if pm.role not in ("dateline", "speaker", "distance", "from", "container")
                          and pm.score >= 0.2 and not _in_dateline(pm, para.start, dateline)
                          and not (pm.text.isupper() and len(pm.text) <= 5) and len(pm.text) > 2
                          and pm.text.lower() not in group_aliases()]
                locs = []
                if ranked:
                    top = ranked[0]
                    group = [top] + _listed_with(top, sent, ranked) + _named_list(sent, trig, ranked)
                    if top.part_of_town and len(group) > 1:
                        group = group[1:]  # "hitting Binnish, ... in the Hama countryside": the named places
                    group += [pm for pm in ranked[1:] if pm.role == top.role and pm.role in ("in", "object")
                              and top.score - pm.score <= 0.12 and not pm.part_of_town and pm not in group
                              and pm.text.lower() not in {g.text.lower() for g in group}]
                    if m.event_type in ("Protests", "Riots"):
                        # rallies "in Lagos and Ibadan, as well as in Kano and in Jos": one event per town
                        group += [pm for pm in ranked[1:] if pm.role in ("in", "mention", "object") and pm.score >= 0.33
                                  and not pm.part_of_town and pm not in group
                                  and pm.text.lower() not in {g.text.lower() for g in group}
                                  and _known_town(pm.text, gazetteer, focus, allowed)]
                    enclosing_names = [pm.text for pm in all_ranked if (pm.part_of_town or pm.role in ("admin", "container"))
                                       and pm.score >= 0.2 and not _in_dateline(pm, para.start, dateline)]
                    enclosing_names.sort(key=lambda name: gazetteer.country(name) is not None)  # countries last
                    container = enclosing_names[0] if enclosing_names else None
                    towns = [pm.text for pm in ranked[1:] if pm.role in ("in", "mention", "near", "object")]
                    for pm in group[:8]:
                        loc = _geocode(pm, gazetteer, locate, focus, allowed, hints, towns, container, all_ranked)
                        if loc is not None and not (loc.geo_precision == 3 and loc.admin1 is None and
                                                    (para_loc or article_loc) is not None):
                            locs.append(loc)
                    locs = _same_country(locs, group, gazetteer, locate, hints)
                    if locs and all(l.geo_precision == 3 for l in locs):
                        # "In Helmand province, ... the compound of Nad Ali district": the most specific place
                        inner = _town_inside(locs[0], ranked, group, gazetteer, locate, focus, hints)
                        if inner is not None:
                            locs = [inner]
                    # drop a region when a town inside it is named too ("the town of Khan Sheikhun in Idlib")
                    if len(locs) > 1 and any(l.geo_precision in (1, 2) for l in locs):
                        locs = [l for l in locs if l.geo_precision in (1, 2)]
                    if len(locs) > 1:
                        regions = {(l.admin1 or "").lower() for l in locs} - {""}
                        locs = [l for l in locs if not ((l.location or "").lower() in regions and
                                                        any(o is not l and (o.admin1 or "").lower() == (l.location or "").lower()
                                                            and (o.location or "").lower() != (l.location or "").lower()
                                                            for o in locs))] or locs
                m.explicit_place = bool(locs)
                if not locs:
                    # "Marib's security chief": a place named only as the owner of something near the event
                    for pm in all_ranked:
                        if pm.role == "container" and pm.score >= 0.2 and not _in_dateline(pm, para.start, dateline):
                            loc = locate(pm, gazetteer, countries=focus, hints=hints)
                            if loc is not None and loc.geo_precision == 1 and (not focus or _in_focus(loc, allowed, gazetteer)):
                                loc.geo_precision = 2
                                locs = [loc]
                                break
                if capital is not None and re.search(r"\b(in|into|at) (the|its|the country's|\w+'s|\w+’s) capital\b",
                                                     span_text(sent)) and \
                        (not locs or all(l.geo_precision == 3 and l.admin1 is None for l in locs)):
                    locs = [capital]  # "in Kenya's capital", "in the capital"
                if not locs:
                    inherited = para_loc or article_loc or headline_loc or dateline_loc
                    locs = [inherited] if inherited is not None else [None]
                # date from context
                if m.date is None:
                    rel = m.relative
                    anchor = m.anchor or last_date
                    if rel and anchor:
                        import datetime as _dt
                        kind, days, before_trigger = rel
                        sign = -1 if (kind == "relative_after") == before_trigger else 1
                        m.date = anchor + _dt.timedelta(days=sign * days)
                        m.time_precision = 1 if days <= 2 else 2
                    elif last_date is not None:
                        m.date, m.time_precision = last_date, last_precision
                    else:
                        m.date, m.time_precision = published, 1
                        if published is None:
                            m.time_precision = 1
                else:
                    last_date, last_precision = m.date, m.time_precision
                # continuation: a sentence with no place or date of its own that elaborates an event told
                # before (a toll, a denial, the type of weapon) joins it rather than starting another
                back = refers_back(m)
                if not m.explicit_date and (not m.explicit_place or back):
                    prior = para_last or (drafts[-1] if drafts else None)
                    if prior is not None and prior.mention.date == m.date and \
                            prior.mention.event_type in VIOLENT_TYPES and m.event_type in VIOLENT_TYPES and \
                            (m.generic or back or (m.sub_event_type == prior.mention.sub_event_type and
                                                   prior.key_place == place_key(locs[0]))):
                        add_mention(prior, m)
                        continue
                for k, loc in enumerate(locs):
                    part = m if len(locs) == 1 else _share(m, k, len(locs))
                    target = next((d for d in drafts if same_event(d, part, loc)), None)
                    if target is None:
                        target = Draft(part, loc)
                        drafts.append(target)
                        add_mention(target, part)
                    elif part not in target.mentions:
                        add_mention(target, part)
                    para_last = target
                if locs and locs[0] is not None:
                    para_loc = locs[0] if m.explicit_place else para_loc
                    if article_loc is None and m.explicit_place:
                        article_loc = locs[0]
    check("assembly")
    drafts = merge_summaries(drafts)
    _resolve_generic_rebels(drafts, wanted, docs, focus)
    # denials and contradictions
    for sent, off, sources in denials:
        d = denied_event(span_text(sent), drafts, off)
        if d is None:
            continue
        if not denies_a_detail(span_text(sent), d.mention.sub_event_type):
            d.stance = "denied"  # a party denies the event itself, not how it was done
        denier = denier_of(sources) or "a party to the event"
        result.contradictions.append(stance_contradiction(d, denier, span_text(sent).strip(), _about(d)))
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


def _listed_with(top, sent, ranked) -> list:
    """Places listed together with the chosen one ("in Binnish, Sarmin and Taftanaz").

    Each becomes its own event: ACLED codes one event per place. Names the
    entity recognizer mislabelled are taken when they are coordinated with the
    chosen place in the parse.
    """
    from ..geo.choose import PlaceMention
    doc = sent.doc
    root = next((t for t in sent if t.idx >= sent.start_char + top.start_char), None)
    if root is None or top.part_of_town:
        return []
    # climb to the head of the chosen name's phrase
    while root.head.i != root.i and root.dep_ == "compound":
        root = root.head
    out = []
    seen = {top.text.lower()}
    for t in list(root.conjuncts):
        if not t.text[:1].isupper() or t.pos_ not in ("PROPN", "NOUN"):
            continue
        left = t.left_edge.i
        while left < t.i and not doc[left].text[:1].isupper():
            left += 1
        span = doc[left:t.i + 1]
        name = span.text
        if name.lower() in seen:
            continue
        seen.add(name.lower())
        known = next((pm for pm in ranked if pm.text.lower() == name.lower()), None)
        out.append(known or PlaceMention(name, span.start_char, span.end_char, top.role, False, top.score - 0.01))
    return out


_THAT_YEAR_RE = re.compile(r"\b(that year|the same year|the following year|the year before|at the time|back then)\b", re.I)


def _tells_history(text: str, published) -> bool:
    """A sentence dated only in past years ("served from 1992 to 1998") or "later that year"."""
    from .dates import find_dates
    dates = find_dates(text, published)
    if any(d.kind == "point" for d in dates):
        return False
    return any(d.kind == "background" for d in dates) or bool(_THAT_YEAR_RE.search(text))


def _share(m: Mention, k: int, n: int) -> Mention:
    """The k-th of n places a mention names: ACLED divides a toll reported across places among them."""
    import copy
    part = copy.copy(m)
    part.killed = [(value // n + (1 if k < value % n else 0), None, side) for value, _high, side in m.killed]
    part.killed = [t for t in part.killed if t[0] > 0]
    return part


def _past_tally(sent) -> bool:
    """A number told in the simple past inside history ("In all, 334 hostages died"): not a current figure."""
    return not any(t.tag_ == "VBN" and any(c.lower_ in ("has", "have") for c in t.children) for t in sent) and \
        any(t.tag_ == "VBD" for t in sent)


def _geocode(pm, gazetteer, locate, focus, allowed, hints, towns, container, all_ranked):
    """The location of one place mention, never a namesake outside the article's countries.

    In order: the name itself; a name the gazetteer lacks, kept at a town or region named beside it;
    a name known only abroad ("Boni" -> Bonn), kept at the region the text names; the hinted region.
    """
    def here(loc):
        return None if loc is not None and focus and not _in_focus(loc, allowed, gazetteer) else loc

    known = gazetteer.resolve(pm.text, countries=focus) is not None
    loc = here(locate(pm, gazetteer, countries=focus, hints=hints)) if known else None
    if loc is None:
        for enclosing in [t for t in towns if t != pm.text] + [container]:
            if enclosing and enclosing != pm.text:
                loc = here(locate(pm, gazetteer, countries=focus, hints=hints, container=enclosing))
                if loc is not None:
                    return loc
    if loc is None and known:
        regions = [x.text for x in all_ranked if x.role in ("admin", "container") and x.score >= 0.2]
        regions.sort(key=lambda name: gazetteer.country(name) is not None)  # countries last
        for enclosing in regions:
            loc = _raw_at(pm, enclosing, gazetteer, focus, allowed)
            if loc is not None:
                return loc
    if loc is None and not known:
        loc = here(locate(pm, gazetteer, countries=focus, hints=hints))
    return loc


def _known_town(name: str, gazetteer, focus, allowed) -> bool:
    """A name the gazetteer knows as a town in one of the article's countries."""
    cand = gazetteer.resolve(name, countries=focus)
    return cand is not None and cand.place.level == "place" and (not focus or cand.place.country_code in allowed)


def _raw_at(pm, enclosing: str, gazetteer, focus, allowed):
    """A place the gazetteer lacks, kept under its own name at the place the text puts it in.

    geo_precision 2 when the enclosing place is a town ("the village of Boni near Douentza"),
    3 when it is a region ("the village of Boni in the Mopti region").
    """
    from ..geo.choose import Location
    region = gazetteer.admin1(enclosing, focus[0] if focus else None)
    place = None
    if region is None:
        cand = gazetteer.resolve(enclosing, countries=focus)
        place = cand.place if cand is not None else None
    else:
        place = region
    if place is None or (focus and place.country_code not in allowed and place.country_code not in focus[:1]):
        return None
    precision = 3 if place.level in ("admin1", "admin2", "country") else 2
    return Location(country=place.country, admin1=place.admin1 if place.level != "admin1" else place.name,
                    admin2=place.admin2, location=pm.text, latitude=round(place.latitude, 4),
                    longitude=round(place.longitude, 4), geo_precision=precision,
                    geonameid=place.geonameid if place.level == "place" else None, place_text=pm.text)


def _town_inside(region, ranked, group, gazetteer, locate, focus, hints):
    """A town named in the same sentence inside the region chosen: ACLED codes the most specific place."""
    for pm in ranked:
        if pm in group or pm.score < 0.2 or pm.role in ("admin", "container"):
            continue  # "Idlib province" names the region, not the town of Idlib
        loc = locate(pm, gazetteer, countries=focus, hints=hints)
        if loc is not None and loc.geo_precision in (1, 2) and loc.country == region.country and \
                (region.admin1 is None or loc.admin1 == region.admin1):
            return loc
    return None


def _same_country(locs, group, gazetteer, locate, hints):
    """Places listed together lie in one country: re-resolve a namesake abroad in the majority's country."""
    countries = Counter(l.country for l in locs if l is not None)
    if len(countries) < 2:
        return locs
    (major, n), *_ = countries.most_common()
    if n * 2 <= len(locs):
        return locs
    place = gazetteer.country(major)
    if place is None:
        return locs
    by_text = {pm.text: pm for pm in group}
    out = []
    for loc in locs:
        if loc.country == major:
            out.append(loc)
            continue
        pm = by_text.get(loc.place_text)
        again = locate(pm, gazetteer, countries=(place.country_code,), hints=hints) if pm is not None else None
        if again is not None and again.country == major:
            out.append(again)
    return out


def _named_list(sent, trig, ranked) -> list:
    """Capitalized names coordinated as the object of the event or of "in"/"including"/"on" near it.

    "shelled Binnish, Sarmin and Taftanaz", "on areas including Kfar Batna, Zamalka and
    Arbin": village names the recognizer often takes for people or organisations.
    """
    from ..geo.choose import PlaceMention
    doc = sent.doc
    out = []
    known = {pm.text.lower() for pm in ranked}
    for tok in subtree(trig):
        if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or tok.dep_ == "compound":
            continue
        head_ok = (tok.dep_ == "dobj" and tok.head.i == trig.i) or \
                  (tok.dep_ == "pobj" and tok.head.lower_ in ("in", "including", "on", "at", "near"))
        if not head_ok:
            continue
        items = [tok] + [c for c in tok.conjuncts if c.pos_ == "PROPN" and c.text[:1].isupper()]
        if len(items) < 2:
            continue
        for t in items:
            left = t.i
            while left - 1 >= sent.start and (doc[left - 1].dep_ == "compound" and doc[left - 1].text[:1].isupper()
                                              or doc[left - 1].text == "-" or doc[left - 1].lower_ in ("al", "el", "ad", "ar", "as", "ash", "az", "ed", "en", "es")):
                left -= 1
            while left < t.i and not doc[left].text[:1].isupper():
                left += 1
            span = doc[left:t.i + 1]
            low = span.text.lower()
            if low in group_aliases() or any(low in k for k in known):
                continue
            known.add(span.text.lower())
            out.append(PlaceMention(span.text, span.start_char, span.end_char, "in", False, 0.5))
    return out


def merge_summaries(drafts: list[Draft]) -> list[Draft]:
    """Fold a summary mention placed only at country or region level into the one detailed event it sums up.

    A lead sentence ("gunmen killed four soldiers in Marib province") and the
    paragraph that details it ("... at the checkpoint in al-Juba") are one event.
    When a coarse draft matches several detailed ones it summarises them all and is dropped.
    """
    keep: list[Draft] = []
    def level(d):
        if d.location is None:
            return 0
        if d.location.geo_precision == 3:
            return 1 if d.location.admin1 is None else 2
        return 3
    absorbed: set[int] = set()
    for c in sorted(drafts, key=level):
        if level(c) == 3:
            continue
        fine = [f for f in drafts if level(f) > level(c) and id(f) not in absorbed]
        violent = c.mention.event_type in VIOLENT_TYPES
        matches = [f for f in fine if (f.mention.event_type == c.mention.event_type or
                                       violent and f.mention.event_type in VIOLENT_TYPES)
                   and (f.mention.date == c.mention.date or not any(m.explicit_date for m in c.mentions))
                   and (c.location is None or (f.location is not None and f.location.country == c.location.country
                                               and (c.location.admin1 is None or c.location.admin1 == f.location.admin1)))]
        if len(matches) == 1:
            for m in c.mentions:
                add_mention(matches[0], m)
            absorbed.add(id(c))
        elif len(matches) > 1:
            absorbed.add(id(c))
    for d in drafts:
        if id(d) not in absorbed:
            keep.append(d)
    return keep


_BACK_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})


def _same_figure(a, b) -> bool:
    return (a.kind, a.value, a.evidence_start, a.evidence_end) == (b.kind, b.value, b.evidence_start, b.evidence_end)


def _country_word(tok, cwords):
    """The country a capitalized word names or qualifies ("Chad", "Malian"), its possessive with the
    apostrophe lost included ("Syrias countryside", as some scraped texts have it)."""
    if not tok.text[:1].isupper():
        return None
    c = cwords.get(tok.lower_)
    if c is None and len(tok) > 4 and tok.lower_.endswith("s") and tok.lower_ not in cwords:
        c = cwords.get(tok.lower_[:-1])
    return c


def refers_back(m: Mention) -> bool:
    """Whether the event word points back at an event already told: "the attack", "the blast",
    "those killed", "the dead". Such a sentence elaborates that event (who the dead were, where they
    came from) and, without a date of its own, never starts another, even when it names a place."""
    tok = m.sent.doc[m.trigger_i]
    if tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in _BACK_DETERMINERS for c in tok.children):
        return True  # "the blast", "the raids": a verb with such a subject ("the attack also hit X") may
        # name another place, which ACLED codes as another event, so only the event word itself counts
    if tok.lower_ in ("killed", "dead", "wounded", "injured") and tok.i > 0:
        before = tok.doc[tok.i - 1].lower_
        return before in ("those", "the") or tok.head.lower_ in ("those",)
    return False


def _resolve_generic_rebels(drafts: list[Draft], paras, docs, focus) -> None:
    """Generic "insurgents", "militants" become the article's one named armed group when it names only one
    (as an actor of its events, not in passing)."""
    named: Counter = Counter()
    for d in drafts:
        for m in d.mentions:
            for a in (m.actor1, m.actor2):
                if a is not None and a.cls == "group" and a.inter in (2, 3):
                    named[a.template] += 1
    if not named:
        return
    (name, top), *rest = named.most_common()
    if rest and top < 2 * rest[0][1]:
        return  # several groups in play: a generic "militants" could be any of them
    for d in drafts:
        for attr in ("actor1", "actor2"):
            a = getattr(d.mention, attr)
            if a is not None and a.cls == "rebels":
                a.template, a.cls, a.inter = name, "group", 2


def _in_focus(loc, focus, gazetteer) -> bool:
    """Whether a resolved place lies in one of the article's main countries."""
    names = set()
    for cc in focus:
        p = gazetteer.country(cc)
        if p is not None:
            names.add(p.country)
    return loc.country in names or loc.geo_precision == 3 and loc.admin1 is None


def _city(name: str, gazetteer, focus):
    """A dateline names a city: the most populous town of that name in the article's country."""
    from ..geo.choose import Location
    cands = [c for c in gazetteer.lookup(name, limit=20) if c.place.level == "place" and c.score >= 0.8
             and (not focus or c.place.country_code == focus[0])]
    if not cands:
        return None
    p = max(cands, key=lambda c: c.place.population).place
    return Location(country=p.country, admin1=p.admin1, admin2=p.admin2, location=p.name,
                    latitude=round(p.latitude, 4), longitude=round(p.longitude, 4), geo_precision=1,
                    geonameid=p.geonameid, place_text=name)


def _capital(focus, gazetteer, locate):
    """The capital of the article's main country, for "in the capital"."""
    if not focus:
        return None
    from ..lexicon import capitals
    name = capitals().get(focus[0])
    if not name:
        return None
    loc = locate(name, gazetteer, countries=focus[:1])
    if loc is not None:
        loc.geo_precision = 1
    return loc


_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")

#: The longest piece of text parsed at once. News sentences stay far below it; longer runs are
#: markup debris or hostile input, on which the tokenizer and the count reader slow down badly.
MAX_PIECE_CHARS = 1500
#: Sentences (pieces) parsed per article at most: a long news report has under a hundred with a cue;
#: a multi-megabyte file would otherwise run past any time budget.
MAX_PIECES = 200


def _capped(piece):
    """The piece cut to MAX_PIECE_CHARS (at a space when one is near), remembering its full length."""
    if len(piece.text) <= MAX_PIECE_CHARS:
        return piece
    cut = piece.text.rfind(" ", MAX_PIECE_CHARS - 200, MAX_PIECE_CHARS)
    short = type(piece)(piece.start, piece.text[:cut if cut > 0 else MAX_PIECE_CHARS], piece.index, piece.is_headline)
    short.after_history = getattr(piece, "after_history", False)
    short.cut_from = len(piece.text)
    return short


def _plan(article: Article):
    """Paragraphs, body paragraphs, and the pieces to parse: the headline and every sentence with a cue.

    Sentences with no violence, protest, figure or year cue are never parsed: they cannot hold an
    event or a figure, and skipping them is most of what keeps sitreps as fast as plain spaCy.
    """
    paras = split_paragraphs(article.text)
    # a lone line is a snippet, not a headline: only a first line with a body after it is the headline
    if len(paras) > 1 and looks_like_headline(paras[0], article.title):
        paras[0].is_headline = True
    body = [p for p in paras if not p.is_headline]
    wanted = []
    for p in paras:
        if p.is_headline:
            wanted.append(p)
        elif has_cue(p.text):
            history = False
            for s in split_sentences(p):
                if has_cue(s.text):
                    s.after_history = history
                    wanted.append(s)
                    history = False
                elif _YEAR_RE.search(s.text) and _tells_history(s.text, article.published):
                    history = True  # not parsed, but what follows it in the paragraph is history too
    return paras, body, [_capped(p) for p in wanted[:MAX_PIECES]], max(0, len(wanted) - MAX_PIECES)


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
