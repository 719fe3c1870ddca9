"""The ``briefgen`` command: a thin shell over the library, same code path as the plugin."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from datetime import date as date_cls
from pathlib import Path

import click

from briefgen.annotate import Annotator
from briefgen.contract import briefing_json, corpus_json
from briefgen.errors import BriefgenError, SourceError
from briefgen.glossary import GLOSSARY_NAMES, load_glossary
from briefgen.model import GlossaryEntry
from briefgen.pipeline import RunResult, expand, read_all, run
from briefgen.progress import Progress
from briefgen.project import find_configs, protected_dirs, site_options
from briefgen.publish import missing_feed_note, published_files
from briefgen.scale import annotate_archive
from briefgen.slug import slugify

#: Folders the tool must never write into (sources are the editors'; docs/ is hand-written).
PROTECTED_DIRS = ("sources", "docs")


def _glossary(path: str | None, sources: list[Path]) -> tuple[GlossaryEntry, ...]:
    if path:
        return load_glossary(Path(path))
    for folder in sources:
        for name in GLOSSARY_NAMES:
            if folder.is_dir() and (folder / name).is_file():
                return load_glossary(folder / name)
    return ()


def _run(
    paths: tuple[str, ...], model: str, cache_dir: str | None, glossary: str | None, related: int
) -> RunResult:
    given = [Path(p) for p in paths]
    missing = [p for p in given if not p.exists()]
    if missing:
        raise click.ClickException(f"no such file or folder: {missing[0]}")
    try:
        entries = _glossary(glossary, given)
        annotator = Annotator(model, Path(cache_dir) if cache_dir else None, entries)
        progress = Progress()
        try:
            result = run(
                expand(given),
                annotator,
                glossary=entries,
                related=related,
                progress=progress.advance,
                on_annotate_start=progress.start,
            )
        finally:
            progress.close()
    except BriefgenError as exc:
        raise click.ClickException(str(exc)) from exc
    for problem in [*result.errors, *result.warnings]:
        click.echo(f"warning: {problem}" if problem in result.warnings else str(problem), err=True)
    for note in result.stats.corrupt:
        click.echo(f"warning: {note}", err=True)
    click.echo(f"briefgen: {result.summary()}", err=True)
    return result


_model_opt = click.option(
    "--model", default="en_core_web_sm", show_default=True, help="spaCy pipeline to load."
)
_cache_opt = click.option(
    "--cache-dir",
    default=".briefgen-cache",
    show_default=True,
    help="Annotation cache folder; pass '' to annotate without a cache.",
)
_glossary_opt = click.option(
    "--glossary",
    default=None,
    help="Curated glossary.yml (default: glossary.yml in a folder given).",
)
_related_opt = click.option(
    "--related", default=5, show_default=True, help="Related briefings per briefing."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefgen")
def main() -> None:
    """Annotated news briefings: turn articles into a searchable MkDocs site."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--json", "as_json", is_flag=True, help="Print the JSON contract instead of a summary."
)
@_model_opt
@_cache_opt
@_glossary_opt
@_related_opt
def inspect(
    paths: tuple[str, ...],
    as_json: bool,
    model: str,
    cache_dir: str,
    glossary: str | None,
    related: int,
) -> None:
    """Annotate PATHS (files or folders) and show entities, quotes and related stories.

    Related stories are computed among the paths given. Exits 1 if any source could not be
    read (the others are still shown).
    """
    result = _run(paths, model, cache_dir or None, glossary, related)
    corpus = result.corpus
    ordered = sorted(corpus.briefings, key=lambda b: b.article.source)
    if as_json:
        payload = corpus_json(corpus)
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=False))
    else:
        for b in ordered:
            data = briefing_json(corpus, b)
            click.echo(f"{data['source']}: {data['title']} ({data['date'] or 'undated'})")
            for e in data["entities"]:
                role = f", {e['role']}" if e["role"] else ""
                click.echo(f"  {e['type']:<8} {e['name']}{role} x{e['mentions']}")
            for q in data["quotes"]:
                who = q["speaker"] or q["speaker_text"] or "?"
                click.echo(f"  quote ({q['kind']}) {who}: “{q['text']}”")
            for r in data["related"]:
                click.echo(f"  related {r['slug']} ({r['score']}): {', '.join(r['shared'])}")
    if result.errors:
        sys.exit(1)


@main.command()
@click.argument("sources", nargs=-1, type=click.Path())
@_glossary_opt
def check(sources: tuple[str, ...], glossary: str | None) -> None:
    """Check that every source (default: ./sources) can be read; no NLP is run.

    Prints one `path:line: message` per problem and exits 1 if any source is unusable.
    """
    given = [Path(p) for p in (sources or ("sources",))]
    for p in given:
        if not p.exists():
            raise click.ClickException(f"no such file or folder: {p}")
    problems: list[SourceError] = []
    try:
        # A bad entry is dropped by the build with a warning; here it is a problem to fix.
        problems.extend(getattr(_glossary(glossary, given), "problems", ()))
    except SourceError as exc:
        problems.append(exc)
    items, errors, warnings = read_all(expand(given))
    problems.extend(errors)
    for p in problems:
        click.echo(str(p))
    for w in warnings:
        click.echo(f"{w} (warning)")
    click.echo(
        f"{len(items) + len(errors)} sources: {len(items)} ok, {len(errors)} with errors, "
        f"{len(warnings)} warnings",
        err=True,
    )
    if problems:
        sys.exit(1)


