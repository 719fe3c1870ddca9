"""Direct quotations in an article: where they are, what kind they are, and who said them.

The work is done in three passes over the spaCy ``Doc`` of ``Article.text``:

1. **Marks** — every character that can be a quotation mark is classified from its immediate
   context (can it open? can it close? is it an apostrophe?).  Nothing here parses.
2. **Pairing** — marks are paired paragraph by paragraph with a small stack, so an odd number
   of marks or an unclosed quote is closed at the end of its paragraph instead of swallowing
   the rest of the article.  A paragraph that opens a quote while the previous paragraph's quote
   is still open follows the news convention for quotes that run over several paragraphs.
3. **Attribution** — for each outermost quote the reporter's words around it (outside every
   quote, inside the same sentence) are searched for a speech cue; the cue's grammatical
   subject names the speaker, which is resolved to a document :class:`~briefgen.model.Entity`
   through the entity mentions (pronouns and definite descriptions to the nearest preceding
   compatible person or organisation).

All rules live in the named tables below, each with the reason it exists.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefgen.model import Entity, Mention, Quote
from briefgen.quotes.genders import compatible, entity_genders, namesakes
from briefgen.quotes.names import bare_surnames, dash_label

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# ---------------------------------------------------------------------------------------------
# Rule tables
# ---------------------------------------------------------------------------------------------


def _words(spaced: str) -> frozenset[str]:
    """A word table written as running text, so long lists stay readable."""
    return frozenset(spaced.split())


#: Quotation marks by character: (family, opens, closes).  A family pairs only with itself, so
#: a ‘single’ quote nested inside a “double” one never closes the outer quote.  Curly marks say
#: which side they are on; straight marks and the NYT's doubled apostrophe ('') are decided by
#: context (see :func:`_scan_marks`).
QUOTE_MARKS: dict[str, tuple[str, bool, bool]] = {
    "“": ("double", True, False),
    "”": ("double", False, True),
    '"': ("double", True, True),
    "''": ("double", True, True),  # NYT archive style: two apostrophes stand for one mark
    "``": ("double", True, False),  # TeX/PTB style opening mark in converted wire copy
    "„": ("double", True, False),  # German/Baltic low opening mark, closed by “ or ”
    "‘": ("single", True, False),
    "’": ("single", False, True),
    "'": ("single", True, True),
    "«": ("guillemet", True, False),
    "»": ("guillemet", False, True),
}

#: Characters after which a straight mark is an *opening* one ("He said "no"": the space before).
OPEN_CONTEXT = set(" \t\n([{—–-/\u00a0") | {"“", "‘", "«", '"', "'"}

#: Characters that may follow a closing mark: space, punctuation, end of text.
CLOSE_FOLLOW = set(" \t\n.,;:!?)]}—–-/…\u00a0") | {"”", "’", "»", '"', "'"}

#: Speech-cue verbs by lemma.  PolNeAR's attributions show the range news uses: saying, writing,
#: asking, arguing, promising ("the UK has vowed"), posting ("tweeted").  Only verbs that
#: introduce someone's own words belong here; "called" and similar labelling verbs are listed
#: in LABEL_VERBS because they also introduce quoted words ("called it “a disaster”").
CUE_VERBS = _words(
    """
    say tell add explain write ask warn vow pledge promise declare state note argue insist
    claim tweet post reply respond answer continue conclude recall remark observe admit
    acknowledge concede confirm deny announce assert contend suggest predict comment joke
    quip shout yell chant scream exclaim urge plead beg boast brag complain lament mutter
    whisper testify report reveal disclose describe recount emphasize emphasise stress
    maintain retort caution advise proclaim repeat reiterate mention muse wonder accuse
    blast slam criticize criticise mock thank hail grumble sigh snap tout swear guarantee
    threaten demand read bark allege interject opine exhort chide snipe scoff elaborate
    cite vent gush counter rebut retweet estimate sing protest condemn decry denounce lambast
    characterize characterise credit project praise
    """
)

#: Verbs that attach a quoted label to something rather than introduce speech.  They still make
#: the subject the author of the words ("Trump called Clinton “a nasty woman”"), so they count
#: as cues for attribution, but a short quote after them is a partial quote, never a full one.
LABEL_VERBS = _words(
    """
    call dub label brand term nickname describe refer
    """
)

#: Phrasal cues whose particle changes a non-speech verb into one ("He ruled out any “deal”",
#: "she went on to say" is covered by ``say``).  Lemma -> particle.
PHRASAL_CUES: dict[str, str] = {"rule": "out", "point": "out", "lay": "out", "fire": "back",
                                "hit": "back", "speak": "out", "sum": "up", "weigh": "in",
                                "go": "on", "shoot": "back"}

#: Verbs that are cues only with a fixed object right after them: "as the senator put it,
#: “...”", "as one aide puts it".  Lemma -> object.
OBJECT_CUES: dict[str, str] = {"put": "it"}

#: Verbs that report findings: cues only with a "that" clause or a quoted object.
REPORTING_CUES = frozenset({"find"})

#: Cue verbs that are speech only when used on their own ("“...,” he continued"), not with a
#: complement ("Rubio will continue to be ...").
INTRANSITIVE_CUES = frozenset({"continue", "add"})

#: Multi-word cue phrases with no verb of speech: the speaker is the object of the last word
#: ("according to Starmer", "in the words of the senator").
CUE_PHRASES: tuple[tuple[str, ...], ...] = (
    ("according", "to"),
    ("in", "the", "words", "of"),
    ("quoting",),
    ("citing",),
)

#: Nouns that make a cue through a possessive or "in a ... , X said" ("his statement", "Trump's
#: tweet") — used only when the noun heads a prepositional "in" phrase or has a possessor.
CUE_NOUNS = _words(
    """
    statement tweet remark remarks comment comments speech interview letter post message
    email op-ed memo testimony words response reply answer slogan argument view position
    claim promise pledge warning phrase quote video ad advertisement caption column piece
    article editorial release note
    """
)

#: Pronouns that stand for a person speaker and so are resolved to the nearest person.
PERSON_PRONOUNS = _words(
    """
    he she him her his hers
    """
)

#: First and second person pronouns inside a quote mark it as speech, not a label.
SPEECH_PRONOUNS = _words(
    """
    i me my we us our you your i'm we're
    """
)

#: Nouns for groups that speak through spokespeople ("the Clinton campaign said").
GROUP_NOUNS = _words(
    """
    campaign team office administration committee spokesman
    """
)

#: Short words that stay lowercase in Title Case ("Coalition of the Willing" is still a title).
MINOR_TITLE_WORDS = _words(
    """
    a an the of and or for to in on at by with from vs
    """
)

#: A quote longer than this many words reads as speech even without a verb.
SPEECH_LIKE_WORDS = 5

#: Pronouns that may stand for a person or an organisation/country ("they said", "it warned").
GROUP_PRONOUNS = _words(
    """
    they them it we
    """
)

#: Pronouns that refer back through a relative clause ("Taylor, who said ...").
RELATIVE_PRONOUNS = _words(
    """
    who that which whom
    """
)

#: Heads of definite descriptions that name a person by role ("the spokesman said", "the
#: senator told ..."): resolved like "he".  Documents and bodies ("the report", "the campaign")
#: are deliberately absent: they are not people.
PERSON_ROLE_NOUNS = _words(
    """
    spokesman spokeswoman spokesperson senator congressman congresswoman representative
    candidate nominee president governor mayor minister secretary chairman chairwoman
    chair director official aide adviser advisor strategist manager leader businessman
    billionaire businesswoman speaker lawmaker legislator lawyer attorney economist
    analyst expert professor historian author writer columnist pollster veteran mogul host
    anchor reporter frontrunner front-runner hopeful challenger incumbent rival opponent
    surrogate ambassador general commander chief executive founder father mother wife
    husband son daughter woman man chancellor premier king queen prince senior justice
    judge
    """
)

#: Entity types that can be a speaker.  A country speaks through its government ("the UK has
#: vowed"), a company or party through its spokespeople.
SPEAKER_TYPES = ("PERSON", "ORG", "GPE", "NORP")

#: Words before a short quote that mark it as a label, not speech ("the so-called “deal”").
LABEL_WORDS = _words(
    """
    so-called dubbed titled entitled named nicknamed term word phrase label slogan motto
    hashtag headline
    """
)

#: A quote at most this many words long with no punctuation of its own and no speech cue in
#: its sentence is a label or a scare quote.
SHORT_QUOTE_WORDS = 4

#: Determiners that, right before a short unpunctuated quote, show it is a noun used as a label
#: ("a European “coalition of the willing”") rather than speech.
LABEL_DETERMINERS = _words(
    """
    a an the this that these those its their his her our
    """
)

#: How many adjectives/nouns may stand between that determiner and the quote.
LABEL_MODIFIERS = 2

#: Sentence-final punctuation: a quote ending in one of these ends the reporter's sentence too
#: when the next word starts a new one.
SENTENCE_END = frozenset(".!?…")

#: Dependency labels of a clause's subject (spaCy / ClearNLP scheme).
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})

#: Objects: a name in one of these slots right before a cue verb is acted on, not speaking.
OBJECT_DEPS = frozenset({"dobj", "pobj", "iobj", "dative"})

#: Dependency labels through which a non-finite cue borrows the subject of the verb it hangs
#: from ("Trump attacked Clinton, saying ...", "she went on to say ...").
BORROW_SUBJECT_DEPS = frozenset({"advcl", "xcomp", "conj", "ccomp", "pcomp", "dep", "acl"})

#: Penn Treebank verb tags: cues the tagger calls nouns or adjectives still count by tag.
VERB_TAGS = frozenset({"VBD", "VBZ", "VBP", "VBG", "VBN", "VB"})

#: How far after an inverted cue its subject may stand ("said former Sen. Jim Webb").
INVERTED_REACH = 4

#: Words that may stand between an inverted cue and its subject: titles and name parts.
INVERTED_SUBJECT_POS = frozenset({"PROPN", "PRON", "DET", "ADJ", "NOUN", "PUNCT"})

#: Last characters of a quote that hand the sentence on to its attribution ("“...,” Lee said").
QUOTE_HANDS_OVER = (",", "?", "!", "—", "–")

#: spaCy entity labels of words that can never speak, though the parser sometimes makes them
#: a clause's subject ("In a statement released Thursday, ...").
NOT_SPEAKER_ENTS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"})

#: How many tokens of a title ("Air Force 1st Lt.") may stand before the person's name.
TITLE_REACH = 6

#: How many heads up a non-finite cue may climb to find a subject.
BORROW_DEPTH = 5

#: A cue governing the quote in the parse counts as this many times nearer.
ANCESTOR_BONUS = 3

#: How many tokens a speaker's name plus appositive may fill between a closing mark and the
#: cue ("“...,” Trump, the 2016 GOP presidential frontrunner ..., said").
APPOSITIVE_REACH = 40

#: Finite verb tags: only these invert with their subject ("said Starmer", never "saying X").
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})

#: How many tokens after a closing mark a structural cue ("“...,” Trump barked") may start.
STRUCTURAL_REACH = 10

#: Parts of speech allowed between a closing mark and a structural cue verb: the speaker's
#: name and its appositive ("“...,” Ramos, 58, told AFP").
STRUCTURAL_SKIP_POS = frozenset(
    {"PROPN", "PRON", "NOUN", "DET", "ADJ", "NUM", "PUNCT", "ADP", "CCONJ", "ADV", "AUX", "PART"}
)

#: Punctuation that hands the sentence over to a quote ("Trump boomed: “...”", "When Trump
#: wrapped up — “...”"); only a colon does so across a paragraph break.
INTRO_MARKS = (":", "—", "–", "--")


#: Prepositions whose object is the one spoken to ("a message to Lee", "shouted at Lee").
ADDRESSEE_PREPS = _words(
    """
    to at
    """
)

#: How many sentences back a pronoun may look for its antecedent.
ANTECEDENT_SENTENCES = 6

# ---------------------------------------------------------------------------------------------
# Pass 1: marks
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    family: str
    opens: bool
    closes: bool


@dataclass(frozen=True)
class _Span:
    """An outermost pair of marks (or a quote closed at its paragraph's end)."""

    open_start: int
    start: int
    end: int
    close_end: int
    para: int
    unclosed: bool


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _scan_marks(text: str, lo: int, hi: int) -> list[_Mark]:
    """Classify every quotation-mark character in ``text[lo:hi]`` from its neighbours."""
    marks: list[_Mark] = []
    i = lo
    while i < hi:
        two = text[i : i + 2]
        if two in ("''", "``") and i + 2 <= hi:
            sym, width = two, 2
        elif text[i] in QUOTE_MARKS:
            sym, width = text[i], 1
        else:
            i += 1
            continue
        family, opens, closes = QUOTE_MARKS[sym]
        prev = text[i - 1] if i > lo else " "
        nxt = text[i + width] if i + width < hi else " "
        if family == "single" and _is_word(prev) and _is_word(nxt):
            # can’t, UK’s, Starmer’s, rock 'n' roll: a mark between letters is an apostrophe.
            i += width
            continue
        if family == "single" and sym in ("‘", "'") and nxt.isdigit():
            # ’90s / '16 race: elided century, not an opening quote.
            i += width
            continue
        if opens and closes:
            # Straight marks: decide by the space on each side.
            opens = prev in OPEN_CONTEXT or prev.isspace()
            closes = not (prev.isspace()) and (nxt in CLOSE_FOLLOW or nxt.isspace())
            if not opens and not closes:
                closes = True
            if (
                family == "double"
                and prev == " "
                and text[i - 2 : i - 1] in ("'", "’")
                and i - 2 >= lo
                and (nxt in CLOSE_FOLLOW or nxt.isspace())
            ):
                # Wire style spaces a nested quote's end from the outer one ("... 'above
                # the law,' " she said): the spaced mark closes, it does not open.
                opens, closes = False, True
        elif sym == "’" and not (nxt in CLOSE_FOLLOW or nxt.isspace()):
            # A right single mark followed by a letter is an apostrophe (“’em”, o’clock).
            i += width
            continue
        elif sym == "“" and prev not in OPEN_CONTEXT and not prev.isspace() and (
            nxt in CLOSE_FOLLOW or nxt.isspace()
        ):
            # A left mark glued to the words before it and followed by a space is a closing
            # mark typed the wrong way round (“It's odd,“ said Lee): pairing it as an opener
            # would turn the attribution into a quote.
            opens, closes = False, True
        elif sym == "”" and (prev in OPEN_CONTEXT or prev.isspace()) and _is_word(nxt):
            opens, closes = True, False
        marks.append(_Mark(i, i + width, family, opens, closes))
        i += width
    return marks


# ---------------------------------------------------------------------------------------------
# Pass 2: pairing, paragraph by paragraph
# ---------------------------------------------------------------------------------------------

#: A blank line separates paragraphs.  A single newline does too when the next line starts a
#: list item or an opening curly mark (the next quoted paragraph); elsewhere a single newline
#: is hard wrapping inside a paragraph (Huffington Post copy in PolNeAR) and a quote may run
#: across it.
_PARA_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*|\n(?=[ \t\u00a0]*(?:[•·*▪◦–-]\s|\d+[.)]\s|[“‘«]))")


