"""Checks that an :class:`~briefgen.model.Annotation` read back from the cache can be used.

Parsing the JSON proves only its shape.  A damaged or hand-edited entry can hold values of the
right type that point nowhere (``key_sentences: [999]``, a mention past the end of the text, a
quote spoken by an entity that does not exist); the renderer would crash on some and publish
nonsense for others.  :func:`validate_annotation` raises ``ValueError`` for any of them, which
the cache treats like a corrupt entry: a warning, and the article is annotated again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from briefgen.model import ENTITY_TYPES, Annotation

QUOTE_KINDS = frozenset({"full", "partial", "scare"})


def validate_annotation(ann: Annotation, text: str) -> None:
    """Raise ``ValueError`` naming the first value of ``ann`` that cannot be right for ``text``.

    ``text`` is what the pipeline read (``annotate.nlp_text``: the body, then the caption):
    every offset must fall inside it and every mention must spell what it points at.
    """
    size = len(text)
    keys: set[str] = set()
    for i, e in enumerate(ann.entities):
        where = f"entities[{i}]"
        if e.key in keys:
            raise ValueError(f"{where}: key {e.key!r} repeated")
        keys.add(e.key)
        if e.type not in ENTITY_TYPES:
            raise ValueError(f"{where}: unknown type {e.type!r}")
        if not e.name.strip():
            raise ValueError(f"{where}: empty name")
        _count(e.mentions, f"{where}.mentions")
        _strings(e.aliases, f"{where}.aliases")
    for i, m in enumerate(ann.mentions):
        where = f"mentions[{i}]"
        _span(m.start, m.end, size, where)
        if text[m.start : m.end] != m.text:
            raise ValueError(f"{where}: offsets {m.start}-{m.end} do not hold {m.text!r}")
        if m.entity not in keys:
            raise ValueError(f"{where}: entity {m.entity!r} is not in entities")
    for i, q in enumerate(ann.quotes):
        where = f"quotes[{i}]"
        _span(q.start, q.end, size, where)
        if q.kind not in QUOTE_KINDS:
            raise ValueError(f"{where}: unknown kind {q.kind!r}")
        if q.speaker is not None and q.speaker not in keys:
            raise ValueError(f"{where}: speaker {q.speaker!r} is not in entities")
    for i, (start, end) in enumerate(ann.sentences):
        _span(start, end, size, f"sentences[{i}]")
    previous = -1
    for i, index in enumerate(ann.key_sentences):
        _count(index, f"key_sentences[{i}]")
        if index >= len(ann.sentences):
            raise ValueError(
                f"key_sentences[{i}]: sentence {index} of {len(ann.sentences)} does not exist"
            )
        if index <= previous:
            raise ValueError(f"key_sentences[{i}]: not in reading order")
        previous = index
    _strings(ann.terms, "terms")


def _count(value: Any, where: str) -> None:
    # bool is an int subclass; JSON true is not a count.
    if type(value) is not int or value < 0:
        raise ValueError(f"{where}: expected a count, found {value!r}")


def _span(start: Any, end: Any, size: int, where: str) -> None:
    _count(start, f"{where}.start")
    _count(end, f"{where}.end")
    if not start <= end <= size:
        raise ValueError(f"{where}: span {start}-{end} is outside the text (length {size})")


def _strings(values: Sequence[Any], where: str) -> None:
    for value in values:
        if not isinstance(value, str):
            raise ValueError(f"{where}: expected text, found {value!r}")
