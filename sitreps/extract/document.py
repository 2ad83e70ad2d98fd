"""The layout of an article: headline, dateline and paragraphs, with character offsets."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional


@dataclass
class Paragraph:
    start: int  # character offset in the article text
    text: str
    index: int
    is_headline: bool = False
    after_history: bool = False  # an unparsed sentence before it in its paragraph told history

    @property
    def end(self) -> int:
        return self.start + len(self.text)


_DATELINE_RE = re.compile(
    r"^\s*([A-Z][A-Z'’.\- ]{1,40}[A-Z.])"  # BEIRUT / MEXICO CITY / DEIR AL-BALAH
    r"((?:,\s*[A-Z0-9][\w.’'\- ]{1,30}?)*)"  # , West Bank / , Mali / , March 8 / , 16 May 2019
    r"\s*(?:\((?:AP|AFP|Reuters|Xinhua|IANS|UPI|dpa|AA)\))?\s*(—|–|-{1,2}|:)\s")


def subtree(tok) -> list:
    """The tokens of `tok`'s subtree in text order, walked with a stack: spaCy's `Token.subtree` is a
    recursive generator, which a very deep parse could drive past the interpreter's stack."""
    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(t.children)
    out.sort(key=lambda t: t.i)
    return out


def span_text(span) -> str:
    """The text of a spaCy Span, sliced from its Doc's text built once (spaCy rebuilds it on every access)."""
    doc = span.doc
    text = doc.user_data.get("sitreps_text")
    if text is None:
        text = doc.user_data["sitreps_text"] = doc.text
    return text[span.start_char:span.end_char]


def split_paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs separated by blank lines (single newlines when there are none), with offsets."""
    parts: list[Paragraph] = []
    sep = re.compile(r"\n\s*\n") if re.search(r"\n\s*\n", text) else re.compile(r"\n")
    pos = 0
    for m in list(sep.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            parts.append(Paragraph(pos + lead, stripped, len(parts)))
        if m:
            pos = m.end()
    return parts


def looks_like_headline(p: Paragraph, title: str = "") -> bool:
    """A first paragraph that is the headline: equal to the title, or short and without final stop."""
    if title and p.text.strip() == title.strip():
        return True
    words = p.text.split()
    return len(words) <= 25 and not p.text.rstrip().endswith((".", "\"", "”")) and "\n" not in p.text


def find_dateline(p: Paragraph) -> Optional[tuple[int, int, str]]:
    """The dateline at the start of a body paragraph: (start, end, city) in article offsets."""
    m = _DATELINE_RE.match(p.text)
    if not m:
        return None
    city = m.group(1).strip()
    if len(city) < 3 or not city.replace(" ", "").replace("-", "").replace("'", "").replace(".", "").isalpha():
        return None
    return p.start + m.start(1), p.start + m.end(), city.title()


_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "col", "gen", "lt", "maj", "capt", "sgt", "brig", "st", "jan", "feb", "mar",
                  "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.n", "a.m", "p.m", "no",
                  "gov", "sen", "rep", "prof", "gens", "cpl", "pvt", "adm", "rev", "vs", "etc", "inc", "co", "corp",
                  "ltd", "jr", "sr", "mt", "ft", "u.k", "e.g", "i.e"}
_SENT_END = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


def split_sentences(p: Paragraph) -> list[Paragraph]:
    """A cheap sentence split of a paragraph, good enough to decide which sentences to parse.

    Keeps abbreviations ("Col. Ahmed", "U.S. Capitol Police", "Jan. 6") and initials together.
    Each piece keeps its offset in the article and its paragraph's index.
    """
    out: list[Paragraph] = []
    text = p.text
    pos = 0
    for m in _SENT_END.finditer(text):
        word = re.search(r"([\w.]+)[.!?]?$", text[max(pos, m.start() - 40):m.start() + 1])  # bounded: linear
        w = (word.group(1) if word else "").lower().rstrip(".")
        if w in _ABBREVIATIONS or (len(w) == 1 and w.isalpha()):
            continue
        end = m.end()
        out.append(Paragraph(p.start + pos, text[pos:end].rstrip(), p.index, p.is_headline))
        pos = end
    if pos < len(text):
        out.append(Paragraph(p.start + pos, text[pos:], p.index, p.is_headline))
    return out


#: Capitalized words in a row that make a run of headlines rather than a sentence: page furniture
#: such as "Related" lists, where one outlet's headlines follow each other with no full stop.
TITLE_RUN_MIN = 8
_TITLE_GLUE = {"-", "–", "—", ":", "'s", "’s", ",", "&"}


def title_case_runs(span) -> set[int]:
    """Token indexes (in the Doc) inside runs of at least TITLE_RUN_MIN capitalized words, with
    numbers, short lowercase words ("of", "in", "ez") and hyphens allowed between them."""
    doc, out = span.doc, set()
    run: list[int] = []
    caps = 0

    def close() -> None:
        nonlocal run, caps
        if caps >= TITLE_RUN_MIN:
            out.update(run)
        run, caps = [], 0

    for tok in span:
        if tok.is_alpha and tok.text[:1].isupper():
            run.append(tok.i)
            caps += 1
        elif tok.like_num or tok.text in _TITLE_GLUE or (tok.is_alpha and tok.is_lower and len(tok) <= 3):
            if run:
                run.append(tok.i)
        else:
            close()
    close()
    return out
