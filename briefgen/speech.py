"""Words of speech, read by the quote rules and by the entity rules.

A table both rule families use lives in neither: the entity pass asks whether a name is the
subject of a speech verb ("Israel said"), the quote pass finds who said what by the same
verbs, and neither package imports the other.
"""

from __future__ import annotations


def _words(spaced: str) -> frozenset[str]:
    """A word table written as running text, so long lists stay readable."""
    return frozenset(spaced.split())


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
