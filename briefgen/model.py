"""Frozen value objects passed between briefgen's stages.

Data flows one way: ``sources`` makes an :class:`Article`, ``annotate`` turns it into an
:class:`Annotation` (cached as JSON), ``corpus`` joins all annotations into a :class:`Corpus`,
``render`` turns the corpus into Markdown.  Nothing here imports spaCy or MkDocs, so every later
stage can be tested without either.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: Entity types briefgen keeps, in the order the glossary groups them.
ENTITY_TYPES = (
    "PERSON",
    "ORG",
    "GPE",
    "LOC",
    "FAC",
    "NORP",
    "EVENT",
    "PRODUCT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
)


@dataclass(frozen=True)
class Segment:
    """A run of inline content inside a block.

    ``kind`` is ``text`` (plain prose: may be annotated), ``link`` (the visible text of a
    hyperlink: never gets an entity link of its own), ``code`` (inline code: never annotated),
    ``html`` (raw HTML from a source: shown escaped, never live) or ``markup`` (an emphasis
    mark or link bracket with no visible text).
    """

    text: str
    """Visible text, exactly as the NLP pipeline sees it."""
    kind: str = "text"
    raw: str = ""
    """Markdown emitted verbatim for ``markup`` and ``code`` segments (already safe)."""


@dataclass(frozen=True)
class Block:
    """One paragraph-level unit of an article body."""

    kind: str
    """``p`` paragraph, ``h`` heading, ``li`` list item, ``quote`` block quote."""
    segments: tuple[Segment, ...]
    line: int = 0
    """1-based line in the source file, for error messages."""

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)


BLOCK_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Article:
    """A source file read and cleaned, before any NLP."""

    source: str
    """Path of the source file as given (POSIX separators)."""
    slug: str
    """URL slug of the briefing, unique within the site."""
    title: str
    date: str | None = None
    """ISO ``YYYY-MM-DD`` or None when the source has no date."""
    publisher: str | None = None
    url: str | None = None
    author: str | None = None
    tags: tuple[str, ...] = ()
    summary: str | None = None
    dateline: str | None = None
    """Place name of a wire dateline ("BELFAST — ..."), as printed."""
    caption: str | None = None
    """Photo caption, kept apart from the story body."""
    blocks: tuple[Block, ...] = ()
    fmt: str = "md"
    """Reader that produced it: ``md``, ``txt`` or ``html``."""

    @property
    def text(self) -> str:
        """The body as one string: blocks joined by a blank line. All offsets point here."""
        return BLOCK_SEPARATOR.join(b.text for b in self.blocks)

    @functools.cached_property
    def day(self) -> dt.date | None:
        """:attr:`date` as a ``datetime.date``, parsed once per article; None when undated.

        The readers (``briefgen.sources.dates``) parse every date they find and keep the ISO
        form, which the cache and the JSON contract store; pages and the relater read this
        instead of parsing the string again.  A string no reader would write (a hand-edited
        cache entry) is None, not an error.
        """
        if not self.date:
            return None
        try:
            return dt.date.fromisoformat(self.date)
        except ValueError:
            return None

    def block_starts(self) -> tuple[int, ...]:
        """Offset in :attr:`text` where each block starts."""
        starts, pos = [], 0
        for b in self.blocks:
            starts.append(pos)
            pos += len(b.text) + len(BLOCK_SEPARATOR)
        return tuple(starts)


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity in an article body."""

    start: int
    """Character offset in ``Article.text``."""
    end: int
    text: str
    entity: str
    """Key of the document-level :class:`Entity` it belongs to."""


@dataclass(frozen=True)
class Entity:
    """A person, organisation, place ... as one article knows it (aliases merged)."""

    key: str
    """Document-local identifier; the canonical name is a good choice."""
    name: str
    type: str
    """One of :data:`ENTITY_TYPES`."""
    aliases: tuple[str, ...] = ()
    """Other surface forms of the same entity in this article, sorted."""
    role: str | None = None
    """Most informative role found here ("British Prime Minister")."""
    mentions: int = 0
    sentence: str = ""
    """The sentence of its first mention, for the entity page."""


@dataclass(frozen=True)
class Quote:
    """A quoted passage and who said it."""

    start: int
    """Offset of the first quoted character (inside the marks) in ``Article.text``."""
    end: int
    text: str
    kind: str
    """``full`` (a sentence or more), ``partial`` (a phrase in the reporter's sentence) or
    ``scare`` (a label or title with no speech context: styled, never attributed)."""
    speaker: str | None = None
    """Key of the speaking :class:`Entity`, or None."""
    speaker_text: str | None = None
    """Words in the article that name the speaker ("he", "Taylor, director of ...")."""
    cue: str | None = None
    """The speech cue ("said", "according to")."""