#: A wire dateline opening a paragraph: a place in capitals, optionally ", State" and a date in
#: parentheses or an agency, then a dash ("BELFAST —", "WASHINGTON (AP) --").
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’ -]{1,40}(?:, [A-Z][A-Za-z. ]{1,30})?(?: \([^)]{1,40}\))?\s*(?:—|–|--?)\s"
)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in _PARA_BREAK.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def _rstrip_end(text: str, lo: int, hi: int) -> int:
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return hi


def _pair(text: str, paras: list[tuple[int, int]]) -> list[_Span]:
    """Outermost quote spans.  Never raises: unmatched marks are dropped or closed at the end
    of their paragraph (an unclosed quote may not swallow the article)."""
    spans: list[_Span] = []
    for p, (lo, hi) in enumerate(paras):
        stack: list[_Mark] = []
        for mark in _scan_marks(text, lo, hi):
            top = stack[-1] if stack else None
            if top is not None and mark.closes and mark.family == top.family:
                stack.pop()
                if not stack:
                    spans.append(_Span(top.start, top.end, mark.start, mark.end, p, False))
                continue
            if top is not None and mark.closes and any(m.family == mark.family for m in stack):
                # A closer for an outer mark while an inner one is open: the inner one was not
                # a quote (a stray apostrophe-like mark).  Close the outer quote here.
                while stack and stack[-1].family != mark.family:
                    stack.pop()
                outer = stack.pop()
                if not stack:
                    spans.append(_Span(outer.start, outer.end, mark.start, mark.end, p, False))
                continue
            if mark.opens:
                if top is not None and top.family == mark.family:
                    # “A “B: the first mark never closed; end it before the new one.
                    end = _rstrip_end(text, top.end, mark.start)
                    if len(stack) == 1 and end > top.end:
                        spans.append(_Span(top.start, top.end, end, end, p, True))
                    stack = stack[:-1]
                if len(stack) < 2:
                    stack.append(mark)
            # A closer with nothing open is a stray mark (or an s’ possessive): ignored.
        if stack:
            outer = stack[0]
            end = _rstrip_end(text, outer.end, hi)
            if end > outer.end:
                spans.append(_Span(outer.start, outer.end, end, end, p, True))
    return [s for s in spans if text[s.start : s.end].strip()]