@main.command()
@click.argument("title")
@click.option("--sources-dir", default="sources", show_default=True, help="Folder to write into.")
@click.option(
    "--date", "date_", default=None, help="Publication date, YYYY-MM-DD (default: today)."
)
def new(title: str, sources_dir: str, date_: str | None) -> None:
    """Scaffold a new front-mattered Markdown source called TITLE."""
    if not title.strip():
        raise click.ClickException("the title is empty")
    day = date_ or date_cls.today().isoformat()
    try:
        date_cls.fromisoformat(day)
    except ValueError as exc:
        raise click.ClickException(f"--date must be YYYY-MM-DD, found {day!r}") from exc
    folder = Path(sources_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{day}-{slugify(title, max_len=60)}.md"
    if path.exists():
        raise click.ClickException(f"{path} already exists; pick another title or edit it")
    front = {
        "title": title.strip(),
        "date": day,
        "publisher": "",
        "url": "",
        "author": "",
        "tags": [],
        "summary": "",
    }
    lines = ["---"] + [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in front.items()]
    lines += ["---", "", "Write or paste the article here, one paragraph per block.", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    click.echo(str(path))


@main.command()
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option("--sources", "sources_dir", default="sources", show_default=True)
@click.option(
    "--site-url",
    default=None,
    help="Public address the feed's links start with (default: site_url in mkdocs.yml).",
)
@_model_opt
@_cache_opt
@_glossary_opt
@_related_opt
def export(
    out_dir: str,
    sources_dir: str,
    site_url: str | None,
    model: str,
    cache_dir: str,
    glossary: str | None,
    related: int,
) -> None:
    """Write what a build adds to the site into OUT_DIR (never into sources/ or docs/).

    The generated Markdown pages, the home page with its intro from docs/index.md, the
    stylesheet and scripts, and feed.xml, as `mkdocs build` would with the mkdocs.yml of the
    current folder.
    """
    out = Path(out_dir).resolve()
    # The project's own folders, from every mkdocs.yml above here, the sources or OUT_DIR:
    # names relative to the current folder miss `export /abs/project/docs` run elsewhere.
    guarded = [Path(name).resolve() for name in (*PROTECTED_DIRS, sources_dir)]
    configs = find_configs([Path.cwd(), Path(sources_dir), Path(out_dir)])
    guarded += [d for config in configs for d in protected_dirs(config)]
    for folder in guarded:
        if out == folder or out.is_relative_to(folder):
            raise click.ClickException(
                f"refusing to write into {folder}: it holds the project's hand-written pages "
                "or sources; choose another OUT_DIR"
            )
    options = site_options(next(iter(find_configs([Path.cwd()])), None))
    if site_url is not None:
        options = replace(options, site_url=site_url)
    result = _run((sources_dir,), model, cache_dir or None, glossary, related)
    pages, extras = published_files(result.corpus, options)
    for rel, content in {**pages, **extras}.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    if note := missing_feed_note(options):
        click.echo(note, err=True)
    click.echo(f"wrote {len(pages)} pages and {len(extras)} other files to {out_dir}", err=True)
    if result.errors:
        sys.exit(1)


@main.command("annotate")
@click.argument("sources", nargs=-1, type=click.Path())
@_model_opt
@_cache_opt
@_glossary_opt
@click.option(
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Processes on this machine: 0 picks what is fastest (all cores for a big batch, one "
    "for a few sources), 1 keeps the work in this process; unused with a Dask cluster.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="Send the work to the Dask scheduler at ADDRESS (e.g. tcp://scheduler-host:8786); its "
    "workers need briefgen installed. Needs the extra: pip install 'briefgen[dask]'.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Start a local Dask cluster of N worker processes for the run (needs briefgen[dask]).",
)
@click.option(
    "--chunk-size",
    type=click.IntRange(min=1),
    default=8,
    show_default=True,
    help="Articles per Dask task.",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0),
    default=3,
    show_default=True,
    help="Times Dask retries a task that raised (tasks of a worker that died are rescheduled).",
)
def annotate_cmd(
    sources: tuple[str, ...],
    model: str,
    cache_dir: str,
    glossary: str | None,
    jobs: int,
    scheduler: str | None,
    workers: int | None,
    chunk_size: int,
    retries: int,
) -> None:
    """Annotate SOURCES (default: ./sources) into the cache, here or on a Dask cluster.

    A later `mkdocs build` or `briefgen inspect` with the same cache folder, model and glossary
    then annotates nothing. Exits 1 if a source could not be read (the others are annotated).
    """
    if scheduler and workers:
        raise click.UsageError("give --scheduler or --workers, not both")
    given = [Path(p) for p in (sources or ("sources",))]
    missing = [p for p in given if not p.exists()]
    if missing:
        raise click.ClickException(f"no such file or folder: {missing[0]}")
    progress = Progress()
    try:
        result = annotate_archive(
            given,
            model=model,
            cache_dir=Path(cache_dir) if cache_dir else None,
            glossary=_glossary(glossary, given),
            jobs=jobs,
            scheduler=scheduler,
            workers=workers,
            chunk_size=chunk_size,
            retries=retries,
            progress=progress.advance,
            on_start=progress.start,
        )
    except BriefgenError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        progress.close()
    for problem in result.errors:
        click.echo(str(problem), err=True)
    for problem in result.warnings:
        click.echo(f"warning: {problem}", err=True)
    for note in result.stats.corrupt:
        click.echo(f"warning: {note}", err=True)
    click.echo(f"briefgen: {result.summary()}", err=True)
    if result.errors:
        sys.exit(1)