@dataclass(frozen=True)
class Annotation:
    """Everything the NLP stage learns about one article; cached as JSON.

    Mention offsets may run past ``article.text``: the caption is annotated after the body
    (see ``annotate.nlp_text``), so its entities count without being linked in the story.
    """

    article: Article
    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    sentences: tuple[tuple[int, int], ...] = ()
    """Sentence boundaries as (start, end) offsets in ``Article.text``."""
    key_sentences: tuple[int, ...] = ()
    """Indices into ``sentences`` for "At a glance", in reading order."""
    terms: tuple[str, ...] = ()
    """Content lemmas (lowercase, no stop words) for similarity scoring."""
    model: str = ""


@dataclass(frozen=True)
class GlossaryEntry:
    """A curated entity from ``glossary.yml``; it wins over anything the model says."""

    name: str
    type: str | None = None
    aliases: tuple[str, ...] = ()
    description: str | None = None
    url: str | None = None
    ignore: bool = False
    line: int = 0


@dataclass(frozen=True)
class Appearance:
    """A canonical entity as seen in one briefing."""

    briefing: str
    """Slug of the briefing."""
    date: str | None
    sentence: str
    mentions: int
    local_key: str
    """``Entity.key`` inside that briefing's annotation."""


@dataclass(frozen=True)
class CanonicalEntity:
    """One real-world entity across the whole site: one entity page."""

    slug: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    role: str | None = None
    role_source: str | None = None
    """Slug of the briefing the role came from."""
    description: str | None = None
    url: str | None = None
    appearances: tuple[Appearance, ...] = ()
    """Newest first."""
    curated: bool = False
    """Matched by an entry of ``glossary.yml``: the editors asked for it, so it gets a page."""


@dataclass(frozen=True)
class Related:
    """A link from one briefing to another, with the reason."""

    slug: str
    score: float
    shared: tuple[str, ...] = ()
    """Names of canonical entities both briefings mention, most telling first."""


@dataclass(frozen=True)
class Thread:
    """A run of briefings on one developing story."""

    slug: str
    title: str
    briefings: tuple[str, ...]
    """Briefing slugs, oldest first."""


@dataclass(frozen=True)
class Briefing:
    """An annotation placed in the corpus: its canonical entities and neighbours."""

    annotation: Annotation
    entity_slugs: dict[str, str] = field(default_factory=dict)
    """``Entity.key`` -> ``CanonicalEntity.slug``; keys missing here are not linked."""
    related: tuple[Related, ...] = ()
    duplicates: tuple[str, ...] = ()
    """Slugs of the same story republished under another headline ("Also reported as")."""
    thread: str | None = None

    @property
    def slug(self) -> str:
        return self.annotation.article.slug

    @property
    def article(self) -> Article:
        return self.annotation.article


@dataclass(frozen=True)
class Corpus:
    """The whole site's data, ready to render."""

    briefings: tuple[Briefing, ...]
    """Newest first, then by slug."""
    entities: tuple[CanonicalEntity, ...]
    """Sorted by slug."""
    threads: tuple[Thread, ...] = ()


def to_jsonable(obj: Any) -> Any:
    """Dataclasses -> plain dicts/lists, for the JSON cache and ``inspect --json``."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    return obj


def from_jsonable(cls: Any, data: Any) -> Any:
    """Inverse of :func:`to_jsonable`, driven by the dataclass type hints.

    Raises ``TypeError``/``KeyError``/``ValueError`` on data of the wrong shape, which the
    cache treats as a corrupt entry.
    """
    return _decoder(cls)(data)


@functools.cache
def _decoder(hint: Any) -> Callable[[Any], Any]:
    """A decoding function for one type hint, built once: loading thousands of cached
    annotations must not re-inspect the same hints for every field of every object."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = _decoder(next(a for a in typing.get_args(hint) if a is not type(None)))
        return lambda data: None if data is None else inner(data)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return lambda data: tuple(item(x) for x in data)
        items = tuple(_decoder(a) for a in args)
        return lambda data: tuple(f(x) for f, x in zip(items, data, strict=True))
    if origin is dict:
        value = _decoder(typing.get_args(hint)[1])
        return lambda data: {str(k): value(v) for k, v in data.items()}
    if dataclasses.is_dataclass(hint):
        resolved = typing.get_type_hints(hint)
        fields = tuple((f.name, _decoder(resolved[f.name])) for f in dataclasses.fields(hint))
        cls = hint

        def decode(data: Any) -> Any:
            if not isinstance(data, dict):
                raise TypeError(f"expected an object for {cls.__name__}")
            return cls(**{name: f(data[name]) for name, f in fields if name in data})

        return decode
    if hint is float:
        return lambda data: float(_check(data, (int, float), "float"))
    if hint in (str, int, bool):
        return lambda data: _check(data, hint, hint.__name__)
    return lambda data: data


def _check(data: Any, kinds: Any, name: str) -> Any:
    if not isinstance(data, kinds):
        raise TypeError(f"expected {name}, found {type(data).__name__}")
    return data
