"""kg_time: dates resolved against the publication date."""
from __future__ import annotations

import pytest

from kg.components.time import normalize_date


@pytest.mark.parametrize("text,published,future,expected", [
    ("Wednesday", "2023-06-05", False, "2023-05-31"),   # a Monday story: the previous Wednesday
    ("on Monday", "2023-06-05", False, "2023-06-05"),   # the story's own weekday is that day
    ("Friday", "2023-06-05", True, "2023-06-09"),       # "will meet on Friday"
    ("in April", "2023-06-05", False, "2023-04"),
    ("in December", "2023-06-05", False, "2022-12"),    # most recent December not after the date
    ("last month", "2023-01-10", False, "2022-12"),
    ("next week", "2024-04-20", True, "2024-04-22/2024-04-28"),   # a calendar week as an ISO interval
    ("last week", "2024-04-17", False, "2024-04-08/2024-04-14"),
    ("last year", "2024-03-14", False, "2023"),
    ("last year", "2024-03-01", False, "2023"),
    ("yesterday", "2024-03-01", False, "2024-02-29"),
    ("March 3", "2024-05-01", False, "2024-03-03"),
    ("May 31, 2022", None, False, "2022-05-31"),
    ("2019", None, False, "2019"),
    ("Wednesday", None, False, None),                   # no article date: nothing to compute
    ("recent months", "2023-06-05", False, None),
])
def test_normalize_date(text, published, future, expected):
    assert normalize_date(text, published, future) == expected


def test_component_uses_article_date(parse):
    doc = parse("The minister resigned on Tuesday, officials said.", published="2024-03-14")
    assert [(t["text"], t["value"]) for t in doc._.kg_time] == [("Tuesday", "2024-03-12")]


def test_component_without_article_date(parse):
    doc = parse("The minister resigned on Tuesday.")
    assert doc._.kg_time[0]["value"] is None and doc._.kg_time[0]["text"] == "Tuesday"