# ---------------------------------------------------------------------------------------------
# Pass 3: kind and attribution
# ---------------------------------------------------------------------------------------------


@dataclass
class _Ctx:
    """Per-document indexes shared by the attribution helpers."""

    doc: Doc
    spans: list[_Span]
    inside: list[bool]
    """Per token: within some quote (marks included)."""
    mention_starts: list[int]
    mentions: list[Mention]
    types: dict[str, str]
    paras: list[tuple[int, int]]
    starts: list[int]
    """Character offset of every token, for bisecting."""
    sents: list
    """The parser's sentences, for antecedent search."""
    text: str = ""
    """``doc.text``, kept because spaCy rebuilds it on every access."""
    genders: dict[str, str] = field(default_factory=dict)
    """PERSON entity key -> gender where the text gives evidence (see briefgen.speakers)."""
    namesakes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """PERSON entity key -> the other people of the text with the same surname."""


def _token_at(ctx: _Ctx, char: int) -> int:
    """Index of the token containing ``char``."""
    return max(bisect.bisect_right(ctx.starts, char) - 1, 0)


def _mention_for_token(ctx: _Ctx, tok: Token) -> Mention | None:
    i = bisect.bisect_right(ctx.mention_starts, tok.idx) - 1
    while i >= 0:
        m = ctx.mentions[i]
        if m.start <= tok.idx < m.end:
            return m
        if m.end <= tok.idx and tok.idx - m.start > 200:
            break
        i -= 1
    return None


def _sentence_bounds(ctx: _Ctx, q: _Span) -> tuple[int, int]:
    """Character range of the reporter's sentence around ``q``: from the last sentence end
    outside quotes before it to the next one after it, within its paragraph."""
    text = ctx.text
    plo, phi = ctx.paras[q.para]
    lo = plo
    for s in ctx.spans:
        if s.para == q.para and s.close_end <= q.open_start and _ends_sentence(text, s, phi):
            lo = max(lo, s.close_end)
    for m in _SENT_END.finditer(text, plo, q.open_start):
        if not _inside_any(ctx, m.start()):
            lo = max(lo, m.end())
    hi = phi
    if q.unclosed or _ends_sentence(text, q, phi):
        hi = q.close_end
    else:
        pos = q.close_end
        for m in _SENT_END.finditer(text, q.close_end, phi):
            if not _inside_any(ctx, m.start()):
                hi = min(hi, m.end())
                break
        for s in ctx.spans:
            # The sentence goes on through later quotes; stop at one that ends it.
            if (
                s.para == q.para
                and pos <= s.open_start < hi
                and _ends_sentence(text, s, phi)
            ):
                hi = min(hi, s.close_end)
                break
    return lo, hi


#: A sentence-final mark outside quotes, followed by a space and not part of an abbreviation
#: like "Mr." or "U.S." (one capital or a short capitalised word before the period).
_SENT_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSen)(?<!\bRep)(?<!\bGov)"
    r"(?<!\bSt)(?<!\bJr)(?<!\bSr)(?<!\bGen)(?<!\bLt)(?<!\bCol)(?<!\bRev)(?<!\bProf)"
    r"(?<!\bNo)(?<!\bvs)(?<!\bInc)(?<!\bCo)(?<!\bCorp)(?<!\bPres)(?<!\bSgt)(?<!\bCapt)"
    r"[.!?]+(?=\s+[“‘\"'(A-Z0-9]|\s*$)"
)


def _ends_sentence(text: str, s: _Span, phi: int) -> bool:
    """A quote whose own words end with . ! ? and that is followed by a new sentence."""
    inner = text[s.start : s.end].rstrip()
    if not inner or inner[-1] not in SENTENCE_END:
        return False
    if inner[-1] in "?!" and _CUE_START.match(text, s.close_end):
        # “Why now?” Trump asked. — the attribution follows a question or exclamation.
        return False
    rest = text[s.close_end : phi].lstrip()
    return not rest or rest[0].isupper() or rest[0] in "“‘\"'«"


#: What follows a quote ending in ? or ! when the attribution comes next: a name or pronoun
#: and a verb, or a verb and a name ("“Why?” she asked", "“No!” shouted Cole").
_CUE_START = re.compile(r"\s*(?:[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}|he|she|they|it|we|I)"
                        r"(?:,[^.!?]{0,120},)?\s+[a-z]+|\s*[a-z]+(?:ed|s)\s+[A-Z]")


def _inside_any(ctx: _Ctx, char: int) -> bool:
    return any(s.open_start <= char < s.close_end for s in ctx.spans)


@dataclass(frozen=True)
class _Cue:
    words: str
    """The cue as printed ("said", "according to", "ruled out")."""
    anchor: Token
    subject: Token | None
    label: bool = False
    """A labelling verb ("called"): the quote is the author's words, but not a full quote."""


def _outside(ctx: _Ctx, tok: Token | None) -> Token | None:
    return tok if tok is not None and not ctx.inside[tok.i] else None


def _cue_at(ctx: _Ctx, tok: Token, after: int | None = None) -> _Cue | None:
    """The speech cue starting at ``tok``, if any, with its subject."""
    doc = ctx.doc
    for phrase in CUE_PHRASES:
        words = [t.lower_ for t in doc[tok.i : tok.i + len(phrase)]]
        if tuple(words) == phrase:
            last = doc[tok.i + len(phrase) - 1]
            obj = next((c for c in last.children if c.dep_ in ("pobj", "dobj")), None)
            if obj is None and last.i + 1 < len(doc):
                obj = doc[last.i + 1]
            obj = _outside(ctx, obj)
            if obj is None:
                return None
            return _Cue(" ".join(t.text for t in doc[tok.i : last.i + 1]), last, obj)
    if tok.pos_ not in ("VERB", "AUX") and (
        tok.tag_ not in VERB_TAGS or tok.pos_ in ("NOUN", "PROPN", "ADJ")
    ):
        return None
    lemma = tok.lemma_.lower()
    if lemma in PHRASAL_CUES:
        prt = next(
            (c for c in tok.children if c.dep_ in ("prt", "advmod", "prep")
             and c.lower_ == PHRASAL_CUES[lemma] and c.i == tok.i + 1),
            None,
        )
        if prt is None or prt.lower_ != PHRASAL_CUES[lemma]:
            return None
        return _Cue(f"{tok.text} {prt.text}", tok, _subject(ctx, tok, after))
    if lemma in OBJECT_CUES:
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if nxt is None or nxt.lower_ != OBJECT_CUES[lemma] or nxt.head.i != tok.i:
            return None
        if any(c.dep_ in ("prep", "prt", "dative") for c in tok.children):
            # "put it on the table", "put it off": placing something, not wording it.
            return None
        return _Cue(f"{tok.text} {nxt.text}", tok, _subject(ctx, tok, after))
    if lemma in REPORTING_CUES:
        # "the study found that “...”", "the report found “no evidence ...”" — but not "voters
        # find him “hard to like”", where the quote describes the object.
        if any(c.dep_ == "ccomp" and any(g.dep_ == "mark" for g in c.children)
               or c.dep_ == "dobj" and ctx.inside[c.i] for c in tok.children):
            return _Cue(tok.text, tok, _subject(ctx, tok, after))
        return None
    if lemma in INTRANSITIVE_CUES and any(
        c.dep_ in ("xcomp", "dobj") and not ctx.inside[c.i]
        # The parser sometimes hangs the next paragraph's words on the verb: only a complement
        # in the cue's own paragraph counts.
        and "\n" not in ctx.text[min(tok.idx, c.idx) : max(tok.idx, c.idx)]
        for c in tok.children
    ):
        return None
    if lemma in LABEL_VERBS:
        return _Cue(tok.text, tok, _subject(ctx, tok, after), label=True)
    if lemma in CUE_VERBS or tok.lower_ in ("says", "said"):
        return _Cue(tok.text, tok, _subject(ctx, tok, after))
    return None


