"""Which candidate mentions of one article name the same entity.

Each mention starts in the cluster of its form (its folded text, or its country's code); the
merge passes of :data:`MERGE_PASSES` then join clusters, in order, each for one reason: an
acronym beside its expansion, a firm without its legal form, a surname after the full name.
The passes share one union-find whose root is the smallest key, so the result never depends
on the order of the mentions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from briefgen.entities.acronyms import _acronym_of
from briefgen.entities.candidates import _Cand
from briefgen.entities.gazetteer import _big_place, _country, _is_title, lookup_place
from briefgen.entities.lexicon import (
    _ACRONYM,
    CHAMBERS,
    CITY_NAMES_ITSELF,
    KEEPS_APART,
    PLACE_NOUNS,
    PLACE_TYPES,
)
from briefgen.entities.names import UnionFind, fold, person_name, person_parts
from briefgen.entities.spans import _appositive_noun, _dictionary_words, _followed_by_who
from briefgen.model import GlossaryEntry
from briefgen.speech import CUE_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _form_key(c: _Cand) -> str:
    """The cluster a surface form belongs to before merging: country code or folded text."""
    place = _country(c.text)
    # Two-letter codes only count when the model saw a place or body ("IT", "AM" are words).
    if place is not None and c.label not in ("NORP", "PERSON", "LANGUAGE") and (
            len(c.text.replace(".", "")) > 2 or c.label in PLACE_TYPES or c.label == "ORG"):
        return f"country:{place.country}"
    return fold(c.text)


#: How surely a mention of a place name is used as a person's name (see _personal_use).
NOT_PERSONAL, LIKE_PERSON, DESCRIBED_AS_PERSON = 0, 1, 2


def _personal_use(doc: Doc | None, c: _Cand) -> int:
    """Is this mention of a place name used as a person is ("Israel said", "Paris, who ...")?

    Asked only when a person of the same document has that surname ("Rep. Dana Israel").
    ``DESCRIBED_AS_PERSON``: the text says so itself — an honorific before it, ", who" or an
    appositive noun that is not a place's ("Washington, star of the series, ...") after it;
    that one mention is the person even if the name is a place elsewhere (a dateline).
    ``LIKE_PERSON``: it stands where a person does — the subject of a verb of speech, or
    owning something ("Victoria's career") — which countries do too ("Israel said"), so the
    caller needs every mention of the form to be such a use; one "in Israel" keeps them all
    a place.
    """
    if doc is None or c.tok_start < 0:
        return NOT_PERSONAL
    if _followed_by_who(doc, c.tok_end) \
            or _appositive_noun(doc, c.tok_end) not in (None, *PLACE_NOUNS) \
            or c.tok_start > 0 and _is_title(doc[c.tok_start - 1].text):
        return DESCRIBED_AS_PERSON
    root = doc[c.tok_start:c.tok_end].root
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in CUE_VERBS \
            or root.dep_ == "poss" and root.head.pos_ == "NOUN":
        return LIKE_PERSON
    return NOT_PERSONAL


#: Legal forms and holding words that end a firm's name ("Ltd", "N.V.", "Holdings Corp").
LEGAL_FORMS = frozenset({
    "inc", "corp", "corporation", "co", "cos", "company", "ltd", "limited", "plc", "llc", "nv",
    "sa", "ag", "gmbh", "bhd", "spa", "holdings", "group", "international",
})


def _firm_base(text: str) -> str | None:
    """A firm's name without its legal form: "Kestrova Holdings Ltd" -> "Kestrova".

    "Harlowe, Penrose and Co" is "Harlowe": a list of founders' names ending in a legal form is
    called by the first.  None when the name has no legal form or is nothing else.
    """
    words = text.split()
    cut = len(words)
    while cut > 1 and fold(words[cut - 1].strip(",.")) in LEGAL_FORMS | {"n.v", "s.a"}:
        cut -= 1
        if cut > 1 and words[cut - 1].lower() in ("and", "&"):
            cut -= 1
    if cut == len(words):
        return None
    base = " ".join(words[:cut]).rstrip(",")
    if "," in base:
        base = base.split(",")[0]
    return base or None


def _group_stem(word: str) -> str:
    """"Republicans", "Republican" -> "republican"; "Democratic", "Democrat" -> "democrat"."""
    w = fold(word)
    if w.endswith("s") and len(w) > 4:
        w = w[:-1]
    if w.endswith("ic") and len(w) > 5:
        w = w[:-2]
    return w


@dataclass
class _Clustering:
    """What every merge pass reads and the one union-find they all write."""

    cands: list[_Cand]
    glossary: Sequence[GlossaryEntry]
    doc: Doc | None
    keys: list[str]
    """Each candidate's starting cluster: its pin, else its form key."""
    uf: UnionFind = field(default_factory=UnionFind)
    assign: dict[int, str] = field(default_factory=dict)
    """Candidates sent to one of several clusters (a surname two people share)."""

    @cached_property
    def full(self) -> dict[str, tuple[str, str]]:
        """Form key -> (first, last) of every full personal name typed PERSON."""
        out: dict[str, tuple[str, str]] = {}
        for k, c in zip(self.keys, self.cands, strict=True):
            if c.label == "PERSON":
                parts = person_parts(c.text)
                if parts:
                    out[k] = parts
        return out

    @cached_property
    def token_forms(self) -> dict[str, list[str]]:
        """Form key -> words of every full personal name."""
        return {k: c.text.split() for k, c in zip(self.keys, self.cands, strict=True)
                if k in self.full}


