"""Repairs that need more than one span: names cut, run together or mistyped by context.

"Ursula von der" + "Leyen", "told Valdes Chile had", "the Defence, Industries and Society
Programme", "Leeds, York and Varnby-on-Sea", "Ohio Gazette" typed as a person, and headline
spans whose edges the model guessed.  Each rule reads the whole document's candidates.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING

from briefgen.entities.candidates import _Cand
from briefgen.entities.cluster import (
    DESCRIBED_AS_PERSON,
    LEGAL_FORMS,
    NOT_PERSONAL,
    _personal_use,
)
from briefgen.entities.gazetteer import (
    _big_place,
    _country,
    _given_names,
    _known_place,
    lookup_place,
)
from briefgen.entities.lexicon import (
    CITY_NAMES_ITSELF,
    NAME_ENDINGS,
    ORG_HEAD_NOUNS,
    PLACE_TYPES,
)
from briefgen.entities.names import fold, name_particles
from briefgen.entities.roles import _premodifier_role
from briefgen.entities.spans import _dictionary_words, _hyphen_joined

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


def _join_particle_names(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Finish a personal name the model cut after its particles.

    "Ursula von der" + "Leyen": the model often stops a PERSON span at "von der" and tags the
    rest as something else.  A person's span that ends in lowercase particles, or is followed
    by them, runs on through the capitalised words after them ("von der Leyen", "da Silva");
    whatever the model made of those words is dropped.
    """
    particles = name_particles()
    out: list[_Cand] = []
    for c in cands:
        if c.label != "PERSON" or c.tok_end <= c.tok_start:
            out.append(c)
            continue
        end = c.tok_end
        while end > c.tok_start + 1 and doc[end - 1].text in particles:
            end -= 1
        j = end
        while j < len(doc) and doc[j].text in particles and doc[j].whitespace_:
            j += 1
        k = j
        if j > end:
            while k < len(doc) and k - j < 2 and doc[k].text[:1].isupper() and doc[k].is_alpha \
                    and doc[k - 1].whitespace_:
                k += 1
        if k > j or end < c.tok_end:
            # Overlapping spans ("Leyen" as a place) give way in _resolve_overlaps.
            span = doc[c.tok_start:k if k > j else end]
            c = _Cand(span.start_char, span.end_char, span.text, "PERSON", span.start, span.end,
                      roles=c.roles)
        out.append(c)
    return out