def _nominal(ctx: _Ctx, tok: Token) -> bool:
    return not ctx.inside[tok.i] and tok.pos_ in ("PROPN", "PRON", "NOUN")


def _subject(ctx: _Ctx, verb: Token, after: int | None = None) -> Token | None:
    """The cue's speaker token: its own subject; else a name right before or after it
    ("“...,” Beck joked", "said Starmer"); else the subject of the clause it depends on,
    preferring a governing speech verb ("Trump told X that Y ..., adding ...").  ``after`` is
    the first token after the attributed quote's closing mark when the cue follows it."""
    doc = ctx.doc
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is not None:
        # "Rubio was asked by moderator Gerard Baker whether ...": the agent speaks.
        obj = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if obj is not None and not ctx.inside[obj.i]:
            return obj
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and not ctx.inside[c.i]]
    if len(subjects) > 1:
        # A title abbreviation splits one name into two subjects ("said Army Capt. Jane Roe"
        # parsed as "Army Capt" + "Jane Roe"): the one naming a person is the speaker.
        people = [c for c in subjects if _is_person(ctx, c)]
        if people:
            return people[0]
    if subjects:
        # After an inverted verb the subject may be the front of a long title ("said Air
        # Force 1st Lt. Jo Roe"); before the verb it is the whole noun phrase.
        return _person_after_title(ctx, subjects[0]) if subjects[0].i > verb.i else subjects[0]
    if verb.dep_ == "relcl" and _nominal(ctx, verb.head):
        return verb.head
    i = verb.i - 1
    while i >= 0 and not ctx.inside[i] and not _is_person(ctx, doc[i]) and (
        doc[i].pos_ in ("ADV", "AUX", "PART") or doc[i].ent_type_ in NOT_SPEAKER_ENTS
        or (doc[i].pos_ == "ADP" and doc[i + 1].ent_type_ in NOT_SPEAKER_ENTS)
    ):
        # "Lee on Wednesday called ...", "a statement Wednesday saying ...": the date
        # between the speaker and the verb is skipped, never taken for the speaker.
        i -= 1
    if i >= 0 and not ctx.inside[i] and (
        doc[i].pos_ in ("PROPN", "PRON")
        # A name the parser took for another word ("“...,” Will wrote", *Will* a modal),
        # unless it is the object of a verb before ("wants Lee to explain").
        or (_is_person(ctx, doc[i]) and doc[i].dep_ not in OBJECT_DEPS)
    ) and doc[i].dep_ != "poss":
        return doc[i]
    after_quote = i >= 0 and (
        ctx.inside[i] or (doc[i].text == "," and i > 0 and ctx.inside[i - 1])
    )
    no_subject_slot = i < 0 or doc[i].is_punct or doc[i].is_sent_start is True
    named_between = after is not None and any(
        doc[k].pos_ in ("PROPN", "PRON") and not ctx.inside[k] for k in range(after, verb.i)
    )
    if verb.tag_ in FINITE_TAGS and (after_quote or no_subject_slot) and not named_between:
        # A name between the closing mark and the verb is the subject, set off by an
        # appositive ("“...,” Ramos, 58, told AFP"): the name after the verb is its object.
        # Inverted order right after a quote: "“...,” said Sen. Ted Cruz".
        for j in range(verb.i + 1, min(verb.i + 1 + INVERTED_REACH, len(doc))):
            t = doc[j]
            named = _is_person(ctx, t)
            if ctx.inside[j] or (t.pos_ not in INVERTED_SUBJECT_POS and not named):
                break
            if t.dep_ == "poss" or t.tag_ == "POS":
                # "said Lee's adviser, Jo Roe": the owner is not the one speaking.
                continue
            if t.pos_ == "PROPN" or named or (
                after_quote and (t.pos_ == "PRON" or t.lemma_ in PERSON_ROLE_NOUNS)
            ):
                while t.dep_ in ("compound", "flat") and t.head.i > t.i:
                    t = t.head
                return _person_after_title(ctx, t)
    # "“...,” Ramos, 58, told AFP": the first name after the closing mark.
    j = verb.i - 1
    if after is not None and after <= verb.i:
        j = after - 1
    else:
        while j >= 0 and verb.i - j <= APPOSITIVE_REACH and not ctx.inside[j]:
            if doc[j].text in ".;:!?":
                j = -1
                break
            j -= 1
        if j > 0 and ctx.text[doc[j].idx - 1 : doc[j].idx] not in QUOTE_HANDS_OVER:
            # The quote before ends its own sentence ("“...period.” On Saturday, Ann Lee
            # issued ..."): the words after it start a new sentence, not an attribution.
            j = -1
    if j >= 0 and ctx.inside[j] and verb.i - j <= APPOSITIVE_REACH:
        for k in range(j + 1, verb.i):
            if doc[k].ent_type_ in NOT_SPEAKER_ENTS:
                continue
            if doc[k].pos_ in ("PROPN", "PRON") and not ctx.inside[k]:
                t = doc[k]
                while t.dep_ in ("compound", "flat") and t.head.i > t.i and t.head.i < verb.i:
                    t = t.head
                return t
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in CUE_NOUNS:
        # "a statement saying ...": the statement speaks; _resolve finds who issued it.
        return verb.head
    fallback = None
    node, depth = verb, 0
    while node.head.i != node.i and depth < BORROW_DEPTH:
        node, depth = node.head, depth + 1
        subj = next(
            (c for c in node.children if c.dep_ in SUBJECT_DEPS and not ctx.inside[c.i]), None
        )
        if subj is None or subj.ent_type_ in NOT_SPEAKER_ENTS:
            # "released Thursday" parsed with the date as subject: dates never speak.
            continue
        if node.lemma_.lower() in CUE_VERBS:
            return subj
        fallback = fallback or subj
    return fallback


def _person_after_title(ctx: _Ctx, tok: Token) -> Token:
    """``tok``, or the person named right after it when ``tok`` is only the front of a long
    title the parser cut short ("said Air Force 1st Lt. Jo Roe", "mused Blaze co-host Al Li"):
    the title words are not the speaker, the name that ends the run is."""
    if _is_person(ctx, tok):
        return tok
    doc = ctx.doc
    for k in range(tok.i + 1, min(tok.i + 1 + TITLE_REACH, len(doc))):
        t = doc[k]
        prev = doc[k - 1]
        abbrev = t.text == "." and not prev.whitespace_ and prev.text[:1].isupper() and len(
            prev.text) <= 4
        if ctx.inside[k] or t.pos_ in ("VERB", "AUX", "ADP", "SPACE") or (
            t.pos_ == "PUNCT" and t.text != "-" and not abbrev
        ):
            # Only the title's own words: an abbreviation's period is tagged as part of the
            # name ("Lt."), a sentence's final one is punctuation.
            break
        if _is_person(ctx, t):
            while t.dep_ in ("compound", "flat") and t.head.i > t.i and _is_person(ctx, t.head):
                t = t.head
            return t
    return tok


