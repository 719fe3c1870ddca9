"""The deploy as Netlify runs it, and what a deploy with a missing package reports.

The deploy check installs the project into a fresh virtual environment (never the development
one, whose test extras and upgraded pip hid a missing package once), first with the pip that
Python ships and then with ``netlify.toml``'s own command, and builds the sample sources with
``mkdocs build --strict`` from that environment.  It takes two to three minutes (mostly pip
fetching and unpacking spaCy and friends; a local pip cache or index helps) and runs in
``make test``; ``pytest -m "not deploy"`` leaves it out while iterating.
"""

from __future__ import annotations

import html
import logging
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from briefgen.pipeline import expand, read_all

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "sources"
#: Left out of the copy a deploy starts from: what a fresh clone does not have (.gitignore).
NOT_IN_A_CLONE = shutil.ignore_patterns(
    ".git", ".venv", "site", ".briefgen-cache", "__pycache__", "*.egg-info", ".pytest_cache",
    ".ruff_cache", "export", "build", "dist",
)  # fmt: skip
#: Where the HTML reader's import failure must send the user.
INSTALL_HINT = "pip install trafilatura lxml lxml_html_clean"


def _samples() -> dict[str, str]:
    """Every sample source the repository ships -> the slug of its briefing page."""
    items, errors, _warnings = read_all(expand([SOURCES]), REPO)
    assert not errors, [str(e) for e in errors]
    return {article.source: article.slug for article, _raw in items}


def _html_sample() -> str:
    (found,) = [s for s in _samples() if s.endswith(".html")]
    return found


# ---------------------------------------------------------------------------------------------
# An optional reader whose library cannot be imported
# ---------------------------------------------------------------------------------------------


def test_missing_trafilatura_is_a_message_about_the_html_source(monkeypatch) -> None:
    samples = _samples()
    html_source = _html_sample()
    # None in sys.modules makes `import trafilatura` fail as if it were not installed.
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    items, errors, _warnings = read_all(expand([SOURCES]), REPO)
    assert [str(e) for e in errors] == [
        f"{html_source}:1: cannot read HTML pages: importing trafilatura failed (the Python "
        f"module 'trafilatura' is not installed); install the HTML reader's packages with "
        f"`{INSTALL_HINT}` (reinstalling briefgen installs them too)"
    ]
    published = {article.source: article.slug for article, _raw in items}
    assert published == {s: slug for s, slug in samples.items() if s != html_source}


def test_missing_lxml_html_clean_names_the_package() -> None:
    """The failure the deploy hit: lxml's stub module raises when lxml_html_clean is absent.

    A child interpreter, because trafilatura is usually imported in this one already.
    """
    html_source = _html_sample()
    script = (
        "import sys; from pathlib import Path\n"
        "sys.modules['lxml_html_clean'] = None\n"
        "from briefgen.errors import SourceError\n"
        "from briefgen.sources import read_source\n"
        "try:\n"
        f"    read_source(Path({html_source!r}), display={html_source!r})\n"
        "except SourceError as exc:\n"
        "    print(exc)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True
    )
    message = out.stdout.strip()
    assert message.startswith(f"{html_source}:1: cannot read HTML pages: importing trafilatura")
    assert "lxml_html_clean" in message.split("; install")[0], message
    assert message.endswith(f"`{INSTALL_HINT}` (reinstalling briefgen installs them too)")
    assert "Traceback" not in out.stderr


@pytest.mark.model
def test_build_without_trafilatura_publishes_the_rest_and_strict_fails(
    tmp_path: Path, monkeypatch, caplog
) -> None:
    samples = _samples()
    html_source = _html_sample()
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    site = tmp_path / "site"
    with caplog.at_level(logging.WARNING):
        build(load_config(str(REPO / "mkdocs.yml"), site_dir=str(site)))
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any(
        w.startswith(f"{html_source}:1: cannot read HTML pages") and INSTALL_HINT in w
        for w in warnings
    ), warnings
    published = sorted(p.name for p in (site / "briefings").iterdir() if p.is_dir())
    assert published == sorted(slug for s, slug in samples.items() if s != html_source)
    with pytest.raises(Abort):
        build(load_config(str(REPO / "mkdocs.yml"), site_dir=str(site), strict=True))


# ---------------------------------------------------------------------------------------------
# The deploy in a fresh virtual environment
# ---------------------------------------------------------------------------------------------


@dataclass
class Deploy:
    """A copy of the repository and the fresh virtual environment that installs it."""

    root: Path
    venv: Path
    env: dict[str, str]
    log: list[str]

    def run(self, args: list[str] | str, *, shell: bool = False) -> subprocess.CompletedProcess:
        """Run a step as the deploy would (the fresh venv first on PATH), recording its output."""
        start = time.monotonic()
        done = subprocess.run(
            args,
            cwd=self.root,
            env=self.env,
            shell=shell,
            executable="/bin/bash" if shell else None,
            capture_output=True,
            text=True,
            timeout=900,
        )
        shown = args if isinstance(args, str) else " ".join(args)
        took = time.monotonic() - start
        self.log.append(
            f"$ {shown}  (exit {done.returncode}, {took:.0f} s)\n{done.stdout}{done.stderr}"
        )
        return done

    def pip_version(self) -> str:
        out = self.run([str(self.venv / "bin" / "python"), "-m", "pip", "--version"])
        return out.stdout.split()[1]

    def report(self) -> str:
        """The last steps' output, enough to see why a deploy failed."""
        return "\n".join(self.log)[-6000:]


