"""Join the document glossaries of every briefing into one entity page per real-world entity.

Each annotation already knows its own entities (aliases merged, types voted). Here the same
person, organisation or place is recognised across briefings: by its name, by a non-personal
alias ("UK", "RUSI"), by a full personal name written with or without middle names, and a
lone surname ("Johnson") joins the one person of that surname the corpus knows - never a
guess between two.  The type is voted across briefings (a curated glossary entry wins), so no
entity page carries two types.  Everything runs on dictionaries keyed by folded names, never on
pairs of entities, so thousands of briefings link in well under a second.

Slugs come from the canonical name and never from input order, so a rebuild gives every
entity page the same address.
"""

from __future__ import annotations

import functools
import hashlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import NamedTuple

from briefgen.entities.names import UnionFind, person_name, type_rank
from briefgen.entities.names import fold as _fold
from briefgen.model import (
    Annotation,
    Appearance,
    CanonicalEntity,
    Entity,
    GlossaryEntry,
)
from briefgen.slug import slugify


@functools.lru_cache(maxsize=1 << 18)
def _name_parts(name: str) -> tuple[str, str, str] | None:
    """(first, middle initials, last) of a full personal name, folded; None otherwise.

    The entity layer's splitter, so a name one briefing calls a full name is one here too; a
    first name with only a generational suffix ("Fred Sr.") names no surname to match by.
    """
    parts = person_name(name)
    return (parts.first, parts.middle, parts.last) if parts and parts.last else None


def _first_last(name: str) -> tuple[str, str] | None:
    """("kier", "starmer") for "Kier Starmer" or "Kier R. Starmer"; None for one word."""
    parts = _name_parts(name)
    return (parts[0], parts[2]) if parts else None


class _Local(NamedTuple):
    """One briefing's entity (a tuple: an archive has hundreds of thousands of them, and a
    frozen dataclass costs several times as much to make, on every save under serve)."""

    doc: int
    entity: Entity


class _Prep(NamedTuple):
    """The union-find nodes of one local entity: its primary key, its name's node and its
    aliases' nodes (folded strings, the same on every save while the annotation is)."""

    key: str
    name: str
    aliases: tuple[str, ...]


def _prep(annotation: Annotation) -> tuple[_Prep, ...]:
    return tuple(
        _Prep(_primary_key(e), "n:" + _fold(e.name), tuple("n:" + _fold(a) for a in e.aliases))
        for e in annotation.entities
    )


def _primary_key(e: Entity) -> str:
    """The node a local entity starts in: people by first+last name, others by folded name."""
    if e.type == "PERSON":
        parts = _name_parts(e.name)
        if parts:
            first, middle, last = parts
            return f"p:{first} {last}|{middle}"
    return "n:" + _fold(e.name)


class LinkMemo:
    """Canonical entities of the last link, by exactly what made each one.

    Kept by ``mkdocs serve`` across saves.  An entity whose members (the same local entities
    of the same annotation objects, which the annotator keeps in memory), curated entry, name,
    type and slug are all unchanged is the very same object as before: a save that touches a
    few names rebuilds those few, and :class:`briefgen.pagememo.PageMemo` sees the rest
    unchanged at a glance (``is``) instead of comparing thousands of appearances.
    """

    def __init__(self) -> None:
        self._made: dict[tuple[object, ...], tuple[CanonicalEntity, tuple[object, ...]]] = {}
        self._next: dict[tuple[object, ...], tuple[CanonicalEntity, tuple[object, ...]]] = {}
        self._names: dict[tuple[object, ...], tuple[str, str]] = {}
        self._preps: dict[int, tuple[Annotation, tuple[_Prep, ...]]] = {}

    def preps(self, annotations: Sequence[Annotation]) -> list[tuple[_Prep, ...]]:
        """The nodes of each annotation's entities, worked out once per annotation object
        (folding 200,000 names and aliases again was a tenth of a save at 10,000 briefings)."""
        old, new = self._preps, {}
        out = []
        for a in annotations:
            hit = old.get(id(a))
            if hit is None or hit[0] is not a:
                hit = (a, _prep(a))
            new[id(a)] = hit
            out.append(hit[1])
        self._preps = new
        return out

    def named(self, members: tuple[object, ...]) -> tuple[str, str] | None:
        """The (name, type) the last link gave the same members (curated entry, local
        entities of the same annotation objects); voting on them again gives the same."""
        return self._names.get(members)

    def get(self, sig: tuple[object, ...]) -> CanonicalEntity | None:
        found = self._made.get(sig)
        if found is None:
            return None
        self._next[sig] = found
        return found[0]

    def put(
        self, sig: tuple[object, ...], entity: CanonicalEntity, alive: tuple[object, ...]
    ) -> None:
        # ``alive`` holds the objects whose ids the signature uses, so no id is ever reused
        # by another object while the signature is remembered.
        self._next[sig] = (entity, alive)

    def swap(self) -> None:
        """Forget entities this link did not make or reuse."""
        self._made, self._next = self._next, {}
        # The made entities keep their members alive, so the ids in these keys stay theirs.
        self._names = {
            (sig[3], sig[4]): (str(sig[1]), str(sig[2]))
            for sig in self._made
        }


