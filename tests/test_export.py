"""Tests of sitreps.export: the event table and its JSONL, CSV, GeoJSON and Parquet forms."""
from __future__ import annotations

import datetime as dt
import io
import json

import pandas as pd
import pytest

from sitreps import export
from sitreps.errors import SitrepsError
from sitreps.export import (ACLED_COLUMNS, COLUMNS, events_dataframe, read_acled_csv, write,
                            write_acled_csv, write_geojson, write_jsonl, write_parquet)
from sitreps.records import Article, Event, Extraction

TS = 1_700_000_000


def shelling() -> Event:
    """A violent event against civilians, with coordinates and two sources."""
    return Event(event_date="2016-12-03", time_precision=1,
                 event_type="Explosions/Remote violence",
                 sub_event_type="Shelling/artillery/missile attack",
                 actor1="Military Forces of Syria", inter1=1,
                 actor2="Civilians (Syria)", inter2=7, country="Syria", admin1="Aleppo",
                 location="Aleppo", latitude=36.2021, longitude=37.1343, geo_precision=1,
                 fatalities=3, fatalities_high=5,
                 sources=["opposition activists", "SOHR"], evidence="Shelling killed three, \"activists\" said.")


def protest() -> Event:
    """A protest with no coordinates, no date and no sources."""
    return Event(event_date=None, time_precision=1, event_type="Protests",
                 sub_event_type="Excessive force against protesters",
                 actor1="Protesters (Sudan)", inter1=6, actor2="Police Forces of Sudan", inter2=1,
                 country="Sudan", location="Khartoum")


ARTICLE = Article(id="art-1", text="t", title="Shelling", published=dt.date(2016, 12, 3), source="Wire")
OTHER = Article(id="art-2", text="u", title="Protest")


def pairs():
    """Two events of one article and one of another."""
    return [(shelling(), ARTICLE), (protest(), ARTICLE), (protest(), OTHER)]


