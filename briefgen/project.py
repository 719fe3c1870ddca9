"""Where a project's hand-written folders are, read from its ``mkdocs.yml``.

``briefgen export`` must never write into ``docs/`` or ``sources/``, wherever it is run from:
a guard comparing with names relative to the current folder misses
``briefgen export /abs/project/docs`` run elsewhere.  So the folders are taken from every
``mkdocs.yml`` found above the paths involved, resolved the way MkDocs resolves them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


class _TolerantLoader(yaml.SafeLoader):
    """Reads any mkdocs.yml: Material's ``!!python/name:`` and MkDocs' ``!ENV`` tags load as
    None here (only ``docs_dir`` and the plugin options matter, never those values)."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def find_configs(starts: Iterable[Path]) -> list[Path]:
    """Every ``mkdocs.yml`` in a folder holding one of ``starts`` (or above it), without repeats."""
    found: list[Path] = []
    for start in starts:
        here = start.resolve()
        for folder in (here, *here.parents):
            for name in CONFIG_NAMES:
                config = folder / name
                if config.is_file() and config not in found:
                    found.append(config)
    return found


def protected_dirs(config: Path) -> list[Path]:
    """``docs_dir`` and briefgen's ``sources_dir`` of one project, absolute.

    Defaults apply when the file does not say (``docs``, ``sources``) or cannot be read: a
    guard errs towards protecting.
    """
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = None
    data = data if isinstance(data, dict) else {}
    root = config.parent
    docs = data.get("docs_dir") if isinstance(data.get("docs_dir"), str) else "docs"
    sources = _plugin_option(data.get("plugins"), "briefgen", "sources_dir") or "sources"
    return [(root / docs).resolve(), (root / sources).resolve()]


def _plugin_option(plugins: Any, plugin: str, key: str) -> str | None:
    """An option of one plugin, from either form MkDocs accepts (a list or a mapping)."""
    items: list[Any] = []
    if isinstance(plugins, dict):
        items = [{name: options} for name, options in plugins.items()]
    elif isinstance(plugins, list):
        items = plugins
    for item in items:
        if isinstance(item, dict) and isinstance(item.get(plugin), dict):
            value = item[plugin].get(key)
            if isinstance(value, str):
                return value
    return None
