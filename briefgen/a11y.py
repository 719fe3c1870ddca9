"""Small repairs to the theme's markup that accessibility checkers (axe-core) ask for.

Material draws its search overlay as ``role="dialog"`` without a name, so a screen reader
announces "dialog" and nothing more (axe: ``aria-dialog-name``).  The repair is a string
edit on the finished page: the overlay's tag is fixed, written by the theme's template.
"""

from __future__ import annotations

_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_NAMED_DIALOG = (
    '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'
)


def name_search_dialog(page_html: str) -> str:
    """Give Material's search overlay an accessible name (unchanged if the theme changed)."""
    return page_html.replace(_SEARCH_DIALOG, _NAMED_DIALOG, 1)
