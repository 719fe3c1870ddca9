"""URL slugs: stable, lowercase ASCII, so page addresses survive rebuilds."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(text: str, *, max_len: int = 80) -> str:
    """``"Kier Starmer's plan — UK"`` -> ``"kier-starmers-plan-uk"``; never empty."""
    text = text.replace("\u2019", "'")  # "NATO’s" and "NATO's" slug alike
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = ascii_text.lower().replace("'", "")
    slug = _NON_WORD.sub("-", ascii_text).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rsplit("-", 1)[0] or slug[:max_len]
    return slug or "untitled"


def unique_slug(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` ... whichever is free; records it in ``taken``."""
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    taken.add(slug)
    return slug
