"""briefgen.datelines: the one dateline pattern the source readers and the quote rules share."""

from __future__ import annotations

import pytest

from briefgen.datelines import dateline_end, find_dateline

#: (paragraph, place the readers record or None, where the story starts or None).
DATELINES = [
    ("BELFAST — The UK has vowed to act.", "BELFAST", "The UK"),
    ("WASHINGTON (AP) -- The Senate voted.", "WASHINGTON", "The Senate"),
    ("Washington (Reuters) - The Senate voted.", "Washington", "The Senate"),
    ("Mexico City (AFP) – It featured drama.", "Mexico City", "It featured"),
    ("NEW YORK, Nov. 19 (UPI) — Former officials said.", "NEW YORK", "Former officials"),
    ("ST. LOUIS, Mo. — Voters lined up.", "ST. LOUIS", "Voters"),
    ("RENO, Nev. (AP) — Trump spoke.", "RENO", "Trump spoke"),
    # Negative: a pronoun, a title-case name with no agency, a heading in capitals, prose.
    ("I — for one — think so.", None, None),
    ("Springfield – Mayor Ann Lopez spoke.", None, None),
    ("IOWA POLLS NOT NECESSARILY WRONG, JUST TOO EARLY - Mark Blumenthal writes.", None, None),
    ("The UK has vowed to act.", None, None),
]


@pytest.mark.parametrize(("paragraph", "place", "story"), DATELINES)
def test_dateline_table(paragraph: str, place: str | None, story: str | None) -> None:
    assert find_dateline(paragraph) == place
    end = dateline_end(paragraph, 0, len(paragraph))
    assert (paragraph[end:][: len(story)] if end is not None else None) == story


def test_a_dateline_inside_a_longer_text_is_found_at_its_paragraph() -> None:
    text = "Headline of the story\n\nWASHINGTON (AP) — The Senate voted."
    lo = text.index("WASHINGTON")
    assert text[dateline_end(text, lo, len(text)) :] == "The Senate voted."
    # The paragraph's end bounds the match: a dateline with no story after it is none.
    assert dateline_end("WASHINGTON —\n\nThe Senate voted.", 0, 12) is None


def test_the_article_dateline_takes_a_place_the_pattern_leaves() -> None:
    text = "Springfield – Mayor Ann Lopez spoke."
    assert dateline_end(text, 0, len(text)) is None
    assert text[dateline_end(text, 0, len(text), "Springfield") :] == "Mayor Ann Lopez spoke."
    # Only that place, and only with a dateline's dash after it.
    assert dateline_end(text, 0, len(text), "Springfield – Mayor") is None
    assert dateline_end("Springfield is quiet.", 0, 21, "Springfield") is None
