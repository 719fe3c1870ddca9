"""MkDocs glue: read options, run the pipeline, hand MkDocs generated pages.

Generated pages are files in a staging folder under ``cache_dir`` (:mod:`briefgen.stage`),
never in ``docs/`` (writing there makes ``mkdocs serve`` rebuild forever, mkdocs#1933); a
file is rewritten only when its bytes change, so dirty builds skip the rest.  MkDocs keeps
one plugin object per process; under ``serve`` it also keeps what a save does not change
(sources read, annotations, rendered pages) and indexes search in the background.  Output
never depends on those memories: ``tests/test_incremental.py`` compares it with full builds.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_build_date, get_relative_url

from briefgen.a11y import name_search_dialog
from briefgen.annotate import Annotator
from briefgen.config import BriefgenConfig
from briefgen.errors import BriefgenError, SourceError
from briefgen.glossary import GLOSSARY_NAMES, load_glossary
from briefgen.graph import resolve_doc_links
from briefgen.link import LinkMemo
from briefgen.model import GlossaryEntry
from briefgen.pagememo import PageMemo
from briefgen.pipeline import ReadMemo, RunResult, expand, run
from briefgen.progress import Progress
from briefgen.publish import (
    CSS_PATH,
    READER_JS_PATH,
    SEARCH_JS_PATH,
    SiteOptions,
    extra_files,
    missing_feed_note,
    publishes_feed,
)
from briefgen.related import TermRows
from briefgen.render.rawlist import put_back, set_aside
from briefgen.search import (
    BackgroundIndexer,
    build_index,
    mark_indexed,
    pagefind_executable,
    write_empty_material_index,
)
from briefgen.site import render_site
from briefgen.stage import Stage, StageStats

from .serving import (
    MemoryBytecodeCache,
    StagedFile,
    native_watching,
    warm_pipeline,
)

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

#: Under "mkdocs." so warnings count for --strict, without a prefix so each problem prints as
#: exactly ``path:line: message``.
log = logging.getLogger("mkdocs.plugins.briefgen")

#: Under ``cache_dir``: the generated pages as files, so dirty builds can skip unchanged ones.
STAGE_SUBDIR = "pages"
#: Generated pages a site's ``nav`` may name; every other generated page stays out of it.
NAV_PAGES = frozenset(
    {
        "index.md",
        "briefings/index.md",
        "entities/index.md",
        "quotes/index.md",
        "timeline/index.md",
        "map/index.md",
    }
)


class BriefgenPlugin(BasePlugin[BriefgenConfig]):
    """Turns ``sources/`` into briefing, entity and index pages."""

    def __init__(self) -> None:
        self._annotator: Annotator | None = None
        self._root = Path.cwd()
        self._sources = Path("sources")
        self._glossary_path: Path | None = None
        self._glossary: tuple[GlossaryEntry, ...] = ()
        self._edit_sources: dict[str, str] = {}
        self._stage: Stage | None = None
        self._unindexed: set[str] = set()
        self._generated: frozenset[str] = frozenset()
        self._set_aside: dict[str, list[str]] = {}
        """Raw lists of the pages being converted, by page (``on_page_markdown``)."""
        self.last_result: RunResult | None = None
        self.last_stage: StageStats | None = None
        self.last_search: str = ""
        self._indexer: BackgroundIndexer | None = None
        self._read_memo: ReadMemo | None = None
        self._page_memo: PageMemo | None = None
        self._link_memo: LinkMemo | None = None
        self._terms: TermRows | None = None
        self._warm: threading.Thread | None = None
        self._bytecode = MemoryBytecodeCache()
        self._kept_files: dict[str, StagedFile] = {}
        """Serving: the staged files (with their pages) of the last build, by path."""
        self._kept_key: tuple = ()
        self._built: set[str] | None = None
        """Serving: staged pages whose HTML this process wrote after their file last changed
        (MkDocs need not compare modification times to know they are current)."""
        self.refreeze_growth = 0.25
        """Serving: how much the frozen heap may grow before a build collects it whole."""
        self._frozen_after_collect = 0
        self.full_collections = 0
        """Serving: builds that unfroze and collected the whole heap (see on_post_build)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defining this hook keeps the plugin (its annotation memo and the digests of the
        staged pages) across serve rebuilds."""
        if command == "serve":
            # Rebuilds in this process: remember pages and what made them (a save re-renders
            # the few pages it changes), and index search behind the saved page.
            self._page_memo = PageMemo()
            self._read_memo = {}
            self._link_memo = LinkMemo()
            self._terms = TermRows()
            self._built = set()
            self._indexer = BackgroundIndexer(
                lambda line: log.info("briefgen: search: %s", line),
                lambda problem: log.warning("briefgen: %s", problem),
            )

    def on_shutdown(self) -> None:
        if self._indexer is not None:
            self._indexer.wait(timeout=120)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self._sources = (self._root / self.config.sources_dir).resolve()
        if not self._sources.is_dir():
            raise PluginError(
                f"briefgen: sources_dir '{self.config.sources_dir}' is not a folder "
                f"(looked in {self._sources}); create it or fix `sources_dir` in mkdocs.yml"
            )
        if self.config.related < 0:
            raise PluginError(f"briefgen: `related` must be 0 or more, found {self.config.related}")
        self._glossary_path = self._find_glossary()
        self._glossary = ()
        if self._glossary_path is not None:
            try:
                self._glossary = load_glossary(self._glossary_path)
            except SourceError as exc:
                log.warning("%s", exc)
        cache = (self._root / self.config.cache_dir).resolve()
        a = self._annotator
        if self.config.jobs < 0:
            raise PluginError(
                f"briefgen: `jobs` must be 0 (automatic) or more, found {self.config.jobs}"
            )
        if a is None or (a.model, a.cache_dir, a.glossary, a.jobs) != (
            self.config.model,
            cache,
            self._glossary,
            self.config.jobs,
        ):
            self._annotator = Annotator(
                self.config.model, cache, self._glossary, jobs=self.config.jobs
            )
        stage_root = cache / STAGE_SUBDIR
        for guarded in (self._sources, Path(config.docs_dir).resolve()):
            if stage_root == guarded or stage_root.is_relative_to(guarded):
                raise PluginError(
                    f"briefgen: cache_dir '{self.config.cache_dir}' lies inside {guarded}; "
                    "generated pages are never written there: choose another cache_dir"
                )
        if self._stage is None or self._stage.root != stage_root:
            self._stage = Stage(stage_root, remember=self._page_memo is not None)
        config.extra_css.append(CSS_PATH)
        config.extra_javascript.append(READER_JS_PATH)
        if self.config.search == "pagefind":
            try:
                pagefind_executable()
            except BriefgenError as exc:
                raise PluginError(f"briefgen: {exc}") from exc
            config.extra_javascript.append(SEARCH_JS_PATH)
            _mute_material_search(config)
        return config

    def _find_glossary(self) -> Path | None:
        if self.config.glossary:
            path = (self._root / self.config.glossary).resolve()
            if not path.is_file():
                raise PluginError(
                    f"briefgen: glossary '{self.config.glossary}' does not exist ({path})"
                )
            return path
        for name in GLOSSARY_NAMES:
            if (self._sources / name).is_file():
                return self._sources / name
        return None

    def on_build_error(self, *, error: Exception) -> None:
        """A build that stopped may not have written the pages it rendered: forget which
        are current, so the next build compares modification times again."""
        if self._built is not None:
            self._built.clear()
            self._kept_files = {}

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        if self._warm is None:
            return self._on_files(files, config)
        # Serving, after the first build: no cyclic garbage collection while the corpus and
        # the pages are made (on_post_build freezes what they keep).  That step allocates
        # millions of objects, and the collector walked them again and again meanwhile (at
        # 10,000 briefings: 0.6 to 1.6 s of a 12 s save).  MkDocs' own rendering keeps the
        # collector: each page leaves cyclic garbage, gigabytes if every page changed.
        self._warm.join()
        gc.disable()
        try:
            return self._on_files(files, config)
        finally:
            gc.enable()

    def _on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self._annotator is not None
        progress = Progress()
        try:
            result = run(
                expand([self._sources]),
                self._annotator,
                glossary=self._glossary,
                related=self.config.related,
                root=self._root,
                progress=progress.advance,
                on_annotate_start=progress.start,
                memo=self._read_memo,
                link_memo=self._link_memo,
                terms=self._terms,
            )
        except BriefgenError as exc:
            raise PluginError(f"briefgen: {exc}") from exc
        finally:
            progress.close()
        for problem in [*result.errors, *result.warnings]:
            log.warning("%s", problem)
        for note in result.stats.corrupt:
            log.warning("%s", note)
        intro = ""
        home = files.get_file_from_path("index.md")
        if home is not None:
            intro = home.content_string
            files.remove(home)
        # The same list `briefgen export` writes (briefgen.publish), so the two never drift.
        options = SiteOptions(
            site_url=config.site_url or "",
            site_name=config.site_name,
            feed=self.config.feed,
            search=self.config.search,
        )
        clock = time.perf_counter()
        pages = render_site(
            result.corpus, home_intro=intro, memo=self._page_memo, feed=publishes_feed(options)
        )
        result.seconds["render"] = time.perf_counter() - clock
        taken = files.src_uris
        for path in pages:
            if path in taken:
                raise PluginError(
                    f"briefgen: docs/{path} would be replaced by a generated page; "
                    "rename or remove it"
                )
        assert self._stage is not None
        clock = time.perf_counter()
        try:
            self.last_stage = self._stage.sync(pages)
        except OSError as exc:
            raise PluginError(f"briefgen: cannot write generated pages: {exc}") from exc
        stage = str(self._stage.root)
        for gone in self.last_stage.removed:
            # A dirty build never cleans site/: a page that no longer exists must not stay
            # there, reachable and found by search.
            dest = Path(File(gone, stage, config.site_dir, config.use_directory_urls).abs_dest_path)
            dest.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                dest.parent.rmdir()
        built = self._built
        if built is not None:
            built -= self.last_stage.changed
            built.difference_update(self.last_stage.removed)
        kept = self._kept_pages(config) if built is not None else {}
        today = get_build_date()
        for path in pages:
            file = kept.get(path) if built is not None and path in built else None
            if file is not None:
                file.known_current()
                assert file.page is not None
                file.page.update_date = today
            else:
                file = StagedFile(path, stage, config.site_dir, config.use_directory_urls)
                if built is not None and path in built:
                    file.known_current()
                else:
                    file.hold(pages[path])
                if path not in NAV_PAGES:
                    # Listed on index pages, not in the sidebar (Material's nav is quadratic).
                    file.inclusion = InclusionLevel.NOT_IN_NAV
            files.append(file)
        self._unindexed = {path for path in pages if not _story_or_entity(path)}
        self._generated = frozenset(pages)
        for path, content in extra_files(result.corpus, options).items():
            files.append(File.generated(config, path, content=content))
        if note := missing_feed_note(options):
            # Info, not a warning: a site without an address is a normal local or preview
            # build, and --strict must not fail it.
            log.info("briefgen: %s", note)
        self._edit_sources = {
            f"briefings/{b.slug}.md": b.article.source for b in result.corpus.briefings
        }
        self.last_result = result
        result.seconds["stage"] = time.perf_counter() - clock
        log.info(
            "briefgen: %s; pages: %d written, %d unchanged (%s)",
            result.summary(),
            self.last_stage.written,
            self.last_stage.kept,
            ", ".join(f"{step} {s:.1f} s" for step, s in result.seconds.items()),
        )
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Serving: keep this build's staged files and their pages for the next save.

        MkDocs makes a ``File`` and a ``Page`` for each of the ~29,000 pages of a
        10,000-briefing site on every build (the page's canonical and edit addresses,
        parsed from paths: ~1.5 s of each save).  A page whose staged Markdown has not changed
        since its HTML was written is not read or built again, so the objects of the last
        build serve as they are (see :meth:`_kept_pages`).  Pages in the sidebar are left
        out: MkDocs links those into the navigation."""
        if self._built is not None:
            self._kept_files = {
                path: file
                for path in self._generated
                if path not in NAV_PAGES
                and isinstance(file := files.src_uris.get(path), StagedFile)
                and file.page is not None
            }
        return nav

    def _kept_pages(self, config: MkDocsConfig) -> dict[str, StagedFile]:
        """The last build's staged files, emptied of their rendered content, if this build
        gives their pages the same addresses (an edited ``mkdocs.yml`` may not)."""
        key = (
            config.site_url, config.site_dir, config.use_directory_urls, config.repo_url,
            config.edit_uri, config.edit_uri_template,
        )
        if key != self._kept_key:
            self._kept_key, self._kept_files = key, {}
        # Emptied when the last build ended (_release_kept); a failed build kept none.
        return self._kept_files

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """Serving: keep the theme's compiled templates across saves.

        MkDocs makes a new Jinja environment for every build, which compiles Material's
        templates again (about a second of each save); Jinja's own bytecode cache, kept by
        this plugin, hands them back.  Jinja checks each template's source against the cached
        code, so an edited override is compiled afresh."""
        if self._page_memo is not None:
            env.bytecode_cache = self._bytecode
        return env

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Keep a generated page's raw HTML lists out of Python-Markdown (see
        :func:`briefgen.render.rawlist.set_aside`); ``on_page_content`` puts them back."""
        if page.file.src_uri not in self._generated:
            return markdown
        markdown, self._set_aside[page.file.src_uri] = set_aside(markdown)
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Put back the lists set aside, and give the links inside them, the generated
        pictures and the cards the site's URLs (MkDocs rewrites the links of Markdown, not
        those of raw HTML)."""
        if page.file.src_uri not in self._generated:
            return html
        html = put_back(html, self._set_aside.pop(page.file.src_uri, ()))

        # The mapping itself, not get_file_from_path (which normalises each path through
        # PurePath): the paths here come normalised from resolve_doc_links.
        by_uri = files.src_uris
        here = page.file.url

        def url_for(path: str) -> str | None:
            target = by_uri.get(path)
            return None if target is None else get_relative_url(target.url, here)

        return resolve_doc_links(html, page.file.src_uri, url_for)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """Mark the pages Pagefind should index: stories and entity pages, not the lists."""
        if self._built is not None and page.file.src_uri in self._generated:
            # MkDocs writes this output next; a failure stops the build (see on_build_error).
            self._built.add(page.file.src_uri)
        output = name_search_dialog(output)
        if self.config.search == "pagefind" and page.file.src_uri not in self._unindexed:
            return mark_indexed(output, entity=page.file.src_uri.startswith("entities/"))
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Index the finished site, unchanged pages included (they are still in site/)."""
        if self._page_memo is not None and self._warm is None:
            # The first save annotates one source: load what that needs now, after the first
            # build, while the editor reads (the next build waits for it: spaCy is not shared
            # between threads).
            self._warm = threading.Thread(
                target=warm_pipeline, args=(self.config.model,), daemon=True
            )
            self._warm.start()
        if self._page_memo is not None:
            self._release_kept(config)
            self._freeze()
        if self.config.search != "pagefind":
            return
        write_empty_material_index(Path(config.site_dir))
        if self._indexer is not None:
            # Serving: the saved page is already written; the index follows it shortly.
            self._indexer.request(Path(config.site_dir))
            return
        try:
            self.last_search = build_index(Path(config.site_dir))
        except BriefgenError as exc:
            raise PluginError(f"briefgen: {exc}") from exc
        log.info("briefgen: search: %s", self.last_search)

    def _release_kept(self, config: MkDocsConfig) -> None:
        """Serving: empty the kept pages as soon as the build is done, as a new Page starts.

        MkDocs leaves each page its Markdown, HTML and table of contents, and keeping the
        ``Page`` objects for the next save (:meth:`on_nav`) would keep those too: at 10,000
        briefings, the whole site's HTML held between saves (the serving process reached
        4.7 GB).  ``title`` and the edit link come from what the build set, so they are reset
        too; a string held for this build and not read is never the next one's."""
        for file in self._kept_files.values():
            file.hold(None)
            page = file.page
            if page is not None and page.markdown is not None:
                page.markdown, page.content, page.meta = None, None, {}
                page.toc = []  # type: ignore[assignment] - as Page.__init__ sets it
                page._title_from_render = None
                page._set_edit_url(config.repo_url, config.edit_uri, config.edit_uri_template)

    def _freeze(self) -> None:
        """Serving: keep the collector off what this build keeps, and off the critical path.

        What a build keeps (annotations, pages, their reads) lives until the next save.
        Frozen, the collector stops walking those millions of objects on every allocation
        burst of the next build (seconds at thousands of briefings).  But what a build froze
        and later lets go (MkDocs' pages and files point at each other) can only be collected
        once unfrozen, and a whole collection walks the whole heap: 3.5 s of every save at
        10,000 briefings when it ran each time.  So it runs when the frozen heap has grown by
        ``refreeze_growth`` since the last one (CPython's own rule for its oldest generation,
        25 %): memory stays within that bound, and most saves skip the walk.
        """
        gc.freeze()
        if gc.get_freeze_count() > self._frozen_after_collect * (1 + self.refreeze_growth):
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self._frozen_after_collect = gc.get_freeze_count()
            self.full_collections += 1

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
        """Point a briefing's edit link at its source file, not at a generated page."""
        source = self._edit_sources.get(page.file.src_uri)
        if source is not None:
            page.edit_url = self._edit_url(source, config)
        return page

    def _edit_url(self, source: str, config: MkDocsConfig) -> str | None:
        # A file name is source data: `x" onmouseover="...".md` must stay inside the href
        # the theme writes it into, so every character but the path separators is encoded.
        from urllib.parse import quote

        source = quote(source, safe="/")
        if self.config.edit_url:
            return self.config.edit_url.replace("{path}", source)
        if config.repo_url and config.edit_uri:
            docs_name = Path(config.docs_dir).name
            uri = config.edit_uri
            if uri.rstrip("/").endswith(docs_name):
                uri = uri.rstrip("/")[: -len(docs_name)]
            return config.repo_url.rstrip("/") + "/" + uri.strip("/") + "/" + source
        return None

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder
    ) -> LiveReloadServer:
        if self.config.watch == "native":
            native_watching(server, self._sources)
        server.watch(str(self._sources))
        if self._glossary_path is not None and not self._glossary_path.is_relative_to(
            self._sources
        ):
            server.watch(str(self._glossary_path))
        return server


def _story_or_entity(path: str) -> bool:
    """``briefings/<slug>.md`` or ``entities/<slug>.md``: the generated pages worth finding."""
    folder, _, name = path.partition("/")
    return folder in ("briefings", "entities") and "/" not in name and name != "index.md"


def _mute_material_search(config: MkDocsConfig) -> None:
    """Keep Material's search box but stop its lunr index: Pagefind answers the box.

    Material draws the box only while its search plugin is configured, so the plugin stays;
    its two events that read every page and write ``search_index.json`` are taken out of
    this build's event lists (the same lists MkDocs fills from each plugin's ``on_*``).
    """
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is None:
        log.warning(
            "briefgen: `search: pagefind` answers Material's search box, but no search plugin "
            "is configured, so there is no box: add `- search` under `plugins:`"
        )
        return
    for event in ("page_context", "post_build"):
        handlers = config.plugins.events.get(event, [])
        handlers[:] = [h for h in handlers if getattr(h, "__self__", None) is not plugin]
