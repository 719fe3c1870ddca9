"""Sports reports: team sheets name players, and a place that plays is a side.

Two shapes of sports copy defeat the small model.  A team sheet ("Okafor; Brandt, Kessler
(capt), J Moreau ...") is a run of surnames with no sentence around them: the model types them
at random (ORG, places) or runs two together ("Brandt, Kessler").  And a national side or a
club named after its town ("Varnby beat Kestrel 3-1") is tagged as the place, while the
labelling rules, and a reader, take it for the team.

Both rules are gated: a team sheet must look like one throughout (every item a name, several
of them, the separators or lead-in of a sheet), and a place is a side only in an article that
reads as a sports report and only where the words around it say it plays.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from briefgen.entities.candidates import _Cand
from briefgen.entities.gazetteer import _big_place, _country, lookup_place
from briefgen.entities.lexicon import PLACE_TYPES, word_list

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Words only sports copy uses often; an article with three different ones is a sports report.
#: Measured on the BBC corpus's labelled sections: 77 % of sport articles have three, and 0.6 %
#: of the others (1.8 % of PolNeAR's political copy, none of Reuters').  Words that politics
#: and business use as much ("season", "player", "debut", "title", "race") are left out.
SPORT_WORDS = word_list("""
    match matches goal goals scored scorer striker strikers midfielder midfielders defender
    defenders goalkeeper keeper coach squad league tournament fly-half scrum-half flanker
    flankers winger wingers full-back penalty penalties half-time semi-final semi-finals
    quarter-final quarter-finals referee rugby football cricket tennis innings wicket wickets
    championship premiership fixture fixtures olympic olympics athlete athletes athletics
    sprinter marathon seed seeded seeds cup captain champion champions soccer baseball
    basketball hockey cycling boxing standings
""")
SPORT_WORDS_NEEDED = 3

#: Nouns after a place that make it a side: "Varnby coach", "Varnby's striker".
TEAM_NOUNS = word_list("""
    coach coaches manager boss captain skipper squad side team xv xi fans supporters striker
    strikers midfielder defender goalkeeper keeper winger wingers flanker fly-half scrum-half
    full-back hooker international internationals selectors lineup line-up debutant
""")

#: What a side does to another, in the forms a report uses ("Varnby beat Kestrel").  Verbs a
#: campaign or a visit shares ("win Ohio", "met Okafor", "led the talks") are left out.
MATCH_VERBS = word_list("""
    beat beats beating defeated defeats defeating face faces facing thrashed thrash thrashes
    hammered edged crushed routed stunned humbled overcame outclassed outplayed drew lost
    trail trails trailed
