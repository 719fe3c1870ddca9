"""Acronyms and their expansions: "Royal United Services Institute (RUSI)", "UK MoD".

An acronym written beside its long form pins both to one entity, named by the long form; a
lowercase long form ("lightweight-multirole missiles (LMM)") names a thing, not a body.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from briefgen.entities.candidates import _Cand
from briefgen.entities.gazetteer import _country, _is_title, lookup_place
from briefgen.entities.lexicon import _ACRONYM, ORG_HEAD_NOUNS
from briefgen.entities.names import connector, fold

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


def _acronym_of(acronym: str, words: Sequence[str]) -> bool:
    """Do the initials of ``words`` spell ``acronym``? Small connecting words may be skipped.

    "RUSI" <- Royal United Services Institute; "LMM" <- lightweight-multirole missiles (hyphen
    parts count as words); "FBI" <- Federal Bureau of Investigation.
    """
    letters = acronym.replace(".", "").replace("&", "").upper()
    parts = [p for w in words for p in re.split(r"[-‐]", w) if p and p[0].isalpha()]
    if not letters or not parts:
        return False

    @functools.cache
    def match(i: int, j: int) -> bool:
        if i == len(letters):
            return j == len(parts) or all(connector(p.lower()) for p in parts[j:])
        if j == len(parts):
            return False
        word = parts[j]
        if word[0].upper() == letters[i] and match(i + 1, j + 1):
            return True
        # "UKIP" <- "UK Independence Party": a word in capitals gives all its letters.
        n = len(word)
        if 2 <= n <= 3 and word.isupper() and word.isalpha() \
                and letters[i:i + n] == word and match(i + n, j + 1):
            return True
        return connector(word.lower()) and match(i, j + 1)

    if match(0, 0):
        return True
    # "DOC" <- "U.S. Department of Commerce": a country before a body's name is often
    # left out of its acronym.
    return len(words) >= 3 and _country(words[0]) is not None and _acronym_of(acronym, words[1:])


def _find_acronym_pairs(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """"Expansion (ACRONYM)" in the text: pin both to one cluster.

    The expansion is the entity span just before the parenthesis, or, when the model saw no
    entity there, the words before it whose initials spell the acronym ("lightweight-multirole
    missiles (LMM)"): a lowercase expansion names a thing (PRODUCT) unless its head noun names
    an organisation.
    """
    by_end = {c.tok_end: c for c in cands}
    by_start = {c.tok_start: c for c in cands}
    added: list[_Cand] = []
    for tok in doc:
        if tok.text != "(" or tok.i + 2 >= len(doc) or doc[tok.i + 2].text != ")":
            continue
        acro = doc[tok.i + 1]
        if not _ACRONYM.match(acro.text) or len(acro.text.replace(".", "")) < 2:
            continue
        pin = None
        exp = by_end.get(tok.i)
        if exp is not None and _acronym_of(acro.text, exp.text.split()):
            exp.pinned = exp.pinned or fold(exp.text)
            exp.expansion = True
            pin = exp.pinned
            label = exp.label
        else:
            n = len(acro.text.replace(".", ""))
            for width in range(n, n + 4):
                first = tok.i - width
                if first < 0:
                    break
                words = [t.text for t in doc[first:tok.i]]
                if any(t.is_punct and t.text not in "-‐" or t.is_space for t in doc[first:tok.i]):
                    break
                if _acronym_of(acro.text, words):
                    span = doc[first:tok.i]
                    if span.text[:1].isupper():
                        label = "ORG"
                    else:
                        head = span[-1].lemma_.lower()
                        label = "ORG" if head in ORG_HEAD_NOUNS else "PRODUCT"
                    name = _singular(span)
                    pin = fold(name)
                    added.append(_Cand(span.start_char, span.end_char, span.text, label,
                                       span.start, span.end, pinned=pin, expansion=True))
                    break
        if pin is None:
            continue
        a = by_start.get(acro.i)
        if a is None:
            a = _Cand(acro.idx, acro.idx + len(acro.text), acro.text, None, acro.i, acro.i + 1)
            added.append(a)
        a.pinned = pin
        if a.label is not None and label is not None:
            a.label = label
    return cands + added


def _singular(span: Span) -> str:
    """A lowercase phrase's dictionary form: last word lemmatised ("missiles" -> "missile")."""
    last = span[-1]
    lemma = last.lemma_ if last.tag_ in ("NNS", "NNPS") else last.text
    return span[:-1].text_with_ws + lemma if len(span) > 1 else lemma


def _join_country_acronym(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """"UK MoD", "US FDA": a country followed by an untagged acronym is one organisation."""
    starts = {c.tok_start for c in cands}
    out = []
    for c in cands:
        nxt = c.tok_end
        if c.label == "GPE" and nxt < len(doc) and nxt not in starts \
                and _ACRONYM.match(doc[nxt].text) and not _is_title(doc[nxt].text) \
                and doc[nxt].pos_ in ("PROPN", "NOUN") and lookup_place(c.text) is not None:
            span = doc[c.tok_start:nxt + 1]
            c = _Cand(span.start_char, span.end_char, span.text, "ORG", span.start, span.end)
        out.append(c)
    return out


def _singular_text(text: str) -> str:
    """Plain-text fallback of :func:`_singular` for pinned lowercase expansions."""
    if text.endswith("ies"):
        return text[:-3] + "y"
    if text.endswith("s") and not text.endswith(("ss", "us", "is", "as")):
        return text[:-1]  # ("gas", "virus", "analysis" are no plurals)
    return text
