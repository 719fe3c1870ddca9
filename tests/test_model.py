"""Value objects: JSON round trip (the cache format) and slugs (the URLs)."""

from __future__ import annotations

import pytest

from briefgen.model import (
    Annotation,
    Article,
    Block,
    Entity,
    Mention,
    Quote,
    Segment,
    from_jsonable,
    to_jsonable,
)
from briefgen.slug import slugify, unique_slug

ANN = Annotation(
    article=Article(
        source="sources/a.md",
        slug="a",
        title="Port reopens",
        date="2025-03-04",
        tags=("ports", "baltic"),
        blocks=(Block("p", (Segment("Lund spoke. "), Segment("x", "code", "`x`")), 3),),
    ),
    mentions=(Mention(0, 4, "Lund", "Ana Lund"),),
    entities=(Entity("Ana Lund", "Ana Lund", "PERSON", ("Lund",), None, 1, "Lund spoke."),),
    quotes=(Quote(0, 4, "Lund", "partial", None, None, None),),
    sentences=((0, 11),),
    key_sentences=(0,),
    terms=("lund", "speak"),
    model="en_core_web_sm-3.8.0",
)


def test_round_trip_is_exact() -> None:
    assert from_jsonable(Annotation, to_jsonable(ANN)) == ANN


@pytest.mark.parametrize(
    "broken",
    [
        {"article": 3},
        {"article": {"source": "s", "slug": "a", "title": 7}},
        {"article": {"source": "s", "slug": "a", "title": "t"}, "sentences": [[0]]},
        {"article": {"source": "s", "slug": "a", "title": "t"}, "mentions": [{"start": 0}]},
    ],
)
def test_wrong_shapes_raise(broken: dict) -> None:
    with pytest.raises((TypeError, ValueError, KeyError)):
        from_jsonable(Annotation, broken)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Kier Starmer's plan — UK", "kier-starmers-plan-uk"),
        ("Élysée Palace", "elysee-palace"),
        ("NATO’s 5% goal", "natos-5-goal"),
        ("???", "untitled"),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_unique_slug_is_stable_in_order() -> None:
    taken: set[str] = {"index"}
    assert [unique_slug(s, taken) for s in ["index", "a", "a", "a"]] == [
        "index-2",
        "a",
        "a-2",
        "a-3",
    ]
