"""Shared fixtures: the trained pipeline (loaded once) and the third-party corpus folder."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: Third-party evaluation data lives beside the repository, never inside it.
CORPUS = REPO.parent / "shared" / "corpus"
SEED = CORPUS / "seed" / "coalition-of-the-willing.txt"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        default=False,
        help="Rewrite tests/golden/ from the current output instead of comparing with it "
        "(also BRIEFGEN_REGEN_GOLDEN=1); review the result with git diff.",
    )


@pytest.fixture(scope="session")
def regen_golden(request: pytest.FixtureRequest) -> bool:
    """True when the golden files are to be rewritten, never by default: a golden file that
    follows the code on its own pins nothing."""
    return bool(request.config.getoption("--regen-golden")) or (
        os.environ.get("BRIEFGEN_REGEN_GOLDEN") == "1"
    )


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


@pytest.fixture(scope="module")
def served(sample_site) -> Iterator[tuple[str, object]]:
    """The sample site served over HTTP: ``(base url, corpus)``, for the browser tests."""
    site, corpus = sample_site
    with serve_folder(site) as url:
        yield url, corpus


@pytest.fixture(scope="module")
def browser(served):
    """Debian's chromium through Playwright, one per test module."""
    with chromium() as b:
        yield b


CHROMIUM = Path("/usr/bin/chromium")
#: Without these, chromium tries the network at start and is refused many times over.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """A built site served on 127.0.0.1 (a free port) for the length of the block: its URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """Debian's chromium through Playwright; the test is skipped where either is missing."""
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (make test installs it as root)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
