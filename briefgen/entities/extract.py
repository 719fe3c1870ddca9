"""The entity layer's entry point: one parsed article -> its mentions and its glossary.

Runs the rules of the sibling modules in a fixed order (span repairs, evidence, acronyms,
works), clusters the candidates, types and names each cluster, and reads roles.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from briefgen.entities import evidence, hyphened, shapes, sport, untagged
from briefgen.entities.acronyms import _find_acronym_pairs, _join_country_acronym
from briefgen.entities.candidates import (
    _Cand,
    _glossary_mentions,
    _resolve_overlaps,
    _string_mentions,
)
from briefgen.entities.cluster import _cluster
from briefgen.entities.lexicon import PLACE_TYPES
from briefgen.entities.lone import _unsupported_lone_person, _unsupported_lone_place
from briefgen.entities.names import fold
from briefgen.entities.repairs import (
    _drop_headline_phrases,
    _join_list_names,
    _join_particle_names,
    _place_named_bodies,
    _split_place_lists,
    _split_run_on_country,
    _trim_headline_spans,
)
from briefgen.entities.roles import _body_appositive, _informative, _roles, _which_clause
from briefgen.entities.spans import _is_junk, _model_spans
from briefgen.entities.things import _product_instances, _untagged_instances, _works
from briefgen.entities.types import _canonical_name, _decide_type
from briefgen.model import Entity, GlossaryEntry, Mention
from briefgen.nlp import dictionary_words

if TYPE_CHECKING:
    from spacy.tokens import Doc


def extract_entities(
    doc: Doc,
    *,
    glossary: Sequence[GlossaryEntry] = (),
    dateline: str | None = None,
) -> tuple[tuple[Mention, ...], tuple[Entity, ...]]:
    """Mentions (sorted by start) and document entities (sorted by key) of one article.

    ``doc`` is the trained pipeline's parse of ``Article.text``; ``glossary`` entries win over
    the model; ``dateline`` is the article's dateline place as printed ("BELFAST").
    """
    text = doc.text
    cands = _model_spans(doc)
    evidence.whole_words(doc, cands)
    cands = evidence.no_clauses(doc, cands)
    cands = evidence.common_nouns(doc, cands)
    cands = shapes.title_words(doc, cands)
    cands = evidence.group_names(doc, cands)
    evidence.demonyms(doc, cands)
    cands = evidence.firm_lists(doc, cands)
    cands = evidence.country_before_common_noun(doc, cands)
    evidence.web_firms(doc, cands)
    evidence.numbered_media(doc, cands)
    evidence.body_of_place(doc, cands)
    cands = evidence.trim_edges(doc, cands)
    cands = shapes.possessive_splits(doc, cands)
    cands = shapes.person_shapes(doc, cands)
    cands = _trim_headline_spans(doc, cands)
    cands = _join_particle_names(doc, cands)
    cands = _split_run_on_country(doc, cands)
    _place_named_bodies(doc, cands)
    cands = _join_list_names(doc, cands)
    cands = _join_country_acronym(doc, cands)
    _product_instances(doc, cands)
    cands = _untagged_instances(doc, cands)
    cands = evidence.untagged_countries(doc, cands)
    untagged.cut_bodies(doc, cands)
    cands = untagged.untagged_names(doc, cands)
    cands = hyphened.party_state_tags(doc, cands)
    cands = evidence.signoff_agency(doc, cands)
    cands = _find_acronym_pairs(doc, cands)
    cands = _split_place_lists(doc, cands)
    cands = _works(doc, cands)
    cands = _drop_headline_phrases(doc, cands)
    for c in cands:
        c.body_noun = _body_appositive(doc, c)
    cands = hyphened.paired_names(doc, cands)
    cands = sport.team_sheets(doc, cands)
    sport.team_places(doc, cands)
    cands = _resolve_overlaps(cands)
    evidence.head_word_joins(doc, cands)
    evidence.initials_join(doc, cands)
    evidence.city_suffix_join(doc, cands)
    cands.extend(_glossary_mentions(text, cands, glossary))
    if dateline and dateline.strip():
        cands.extend(_string_mentions(text, cands, [dateline.strip()], "GPE"))
    cands = _resolve_overlaps(cands)

    ignored = {fold(f) for g in glossary if g.ignore for f in (g.name, *g.aliases)}
    cands = [c for c in cands if fold(c.text) not in ignored]

    clusters, gloss_by_root = _cluster(cands, glossary, doc)
    # Mentions the model missed: a known name repeated elsewhere in the text.
    forms: dict[str, set[str]] = defaultdict(set)
    for i, c in enumerate(cands):
        forms[c.text].add(clusters[i])
    repeat = sorted(f for f, roots in forms.items() if len(roots) == 1)
    extra = _string_mentions(text, cands, repeat, None)
    if extra:
        for c in extra:
            c.pinned = next(iter(forms[c.text]))
        _product_instances(doc, extra, unlabelled=True)
        cands = _resolve_overlaps(cands + extra)
        # The new mentions take part in the merge passes (a pinned form joins its folded
        # form; how a mention is used says whether a place name is a person's), so the
        # clusters are made again; without them the first clustering is the answer.
        clusters, gloss_by_root = _cluster(cands, glossary, doc)
    groups: dict[str, list[_Cand]] = defaultdict(list)
    for i, c in enumerate(cands):
        c.which = _which_clause(doc, c)
        groups[clusters[i]].append(c)

    # First and last tokens of every place mention: a neighbour in a list of places.
    place_tokens = {t for c in cands if c.label in PLACE_TYPES and c.tok_start >= 0
                    for t in (c.tok_start, c.tok_end - 1)}
    entities: list[tuple[str, str, list[_Cand], GlossaryEntry | None]] = []
    words = dictionary_words(doc.vocab)
    for root, members in groups.items():
        gentry = gloss_by_root.get(root)
        if gentry is not None and gentry.ignore:
            continue
        etype = _decide_type(members, gentry, doc)
        if etype is None or gentry is None and (
                _unsupported_lone_person(doc, members, etype)
                or _unsupported_lone_place(doc, members, etype, dateline, place_tokens)):
            continue
        name = _canonical_name(members, etype, gentry, root, words)
        if _is_junk(name, etype) and gentry is None and not any(c.expansion for c in members):
            continue
        members.sort(key=lambda c: c.start)
        entities.append((name, etype, members, gentry))

    keys_taken: dict[str, int] = Counter(n for n, *_ in entities)
    mentions: list[Mention] = []
    out: list[Entity] = []
    used: set[str] = set()
    for name, etype, members, _g in sorted(entities,
                                           key=lambda e: (e[0], e[1], e[2][0].start)):
        key = name if keys_taken[name] == 1 else f"{name} ({etype})"
        base, n = key, 2
        while key in used:  # same name and type twice: two people both called "Johnson"
            key, n = f"{base} ({n})", n + 1
        used.add(key)
        members.sort(key=lambda c: c.start)
        aliases = sorted({c.text for c in members} - {name})
        if dateline and fold(dateline) == fold(name) and dateline.strip() != name:
            aliases = sorted({*aliases, dateline.strip()})
        role = None
        roles = [r for c in members for r in (*c.roles, *_roles(doc, c, etype))]
        if roles:
            role = max(roles, key=_informative)
        first = members[0]
        out.append(Entity(key=key, name=name, type=etype, aliases=tuple(aliases), role=role,
                          mentions=len(members), sentence=_sentence(doc, first.start)))
        mentions.extend(Mention(c.start, c.end, c.text, key) for c in members)
    mentions.sort(key=lambda m: (m.start, m.end))
    out.sort(key=lambda e: e.key)
    return tuple(mentions), tuple(out)


def _sentence(doc: Doc, char: int) -> str:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None or not len(span):  # a mention starting on whitespace has no token
        return ""
    sent = span[0].sent.text
    return re.sub(r"\s+", " ", sent).strip()
