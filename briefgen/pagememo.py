"""Render a page again only when something it read has changed.

At 10,000 briefings the renderer writes ~30,000 pages (a minute of Python) while a save under
``mkdocs serve`` changes a few dozen.  :class:`PageMemo` keeps, for every page of the last
render, its Markdown and a record of everything the page's renderer looked at: the
arguments it was given, and each attribute it read of any entity or briefing it looked up
through the shared :class:`briefgen.render._Site`.  The next render compares those reads with
the new corpus and reuses the Markdown when all are equal.

The record is taken by watching the renderer, not by listing its inputs by hand, so a
renderer that starts reading something new is tracked without anyone remembering to say so.
A renderer that walks the whole corpus (``site.corpus.briefings``) is not memoised at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")

#: One read: which table ("e" entities, "b" briefings, "p" has-a-page, "t" threads, "x" an
#: extra table),
#: which key, which attribute ("" for the object itself), and the value seen.
Read = tuple[str, str, str, Any]


class _Global(Exception):
    """The renderer looked at the whole corpus: its page depends on everything."""


@dataclass
class _Log:
    reads: list[Read] = field(default_factory=list)
    everything: bool = False


class _Watch:
    """Stands in for an entity or a briefing and notes each attribute read of it."""

    __slots__ = ("_obj", "_log", "_table", "_key")

    def __init__(self, obj: Any, log: _Log, table: str, key: str) -> None:
        self._obj, self._log, self._table, self._key = obj, log, table, key

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._obj, name)
        self._log.reads.append((self._table, self._key, name, value))
        return value

    def __eq__(self, other: object) -> bool:
        self._log.reads.append((self._table, self._key, "", self._obj))
        return self._obj == (other._obj if isinstance(other, _Watch) else other)

    def __hash__(self) -> int:
        return hash((self._table, self._key))


class _Whole:
    """Walking or counting a whole table reads all of it: the page depends on everything."""

    _data: Any
    _log: _Log

    def __iter__(self) -> Iterator[str]:
        self._log.everything = True
        return iter(self._data)

    def __len__(self) -> int:
        self._log.everything = True
        return len(self._data)


class _Table(_Whole, Mapping[str, Any]):
    """A lookup table (slug -> entity or briefing) that notes which slugs were asked for."""

    def __init__(self, data: Mapping[str, Any], log: _Log, table: str) -> None:
        self._data, self._log, self._table = data, log, table

    def __getitem__(self, key: str) -> Any:
        value = self._data[key]
        if self._table == "x":
            # Co-mention counts: a page reads single pairs of a name's counter, so each pair
            # is noted, not the counter (which changes with every story naming that name).
            return _Pairs(value, self._log, key)
        return _Watch(value, self._log, self._table, key)

    def __contains__(self, key: object) -> bool:
        found = key in self._data
        self._log.reads.append((f"{self._table}?", str(key), "", found))
        return found

    def get(self, key: str, default: Any = None) -> Any:
        if key in self:  # noted as a lookup either way
            return self[key]
        return default



class _Pairs(_Whole, Mapping[str, Any]):
    """One row of the extra table (a name's co-mention counter), noted pair by pair."""

    def __init__(self, data: Mapping[str, Any], log: _Log, row: str) -> None:
        self._data, self._log, self._row = data, log, row

    def __getitem__(self, key: str) -> Any:
        value = self._data.get(key)
        self._log.reads.append(("xx", f"{self._row}\0{key}", "", value))
        if value is None:
            raise KeyError(key)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        value = self._data.get(key)
        self._log.reads.append(("xx", f"{self._row}\0{key}", "", value))
        return default if value is None else value

    def __contains__(self, key: object) -> bool:
        return self.get(str(key)) is not None



class _Members(_Whole):
    """A set of slugs (the entities with a page) that notes each membership test."""

    def __init__(self, data: frozenset[str], log: _Log) -> None:
        self._data, self._log = data, log

    def __contains__(self, key: object) -> bool:
        found = key in self._data
        self._log.reads.append(("p", str(key), "", found))
        return found



class _Corpus:
    """The corpus as a page renderer sees it: threads may be read, the rest marks it global."""

    def __init__(self, corpus: Any, log: _Log) -> None:
        self._corpus, self._log = corpus, log

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._corpus, name)
        if name == "threads":
            self._log.reads.append(("c", "", name, value))
        else:
            self._log.everything = True
        return value