def _is_person(ctx: _Ctx, tok: Token) -> bool:
    m = _mention_for_token(ctx, tok)
    return m is not None and ctx.types.get(m.entity) == "PERSON"


def _speaker_span(ctx: _Ctx, head: Token, lo: int, hi: int) -> tuple[int, int]:
    """Character range of the words naming the speaker: the subject's subtree, cut at any quote
    and at the sentence bounds, without trailing punctuation."""
    sub = [t for t in head.subtree if lo <= t.idx < hi]
    toks = [t for t in sub if not ctx.inside[t.i]]
    idx = {t.i for t in toks}
    if toks:
        # A short quoted title inside the speaker's appositive belongs to it ("Hemsley, the
        # co-author of “Going Viral,” said ..."): the words would otherwise stop at "of".
        span_lo, span_hi = toks[0].idx, toks[-1].idx
        for s in ctx.spans:
            if span_lo < s.open_start and s.close_end <= span_hi and len(
                ctx.text[s.start : s.end].split()
            ) <= SHORT_QUOTE_WORDS:
                idx.update(t.i for t in sub if s.open_start <= t.idx < s.close_end)
    first = last = head.i
    while first - 1 in idx:
        first -= 1
    while last + 1 in idx:
        last += 1
    doc = ctx.doc
    while last > first and doc[last].is_punct and doc[last].text != ")":
        last -= 1
    while first < last and doc[first].is_punct:
        first += 1
    if last > first and doc[last].lower_ in ("’s", "'s", "’", "'"):
        last -= 1
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def _entity_in(ctx: _Ctx, lo: int, hi: int, head: Token) -> str | None:
    """The entity named by the speaker words: the mention covering the head; for a role or
    document noun ("Starmer’s remarks", "a spokesman for the Trump campaign") the best
    speaker-typed mention among its dependents."""
    m = _mention_for_token(ctx, head)
    if m is not None and ctx.types.get(m.entity) in SPEAKER_TYPES:
        return m.entity
    lemma = head.lemma_.lower()
    if lemma not in PERSON_ROLE_NOUNS and lemma not in CUE_NOUNS and lemma not in GROUP_NOUNS:
        return None
    best: tuple[int, int, str] | None = None
    i = bisect.bisect_left(ctx.mention_starts, lo)
    while i < len(ctx.mentions) and ctx.mentions[i].start < hi:
        mm = ctx.mentions[i]
        t = ctx.types.get(mm.entity)
        if mm.end <= hi and t in SPEAKER_TYPES:
            rank = (SPEAKER_TYPES.index(t), mm.start)
            if best is None or rank < best[:2]:
                best = (*rank, mm.entity)
        i += 1
    return best[2] if best else None


def _is_description(head: Token) -> bool:
    """A definite description of a person by role: "the spokesman", "the former senator"."""
    if head.pos_ != "NOUN" or head.lemma_.lower() not in PERSON_ROLE_NOUNS:
        return False
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children)


def _mention_head(ctx: _Ctx, m: Mention) -> Token:
    return ctx.doc[_token_at(ctx, max(m.end - 1, m.start))]


def _antecedent(
    ctx: _Ctx, before: int, types: tuple[str, ...], speakers: dict[int, str], word: str = ""
) -> str | None:
    """Nearest preceding compatible entity for a pronoun/description at ``before``.

    Sentence by sentence backwards: a grammatical subject wins over other mentions of the same
    sentence (the person a passage is about is usually its subject), then the speaker of a
    quote in that sentence, then its first compatible mention.  A person whose gender the
    text makes clear must agree with ``word`` ("she", "the spokesman"): "she" skips a man
    even when he is the nearer subject.
    """
    sents = ctx.sents
    starts = [s.start_char for s in sents]
    si = bisect.bisect_right(starts, before) - 1
    for k in range(si, max(-1, si - ANTECEDENT_SENTENCES), -1):
        sent = sents[k]
        hi = min(sent.end_char, before)
        spoke = [key for pos, key in speakers.items() if sent.start_char <= pos < sent.end_char
                 and ctx.types.get(key) in types and compatible(word, ctx.genders.get(key))]
        cands: list[tuple[int, int, str]] = []
        i = bisect.bisect_left(ctx.mention_starts, sent.start_char)
        while i < len(ctx.mentions) and ctx.mentions[i].start < hi:
            m = ctx.mentions[i]
            i += 1
            key = m.entity
            if ctx.types.get(key) not in types:
                continue
            if not compatible(word, ctx.genders.get(key)):
                # "Clinton ... she": the surname went to the wrong Clinton; the one namesake
                # the text shows to be a woman is meant.
                fits = [k for k in ctx.namesakes.get(key, ())
                        if ctx.genders.get(k) and compatible(word, ctx.genders[k])]
                if len(fits) != 1:
                    continue
                key = fits[0]
            head = _mention_head(ctx, m)
            if ctx.inside[head.i]:
                continue
            subj = head.dep_ in SUBJECT_DEPS or (
                head.dep_ in ("compound", "appos", "poss", "conj")
                and head.head.dep_ in SUBJECT_DEPS
            )
            cands.append((0 if subj else 1, m.start, key))
        if cands and min(cands)[0] == 0:
            return min(cands)[2]
        if spoke:
            return spoke[-1]
        if cands:
            return min(cands)[2]
    return None


def _after_determiner(ctx: _Ctx, open_start: int) -> bool:
    """The words before the open mark are a determiner plus modifiers ("a European “...”")."""
    i = bisect.bisect_left(ctx.starts, open_start) - 1
    steps = 0
    while i >= 0 and steps <= LABEL_MODIFIERS:
        tok = ctx.doc[i]
        if ctx.inside[i] or not ctx.inside[tok.head.i]:
            # Only words that modify the quoted noun count ("his staff “did ...”" does not).
            return False
        if tok.dep_ in ("det", "poss") or (tok.pos_ == "DET" and tok.dep_ != "mark"):
            return True
        if tok.pos_ not in ("ADJ", "PROPN", "NOUN", "NUM"):
            return False
        i -= 1
        steps += 1
    return False


def _quote_tokens(ctx: _Ctx, q: _Span) -> list[Token]:
    a = bisect.bisect_left(ctx.starts, q.start)
    b = bisect.bisect_left(ctx.starts, q.end)
    return [ctx.doc[i] for i in range(a, b)]


def _title_case(words: Sequence[str]) -> bool:
    """Every word capitalised except short function words ("Meet the Press")."""
    content = [w for w in words if w.lower() not in MINOR_TITLE_WORDS]
    return bool(content) and all(w[:1].isupper() for w in content)


def _speech_like(ctx: _Ctx, q: _Span) -> bool:
    """Words that read as someone's speech rather than a label or title: a verb, a first or
    second person pronoun, sentence punctuation, or length — and not Title Case."""
    toks = [t for t in _quote_tokens(ctx, q) if not t.is_punct]
    if not toks:
        return False
    words = [t for t in toks if t.is_alpha]
    if len(words) > 1 and all(t.text[:1].isupper() for t in words if t.lower_ not in
                              MINOR_TITLE_WORDS):
        return False
    inner = ctx.text[q.start : q.end].rstrip()
    return (
        any(t.pos_ in ("VERB", "AUX") for t in toks)
        or any(t.lower_ in SPEECH_PRONOUNS for t in toks)
        or (len(toks) > 1 and inner[-1:] in ".!?")
        or len(toks) > SPEECH_LIKE_WORDS
    )