""")

#: "against Varnby", "Varnby v Kestrel".
OPPONENT_WORDS = frozenset({"against", "v", "v.", "vs", "vs.", "versus"})

_LOSS = frozenset({"lost", "lose", "losing", "loss", "defeat", "defeats", "beaten", "slumped",
                   "fell", "thrashing", "hammering", "humbling"})
#: The word before the side, and a word before that which makes it one: "a win over
#: Varnby", "lost to Varnby", "the defeat by Varnby", "played for Varnby", "the captain of
#: Varnby".
RESULT_BEFORE = {
    "over": frozenset({"win", "victory", "triumph", "wins", "victories"}),
    "to": _LOSS,
    "by": _LOSS | {"axed", "dropped", "recalled", "selected", "picked", "capped", "overlooked"},
    "for": frozenset({"play", "plays", "played", "playing", "appearance", "appearances", "cap",
                      "caps", "debut", "scored", "scoring", "signed", "starts", "started"}),
    "of": TEAM_NOUNS,
}


#: A match score standing alone ("drew 27-27", "a 2-1 win"), not a range of years, a share
#: of a vote in percent, or a figure in a list of prices ("1.25-1.30").
_SCORE_IN_TEXT = re.compile(r"(?<![\d.,$£€-])\b\d{1,3}-\d{1,3}\b(?![\d%-])(?![.,]\d)")


def sports_report(doc: Doc, cands: list[_Cand] | None = None) -> bool:
    """The gate for :func:`team_places`: the article reads as a sports report.

    Three different sports words; or two and a match score (a rugby report may name no more
    than "penalty" and "scored", and its score line says the rest); or a team sheet among
    ``cands``.  Measured on the BBC corpus's labelled sections, the score and the sheet take
    the sport articles that pass from 77 % to 81 %, and the others that pass from 8 of 1,278
    to 9 (the new one a games tournament).
    """
    if cands and any(c.lineup for c in cands):
        return True
    seen = {t.lower_ for t in doc if t.lower_ in SPORT_WORDS}
    if len(seen) >= SPORT_WORDS_NEEDED:
        return True
    return len(seen) == SPORT_WORDS_NEEDED - 1 and _SCORE_IN_TEXT.search(doc.text) is not None


def team_places(doc: Doc, cands: list[_Cand]) -> None:
    """Flag a place that plays in a sports report as a side (``_Cand.team``).

    Only a candidate typed as a place, or a place a gazetteer knows ("Chelsea" typed PERSON),
    and only where a neighbour says it plays: a match verb on either side, an opponent word
    before it ("against", "v"), a team noun after it ("coach", "'s striker"), or a result
    ("a win over", "lost to").  "Born in Varnby" or "the match in Varnby" stays a place.
    """
    if not cands or not sports_report(doc, cands):
        return
    n = len(doc)
    people = {c.tok_start for c in cands if c.label == "PERSON" and len(c.text.split()) > 1}
    for c in cands:
        placed = c.label in PLACE_TYPES
        if c.tok_start < 0 or c.personal or not (placed or _club_town(doc, c)):
            continue
        if len(c.text.split()) > 3:
            continue
        before = doc[c.tok_start - 1].lower_ if c.tok_start > 0 else ""
        before2 = doc[c.tok_start - 2].lower_ if c.tok_start > 1 else ""
        after_i = c.tok_end
        if after_i < n and doc[after_i].lower_ in ("'s", "’s"):
            after_i += 1
        after = doc[after_i].lower_ if after_i < n else ""
        owner = after_i > c.tok_end and after_i in people
        if owner:
            # "Varnby's Jo Okafor": the place owns a player, whatever verb stands before it
            # ("beat Varnbia's Jo Okafor" beats the player).
            if _club_of_player(c):
                c.team = True
            continue
        # A name the model did not type as a place ("Chelsea" as a person) needs a cue that
        # only a side takes: a result, a team noun, a player it owns.
        if (placed and (before in OPPONENT_WORDS or before in MATCH_VERBS
                        or after in MATCH_VERBS or _score(doc, c.tok_end))
                or after in TEAM_NOUNS
                or before2 in RESULT_BEFORE.get(before, ())):
            c.team = True
    # A place listed with a side is one too: "defeats to Varnby and Kestrel".
    sides = {c.tok_end: c for c in cands if c.team}
    for c in sorted(cands, key=lambda c: c.start):
        if c.team or c.tok_start < 2 or not (
                c.label in PLACE_TYPES or lookup_place(c.text) is not None):
            continue
        if doc[c.tok_start - 1].lower_ in ("and", ",", "or") and c.tok_start - 1 in sides:
            c.team = True
            sides[c.tok_end] = c


#: A town this size or more may name a club the model took for a person ("Chelsea").
CLUB_TOWN_FROM = 50_000


_SCORE = re.compile(r"\d{1,3}-\d{1,3}")


def _score(doc: Doc, i: int) -> bool:
    """A score right after the name ("took Varnby 27-22 ahead", "Varnby 2-1 Kestrel"), one
    token or split at the hyphen as the tokenizer does."""
    if i >= len(doc):
        return False
    if _SCORE.fullmatch(doc[i].text):
        return True
    return i + 2 < len(doc) and doc[i].text.isdigit() and len(doc[i].text) <= 3 \
        and doc[i + 1].text in ("-", "–") and doc[i + 2].text.isdigit()


def _club_town(doc: Doc, c: _Cand) -> bool:
    """A name not typed as a place that a gazetteer knows as a town of some size, with no
    title before it ("President Obama" is a person whatever small town shares the name)."""
    place = lookup_place(c.text)
    if place is None or place.population < CLUB_TOWN_FROM and place.country is None:
        return False
    return c.tok_start == 0 or not doc[c.tok_start - 1].is_title


def _club_of_player(c: _Cand) -> bool:
    """"Varnby's Jo Okafor": a town owning a player is their club; a country or a big place
    owning one is the athlete's nationality ("Varnbia's Jo Okafor")."""
    return _country(c.text) is None and not _big_place(c.text, 1_000_000)


