"""Direct quotations in an article: where they are, what kind they are, and who said them.

The work is done in three passes over the spaCy ``Doc`` of ``Article.text``, one module each
plus the rooms they share:

1. **Marks** (:mod:`.marks`) — every character that can be a quotation mark is classified from
   its immediate context (can it open? can it close? is it an apostrophe?).  Nothing here parses.
2. **Pairing** (:mod:`.pairing`) — marks are paired paragraph by paragraph with a small stack, so
   an odd number of marks or an unclosed quote is closed at the end of its paragraph instead of
   swallowing the rest of the article.  A paragraph that opens a quote while the previous
   paragraph's quote is still open follows the news convention for quotes that run over several
   paragraphs.
3. **Attribution** (:mod:`.attribution`) — for each outermost quote the reporter's words around
   it (outside every quote, inside the same sentence) are searched for a speech cue
   (:mod:`.cues`); the cue's grammatical subject names the speaker (:mod:`.subjects`), which is
   resolved to a document :class:`~briefgen.model.Entity` through the entity mentions (pronouns
   and definite descriptions to the nearest preceding compatible person or organisation:
   :mod:`.pronouns`, with gender evidence from :mod:`.genders` and bare surnames the entity pass
   missed from :mod:`.names`).  :mod:`.kinds` decides whether a quote is speech at all.

All rules live in the named tables of :mod:`.rules` (and the mark tables of :mod:`.marks`), each
with the reason it exists.  This package imports only the model, the shared speech words
(:mod:`briefgen.speech`, which the entity pass reads too) and, for type hints, spaCy; neither it
nor the entity pass imports the other.
"""

from __future__ import annotations

from briefgen.quotes.attribution import extract_quotes
from briefgen.quotes.pairing import quote_spans
from briefgen.quotes.rules import CUE_VERBS, LABEL_VERBS, SPEAKER_TYPES

__all__ = ["CUE_VERBS", "LABEL_VERBS", "SPEAKER_TYPES", "extract_quotes", "quote_spans"]