def _quote_kind(ctx: _Ctx, q: _Span, lo: int, has_cue: bool, label_verb: bool) -> str:
    """``full`` for a sentence or more, ``partial`` for a phrase in the reporter's sentence,
    ``scare`` for a label with no speech context."""
    text = ctx.text
    inner = text[q.start : q.end].strip()
    words = inner.split()
    lead = text[lo : q.open_start].rstrip()
    punctuated = bool(re.search(r"[,.;:!?]", inner))
    preceded = lead.split()[-1].lower() if lead.split() else ""
    if preceded.strip("“”\"'‘’") in LABEL_WORDS and len(words) <= SHORT_QUOTE_WORDS:
        return "scare"
    if len(words) <= SHORT_QUOTE_WORDS and not punctuated and _title_case(words):
        # “Meet the Press”, “Ted Cruz” pins: a title or name in quotes is not speech.
        return "scare"
    sentence_start = not lead or lead[-1] in ":—–-" or (
        lead[-1] == "," and (inner[:1].isupper() or inner[:1] in "“‘\"'")
    )
    short_label = label_verb and len(words) <= SHORT_QUOTE_WORDS
    if (
        sentence_start
        and len(words) > 1
        and not short_label
        and (has_cue or punctuated or len(words) > SHORT_QUOTE_WORDS)
    ):
        return "full"
    if not has_cue:
        return "scare"
    if (
        len(words) <= SHORT_QUOTE_WORDS
        and not punctuated
        and not label_verb
        and _after_determiner(ctx, q.open_start)
    ):
        # "a European “coalition of the willing” to protect ...": a noun used as a label.
        return "scare"
    return "partial"