@dataclass(frozen=True)
class MergePass:
    """One reason two clusters of a document are one entity."""

    name: str
    merge: Callable[[_Clustering], None]
    """Joins the clusters this reason covers (reads the clusters earlier passes made)."""
    reason: str


def _merge_pinned(s: _Clustering) -> None:
    for k, c in zip(s.keys, s.cands, strict=True):
        if c.pinned:
            s.uf.union(k, _form_key(c))


def _merge_glossary(s: _Clustering) -> None:
    gloss_key: dict[str, str] = {}
    for g in s.glossary:
        root = "glossary:" + fold(g.name)
        for form in (g.name, *g.aliases):
            gloss_key[fold(form)] = root
    for k in s.keys:
        if k in gloss_key:
            s.uf.union(k, gloss_key[k])


def _merge_acronyms(s: _Clustering) -> None:
    multi = sorted({(k, c.text) for k, c in zip(s.keys, s.cands, strict=True)
                    if len(c.text.split()) >= 2 and c.label not in ("PERSON", None)})
    for k, c in zip(s.keys, s.cands, strict=True):
        if _ACRONYM.match(c.text) and not c.pinned:
            # An expansion never holds the acronym itself ("U.S." is not "U.S. Senate").
            hits = {s.uf.find(mk) for mk, text in multi
                    if text[:1].isupper() and _acronym_of(c.text, text.split())
                    and fold(c.text) not in {fold(w) for w in text.split()}}
            if len(hits) == 1:
                s.uf.union(k, hits.pop())


def _merge_firm_bases(s: _Clustering) -> None:
    base_of: dict[str, set[str]] = defaultdict(set)
    for k, c in zip(s.keys, s.cands, strict=True):
        base = _firm_base(c.text) if c.label == "ORG" else None
        if base:
            base_of[fold(base)].add(k)
    # "Kestrova Holdings Ltd" and "Kestrova Holdings": one firm, named with fewer or more of
    # its legal words (then a lone "Kestrova" finds one cluster, not two).
    _join_each(s, (ks for ks in base_of.values() if len(ks) > 1))
    for k, c in zip(s.keys, s.cands, strict=True):
        roots = {s.uf.find(x) for x in base_of.get(k, ())}
        if len(roots) == 1 and not (c.label == "PERSON" and len(c.text.split()) > 1):
            s.uf.union(roots.pop(), k)
    # A lone body word that opens one firm's name with a legal form is that firm: "Dunmore"
    # after "Dunmore Motor Co" (a firm is shortened to its first word, never to its last).
    first_of: dict[str, set[str]] = defaultdict(set)
    for base, ks in base_of.items():
        if len(base.split()) > 1:
            first_of[base.split()[0]] |= ks
    for k, c in zip(s.keys, s.cands, strict=True):
        if c.label == "ORG" and len(c.text.split()) == 1 and not c.pinned:
            roots = {s.uf.find(x) for x in first_of.get(fold(c.text), ())}
            if len(roots) == 1:
                s.uf.union(roots.pop(), k)


def _join_each(s: _Clustering, groups: Iterable[set[str]]) -> None:
    """Join the keys of each group into one cluster."""
    for ks in groups:
        first, *rest = sorted(ks)
        for k in rest:
            s.uf.union(first, k)


def _merge_group_stems(s: _Clustering) -> None:
    norp_stem: dict[str, set[str]] = defaultdict(set)
    for k, c in zip(s.keys, s.cands, strict=True):
        if c.label == "NORP" and len(c.text.split()) == 1:
            norp_stem[_group_stem(c.text)].add(k)
    _join_each(s, norp_stem.values())


