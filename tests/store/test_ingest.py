"""Ingest: batches, idempotence, rejections, and surviving kill -9 and a second writer."""
from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitreps.errors import ModelMissing
from sitreps.ingest import IngestReport, format_ingest_report, ingest
from sitreps.records import Article, Extraction, Rejection
from sitreps.store import open_store
from store_fakes import JsonPipeline, event, generated_articles, json_article

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def test_ingest_reports_counts(store):
    arts = generated_articles(6)
    report = ingest(arts + [Rejection("x.pdf", "binary")], store, JsonPipeline(), progress=False, batch_size=4)
    assert (report.read, report.added, report.rejected, report.events_new, report.events_merged) == (7, 6, 1, 4, 2)


def test_ingest_twice_adds_nothing(store):
    ingest(generated_articles(6), store, JsonPipeline(), progress=False)
    before = store.counts()
    report = ingest(generated_articles(6), store, JsonPipeline(), progress=False)
    assert (report.added, report.skipped_duplicate, store.counts()) == (0, 6, before)


def test_ingest_skips_stored_articles_without_extracting(store):
    ingest(generated_articles(6), store, JsonPipeline(), progress=False)
    pipeline = JsonPipeline()
    ingest(generated_articles(6), store, pipeline, progress=False)
    assert pipeline.calls == 0


def test_ingest_counts_duplicate_within_one_batch(store):
    a = json_article("a", [event()])
    report = ingest([a, a], store, JsonPipeline(), progress=False)
    assert (report.added, report.skipped_duplicate) == (1, 1)


def test_ingest_extraction_error_becomes_rejection_and_batch_goes_on(store):
    arts = [json_article("ok-1", [event()]), json_article("bad", fail=True), json_article("ok-2", [event()],
                                                                                          source="AFP")]
    report = ingest(arts, store, JsonPipeline(), progress=False)
    assert (report.added, report.rejected) == (2, 1)
    assert [(r["origin"], r["reason"]) for r in store.rejections()] == [("test:bad",
                                                                         "extraction failed: ValueError: cannot parse bad")]


def test_ingest_fatal_error_stops_the_run(store):
    class NoModel(JsonPipeline):
        def extract(self, a):
            raise ModelMissing("en_core_web_sm is not installed")

    with pytest.raises(ModelMissing):
        ingest([json_article("a")], store, NoModel(), progress=False)


def test_ingest_interrupted_keeps_whole_batches_and_rerun_completes(store_url):
    class Interrupting(JsonPipeline):
        def extract(self, a):
            if self.calls == 9:
                raise KeyboardInterrupt
            return super().extract(a)

    with pytest.raises(KeyboardInterrupt):
        ingest(generated_articles(12), store_url, Interrupting(), progress=False, batch_size=4)
    with open_store(store_url) as s:
        assert s.counts()["articles"] == 8
    report = ingest(generated_articles(12), store_url, JsonPipeline(), progress=False, batch_size=4)
    assert (report.added, report.skipped_duplicate) == (4, 8)


def test_ingest_accepts_paths_through_reader(store, monkeypatch, tmp_path):
    import types

    fake_read = types.ModuleType("sitreps.read")
    fake_read.read_paths = lambda paths, published=None: iter([json_article(str(p), [event()]) for p in paths])
    monkeypatch.setitem(sys.modules, "sitreps.read", fake_read)
    report = ingest([tmp_path / "a.txt", str(tmp_path / "b.txt")], store, JsonPipeline(), progress=False)
    assert report.added == 2


def test_format_ingest_report_lists_rejections():
    report = IngestReport(read=3, added=2, rejected=1, seconds=2.0, rejections=[Rejection("x.pdf", "binary")])
    text = format_ingest_report(report)
    assert "added 2" in text and "x.pdf: binary" in text and "1.5 articles/s" in text


# -- processes ----------------------------------------------------------------------------------

