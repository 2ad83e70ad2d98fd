"""Reading news articles from disk, feeds, archives and stdin.

Every reader turns one input into a stream of `Article` records, or a
`Rejection` saying in one line why an input (or one line, entry or record of
it) could not be read. Nothing raises out of `read_path` / `read_paths` for bad
input: a batch always finishes.

Conventions shared by all formats:

* `Article.text` starts with the headline when one is known ("headline, blank
  line, body", the gold-case format of the evaluation SPEC); a text that
  already starts with its headline is left as it is.
* `Article.id` is the id the input gives, else `content_hash[:16]`.
* `Article.origin` is the path, plus `:LINENO` for jsonl/csv rows and
  `#N` (1-based) for items of a JSON list, feed entries and WARC records.
* `published` given by the caller overrides the article's own metadata.
"""
from __future__ import annotations

import datetime as dt
import glob
import logging
import sys
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from ..records import Article, Rejection
from ._common import Item, _checked, _first_line, _Reject, clean_text, compose_text, decode_bytes, make_article
from .dates import parse_date
from .formats import (SNIFF_BYTES, _html_article_fields, _looks_like_feed, _looks_like_html,
                      _read_bytes, _read_csv, _read_feed, _read_json, _read_jsonl_lines, _read_markdown, _read_txt,
                      _read_warc, _text_lines, column_mapping, strip_html)
from .language import english_function_words, language_check

__all__ = [
    "SUPPORTED_SUFFIXES", "count_articles", "read_path", "read_paths", "read_text", "read_fakes_csv",
    "expand_paths", "parse_date", "language_check", "english_function_words", "column_mapping",
    "strip_html", "decode_bytes", "compose_text",
]

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (
    ".txt", ".html", ".htm", ".json", ".jsonl", ".xml", ".rss", ".atom",
    ".warc", ".warc.gz", ".csv", ".md", ".markdown",
)
FEED_SUFFIXES = (".xml", ".rss", ".atom")
STDIN = "-"
STDIN_ORIGIN = "<stdin>"


def _suffix(path: Path) -> str:
    """The lower-case suffix, with `.warc.gz` as one."""
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return ".warc.gz"
    return path.suffix.lower()


def _read_file(path: Path, published: Optional[dt.date], max_bytes: int) -> Iterator[Item]:
    """Dispatch one file to its reader; raises `_Reject` for a whole-file failure."""
    origin = str(path)
    if not path.exists():
        raise _Reject("no such file")
    if path.is_dir():
        raise _Reject("is a directory")
    suffix = _suffix(path)
    if suffix in (".warc", ".warc.gz"):
        if path.stat().st_size == 0:
            raise _Reject("empty file")
        yield from _read_warc(path, published, max_bytes)
        return
    if suffix == ".csv":
        if path.stat().st_size == 0:
            raise _Reject("empty file")
        yield from _read_csv(path, published, max_bytes)
        return
    if suffix == ".jsonl":
        if path.stat().st_size == 0:
            raise _Reject("empty file")
        yield from _read_jsonl_lines(_text_lines(path), origin, published, max_bytes)
        return
    if suffix not in SUPPORTED_SUFFIXES:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
        if _looks_like_feed(head):
            suffix = ".xml"
        elif _looks_like_html(head):
            suffix = ".html"
        else:
            raise _Reject(f"unsupported file type '{suffix or path.name}' (supported: "
                          f"{', '.join(SUPPORTED_SUFFIXES)})")
    data = _read_bytes(path, max_bytes)
    if suffix in FEED_SUFFIXES or (suffix in (".txt", ".html", ".htm") and _looks_like_feed(data[:SNIFF_BYTES])):
        yield from _read_feed(data, origin, published)
        return
    text = decode_bytes(data)
    if suffix == ".json":
        yield from _read_json(text, origin, published)
    elif suffix in (".md", ".markdown"):
        yield from _read_markdown(text, origin, published)
    elif suffix in (".html", ".htm"):
        f = _html_article_fields(text)
        yield _checked(make_article(f["text"], title=f["title"], published=f["published"],
                                    url=f["url"], source=f["source"], origin=origin, override=published))
    else:
        yield from _read_txt(text, origin, published)


def _read_stdin(published: Optional[dt.date], max_bytes: int) -> Iterator[Item]:
    """stdin as one text, or as jsonl when it starts with `{`."""
    stream = getattr(sys.stdin, "buffer", None)
    data = stream.read(max_bytes + 1) if stream is not None else sys.stdin.read(max_bytes + 1).encode("utf-8")
    if len(data) > max_bytes:
        raise _Reject(f"input too large (> {max_bytes / 1e6:g} MB limit)")
    if not data.strip():
        raise _Reject("empty input")
    text = decode_bytes(data)
    if text.lstrip().startswith("{"):
        yield from _read_jsonl_lines(text.splitlines(), STDIN_ORIGIN, published, max_bytes)
    else:
        yield from _read_txt(text, STDIN_ORIGIN, published)


