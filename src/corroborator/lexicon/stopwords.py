"""Stop words, each written once: English function words and the groups of words a
comparison leaves out beside them. Claim similarity and story features compose their lists
from these groups (:data:`CLAIM_STOPWORDS`, :data:`STORY_STOPWORDS`)."""

from __future__ import annotations


def wordset(text: str) -> frozenset[str]:
    """A frozenset of the whitespace-separated words of ``text``."""
    return frozenset(text.split())


#: Function words: articles, pronouns, prepositions, conjunctions, auxiliaries, particles.
FUNCTION_WORDS = wordset(
    """
    a about above across after again against all also am among an and any are around as
    at be because been before being below between both but by can could did do does
    doing done down during each even few for from further had has have having he her
    here hers herself him himself his how i if in into is it it's its itself just me
    might mine more most must my myself no nor not now of off on once only onto or other
    our ours ourselves out over own per s same shall she should since so some still such
    t than that the their theirs them themselves then there these they this those
    through to too under until up us very via was we were what when where which while
    who whom whose why will with without would yet you your yours yourself yourselves
    """
)
#: Verbs and nouns of reporting: they say that something was said, not what.
REPORTING_WORDS = wordset(
    """
    according add added adds announce announced announces note noted notes report
    reported reports said say saying says state stated statement states tell tells told
    """
)
#: Month and day names: claims compare dates as resolved values, not as words.
CALENDAR_WORDS = wordset(
    """
    apr april aug august dec december feb february friday jan january jul july jun june
    mar march may monday nov november oct october saturday sep sept september sunday
    thursday today tomorrow tuesday wednesday yesterday
    """
)
#: Honorifics before names.
HONORIFICS = wordset("mr mrs ms")
#: Small number words, written out in most reports of anything.
SMALL_NUMBER_WORDS = wordset("one two three")
#: Words news stories use whatever they are about ("people", "year", "new", "make").
GENERIC_NEWS_WORDS = wordset(
    """
    day days get go got made make month months new people take time week weeks year
    years
    """
)

#: Lemmas too light to tell two dated clauses apart when the timeline compares their
#: content words.
LIGHT_LEMMAS = wordset("be have do say also which that who")

#: What claim similarity leaves out: a claim's content words are what it states.
CLAIM_STOPWORDS = (FUNCTION_WORDS | REPORTING_WORDS | CALENDAR_WORDS | HONORIFICS
                   | SMALL_NUMBER_WORDS)
#: What story features leave out: words that tell no event from another.
STORY_STOPWORDS = (FUNCTION_WORDS | REPORTING_WORDS | GENERIC_NEWS_WORDS | HONORIFICS
                   | SMALL_NUMBER_WORDS)
