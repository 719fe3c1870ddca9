"""URL slugs: stable, lowercase ASCII, so page addresses survive rebuilds."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from slugify import slugify as _transliterated

_NON_WORD = re.compile(r"[^a-z0-9]+")
#: Apostrophes join the letters around them ("NATO’s" -> "natos"), as they always have.
_APOSTROPHES = str.maketrans("", "", "'\u2019")


@functools.lru_cache(maxsize=1 << 17)
def slugify(text: str, *, max_len: int = 80) -> str:
    """``"Kier Starmer's plan — UK"`` -> ``"kier-starmers-plan-uk"``; never empty.

    Letters of every script are spelled in ASCII by python-slugify ("Łukasz" -> "lukasz",
    "Søren" -> "soren", "Москва" -> "moskva"): dropping them gave wrong or colliding URLs.
    Everything else keeps the rules slugs were made by before, so no ASCII name's address
    moves, and a name only moves where a letter used to be lost: a symbol or punctuation mark
    outside ASCII is still dropped, never spelled out ("€800bn" stays "800bn", not "eur800bn"),
    and a slug too long is still cut at a word boundary below ``max_len``.
    """
    # NFKD first, as before: compatibility forms ("ﬁ", a no-break space) become plain ones.
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    words = "".join(_letters_or_space(c) for c in decomposed)
    # The backend is named: python-slugify would otherwise prefer Unidecode when some other
    # package installs it, and a few letters are spelled differently there.
    ascii_text = _transliterated(
        words, entities=False, decimal=False, hexadecimal=False, backend="text-unidecode"
    )
    slug = _NON_WORD.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rsplit("-", 1)[0] or slug[:max_len]
    return slug or "untitled"


def _letters_or_space(char: str) -> str:
    """What of ``char`` goes to transliteration: letters, digits and accents of any script.

    ASCII punctuation and any space become a space (a word boundary, as before); other symbols
    and punctuation are dropped as they always were.  python-slugify would otherwise spell
    them as words ("€" as "EUR") or join digits across a comma ("1,000" as "1000"), moving
    ASCII slugs.
    """
    if char.isascii():
        return char if char.isalnum() else " "
    kind = unicodedata.category(char)[0]
    return char if kind in "LNM" else " " if kind == "Z" else ""


def unique_slug(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` ... whichever is free; records it in ``taken``."""
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    taken.add(slug)
    return slug


@dataclass(frozen=True)
class SlugClaim:
    """One source asking for a briefing slug."""

    source: str
    """The source's path as shown to users (relative to the project): unique per source."""
    slug: str
    """The slug it asks for (from its title, or its front-matter ``slug``)."""
    date: str | None = None


def settle_slugs(claims: Sequence[SlugClaim], reserved: Iterable[str] = ()) -> list[str]:
    """Final slugs for ``claims``, in their order, such that adding a source does not move
    the others.

    A slug wanted by one source is that source's.  When several want it, the one with the
    earliest date keeps it (dated before undated, then by path); every other one gets
    ``<slug>-<6 hex digits of the SHA-256 of its path>``.  The suffix depends on nothing but the
    source's own path, so it is the same in every build whatever else is added; the order of
    arrival (which no build can know) plays no part.  The plain slug can still move in one
    case: a new source asking for it with an earlier date (or the same date and a path that
    sorts first).  Slugs in ``reserved`` (index pages) are never given out plain.
    """
    reserved = frozenset(reserved)
    holders: dict[str, int] = {}
    for i, claim in enumerate(claims):
        if claim.slug in reserved:
            continue
        other = holders.get(claim.slug)
        if other is None or _seniority(claim) < _seniority(claims[other]):
            holders[claim.slug] = i
    out = [claims[i].slug if holders.get(claims[i].slug) == i else "" for i in range(len(claims))]
    taken = set(reserved) | {s for s in out if s}
    for i, claim in enumerate(claims):
        if out[i]:
            continue
        digest = hashlib.sha256(claim.source.encode("utf-8")).hexdigest()
        # Six hex digits tell ~16 million paths apart; a longer suffix only when even that
        # collides, so the rule stays a function of the path.
        for size in (6, 10, 16, 64):
            candidate = f"{claim.slug}-{digest[:size]}"
            if candidate not in taken:
                break
        out[i] = candidate
        taken.add(candidate)
    return out


def _seniority(claim: SlugClaim) -> tuple[int, str, str]:
    """Sort key of who keeps a contested slug: earliest date, dated first, then path."""
    return (0 if claim.date else 1, claim.date or "", claim.source)
