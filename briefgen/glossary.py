"""The curated glossary (``glossary.yml``): entities an editor names, types and describes.

A curated entry always wins over the model: its type is the entity's type, its aliases merge
into it, ``ignore: true`` removes the name from every briefing. Because an editor writes this
file by hand, every mistake is reported as ``path:line: message`` with the line of the entry or
key at fault, read from PyYAML's node marks (plain ``yaml.safe_load`` forgets them).  A mistake
in one entry drops that entry only; a file that cannot be parsed at all is not used.  Either
way the problems travel with the entries (:class:`Glossary`), so the build that uses them
reports them as warnings and ``--strict`` fails it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import yaml

from briefgen.errors import SourceError
from briefgen.model import ENTITY_TYPES, GlossaryEntry
from briefgen.project import find_configs
from briefgen.rawtext import SafeYamlLoader, decode_text, yaml_problem

#: File names of the curated glossary in a sources folder, in the order they are looked for:
#: discovery skips them (they are not articles), the CLI and the plugin load the first found.
GLOSSARY_NAMES = ("glossary.yml", "glossary.yaml")
#: Keys an entry may carry; anything else is a typo worth reporting.
ALLOWED_KEYS = ("name", "type", "aliases", "description", "url", "ignore")
#: Largest glossary read, in bytes: ten thousand entries fit in well under a megabyte.
MAX_GLOSSARY_BYTES = 5_000_000
_EXPECTED = "save glossary.yml as UTF-8"


class Glossary(tuple[GlossaryEntry, ...]):
    """The usable entries in file order, plus the problems found in the file.

    A tuple, so every consumer (the annotator's cache key, the linker) takes it as before; the
    problems ride along because the glossary is loaded once (``on_config``) but reported by
    each build: the pipeline adds them to its warnings.
    """

    problems: tuple[SourceError, ...]

    def __new__(
        cls, entries: Iterable[GlossaryEntry] = (), problems: Iterable[SourceError] = ()
    ) -> Glossary:
        self = super().__new__(cls, entries)
        self.problems = tuple(problems)
        return self


def load_glossary(path: Path) -> Glossary:
    """Read and validate ``path``; entries come back in file order.

    An empty file is an empty glossary.  Raises :class:`SourceError` only when the file cannot
    be read at all; everything wrong inside it is in :attr:`Glossary.problems`.
    """
    shown = str(path)
    leaves = _link_leaving_project(path)
    if leaves is not None:
        return _unusable(shown, 1, f"symlink to {leaves}, outside the project: refused")
    try:
        size = path.stat().st_size
        if size > MAX_GLOSSARY_BYTES:
            limit = f"{MAX_GLOSSARY_BYTES:,}"
            return _unusable(shown, 1, f"glossary too large: {size:,} bytes, more than {limit}")
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(shown, 0, f"cannot read glossary: {exc.strerror or exc}") from exc
    try:
        text = decode_text(data, shown, expected=_EXPECTED, empty_ok=True)
        root = yaml.compose(text, Loader=SafeYamlLoader)
    except SourceError as exc:
        return _unusable(shown, exc.line, exc.message)
    except yaml.YAMLError as exc:
        line, detail = yaml_problem(exc, 1)
        return _unusable(shown, line, f"invalid YAML: {detail}")
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag.endswith(":null")):
        return Glossary()
    if not isinstance(root, yaml.SequenceNode):
        found = f"expected a list of entries (`- name: ...`), found a {_kind(root)}"
        return _unusable(shown, _line(root), found)
    entries: list[GlossaryEntry] = []
    problems: list[SourceError] = []
    seen: dict[str, int] = {}
    for node in root.value:
        try:
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
        except SourceError as exc:
            problems.append(_skipped(exc))
            continue
        for form in (entry.name, *entry.aliases):
            seen.setdefault(form.casefold(), entry.line)
        entries.append(entry)
    return Glossary(entries, problems)


def _link_leaving_project(path: Path) -> Path | None:
    """The target of a glossary reached through a symlink that leaves its project, else None.

    The project is the folder of the nearest ``mkdocs.yml`` above the link (or the link's own
    folder): a pull request must not make the build read and quote a file from elsewhere.
    """
    lexical = Path(os.path.abspath(path))
    real = path.resolve()
    if real == lexical:
        return None
    configs = find_configs([lexical.parent])
    project = (configs[0].parent if configs else lexical.parent).resolve()
    return None if real.is_relative_to(project) else real


def _unusable(path: str, line: int, message: str) -> Glossary:
    """No entries: the file as a whole is wrong, and the message says it is not used."""
    return Glossary(problems=[SourceError(path, line, f"{message}; the glossary is not used")])


def _skipped(exc: SourceError) -> SourceError:
    return SourceError(exc.path, exc.line, f"{exc.message}; this entry is skipped")


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
