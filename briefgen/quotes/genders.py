"""Gender evidence for the people of one article, so a pronoun finds a speaker who can be it.

"She said" must never go to a man when a woman is named nearby.  The evidence, strongest
first, all of it general (no list names a person):

1. an honorific right before a mention ("Mrs. Cole", "Mr. Baker"), from nameparser's own
   title list where it has them;
2. a gendered role word in the entity's role or right before a mention ("spokeswoman Ann
   Cole", "actress Jo Lee", "the congressman");
3. the given name, by gender-guesser's bundled name list, where the list is sure ("male" or
   "female"; its "mostly_", "andy" and "unknown" answers are no evidence).

Conflicting evidence is no evidence: the person stays compatible with every pronoun.  Pure
text in, a dict out: no spaCy objects, so the rules are easy to test on their own.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from briefgen.model import Entity, Mention

MALE = "m"
FEMALE = "f"

#: Honorifics that say which a person is.  Ranks and offices ("Sen.", "Gov.") do not.
HONORIFICS: dict[str, str] = {
    "mr": MALE, "mister": MALE, "sir": MALE, "lord": MALE,
    "mrs": FEMALE, "ms": FEMALE, "miss": FEMALE, "madam": FEMALE, "madame": FEMALE,
    "dame": FEMALE, "lady": FEMALE,
}

def _words(spaced: str) -> list[str]:
    """A word table written as running text, so long lists stay readable."""
    return spaced.split()


#: Role words that carry a gender ("spokeswoman", "actress", "his wife").
ROLE_WORDS: dict[str, str] = {
    **dict.fromkeys(
        _words("""spokesman congressman chairman businessman husband father son brother king prince
        actor boyfriend uncle nephew grandfather grandson councilman assemblyman alderman
        anchorman sportsman statesman nobleman widower"""), MALE),
    **dict.fromkeys(
        _words("""spokeswoman congresswoman chairwoman businesswoman wife mother daughter sister
        queen princess actress girlfriend aunt niece grandmother granddaughter councilwoman
        assemblywoman alderwoman anchorwoman sportswoman stateswoman noblewoman widow
        waitress"""), FEMALE),
}

#: Pronouns (and role nouns used like them) that need a male or a female antecedent.
PRONOUN_GENDER: dict[str, str] = {
    "he": MALE, "him": MALE, "his": MALE, "himself": MALE,
    "she": FEMALE, "her": FEMALE, "hers": FEMALE, "herself": FEMALE,
    **ROLE_WORDS,
}

#: How many characters before a mention an honorific or role word may stand.
LEAD_CHARS = 40

_WORD = re.compile(r"[A-Za-z]+")


@functools.cache
def _detector():
    """gender-guesser's detector, built once (it reads its name list from disk)."""
    try:
        from gender_guesser.detector import Detector
    except ImportError:  # declared as a dependency; without it there is just less evidence
        return None
    return Detector(case_sensitive=False)


@functools.cache
def given_name_gender(name: str) -> str | None:
    """MALE or FEMALE when the bundled list is sure of ``name`` as a given name, else None."""
    det = _detector()
    if det is None or not name.isalpha() or len(name) < 2:
        return None
    guess = det.get_gender(name)
    return {"male": MALE, "female": FEMALE}.get(guess)


def _lead_evidence(text: str, start: int) -> str | None:
    """Gender said by the last honorific or role word just before a mention."""
    words = _WORD.findall(text[max(0, start - LEAD_CHARS) : start])
    for word in reversed(words[-3:]):
        low = word.lower()
        if low in HONORIFICS:
            return HONORIFICS[low]
        if low in ROLE_WORDS:
            return ROLE_WORDS[low]
    return None


def entity_genders(
    text: str, mentions: Sequence[Mention], entities: Sequence[Entity]
) -> dict[str, str]:
    """Entity key -> MALE or FEMALE for the PERSON entities the text gives evidence for."""
    people = {e.key: e for e in entities if e.type == "PERSON"}
    votes: dict[str, set[str]] = {k: set() for k in people}
    for m in mentions:
        if m.entity in votes:
            said = _lead_evidence(text, m.start)
            if said:
                votes[m.entity].add(said)
    out: dict[str, str] = {}
    for key, ent in people.items():
        found = votes[key]
        for word in _WORD.findall(ent.role or "")[:4]:
            if word.lower() in ROLE_WORDS:
                found.add(ROLE_WORDS[word.lower()])
        for form in (ent.name, *ent.aliases):
            words = [w for w in form.split() if w.strip(".").lower() not in HONORIFICS]
            if len(words) >= 2:
                # Only a full name has a given name; a lone "Jordan" is a surname as often.
                # Counted beside the role words, so "spokesman Hope Lee" (the paper's word
                # for a woman) cancels out instead of making her a man.
                guess = given_name_gender(words[0])
                if guess:
                    found.add(guess)
        if len(found) == 1:
            out[key] = found.pop()
    return out


def namesakes(entities: Sequence[Entity]) -> dict[str, tuple[str, ...]]:
    """PERSON key -> the other PERSON keys of the text that share its surname (last word).

    A bare surname is merged into one of the people who bear it; when the pronoun that
    follows says it was the other one ("Clinton ... she" with both Clintons named), the
    namesake of the right gender is the antecedent."""
    by_surname: dict[str, list[str]] = {}
    for e in entities:
        if e.type == "PERSON" and len(e.name.split()) >= 2:
            by_surname.setdefault(e.name.split()[-1].lower(), []).append(e.key)
    out: dict[str, tuple[str, ...]] = {}
    for keys in by_surname.values():
        for k in keys:
            others = tuple(sorted(o for o in keys if o != k))
            if others:
                out[k] = others
    return out


def compatible(pronoun: str, gender: str | None) -> bool:
    """Whether a person of ``gender`` (None: unknown) can be the antecedent of ``pronoun``."""
    need = PRONOUN_GENDER.get(pronoun.lower())
    return need is None or gender is None or need == gender