@pytest.fixture(scope="module")
def deploy(tmp_path_factory) -> Iterator[Deploy]:
    base = tmp_path_factory.mktemp("deploy")
    root = base / "clone"
    shutil.copytree(REPO, root, ignore=NOT_IN_A_CLONE)
    venv = base / "venv"
    # `-m venv` from the development interpreter builds on the base Python, not on .venv, and
    # seeds the pip that this Python ships.
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PIP_REQUIRE_VIRTUALENV")
    }
    dev_bin = str(Path(sys.executable).parent)
    path = [p for p in env.get("PATH", "").split(os.pathsep) if p and p != dev_bin]
    env["PATH"] = os.pathsep.join([str(venv / "bin"), *path])
    env["VIRTUAL_ENV"] = str(venv)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    # The venv (about 500 MB) stays: deleting it took as long as installing it on a busy disk,
    # and pytest removes all but its last three temporary folders itself.
    yield Deploy(root, venv, env, [])


@pytest.fixture(scope="module")
def shipped_pip_build(deploy: Deploy) -> tuple[str, subprocess.CompletedProcess, Path]:
    """`pip install .` with the pip that Python ships, then a strict build: what once failed."""
    version = deploy.pip_version()
    site = deploy.root.parent / "site-shipped-pip"
    installed = deploy.run([str(deploy.venv / "bin" / "python"), "-m", "pip", "install", "."])
    if installed.returncode != 0:
        return version, installed, site
    built = deploy.run(["mkdocs", "build", "--strict", "--site-dir", str(site)])
    return version, built, site


@pytest.fixture(scope="module")
def netlify_build(
    deploy: Deploy, shipped_pip_build
) -> tuple[str, subprocess.CompletedProcess, Path]:
    """netlify.toml's build command, verbatim, in the same venv (after the shipped pip's run)."""
    netlify = tomllib.loads((deploy.root / "netlify.toml").read_text(encoding="utf-8"))
    command = netlify["build"]["command"]
    done = deploy.run(command, shell=True)
    return command, done, deploy.root / netlify["build"]["publish"]


def _assert_published(site: Path, deploy: Deploy) -> None:
    """Every sample source is a briefing page, and the pages' styles and scripts are there."""
    for source, slug in _samples().items():
        page = site / "briefings" / slug / "index.html"
        assert page.is_file(), f"{source} was not published as {page}\n{deploy.report()}"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "briefgen.css" in home
    # Every stylesheet and script a page links to was written, Material's bundles included.
    for page in (home, (site / "quotes" / "index.html").read_text(encoding="utf-8")):
        linked = {
            html.unescape(m.group(1)).split("?")[0].lstrip("./")
            for m in re.finditer(r'(?:href|src)="([^"]*assets/[^"]+)"', page)
        }
        assert linked, "no asset links found: the theme did not render"
        missing = sorted(a for a in linked if not (site / a).is_file())
        assert not missing, missing
    assets = site / "assets"
    assert (assets / "briefgen.css").is_file()
    for pattern in (
        "javascripts/bundle.*.min.js",
        "javascripts/workers/search.*.min.js",
        "stylesheets/main.*.min.css",
        "stylesheets/palette.*.min.css",
    ):
        assert list(assets.glob(pattern)), f"site/assets/{pattern} is missing"
    # And nothing the installed theme ships as an asset is left out.
    material = next((deploy.venv / "lib").glob("python3*/site-packages/material/templates/assets"))
    shipped = {p.relative_to(material) for p in material.rglob("*") if p.is_file()}
    written = {p.relative_to(assets) for p in assets.rglob("*") if p.is_file()}
    assert not shipped - written, sorted(map(str, shipped - written))[:10]


@pytest.mark.deploy
def test_shipped_pip_installs_every_runtime_dependency_and_the_site_builds(
    deploy: Deploy, shipped_pip_build
) -> None:
    version, done, site = shipped_pip_build
    assert done.returncode == 0, f"with pip {version}:\n{deploy.report()}"
    assert "Traceback" not in done.stdout + done.stderr, deploy.report()
    _assert_published(site, deploy)


@pytest.mark.deploy
def test_netlify_build_command_as_written_publishes_the_site(
    deploy: Deploy, shipped_pip_build, netlify_build
) -> None:
    shipped_version = shipped_pip_build[0]
    command, done, site = netlify_build
    assert done.returncode == 0, f"{command!r} failed:\n{deploy.report()}"
    _assert_published(site, deploy)
    # The command upgraded pip first; that pip reads extras the way packages declare them
    # (the shipped one did not), and it finds every requirement installed.
    upgraded = deploy.pip_version()
    checked = deploy.run([str(deploy.venv / "bin" / "python"), "-m", "pip", "check"])
    assert checked.returncode == 0, f"pip {shipped_version} -> {upgraded}:\n{deploy.report()}"
    # Shown by `pytest -rP`: each deploy step with its exit code and seconds.
    print("\n".join(line for line in "\n".join(deploy.log).splitlines() if line.startswith("$ ")))
