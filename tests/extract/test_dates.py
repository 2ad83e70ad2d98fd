"""Dates resolved against the publication date, with ACLED time precision (no model needed)."""
from __future__ import annotations

import datetime as dt

from sitreps.extract.dates import find_dates, infer_year, last_weekday, parse_date

SAT = dt.date(2024, 3, 9)  # a Saturday
SUN = dt.date(2024, 3, 10)


def _points(text, published=SAT):
    return [d for d in find_dates(text, published) if d.kind == "point"]


def test_last_weekday_same_day_is_publication_day():
    assert last_weekday(SAT, 5) == SAT


def test_last_weekday_earlier_weekday_goes_back_within_the_week():
    assert last_weekday(SAT, 1) == dt.date(2024, 3, 5)


def test_infer_year_takes_previous_year_for_a_month_after_publication():
    assert infer_year(12, 28, dt.date(2024, 1, 4)) == dt.date(2023, 12, 28)


def test_infer_year_allows_a_date_just_after_publication():
    assert infer_year(3, 10, SAT) == dt.date(2024, 3, 10)


def test_find_dates_weekday_on_publication_day_is_that_day():
    (d,) = _points("Warplanes struck the town on Saturday, residents said.")
    assert (d.date, d.precision) == (SAT, 1)


def test_find_dates_late_on_weekday_is_the_previous_such_day():
    (d,) = _points("Gunmen attacked a checkpoint late on Tuesday.")
    assert d.date == dt.date(2024, 3, 5)


def test_find_dates_day_month_without_year_takes_publication_year():
    (d,) = _points("The convoy was ambushed on 2 March near the border.")
    assert d.date == dt.date(2024, 3, 2)


def test_find_dates_month_day_with_year():
    (d,) = _points("The raid took place on February 27, 2024, officials said.")
    assert d.date == dt.date(2024, 2, 27)


def test_find_dates_yesterday_is_the_day_before_publication():
    (d,) = _points("Two soldiers were killed yesterday.", SUN)
    assert d.date == SAT


def test_find_dates_days_ago():
    (d,) = _points("The village was shelled three days ago.")
    assert d.date == dt.date(2024, 3, 6)


def test_find_dates_last_week_has_week_precision():
    (d,) = _points("Fighting broke out last week in the north.")
    assert d.precision == 2


def test_find_dates_earlier_this_month_has_month_precision():
    (d,) = _points("Protesters gathered earlier this month.")
    assert d.precision == 3


def test_find_dates_since_date_is_a_period_start_not_a_point():
    (d,) = find_dates("More than 300 people have been killed since 15 November.", SAT)
    assert d.kind == "since" and d.date == dt.date(2023, 11, 15)


def test_find_dates_old_date_is_background():
    (d,) = find_dates("The town first fell to rebels on 4 July 2019.", SAT)
    assert d.kind == "background"


def test_find_dates_past_year_is_background():
    (d,) = find_dates("The group seized the province in 2021.", SAT)
    assert d.kind == "background"


def test_find_dates_days_later_is_relative_to_another_event():
    (d,) = find_dates("Two days later, militants returned to the village.", SAT)
    assert (d.kind, d.offset_days) == ("relative_after", 2)


def test_find_dates_without_publication_date_leaves_relative_dates_unresolved():
    (d,) = find_dates("Gunmen attacked a checkpoint on Tuesday.", None)
    assert d.date is None


def test_find_dates_without_publication_date_keeps_explicit_dated_years():
    (d,) = _points("The raid took place on February 27, 2024.", None)
    assert d.date == dt.date(2024, 2, 27)


def test_find_dates_returns_mentions_in_text_order():
    found = find_dates("Rebels attacked on Friday and troops hit back on Saturday.", SAT)
    assert [d.text.split()[-1] for d in found] == ["Friday", "Saturday"]


def test_find_dates_offsets_point_at_the_date_words():
    text = "Shelling resumed on Thursday morning."
    (d,) = find_dates(text, SAT)
    assert "Thursday" in text[d.start:d.end]


def test_find_dates_impossible_day_is_ignored():
    assert _points("The ceasefire of March 45 held.") == []


def test_parse_date_accepts_iso_datetime_text():
    assert parse_date("2024-03-09T14:30:00Z") == SAT


def test_parse_date_rejects_garbage():
    assert parse_date("last spring") is None


def test_last_year_is_background_even_without_a_publication_date():
    (d,) = find_dates("Last year rebels bombed a factory in the south.", None)
    assert (d.kind, d.date) == ("background", None)
    (d,) = find_dates("Last year rebels bombed a factory in the south.", dt.date(2019, 5, 4))
    assert (d.kind, d.date.year) == ("background", 2018)