def _find_cue(ctx: _Ctx, q: _Span, lo: int, hi: int) -> _Cue | None:
    """The cue for ``q`` among the reporter's words of its sentence.

    The cue nearest to the quote wins, a cue governing it in the parse counting as nearer.
    A verb right after a quote that ends in a comma, ? or ! with a name next to it is a cue
    whatever the verb ("“Go back,” Trump barked").
    """
    doc = ctx.doc
    qtoks = _quote_tokens(ctx, q)
    depth_of: dict[int, int] = {}
    for t in qtoks:
        node, d = t, 0
        while node.head.i != node.i and d < 12:
            node, d = node.head, d + 1
            if not ctx.inside[node.i] and (node.i not in depth_of or depth_of[node.i] > d):
                depth_of[node.i] = d
    a = bisect.bisect_left(ctx.starts, lo)
    b = bisect.bisect_left(ctx.starts, hi)
    found: list[tuple[tuple[int, int], _Cue]] = []
    colon = ctx.text[lo : q.open_start].rstrip().endswith(":")
    for i in range(a, b):
        if ctx.inside[i]:
            continue
        close = bisect.bisect_left(ctx.starts, q.close_end)
        cue = _cue_at(ctx, doc[i], close if i >= close else None)
        if cue is None:
            continue
        if colon and i < close and i not in depth_of and _in_relative_clause(doc[i]):
            # "Lee wrote back, mocking a rival who promised tax cuts: “...”": the cue describes
            # the rival; the quote after the colon is the main clause's.
            continue
        tok = doc[i]
        dist = q.open_start - tok.idx if tok.idx < q.open_start else tok.idx - q.close_end
        # A cue that governs the quote in the parse counts as nearer than one that does not,
        # but not absolutely: the small model's parse of long sentences is often wrong.
        rank = (0, dist // ANCESTOR_BONUS if i in depth_of else dist)
        found.append((rank, cue))
    inner = ctx.text[q.start : q.end].rstrip()
    if not found and inner[-1:] in ",?!—":
        c = bisect.bisect_left(ctx.starts, q.close_end)
        for j in range(c, min(c + STRUCTURAL_REACH, b)):
            t = doc[j]
            if t.pos_ == "VERB":
                subj = _subject(ctx, t, c)
                if subj is not None and (subj.pos_ in ("PROPN", "PRON") or _is_description(subj)):
                    found.append(((2, j - c), _Cue(t.text, t, subj)))
                break
            if t.pos_ not in STRUCTURAL_SKIP_POS or ctx.inside[j] or t.text in ".;:":
                break
    if not found:
        return None
    found.sort(key=lambda f: f[0])
    return found[0][1]


def _clause_subject(ctx: _Ctx, q: _Span) -> Token | None:
    """Subject of the nearest clause outside the quote that contains it, climbing until one
    names somebody ("Rubio bemoaned a climate in which people “literally hate ...”")."""
    for t in _quote_tokens(ctx, q):
        if t.head.i == t.i or not ctx.inside[t.head.i]:
            node, d = t, 0
            while node.head.i != node.i and d < 10:
                node, d = node.head, d + 1
                if ctx.inside[node.i]:
                    continue
                subj = next(
                    (c for c in node.children if c.dep_ in SUBJECT_DEPS and not ctx.inside[c.i]),
                    None,
                )
                if subj is not None and _names_someone(ctx, subj):
                    return subj
            return None
    return None


def _names_someone(ctx: _Ctx, tok: Token) -> bool:
    """Whether ``tok`` names a possible speaker: a pronoun, a description, a speaker-typed
    mention, or a cue noun whose possessor names one ("his answer")."""
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    if tok.lemma_.lower() in CUE_NOUNS and poss is not None and poss.i != tok.i:
        return _names_someone(ctx, poss)
    if tok.lower_ in PERSON_PRONOUNS or _is_description(tok):
        return True
    m = _mention_for_token(ctx, tok)
    return m is not None and ctx.types.get(m.entity) in SPEAKER_TYPES


def _intro_subject(ctx: _Ctx, q: _Span, lo: int) -> Token | None:
    """For a quote with no cue in its sentence: the person introducing it.

    A lead ending in a colon names the speaker (the last name before the colon, else the
    clause subject: "Trump leaned in and boomed: “...”"); a quote opening a sentence or a
    paragraph is by the subject of the sentence before it, when that names someone
    ("Valastro praised Christie. ¶ “We need someone ...”").
    """
    doc, text = ctx.doc, ctx.text
    lead = text[lo : q.open_start].rstrip()
    before = lead or text[: q.open_start].rstrip()
    intro = next((m for m in INTRO_MARKS if before.endswith(m)), None)
    if intro is not None and (lead or intro == ":"):
        colon = text.rindex(intro, 0, q.open_start)
        i = _token_at(ctx, colon) - 1
        if i >= 0 and not ctx.inside[i] and _names_someone(ctx, doc[i]) and not _addressee(
            ctx, doc[i]
        ):
            # "Lee: “...”", "From Lee's post: “...”" — but not "a message to Lee: “...”",
            # where the name before the colon is the one spoken to.
            return doc[i]
        sent = doc[_token_at(ctx, colon)].sent
        for t in reversed(sent):
            cue = None if ctx.inside[t.i] or t.idx > colon else _cue_at(ctx, t)
            if cue is not None and cue.subject is not None and not _in_relative_clause(t):
                return cue.subject
        return _root_subject(ctx, sent) or (_climb_subject(ctx, doc[i]) if i >= 0 else None)
    if lead:
        if lead.endswith(","):
            # "Lee issued a statement, “...”", "in a tweet, “...”": a cue noun before the
            # comma introduces the quote; whoever issued it speaks.
            i = _token_at(ctx, text.rindex(",", 0, q.open_start)) - 1
            if i >= 0 and not ctx.inside[i] and doc[i].lemma_.lower() in CUE_NOUNS:
                return _climb_subject(ctx, doc[i])
        return None
    tok = doc[_token_at(ctx, q.open_start)]
    k = bisect.bisect_right([s.start_char for s in ctx.sents], tok.idx) - 1
    plo = ctx.paras[q.para][0]
    prev_plo = ctx.paras[q.para - 1][0] if q.para > 0 else 0
    for j in range(k - 1, max(-1, k - 3), -1):
        sent = ctx.sents[j]
        # The parser may start a sentence with the previous paragraph's closing mark; where
        # the reporter's words start is what counts.
        begin = next((t.idx for t in sent if not (ctx.inside[t.i] or t.is_punct or t.is_space)),
                     sent.start_char)
        if sent.end_char <= prev_plo or (begin < plo and q.open_start != plo):
            break
        if all(ctx.inside[t.i] or t.is_punct for t in sent):
            continue
        return _root_subject(ctx, sent) or _person_subject(ctx, sent)
    return None


def _addressee(ctx: _Ctx, tok: Token) -> bool:
    """Whether ``tok``, right before a colon, is spoken to or about rather than speaking: an
    indirect object, the object of "to" ("a message to Lee:"), or a place or body after a
    preposition ("said Lee was from Ohio:").  A person after a preposition may still be a
    speaker label the parser hung on a headline's words ("... IN OHIO - Ann Lee:")."""
    if tok.dep_ in ("dative", "iobj"):
        return True
    if tok.dep_ != "pobj" or tok.lemma_.lower() in CUE_NOUNS:
        return False
    return tok.head.lower_ in ADDRESSEE_PREPS or not _is_person(ctx, tok)


def _in_relative_clause(tok: Token) -> bool:
    """Whether ``tok`` is inside a clause describing a common noun ("a rival who promised
    ..."): such a cue says who someone is and does not introduce the quote after a colon.
    A clause on a name ("Lee, who told reporters: “...”") does introduce it."""
    node, depth = tok, 0
    while node.head.i != node.i and depth < BORROW_DEPTH:
        if node.dep_ in ("relcl", "acl"):
            return node.head.pos_ != "PROPN"
        node, depth = node.head, depth + 1
    return False


def _person_subject(ctx: _Ctx, sent) -> Token | None:
    """The last person who is the subject of some clause of ``sent``, outside quotes.

    When the main clause is about something else ("What he meant is unclear, since Lee spoke
    only in slogans. ¶ “...”"), the person acting in a subordinate clause is still the one
    the next, unattributed quote belongs to."""
    found = None
    for t in sent:
        if t.dep_ in SUBJECT_DEPS and not ctx.inside[t.i] and _is_person(ctx, t):
            found = t
    return found


def _climb_subject(ctx: _Ctx, tok: Token) -> Token | None:
    """The subject of the clause the reporter's words before a colon belong to, found by
    climbing the parse from the last word before it.  Needed when the parser makes the quote
    the root of the sentence ("Sanders delivered a retort: “...”" parsed with the quote's verb
    as root): the sentence root is then inside the quote and names nobody."""
    node, depth = tok, 0
    while depth < BORROW_DEPTH and not ctx.inside[node.i]:
        subj = next(
            (c for c in node.children if c.dep_ in SUBJECT_DEPS and not ctx.inside[c.i]), None
        )
        if subj is not None and _names_someone(ctx, subj):
            return subj
        # "Lee has apologized for what happened: “...”": a clause whose subject names nobody
        # hangs from the one whose subject speaks.
        if node.head.i == node.i:
            break
        node, depth = node.head, depth + 1
    return None


def _root_subject(ctx: _Ctx, sent) -> Token | None:
    root = sent.root
    if ctx.inside[root.i]:
        return None
    subj = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
    if subj is not None and not ctx.inside[subj.i] and _names_someone(ctx, subj):
        return subj
    return None


def _sentences(doc: Doc) -> list:
    """The parser's sentences; the whole text as one when the pipeline sets none (a blank
    pipeline in tests), so attribution degrades instead of raising."""
    if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
        return list(doc.sents)
    return [doc[:]] if len(doc) else []


def quote_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of the words inside every outermost pair of quotation marks in ``text``.

    Pure text, no model: what gets styled as quoted.  Unclosed quotes end at their paragraph.
    """
    out = []
    for s in _pair(text, _paragraphs(text)):
        inner = text[s.start : s.end]
        lo = s.start + len(inner) - len(inner.lstrip())
        out.append((lo, _rstrip_end(text, lo, s.end)))
    return tuple(out)


def extract_quotes(
    doc: Doc, mentions: Sequence[Mention], entities: Sequence[Entity]
) -> tuple[Quote, ...]:
    """Every outermost quotation in ``doc`` with its kind, cue and resolved speaker.

    ``mentions``/``entities`` come from :func:`briefgen.entities.extract_entities` for the same
    text; ``Quote.speaker`` is always one of their keys or None.  Sorted by start offset.
    """
    text = doc.text
    paras = _paragraphs(text)
    spans = _pair(text, paras)
    if not spans:
        return ()
    starts = [t.idx for t in doc]
    inside = [False] * len(doc)
    for s in spans:
        a = bisect.bisect_left(starts, s.open_start)
        b = bisect.bisect_left(starts, s.close_end)
        for i in range(a, b):
            # A token glued to the closing mark ("paranoia,”Clinton") is the reporter's word.
            inside[i] = starts[i] < s.end or starts[i] + len(doc[i]) <= s.close_end
    for lo, _ in paras:
        # A wire dateline ("BELFAST — the UK has vowed ...") is not the sentence's subject,
        # though the parser often makes it one: keep it out of the reporter's words.
        m = _DATELINE.match(text, lo)
        if m:
            for i in range(bisect.bisect_left(starts, lo), bisect.bisect_left(starts, m.end())):
                inside[i] = True
    # Bare surnames the parser mis-tagged ("Will wrote", "said Skelly") join their person.
    ms = sorted([*mentions, *bare_surnames(doc, mentions, entities)],
                key=lambda m: (m.start, m.end))
    ctx = _Ctx(
        doc=doc,
        spans=spans,
        inside=inside,
        mention_starts=[m.start for m in ms],
        mentions=ms,
        types={e.key: e.type for e in entities},
        paras=paras,
        starts=starts,
        sents=_sentences(doc),
        text=text,
        genders=entity_genders(text, ms, entities),
        namesakes=namesakes(entities),
    )
    quotes: list[Quote] = []
    speakers: dict[int, str] = {}
    prev: tuple[_Span, Quote] | None = None
    for q in spans:
        quote = _attribute(ctx, q, speakers, prev)
        if quote.speaker is not None:
            speakers[q.open_start] = quote.speaker
        quotes.append(quote)
        if quote.kind != "scare":
            prev = (q, quote)
    return tuple(sorted(quotes, key=lambda x: (x.start, x.end)))


def _continues(ctx: _Ctx, q: _Span, prev: tuple[_Span, Quote] | None) -> Quote | None:
    """The previous quote, when ``q`` carries on its passage: same paragraph, or ``q`` opens
    the next paragraph (news convention for quotes running over several paragraphs)."""
    if prev is None or (prev[1].speaker is None and prev[1].speaker_text is None):
        return None
    p_span, p_quote = prev
    if p_span.para == q.para or (
        p_span.para == q.para - 1 and q.open_start == ctx.paras[q.para][0]
    ):
        return p_quote
    return None


def _attribute(
    ctx: _Ctx, q: _Span, speakers: dict[int, str], prev: tuple[_Span, Quote] | None
) -> Quote:
    text = ctx.text
    lo, hi = _sentence_bounds(ctx, q)
    plo, _ = ctx.paras[q.para]
    inner = text[q.start : q.end]
    strip_lo = q.start + (len(inner) - len(inner.lstrip()))
    strip_hi = q.start + len(inner.rstrip())
    base = dict(start=strip_lo, end=strip_hi, text=text[strip_lo:strip_hi])
    if lo == plo and q.open_start == plo and q.para > 0:
        # A paragraph ending in a colon introduces the quote that makes up the next one.
        pplo, pphi = ctx.paras[q.para - 1]
        if text[pplo:pphi].rstrip().endswith(":"):
            lo = pplo
            for m in _SENT_END.finditer(text, pplo, pphi):
                if not _inside_any(ctx, m.start()):
                    lo = m.end()
    signed = _signature(ctx, q)
    if signed is not None and _quote_kind(ctx, q, lo, False, False) == "full":
        return Quote(**base, kind="full", speaker=signed[0], speaker_text=signed[1])
    label = dash_label(text, plo, q.open_start)
    if label is not None and _quote_kind(ctx, q, lo, True, False) == "full":
        # "... for Republican contests - Ann Lee: “...”": the label names the speaker; a cue
        # in the summary before the dash is the writer's, not the quote's.
        head = ctx.doc[_token_at(ctx, label[1] - 1)]
        key = _entity_in(ctx, label[0], label[1], head)
        return Quote(**base, kind="full", speaker=key, speaker_text=text[label[0] : label[1]])
    cue = _find_cue(ctx, q, lo, hi)
    if cue is not None:
        kind = _quote_kind(ctx, q, lo, True, cue.label)
        if kind == "scare":
            return Quote(**base, kind="scare")
        speaker, words = _resolve(ctx, cue.subject, lo, hi, speakers)
        if speaker is None and words is None and text[lo : q.open_start].rstrip().endswith(":"):
            # A cue with no subject of its own before a colon ("Continued Lee: “...”", "said
            # Lee, explaining ...: “...”"): the colon's lead still names the speaker.
            subj = _intro_subject(ctx, q, lo)
            if subj is not None:
                speaker, words = _resolve(ctx, subj, subj.sent.start_char, subj.sent.end_char,
                                          speakers)
        if speaker is None and words is None:
            cont = _continues(ctx, q, prev)
            if cont is not None:
                speaker, words = cont.speaker, cont.speaker_text
        return Quote(**base, kind=kind, speaker=speaker, speaker_text=words, cue=cue.words)
    kind = _quote_kind(ctx, q, lo, False, False)
    if kind == "full":
        # A colon right before the quote names its speaker anew ("Lee: “...”" after a quote
        # by Cole), so it outranks the passage carrying on.
        colon = text[lo : q.open_start].rstrip().endswith(":")
        subj = _intro_subject(ctx, q, lo) if colon else None
        cont = None if subj is not None else _continues(ctx, q, prev)
        if cont is not None:
            return Quote(**base, kind="full", speaker=cont.speaker,
                         speaker_text=cont.speaker_text, cue=cont.cue)
        subj = subj or _intro_subject(ctx, q, lo)
        if subj is not None:
            speaker, words = _resolve(ctx, subj, subj.sent.start_char, subj.sent.end_char,
                                      speakers)
            return Quote(**base, kind="full", speaker=speaker, speaker_text=words)
        return Quote(**base, kind="full")
    if _speech_like(ctx, q) and not _after_determiner(ctx, q.open_start):
        subj = _intro_subject(ctx, q, lo) or _clause_subject(ctx, q)
        if subj is not None:
            speaker, words = _resolve(ctx, subj, subj.sent.start_char, subj.sent.end_char,
                                      speakers)
            if speaker is not None:
                return Quote(**base, kind="partial", speaker=speaker, speaker_text=words,
                             cue=subj.head.text if subj.head.i != subj.i else None)
        cont = _continues(ctx, q, prev)
        if cont is not None and cont.speaker is not None and _right_after(ctx, prev[0], q):
            # "“...,” Lee said. Instead, “he just acts like a loser.”": speech with nobody
            # else named goes on with the quote just before it.
            return Quote(**base, kind="partial", speaker=cont.speaker,
                         speaker_text=cont.speaker_text, cue=cont.cue)
    return Quote(**base, kind=kind)


#: How many reporter's words may separate a quote from the one it carries on.
CARRY_ON_WORDS = 12


def _right_after(ctx: _Ctx, p: _Span, q: _Span) -> bool:
    """``q`` follows ``p`` in the same paragraph with at most one sentence end and a few
    words between them, and no name in ``q``'s own sentence (a new name may be a new
    speaker; the name attributing ``p`` is fine)."""
    if p.para != q.para:
        return False
    gap = ctx.text[p.close_end : q.open_start]
    ends = list(_SENT_END.finditer(gap))
    if len(gap.split()) > CARRY_ON_WORDS or len(ends) > 1:
        return False
    a = bisect.bisect_left(ctx.starts, p.close_end + (ends[-1].end() if ends else 0))
    b = bisect.bisect_left(ctx.starts, q.open_start)
    return not any(ctx.doc[i].pos_ == "PROPN" for i in range(a, b))


#: A signature line under a quote: a dash, then a name and maybe a place or a note, then an
#: optional period ("- Ann Lee.", "—Ann Lee, Fresno."), never ending in a dash (a heading).
_SIGNATURE = re.compile(r"[ \t]*[-–—]{1,2}[ \t]*([A-Z][^\n]{0,100}?)[ \t]*\.?[ \t]*$")

#: A signature line longer than this many words is a sentence, not a name.
SIGNATURE_WORDS = 12


def _signature(ctx: _Ctx, q: _Span) -> tuple[str | None, str] | None:
    """(entity key or None, name) when ``q`` ends its paragraph and the next paragraph is only a
    dash and a name ("“...” ¶ - Ann Lee."): the layout of quote collections, where the
    speaker is named under the words, never before them."""
    text = ctx.text
    _, phi = ctx.paras[q.para]
    if text[q.close_end : phi].strip(" \t.,") or q.para + 1 >= len(ctx.paras):
        return None
    nlo, nhi = ctx.paras[q.para + 1]
    m = _SIGNATURE.match(text[nlo:nhi].rstrip())
    if m is None or m.group(1).rstrip()[-1:] in "-–—" or len(m.group(1).split()) > (
        SIGNATURE_WORDS
    ):
        return None
    lo, hi = nlo + m.start(1), nlo + m.end(1)
    i = bisect.bisect_left(ctx.mention_starts, lo)
    while i < len(ctx.mentions) and ctx.mentions[i].start < hi:
        mm = ctx.mentions[i]
        if ctx.types.get(mm.entity) in ("PERSON", "ORG") and all(
            w[:1].isupper() for w in text[lo : mm.start].split()
        ):
            # The line opens with the name, maybe after a title ("-Sen. Ann Lee"); a line
            # that only mentions someone later is not a signature ("- Cut the taxes Lee
            # raised").
            return mm.entity, text[lo:hi]
        i += 1
    name = re.split(r"[,(]", text[lo:hi])[0].split()
    if 2 <= len(name) <= 4 and all(w[:1].isupper() for w in name):
        # A name the entity pass missed: shown as the words, linked to nobody.
        return None, text[lo:hi]
    return None


def _resolve(
    ctx: _Ctx, subj: Token | None, lo: int, hi: int, speakers: dict[int, str]
) -> tuple[str | None, str | None]:
    """(entity key, speaker words) for a cue's subject token."""
    if subj is None:
        return None, None
    if subj.lower_ in RELATIVE_PRONOUNS and subj.head.i != subj.i:
        # "Taylor, who said ..." — the relative clause hangs from the antecedent noun.
        rel = subj.head.head if subj.head.dep_ == "relcl" else subj.head
        if rel.pos_ in ("PROPN", "NOUN") and not ctx.inside[rel.i]:
            subj = rel
    if (
        subj.lemma_.lower() in CUE_NOUNS
        and subj.dep_ == "dobj"
        and _mention_for_token(ctx, subj) is None
        and not any(c.dep_ == "poss" for c in subj.children)
    ):
        # "Trump released a statement saying ...": the one who issued it speaks.
        issuer = next((c for c in subj.head.children if c.dep_ in SUBJECT_DEPS), None)
        if issuer is not None and not ctx.inside[issuer.i]:
            subj = issuer
    poss = next((c for c in subj.children if c.dep_ == "poss"), None)
    if subj.lemma_.lower() in CUE_NOUNS and poss is not None and not ctx.inside[poss.i]:
        # "Starmer’s remarks", "his answer", "the senator’s statement": the possessor speaks.
        subj = poss
    s_lo, s_hi = _speaker_span(ctx, subj, lo, hi)
    words = ctx.text[s_lo:s_hi]
    low = subj.lower_
    if low in PERSON_PRONOUNS or _is_description(subj):
        # "she" and "the spokeswoman" need a woman, "he" and "the congressman" a man.
        return _antecedent(ctx, s_lo, ("PERSON",), speakers, subj.lemma_.lower()), words
    if low in GROUP_PRONOUNS:
        key = _antecedent(ctx, s_lo, ("ORG", "GPE", "NORP", "PERSON"), speakers)
        return key, words
    return _entity_in(ctx, s_lo, s_hi, subj), words
