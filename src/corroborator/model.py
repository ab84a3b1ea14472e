"""The values that pass between pipeline stages.

Every value is a frozen dataclass: hashable, picklable (for Dask) and easy to compare
in tests. Nothing here imports spaCy; the NLP stage turns spaCy's ``Doc`` into
:class:`Parsed` and every later stage works on that.

Offsets are character offsets into :attr:`Article.text`, which is kept exactly as
analyzed. A :class:`Span` is the citation unit used by every output item.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from corroborator.text.timex_labels import range_label

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
ClaimStatus = Literal["corroborated", "single_source", "disputed"]
ConflictKind = Literal["numeric", "date", "attribution", "other"]
EventStatus = Literal["reported", "expected"]
Qualifier = Literal["exact", "about", "up_to", "at_least", "range", "more_than", "less_than"]
ZoneLabel = Literal["reporting", "caption", "byline", "newsletter", "heading", "dateline", "credit"]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A citation: characters ``start:end`` of article ``article``."""

    article: str
    start: int
    end: int

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]


# --------------------------------------------------------------------------- input


@dataclass(frozen=True, slots=True)
class Article:
    """One input article. ``text`` is the body as analyzed; all offsets index into it."""

    id: str
    text: str
    source: str | None = None
    title: str | None = None
    url: str | None = None
    path: str | None = None
    published: str | None = None  # ISO 8601 date or date-time
    published_inferred: bool = False
    duplicate_of: str | None = None


#: How bad an input issue is: the input was skipped, or read with a note.
Severity = Literal["error", "note"]


@dataclass(frozen=True, slots=True)
class InputIssue:
    """Something about one input, with a reason a person can act on.

    ``severity`` is ``"error"`` when the input (or a record of it) could not be read and
    was skipped, ``"note"`` when it was read anyway (decoded from another encoding, an
    unreadable date treated as none, the same content read once). A brief lists both
    under ``errors``, each with its severity.
    """

    path: str
    error: str
    severity: Severity = "error"

    @property
    def skipped(self) -> bool:
        """True for an error: the input was not analyzed."""
        return self.severity == "error"


# --------------------------------------------------------------------------- NLP output


class Token(NamedTuple):
    """One token of the parse. ``head`` is the absolute token index of the syntactic head.

    An immutable named tuple rather than a frozen dataclass, unlike the other values:
    an article has hundreds of tokens, and a tuple is built ~4x faster (0.35 vs 1.4 us)
    and pickled ~4x faster; turning 400 newswire parses into our values took 0.47 s with
    the dataclass and takes 0.34 s.
    """

    i: int
    start: int
    end: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    ent_type: str = ""
    ent_iob: str = "O"
    morph: str = ""


@dataclass(frozen=True, slots=True)
class TokenRange:
    """A labelled run of tokens ``[tok_start, tok_end)`` covering chars ``[start, end)``."""

    start: int
    end: int
    tok_start: int
    tok_end: int
    label: str = ""
    text: str = ""


@dataclass(frozen=True, slots=True)
class Parsed:
    """An article with its parse, as plain values."""

    article: Article
    tokens: tuple[Token, ...]
    sentences: tuple[TokenRange, ...]
    ents: tuple[TokenRange, ...]
    noun_chunks: tuple[TokenRange, ...] = ()

    def sentence_tokens(self, sent: TokenRange) -> tuple[Token, ...]:
        return self.tokens[sent.tok_start : sent.tok_end]

    def sentence_of(self, char: int) -> TokenRange | None:
        for sent in self.sentences:
            if sent.start <= char < sent.end:
                return sent
        return None


# --------------------------------------------------------------------------- stages


