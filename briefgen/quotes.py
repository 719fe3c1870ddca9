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
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefgen.model import Entity, Mention, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# ---------------------------------------------------------------------------------------------
# Rule tables
# ---------------------------------------------------------------------------------------------

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
CUE_VERBS = frozenset(
    """
    say tell add explain write ask warn vow pledge promise declare state note argue insist
    claim tweet post reply respond answer continue conclude recall remark observe admit
    acknowledge concede confirm deny announce assert contend suggest predict comment joke
    quip shout yell chant scream exclaim urge plead beg boast brag complain lament mutter
    whisper testify report reveal disclose describe recount emphasize emphasise stress
    maintain counter retort caution advise proclaim repeat reiterate mention muse wonder
    insist charge accuse blast slam criticize criticise attack mock praise thank hail
    announce grumble sigh snap fire tout vow swear guarantee threaten demand read
    """.split()
)

#: Verbs that attach a quoted label to something rather than introduce speech.  They still make
#: the subject the author of the words ("Trump called Clinton “a nasty woman”"), so they count
#: as cues for attribution, but a short quote after them is a partial quote, never a full one.
LABEL_VERBS = frozenset("call dub label brand term nickname describe refer".split())

#: Phrasal cues whose particle changes a non-speech verb into one ("He ruled out any “deal”",
#: "she went on to say" is covered by ``say``).  Lemma -> particle.
PHRASAL_CUES: dict[str, str] = {"rule": "out", "point": "out", "lay": "out", "fire": "back",
                                "hit": "back", "speak": "out", "sum": "up", "weigh": "in"}

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
CUE_NOUNS = frozenset(
    """
    statement tweet remark remarks comment comments speech interview letter post message
    email op-ed memo testimony words response reply
    """.split()
)

#: Pronouns that stand for a person speaker and so are resolved to the nearest person.
PERSON_PRONOUNS = frozenset("he she him her his hers".split())

#: Pronouns that may stand for a person or an organisation/country ("they said", "it warned").
GROUP_PRONOUNS = frozenset("they them it we".split())

#: Pronouns that refer back through a relative clause ("Taylor, who said ...").
RELATIVE_PRONOUNS = frozenset("who that which whom".split())

#: Heads of definite descriptions that name a person by role ("the spokesman said", "the
#: senator told ..."): resolved like "he".  Documents and bodies ("the report", "the campaign")
#: are deliberately absent: they are not people.
PERSON_ROLE_NOUNS = frozenset(
    """
    spokesman spokeswoman spokesperson senator congressman congresswoman representative
    candidate nominee president governor mayor minister secretary chairman chairwoman chair
    director official aide adviser advisor strategist manager leader businessman billionaire
    businesswoman speaker lawmaker legislator lawyer attorney economist analyst expert
    professor historian author writer columnist pollster veteran mogul host anchor reporter
    frontrunner front-runner hopeful challenger incumbent rival opponent surrogate
    ambassador general commander chief executive founder father mother wife husband son
    daughter woman man chancellor premier king queen prince senior justice judge
    """.split()
)

#: Entity types that can be a speaker.  A country speaks through its government ("the UK has
#: vowed"), a company or party through its spokespeople.
SPEAKER_TYPES = ("PERSON", "ORG", "GPE", "NORP")

#: Words before a short quote that mark it as a label, not speech ("the so-called “deal”").
LABEL_WORDS = frozenset(
    "so-called dubbed titled entitled named nicknamed term word phrase label slogan motto "
    "hashtag headline".split()
)

#: A quote at most this many words long with no punctuation of its own and no speech cue in
#: its sentence is a label or a scare quote.
SHORT_QUOTE_WORDS = 4

#: Determiners that, right before a short unpunctuated quote, show it is a noun used as a label
#: ("a European “coalition of the willing”") rather than speech.
LABEL_DETERMINERS = frozenset("a an the this that these those its their his her our".split())

#: How many adjectives/nouns may stand between that determiner and the quote.
LABEL_MODIFIERS = 2

#: Sentence-final punctuation: a quote ending in one of these ends the reporter's sentence too
#: when the next word starts a new one.
SENTENCE_END = frozenset(".!?…")

#: Dependency labels of a clause's subject (spaCy / ClearNLP scheme).
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})

