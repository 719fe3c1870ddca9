"""glossary.yml: curated entries load in order; every mistake is reported as path:line: message."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.errors import SourceError
from briefgen.glossary import load_glossary
from briefgen.model import GlossaryEntry


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "glossary.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_entries_load_with_their_lines(tmp_path: Path) -> None:
    path = write(tmp_path, (
        "# curated entities\n"
        "- name: Royal United Services Institute\n"
        "  type: org\n"
        "  aliases: [RUSI]\n"
        "  description: A defence and security think tank in London.\n"
        "  url: https://example.org/rusi\n"
        "- name: Reuters\n"
        "  ignore: true\n"
        "- name: Acme Widget\n"
        "  type: PRODUCT\n"
        "  aliases: Widget\n"
    ))
    assert load_glossary(path) == (
        GlossaryEntry(name="Royal United Services Institute", type="ORG", aliases=("RUSI",),
                      description="A defence and security think tank in London.",
                      url="https://example.org/rusi", line=2),
        GlossaryEntry(name="Reuters", ignore=True, line=7),
        GlossaryEntry(name="Acme Widget", type="PRODUCT", aliases=("Widget",), line=9),
    )


@pytest.mark.parametrize("text", ["", "# nothing yet\n", "---\n"])
def test_empty_file_is_an_empty_glossary(tmp_path: Path, text: str) -> None:
    assert load_glossary(write(tmp_path, text)) == ()


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("- name: NATO\n  typ: ORG\n", 2,
         "unknown key 'typ'; allowed keys: name, type, aliases, description, url, ignore"),
        ("- name: NATO\n  type: ORG\n- name: Kyiv\n  type: CITY\n", 4,
         "unknown type 'CITY'; allowed types: PERSON, ORG, GPE, LOC, FAC, NORP, EVENT, "
         "PRODUCT, WORK_OF_ART, LAW, LANGUAGE"),
        ("- type: ORG\n  aliases: [UN]\n", 1, "entry has no `name`"),
        ("name: NATO\ntype: ORG\n", 1,
         "expected a list of entries (`- name: ...`), found a mapping"),
        ("- NATO\n", 1, "each entry must be a mapping with a name, found a scalar ('NATO')"),
        ("- name: NATO\n  aliases: {short: N}\n", 2,
         "`aliases` must be a list of names, found a mapping"),
        ("- name: NATO\n  aliases: [OTAN, '']\n", 2, "each alias must be a non-empty name"),
        ("- name: NATO\n  ignore: maybe\n", 2, "`ignore` must be true or false, found 'maybe'"),
        ("- name: NATO\n  name: OTAN\n", 2, "key 'name' given twice in one entry"),
        ("- name: [NATO]\n", 1, "`name` must be a single value, found a list"),
        ("- name: NATO\n\n- name: Nato\n", 3,
         "'Nato' is already listed at line 1; each name or alias may appear once"),
        ("- name: NATO\n  aliases: [OTAN\n", 3, "invalid YAML"),
        ("- name: NATO\n  url: javascript:alert(1)\n", 2,
         "`url` must start with http:// or https://, found 'javascript:alert(1)'"),
    ],
)
def test_mistakes_name_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SourceError) as info:
        load_glossary(path)
    assert info.value.path == str(path)
    assert info.value.line == line
    assert info.value.message.startswith(message)
    assert str(info.value).startswith(f"{path}:{line}: {message}")


def test_missing_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot read glossary"):
        load_glossary(tmp_path / "absent.yml")


def test_multi_line_values_become_one_line(tmp_path: Path) -> None:
    text = "- name: NATO\n  description: |\n    An alliance.\n    # Not a heading\n"
    path = write(tmp_path, text)
    (entry,) = load_glossary(path)
    assert entry.description == "An alliance. # Not a heading"