def _split_run_on_country(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """"The bankers told Valdes Chile had to act": a surname run into the next clause's subject.

    A person's (or, as the model often has it, a body's) span whose last word is a country,
    and whose words before it are the surname of a person named in full elsewhere in the
    document, is that surname and the country.
    """
    surnames = {fold(c.text.split()[-1]) for c in cands
                if c.label == "PERSON" and len(c.text.split()) >= 2}
    out: list[_Cand] = []
    for c in cands:
        if c.label in ("PERSON", "ORG") and c.tok_end - c.tok_start >= 2 and c.tok_start >= 0:
            last = doc[c.tok_end - 1]
            head = doc[c.tok_start:c.tok_end - 1]
            if _country(last.text) is not None and fold(head.text) in surnames:
                out.append(_Cand(head.start_char, head.end_char, head.text, "PERSON",
                                 head.start, head.end, roles=c.roles))
                out.append(_Cand(last.idx, last.idx + len(last.text), last.text, "GPE",
                                 last.i, last.i + 1))
                continue
        out.append(c)
    return out


def _place_named_bodies(doc: Doc, cands: list[_Cand]) -> None:
    """"Ohio Gazette", "Acme Berlin": a "person" whose name is a place plus a word is a body.

    Outlets, programmes, firms and regional branches are often named after a place, and the
    small model tags many of them PERSON.  A two- or three-word PERSON span becomes ORG when
    the document itself supplies the evidence, and nothing says it is a person:

    * its first word is a place the document names on its own as a place ("... in Ohio");
    * or its last word is such a place and its first word opens an organisation's name in
      the same document ("Acme Corp" beside "Acme Berlin").

    People keep their type: with the place first, the rest used alone elsewhere ("Brown
    said", "the Hales") or half the mentions standing where a person does ("Georgia Brown
    said"); and in either shape a title, a pre-modifier role ("singer Georgia Brown") or a
    description as a person (", who", an appositive).  Only big places count (see
    ``CITY_NAMES_ITSELF``): smaller towns are named like people ("George", "Nigel").
    """
    # Places the document names on their own: typed a place, or a country or big city
    # whatever the model made of it ("Malawi lost 3,000 jobs" tagged PERSON).
    # A mention standing where a person does ("Victoria's career") is no evidence of a place.
    places = {fold(c.text) for c in cands
              if (c.label in PLACE_TYPES or len(c.text.split()) == 1 and _big_place(c.text))
              and _personal_use(doc, c) == NOT_PERSONAL}
    org_heads = {fold(c.text.split()[0]) for c in cands
                 if c.label == "ORG" and len(c.text.split()) >= 2}
    # Words used alone, a family's plural among them ("the Hales" is Hale's family).
    alone: dict[str, str | None] = {}
    for c in cands:
        if len(c.text.split()) == 1:
            alone[fold(c.text)] = c.label
            if c.text.endswith("s"):
                alone.setdefault(fold(c.text[:-1]), c.label)
    by_form: dict[str, list[_Cand]] = defaultdict(list)
    for c in cands:
        by_form[fold(c.text)].append(c)

    def is_place(word: str) -> bool:
        return word[:1].isupper() and fold(word) in places \
            and _big_place(word, CITY_NAMES_ITSELF)

    def person_like(mentions: list[_Cand], strict: bool) -> bool:
        # An outlet "says" and "reports" as a person does: with an organisation's name for
        # evidence, only a description as a person ("..., who") keeps it one; otherwise half
        # its mentions standing where a person does ("Georgia Mendez said") is enough.
        uses = [_personal_use(doc, c) for c in mentions]
        return any(c.roles or _premodifier_role(doc, c) is not None for c in mentions) \
            or DESCRIBED_AS_PERSON in uses \
            or strict and 2 * sum(u != NOT_PERSONAL for u in uses) >= len(uses)

    for c in cands:
        words = c.text.split()
        if c.label != "PERSON" or not 2 <= len(words) <= 3 or c.tok_start < 0 \
                or not all(w[:1].isupper() for w in words):
            continue
        first, last = fold(words[0]), fold(words[-1])
        # The place closes the name, after a word that opens an organisation's name; or
        # the place opens it, and the rest is never used alone (as a surname would be).
        tail_form = is_place(words[-1]) and first in org_heads and alone.get(first) != "PERSON"
        if not (tail_form or is_place(words[0]) and last not in alone):
            continue
        same = by_form[fold(c.text)]
        if person_like([m for m in same if m.label is not None], not tail_form):
            continue
        for m in same:
            if m.label == "PERSON":
                m.label = "ORG"


def _join_list_names(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Re-join an organisation name that is itself a list.

    "the Defence, Industries and Society Programme": the model keeps the comma inside one span
    ("Defence, Industries") and tags the rest separately. A span with an inner comma that is
    followed by "and"/"&" and more capitalised words is one name; a comma *between* spans
    ("Google, Apple and Amazon") is never joined.
    """
    by_start = {c.tok_start: c for c in cands}
    out: list[_Cand] = []
    skip: set[int] = set()
    for c in cands:
        if id(c) in skip:
            continue
        span_text = doc[c.tok_start:c.tok_end].text
        if c.label == "ORG" and "," in span_text and c.tok_end < len(doc) \
                and doc[c.tok_end].lower_ in ("and", "&"):
            end = c.tok_end + 1
            while end < len(doc):
                if doc[end].text[:1].isupper() and not doc[end].is_punct:
                    end += 1
                    continue
                # A hyphened name is one word ("and Stockwell-on-Sea"), not a name and a dash.
                wider = _hyphen_joined(doc, c.tok_start, end)[1]
                if wider == end:
                    break
                end = wider
            if end > c.tok_end + 1:
                nxt = by_start.get(c.tok_end + 1)
                if nxt is not None:
                    skip.add(id(nxt))
                    end = max(end, nxt.tok_end)
                span = doc[c.tok_start:end]
                c = _Cand(span.start_char, span.end_char, span.text, "ORG", c.tok_start, end)
        out.append(c)
    return out


#: A line longer than this is a sentence, never a headline.
HEADLINE_MAX_WORDS = 25


#: A line is a headline when this share of its longer words is capitalised.
HEADLINE_CAPITALISED = 0.75


def _headline_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of lines in title case or capitals (headlines, teasers, datelines).

    There every word is capitalised, so the model's span edges are guesses: "Donald Trump
    Tweets ..." comes back as one PERSON.
    """
    out, pos = [], 0
    for line in text.split("\n"):
        words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) > 3]
        # A headline is short: a long sentence that is mostly names ("... including French
        # President Emmanuel Macron, Italian Prime Minister ...") is body text.
        if len(line.split()) > HEADLINE_MAX_WORDS:
            words = []
        if len(words) >= 3 and sum(w[0].isupper() for w in words) >= \
                HEADLINE_CAPITALISED * len(words):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _trim_headline_spans(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Cut a headline span down to the longest name the body uses inside it.

    "Donald Trump Rampages to ..." -> "Donald Trump" when the body names Donald Trump; spans
    holding no name from the body are left as the model gave them.
    """
    ranges = _headline_ranges(doc.text)

    def in_headline(c: _Cand) -> bool:
        return any(s <= c.start < e for s, e in ranges)

    body = [c for c in cands if not in_headline(c) and len(c.text) > 2]
    known_set = {c.text for c in body}
    person_forms = {c.text for c in body if c.label == "PERSON"}
    for c in body:  # "Donald J. Trump" in the body also vouches for "Donald Trump"
        words = c.text.split()
        if c.label == "PERSON" and len(words) > 2:
            known_set.add(f"{words[0]} {words[-1]}")
            person_forms.add(f"{words[0]} {words[-1]}")
    known = sorted(known_set, key=lambda f: (-len(f), f))
    persons = [f for f in known if len(f.split()) == 2 and f in person_forms]
    # Names a person goes by in the body: full forms and their surnames ("Obama").
    person_words = person_forms | {f.split()[-1] for f in person_forms}
    # A headline names people by surname ("Okafor Wades In") more often than the body does.
    headline_forms = sorted(known_set | {w for w in person_words if len(w) > 2},
                            key=lambda f: (-len(f), f))
    others: dict[str, str] = {}
    for c in body:
        if c.label and c.label != "PERSON":
            others.setdefault(c.text, c.label)
    out = []
    for c in cands:
        words = c.text.split()
        if c.label == "PERSON" and len(words) >= 2:
            # "the Obama White House", "Cruz's Iowa": a person's name used as a modifier of a
            # known place or body; the span is the place or body.  A single-word place needs
            # the possessive to be sure.
            for n in range(len(words) - 1, 0, -1):
                head, tail = words[:n], " ".join(words[n:])
                name = re.sub(r"['’]s?$", "", " ".join(head))
                if n == len(words) - 1 and name == " ".join(head):
                    continue
                if tail in others and name in person_words - {c.text}:
                    off = len(c.text) - len(tail)
                    span = doc.char_span(c.start + off, c.end)
                    if span is not None:
                        c = _Cand(span.start_char, span.end_char, span.text, others[tail],
                                  span.start, span.end)
                    break
        if c.label == "PERSON" and len(words) >= 3 and not in_headline(c):
            # "Cape Breton If Donald Trump Wins": a quoted title run into a known full name.
            for form in persons:
                if c.text.startswith(form + " ") or c.text.endswith(" " + form):
                    off = c.text.index(form) if c.text.startswith(form) else \
                        len(c.text) - len(form)
                    span = doc.char_span(c.start + off, c.start + off + len(form))
                    if span is not None:
                        c = _Cand(span.start_char, span.end_char, span.text, c.label,
                                  span.start, span.end, roles=list(c.roles))
                    break
        # A span ending in a name's own ending ("... National Committee") is a whole name,
        # not a known name with headline words run on.
        whole_name = bool(words) and fold(words[-1]) in NAME_ENDINGS
        if in_headline(c) and c.text not in known and not whole_name:
            for form in headline_forms:
                m = re.search(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", c.text)
                if m is None:
                    continue
                span = doc.char_span(c.start + m.start(), c.start + m.end())
                if span is not None:
                    c = _Cand(span.start_char, span.end_char, span.text, c.label, span.start,
                              span.end, roles=list(c.roles))
                    break
        out.append(c)
    return out


#: Capitalised articles that make the words after them a common noun phrase in a headline
#: ("When A Stranger Calls", "A Two-Hour Wait").
_HEADLINE_ARTICLES = frozenset({"a", "an"})


def _drop_headline_phrases(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Drop title-line spans that are ordinary words the body never uses as a name.

    A title-case headline capitalises every word, so the model calls verbs and nouns names
    ("Senator Hears About ...", "When A Stranger Calls").  A span of the headline is dropped
    when the body never writes it capitalised and either an indefinite article stands before
    it or every word of it is in the pipeline's word list (and it is no place, nor a given name
    and more).  A
    name the headline shares with the body ("White House") and names that are no common
    words ("Okafor Hears") are kept.
    """
    # Only the title line: a paragraph of one sentence that is mostly names ("He met Federal
    # Reserve Board Chairman ...") also looks like a headline, but its words are names.
    ranges = _headline_ranges(doc.text)[:1]
    first = len(doc.text) - len(doc.text.lstrip())
    if not ranges or ranges[0][0] != first:
        return cands
    start, end = ranges[0]
    body_text = doc.text[:start] + "\n" + doc.text[end:]
    if not body_text.strip():  # a text of one line has no body to compare with
        return cands
    listed = _dictionary_words(doc)

    def in_body(form: str) -> bool:
        pattern = r"(?<![\w-])" + re.escape(form) + r"(?![\w-])"
        return any(m.group()[:1].isupper()
                   for m in re.finditer(pattern, body_text, flags=re.IGNORECASE))

    def common(c: _Cand) -> bool:
        toks = [t for t in doc[c.tok_start:c.tok_end] if t.is_alpha]
        if c.tok_start > 0 and doc[c.tok_start - 1].lower_ in _HEADLINE_ARTICLES:
            return True
        # A given name opening two or more words is a person's full name ("Will Smith").
        full_name = len(toks) >= 2 and fold(toks[0].text) in _given_names()
        return bool(toks) and not _known_place(c.text) and not full_name \
            and all(listed(t) for t in toks)

    return [c for c in cands
            if not (c.tok_start >= 0 and any(s <= c.start < e for s, e in ranges)
                    and not in_body(c.text) and common(c))]


def _names_listed(doc: Doc, c: _Cand, parts: list[Span]) -> bool:
    """"Napster, Musicmatch" typed as one body: names between commas, each holding a word no
    dictionary holds, are a list of bodies.  A name that is itself a list is made of words
    ("the Defence, Industries and Society Programme") or ends in a firm's legal form or a
    body's head noun ("Harlowe, Penrose and Co"), or goes on after the span with "and"/"&"
    (rejoined before this runs); those stay one."""
    if len(parts) < 2 or "," not in c.text or any(t.lower_ in ("and", "&") for t in
                                                  doc[c.tok_start:c.tok_end]):
        return False
    if c.tok_end < len(doc) and doc[c.tok_end].text == "&":
        return False
    listed = _dictionary_words(doc)
    last = fold(parts[-1][-1].text)
    if last in LEGAL_FORMS or last in ORG_HEAD_NOUNS:
        return False
    return all(p[0].text[:1].isupper() and len(p) <= 3 and p.text.replace(" ", "").isalnum()
               and any(not listed(t) for t in p) for p in parts)


def _split_place_lists(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """"Leeds, York and Varnby-on-Sea" is three places, not one body.

    A span whose parts between commas and "and" are short capitalised names, at least half
    of them places a gazetteer knows, is split into them (a country named as a list, "Bosnia
    and Herzegovina", is known whole and stays); "Grand Palace in Bangkok" is the site and
    the known place after "in".  Firms' lists ("Harlowe, Penrose and Co") name no places.
    """
    out: list[_Cand] = []
    for c in cands:
        if c.tok_start < 0 or c.label not in PLACE_TYPES | {"ORG"} or _known_place(c.text):
            out.append(c)
            continue
        toks = doc[c.tok_start:c.tok_end]
        parts: list[tuple[int, int]] = []
        begin = c.tok_start
        for t in toks:
            if t.text in (",", "and", "&"):
                parts.append((begin, t.i))
                begin = t.i + 1
        parts.append((begin, c.tok_end))
        parts = [(a, b) for a, b in parts if b > a]
        named = [doc[a:b] for a, b in parts]
        # Words as a reader counts them: "Varnby-on-Sea" is one, not five tokens.
        if len(parts) >= 2 and all(p[0].text[:1].isupper() and len(p.text.split()) <= 4
                                   for p in named) \
                and 2 * sum(_known_place(p.text) for p in named) >= len(named):
            for p in named:
                place = lookup_place(p.text)
                out.append(_Cand(p.start_char, p.end_char, p.text,
                                 place.type if place else "GPE", p.start, p.end))
            continue
        if c.label == "ORG" and _names_listed(doc, c, named):
            for p in named:
                out.append(_Cand(p.start_char, p.end_char, p.text, "ORG", p.start, p.end))
            continue
        at = [t.i for t in toks if t.lower_ == "in" and t.i > c.tok_start]
        if at and c.tok_end - at[-1] > 1 and _known_place(doc[at[-1] + 1:c.tok_end].text):
            head, tail = doc[c.tok_start:at[-1]], doc[at[-1] + 1:c.tok_end]
            place = lookup_place(tail.text)
            out.append(_Cand(head.start_char, head.end_char, head.text, c.label,
                             head.start, head.end))
            out.append(_Cand(tail.start_char, tail.end_char, tail.text,
                             place.type if place else "GPE", tail.start, tail.end))
            continue
        out.append(c)
    return out
