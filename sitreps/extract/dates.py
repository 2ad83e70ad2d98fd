"""Dates in a sentence, resolved against the publication date with ACLED's time precision.

Time precision: 1 the day is known, 2 only the week or a few days, 3 only the month.
Works on plain text with regular expressions, so it needs no model and is cheap.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
SMALL_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "several": 3, "few": 3, "a few": 3}

#: Days before publication beyond which a dated happening counts as background, not news.
BACKGROUND_DAYS = 45


@dataclass
class DateMention:
    """A date expression found in a sentence."""

    date: Optional[dt.date]  # None when no publication date anchors a relative expression
    precision: int
    text: str
    start: int  # character offsets within the text searched
    end: int
    kind: str = "point"  # point | since | period | background | page | relative_after | relative_before
    offset_days: int = 0  # for relative_after/relative_before: how many days from the anchor event

    @property
    def iso(self) -> Optional[str]:
        return self.date.isoformat() if self.date else None


_MONTH_RE = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_WD_RE = r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM_WORD = r"(\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|several|a few)"

_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("since", re.compile(r"\bsince\s+(?:(?:early|late|mid)[- ])?(?:(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RE + r"|" + _MONTH_RE + r"\s+(\d{1,2})(?:st|nd|rd|th)?)(?:,?\s+(\d{4}))?", re.I)),
    ("md", re.compile(r"\b" + _MONTH_RE + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?")),
    ("dm", re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_RE + r"\b(?:,?\s+(\d{4}))?")),
    ("wd_pair", re.compile(r"\b(?:on\s+|between\s+)?" + _WD_RE + r"\s+(?:and|to|-|–)\s+" + _WD_RE + r"\b")),
    ("wd", re.compile(r"\b(?:(?:early|late|overnight)\s+)?(?:on\s+)?" + _WD_RE + r"(?:\s+(morning|night|evening|afternoon))?\b")),
    ("today", re.compile(r"\b(today|this morning|this afternoon|this evening|tonight|earlier today|early this morning|on the same day|hours earlier|since (?:the )?(?:morning|noon|dawn|daybreak|midnight|early morning))\b", re.I)),
    ("yesterday", re.compile(r"\b(yesterday|last night|overnight|the previous day|the day before)\b", re.I)),
    ("ago", re.compile(r"\b" + _NUM_WORD + r"\s+(day|days|week|weeks|month|months|year|years)\s+ago\b", re.I)),
    ("rel", re.compile(r"\b(a|one|two|three|four|five|six|seven|several)\s+(day|days|week|weeks)\s+(after|before|earlier|later)\b", re.I)),
    ("period", re.compile(r"\b(?:over|in|during|throughout) the (?:past|last) (?:few |several |two |three )?(?:days|weeks|week|months)\b|\bin recent (?:days|weeks|months)\b|\b(?:years|months|decades) ago\b", re.I)),
    ("week", re.compile(r"\b(last week|earlier this week|this week|past week|over the weekend|last weekend|at the weekend)\b", re.I)),
    ("month", re.compile(r"\b(earlier this month|this month|last month|early this month|late last month)\b", re.I)),
    ("year", re.compile(r"\b(?:in|since|of|from|until|by)\s+((?:19|20)\d{2})\b|\blast year\b|\b((?:19|20)\d{2})\b", re.I)),
    ("monthname", re.compile(r"\b(?:in|since|last|early|late|mid-?)\s+" + _MONTH_RE + r"\b")),
]


def _month(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")]


def _num(s: str) -> int:
    s = s.lower()
    return int(s) if s.isdigit() else SMALL_NUMBERS.get(s, 1)


def last_weekday(published: dt.date, weekday: int) -> dt.date:
    """The most recent date on or before `published` falling on `weekday` (0 = Monday)."""
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


def infer_year(month: int, day: int, published: dt.date) -> Optional[dt.date]:
    """A day and month without a year: the latest such date not after publication (+2 days)."""
    for year in (published.year + 1, published.year, published.year - 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if d <= published + dt.timedelta(days=2):
            return d
    return None


def _overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(s < b and a < e for a, b in spans)


#: Words that put the page's own date before a date: "Posted on", "Published", "Last updated".
_PAGE_DATE = re.compile(r"\b(?:posted|published|updated|modified)(?: on| at)?[\s:]*$", re.I)


@lru_cache(maxsize=4096)

def find_dates(text: str, published: Optional[dt.date]) -> tuple[DateMention, ...]:
    """Every date expression in `text`, resolved against `published`, in text order (cached: treat as read-only)."""
    return tuple(_find_dates(text, published))


def _find_dates(text: str, published: Optional[dt.date]) -> list[DateMention]:
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match, date, precision, kind="point"):
        if _overlaps(taken, m.start(), m.end()):
            return
        if kind == "point" and _PAGE_DATE.search(text, max(0, m.start() - 24), m.start()):
            kind = "page"  # "Posted on August 3 2013": when the page was written, not the event's day
        if kind == "point" and date is not None and published is not None and \
                date < published - dt.timedelta(days=BACKGROUND_DAYS):
            kind = "background"
        found.append(DateMention(date, precision, m.group(0), m.start(), m.end(), kind))
        taken.append((m.start(), m.end()))

    for name, rx in _PATTERNS:
        for m in rx.finditer(text):
            if _overlaps(taken, m.start(), m.end()):
                continue
            g = m.groups()
            if name == "since":
                if g[0]:
                    day, mon = int(g[0]), _month(g[1])
                else:
                    mon, day = _month(g[2]), int(g[3])
                year = int(g[4]) if g[4] else None
                d = _safe_date(year, mon, day) if year else (infer_year(mon, day, published) if published else None)
                add(m, d, 1, "since")
            elif name in ("md", "dm"):
                if name == "md":
                    mon, day, year = _month(g[0]), int(g[1]), g[2]
                else:
                    day, mon, year = int(g[0]), _month(g[1]), g[2]
                if not 1 <= day <= 31:
                    continue
                if year:
                    d = _safe_date(int(year), mon, day)
                else:
                    d = infer_year(mon, day, published) if published else None
                add(m, d, 1)
            elif name == "wd_pair":
                wd = WEEKDAYS.index(g[0].lower())
                add(m, last_weekday(published, wd) if published else None, 2)
            elif name == "wd":
                wd = WEEKDAYS.index(g[0].lower())
                add(m, last_weekday(published, wd) if published else None, 1)
            elif name == "today":
                add(m, published, 1)
            elif name == "yesterday":
                add(m, published - dt.timedelta(days=1) if published else None, 1)
            elif name == "ago":
                n, unit = _num(g[0]), g[1].lower()
                if unit.startswith("day"):
                    add(m, published - dt.timedelta(days=n) if published else None, 1)
                elif unit.startswith("week"):
                    add(m, published - dt.timedelta(days=7 * n) if published else None, 2)
                else:
                    days = 30 * n if unit.startswith("month") else 365 * n
                    add(m, published - dt.timedelta(days=days) if published else None, 3, "background")
            elif name == "rel":
                n, unit, rel = _num(g[0]), g[1].lower(), g[2].lower()
                days = n * (7 if unit.startswith("week") else 1)
                kind = "relative_after" if rel in ("after", "later") else "relative_before"
                found.append(DateMention(None, 1 if days <= 2 else 2, m.group(0), m.start(), m.end(), kind, days))
                taken.append((m.start(), m.end()))
            elif name == "period":
                # "over the past week", "years ago": a stretch of time, not the day of one event
                add(m, None, 3, "background" if "ago" in m.group(0).lower() else "period")
            elif name == "week":
                if published:
                    delta = 7 if "last" in m.group(0).lower() else 3
                    add(m, published - dt.timedelta(days=delta), 2)
                else:
                    add(m, None, 2)
            elif name == "month":
                txt = m.group(0).lower()
                if published:
                    if "last month" in txt:
                        first = (published.replace(day=1) - dt.timedelta(days=1)).replace(day=15)
                        add(m, first, 3)
                    else:
                        add(m, published.replace(day=min(15, published.day)), 3)
                else:
                    add(m, None, 3)
            elif name == "year":
                y = g[0] or g[1]
                year = int(y) if y else (published.year - 1 if published else None)
                if year is None:  # "last year" with no publication date: still history, of no known year
                    add(m, None, 3, "background")
                    continue
                if published and year >= published.year:
                    continue  # the current year says nothing about background
                add(m, dt.date(year, 6, 15), 3, "background")
            elif name == "monthname":
                mon = _month(g[0])
                if published:
                    year = published.year if mon <= published.month else published.year - 1
                    d = dt.date(year, mon, 15)
                    add(m, d, 3)
                else:
                    add(m, None, 3)
    found.sort(key=lambda d: d.start)
    return found


def _safe_date(year: int, month: int, day: int) -> Optional[dt.date]:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(value) -> Optional[dt.date]:
    """A publication date from ISO text, a datetime or a date; None when it does not parse."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value).strip()
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        return None