def _ingest_process(url: str, n: int, delay: float, batch_size: int, start: int = 0) -> subprocess.Popen:
    code = (f"import sys; sys.path.insert(0, {str(HERE)!r})\n"
            "from store_fakes import JsonPipeline, generated_articles\nfrom sitreps.ingest import ingest\n"
            f"ingest(generated_articles({n})[{start}:], {url!r}, JsonPipeline({delay}), progress=False, "
            f"batch_size={batch_size})\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    return subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.PIPE)


def _snapshot(url: str) -> tuple[dict, list]:
    with open_store(url) as s:
        events = sorted((e["event_date"], e["n_reports"], e["fatalities_low"], e["fatalities_high"],
                         tuple(e["sources"])) for e in s.query_events())
        return s.counts(), events


def _reference(url: str, n: int) -> tuple[dict, list]:
    ingest(generated_articles(n), url, JsonPipeline(), progress=False)
    return _snapshot(url)


def test_ingest_killed_midway_then_rerun_matches_uninterrupted_run(new_store_url):
    url, n, batch = new_store_url(), 60, 4
    proc = _ingest_process(url, n, delay=0.03, batch_size=batch)
    deadline, stored = time.time() + 60, 0
    while time.time() < deadline and proc.poll() is None and stored < 12:
        time.sleep(0.05)
        with open_store(url) as s:
            stored = s.counts()["articles"]
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL, proc.stderr.read().decode()
    with open_store(url) as s:
        at_kill = s.counts()["articles"]
    assert 0 < at_kill < n and at_kill % batch == 0
    rerun = _ingest_process(url, n, delay=0, batch_size=batch)
    assert rerun.wait(60) == 0, rerun.stderr.read().decode()
    assert _snapshot(url) == _reference(new_store_url(), n)


def test_ingest_two_processes_into_one_store(new_store_url):
    url, n = new_store_url(), 45
    procs = [_ingest_process(url, 30, delay=0.005, batch_size=3),
             _ingest_process(url, n, delay=0.005, batch_size=5, start=15)]
    for p in procs:
        assert p.wait(120) == 0, p.stderr.read().decode()
    if not url.startswith("postgresql"):
        with open_store(url) as s:
            assert s._one("PRAGMA integrity_check")["integrity_check"] == "ok"
    assert _snapshot(url) == _reference(new_store_url(), n)


# -- with real data or the model ----------------------------------------------------------------

FAKES = ROOT.parent / "shared" / "corpus" / "fakes" / "FA-KES-Dataset.csv"


@pytest.mark.shared
@pytest.mark.skipif(not FAKES.exists(), reason="../shared is not here")
def test_ingest_fakes_corpus_twice_adds_nothing_the_second_time(tmp_path):
    class NoEvents(JsonPipeline):
        def extract(self, a):
            return Extraction(article=a)

    first = ingest([FAKES], str(tmp_path / "f.db"), NoEvents(), progress=False)
    second = ingest([FAKES], str(tmp_path / "f.db"), NoEvents(), progress=False)
    assert (first.read, first.added + first.skipped_duplicate, second.read, second.added) == (804, 804, 804, 0)


@pytest.mark.model
def test_ingest_model_two_reports_of_one_strike_become_one_event(tmp_path):
    from sitreps.pipeline import Pipeline

    a = Article(id="reuters", source="Reuters", published=dt.date(2016, 11, 26), title="Air strikes hit Aleppo",
                text="Air strikes hit Aleppo\n\nBEIRUT - Syrian government warplanes struck the city of Aleppo "
                     "on Saturday, killing 12 civilians, the Syrian Observatory for Human Rights said.")
    b = Article(id="aj", source="Al Jazeera", published=dt.date(2016, 11, 26), title="Aleppo bombed",
                text="Aleppo bombed\n\nSyrian government air strikes on Aleppo killed 22 civilians on "
                     "Saturday, opposition activists said.")
    with open_store(tmp_path / "m.db") as s:
        ingest([a, b], s, Pipeline(), progress=False)
        [ev] = [e for e in s.query_events() if e["n_reports"] == 2]
        assert (ev["n_sources"], ev["fatalities_low"], ev["fatalities_high"]) == (2, 12, 22)
        assert len([c for c in s.contradictions() if c["kind"] == "value"]) == 1
