"""Dates, parsed in one place into :class:`datetime.date`.

A source gives its date as a YAML date, a front-matter string, a line of a scraped page
("Mar 3, 2025 - 21:21") or a saved page's metadata.  Each is parsed here once into a
``datetime.date``, so an impossible date ("Feb 30") is refused wherever it comes from;
:class:`~briefgen.model.Article` keeps its ISO form, the one the cache and the JSON contract
store.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from briefgen.errors import SourceError
from briefgen.sources.clean import clean_text

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12,
    "december": 12,
}  # fmt: skip

_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))

_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"

_PREFIX = (
    r"(?:(?:published|updated|posted|last\s+updated|first\s+published)(?:\s+on)?\s*:?\s*)?"
    r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?\s+)?"
)

#: An optional clock time after the date: "- 21:21", "at 9:21 pm", ", 21:21 GMT", "T21:21:00Z".
_TIME = (
    r"(?:\s*(?:[-–—|,@T]|\bat\b)?\s*\d{1,2}[:.]\d{2}(?::\d{2})?(?:\.\d+)?\s*"
    r"(?:[ap]\.?m\.?)?\s*(?:Z|[A-Z]{2,5}|UTC\s*[+-]\s*\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2})?)?"
)

_DATE_FORMS = (
    rf"(?P<year>\d{{4}})-(?P<month>\d{{1,2}})-{_DAY}",
    rf"(?P<mname>{_MONTH_RE})\.?\s+{_DAY},?\s+(?P<year>\d{{4}})",
    rf"{_DAY}\s+(?P<mname>{_MONTH_RE})\.?,?\s+(?P<year>\d{{4}})",
)

_DATE_LINE = [re.compile(rf"^{_PREFIX}{form}{_TIME}\s*$", re.IGNORECASE) for form in _DATE_FORMS]


def read_date(text: str) -> dt.date | None:
    """A line that is only a date (with an optional time) -> that date, else None.

    Handles the shapes news pages print: ``Mar 3, 2025 - 21:21``, ``March 3, 2025``,
    ``3 March 2025``, ``2025-03-03``, with an optional weekday or "Published"/"Updated" prefix.
    An impossible date ("Feb 30, 2025") is None: the line is then not a date line at all.
    """
    text = clean_text(text)
    if len(text) > 80:
        return None
    for pattern in _DATE_LINE:
        m = pattern.match(text)
        if not m:
            continue
        parts = m.groupdict()
        month = _MONTHS[parts["mname"].lower()] if parts.get("mname") else int(parts["month"])
        try:
            return dt.date(int(parts["year"]), month, int(parts["day"]))
        except ValueError:
            return None
    return None


def parse_date(text: str) -> str | None:
    """:func:`read_date` in ISO form (``YYYY-MM-DD``), the form ``Article.date`` holds."""
    return iso(read_date(text))


def iso(day: dt.date | None) -> str | None:
    """The ISO form ``Article.date`` stores (the cache and the JSON contract read it)."""
    return day.isoformat() if day is not None else None


def front_matter_date(value: Any, fail: Callable[[str, str, Any], SourceError]) -> dt.date:
    """The ``date:`` front-matter value as a date; ``fail`` builds the error naming the key.

    YAML itself turns ``2025-03-03`` into a date (and ``2025-03-03 10:00`` into a datetime);
    a quoted or written-out date ("March 3, 2025") arrives as text and is read like a date
    line of a scraped page.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        day = read_date(value)
        if day is not None:
            return day
    raise fail("date", "a date such as 2025-03-03", value)


def metadata_date(value: str | None) -> dt.date | None:
    """A saved page's metadata date (trafilatura's ``YYYY-MM-DD``), else None.

    Only the plain ISO day is taken: anything else in that field is not a date trafilatura
    vouched for, and a wrong date on a briefing is worse than none.
    """
    if not value or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
