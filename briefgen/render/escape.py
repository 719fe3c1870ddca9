"""Source text made inert: every string that came from an article passes through here.

Python-Markdown reads syntax in three places a source string can land: running text
(:func:`md_escape`), the start of a line (:func:`_block_safe`) and attribute values and link
titles (:func:`_attr`, :func:`_title_attr`).  Each gets the escaping its place needs, so no
raw HTML, script or Markdown syntax in a source becomes live on a page.
"""

from __future__ import annotations

import html
import re

#: Characters Python-Markdown treats as syntax anywhere in a line; escaped with a backslash.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]{}!])")
#: Line starts that would turn a paragraph into a heading, list, quote or rule.
_BLOCK_START = re.compile(r"^(#|>|[-+]|\d+[.)])")
#: Line starts that Markdown extensions read as blocks: collapsible ``???``, tabs ``===``,
#: blocks ``///``, fences ``~~~``, math ``$$``, definitions and autodoc ``:``.  Python-Markdown
#: keeps a backslash before characters it does not escape, so the first character becomes a
#: character reference instead (``!!!`` needs nothing: :func:`md_escape` escapes ``!``).
_EXTENSION_START = re.compile(r"^(?:\?{3}|={3}|/{3}|~{3}|\${2}|:)")


def md_escape(text: str) -> str:
    """Make source text inert: HTML escaped, Markdown syntax backslash-escaped."""
    text = html.escape(text, quote=False)
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def _block_safe(line: str) -> str:
    """Escape a leading character that Markdown would read as block syntax."""
    if _EXTENSION_START.match(line):
        return f"&#{ord(line[0])};{line[1:]}"
    m = _BLOCK_START.match(line)
    if m:
        return line[: m.end() - 1] + "\\" + line[m.end() - 1 :]
    return line


#: Markdown runs its inline patterns (links, code, emphasis) before it protects raw HTML, so
#: an attribute value must not contain their syntax either: it becomes character references.
_ATTR_MARKDOWN = str.maketrans({c: f"&#{ord(c)};" for c in "`[]*_\\{}"})


def _attr(text: str) -> str:
    """An HTML attribute value that neither HTML nor Markdown can break out of."""
    return html.escape(text, quote=True).translate(_ATTR_MARKDOWN)


def _attr_line(text: str) -> str:
    """:func:`_attr` on one line: attr_list reads its ``{: ... }`` from a single line."""
    return _attr(" ".join(text.split()))


#: Characters that end a Markdown link title early (``"``) or make Python-Markdown misread
#: where the destination stops (quotes and parentheses: ``Acme('')Ltd`` broke the link).
_TITLE_REFS = str.maketrans({'"': "&quot;", "'": "&#39;", "(": "&#40;", ")": "&#41;"})


def _title_attr(text: str) -> str:
    """A Markdown link title that cannot end early or break the link around it."""
    return md_escape(text).translate(_TITLE_REFS)