def link_entities(
    annotations: Sequence[Annotation],
    glossary: Sequence[GlossaryEntry] = (),
    memo: LinkMemo | None = None,
) -> tuple[tuple[CanonicalEntity, ...], list[dict[str, str]]]:
    """Canonical entities (sorted by slug) and, per annotation, local key -> entity slug.

    ``memo`` (kept by ``mkdocs serve``) reuses the entities whose inputs are unchanged."""
    locals_: list[_Local] = [_Local(i, e) for i, a in enumerate(annotations) for e in a.entities]
    uf = UnionFind()
    gloss_root: dict[str, GlossaryEntry] = {}
    ignored: set[str] = set()
    for g in glossary:
        node = "g:" + _fold(g.name)
        gloss_root[node] = g
        for form in (g.name, *g.aliases):
            uf.union(node, "n:" + _fold(form))
            parts = _name_parts(form) if g.type == "PERSON" else None
            if parts:
                uf.union(node, f"p:{parts[0]} {parts[2]}|{parts[1]}")
        if g.ignore:
            ignored.add(node)

    preps = memo.preps(annotations) if memo is not None else [_prep(a) for a in annotations]
    flat = [p for ps in preps for p in ps]
    keys = [p.key for p in flat]
    person_names = {
        p.name for p, loc in zip(flat, locals_, strict=True) if loc.entity.type == "PERSON"
    }
    for prep in flat:
        key = prep.key
        uf.find(key)
        # A full personal name is also reachable by its exact folded spelling, so an
        # organisation and a person never share a node by accident.
        if key.startswith("p:"):
            uf.union(key, prep.name)
            continue
        # Non-personal aliases ("UK", "RUSI", "Washington DC") are names in their own right,
        # unless a person somewhere goes by that name: one document's slip must not join a
        # person to a place or body across the whole corpus.
        for node in prep.aliases:
            if node not in person_names:
                uf.union(key, node)

    # Middle initials tell people apart ("George W. Bush", "George H.W. Bush"); a name written
    # without one joins the only variant the corpus has, else stays on its own.
    variants: dict[str, set[str]] = defaultdict(set)
    for key in keys:
        if key.startswith("p:"):
            base, middle = key.split("|", 1)
            if middle:
                variants[base].add(key)
    for key in sorted(set(keys)):
        if key.startswith("p:") and key.endswith("|"):
            found = variants.get(key[:-1], set())
            if len(found) == 1:
                uf.union(key, next(iter(found)))

    # A lone surname joins the single person of that surname the corpus knows, or one who
    # dominates it (five times the briefings of all others together, at least five).
    size: Counter[str] = Counter(uf.find(k) for k in keys)
    by_last: dict[str, set[str]] = defaultdict(set)
    for key in keys:
        if key.startswith("p:"):
            full = key[2:].split("|", 1)[0]
            last = full.split(" ", 1)[1]
            by_last[last].add(key)
            by_last[last.split(" ")[-1]].add(key)
    for key, loc in zip(keys, locals_, strict=True):
        if key.startswith("n:") and loc.entity.type == "PERSON" and " " not in key[2:]:
            owners = sorted(
                {uf.find(r) for r in by_last.get(key[2:], ())}, key=lambda r: (-size[r], r)
            )
            if len(owners) == 1:
                uf.union(owners[0], key)
            elif owners:
                rest = sum(size[r] for r in owners[1:])
                if size[owners[0]] >= 5 and size[owners[0]] >= 5 * rest:
                    uf.union(owners[0], key)

    groups: dict[str, list[int]] = defaultdict(list)
    for idx, key in enumerate(keys):
        groups[uf.find(key)].append(idx)
    gloss_of_root: dict[str, GlossaryEntry] = {}
    for node, g in gloss_root.items():
        gloss_of_root[uf.find(node)] = g

    built: list[
        tuple[str, str, list[int], GlossaryEntry | None, tuple[object, ...], tuple[int, ...]]
    ] = []
    for root, members in groups.items():
        g = gloss_of_root.get(root)
        if g is not None and g.ignore:
            continue
        alive: tuple[object, ...] = ()
        ids: tuple[int, ...] = ()
        named = None
        if memo is not None:
            alive = tuple(
                x for idx in members for x in (annotations[locals_[idx].doc], locals_[idx].entity)
            )
            ids = tuple(map(id, alive))
            named = memo.named((g, ids))
        if named is None:
            etype = _vote_type(locals_, members, g)
            named = (_canonical_name(locals_, members, etype, g), etype)
        built.append((*named, members, g, alive, ids))

    slugs = _assign_slugs([(name, etype) for name, etype, *_ in built])
    maps: list[dict[str, str]] = [{} for _ in annotations]
    out: list[CanonicalEntity] = []
    for (name, etype, members, g, alive, ids), slug in zip(built, slugs, strict=True):
        sig: tuple[object, ...] = ()
        if memo is not None:
            sig = (slug, name, etype, g, ids)
            known = memo.get(sig)
            if known is not None:
                for idx in members:
                    loc = locals_[idx]
                    maps[loc.doc][loc.entity.key] = slug
                out.append(known)
                continue
        aliases: set[str] = set()
        roles: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        appearances = []
        for idx in members:
            loc = locals_[idx]
            e = loc.entity
            art = annotations[loc.doc].article
            maps[loc.doc][e.key] = slug
            aliases.update((e.name, *e.aliases))
            if e.role and e.type == etype:
                roles[e.role.casefold()].append((art.date or "", art.slug, e.role))
            appearances.append(
                Appearance(
                    briefing=art.slug,
                    date=art.date,
                    sentence=e.sentence,
                    mentions=e.mentions,
                    local_key=e.key,
                )
            )
        role = role_source = None
        if roles:
            # The role most briefings agree on, then the longer one, then the newest.
            _, seen = max(
                roles.items(), key=lambda kv: (len(kv[1]), len(kv[0].split()), max(kv[1]))
            )
            _, role_source, role = max(seen)
        if g is not None:
            aliases.update(g.aliases)
        aliases.discard(name)
        appearances.sort(key=lambda a: (a.date or "", a.briefing, a.local_key))
        appearances.reverse()
        made = CanonicalEntity(
            slug=slug,
            name=name,
            type=etype,
            aliases=tuple(sorted(aliases)),
            role=role,
            role_source=role_source,
            description=g.description if g else None,
            url=g.url if g else None,
            appearances=tuple(appearances),
            curated=g is not None,
        )
        if memo is not None:
            memo.put(sig, made, alive)
        out.append(made)
    if memo is not None:
        memo.swap()
    out.sort(key=lambda c: c.slug)
    return tuple(out), maps


