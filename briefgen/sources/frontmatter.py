"""YAML front matter of a Markdown source: split off, parsed once, every key checked eagerly.

Checked before any NLP is spent on the file, and each message names the key and its line,
because MkDocs would otherwise swallow a bad value and publish a page without it.
"""

from __future__ import annotations

import datetime as dt
import re
import reprlib
from dataclasses import dataclass
from typing import Any

import yaml

from briefgen.errors import SourceError
from briefgen.rawtext import SafeYamlLoader, yaml_problem
from briefgen.sources.clean import _is_web_url, clean_text
from briefgen.sources.dates import front_matter_date

#: Front-matter keys and the kind of value each takes.
_FM_TEXT_KEYS = ("title", "publisher", "url", "author", "summary", "slug")

KNOWN_KEYS = frozenset((*_FM_TEXT_KEYS, "date", "tags"))

_FENCE = re.compile(r"^---[ \t]*$")

_FENCE_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


class _FrontMatterLoader(SafeYamlLoader):
    """SafeLoader that leaves an impossible date ("2025-13-45") as text.

    PyYAML raises a bare ValueError with no line for those; as text, the date check below can
    name the key, its line and the value found.
    """


def _lenient_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)  # type: ignore[arg-type]


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)

_CLoader = getattr(yaml, "CSafeLoader", None)


if _CLoader is not None:

    class _FastFrontMatterLoader(_CLoader):  # type: ignore[misc,valid-type]
        """:class:`_FrontMatterLoader` on libyaml's parser, for front matter too plain to hold
        what :class:`briefgen.rawtext.SafeYamlLoader` guards against (see :func:`_plain`)."""

    _FastFrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)


def _plain(yaml_text: str) -> bool:
    """No anchor or alias (``&``, ``*``), no flow collection (``[``, ``{``), under 30 lines:
    then nothing can expand or nest past :data:`briefgen.rawtext.MAX_YAML_DEPTH`, and the C
    parser gives the same nodes as the Python one in a tenth of the time (the Python parser
    was ~0.7 ms of a source's 1.4 ms read, 7 s of a 10,000-briefing build)."""
    return (
        yaml_text.count("\n") < 30
        and "&" not in yaml_text
        and "*" not in yaml_text
        and "[" not in yaml_text
        and "{" not in yaml_text
    )


def _short_repr() -> reprlib.Repr:
    """A repr that stays one short line whatever a front-matter value holds."""
    short = reprlib.Repr()
    short.maxstring = short.maxother = 80
    short.maxlist = short.maxdict = 6
    short.maxlevel = 3
    return short


_SHORT = _short_repr()

#: Unknown front-matter keys reported one by one; the rest are counted in one warning.
_MAX_KEY_WARNINGS = 5


@dataclass
class _FrontMatter:
    values: dict[str, Any]
    lines: dict[str, int]
    """File line of each key, for messages about its value."""
    body_offset: int
    """Number of file lines before the body."""


def _compose_and_construct(yaml_text: str) -> tuple[yaml.Node | None, Any]:
    """The YAML's node tree (for key lines) and its values, from one parse.

    What ``yaml.compose`` then ``yaml.load`` give, without parsing the text twice: the values
    are constructed from the same nodes whose marks give each key's line.
    """
    if _CLoader is not None and _plain(yaml_text):
        fast = _FastFrontMatterLoader(yaml_text)
        try:
            node = fast.get_single_node()
            return node, (fast.construct_document(node) if node is not None else None)
        except yaml.YAMLError:
            pass  # the Python parser below words the problem (and its line) as always
        finally:
            fast.dispose()
    loader = _FrontMatterLoader(yaml_text)  # a SafeLoader subclass
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _split_front_matter(text: str, name: str) -> _FrontMatter:
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return _FrontMatter({}, {}, 0)
    end = next((i for i in range(1, len(lines)) if _FENCE_END.match(lines[i])), None)
    if end is None:
        raise SourceError(
            name, 1, "front matter opened with '---' is never closed: add a '---' line after it"
        )
    yaml_text = "\n".join(lines[1:end])
    try:
        node, values = _compose_and_construct(yaml_text)
    except yaml.YAMLError as exc:
        line, detail = yaml_problem(exc, 2)
        raise SourceError(name, line, f"broken YAML front matter: {detail}") from None
    if values is None:
        values = {}
    if not isinstance(values, dict):
        raise SourceError(
            name,
            2,
            f"front matter must be 'key: value' lines, found a {_type_name(values)}",
        )
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key = str(key_node.value)
            if key in key_lines:
                raise SourceError(
                    name,
                    key_node.start_mark.line + 2,
                    f"duplicate front matter key {key!r} (first on line {key_lines[key]})",
                )
            key_lines[key] = key_node.start_mark.line + 2
    return _FrontMatter({str(k): v for k, v in values.items()}, key_lines, end + 1)


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dt.datetime | dt.date):
        return "date"
    if isinstance(value, int | float):
        return "number"
    return "text"


def _validate_front_matter(
    fm: _FrontMatter, name: str, warnings: list[SourceError]
) -> dict[str, Any]:
    """Check every key eagerly: one bad value is reported before any NLP is spent on the file."""
    out: dict[str, Any] = {}
    unknown = 0

    def fail(key: str, expected: str, value: Any) -> SourceError:
        found = f"{_type_name(value)} {_SHORT.repr(value)}" if value is not None else "nothing"
        return SourceError(name, fm.lines.get(key, 2), f"{key}: expected {expected}, found {found}")

    for key in sorted(fm.values, key=lambda k: fm.lines.get(k, 0)):
        value = fm.values[key]
        if key not in KNOWN_KEYS:
            unknown += 1
            if unknown > _MAX_KEY_WARNINGS:
                continue  # counted in one warning below: a file must not flood the build log
            known = ", ".join(sorted(KNOWN_KEYS))
            warnings.append(
                SourceError(
                    name,
                    fm.lines.get(key, 2),
                    f"unknown front matter key {key!r} ignored (known keys: {known})",
                )
            )
            continue
        if value is None:
            continue  # "date:" left blank is the same as no date
        if key == "date":
            out[key] = front_matter_date(value, fail)
        elif key == "tags":
            if not isinstance(value, list):
                raise fail(key, "a list such as [politics, ukraine]", value)
            tags: dict[str, None] = {}  # ordered and without repeats, in linear time
            for item in value:
                if isinstance(item, bool) or not isinstance(item, str | int | float):
                    raise fail(key, "a list of words", item)
                tag = clean_text(str(item))
                if tag:
                    tags[tag] = None
            out[key] = tuple(tags)
        else:
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                raise fail(key, "text", value)
            text = clean_text(str(value))
            if key == "url" and text and not _is_web_url(text):
                raise fail(key, "an http:// or https:// address", value)
            if text:
                out[key] = text
    if unknown > _MAX_KEY_WARNINGS:
        warnings.append(
            SourceError(
                name,
                2,
                f"{unknown - _MAX_KEY_WARNINGS:,} more unknown front matter keys ignored "
                f"(only the first {_MAX_KEY_WARNINGS} are listed)",
            )
        )
    return out