#: One item of a team sheet: an optional initial or two, then a surname (particles allowed:
#: "R de Marigny", "A Lo Cicero"), at most four words.
_ITEM = re.compile(
    r"(?:[A-Z]{1,2}\.?\s+)?"
    r"(?:(?:[A-Z][\w'’-]*|de|del|dal|da|di|van|von|der|den|le|la|du|dos|das)\s+){0,2}"
    r"[A-Z][\w'’-]*[a-z][\w'’-]*"
)
#: A parenthesis after an item: the captain's mark or a replacement with the minute.
_PAREN = re.compile(r"\s*\(([^()]*)\)")
_BENCH = re.compile(r"(?:Replacements|Subs(?: not used)?|Substitutes|Bench)\s*:\s*")
_SHEET_LEAD = re.compile(r"(?P<team>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})?\s*:\s*")
SHEET_MIN_ITEMS = 5


def _sheet_items(line: str, base: int) -> tuple[list[tuple[int, int]], tuple[int, int] | None]:
    """(player spans, the team's span or None) if ``line`` is a team sheet, else ([], None)."""
    pos = 0
    team = None
    lead = _BENCH.match(line)
    bench = lead is not None
    if lead is None:
        lead = _SHEET_LEAD.match(line)
        if lead is not None and lead.group("team"):
            team = (base + lead.start("team"), base + lead.end("team"))
    if lead is not None:
        pos = lead.end()
    body = line[pos:].rstrip().rstrip(".")
    spans: list[tuple[int, int]] = []
    at = pos
    for piece in re.split(r"([;,])", body):
        if piece in (";", ","):
            at += 1
            continue
        start = at
        at += len(piece)
        # A parenthesis holds the captain's mark, a club, or a replacement with the minute
        # ("Okafor 60"): only the last names a player.
        inner = [(m.start(1), m.group(1)) for m in _PAREN.finditer(piece)]
        bare = _PAREN.sub("", piece)
        name = bare.strip()
        # A bracket inside the name ("Equity (Pacific) Ltd") is no sheet's mark.
        if not name or name not in piece or not _ITEM.fullmatch(name):
            return [], None
        s = start + piece.index(name)
        spans.append((base + s, base + s + len(name)))
        for off, text in inner:
            m = re.match(r"\s*(" + _ITEM.pattern + r")(?=\s+\d)", text)
            if m:
                spans.append((base + start + off + m.start(1), base + start + off + m.end(1)))
    if len(spans) < SHEET_MIN_ITEMS:
        return [], None
    shaped = bench or ";" in body or sum(
        bool(re.match(r"[A-Z]{1,2}\.?\s", line[s - base:e - base])) for s, e in spans
    ) * 2 >= len(spans)
    if not shaped:
        return [], None
    # A list of places is no team sheet, even set out like one.
    places = sum(lookup_place(line[s - base:e - base]) is not None for s, e in spans)
    if places * 2 > len(spans):
        return [], None
    return spans, team


def team_sheets(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Every name of a team sheet a player (``_Cand.lineup``), replacing the model's guesses.

    A line is a sheet when, after an optional lead ("Varnby:", "Replacements:"), it splits on
    commas and semicolons into five or more items that are each a name, and it is set out as
    a sheet: semicolons between the units, a bench lead, or most names with an initial.  A
    team named before the colon is a side.
    """
    text = doc.text
    found: list[_Cand] = []
    covered: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        base, offset = offset, offset + len(line) + 1
        if "," not in line and ";" not in line:
            continue
        spans, team = _sheet_items(line, base)
        if not spans:
            continue
        covered.extend(spans)
        if team is not None:
            covered.append(team)
        for s, e in spans:
            c = _Cand(s, e, text[s:e], "PERSON", lineup=True)
            _tokens(doc, c)
            found.append(c)
        if team is not None:
            c = _Cand(team[0], team[1], text[team[0]:team[1]], "ORG", team=True)
            _tokens(doc, c)
            found.append(c)
    if not found:
        return cands
    # The model's guesses over a player's name go (run-together names, a surname as a body);
    # a club in brackets beside one stays.
    kept = [c for c in cands if not any(c.start < e and s < c.end for s, e in covered)]
    return sorted([*kept, *found], key=lambda c: (c.start, c.end))


def _tokens(doc: Doc, c: _Cand) -> None:
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    if span is not None:
        c.tok_start, c.tok_end = span.start, span.end