def _merge_region_codes(s: _Clustering) -> None:
    for k, c in zip(s.keys, s.cands, strict=True):
        words = c.text.replace(",", " ").split()
        if c.label in PLACE_TYPES and len(words) >= 2 and \
                all(_ACRONYM.match(w) or re.fullmatch(r"[A-Z]{2}", w) for w in words[1:]):
            base = fold(" ".join(words[:-len(words) + 1]))
            if base in s.uf:
                s.uf.union(base, k)


def _merge_body_words(s: _Clustering) -> None:
    # Words of people's names and places are left to the people passes ("Trump" beside
    # "Trump Organization" is the man).  A dictionary word ("House", "State", "National") or
    # an acronym ("SVP" inside "Junge SVP") names something else as often, except the last
    # word of a body named after a place ("Senate" after "U.S. Senate").
    doc = s.doc
    if doc is None:
        return
    person_words = {fold(w) for c in s.cands if c.label == "PERSON" for w in c.text.split()}
    listed = _dictionary_words(doc)
    org_by_edge: dict[tuple[int, str], set[str]] = defaultdict(set)
    for k, c in zip(s.keys, s.cands, strict=True):
        words = c.text.split()
        if c.label == "ORG" and len(words) >= 2 and all(w[:1].isupper() for w in words):
            org_by_edge[(0, fold(words[0]))].add(k)
            if _big_place(" ".join(words[:-1])):
                org_by_edge[(-1, fold(words[-1]))].add(k)
            org_by_edge[(-2, fold(words[-1]))].add(k)
        if c.label in ("ORG", "FAC") and len(words) >= 3 and words[1] == "of" \
                and words[0][:1].isupper() and words[2][:1].isupper() \
                and _chamber_of(fold(c.text)) is None:
            # "Bank of England": the head noun alone names the body.  (Which chamber a bare
            # "the House" is, the chambers pass decides: never the House of Lords.)
            org_by_edge[(1, fold(words[0]))].add(k)
    for k, c in zip(s.keys, s.cands, strict=True):
        if len(c.text.split()) != 1 or c.label != "ORG" or c.pinned \
                or k in person_words or _big_place(c.text) \
                or not c.text[:1].isupper() or _ACRONYM.match(c.text) or c.tok_start < 0:
            continue
        plain = not listed(doc[c.tok_start])
        # (-1: last word after a place; -2: any last word; 0: first word; 1: the head of a
        # "<word> of <name>" body, the one way a dictionary word is the short form of a name
        # that opens with it: "the House" for the House of Commons, never for "House Music".)
        # A word any place is called by joins only as such a head: a hamlet named "Bank"
        # does not make "the Bank" a place, but "Leeds" beside "Leeds United" may be the city.
        edges = (-1, -2, 0, 1) if plain else (-1, 1)
        if lookup_place(c.text) is not None:
            edges = (1,)
        for edge in edges:
            roots = {s.uf.find(x) for x in org_by_edge.get((edge, k), ())}
            if roots:
                if len(roots) == 1:
                    s.uf.union(roots.pop(), k)
                break


def _chamber_of(form: str) -> str | None:
    """The chamber (:data:`CHAMBERS` key) a folded name is, in full ("U.S. House of
    Representatives", "the Canadian House of Commons") or by its short form ("Commons")."""
    for full, (short, _) in CHAMBERS.items():
        if form == full or form.endswith(" " + full) or form in short:
            return full
    return None


def _merge_chambers(s: _Clustering) -> None:
    """"the Commons", "House of Commons" and a bare "the House" are one chamber.

    The body-words pass already makes "the House" the one "House of ..." of a text; this pass
    knows what the text may leave out: that "the Commons" is the House of Commons when its full
    name never appears, and that of two chambers named, "the House" is the lower one.  It joins
    nothing when the text names two lower chambers, or none."""
    named: dict[str, set[str]] = defaultdict(set)
    house: list[str] = []
    for k, c in zip(s.keys, s.cands, strict=True):
        if c.label == "PERSON" or c.pinned or not c.text[:1].isupper():
            continue
        form = fold(c.text)
        if form == "house":
            house.append(k)
        chamber = _chamber_of(form)
        if chamber is not None:
            named[chamber].add(k)
    _join_each(s, named.values())
    lower = [full for full in named if CHAMBERS[full][1]]
    if house and len(lower) == 1:
        _join_each(s, [{*house, min(named[lower[0]])}])