def _still_true(tables: Mapping[str, Any], corpus: Any, read: Read) -> bool:
    table, key, attr, old = read
    if table == "c":
        new = getattr(corpus, attr)
    elif table == "xx":
        row, _, col = key.partition("\0")
        new = tables["x"].get(row, {}).get(col)
    elif table.endswith("?") or table == "p":
        new = key in tables[table.rstrip("?")]
    else:
        data = tables[table]
        if key not in data:
            return False
        obj = data[key]
        new = obj if attr == "" else getattr(obj, attr)
    return new is old or new == old


def _dep(read: Read) -> tuple[str, str, str]:
    """What a read depends on: a table row and the attribute read of it (``""`` the row
    itself, ``"?"`` only whether it exists): ``("b", slug, "article")``, ``("x", row, "")``."""
    table, key, attr, _ = read
    if table == "xx":
        return ("x", key.partition("\0")[0], "")
    if table.endswith("?") or table == "p":
        return (table.rstrip("?"), key, "?")
    return (table, key, attr)


def _changed(
    old: Mapping[str, Any] | None,
    new: Mapping[str, Any],
    readers: Mapping[tuple[str, str], Mapping[str, set[str]]],
    name: str,
    rows: set[tuple[str, str]] | None,
) -> set[str]:
    """Pages that read something of table ``name`` that differs between two builds.

    Compared row by row (the same object, or equal), then, for a row that differs, only the
    attributes its pages read: every new story nudges the related scores of thousands of
    briefings, and the pages that show those briefings read their titles, not their scores.
    Each row that differs is added to ``rows`` (when it is not None).
    """
    out: set[str] = set()
    if old is None:
        for (table, _), attrs in readers.items():
            if table == name:
                for paths in attrs.values():
                    out.update(paths)
        return out
    for key in old.keys() | new.keys():
        a, b = old.get(key), new.get(key)
        if a is b:
            continue
        attrs = readers.get((name, key))
        if not attrs or a == b:
            continue
        if rows is not None:
            rows.add((name, key))
        for attr, paths in attrs.items():
            if a is None or b is None or attr == "":
                out.update(paths)
            elif attr != "?":
                x, y = getattr(a, attr), getattr(b, attr)
                if x is not y and x != y:
                    out.update(paths)
    return out