#: Dependency labels through which a non-finite cue borrows the subject of the verb it hangs
#: from ("Trump attacked Clinton, saying ...", "she went on to say ...").
BORROW_SUBJECT_DEPS = frozenset({"advcl", "xcomp", "conj", "ccomp", "pcomp", "dep", "acl"})

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
        elif sym == "’" and not (nxt in CLOSE_FOLLOW or nxt.isspace()):
            # A right single mark followed by a letter is an apostrophe (“’em”, o’clock).
            i += width
            continue
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
    text = ctx.doc.text
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
            if s.para == q.para and s.open_start >= pos and s.open_start < hi:
                # The sentence goes on through later quotes; stop at one that ends it.
                if _ends_sentence(text, s, phi):
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
    rest = text[s.close_end : phi].lstrip()
    return not rest or rest[0].isupper() or rest[0] in "“‘\"'«"


def _inside_any(ctx: _Ctx, char: int) -> bool:
    for s in ctx.spans:
        if s.open_start <= char < s.close_end:
            return True
    return False


def _cue_at(ctx: _Ctx, tok: Token) -> tuple[str, Token | None, Token] | None:
    """If ``tok`` starts a speech cue, return (cue words, subject token or None, anchor)."""
    doc = ctx.doc
    low = tok.lower_
    for phrase in CUE_PHRASES:
        words = [t.lower_ for t in doc[tok.i : tok.i + len(phrase)]]
        if tuple(words) == phrase:
            last = doc[tok.i + len(phrase) - 1]
            obj = next((c for c in last.children if c.dep_ in ("pobj", "dobj")), None)
            if obj is None and last.i + 1 < len(doc) and not ctx.inside[last.i + 1]:
                obj = doc[last.i + 1]
            if obj is None:
                return None
            return " ".join(t.text for t in doc[tok.i : last.i + 1]), obj, last
    if tok.pos_ not in ("VERB", "AUX") and tok.tag_ not in ("VBD", "VBZ", "VBP", "VBG", "VBN"):
        return None
    lemma = tok.lemma_.lower()
    if lemma in PHRASAL_CUES:
        prt = next((c for c in tok.children if c.dep_ == "prt"), None)
        if prt is None or prt.lower_ != PHRASAL_CUES[lemma]:
            return None
        return f"{tok.text} {prt.text}", _subject(tok), tok
    if lemma not in CUE_VERBS and lemma not in LABEL_VERBS and low not in ("says", "said"):
        return None
    return tok.text, _subject(tok), tok


def _subject(verb: Token, depth: int = 0) -> Token | None:
    """The cue's grammatical subject, borrowing from the governing verb for non-finite cues."""
    for c in verb.children:
        if c.dep_ in SUBJECT_DEPS:
            return c
    if verb.dep_ == "relcl":
        return verb.head
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        # "a statement saying ..." / "Trump, saying ..." — the noun is the author or the text.
        return verb.head
    if verb.dep_ in BORROW_SUBJECT_DEPS and depth < 3 and verb.head is not verb:
        return _subject(verb.head, depth + 1)
    # Inverted order the parser missed: "said Starmer" with Starmer as dobj/attr/npadvmod.
    for c in verb.rights:
        if c.pos_ in ("PROPN", "PRON") and c.dep_ in ("dobj", "attr", "npadvmod", "appos", "dep"):
            return c
    return None


def _speaker_span(ctx: _Ctx, head: Token, lo: int, hi: int) -> tuple[int, int]:
    """Character range of the words naming the speaker: the subject's subtree, cut at any quote
    and at the sentence bounds, without trailing punctuation."""
    toks = [t for t in head.subtree if not ctx.inside[t.i] and lo <= t.idx < hi]
    # Keep the contiguous run around the head.
    idx = {t.i for t in toks}
    first = last = head.i
    while first - 1 in idx:
        first -= 1
    while last + 1 in idx:
        last += 1
    doc = ctx.doc
    while last > first and (doc[last].is_punct and doc[last].text not in ")"):
        last -= 1
    while first < last and doc[first].is_punct:
        first += 1
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def _entity_in(ctx: _Ctx, lo: int, hi: int, head: Token) -> str | None:
    """The entity named by the speaker words: the mention covering the head, else the best
    speaker-typed mention inside (a possessor or a compound: "Starmer’s remarks")."""
    m = _mention_for_token(ctx, head)
    if m is not None and ctx.types.get(m.entity) in SPEAKER_TYPES:
        return m.entity
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


