"""The content words of an article, as the similarity scorer sees them.

One definition shared by ``annotate`` (which stores the result in ``Annotation.terms`` and
picks the "At a glance" sentences by it) and the benchmarks (which rebuild annotations from raw
corpora), so all of them count exactly the same words.
It reads only the public token attributes of a spaCy ``Doc`` and does not import spaCy: any
iterable of objects with ``lemma_``/``is_alpha``/``is_stop``/``is_punct`` works, which keeps it
testable with stand-in tokens.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

#: Shorter lemmas are mostly initials and clitics ("s", "t") that say nothing about the story.
MIN_TERM_LENGTH = 2


class TokenLike(Protocol):
    """The slice of :class:`spacy.tokens.Token` that :func:`content_terms` reads."""

    lemma_: str
    text: str
    is_alpha: bool
    is_stop: bool
    is_punct: bool


def is_content_token(token: TokenLike) -> bool:
    """True for a token that carries topic: alphabetic, not a stop word, not punctuation.

    Alphabetic-only drops numbers, prices and dates: they rarely repeat across two reports of a
    story in the same form ("$1.13bn" vs "1.1 billion"), so they add noise, not signal.
    """
    return token.is_alpha and not token.is_stop and not token.is_punct


def content_terms(doc: Iterable[TokenLike]) -> tuple[str, ...]:
    """Lower-cased lemmas of the content tokens, in text order, repeats kept.

    Repeats are kept because term frequency is part of the TF-IDF weight.  The lemma is
    checked again (alphabetic, at least two letters) because lemmatisation can turn a clean
    token into something else; an empty lemma falls back to the token's own text.
    """
    terms: list[str] = []
    for token in doc:
        if not is_content_token(token):
            continue
        lemma = (token.lemma_ or token.text).lower()
        if len(lemma) < MIN_TERM_LENGTH or not lemma.isalpha():
            continue
        terms.append(lemma)
    return tuple(terms)