class PageMemo:
    """Markdown of the last render's pages with the reads that made each one.

    Checking every read of every page costs seconds at 10,000 briefings (millions of reads),
    while a save changes a few rows.  So the memo also keeps, per table row, the pages that
    read it; each build first finds the rows that changed (one comparison per row) and checks
    the reads of those rows' pages only.  A page none of whose rows changed, given the same
    arguments, is reused without looking at its reads.
    """

    def __init__(self) -> None:
        self._pages: dict[str, tuple[tuple[Any, ...], dict[tuple[str, str], list[Read]], str]] = {}
        """path -> (arguments, its reads grouped by the table row they read, Markdown)."""
        self._readers: dict[tuple[str, str], dict[str, set[str]]] = {}
        """(table, key) -> attribute read -> pages that read it."""
        self._last: dict[str, Any] = {}
        self._seen: dict[str, Any] = {}
        self._suspect: set[str] | None = None
        self._suspect_x: set[str] | None = None
        self._rows: set[tuple[str, str]] | None = set()
        """The rows that changed since the last build; None: unknown, check every read."""
        self.reused = 0
        self.rendered = 0
        self._kept: dict[str, Any] = {}

    def keep(self, name: str, make: Callable[[], T]) -> T:
        """A helper memo kept as long as this one (the co-mention counts): one object to
        hand from build to build."""
        if name not in self._kept:
            self._kept[name] = make()
        return self._kept[name]

    def start(self) -> None:
        self.reused = self.rendered = 0
        self._suspect = self._suspect_x = None
        self._rows = set()
        # What the previous build saw becomes what this one compares against.
        self._last, self._seen = {**self._last, **self._seen}, {}

    def _suspects(self, site: Any, extra: Mapping[str, Any] | None) -> set[str]:
        """Pages that read a row changed since the last build (found once per build)."""
        if self._suspect is None:
            self._suspect = set()
            tables = {"e": site.entities, "b": site.briefings, "t": site.threads}
            for name, data in tables.items():
                self._seen[name] = data
                if self._last.get(name) is None:
                    self._rows = None
                self._suspect |= _changed(
                    self._last.get(name), data, self._readers, name, self._rows
                )
            old_paged = self._last.get("p")
            self._seen["p"] = site.paged
            moved = set(site.paged) if old_paged is None else set(old_paged) ^ set(site.paged)
            for key in moved:
                self._note_row(("p", key))
                for paths in self._readers.get(("p", key), {}).values():
                    self._suspect.update(paths)
            self._seen["c"] = site.corpus.threads
            if self._last.get("c") != site.corpus.threads:
                self._note_row(("c", ""))
                for paths in self._readers.get(("c", ""), {}).values():
                    self._suspect.update(paths)
        if extra is None:
            return self._suspect
        if self._suspect_x is None:
            self._suspect_x = set(self._suspect)
            # A table of bands compares by the counts beneath it: a row whose counts moved is
            # a suspect, and its pages' reads (bands) decide.
            counts = getattr(extra, "counts", extra)
            self._seen["x"] = counts
            if self._last.get("x") is None:
                self._rows = None
            self._suspect_x |= _changed(self._last.get("x"), counts, self._readers, "x", self._rows)
        return self._suspect_x

    def _note_row(self, row: tuple[str, str]) -> None:
        if self._rows is not None:
            self._rows.add(row)

    def _reads_to_check(self, groups: dict[tuple[str, str], list[Read]]) -> Iterator[Read]:
        """The reads of a suspect page that may have changed: those of the changed rows.

        A row that compared equal cannot have changed what the page saw of it; checking only
        the changed rows keeps a page that read thousands of briefings (a busy name's page)
        from costing thousands of comparisons whenever one of them moves."""
        rows = self._rows
        if rows is None:
            for reads in groups.values():
                yield from reads
            return
        if len(rows) < len(groups):
            for row in rows:
                yield from groups.get(row, ())
        else:
            for row, reads in groups.items():
                if row in rows:
                    yield from reads

    def page(
        self,
        path: str,
        site: Any,
        args: tuple[Any, ...],
        render: Callable[..., str],
        *,
        extra: Mapping[str, Any] | None = None,
        key: tuple[Any, ...] | None = None,
    ) -> str:
        """``render(watched_site, *args)``, or the last result if nothing it read changed.

        ``args`` are compared as they are, or ``key`` instead when given (the part of the
        arguments the page shows: a briefing's related stories without their scores, which
        every new story nudges); ``extra`` is one more lookup table the renderer may read
        (co-mention counts), tracked key by key like the entities.
        """
        key = args if key is None else key
        # Called for every page, known or not: it also records this build's tables, which
        # the next build compares against.
        suspects = self._suspects(site, extra)
        known = self._pages.get(path)
        if known is not None:
            old_args, reads, markdown = known
            if _same(old_args, key):
                if path not in suspects:
                    self.reused += 1
                    return markdown
                tables = {
                    "e": site.entities,
                    "b": site.briefings,
                    "p": site.paged,
                    "t": site.threads,
                    "x": extra or {},
                }
                if all(_still_true(tables, site.corpus, r) for r in self._reads_to_check(reads)):
                    self.reused += 1
                    return markdown
        log = _Log()
        watched = type(site)(
            corpus=_Corpus(site.corpus, log),
            entities=_Table(site.entities, log, "e"),
            briefings=_Table(site.briefings, log, "b"),
            paged=_Members(site.paged, log),
            threads=_Table(site.threads, log, "t"),
        )
        table = _Table(extra, log, "x") if extra is not None else None
        markdown = render(watched, *args, table) if extra is not None else render(watched, *args)
        self.rendered += 1
        self._forget(path)
        if not log.everything:
            groups: dict[tuple[str, str], list[Read]] = {}
            for read in log.reads:
                table, row, attr = _dep(read)
                groups.setdefault((table, row), []).append(read)
                self._readers.setdefault((table, row), {}).setdefault(attr, set()).add(path)
            self._pages[path] = (key, groups, markdown)
        return markdown

    def _forget(self, path: str) -> None:
        known = self._pages.pop(path, None)
        if known is not None:
            for table, key, attr in {_dep(r) for reads in known[1].values() for r in reads}:
                attrs = self._readers.get((table, key))
                if attrs is None:
                    continue
                paths = attrs.get(attr)
                if paths is not None:
                    paths.discard(path)
                    if not paths:
                        del attrs[attr]
                if not attrs:
                    del self._readers[(table, key)]

    def keep_only(self, paths: set[str]) -> None:
        """Forget pages that no longer exist (a deleted source, an entity that lost its page)."""
        for gone in [p for p in self._pages if p not in paths]:
            self._forget(gone)


def _same(old: tuple[Any, ...], new: tuple[Any, ...]) -> bool:
    return len(old) == len(new) and all(a is b or a == b for a, b in zip(old, new, strict=True))