def _antecedent(ctx: _Ctx, before: int, types: tuple[str, ...], speakers: dict[int, str]) -> (
    str | None
):
    """Nearest preceding compatible entity for a pronoun/description at ``before``.

    Sentence by sentence backwards: a quote speaker or a grammatical subject wins over other
    mentions of the same sentence (the person a passage is about is usually its subject);
    if none is a subject, the sentence's first compatible mention.
    """
    doc = ctx.doc
    sents = ctx.sents
    starts = [s.start_char for s in sents]
    si = bisect.bisect_right(starts, before) - 1
    for k in range(si, max(-1, si - ANTECEDENT_SENTENCES), -1):
        sent = sents[k]
        hi = min(sent.end_char, before)
        spoke = [key for pos, key in speakers.items() if sent.start_char <= pos < hi]
        cands: list[tuple[int, int, str]] = []
        i = bisect.bisect_left(ctx.mention_starts, sent.start_char)
        while i < len(ctx.mentions) and ctx.mentions[i].start < hi:
            m = ctx.mentions[i]
            i += 1
            if ctx.types.get(m.entity) not in types:
                continue
            tok = doc[_token_at(ctx, m.start)]
            if ctx.inside[tok.i]:
                continue
            head = tok
            while head.i + 1 < len(doc) and head.i < doc[_token_at(ctx, m.end - 1)].i:
                head = doc[head.i + 1]
            subj = head.dep_ in SUBJECT_DEPS or (
                head.dep_ in ("compound", "appos", "poss") and head.head.dep_ in SUBJECT_DEPS
            )
            cands.append((0 if subj else 1, m.start, m.entity))
        if spoke and (not cands or min(cands)[0] == 1):
            return spoke[-1]
        if cands:
            cands.sort()
            return cands[0][2]
    return None


def _after_determiner(ctx: _Ctx, open_start: int) -> bool:
    """The words before the open mark are a determiner plus modifiers ("a European “...”")."""
    i = bisect.bisect_left(ctx.starts, open_start) - 1
    steps = 0
    while i >= 0 and steps <= LABEL_MODIFIERS:
        tok = ctx.doc[i]
        if tok.lower_ in LABEL_DETERMINERS or tok.dep_ == "poss":
            return True
        if tok.pos_ not in ("ADJ", "PROPN", "NOUN", "NUM") or ctx.inside[i]:
            return False
        i -= 1
        steps += 1
    return False


def _quote_kind(ctx: _Ctx, q: _Span, lo: int, has_cue: bool, label_verb: bool) -> str:
    """``full`` for a sentence or more, ``partial`` for a phrase in the reporter's sentence,
    ``scare`` for a label with no speech context."""
    text = ctx.doc.text
    inner = text[q.start : q.end].strip()
    words = inner.split()
    lead = text[lo : q.open_start].rstrip()
    punctuated = bool(re.search(r"[,.;:!?]", inner))
    preceded = lead.split()[-1].lower() if lead.split() else ""
    if preceded.strip("“”\"'‘’") in LABEL_WORDS and len(words) <= SHORT_QUOTE_WORDS:
        return "scare"
    sentence_start = not lead or lead[-1] in ":—–-" or (
        lead[-1] == "," and (inner[:1].isupper() or inner[:1] in "“‘\"'")
    )
    if sentence_start and len(words) > 1 and not (label_verb and len(words) <= SHORT_QUOTE_WORDS):
        if has_cue or punctuated or len(words) > SHORT_QUOTE_WORDS:
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
    if q.start > 0 and not lead and not punctuated and len(words) <= SHORT_QUOTE_WORDS:
        return "scare"
    return "partial"


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
            inside[i] = True
        # A closing mark glued to a token ("back,”") still belongs to the quote.
    ms = sorted(mentions, key=lambda m: (m.start, m.end))
    ctx = _Ctx(
        doc=doc,
        spans=spans,
        inside=inside,
        mention_starts=[m.start for m in ms],
        mentions=ms,
        types={e.key: e.type for e in entities},
        paras=paras,
        starts=starts,
        sents=list(doc.sents),
    )
    quotes: list[Quote] = []
    speakers: dict[int, str] = {}
    prev: tuple[_Span, Quote] | None = None
    for q in spans:
        quote = _attribute(ctx, q, starts, speakers, prev)
        if quote.speaker is not None:
            speakers[q.open_start] = quote.speaker
        quotes.append(quote)
        if quote.kind != "scare":
            prev = (q, quote)
    return tuple(sorted(quotes, key=lambda x: (x.start, x.end)))


