"""The curated glossary (``glossary.yml``): entities an editor names, types and describes.

A curated entry always wins over the model: its type is the entity's type, its aliases merge
into it, ``ignore: true`` removes the name from every briefing. Because an editor writes this
file by hand, every mistake is reported as ``path:line: message`` with the line of the entry or
key at fault, read from PyYAML's node marks (plain ``yaml.safe_load`` forgets them).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from briefgen.errors import SourceError
from briefgen.model import ENTITY_TYPES, GlossaryEntry

#: Keys an entry may carry; anything else is a typo worth reporting.
ALLOWED_KEYS = ("name", "type", "aliases", "description", "url", "ignore")


def load_glossary(path: Path) -> tuple[GlossaryEntry, ...]:
    """Read and validate ``path``; entries come back in file order.

    An empty file is an empty glossary. Raises :class:`SourceError` for the first problem.
    """
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourceError(shown, 0, f"cannot read glossary: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise SourceError(shown, 1, f"glossary is not UTF-8 text: {exc.reason}") from exc
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise SourceError(shown, line, f"invalid YAML: {problem}") from exc
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag.endswith(":null")):
        return ()
    if not isinstance(root, yaml.SequenceNode):
        raise SourceError(
            shown, _line(root), f"expected a list of entries (`- name: ...`), found a {_kind(root)}"
        )
    entries = []
    seen: dict[str, int] = {}
    for node in root.value:
        entry = _entry(shown, node)
        for form in (entry.name, *entry.aliases):
            folded = form.casefold()
            if folded in seen:
                raise SourceError(
                    shown,
                    entry.line,
                    f"{form!r} is already listed at line {seen[folded]}; "
                    "each name or alias may appear once",
                )
            seen[folded] = entry.line
        entries.append(entry)
    return tuple(entries)


def _entry(path: str, node: yaml.Node) -> GlossaryEntry:
    """Validate one ``- name: ...`` mapping."""
    line = _line(node)
    if not isinstance(node, yaml.MappingNode):
        raise SourceError(
            path, line, f"each entry must be a mapping with a name, found a {_kind(node)}"
        )
    values: dict[str, object] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key not in ALLOWED_KEYS:
            raise SourceError(
                path,
                _line(key_node),
                f"unknown key {key!r}; allowed keys: {', '.join(ALLOWED_KEYS)}",
            )
        if key in values:
            raise SourceError(path, _line(key_node), f"key {key!r} given twice in one entry")
        values[key] = _value(path, key, value_node)
    name = values.get("name")
    if not name:
        raise SourceError(path, line, "entry has no `name`")
    etype = values.get("type")
    if etype is not None:
        etype = str(etype).upper()
        if etype not in ENTITY_TYPES:
            raise SourceError(
                path,
                _key_line(node, "type"),
                f"unknown type {values['type']!r}; allowed types: {', '.join(ENTITY_TYPES)}",
            )
    aliases = tuple(values.get("aliases") or ())
    return GlossaryEntry(
        name=str(name),
        type=etype,
        aliases=aliases,
        description=values.get("description"),  # type: ignore[arg-type]
        url=values.get("url"),  # type: ignore[arg-type]
        ignore=bool(values.get("ignore", False)),
        line=line,
    )


def _value(path: str, key: str, node: yaml.Node) -> object:
    """Check one value's shape: strings everywhere, a list of strings for aliases."""
    line = _line(node)
    if key == "aliases":
        if isinstance(node, yaml.ScalarNode):
            items = [node] if node.value else []
        elif isinstance(node, yaml.SequenceNode):
            items = node.value
        else:
            raise SourceError(
                path, line, f"`aliases` must be a list of names, found a {_kind(node)}"
            )
        out = []
        for item in items:
            if not isinstance(item, yaml.ScalarNode) or not str(item.value).strip():
                raise SourceError(path, _line(item), "each alias must be a non-empty name")
            out.append(" ".join(str(item.value).split()))
        return out
    if not isinstance(node, yaml.ScalarNode):
        raise SourceError(path, line, f"`{key}` must be a single value, found a {_kind(node)}")
    value = node.value
    if key == "ignore":
        lowered = str(value).lower()
        if lowered not in ("true", "false", "yes", "no"):
            raise SourceError(path, line, f"`ignore` must be true or false, found {value!r}")
        return lowered in ("true", "yes")
    # One line each: a multi-line description must not become headings or lists on a page.
    text = " ".join(str(value).split())
    if key in ("name", "type") and not text:
        raise SourceError(path, line, f"`{key}` must not be empty")
    if key == "url" and text and not text.lower().startswith(("http://", "https://")):
        raise SourceError(path, line, f"`url` must start with http:// or https://, found {text!r}")
    return text or None


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _key_line(mapping: yaml.MappingNode, key: str) -> int:
    for key_node, _ in mapping.value:
        if key_node.value == key:
            return _line(key_node)
    return _line(mapping)


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "list"
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    return f"scalar ({node.value!r})"
