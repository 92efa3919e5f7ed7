"""kg.curate.extract.dates: German dates and times as the pages write them."""

from __future__ import annotations

import datetime as dt

from kg.curate.extract.dates import DateMention, check_against, find_dates, time_range, with_offset


def test_long_numeric_and_range_forms() -> None:
    assert [d.date for d in find_dates("Dienstag, 24. November 2020")] == [dt.date(2020, 11, 24)]
    assert [d.date for d in find_dates("Programm Dienstag, 08.12.2020, 10:00 - 12:30 Uhr, online")] == [
        dt.date(2020, 12, 8)
    ]
    assert [d.date for d in find_dates("01.07.2019 - 02.07.2019")] == [
        dt.date(2019, 7, 1),
        dt.date(2019, 7, 2),
    ]
    assert find_dates("Programm Dienstag, 08.12.2020")[0].weekday == "dienstag"


def test_a_date_without_a_year_keeps_day_month_and_weekday_only() -> None:
    (d,) = find_dates("Einladung zur Abschlussveranstaltung am Mittwoch, 28. Oktober")
    assert (d.day, d.month, d.year, d.weekday, d.date) == (28, 10, None, "mittwoch", None)


def test_times_of_day_and_ranges() -> None:
    assert time_range("10:00 - 12:30 Uhr, online") == ("10:00", "12:30")
    assert time_range("18 bis 20 Uhr") == ("18:00", "20:00")
    assert time_range("01.07.2019 - 02.07.2019") is None


def test_offset_of_the_day_in_berlin() -> None:
    assert with_offset(dt.date(2020, 12, 8), "10:00") == "2020-12-08T10:00+01:00"
    assert with_offset(dt.date(2019, 7, 1), "13:30") == "2019-07-01T13:30+02:00"
    assert with_offset(dt.date(2020, 10, 28), None) == "2020-10-28"


def test_given_date_is_checked_against_the_page() -> None:
    page = DateMention(28, 10, None, "mittwoch", (0, 0))
    assert check_against(dt.date(2020, 10, 28), page) is None
    assert "Donnerstag" in (check_against(dt.date(2021, 10, 28), page) or "")
    assert "is not the page's 28.10." in (check_against(dt.date(2020, 10, 29), page) or "")
