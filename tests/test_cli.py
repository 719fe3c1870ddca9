"""The click shell: exit codes, exact error text, the inspect --json contract."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from briefgen.cli import main

GOOD = """---
title: Port of Tallinn reopens after storm
date: 2025-02-11
publisher: Coast Courier
---

Harbour Minister Ana Lindqvist reopened the Port of Tallinn on Tuesday after a two-day storm.

“The quays are safe again,” Lindqvist said. She thanked the crews of Baltic Lines.
"""


def _write(folder: Path, files: dict[str, str | bytes]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        if isinstance(text, bytes):
            (folder / name).write_bytes(text)
        else:
            (folder / name).write_text(text, encoding="utf-8")


def test_every_command_has_help() -> None:
    runner = CliRunner()
    for name, command in main.commands.items():
        assert command.help, f"{name} has no help text"
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0
        assert "Usage:" in result.output


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"empty.md": ""}, "src/empty.md:1: empty file"),
        ({"logo.md": b"\x89PNG\r\n\x1a\n\x00"}, "src/logo.md:1: not UTF-8 text"),
        ({"bad.md": "---\ntitle: A\ndate: not-a-date\n---\n\nBody text.\n"}, "src/bad.md:3: "),
    ],
)
def test_check_reports_path_line_and_exits_1(
    tmp_path: Path, monkeypatch, files: dict, expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "src", {"good.md": GOOD, **files})
    result = CliRunner().invoke(main, ["check", "src"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith(expected), result.stdout


def test_check_passes_on_good_sources(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "src", {"good.md": GOOD})
    result = CliRunner().invoke(main, ["check", "src"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_check_missing_folder() -> None:
    result = CliRunner().invoke(main, ["check", "no/such/dir"])
    assert result.exit_code == 1
    assert result.output == "Error: no such file or folder: no/such/dir\n"


def test_new_scaffolds_front_matter_and_refuses_overwrite(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["new", "Ferry talks resume", "--sources-dir", str(tmp_path), "--date", "2025-04-01"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    path = tmp_path / "2025-04-01-ferry-talks-resume.md"
    assert path.is_file()
    again = runner.invoke(main, args)
    assert again.exit_code == 1
    assert "already exists" in again.output
    bad = runner.invoke(main, ["new", "X", "--sources-dir", str(tmp_path), "--date", "April"])
    assert bad.output == "Error: --date must be YYYY-MM-DD, found 'April'\n"


@pytest.mark.model
def test_inspect_json_contract(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "src", {"port.md": GOOD})
    result = CliRunner().invoke(main, ["inspect", "src", "--json", "--cache-dir", ""])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (b,) = data["briefings"]
    assert set(b) == {"source", "slug", "title", "date", "entities", "quotes", "related"}
    assert b["source"] == "src/port.md" and b["date"] == "2025-02-11"
    for e in b["entities"]:
        assert set(e) == {"name", "type", "aliases", "role", "mentions"}
    names = {e["name"]: e for e in b["entities"]}
    assert names["Ana Lindqvist"]["type"] == "PERSON"
    (q,) = [q for q in b["quotes"] if q["kind"] == "full"]
    assert set(q) == {"text", "speaker", "speaker_text", "cue", "kind"}
    assert q["speaker"] == "Ana Lindqvist" and q["cue"] == "said"


@pytest.mark.model
def test_inspect_seed_follows_contract(seed_path: Path) -> None:
    result = CliRunner().invoke(main, ["inspect", str(seed_path), "--json", "--cache-dir", ""])
    assert result.exit_code == 0, result.output
    (b,) = json.loads(result.stdout)["briefings"]
    assert b["date"] == "2025-03-03"
    assert b["title"].startswith("Amid US rift with Ukraine")
    people = {e["name"] for e in b["entities"] if e["type"] == "PERSON"}
    assert {"Kier Starmer", "Donald Trump", "Trevor Taylor"} <= people
    assert all(q["kind"] in ("full", "partial") for q in b["quotes"])


def test_export_refuses_sources_and_docs(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    for target in ("sources", "docs/generated"):
        result = CliRunner().invoke(main, ["export", target])
        assert result.exit_code == 1
        assert "refusing to write into" in result.output


def test_export_refuses_its_own_sources_folder(tmp_path: Path) -> None:
    _write(tmp_path / "src", {"good.md": GOOD})
    args = ["export", str(tmp_path / "src" / "out"), "--sources", str(tmp_path / "src")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and "refusing to write into" in result.output
    assert not (tmp_path / "src" / "out").exists()


def test_main_is_a_click_group() -> None:
    assert isinstance(main, click.Group)
    assert set(main.commands) == {"inspect", "check", "new", "export", "annotate"}


@pytest.mark.parametrize(
    ("tty", "total", "bar"), [(True, 10, True), (True, 3, False), (False, 50, False)]
)
def test_progress_bar_only_for_a_person_with_enough_work(tty: bool, total: int, bar: bool) -> None:
    from briefgen.progress import Progress

    progress = Progress(force=tty)
    progress.start(total)
    assert (progress._bar is not None) is bar
    progress.advance(total)
    progress.close()
    assert progress._bar is None
