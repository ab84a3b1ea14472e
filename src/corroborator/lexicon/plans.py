"""Words that tell a plan or expectation from a report of what happened: future and modal
auxiliaries, plan verbs and nouns, predicates that look ahead, and the prepositions of
deadlines. The tense rules (:mod:`corroborator.article.times.tense`), the timeline's
expected events and the date conflicts' plans read them from here."""

from __future__ import annotations

import re

#: Auxiliaries of the future.
FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "gonna"})


#: Modals that, in a past report, stand for "will", "can", "may", "shall" of the direct
#: speech: what they govern lies ahead of the report ("said it would resume Thursday").
BACKSHIFT_MODALS = frozenset({"would", "'d", "could", "might", "should"})


#: Predicates after a past "was"/"were" that look ahead of the time they are stated at
#: ("said more outages were possible on Tuesday", "was due on Friday").
PROSPECTIVE_PREDICATES = frozenset(
    {"possible", "likely", "unlikely", "probable", "expected", "due", "set", "scheduled",
     "slated", "poised", "ready", "certain", "sure", "able", "unable", "imminent",
     "planned", "going", "about", "bound"}
)  # fmt: skip


#: Before these words a date lies ahead of the (possibly past) verb governing it.
FORWARD_PREPS = frozenset(
    {"until", "till", "by", "to", "through", "before", "effective", "payable", "record",
     "deadline", "expire", "expires"}
)  # fmt: skip


#: Words after which a date is a deadline still ahead: the next such date is meant.
DEADLINE_WORDS = frozenset(
    {"until", "till", "by", "effective", "payable", "deadline", "expire", "expires"}
)  # fmt: skip


#: Lemmas that make a dated clause a plan or expectation rather than a reported fact.
EXPECT_LEMMAS = frozenset(
    {"plan", "expect", "schedule", "target", "aim", "intend", "anticipate", "prepare",
     "deadline", "project", "forecast", "envisage", "propose", "timetable", "slate"}
)  # fmt: skip


#: Modal auxiliaries that make a dated clause a plan or expectation ("would be finished
#: by May"), unless a perfect follows ("should have finished by May").
MODAL_AUX = frozenset({"would", "should", "could", "might", "must"})


#: Verbs whose present passive puts its date ahead ("is scheduled for", "are expected on").
PLAN_PASSIVES = frozenset({"schedule", "plan", "expect", "slate", "set", "due"})


#: The same, read from text without a parse (a claim's words): what is planned or
#: possible, not what is: "will witness a full
#: withdrawal next week", "is preparing to pull out". Set against a report that it
#: happened, it is a development (the timeline's business), not a contradiction.
#: "will remain" and "will stay" are kept: they state the present state too.
PLANNED = re.compile(
    r"\b(?:will|would|could|might|(?-i:may)|shall|should|plans? to|planned|planning|"
    r"preparing|prepares? to|expected to|set to|scheduled|(?:is|are) due to|going to|"
    r"aims? to|intends? to|next (?:week|month|year)|soon|later this)\b|'ll\b",
    re.IGNORECASE,
)
