"""Verbs of speech: those that report what was said, and those that report speech or
thought whose clause the tense rules read from the report's time."""

from __future__ import annotations

#: Verbs that report what someone said or published.
REPORT_VERBS = frozenset(
    {"say", "report", "announce", "tell", "state", "note", "add", "confirm", "claim",
     "declare", "write", "post", "publish", "disclose", "reveal", "insist", "stress",
     "explain", "acknowledge", "deny", "comment", "cite", "quote", "indicate", "warn",
     "emphasize", "emphasise", "underscore", "assert", "testify", "argue"}
)  # fmt: skip


#: Verbs that report speech or thought: in a past report ("said", "expected") the tense
#: of the clause they govern is shifted back, and its dates count from the report's time.
SPEECH_VERBS = REPORT_VERBS | frozenset(
    {"expect", "predict", "forecast", "believe", "think", "estimate", "promise", "pledge",
     "vow", "hope", "assure", "agree", "decide", "signal", "suggest", "caution",
     "fear", "anticipate", "project", "inform", "advise", "concede", "admit"}
)  # fmt: skip
