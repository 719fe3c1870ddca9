"""Speaker names the entity pass missed, found again for quote attribution.

The small parser often mis-tags a bare surname that is also an English word or looks like one
("“...,” Will wrote" with *Will* as a modal, "said Skelly," with *Skelly* as an adverb), and the
entity pass then has no mention there.  Attribution needs the mention: without it the cue has
no subject and the quote goes unattributed or, worse, to the previous speaker.  The text itself
says who such a word is when exactly one person of the article bears it as a surname ("George
Will ... Will wrote"), so the word is linked to that person.

Both rules are general: no list names anybody.  Pure functions over the doc's tokens and the
entity tables, so they are easy to test on their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from briefgen.model import Entity, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Past-tense speech verbs that open a line before a name ("Stated Lee:", "Added Lee:"): an
#: entity whose name starts with one is the verb and a surname glued together by the model,
#: and it must not make that surname look shared by two people.
LEAD_VERB_FORMS = frozenset({
    "said", "stated", "added", "continued", "wrote", "asked", "replied", "answered",
    "explained", "noted", "declared", "argued", "insisted", "recalled", "concluded", "told",
    "tweeted", "posted", "responded", "countered",
})


def _name_words(entity: Entity) -> list[str]:
    words = entity.name.split()
    if words and words[0].lower() in LEAD_VERB_FORMS:
        words = words[1:]
    return words


def surname_owners(entities: Iterable[Entity]) -> dict[str, str]:
    """Surname -> PERSON entity key, for surnames exactly one person of the text bears.

    Only names of two or more words have a surname; a surname two people share says nothing
    ("Bill Clinton", "Hillary Clinton"), so it is left out."""
    owners: dict[str, set[str]] = {}
    for e in entities:
        if e.type != "PERSON":
            continue
        words = _name_words(e)
        if len(words) < 2:
            continue
        last = words[-1]
        if last.isalpha() and last[:1].isupper() and len(last) > 1:
            owners.setdefault(last, set()).add(e.key)
    return {name: next(iter(keys)) for name, keys in owners.items() if len(keys) == 1}


def bare_surnames(
    doc: Doc, mentions: Sequence[Mention], entities: Sequence[Entity]
) -> list[Mention]:
    """Mentions for the bare surnames of ``doc`` that no mention covers, linked to the one
    person who bears them.

    A capitalised word is skipped when it is glued to another capitalised word (it is then
    part of some other name: "Will Rogers", "Stone Mountain"), except after a word that starts
    a line ("Continued Stone:"), and when it opens a sentence without the parser calling it a
    proper noun ("Will they ...?")."""
    owners = surname_owners(entities)
    if not owners:
        return []
    text = doc.text
    covered = sorted((m.start, m.end) for m in mentions)
    out: list[Mention] = []
    k = 0
    for tok in doc:
        key = owners.get(tok.text)
        if key is None:
            continue
        while k < len(covered) and covered[k][1] <= tok.idx:
            k += 1
        if k < len(covered) and covered[k][0] <= tok.idx < covered[k][1]:
            continue
        if tok.is_sent_start and tok.pos_ != "PROPN":
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.is_alpha and nxt.text[:1].isupper() and not nxt.is_sent_start:
            continue
        prev = doc[tok.i - 1] if tok.i > 0 else None
        if prev is not None and prev.is_alpha and prev.text[:1].isupper():
            line_start = text[: prev.idx].rstrip(" \t").endswith("\n") or prev.idx == 0
            if not line_start:
                continue
        out.append(Mention(tok.idx, tok.idx + len(tok.text), tok.text, key))
    return out


#: A speaker label after a dash right before a quote, the layout of roundups and newsletters
#: ("... for Republican contests - Ann Lee: “...”"): one to four capitalised words.
_DASH_LABEL = re.compile(
    r"(?:^|\s)[-–—]{1,2}[ \t]*((?:[A-Z][\w.’'-]*[ \t]+){0,3}[A-Z][\w.’'-]*[a-z][\w.’'-]*)"
    r"[ \t]*:[ \t]*$"
)


def dash_label(text: str, lo: int, open_start: int) -> tuple[int, int] | None:
    """(start, end) of the name in a "- Name:" label that ends right at ``open_start``, looking
    no further back than ``lo`` (the paragraph's start).

    The name must hold a lowercase letter, so a heading in capitals ("- UPDATE:") is no
    speaker; the words before the dash are the writer's summary, never the speaker."""
    m = _DASH_LABEL.search(text[lo:open_start].rstrip())
    if m is None:
        return None
    return lo + m.start(1), lo + m.end(1)
