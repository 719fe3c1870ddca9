"""Whether two near-identical texts report the same facts: one story republished, or two.

Split from :mod:`briefgen.related`, whose text cosine finds the candidates ("Also reported
as"); this is the check that keeps templated copy (two companies' dividend notices) apart.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from briefgen.model import Annotation

#: Dice overlap of the figures, and of the names, two texts need to be one story (measured on
#: BBC: re-created republications score 0.8 and more; an auction preview vs its result 0.55).
SAME_FACTS = 0.6
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


class SameFacts:
    """Checks that two near-identical texts also report the same facts (figures and names).

    Content lemmas leave out numbers and collapse templated copy ("quarterly dividend ... pay
    ... record") to the same words, so two companies' dividend notices can look like one story.
    A republication keeps the facts: the same figures and the same names.
    """

    def __init__(self, anns: Sequence[Annotation], names: Sequence[frozenset[int]]) -> None:
        """``names``: each article's entities, as the related index numbers them."""
        self._texts: list[str | None] = [None] * len(anns)
        self._anns = anns
        self._names = names

    def _text(self, i: int) -> str:
        # ``Article.text`` joins the blocks on every call: one string per article and build.
        text = self._texts[i]
        if text is None:
            text = self._texts[i] = self._anns[i].article.text
        return text

    def same(self, i: int, j: int) -> bool:
        # Only judged when both sides have some.  Dice overlap (shared / mean size): a copy
        # trimmed by a paragraph keeps most of its figures, while a follow-up that repeats the
        # first report's figures and adds as many of its own (an auction preview, then its
        # results) is a new step in the story, not a copy.
        if not _same_figures(self._text(i), self._text(j)):
            return False
        a, b = self._names[i], self._names[j]
        return not (a and b) or 2 * len(a & b) >= SAME_FACTS * (len(a) + len(b))


@lru_cache(maxsize=1 << 15)
def _figures(text: str) -> Counter[str]:
    """The figures of a text, counted (read only: the object is shared).

    Cached by text because a save under ``mkdocs serve`` checks the same near-copies again:
    at 10,000 briefings, 25,000 pairs a build, seconds of regular expressions."""
    return Counter(_NUMBER.findall(text))


@lru_cache(maxsize=1 << 16)
def _same_figures(a: str, b: str) -> bool:
    """Whether two texts share enough of their figures (see :meth:`SameFacts.same`)."""
    x, y = _figures(a), _figures(b)
    total = x.total() + y.total()
    return not min(x.total(), y.total()) or 2 * (x & y).total() >= SAME_FACTS * total
