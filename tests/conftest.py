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