def test_events_dataframe_has_acled_columns_then_extras():
    df = events_dataframe(pairs(), timestamp=TS)
    assert list(df.columns) == COLUMNS
    assert COLUMNS[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    assert COLUMNS[len(ACLED_COLUMNS):] == ["fatalities_high", "stance", "evidence", "article_id"]


def test_events_dataframe_derives_acled_codes():
    row = events_dataframe(pairs(), timestamp=TS).iloc[0]
    assert row["disorder_type"] == "Political violence"
    assert row["civilian_targeting"] == "Civilian targeting"
    assert row["iso"] == 760
    assert row["region"] == "Middle East"
    assert row["interaction"] == 17
    assert row["year"] == 2016
    assert row["source"] == "opposition activists; SOHR"
    assert row["notes"] == row["evidence"] == "Shelling killed three, \"activists\" said."
    assert row["timestamp"] == TS


def test_events_dataframe_excessive_force_is_both_disorder_types():
    row = events_dataframe([(protest(), OTHER)], timestamp=TS).iloc[0]
    assert row["disorder_type"] == "Political violence; Demonstrations"
    assert row["civilian_targeting"] is None
    assert row["region"] == "Northern Africa"


def test_events_dataframe_event_ids_stable_and_distinct():
    first = events_dataframe(pairs(), timestamp=TS)["event_id_cnty"].tolist()
    again = events_dataframe(pairs(), timestamp=TS + 5)["event_id_cnty"].tolist()
    assert first == again
    assert len(set(first)) == 3
    assert first[0].startswith("SYR") and first[1].startswith("SDN")


def test_events_dataframe_unknown_country_gets_xxx_prefix():
    ev = protest()
    ev.country = "Atlantis"
    row = events_dataframe([(ev, None)], timestamp=TS).iloc[0]
    assert row["event_id_cnty"].startswith("XXX") and pd.isna(row["iso"]) and row["region"] is None


def test_events_dataframe_missing_article_uses_event_article_id():
    ev = protest()
    ev.article_id = "from-event"
    assert events_dataframe([(ev, None)], timestamp=TS).iloc[0]["article_id"] == "from-event"


def test_events_dataframe_ints_are_nullable():
    df = events_dataframe(pairs(), timestamp=TS)
    assert str(df["fatalities_high"].dtype) == "Int64"
    assert pd.isna(df["fatalities_high"].iloc[1]) and pd.isna(df["year"].iloc[1])


def test_write_jsonl_one_extraction_dict_per_line():
    buf = io.StringIO()
    xs = [Extraction(article=ARTICLE, events=[shelling()]), Extraction(article=OTHER)]
    assert write_jsonl(xs, buf) == 2
    lines = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert lines == [x.to_dict() for x in xs]


def test_write_acled_csv_round_trips_through_pandas():
    buf = io.StringIO()
    assert write_acled_csv(pairs(), buf, timestamp=TS) == 3
    buf.seek(0)
    pd.testing.assert_frame_equal(read_acled_csv(buf), events_dataframe(pairs(), timestamp=TS))


def test_write_acled_csv_plain_read_csv_gives_same_values():
    buf = io.StringIO()
    write_acled_csv(pairs(), buf, timestamp=TS)
    buf.seek(0)
    df = pd.read_csv(buf)
    assert df.loc[0, "latitude"] == 36.2021 and df.loc[0, "fatalities"] == 3
    assert df.loc[0, "notes"] == "Shelling killed three, \"activists\" said."


def test_write_geojson_points_are_lon_lat_and_skips_counted():
    buf = io.StringIO()
    assert write_geojson(pairs(), buf, timestamp=TS) == 1
    doc = json.loads(buf.getvalue())
    assert doc["type"] == "FeatureCollection" and doc["skipped"] == 2
    feature = doc["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [37.1343, 36.2021]}
    assert feature["properties"]["actor1"] == "Military Forces of Syria"
    assert feature["properties"]["sources"] == ["opposition activists", "SOHR"]
    assert feature["properties"]["fatalities_high"] == 5


def test_write_parquet_round_trips_rows(tmp_path):
    path = tmp_path / "events.parquet"
    assert write_parquet(pairs(), path, timestamp=TS) == 3
    back = pd.read_parquet(path)
    expected = events_dataframe(pairs(), timestamp=TS)
    assert back["event_id_cnty"].tolist() == expected["event_id_cnty"].tolist()
    assert back["event_date"].tolist()[0] == dt.date(2016, 12, 3) and pd.isna(back["event_date"][1])
    assert back["fatalities_high"].tolist()[0] == 5 and pd.isna(back["fatalities_high"][1])
    assert list(back["sources"][0]) == ["opposition activists", "SOHR"]


def test_write_parquet_column_types(tmp_path):
    import pyarrow.parquet as pq

    path = tmp_path / "events.parquet"
    write_parquet(pairs(), path, timestamp=TS)
    schema = pq.read_schema(path)
    assert str(schema.field("event_date").type) == "date32[day]"
    assert str(schema.field("fatalities").type) == "int64"
    assert str(schema.field("sources").type.value_type) == "string"


@pytest.mark.parametrize("fmt", ["jsonl", "acled-csv", "geojson", "parquet"])
def test_write_dispatches_to_path(tmp_path, fmt):
    path = tmp_path / f"out.{fmt}"
    n = write(fmt, [Extraction(article=ARTICLE, events=[shelling(), protest()])], path)
    assert path.stat().st_size > 0
    assert n == {"jsonl": 1, "acled-csv": 2, "geojson": 1, "parquet": 2}[fmt]


def test_write_unknown_format_raises():
    with pytest.raises(SitrepsError, match="unknown export format 'xlsx'"):
        write("xlsx", [], io.StringIO())


def test_acled_region_covers_every_geonames_country():
    regions = export._regions()
    assert set(export._countries()) <= set(regions)
    assert regions["NG"] == "Western Africa" and regions["SO"] == "Eastern Africa"


@pytest.mark.parametrize("name,iso", [("Palestine", 275), ("Democratic Republic of Congo", 180),
                                      ("Yemen", 887), ("Ivory Coast", 384)])
def test_country_iso_numeric_resolves_names_and_aliases(name, iso):
    assert export.country_iso_numeric(name) == iso