def _vote_type(locals_: list[_Local], members: list[int], g: GlossaryEntry | None) -> str:
    """Curated type, else the type most mentions across briefings agree on."""
    if g is not None and g.type:
        return g.type
    votes: Counter[str] = Counter()
    for idx in members:
        e = locals_[idx].entity
        votes[e.type] += max(e.mentions, 1)
    return min(votes, key=lambda t: (-votes[t], type_rank(t)))


def _canonical_name(
    locals_: list[_Local], members: list[int], etype: str, g: GlossaryEntry | None
) -> str:
    """Curated name; else the name most briefings use (people: a full name if any)."""
    if g is not None:
        return g.name
    counts: Counter[str] = Counter()
    for idx in members:
        counts[locals_[idx].entity.name] += 1
    names = list(counts)
    if etype == "PERSON":
        full = [n for n in names if _first_last(n)]
        names = full or names
    return max(names, key=lambda n: (counts[n], len(n.split()), n))


#: Slugs taken by index pages under ``entities/``.
RESERVED_SLUGS = frozenset({"index"})


def _assign_slugs(items: list[tuple[str, str]]) -> list[str]:
    """``slugify(name)``; names that collide are told apart by type, then by a name hash.

    The order of the input never matters: collisions are settled by (type, name), so the same
    corpus always gets the same addresses.
    """
    # "index" is the address of the A-Z page itself.
    base = []
    for name, etype in items:
        slug = slugify(name)
        base.append(f"{slug}-{slugify(etype)}" if slug in RESERVED_SLUGS else slug)
    by_base: dict[str, list[int]] = defaultdict(list)
    for i, b in enumerate(base):
        by_base[b].append(i)
    out = list(base)
    taken = set(base)
    for b, idxs in sorted(by_base.items()):
        if len(idxs) == 1:
            continue
        idxs.sort(key=lambda i: (type_rank(items[i][1]), items[i][0]))
        for i in idxs[1:]:
            cand = f"{b}-{slugify(items[i][1])}"
            if cand in taken:
                # Derived from the entity itself, not from how many came before it, so a
                # newcomer with the same name never moves an existing page.
                tag = hashlib.sha256("\0".join(items[i]).encode()).hexdigest()[:6]
                cand = f"{cand}-{tag}"
            taken.add(cand)
            out[i] = cand
    return out
