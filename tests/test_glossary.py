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
        # The bracket opened on line 2 is the thing to fix, not the end of the file.
        ("- name: NATO\n  aliases: [OTAN\n", 2, "invalid YAML"),
        ("- name: NATO\n  description: 'An alliance\n- name: UN\n", 2, "invalid YAML"),
        ("- &n\n  name: NATO\n- *n\n", 3, "invalid YAML: aliases (*name) are not supported"),
        ("- name: NATO\n  url: javascript:alert(1)\n", 2,
         "`url` must start with http:// or https://, found 'javascript:alert(1)'"),
    ],
)
def test_mistakes_name_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = write(tmp_path, text)
    glossary = load_glossary(path)
    (problem,) = glossary.problems
    assert problem.path == str(path)
    assert problem.line == line
    assert problem.message.startswith(message)
    assert str(problem).startswith(f"{path}:{line}: {message}")


def test_missing_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot read glossary"):
        load_glossary(tmp_path / "absent.yml")


def test_multi_line_values_become_one_line(tmp_path: Path) -> None:
    text = "- name: NATO\n  description: |\n    An alliance.\n    # Not a heading\n"
    path = write(tmp_path, text)
    (entry,) = load_glossary(path)
    assert entry.description == "An alliance. # Not a heading"


def test_bad_entry_drops_that_entry_only(tmp_path: Path) -> None:
    path = write(tmp_path, (
        "- name: Royal United Services Institute\n"
        "  type: ORG\n"
        "- name: Kyiv\n"
        "  type: CITY\n"
        "- name: RUSI\n"
        "- name: Reuters\n"
        "  ignore: true\n"
    ))
    glossary = load_glossary(path)
    assert [e.name for e in glossary] == ["Royal United Services Institute", "RUSI", "Reuters"]
    (problem,) = glossary.problems
    assert (problem.line, problem.message.split(";")[0]) == (4, "unknown type 'CITY'")
    assert problem.message.endswith("this entry is skipped")


def test_repeated_name_drops_the_later_entry(tmp_path: Path) -> None:
    glossary = load_glossary(write(tmp_path, "- name: NATO\n- name: Nato\n- name: UN\n"))
    assert [e.name for e in glossary] == ["NATO", "UN"]
    assert [p.line for p in glossary.problems] == [2]


def test_latin1_glossary_names_the_line_and_the_encoding(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yml"
    path.write_bytes("- name: NATO\n- name: Banque de France\n  description: Caf\u00e9\n"
                     .encode("latin-1"))
    glossary = load_glossary(path)
    assert tuple(glossary) == ()
    (problem,) = glossary.problems
    assert problem.line == 3
    assert "reads as 'é' in Latin-1/Windows-1252" in problem.message
    assert problem.message.endswith("the glossary is not used")


def test_utf16_glossary_is_named(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yml"
    path.write_bytes("- name: NATO\n".encode("utf-16"))
    (problem,) = load_glossary(path).problems
    assert problem.message.startswith("UTF-16 text (byte-order mark FF FE), not UTF-8")


def test_byte_order_mark_only_is_an_empty_glossary(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yml"
    path.write_bytes(b"\xef\xbb\xbf")
    glossary = load_glossary(path)
    assert (tuple(glossary), glossary.problems) == ((), ())


def test_glossary_linked_from_outside_the_project_is_not_read(tmp_path: Path) -> None:
    project, outside = tmp_path / "project", tmp_path / "outside"
    (project / "sources").mkdir(parents=True)
    outside.mkdir()
    (project / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (outside / "secret.yml").write_text("- name: Secret Person\n", encoding="utf-8")
    link = project / "sources" / "glossary.yml"
    link.symlink_to(outside / "secret.yml")
    glossary = load_glossary(link)
    assert tuple(glossary) == ()
    (problem,) = glossary.problems
    assert problem.message == (
        f"symlink to {outside / 'secret.yml'}, outside the project: refused; "
        "the glossary is not used"
    )
    # A link inside the project is read like the file itself.
    (project / "shared.yml").write_text("- name: Shared Entry\n", encoding="utf-8")
    link.unlink()
    link.symlink_to(project / "shared.yml")
    assert [e.name for e in load_glossary(link)] == ["Shared Entry"]
