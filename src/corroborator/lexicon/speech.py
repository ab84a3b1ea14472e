"""Verbs of speech and thought, each list once: the verbs that report what someone said (quote
attribution, reported speech in the timeline and the tense rules), the verbs of thought or
expectation whose clause is also read from the report's time, the verbs that introduce a
quotation only, and the nouns of documents that speak."""

from __future__ import annotations

#: Lemmas of verbs that report what someone said, wrote or published.
SPEECH_VERBS = frozenset([
    "accuse", "acknowledge", "add", "admit", "agree", "allege", "announce", "answer",
    "argue", "ask", "assert", "assure", "bark", "blast", "boast", "brag", "caution",
    "charge", "chide", "cite", "claim", "comment", "complain", "concede", "concur",
    "confirm", "contend", "counter", "criticise", "criticize", "declare", "demand", "deny",
    "disclose", "emphasise", "emphasize", "exclaim", "explain", "fume", "gush", "indicate",
    "insist", "joke", "lament", "maintain", "marvel", "muse", "mutter", "note", "observe",
    "opine", "plead", "pledge", "post", "predict", "proclaim", "promise", "publish",
    "quip", "quote", "rail", "rebut", "recall", "recount", "reiterate", "remark", "repeat",
    "reply", "report", "respond", "retaliate", "retort", "reveal", "say", "scoff", "scold",
    "scream", "shout", "slam", "snap", "sneer", "speculate", "state", "stress", "suggest",
    "tell", "testify", "thunder", "tweet", "underscore", "urge", "vow", "warn", "whisper",
    "write", "yell",
])  # fmt: skip

#: Verbs of thought, expectation or commitment: in a past report ("expected", "hoped")
#: the tense of the clause they govern is shifted back, as after a speech verb.
THOUGHT_VERBS = frozenset([
    "advise", "anticipate", "believe", "decide", "estimate", "expect", "fear", "forecast",
    "hope", "inform", "project", "signal", "think",
])  # fmt: skip

#: Verbs whose clause the tense rules read from the report's time.
REPORTING_VERBS = SPEECH_VERBS | THOUGHT_VERBS

#: Verbs whose clausal complement is what a claim states, the verb and its subject being
#: the attribution frame ("the ministry said that ..."). Speech verbs that take a clause
#: of fact, and the estimates of a source; hand-listed from the reporting verbs of the
#: demo corpus and the seeds. Other speech verbs ("urge", "accuse", "ask") state an
#: act of their own.
FRAME_VERBS = (SPEECH_VERBS | THOUGHT_VERBS) & frozenset([
    "acknowledge",
    "add",
    "admit",
    "allege",
    "announce",
    "argue",
    "assert",
    "believe",
    "caution",
    "claim",
    "confirm",
    "declare",
    "disclose",
    "emphasise",
    "emphasize",
    "estimate",
    "explain",
    "indicate",
    "insist",
    "note",
    "observe",
    "post",
    "predict",
    "recall",
    "reiterate",
    "report",
    "reveal",
    "say",
    "state",
    "stress",
    "suggest",
    "tell",
    "testify",
    "tweet",
    "underscore",
    "warn",
    "write",
])

#: Verbs that attribute a quotation but not a reported clause: "X called it “a farce”",
#: "X continued: “...”", "the sign read “...”".
QUOTE_CUE_VERBS = frozenset(
    [
        "call", "describe", "label", "dub", "brand", "term", "characterize", "characterise",
        "continue", "read", "sing", "chant", "begin", "conclude", "mock", "summarize",
        "summarise", "wonder", "interrupt", "interject", "echo"
    ]
)


#: Nouns for a document or broadcast that can be a quote's source ("the letter said").
DOCUMENT_NOUNS = frozenset(
    [
        "letter", "report", "statement", "memo", "memorandum", "ad", "advertisement", "spot",
        "email", "e-mail", "tweet", "post", "filing", "complaint", "lawsuit", "suit",
        "document", "study", "survey", "poll", "analysis", "release", "transcript", "book",
        "article", "story", "editorial", "column", "video", "commercial", "petition",
        "indictment", "ruling", "order", "bill", "message", "note", "website", "headline",
        "caption", "sign", "banner", "ballot", "motion", "brief", "verdict", "footage",
        "clip", "piece", "op-ed", "essay", "blog", "interview", "speech", "text", "page",
        "investigation", "review", "audit", "plan", "platform", "proposal", "resolution"
    ]
)
