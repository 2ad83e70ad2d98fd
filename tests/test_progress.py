"""Progress bars: a total (and so time left) where one can be known, and output on a terminal with no width."""
import io
import json

from sitreps import progress
from sitreps.read import count_articles, read_paths


def test_count_articles_matches_what_reading_yields(tmp_path):
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps({"text": f"Report number {i} of a clash."})
                                                for i in range(7)) + "\n\n")
    (tmp_path / "b.txt").write_text("Gunmen attacked a checkpoint on Monday.")
    (tmp_path / "c.json").write_text(json.dumps([{"text": "One."}, {"text": "Two."}]))
    (tmp_path / "d.csv").write_text('title,text\nA,"Police fired\ntear gas."\nB,Rebels shelled a town.\n')
    paths = [str(tmp_path), str(tmp_path / "missing.txt")]
    assert count_articles(paths) == 7 + 1 + 2 + 2 + 1
    assert count_articles(paths) == len(list(read_paths(paths)))


def test_count_articles_is_unknown_for_stdin_and_feeds(tmp_path):
    (tmp_path / "f.rss").write_text("<rss><channel></channel></rss>")
    assert count_articles(["-"]) is None
    assert count_articles([str(tmp_path / "f.rss")]) is None


def test_bar_draws_plain_with_total_and_time_left_when_the_terminal_has_no_width(monkeypatch):
    monkeypatch.setattr(progress, "terminal_width", lambda stream=None: 0)
    out = io.StringIO()
    with progress.bar(total=4, desc="ingest", file=out, mininterval=0) as b:
        for _ in range(4):
            b.update(1)
    text = out.getvalue()
    assert "4/4" in text and "ingest" in text and "<00:00" in text  # done, with the time-left field
    assert all(len(line) <= progress.PLAIN_WIDTH for line in text.replace("\r", "\n").splitlines())


def test_disabled_bar_prints_nothing():
    out = io.StringIO()
    with progress.bar(total=3, file=out, enabled=False) as b:
        b.update(3)
    assert out.getvalue() == ""
