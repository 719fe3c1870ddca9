"""Text cleaning shared by all readers: Unicode form, invisible characters, whitespace, symbol
runs, and which link addresses a source may keep.

Offsets into ``Article.text`` must mean the same thing for every reader, so every reader
cleans through these functions and no other.
"""

from __future__ import annotations

import re
import unicodedata

from briefgen.mdsafe import code_span as _code_span
from briefgen.model import Segment

#: Invisible characters scrapers and CMSs leave in text; they split words for the tokenizer.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)

_SPACE_RUN = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """NFC, no zero-width characters, every whitespace run one space, trimmed.

    Typographic quotes and dashes are kept as they are: the quotes module relies on them.
    """
    return _collapse(text).strip()


#: C0/C1 control characters other than whitespace: never text, and they make the RSS feed
#: invalid XML and the generated front matter invalid YAML.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

#: Longest run of punctuation and symbols kept in article text.  spaCy's tokenizer splits such
#: a run one character at a time, rescanning the rest each time: 5,000 characters of ``.,``
#: take 7 s, 80 KB take minutes.  No article in the evaluation corpora has a run of even 8,
#: so cutting longer runs changes nothing a reader would miss.
MAX_SYMBOL_RUN = 20

#: A character that is neither a letter, a digit nor whitespace (the underscore counts as a
#: symbol here although ``\w`` matches it: ``*_*_*_`` is as slow as ``.,.,.,``).
_SYMBOL = re.compile(r"[^\w\s]|_")

_SYMBOL_RUN = re.compile(rf"(?:[^\w\s]|_){{{MAX_SYMBOL_RUN + 1},}}")


def _collapse(text: str) -> str:
    """Like :func:`clean_text` but keeps one leading/trailing space (segment boundaries)."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = _SPACE_RUN.sub(" ", _CONTROL.sub("", text))
    return _SYMBOL_RUN.sub(lambda m: m.group()[:MAX_SYMBOL_RUN], text)


def _cap_symbol_runs(segs: list[Segment]) -> list[Segment]:
    """Cut symbol runs that cross segment boundaries (``!!![!!!](x)!!!``) to
    :data:`MAX_SYMBOL_RUN`; the tokenizer sees the block's text as one string."""
    if not _SYMBOL_RUN.search("".join(s.text for s in segs)):
        return segs
    out: list[Segment] = []
    run = 0
    for seg in segs:
        if seg.kind == "markup":
            out.append(seg)
            continue
        kept = []
        for ch in seg.text:
            run = run + 1 if _SYMBOL.match(ch) else 0
            if run <= MAX_SYMBOL_RUN:
                kept.append(ch)
        text = "".join(kept)
        if text:
            raw = _code_span(text) if seg.kind == "code" and seg.raw else seg.raw
            out.append(Segment(text, seg.kind, raw))
    return out


#: URL schemes a link in a source may keep; anything else (javascript:, data:, vbscript:)
#: is reduced to its visible text.
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def _same_words(a: str, b: str) -> bool:
    return _words_key(a) == _words_key(b)


def _words_key(text: str) -> str:
    return " ".join(re.findall(r"\w+", clean_text(text).casefold()))


def _is_web_url(url: str) -> bool:
    m = _SCHEME.match(url)
    return m is not None and m.group(1).lower() in ("http", "https")


def _safe_url(url: str) -> bool:
    """http(s), mailto and relative addresses only: a source must not smuggle in script."""
    cleaned = "".join(ch for ch in url if ch > " ").strip()
    m = _SCHEME.match(cleaned)
    return m is None or m.group(1).lower() in _SAFE_SCHEMES