def read_path(path: Union[str, Path], published: Optional[dt.date] = None,
              max_bytes: int = 20_000_000) -> Iterator[Item]:
    """Articles from one file ("-" is stdin); bad input is yielded as a Rejection, never raised."""
    origin = STDIN_ORIGIN if str(path) == STDIN else str(path)
    published = parse_date(published) if published is not None else None
    try:
        if str(path) == STDIN:
            yield from _read_stdin(published, max_bytes)
        else:
            yield from _read_file(Path(path), published, max_bytes)
    except _Reject as exc:
        log.info("rejected %s: %s", origin, exc)
        yield Rejection(origin, str(exc))
    except PermissionError:
        yield Rejection(origin, "permission denied")
    except IsADirectoryError:
        yield Rejection(origin, "is a directory")
    except FileNotFoundError:
        yield Rejection(origin, "no such file")
    except Exception as exc:  # a batch must finish: anything unexpected becomes a Rejection
        log.exception("unexpected error reading %s", origin)
        first = str(exc).splitlines()[0][:200] if str(exc) else ""
        yield Rejection(origin, f"unreadable ({type(exc).__name__}: {first})")


def _is_supported(path: Path) -> bool:
    """Whether a file found while walking a directory is one to read."""
    return not path.name.startswith(".") and _suffix(path) in SUPPORTED_SUFFIXES


def expand_paths(paths: Iterable[str], recursive: bool = True) -> Iterator[str]:
    """Paths with directories walked (supported files, sorted) and globs expanded (sorted).

    A path that is neither a file, a directory nor a matching glob is passed
    through so that reading it yields "no such file".
    """
    for p in paths:
        p = str(p)
        if p == STDIN:
            yield p
            continue
        path = Path(p)
        if path.is_dir():
            walker = path.rglob("*") if recursive else path.glob("*")
            yield from (str(f) for f in sorted(walker) if f.is_file() and _is_supported(f))
        elif not path.exists() and glob.has_magic(p):
            matches = sorted(glob.glob(p, recursive=recursive))
            if not matches:
                yield p
            for m in matches:
                if Path(m).is_dir():
                    yield from expand_paths([m], recursive)
                else:
                    yield m
        else:
            yield p


#: Files larger than this are not pre-counted (a JSON array must be parsed to be counted).
COUNT_MAX_JSON_BYTES = 50_000_000


def _count_file(path: Path) -> Optional[int]:
    """How many items reading `path` will yield, cheaply; None when only reading it can tell."""
    import csv
    import json

    suffix = _suffix(path)
    if not path.is_file():
        return 1  # one rejection
    if suffix == ".jsonl":
        with path.open("rb") as fh:
            return sum(1 for line in fh if line.strip()) or 1
    if suffix == ".csv":
        csv.field_size_limit(1 << 30)
        with path.open(encoding="utf-8", errors="replace", newline="") as fh:
            return max(1, sum(1 for row in csv.reader(fh) if any(c.strip() for c in row)) - 1)
    if suffix == ".json":
        if path.stat().st_size > COUNT_MAX_JSON_BYTES:
            return None
        try:
            data = json.loads(path.read_bytes())
        except (ValueError, RecursionError):
            return 1
        return len(data) if isinstance(data, list) and data else 1
    if suffix in (".txt", ".html", ".htm", ".md", ".markdown"):
        return 1
    return None  # feeds and WARC archives hold an unknown number of articles


def count_articles(paths: Iterable[str], recursive: bool = True) -> Optional[int]:
    """The number of items (articles and rejections) `read_paths(paths)` will yield, for a
    progress bar's total: exact for JSONL, JSON, text and HTML files, and CSV files without
    blank rows; None when a path is standard input, a feed or a WARC archive."""
    total = 0
    for p in expand_paths(paths, recursive=recursive):
        if p == STDIN:
            return None
        n = _count_file(Path(p))
        if n is None:
            return None
        total += n
    return total


def read_paths(paths: Iterable[str], published=None, recursive: bool = True,
               max_bytes: int = 20_000_000) -> Iterator[Item]:
    """Articles from many paths, directories and globs, in sorted order; "-" reads stdin."""
    for p in expand_paths(paths, recursive=recursive):
        if glob.has_magic(p) and not Path(p).exists():
            yield Rejection(p, "no such file (pattern matches nothing)")
            continue
        yield from read_path(p, published=published, max_bytes=max_bytes)


def read_text(text: str, *, id=None, title=None, published=None, source=None, url=None) -> Article:
    """An Article from a string; the title defaults to the first line of a multi-line text."""
    text = text.strip()
    if title is None and "\n" in text:
        title = _first_line(text)
    return make_article(compose_text(title or "", text), id=id, title=title, published=published,
                        url=url, source=source, origin="<text>")


def read_fakes_csv(path) -> Iterator[Item]:
    """Articles of the FA-KES CSV (article_title, article_content, source, date, ...).

    Also reads any CSV whose columns the generic mapping recognises.
    """
    return read_path(path)
