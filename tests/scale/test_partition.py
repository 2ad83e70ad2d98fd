"""Partitions read back exactly what `read_path` reads from the whole file."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from sitreps.read import read_path
from sitreps.records import Article, Rejection
from sitreps.scale.partition import plan_partitions, read_partition
from tests.scale.fakes import prose_articles

FIXTURES = Path(__file__).parent.parent / "fixtures" / "read"


def _items(items):
    return [(type(x).__name__, x.origin, x.reason if isinstance(x, Rejection) else x.content_hash) for x in items]


def _split(path, size):
    parts = list(plan_partitions([str(path)], size))
    return parts, [x for p in parts for x in read_partition(p)]


def test_plan_partitions_jsonl_split_reads_as_whole(tmp_path):
    rows = [json.dumps(r) for r in prose_articles(9)]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(rows[:3] + ["", "{bad"] + rows[3:] + [""]) + "\n")
    parts, items = _split(path, 2)
    assert [p.kind for p in parts] == ["jsonl"] * 5
    assert _items(items) == _items(read_path(path))


def test_plan_partitions_csv_split_keeps_quoted_newlines(tmp_path):
    parts, items = _split(FIXTURES / "fakes_small.csv", 1)
    assert len(parts) > 1 and {p.kind for p in parts} == {"csv"}
    assert _items(items) == _items(read_path(FIXTURES / "fakes_small.csv"))


def test_plan_partitions_csv_multiline_rows(tmp_path):
    path = tmp_path / "m.csv"
    body = "\n".join(f'"Report {i}","{r["text"][:90]}\n{r["text"][90:]}"' for i, r in enumerate(prose_articles(5)))
    path.write_text("title,text\n" + body + "\n")
    parts, items = _split(path, 2)
    assert len(parts) == 3
    assert _items(items) == _items(read_path(path))


def test_plan_partitions_warc_split_reads_as_whole(tmp_path):
    pytest.importorskip("warcio")
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "news.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i, r in enumerate(prose_articles(5)):
            html = f"<html><head><title>{r['title']}</title></head><body><p>{r['text']}</p></body></html>"
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0")
            writer.write_record(writer.create_warc_record(f"https://example.com/{i}", "response",
                                                          payload=io.BytesIO(html.encode()), http_headers=headers))
    parts, items = _split(path, 2)
    assert [p.kind for p in parts] == ["warc"] * 3
    assert _items(items) == _items(read_path(path))
    assert len(items) == 5


def test_plan_partitions_groups_articles():
    arts = [Article(id=str(i), text=f"text {i}") for i in range(5)]
    parts = list(plan_partitions(arts, 2))
    assert [len(p.items) for p in parts] == [2, 2, 1]


def test_read_partition_missing_file_is_rejection(tmp_path):
    (part,) = plan_partitions([str(tmp_path / "nope.jsonl")])
    assert _items(read_partition(part)) == [("Rejection", str(tmp_path / "nope.jsonl"), "no such file")]
