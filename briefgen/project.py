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

from briefgen.publish import SiteOptions

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
    data = _load(config)
    root = config.parent
    docs = data.get("docs_dir") if isinstance(data.get("docs_dir"), str) else "docs"
    sources = _plugin_option(data.get("plugins"), "briefgen", "sources_dir") or "sources"
    return [(root / docs).resolve(), (root / sources).resolve()]


def _load(config: Path) -> dict[str, Any]:
    """The top-level mapping of a ``mkdocs.yml``; empty when it cannot be read."""
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = None
    return data if isinstance(data, dict) else {}


def _plugin_option(plugins: Any, plugin: str, key: str, kind: type = str) -> Any:
    """An option of one plugin, from either form MkDocs accepts (a list or a mapping)."""
    items: list[Any] = []
    if isinstance(plugins, dict):
        items = [{name: options} for name, options in plugins.items()]
    elif isinstance(plugins, list):
        items = plugins
    for item in items:
        if isinstance(item, dict) and isinstance(item.get(plugin), dict):
            value = item[plugin].get(key)
            if isinstance(value, kind):
                return value
    return None


def site_options(config: Path | None) -> SiteOptions:
    """What a build of the project at ``config`` adds beside its pages: the feed's address and
    title, the plugin's ``feed`` and ``search`` options, the home page's hand-written intro.

    ``briefgen export`` reads them so that it writes what ``mkdocs build`` publishes.  A value
    given as MkDocs' ``!ENV`` tag is not resolved here and counts as unset.
    """
    if config is None:
        return SiteOptions()
    data = _load(config)
    root = config.parent
    docs = data.get("docs_dir") if isinstance(data.get("docs_dir"), str) else "docs"
    home = root / docs / "index.md"
    try:
        # MkDocs reads pages as utf-8-sig: a byte-order mark is not part of the intro.
        intro = home.read_text(encoding="utf-8-sig") if home.is_file() else ""
    except (OSError, UnicodeDecodeError):
        intro = ""
    feed = _plugin_option(data.get("plugins"), "briefgen", "feed", bool)
    search = _plugin_option(data.get("plugins"), "briefgen", "search")
    return SiteOptions(
        site_url=data.get("site_url") if isinstance(data.get("site_url"), str) else "",
        site_name=data.get("site_name") if isinstance(data.get("site_name"), str) else "",
        feed=True if feed is None else bool(feed),
        search=search or "pagefind",
        home_intro=intro,
    )
