"""What a time rule works with: the value it returns, the context it may look at, the
candidates chosen so far, and the thresholds the readings use.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from corroborator.model import Parsed, TimexType, Token

Tense = Literal["past", "future", "present"] | None

#: Weekday mentions in past clauses: an article is taken to be published this many days
#: at most after the weekday it mentions (news reports within the week).
WEEKDAY_WINDOW_DAYS = 6
#: Undated articles: weight per day of distance from the nearest story publication date,
#: against 1.0 per day between a past weekday mention and the publication date. Set on
#: invented three-article stories: content evidence outweighs the story's dates.
STORY_DATE_WEIGHT = 0.5
#: Undated articles: how far (days) around the story's dates candidates are tried.
STORY_DATE_WINDOW_DAYS = 10
#: A month or day written without a year takes the reading closest to the DCT unless that
#: lies more than this many days on the side the tense rules out. Set on TimeBank dev:
#: deadlines a week or two ahead sit in past clauses ("has set Nov. 10 as the deadline").
TENSE_OVERRIDE_DAYS = 60
#: ... and in a future clause a day may lie at most this many days before the DCT ("the
#: vote is scheduled for Dec. 13", written in January, is next December). TimeBank dev
#: value F1 0.856 at 0, 7 and 60 (no TimeBank case turns on it); 7 leaves room for a
#: tense misread.
FUTURE_OVERRIDE_DAYS = 7
#: A bare month in a past clause may still be the DCT's next month ("said output would
#: be cut in September", written in August): a month this many days ahead (the month
#: distance counts 30 days per month) keeps its future reading. Set on TimeBank dev.
NEXT_MONTH_DAYS = 30
#: A bare month ("in March") in a clause of unknown tense: distances into the future count
#: this much more, as news mostly reports the past. Set on TimeBank dev (1.5 of 1/1.5/2).
UNTENSED_FUTURE_MONTH_PENALTY = 1.5
#: After "until", "effective", "payable" a date without a year is the next one, if it
#: comes within this many days (dividend and offer deadlines in TimeBank dev).
DEADLINE_AHEAD_DAYS = 300
#: "the quarter", "a year earlier" refer to a quarter mentioned at most this many
#: characters before; otherwise to the DCT's last full quarter. Set on TimeBank dev
#: (wire files join several short reports; 600/1000/2000 tried).
QUARTER_CONTEXT_CHARS = 1000


@dataclass(frozen=True, slots=True)
class Value:
    """A normalised result of one rule."""

    type: TimexType
    value: str | None
    end_value: str | None = None
    mod: str | None = None
    relative: bool = False  # the value rests on the DCT or an anaphoric reference
    anaphoric: bool = False  # resolved against an earlier mention: not a new reference
    focus: bool = False  # an anaphoric quarter that stays the quarter under discussion


@dataclass(slots=True)
class Context:
    """What a rule may look at: the text, the parse, the DCT and the running reference."""

    parsed: Parsed
    dct: date | None
    ref: str | None = None  # last absolute DATE value mentioned (anaphora base)
    ref_quarter: str | None = None  # last quarter mentioned
    ref_quarter_at: int = -1  # where it was mentioned
    starts: list[int] = field(default_factory=list)
    cands: list[Candidate] = field(default_factory=list)  # the chosen expressions (speech times)
    nested: bool = False  # resolving a report's own time: no further report lookup

    def recent_quarter(self, char: int) -> str | None:
        """The last quarter mentioned, if within :data:`QUARTER_CONTEXT_CHARS` before."""
        if self.ref_quarter and 0 <= char - self.ref_quarter_at <= QUARTER_CONTEXT_CHARS:
            return self.ref_quarter
        return None

    @property
    def text(self) -> str:
        return self.parsed.article.text

    def token_at(self, char: int) -> Token | None:
        import bisect

        toks = self.parsed.tokens
        if not toks:
            return None
        i = bisect.bisect_right(self.starts, char) - 1
        if i < 0:
            return None
        return toks[i]


Handler = Callable[[re.Match[str], Context], Value | None]



@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    rank: int
    match: re.Match[str]
    handler: Handler