def _attribute(
    ctx: _Ctx,
    q: _Span,
    starts: list[int],
    speakers: dict[int, str],
    prev: tuple[_Span, Quote] | None,
) -> Quote:
    doc, text = ctx.doc, ctx.doc.text
    lo, hi = _sentence_bounds(ctx, q)
    plo, _ = ctx.paras[q.para]
    # A paragraph that ends with a colon introduces the quote that makes up the next one.
    if lo == plo and q.open_start == plo and q.para > 0:
        pplo, pphi = ctx.paras[q.para - 1]
        if text[pplo:pphi].rstrip().endswith(":"):
            lo = pplo
            for m in _SENT_END.finditer(text, pplo, pphi):
                if not _inside_any(ctx, m.start()):
                    lo = m.end()
    a = bisect.bisect_left(starts, lo)
    b = bisect.bisect_left(starts, hi)
    found: list[tuple[int, str, Token | None, Token]] = []
    for i in range(a, b):
        if ctx.inside[i]:
            continue
        cue = _cue_at(ctx, doc[i])
        if cue is None:
            continue
        tok = doc[i]
        dist = q.open_start - tok.idx if tok.idx < q.open_start else tok.idx - q.close_end
        found.append((dist, *cue))
    inner = text[q.start : q.end]
    strip_lo = q.start + (len(inner) - len(inner.lstrip()))
    strip_hi = q.start + len(inner.rstrip())
    base = dict(start=strip_lo, end=strip_hi, text=text[strip_lo:strip_hi])
    if found:
        found.sort(key=lambda f: f[0])
        _, cue_words, subj, anchor = found[0]
        label_verb = anchor.lemma_.lower() in LABEL_VERBS
        kind = _quote_kind(ctx, q, lo, True, label_verb)
        if kind == "scare":
            return Quote(**base, kind="scare")
        speaker, speaker_text = _resolve(ctx, subj, anchor, lo, hi, speakers)
        return Quote(**base, kind=kind, speaker=speaker, speaker_text=speaker_text,
                     cue=cue_words)
    kind = _quote_kind(ctx, q, lo, False, False)
    if kind == "full" and prev is not None:
        p_span, p_quote = prev
        # A quote with no cue of its own continues the previous speaker's passage when it
        # follows in the same paragraph or opens the next one (the news convention).
        near = p_span.para == q.para or (
            p_span.para == q.para - 1 and q.open_start == ctx.paras[q.para][0]
        )
        if near and p_quote.kind == "full":
            return Quote(**base, kind="full", speaker=p_quote.speaker,
                         speaker_text=p_quote.speaker_text, cue=p_quote.cue)
    return Quote(**base, kind=kind)


def _resolve(
    ctx: _Ctx,
    subj: Token | None,
    anchor: Token,
    lo: int,
    hi: int,
    speakers: dict[int, str],
) -> tuple[str | None, str | None]:
    """(entity key, speaker words) for a cue's subject token."""
    if subj is None:
        return None, None
    if subj.lower_ in RELATIVE_PRONOUNS and subj.head is not subj:
        # "Taylor, who said ..." — parser attaches the relative clause to the antecedent noun.
        rel = subj.head.head if subj.head.dep_ == "relcl" else subj.head
        if rel.pos_ in ("PROPN", "NOUN"):
            subj = rel
    s_lo, s_hi = _speaker_span(ctx, subj, lo, hi)
    words = ctx.doc.text[s_lo:s_hi]
    low = subj.lower_
    if low in PERSON_PRONOUNS or _is_description(subj):
        return _antecedent(ctx, s_lo, ("PERSON",), speakers), words
    if low in GROUP_PRONOUNS:
        key = _antecedent(ctx, s_lo, ("ORG", "GPE", "NORP", "PERSON"), speakers)
        return key, words
    return _entity_in(ctx, s_lo, s_hi, subj), words
