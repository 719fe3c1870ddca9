"""The two cache layers: a rule or glossary change re-runs the rules only, never the parse;
a cached parse gives exactly the annotation a fresh parse gives; broken entries are redone."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from briefgen import cachestore
from briefgen.annotate import Annotator
from briefgen.batch import PARALLEL_MIN_WORDS, Task, choose_processes, decode_parse
from briefgen.cachestore import PARSE_DIR
from briefgen.model import Article, Block, GlossaryEntry, Segment
from briefgen.nlp import dictionary_words, load_pipeline, parse_settings

REPO = Path(__file__).resolve().parents[1]


def _article(slug: str, text: str, dateline: str | None = None) -> tuple[Article, bytes]:
    blocks = tuple(Block("p", (Segment(p),)) for p in text.split("\n\n"))
    art = Article(
        source=f"sources/{slug}.md", slug=slug, title=slug, blocks=blocks, dateline=dateline
    )
    return art, text.encode()


ITEMS = [
    _article(
        "bridge",
        "Transport Secretary Mira Okafor opened the rebuilt Tamar crossing in Plymouth on "
        "Friday.\n\n“We promised this town a bridge it can trust,” Okafor said. The contractor "
        "Holloway Marsh said tolls would stay frozen until 2027.",
    ),
    _article(
        "orchard",
        "Growers in Kent expect a smaller apple crop after a wet spring, the National Fruit "
        "Board said on Tuesday. Its chair, Dev Anand, blamed late frosts.",
        dateline="MAIDSTONE",
    ),
]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file()}


@pytest.fixture
def pipe_calls(monkeypatch) -> list[int]:
    """Counts the texts the loaded pipeline is asked to parse, whatever calls it."""
    nlp = load_pipeline("en_core_web_sm")
    calls: list[int] = []
    real = nlp.pipe

    def counting(texts, *args, **kwargs):
        texts = list(texts)
        calls.append(len(texts))
        return real(texts, *args, **kwargs)

    monkeypatch.setattr(nlp, "pipe", counting)
    return calls


def test_keys_separate_parse_from_rules(monkeypatch) -> None:
    art, _ = ITEMS[0]
    plain = Annotator(cache_dir=None)
    key, pkey = plain.keys(art)
    with_glossary = Annotator(glossary=(GlossaryEntry(name="Holloway Marsh", type="ORG"),))
    key2, pkey2 = with_glossary.keys(art)
    assert pkey2 == pkey and key2 != key
    monkeypatch.setattr(cachestore, "code_version", lambda: "rules-edited")
    key3, pkey3 = Annotator().keys(art)
    assert pkey3 == pkey and key3 != key
    # The tokenizer settings are part of what a parse depends on.
    monkeypatch.setattr("briefgen.nlp.GLUED_QUOTE_INFIXES", ("x",))
    cachestore.parse_salt.cache_clear()
    try:
        assert "infixes=('x',)" in parse_settings()
        assert Annotator().keys(art)[1] != pkey
    finally:
        monkeypatch.undo()
        cachestore.parse_salt.cache_clear()
    # A renamed source or a new title is the same annotation; another dateline is not.
    renamed = Article(source="elsewhere/b.md", slug="b", title="New", blocks=art.blocks)
    assert Annotator().keys(renamed) == (key, pkey)
    moved = Article(source=art.source, slug=art.slug, title=art.title, blocks=art.blocks,
                    dateline="PLYMOUTH")
    assert Annotator().keys(moved)[0] != key


@pytest.mark.model
def test_glossary_or_rule_change_reruns_rules_but_no_parse(
    tmp_path: Path, monkeypatch, pipe_calls: list[int]
) -> None:
    cache = tmp_path / "cache"
    first, stats = Annotator(cache_dir=cache, jobs=1).annotate(ITEMS)
    assert (stats.annotated, stats.parsed) == (2, 2) and sum(pipe_calls) == 2
    assert len(list((cache / PARSE_DIR).glob("*.spacy"))) == 2
    assert len(list(cache.glob("*.json"))) == 2

    glossary = (GlossaryEntry(name="Holloway Marsh", type="ORG", aliases=("Holloway",)),)
    edited, stats = Annotator(cache_dir=cache, glossary=glossary, jobs=1).annotate(ITEMS)
    assert (stats.annotated, stats.parsed, stats.cached) == (2, 0, 0)
    assert sum(pipe_calls) == 2, "a glossary edit must not parse again"
    # The glossary did reach the rules, and matches what a fresh parse gives.
    fresh, _ = Annotator(cache_dir=None, glossary=glossary, jobs=1).annotate(ITEMS)
    assert edited == fresh != first
    assert sum(pipe_calls) == 4  # the fresh run above, without a cache, parsed both

    monkeypatch.setattr(cachestore, "code_version", lambda: "a-rule-changed")
    again, stats = Annotator(cache_dir=cache, jobs=1).annotate(ITEMS)
    assert (stats.annotated, stats.parsed) == (2, 0)
    assert sum(pipe_calls) == 4, "a rule change must not parse again"
    assert again == first
    assert len(list((cache / PARSE_DIR).glob("*.spacy"))) == 2


@pytest.mark.model
@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda p, other: p.write_bytes(b"not zlib at all"), "cannot decode"),
        (lambda p, other: p.write_bytes(p.read_bytes()[:-20]), "cannot decode"),
        (lambda p, other: shutil.copyfile(other, p), "holds another text"),
    ],
    ids=["garbage", "truncated", "other-text"],
)
def test_corrupt_parse_entry_is_reparsed_with_a_warning(
    tmp_path: Path, pipe_calls: list[int], damage, expected: str
) -> None:
    cache = tmp_path / "cache"
    annotator = Annotator(cache_dir=cache, jobs=1)
    first, _ = annotator.annotate(ITEMS)
    before = _files(cache)
    key, pkey = annotator.keys(ITEMS[0][0])
    _, other = annotator.keys(ITEMS[1][0])
    victim = cache / PARSE_DIR / f"{pkey}.spacy"
    damage(victim, cache / PARSE_DIR / f"{other}.spacy")
    (cache / f"{key}.json").unlink()
    calls = sum(pipe_calls)
    again, stats = Annotator(cache_dir=cache, jobs=1).annotate(ITEMS)
    assert (stats.annotated, stats.parsed, stats.cached) == (1, 1, 1)
    assert sum(pipe_calls) == calls + 1
    assert len(stats.corrupt) == 1, stats.corrupt
    assert f"{victim}: corrupt parse cache entry ({expected}" in stats.corrupt[0]
    assert again == first
    assert _files(cache) == before, "the broken entry is rewritten with the same bytes"
    assert not list(cache.rglob(".tmp-*"))


@pytest.mark.model
def test_restored_parse_annotates_identically_on_the_samples(tmp_path: Path) -> None:
    """Every sample source: annotation from a DocBin-restored parse == from a fresh parse."""
    from briefgen.pipeline import expand, read_all

    items, errors, _ = read_all(expand([REPO / "sources"]), REPO)
    assert len(items) == 13 and not errors
    cache = tmp_path / "cache"
    first, stats = Annotator(cache_dir=cache, jobs=1).annotate(items)
    assert stats.parsed == 13
    fresh = {p.name: p.read_bytes() for p in cache.glob("*.json")}
    for p in cache.glob("*.json"):
        p.unlink()
    again, stats = Annotator(cache_dir=cache, jobs=1).annotate(items)
    assert (stats.annotated, stats.parsed) == (13, 0)
    assert {p.name: p.read_bytes() for p in cache.glob("*.json")} == fresh
    assert again == first


@pytest.mark.model
@pytest.mark.corpus
def test_restored_parse_annotates_identically_on_corpus_articles(
    tmp_path: Path, corpus_dir: Path
) -> None:
    """News from three corpora (bench/annotate_scale.py checks a thousand the same way)."""
    items = []
    for name in ("news_bbc.jsonl", "news_polnear.jsonl", "news_reuters21578.jsonl"):
        with (corpus_dir / name).open(encoding="utf-8") as fh:
            for n, line in enumerate(fh):
                if n >= 8:
                    break
                rec = json.loads(line)
                items.append(_article(f"{name[:-6]}-{n}", rec["text"]))
    nlp = load_pipeline("en_core_web_sm")
    cache = tmp_path / "cache"
    annotator = Annotator(cache_dir=cache, jobs=1)
    first, _ = annotator.annotate(items)
    fresh = _files(cache)
    for p in cache.glob("*.json"):
        p.unlink()
    again, stats = Annotator(cache_dir=cache, jobs=1).annotate(items)
    assert stats.parsed == 0 and again == first and _files(cache) == fresh
    # The restored Doc itself carries what the rules read.
    art = items[0][0]
    _, pkey = annotator.keys(art)
    doc = decode_parse((cache / PARSE_DIR / f"{pkey}.spacy").read_bytes(), nlp, art.text)
    ref = nlp(art.text)
    assert [(t.text, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i, str(t.morph), t.ent_type_,
             t.is_sent_start, t.whitespace_) for t in doc] == [
        (t.text, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i, str(t.morph), t.ent_type_,
         t.is_sent_start, t.whitespace_) for t in ref]
    assert doc.vocab is nlp.vocab and dictionary_words(doc.vocab)


def test_jobs_default_is_one_process_for_a_few_sources_and_all_cores_for_many() -> None:
    art, _ = ITEMS[0]
    words = art.text.count(" ") + 1
    few = [Task(art, art.text)] * 3
    many = [Task(art, art.text)] * (PARALLEL_MIN_WORDS // words + 40)
    assert choose_processes(0, few) == 1
    assert choose_processes(0, many) >= 1
    assert choose_processes(1, many) == 1
    assert choose_processes(2, many) == 2
    assert choose_processes(4, few) == 1, "no process without a chunk to work on"
    # Rules over cached parses cost less: the same texts stay in one process.
    cached = [Task(art, art.text, cached_parse=True)] * (PARALLEL_MIN_WORDS // words + 40)
    assert choose_processes(0, cached) == 1
    with pytest.raises(ValueError, match="jobs must be 0"):
        Annotator(jobs=-1)


@pytest.mark.model
def test_results_of_a_worker_with_other_code_are_used_but_not_cached(tmp_path: Path) -> None:
    """A Dask worker with another briefgen version (or a worker process started after a rule
    module changed on disk) must not fill the cache under this process's keys."""
    from dataclasses import replace

    from briefgen.batch import LocalRunner

    class OtherCode(LocalRunner):
        def run(self, model, glossary, chunks, on_done, prepare):
            def relabel(chunk, outcomes):
                on_done(chunk, [replace(o, fingerprint="rule code 0000") for o in outcomes])

            return super().run(model, glossary, chunks, relabel, prepare)

    annotator = Annotator(cache_dir=tmp_path, runner=OtherCode(1, lambda: load_pipeline(
        "en_core_web_sm")))
    anns, stats = annotator.annotate(ITEMS)
    assert len(anns) == 2 and stats.annotated == 2
    assert len(stats.corrupt) == 1
    assert "a worker has rule code 0000; this process has pipeline en_core_web_sm" \
        in stats.corrupt[0]
    assert not list(tmp_path.rglob("*.json")) and not list(tmp_path.rglob("*.spacy"))
    assert anns == Annotator(cache_dir=None, jobs=1).annotate(ITEMS)[0]


