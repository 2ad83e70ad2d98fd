"""Publication dates as news metadata writes them, parsed to `datetime.date`."""
from __future__ import annotations

import datetime as dt
import email.utils
import re
import time
from typing import Any, Optional


_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_ISO_RE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_COMPACT_ISO_RE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:T|\s*$)")
_NUMERIC_RE = re.compile(r"^\s*(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?!\d)")
_MONTH_FIRST_RE = re.compile(
    r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_DAY_FIRST_RE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")


def _make_date(year: int, month: int, day: int) -> Optional[dt.date]:
    """A date, or None when the parts do not form one."""
    if year < 100:
        year += 2000 if year < 70 else 1900
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_number(word: str) -> Optional[int]:
    """1-12 for an English month name or abbreviation, else None."""
    return _MONTHS.get(word.lower())


def parse_date(value: Any) -> Optional[dt.date]:
    """Parse a publication date from metadata; None when nothing parses.

    Accepts date/datetime objects, `time.struct_time` (feedparser), ISO dates
    and datetimes ("2016-12-03", "2016-12-03T10:00:00Z"), RFC 822 feed dates,
    "December 3, 2016", "3 December 2016" and numeric dates. Numeric dates with
    slashes or dashes are read month first (US, as in FA-KES "2/24/2017")
    unless the first number cannot be a month; dotted ones ("03.12.2016") are
    read day first. The date is the one written, not converted to UTC.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (time.struct_time, tuple)) and len(value) >= 3:
        return _make_date(int(value[0]), int(value[1]), int(value[2]))
    s = str(value).strip()
    if not s:
        return None
    m = _ISO_RE.match(s) or _COMPACT_ISO_RE.match(s)
    if m:
        return _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _NUMERIC_RE.match(s)
    if m:
        a, sep, b, y = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
        day_first = sep == "." or a > 12
        return _make_date(y, b, a) if day_first else _make_date(y, a, b)
    for rx, order in ((_MONTH_FIRST_RE, "md"), (_DAY_FIRST_RE, "dm")):
        for m in rx.finditer(s):
            if order == "md":
                month, day = _month_number(m.group(1)), int(m.group(2))
            else:
                day, month = int(m.group(1)), _month_number(m.group(2))
            if month:
                d = _make_date(int(m.group(3)), month, day)
                if d:
                    return d
    try:
        return email.utils.parsedate_to_datetime(s).date()
    except (TypeError, ValueError, IndexError):
        return None
