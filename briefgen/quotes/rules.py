"""Rule tables of quote attribution: cue words, pronouns, role nouns, parse labels, reaches.

Kept apart from the code that reads them so the policy is one file to review: every table
says why it exists, and a change of wording here never hides in a change of logic.
"""

from __future__ import annotations

from briefgen.speech import CUE_VERBS, _words

__all__ = ["CUE_VERBS"]


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

#: How many reporter's words may separate a quote from the one it carries on.
CARRY_ON_WORDS = 12

#: A signature line longer than this many words is a sentence, not a name.
SIGNATURE_WORDS = 12