@dataclass(frozen=True, slots=True)
class Zone:
    """The discourse class of a sentence or paragraph. Only ``reporting`` feeds analysis."""

    span: Span
    label: ZoneLabel
    reason: str = ""


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A TIMEX3-style time expression, normalised against the article's publication date.

    ``value`` is None when it cannot be resolved (for example a relative date in an
    undated article). ``end_value`` carries the other end of a range ("between January 16
    and 21"); ``mod`` a TIMEX3 modifier such as START, MID, END, APPROX.
    """

    span: Span
    text: str
    type: TimexType
    value: str | None
    end_value: str | None = None
    mod: str | None = None
    anchor: str | None = None  # the DCT or anchor date the value was resolved against

    @property
    def label(self) -> str:
        """What a reader sees: "weekend of 15-16 Aug 2020", "in the future", "3 days"."""
        return range_label(self.value, self.end_value, self.mod, self.type)


@dataclass(frozen=True, slots=True)
class Mention:
    """One named-entity mention in one article."""

    span: Span
    text: str
    label: str


@dataclass(frozen=True)
class ArticleAnalysis:
    """What the per-article stage learns about one article on its own."""

    parsed: Parsed
    zones: tuple[Zone, ...]
    times: tuple[TimeExpr, ...]
    mentions: tuple[Mention, ...]

    @property
    def article(self) -> Article:
        return self.parsed.article


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world thing, with every surface form and mention resolved to it."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    mentions: tuple[Span, ...]
    sources: int = 0


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    low: float | None
    high: float | None
    qualifier: Qualifier
    unit: str | None
    counted: str | None
    citation: Span
    time: str | None = None  # TIMEX3 value of the time the figure refers to
    text: str = ""


#: Which rule attributed a quote: a cue governing it ("X said", "according to X"), a
#: colon introduction in the paragraph before, a quotation continuing an attributed one,
#: a pronoun or a noun phrase ("the governor") resolved to someone named earlier, or a
#: document as the source ("the letter said"), or a signature after a dash ("“...” ― Ann
#: Ruud").
Attribution = Literal[
    "direct", "colon", "continuation", "pronoun", "nominal", "document", "dash"
]


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation or a report of speech, with who said it.

    ``speaker_citation`` is the speaker mention the attribution rests on, as written near
    the quote ("he", "the governor", "Smith"); ``speaker``/``speaker_text`` are who that
    mention resolves to. A quote nobody can be given keeps ``speaker_text=None`` and says
    why in ``unattributed``.
    """

    speaker: str | None  # entity id, or None when unresolved
    speaker_text: str | None
    text: str
    direct: bool
    citation: Span
    role: str | None = None  # the speaker's role as written ("the head of CENTCOM")
    speaker_citation: Span | None = None
    attribution: Attribution | None = None
    cue: str | None = None  # the cue as written ("said", "tweeting", "according to")
    on_behalf_of: str | None = None  # whom a spokesperson speaks for ("the Ruud campaign")
    unattributed: str | None = None  # why no speaker could be given


@dataclass(frozen=True, slots=True)
class Claim:
    """One atomic claim (clause level) from one article."""

    id: str
    article: str
    text: str
    span: Span
    entities: tuple[str, ...] = ()
    numbers: tuple[float, ...] = ()
    times: tuple[str, ...] = ()
    content: str = ""  # what the clause states, without its attribution frame ("X said")
    #: Lemmas of the clause's governing words (its heads, and the verbs they govern through
    #: "to": "expected to be arraigned" gives expect, arraign): who did or said what.
    predicates: tuple[str, ...] = ()
    negated: bool = False  # a head of the clause is negated ("has not apologised")
    #: Lemmas of every verb the clause states, subordinate ones included ("which said the
    #: building held 3,000 tonnes": hold), to tell what a figure inside it is about.
    verbs: tuple[str, ...] = ()
    #: The clause is direct speech: its words open with a quotation mark.
    quoted: bool = False
    #: The clause is a claim only as someone's quoted words ("it was a long night",
    #: "we are on the right path"): only the same words quoted again corroborate it.
    own_words: bool = False


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """Claims from several articles that state the same thing."""

    id: str
    text: str
    status: ClaimStatus
    sources: tuple[str, ...]
    citations: tuple[Span, ...]
    claims: tuple[str, ...] = ()
    #: The independent sources whose claims state the same fact as the group's shown
    #: claim (named by their original outlet), when two or more do.
    corroborated_by: tuple[str, ...] = ()
    #: The ids of the claims (of ``claims``) that state the shown fact, when corroborated.
    agreeing: tuple[str, ...] = ()
    #: Why the corroborating claims state one fact: which of predicate, participants,
    #: figure, date and polarity matched, and how (empty unless corroborated).
    basis: str = ""


@dataclass(frozen=True, slots=True)
class Position:
    value: str
    citations: tuple[Span, ...]
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Conflict:
    kind: ConflictKind
    about: str
    positions: tuple[Position, ...]
    note: str = ""  # e.g. "relative gap 0.6%, within rounding"
    #: Why the positions are about the same thing (same counted noun and time, same
    #: event, same actor), for a reader to check.
    basis: str = ""


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    date: str
    end_date: str | None
    status: EventStatus
    text: str
    citations: tuple[Span, ...]
    inferred: bool = False  # the date rests on an inferred publication date

    @property
    def label(self) -> str:
        """The date as a reader reads it ("17 Aug 2020, evening", "Q3 2020")."""
        return range_label(self.date, self.end_date)


@dataclass(frozen=True, slots=True)
class SummaryItem:
    text: str
    citations: tuple[Span, ...]
    kind: str = ""  # corroborated | disputed | unique


@dataclass(frozen=True, slots=True)
class Event:
    """One news cycle of a story: the reports of one happening within a few days.

    ``date`` is the day of what happened (from the articles' own time expressions when
    ``reported_date``, else their publication dates); ``first_date``/``last_date`` span
    the coverage. ``claims`` are claim group ids of the story; ``quotes``, ``timeline``
    and ``summary`` index the story's quotes, timeline entries and summary bullets.
    """

    id: str
    title: str
    date: str | None
    first_date: str | None
    last_date: str | None
    article_ids: tuple[str, ...]
    sources: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()
    quotes: tuple[int, ...] = ()
    timeline: tuple[int, ...] = ()
    summary: tuple[int, ...] = ()
    reported_date: bool = False


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    title: str
    article_ids: tuple[str, ...]
    entities: tuple[Entity, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    quotes: tuple[Quote, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    claims: tuple[ClaimGroup, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    summary: tuple[SummaryItem, ...] = ()
    coverage: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (source, claim group ids)
    sources: tuple[str, ...] = ()
    first_date: str | None = None
    last_date: str | None = None
    merged_from: tuple[str, ...] = ()
    events: tuple[Event, ...] = ()  # in order; each article in exactly one


@dataclass(frozen=True, slots=True)
class Changes:
    """What a story gained since a point in time (items as their brief shows them)."""

    since: str
    articles: tuple[str, ...]
    claims: tuple[str, ...]
    conflicts: tuple[str, ...]
    timeline: tuple[str, ...]

    def sections(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(heading, items) in reading order, for every format."""
        return (("New articles", self.articles), ("New claims", self.claims),
                ("New conflicts", self.conflicts), ("New timeline entries", self.timeline))


@dataclass(frozen=True)
class Brief:
    """The result of one analysis run: the articles, their stories, times and errors."""

    articles: tuple[Article, ...]
    stories: tuple[Story, ...]
    times: tuple[TimeExpr, ...]
    errors: tuple[InputIssue, ...]
    zones: tuple[Zone, ...] = ()
    generator_version: str = field(default="")
    #: what one story gained since a moment (``show --changes``), rendered after the brief
    changes: Changes | None = None

    def article(self, article_id: str) -> Article:
        for art in self.articles:
            if art.id == article_id:
                return art
        raise KeyError(article_id)

    def render(self, fmt: str) -> str:
        """This brief in a registered output format (:mod:`corroborator.render`)."""
        from corroborator.render import render

        return render(self, fmt)

    def to_dict(self) -> dict[str, object]:
        """The JSON brief as plain values (dicts, lists, str, numbers, bools, None)."""
        data: dict[str, object] = json.loads(self.render("json"))
        return data

    def to_json(self) -> str:
        return self.render("json")

    def to_markdown(self) -> str:
        return self.render("md")

    def to_html(self) -> str:
        return self.render("html")