#: A city this large is one place under each of its names ("Peking", "Beijing"); the old or
#: foreign names of small towns are shared with other towns too often to join on.
PLACE_NAMES_JOIN = 500_000


def _merge_place_names(s: _Clustering) -> None:
    by_place: dict[str, set[str]] = defaultdict(set)
    for k, c in zip(s.keys, s.cands, strict=True):
        if c.label not in PLACE_TYPES:
            continue
        place = lookup_place(c.text)
        if place is None or (place.country is None and place.population < PLACE_NAMES_JOIN):
            continue
        by_place[fold(place.name)].add(k)
    _join_each(s, by_place.values())


def _merge_full_names(s: _Clustering) -> None:
    by_first_last: dict[tuple[str, str], list[str]] = defaultdict(list)
    for k, parts in sorted(s.full.items()):
        by_first_last[parts].append(k)
    form_text = {k: c.text for k, c in zip(s.keys, s.cands, strict=True) if k in s.full}
    for ks in by_first_last.values():
        # A form without a middle initial joins the others only when there is one variant.
        by_middle: dict[str, list[str]] = defaultdict(list)
        for k in ks:
            name = person_name(form_text[k])
            by_middle[name.middle if name else ""].append(k)
        plain = by_middle.pop("", [])
        for group in by_middle.values():
            for k in group[1:]:
                s.uf.union(group[0], k)
        if len(by_middle) <= 1:
            anchor = next(iter(by_middle.values()))[0] if by_middle else plain[0]
            for k in plain:
                s.uf.union(anchor, k)


def _merge_name_tails(s: _Clustering) -> None:
    by_tail: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for k, words in s.token_forms.items():
        for n in range(2, len(words)):
            by_tail[tuple(w.casefold() for w in words[-n:])].add(k)
    for k, words in sorted(s.token_forms.items()):
        longer = by_tail.get(tuple(w.casefold() for w in words), set())
        if len({s.uf.find(x) for x in longer}) == 1:
            s.uf.union(k, next(iter(longer)))


#: The shortest surname a swap of two letters may join to a full name: shorter ones differ
#: by a swap as real names ("Hahn", "Hanh").
TYPO_MIN = 6


def _swapped(a: str, b: str) -> bool:
    """``a`` is ``b`` with two neighbouring letters swapped ("Okafro", "Okafor")."""
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] \
        and a[diff[1]] == b[diff[0]]


def _merge_short_names(s: _Clustering) -> None:
    uf, keys, cands, doc, full = s.uf, s.keys, s.cands, s.doc, s.full
    by_last: dict[str, set[str]] = defaultdict(set)
    by_first: dict[str, set[str]] = defaultdict(set)
    by_suffix: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for k, (first, last) in full.items():
        if last:
            by_last[last].add(uf.find(k))
        by_first[first].add(uf.find(k))
        words = s.token_forms[k]
        for n in range(1, len(words)):
            by_suffix[tuple(w.casefold() for w in words[-n:])].add(k)

    # Positions of full-name mentions by form key; roots move as short forms join, so they are
    # grouped by their current root only when needed.
    form_pos: dict[str, list[int]] = defaultdict(list)
    for k, c in zip(keys, cands, strict=True):
        if k in full:
            form_pos[k].append(c.start)

    def positions(root: str) -> list[int]:
        return [p for k, ps in form_pos.items() if uf.find(k) == root for p in ps]

    # Forms every one of whose mentions stands where a person does ("Israel said" with no
    # "in Israel" anywhere): these may be a person's surname even when a gazetteer knows them.
    use = [_personal_use(doc, c) for c in cands]
    uses: dict[str, list[int]] = defaultdict(list)
    for k, u in zip(keys, use, strict=True):
        uses[k].append(u)
    personal = {k for k, u in uses.items() if all(u)}

    for i, (k, c) in enumerate(zip(keys, cands, strict=True)):
        # A mention described as a person joins one on its own, leaving the form's other
        # mentions (a dateline "WASHINGTON") where they are.
        alone = k not in personal and use[i] == DESCRIBED_AS_PERSON
        if k in full or c.pinned or (c.label == "LANGUAGE" or k.startswith("country:")) \
                and k not in personal and not alone:
            continue
        words = c.text.split()
        # A surname, possibly of several words ("Le Pen", "Vargas Llosa"), or a first name.
        # (A country's cluster key is its code; its owners are looked up by the words.)
        form = fold(c.text) if k.startswith("country:") else k
        owners = {uf.find(x) for x in by_last.get(form, ())}
        if not owners:
            owners = {uf.find(x) for x in by_suffix.get(tuple(w.casefold() for w in words), ())}
        # A surname typed with two letters swapped ("Okafro" after "Jo Okafor"): two
        # surnames that close are one name misspelt far more often than two people.
        if not owners and len(words) == 1 and c.label == "PERSON" and len(form) >= TYPO_MIN:
            owners = {uf.find(x) for last, xs in by_last.items() if _swapped(form, last)
                      for x in xs}
        # A place typed as a place never joins a person by a first name alone: "Austin"
        # beside "Austin Reyes" is the city unless the text uses it as a person.
        if not owners and len(words) == 1 and c.label != "NORP" and not (
                c.label in PLACE_TYPES and _big_place(c.text, CITY_NAMES_ITSELF)
                and k not in personal and not alone):
            owners = {uf.find(x) for x in by_first.get(form, ())}
        # A country, state, continent or a very big city typed as a place stays a place
        # ("Jordan", "Paris"); a town that shares a surname does not ("Garland", "Rubio").
        if not owners or (c.label in PLACE_TYPES and _big_place(c.text, KEEPS_APART)
                          and k not in personal and not alone):
            continue
        if len(owners) == 1 and not alone:
            uf.union(next(iter(owners)), k)
        else:
            # Two people share the surname: a bare surname means the one the story is about
            # (more full-name mentions: "Melania Trump" beside "Donald Trump" is called
            # "Melania"), and between equals the one the reader met last.
            def distance(root: str, pos: int = c.start) -> tuple[int, int, int, str]:
                seen = positions(root) or [pos]
                before = [p for p in seen if p <= pos]
                weight = -len(seen)
                if before:
                    return (weight, 0, pos - max(before), root)
                return (weight, 1, min(seen) - pos, root)

            s.assign[i] = min(owners, key=distance)


