"""The two-layer, content-addressed annotation cache on disk.

Layer one holds the spaCy parse of a text (``parse/<key>.spacy``, ``DocBin`` bytes); its key
depends only on what the parse depends on: the text, the pipeline's name and version, spaCy's
version and briefgen's tokenizer settings.  Layer two holds briefgen's annotation
(``<key>.json``), keyed on top of the parse key by the code of the rules and the curated
glossary.  A glossary edit or a rule change therefore re-runs only the rules over cached
parses; nothing runs spaCy's models again.

Both layers are written atomically (temporary file, then ``os.replace``), so a crash, a full
disk or a killed worker never leaves a partial entry that a later run trusts.  Every entry is
derived data: the whole folder is safe to delete.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from functools import cache
from importlib import metadata
from pathlib import Path

from briefgen import nlp as nlp_mod
from briefgen.model import GlossaryEntry, to_jsonable

#: Sub-folder of the cache that holds the parse layer.
PARSE_DIR = "parse"
PARSE_SUFFIX = ".spacy"
ANNOTATION_SUFFIX = ".json"

#: Token attributes a cached parse keeps: everything the rules read (entities, sentence
#: boundaries through the dependency heads, lemmas, coarse and fine tags, morphology) and the
#: token norms the tokenizer exceptions set.  Changing the list changes the parse key.
PARSE_ATTRS = (
    "ORTH",
    "NORM",
    "TAG",
    "HEAD",
    "DEP",
    "ENT_IOB",
    "ENT_TYPE",
    "ENT_KB_ID",
    "ENT_ID",
    "LEMMA",
    "MORPH",
    "POS",
    "SENT_START",
)


#: Modules that only read finished annotations (linking, pages, MkDocs glue, the CLI): their
#: code never changes what an annotation holds.  Every other module of the package counts,
#: so a new rule module (a split-out part of the entity or quote rules) invalidates cached
#: annotations without anyone having to remember to list it.
_OUTPUT_MODULES = frozenset(
    {
        "__init__", "a11y", "archive", "cli", "config", "contract", "corpus", "facts", "graph",
        "indexes", "link", "pagememo", "pictures", "pipeline", "plugin", "progress", "publish",
        "related", "render", "samefacts", "search", "site", "stage", "threads",
    }
)


def _rule_modules() -> tuple[Path, ...]:
    """Every rule module, subpackages included (``quotes/``, ``sources/``): a rule split into a
    package must still change the key.  Judged by the top-level name (``quotes/__init__.py``
    counts, the package's own ``__init__.py`` does not)."""
    package = Path(__file__).resolve().parent
    return tuple(
        sorted(
            p
            for p in package.rglob("*.py")
            if p.relative_to(package).parts[0].removesuffix(".py") not in _OUTPUT_MODULES
        )
    )


@cache
def code_version() -> str:
    """Hash of the code that turns a parse into an annotation (and of the JSON it is stored as).

    A change to any of these modules re-runs the rules over cached parses, never the parse.
    """
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in _rule_modules():
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def glossary_digest(glossary: Sequence[GlossaryEntry]) -> str:
    """Hash of the curated glossary: it changes what the entity layer decides."""
    return hashlib.sha256(
        json.dumps(to_jsonable(list(glossary)), sort_keys=True).encode()
    ).hexdigest()[:16]


@cache
def parse_salt(pipeline_id: str) -> str:
    """The part of every parse key that does not depend on the text.

    spaCy's own version is in it because a tokenizer or ``DocBin`` change between releases
    changes the tokens even when the pipeline package does not.
    """
    try:
        spacy_version = metadata.version("spacy")
    except metadata.PackageNotFoundError:  # pragma: no cover - spaCy is a dependency
        spacy_version = "unknown"
    return "|".join(
        ("parse-v1", pipeline_id, f"spacy-{spacy_version}", nlp_mod.parse_settings(),
         ",".join(PARSE_ATTRS))
    )


def parse_key(text: str, pipeline_id: str) -> str:
    """Key of the parse layer: the text and what the parser brings to it."""
    digest = hashlib.sha256(parse_salt(pipeline_id).encode())
    digest.update(b"\0" + text.encode())
    return digest.hexdigest()


def annotation_key(parse: str, rules_salt: str, dateline: str | None) -> str:
    """Key of the annotation layer: the parse key, the rules and their one other input.

    The dateline is the only article field besides the text that the rules read; the source
    path, title and bytes are not in the key, so a renamed file or an edited title is a cache
    hit (the annotation's article is swapped for the current one).
    """
    digest = hashlib.sha256(b"annotation-v1\0" + parse.encode() + b"\0" + rules_salt.encode())
    digest.update(b"\0" + (dateline or "").encode())
    return digest.hexdigest()


def rules_salt(glossary: Sequence[GlossaryEntry]) -> str:
    """What every annotation key shares: the rules' code and the glossary."""
    return f"{code_version()}|{glossary_digest(glossary)}"


class CacheStore:
    """Reads and writes both layers under one folder; ``None`` folder means no cache at all."""

    def __init__(self, root: Path | None) -> None:
        self.root = root

    def annotation_path(self, key: str) -> Path:
        assert self.root is not None
        return self.root / f"{key}{ANNOTATION_SUFFIX}"

    def parse_path(self, key: str) -> Path:
        assert self.root is not None
        return self.root / PARSE_DIR / f"{key}{PARSE_SUFFIX}"

    def read_annotation(self, key: str) -> bytes | None:
        """The stored annotation JSON, or None when absent (or when there is no cache)."""
        return None if self.root is None else _read(self.annotation_path(key))

    def read_parse(self, key: str) -> bytes | None:
        """The stored ``DocBin`` bytes of a parse, or None; validity is checked on decoding."""
        return None if self.root is None else _read(self.parse_path(key))

    def has_parse(self, key: str) -> bool:
        """Whether a parse entry exists (its bytes are read, and checked, only when needed)."""
        return self.root is not None and self.parse_path(key).is_file()

    def write_annotation(self, key: str, payload: bytes) -> None:
        if self.root is not None:
            atomic_write(self.annotation_path(key), payload)

    def write_parse(self, key: str, payload: bytes) -> None:
        if self.root is not None:
            atomic_write(self.parse_path(key), payload)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def atomic_write(path: Path, payload: bytes) -> None:
    """Write ``payload`` so that ``path`` holds either nothing, the old bytes or all new bytes.

    The temporary file sits in the same folder (``os.replace`` is atomic only within one file
    system) and starts with a dot so no reader mistakes it for an entry.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
