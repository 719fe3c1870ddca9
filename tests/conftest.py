"""Shared fixtures: the trained pipeline (loaded once) and the third-party corpus folder."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: Third-party evaluation data lives beside the repository, never inside it.
CORPUS = REPO.parent / "shared" / "corpus"
SEED = CORPUS / "seed" / "coalition-of-the-willing.txt"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    return CORPUS


@pytest.fixture(scope="session")
def seed_path(corpus_dir: Path) -> Path:
    if not SEED.is_file():
        pytest.skip("seed article is absent")
    return SEED


@pytest.fixture(scope="session")
def nlp():
    from briefgen.nlp import load_pipeline

    return load_pipeline("en_core_web_sm")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    """The repository's own mkdocs.yml and sources/ built once (strict) into a temporary folder.

    Returns ``(site_dir, corpus)``. Strict: a warning about any sample source fails the build.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = tmp_path_factory.mktemp("site")
    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(site), strict=True)
    build(config)
    return site, config.plugins["briefgen"].last_result.corpus