#: The merge passes, in the order they run: later passes read the clusters earlier ones made
#: (a surname joins the cluster its full name has by then, curated aliases included).
MERGE_PASSES: tuple[MergePass, ...] = (
    MergePass("pinned", _merge_pinned,
              "a pinned form (an acronym beside its expansion) carries every other use of it"),
    MergePass("glossary", _merge_glossary,
              "a curated name or alias is the curated entry"),
    MergePass("acronyms", _merge_acronyms,
              '"NATO" anywhere is the one multi-word name of the text it abbreviates'),
    MergePass("firm-bases", _merge_firm_bases,
              '"Kestrova" after "Kestrova Ltd" or "Kestrova Motor Co": a body without its legal'
              ' form, or by its first word, is the body'),
    MergePass("group-stems", _merge_group_stems,
              '"Republicans" and "Republican", "Democrat" and "Democratic": one group'),
    MergePass("region-codes", _merge_region_codes,
              '"Washington DC", "Portland, OR" are the place without the region code'),
    MergePass("place-names", _merge_place_names,
              '"Peking" and "Beijing": two names the gazetteer gives one large place'),
    MergePass("body-words", _merge_body_words,
              'a lone "United" is the one body of the text named "... United" (or "United ...")'),
    MergePass("chambers", _merge_chambers,
              '"the Commons" and "the House" are the House of Commons, the lower chamber'),
    MergePass("full-names", _merge_full_names,
              "one first and last name is one person unless middle initials tell them apart"),
    MergePass("name-tails", _merge_name_tails,
              '"Wasserman Schultz" is the one full name it ends ("Debbie Wasserman Schultz")'),
    MergePass("short-names", _merge_short_names,
              '"Starmer", "Mr Starmer" or "Keir" is the person of the text with that name'),
)


def _cluster(cands: list[_Cand], glossary: Sequence[GlossaryEntry], doc: Doc | None = None,
             passes: Sequence[MergePass] = MERGE_PASSES,
             ) -> tuple[dict[int, str], dict[str, GlossaryEntry]]:
    """Cluster id (a root form key) for each candidate index, and the curated entry of each
    cluster that has one.  ``passes`` is the table to run (a test leaves one out)."""
    s = _Clustering(cands, glossary, doc, [c.pinned or _form_key(c) for c in cands])
    for k in s.keys:
        s.uf.find(k)
    for p in passes:
        p.merge(s)
    curated = {s.uf.find("glossary:" + fold(g.name)): g for g in glossary}
    roots = {i: s.uf.find(s.assign.get(i) or k) for i, k in enumerate(s.keys)}
    return roots, curated
