"""The annotator and its content-addressed cache, and the model loader's fallback chain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefgen.annotate import Annotator
from briefgen.errors import ModelError
from briefgen.model import Article, Block, GlossaryEntry, Segment
from briefgen.nlp import load_pipeline, model_id


def _article(slug: str, text: str) -> tuple[Article, bytes]:
    blocks = tuple(Block("p", (Segment(p),)) for p in text.split("\n\n"))
    art = Article(source=f"sources/{slug}.md", slug=slug, title=slug, blocks=blocks)
    return art, text.encode()


ITEMS = [
    _article(
        "ferry",
        "Harbour Minister Ana Lindqvist opened the new ferry terminal in Tallinn on Monday.\n\n"
        "“It took nine years, but the terminal is finally open,” Lindqvist said. The operator "
        "Baltic Lines will run twelve crossings a day to Helsinki from next month.",
    ),
    _article(
        "grain",
        "Farmers in Latvia expect a record grain harvest this year after a mild spring, the "
        "agriculture ministry said on Friday in Riga.",
    ),
]


def test_unknown_model_error_says_how_to_fix() -> None:
    with pytest.raises(ModelError) as exc:
        load_pipeline("no_such_pipeline_xyz")
    assert "no spaCy pipeline named 'no_such_pipeline_xyz' is installed" in str(exc.value)
    assert "make install" in str(exc.value)


@pytest.mark.model
def test_official_name_falls_back_to_pypi_mirror() -> None:
    nlp = load_pipeline("en_core_web_sm")
    assert "ner" in nlp.pipe_names
    assert model_id(nlp).startswith("en_core_web_sm")


@pytest.mark.model
def test_cache_hit_miss_and_corrupt_entry(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first, stats = Annotator(cache_dir=cache).annotate(ITEMS)
    assert (stats.annotated, stats.cached) == (2, 0)
    assert len(list(cache.glob("*.json"))) == 2
    assert not list(cache.glob(".tmp-*")), "atomic write left a temp file"
    # A new process (new Annotator) reads everything back, equal to what was written.
    again, stats = Annotator(cache_dir=cache).annotate(ITEMS)
    assert (stats.annotated, stats.cached) == (0, 2)
    assert again == first
    # A corrupt entry is re-annotated with a warning, and repaired.
    victim = sorted(cache.glob("*.json"))[0]
    victim.write_text("{not json", encoding="utf-8")
    third, stats = Annotator(cache_dir=cache).annotate(ITEMS)
    assert (stats.annotated, stats.cached) == (1, 1)
    assert len(stats.corrupt) == 1 and "corrupt cache entry" in stats.corrupt[0]
    assert third == first
    json.loads(victim.read_text(encoding="utf-8"))


@pytest.mark.model
def test_changed_source_or_glossary_reannotates(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    annotator = Annotator(cache_dir=cache)
    annotator.annotate(ITEMS)
    edited = [ITEMS[0], _article("grain", "Farmers in Latvia expect a poor harvest.")]
    _, stats = annotator.annotate(edited)
    assert (stats.annotated, stats.cached) == (1, 1)
    glossary = (GlossaryEntry(name="Baltic Lines", type="ORG"),)
    _, stats = Annotator(cache_dir=cache, glossary=glossary).annotate(ITEMS)
    assert stats.annotated == 2


@pytest.mark.model
def test_annotation_fields() -> None:
    (ann, _), _ = Annotator(cache_dir=None).annotate(ITEMS)
    text = ann.article.text
    assert ann.sentences and all(text[s:e].strip() for s, e in ann.sentences)
    assert 1 <= len(ann.key_sentences) <= 3
    assert list(ann.key_sentences) == sorted(ann.key_sentences)
    assert "terminal" in ann.terms and "the" not in ann.terms
    for m in ann.mentions:
        assert text[m.start : m.end] == m.text
    assert ann.model.startswith("en_core_web_sm")


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("He said,“Look here,”Lund added.", ["said", ",", "“", "Look", "here", ",", "”", "Lund"]),
        ("She said:“No.”", ["said", ":", "“", "No", ".", "”"]),
        ("a 5\"3 guard and he\"s", ['5"3', 'he"s']),
    ],
)
def test_tokenizer_splits_glued_curly_quotes(text: str, tokens: list[str]) -> None:
    words = [t.text for t in load_pipeline("en_core_web_sm").tokenizer(text)]
    it = iter(words)
    assert all(tok in it for tok in tokens), words


@pytest.mark.model
def test_fully_cached_run_does_not_load_the_pipeline(tmp_path: Path) -> None:
    Annotator(cache_dir=tmp_path).annotate(ITEMS)
    annotator = Annotator(cache_dir=tmp_path)
    _, stats = annotator.annotate(ITEMS)
    assert stats.cached == 2
    assert annotator._nlp is None