def test_every_rule_module_counts_in_the_code_version() -> None:
    """A rule module split out of entities or quotes must invalidate cached annotations too."""
    package = Path(cachestore.__file__).resolve().parent
    modules = set(cachestore._rule_modules())
    names = {p.relative_to(package).parts[0].removesuffix(".py") for p in modules}
    assert {"entities", "quotes", "terms", "nlp", "annotate", "model"} <= names
    # Modules inside a rule package count one by one ("quotes/cues.py"), not only its __init__.
    assert package / "quotes" / "cues.py" in modules
    assert package / "entities" / "cluster.py" in modules
    for path in package.rglob("*.py"):
        if path.relative_to(package).parts[0].removesuffix(".py") in cachestore._OUTPUT_MODULES:
            continue
        assert path in modules, path
    assert not names & {"render", "plugin", "indexes", "site", "cli", "archive", "pagememo"}


def test_a_rule_failing_on_one_source_warns_and_the_others_annotate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug in the rules on one article is a warning naming its source, not a failed build;
    that article keeps its text (no glossary, no quotes) and nothing of it is cached."""
    from briefgen import entities as entities_mod

    real = entities_mod.extract_entities

    def flaky(doc, **kw):
        if "apple crop" in doc.text:
            raise ValueError("substring not found")
        return real(doc, **kw)

    monkeypatch.setattr(entities_mod, "extract_entities", flaky)
    cache = tmp_path / "cache"
    anns, stats = Annotator(cache_dir=cache, jobs=1).annotate(ITEMS)
    assert [a.article.slug for a in anns] == ["bridge", "orchard"]
    assert anns[0].entities and anns[0].quotes
    assert not anns[1].entities and not anns[1].quotes and anns[1].sentences
    assert len(stats.corrupt) == 1
    assert stats.corrupt[0].startswith("sources/orchard.md:1: the annotation rules failed")
    assert "ValueError: substring not found" in stats.corrupt[0]
    key, _ = Annotator(cache_dir=cache, jobs=1).keys(ITEMS[1][0])
    assert not (cache / f"{key}.json").exists()
    # The rule mended, the next build annotates it in full.
    monkeypatch.setattr(entities_mod, "extract_entities", real)
    again, stats = Annotator(cache_dir=cache, jobs=1).annotate(ITEMS)
    assert again[1].entities and not stats.corrupt
