"""Pieces every reader shares: decoding, the rejection signal and building Articles."""
from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any, Optional, Union

from ..records import Article, Rejection
from .dates import parse_date
from .language import language_check

log = logging.getLogger(__name__)

Item = Union[Article, Rejection]


class _Reject(Exception):
    """Internal: an input is rejected with this one-line reason."""


def decode_bytes(data: bytes) -> str:
    """Decode text: UTF-8 (a BOM is dropped), else cp1252; binary data is rejected."""
    if b"\x00" in data[:65536]:
        raise _Reject("binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        sample = data[:65536]
        if sum(1 for b in sample if b >= 0x80) > 0.3 * len(sample):
            raise _Reject("binary data, not text") from None
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise _Reject("binary data, not text") from None
        log.debug("decoded as cp1252")
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if sample and controls / len(sample) > 0.05:
        raise _Reject("binary data, not text")
    return text


_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # C0 and C1 controls, but tab, newline, form feed and CR


def clean_text(s: str) -> str:
    """Text every later stage can trust: lone surrogates become U+FFFD, control characters go.

    Tabs, newlines, carriage returns and form feeds stay (paragraphs are made of them).
    """
    if s.isascii() and s.isprintable():
        return s
    return _CONTROL.sub("", _SURROGATE.sub("\ufffd", s))


def _first_line(text: str) -> str:
    """The first non-blank line of a text, stripped."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def _norm_ws(s: str) -> str:
    """Whitespace collapsed, lower case: for comparing headlines with text starts."""
    return " ".join(s.split()).lower()


def compose_text(title: str, body: str) -> str:
    """Headline, blank line, body; unless the body already starts with the headline."""
    title, body = (title or "").strip(), (body or "").strip()
    if not title or _norm_ws(body[: len(title) + 200]).find(_norm_ws(title)) != -1:
        return body
    if not body:
        return title
    return f"{title}\n\n{body}"


def make_article(
    text: str,
    *,
    id: Optional[str] = None,
    title: Optional[str] = None,
    published: Any = None,
    url: Optional[str] = None,
    source: Optional[str] = None,
    origin: Optional[str] = None,
    override: Optional[dt.date] = None,
) -> Article:
    """Build an Article with normalised fields; `override` wins over `published`."""
    pub = override if override is not None else parse_date(published)
    source = clean_text(str(source)).strip() if source not in (None, "") else None
    art = Article(id="", text=clean_text(text), title=clean_text(title or "").strip(), published=pub,
                  url=clean_text(url) if url else None, source=source or None, origin=origin)
    art.id = clean_text(str(id)).strip() if id not in (None, "") else art.content_hash[:16]
    return art


def _checked(article: Article) -> Item:
    """The article, or a Rejection when its text is empty or not English."""
    origin = article.origin or ""
    if not article.text.strip():
        return Rejection(origin, "empty text")
    reason = language_check(article.text)
    if reason:
        return Rejection(origin, reason)
    return article

