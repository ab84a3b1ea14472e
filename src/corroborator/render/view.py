"""What a reader sees of a brief, prepared once for every human-readable format.

Markdown and HTML show the same content in the same order; :func:`build_view` decides
that order, the wording (labels, figures, dates) and the citation numbers, and the two
renderers only lay it out. Strings here are raw: each renderer escapes them for its
own format.

Per story, in reading order: header, summary, events (with their own bullets), claims,
conflicts, coverage, quotes, entities, quantities, timeline. Then the articles, the
errors and the sources.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from corroborator.model import (
    Article,
    Brief,
    ClaimGroup,
    Entity,
    Event,
    Quantity,
    Quote,
    Story,
    TimelineEntry,
)
from corroborator.render.citations import Citation, CitationIndex
from corroborator.text.calendar import DayRange, timex_interval
from corroborator.text.timex_labels import range_label, timex_label

#: Display labels of claim statuses.
STATUS_LABELS = {
    "corroborated": "corroborated",
    "single_source": "single source",
    "disputed": "disputed",
}

#: Claims table order, after the claims several outlets report: disagreements first,
#: then what several outlets confirm.
STATUS_ORDER = {"disputed": 0, "corroborated": 1, "single_source": 2}

#: Claim text in the coverage matrix is cut to this many characters (the claims table
#: above it has the full text).
MAX_COVERAGE_TEXT = 70

#: Display words of quantity qualifiers ("range" is written as low–high instead).
QUALIFIER_WORDS = {
    "exact": "",
    "about": "about",
    "up_to": "up to",
    "at_least": "at least",
    "more_than": "more than",
    "less_than": "less than",
    "range": "",
}

UNATTRIBUTED = "unattributed"

#: URL schemes an article link may use; anything else (``javascript:``) is shown as text.
SAFE_URL_SCHEMES = ("http", "https")

EN_DASH = "\u2013"


# --------------------------------------------------------------------------- dates


def entry_interval(entry: TimelineEntry) -> DayRange | None:
    """The days a timeline entry covers, ranges included."""
    start = timex_interval(entry.date)
    if start is None:
        return None
    end = timex_interval(entry.end_date) if entry.end_date else None
    if end is None or end[1] < start[0]:
        return start
    return start[0], end[1]


def date_label(value: str | None, end: str | None = None) -> str:
    """``16 Jan 2026`` or ``16–21 Jan 2026`` (:func:`range_label`, never a raw TIMEX3
    value); an em dash when unknown."""
    if not value:
        return "\u2014"
    return range_label(value, end)


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) link, else None (it is then shown as plain text)."""
    if not url or any(ord(ch) < 32 or ord(ch) == 127 for ch in url.strip()):
        return None
    try:
        scheme, host = urlsplit(url.strip()).scheme, urlsplit(url.strip()).hostname
    except ValueError:  # "http://[::1": not a link (stored before readers refused it)
        return None
    return url if scheme.lower() in SAFE_URL_SCHEMES and host else None


# --------------------------------------------------------------------------- figures


def format_number(value: float) -> str:
    """2500.0 -> ``2,500``; 0.25 -> ``0.25``; no trailing zeros."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def format_quantity(q: Quantity) -> str:
    """A figure as a reader would say it: ``about 2,500``, ``250–350 %``."""
    if q.qualifier == "range" and q.low is not None and q.high is not None:
        figure = f"{format_number(q.low)}{EN_DASH}{format_number(q.high)}"
    else:
        figure = format_number(q.value)
    if q.unit:
        figure = f"{figure}{q.unit}" if q.unit == "%" else f"{figure} {q.unit}"
    word = QUALIFIER_WORDS.get(q.qualifier, q.qualifier)
    return f"{word} {figure}" if word else figure


# --------------------------------------------------------------------------- view values


@dataclass(frozen=True, slots=True)
class SummaryRow:
    text: str
    kind: str
    cites: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """A claim group; ``label`` (C1, C2 ...) names it in the table and the coverage matrix."""

    label: str
    id: str
    text: str
    status: str
    status_label: str
    sources: tuple[str, ...]
    cites: tuple[int, ...]
    basis: str = ""  # why its corroborating claims state one fact
    multi: bool = False  # reported by two or more outlets


@dataclass(frozen=True, slots=True)
class PositionView:
    value: str
    sources: tuple[str, ...]
    cites: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ConflictView:
    kind: str
    about: str
    note: str
    positions: tuple[PositionView, ...]
    basis: str = ""  # why the positions are about the same thing


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """One claim of the matrix; ``cells[i]``: outlet i reports it."""

    label: str
    claim_id: str
    text: str
    cells: tuple[bool, ...]


@dataclass(frozen=True, slots=True)
class OnlyGroup:
    """The claims only one outlet reports."""

    outlet: str
    claims: tuple[ClaimRow, ...]


@dataclass(frozen=True, slots=True)
class CoverageView:
    """Claims (rows) × outlets (columns), each outlet's total, and what one outlet alone has."""

    outlets: tuple[str, ...]
    rows: tuple[CoverageRow, ...]
    totals: tuple[int, ...]
    only: tuple[OnlyGroup, ...]


@dataclass(frozen=True, slots=True)
class QuoteView:
    """A quote; ``note`` says who as written and how ("Port director; said; as “he”").

    ``speaker_cites`` number the speaker mention the attribution rests on ("he", "the
    governor"), so that it is marked in the article text beside the quotation.
    """

    text: str
    direct: bool
    note: str
    cites: tuple[int, ...]
    speaker_cites: tuple[int, ...] = ()
    cue: str | None = None


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    speaker: str
    resolved: bool
    quotes: tuple[QuoteView, ...]


@dataclass(frozen=True, slots=True)
class EntityRow:
    name: str
    type: str
    aliases: tuple[str, ...]
    sources: int


@dataclass(frozen=True, slots=True)
class QuantityRow:
    figure: str
    counted: str
    time: str
    text: str
    cites: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class TimelineRow:
    date: str
    end_date: str | None
    label: str
    status: str
    text: str
    inferred: bool
    interval: DayRange | None
    cites: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class EventView:
    """One event of a story: ``label`` (E1, E2 ...) names it in the list and on the
    timeline; ``bullets`` are its summary bullets (or, without any, its first claims)."""

    id: str
    label: str
    anchor: str
    title: str
    happened: str
    coverage: str
    sources: tuple[str, ...]
    article_count: int
    bullets: tuple[SummaryRow, ...]
    interval: DayRange | None


@dataclass(frozen=True, slots=True)
class StoryView:
    id: str
    anchor: str
    title: str
    date_span: str
    sources: tuple[str, ...]
    article_count: int
    merged_from: tuple[str, ...]
    summary: tuple[SummaryRow, ...]
    claims: tuple[ClaimRow, ...]
    conflicts: tuple[ConflictView, ...]
    coverage: CoverageView
    quote_groups: tuple[QuoteGroup, ...]
    entities: tuple[EntityRow, ...]
    quantities: tuple[QuantityRow, ...]
    timeline: tuple[TimelineRow, ...]
    events: tuple[EventView, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleRow:
    id: str
    anchor: str
    outlet: str
    title: str
    url: str | None
    path: str | None
    published: str
    inferred: bool
    duplicate_of: str | None


@dataclass(frozen=True, slots=True)
class ErrorRow:
    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class BriefView:
    generator: str
    stories: tuple[StoryView, ...]
    articles: tuple[ArticleRow, ...]
    errors: tuple[ErrorRow, ...]
    citations: tuple[Citation, ...]
    index: CitationIndex


# --------------------------------------------------------------------------- building


def reading_order(stories: Sequence[Story]) -> list[Story]:
    """Stories as a brief shows them: those several sources report first (most sources,
    then most articles), then single-source ones; otherwise in the pipeline's order."""
    return sorted(stories, key=lambda s: (len(s.sources) < 2, -len(s.sources),
                                          -len(s.article_ids)))


def build_view(brief: Brief, generator: str) -> BriefView:
    """Everything a reader sees, in reading order, with citations numbered on the way."""
    index = CitationIndex(brief.articles)
    articles = {art.id: art for art in brief.articles}
    stories = tuple(_story_view(story, articles, index) for story in reading_order(brief.stories))
    return BriefView(
        generator=generator,
        stories=stories,
        articles=tuple(_article_row(art) for art in brief.articles),
        errors=tuple(ErrorRow(err.path, err.error) for err in brief.errors),
        citations=index.entries,
        index=index,
    )


def anchor_id(prefix: str, raw: str) -> str:
    """An HTML id / fragment from an arbitrary id: ``story-s1``, ``art-a_b``."""
    return f"{prefix}-" + re.sub(r"[^A-Za-z0-9_.-]", "_", raw)


def _article_row(art: Article) -> ArticleRow:
    published = art.published or "\u2014"
    if art.published and art.published_inferred:
        published = f"{art.published} (inferred)"
    return ArticleRow(
        id=art.id,
        anchor=anchor_id("art", art.id),
        outlet=art.source or "\u2014",
        title=art.title or "(untitled)",
        url=art.url,
        path=art.path,
        published=published,
        inferred=art.published_inferred,
        duplicate_of=art.duplicate_of,
    )


def _story_view(story: Story, articles: dict[str, Article], index: CitationIndex) -> StoryView:
    members = [articles[i] for i in story.article_ids if i in articles]
    sources = story.sources or tuple(sorted({a.source or a.id for a in members}))
    first, last = story.first_date, story.last_date
    if first is None and last is None:
        dates = sorted(a.published[:10] for a in members if a.published)
        first, last = (dates[0], dates[-1]) if dates else (None, None)
    # Reading order: each section numbers its citations as it is built.
    summary = tuple(
        SummaryRow(item.text, item.kind, index.numbers(item.citations)) for item in story.summary
    )
    events = _event_views(story, summary, index)
    ranked = sorted(
        enumerate(story.claims),
        key=lambda p: (
            len(set(p[1].sources)) < 2,
            STATUS_ORDER.get(p[1].status, 9),
            -len(set(p[1].sources)),
            p[0],
        ),
    )
    # claims several outlets report are read first, then the conflicts, then what one
    # outlet alone reports (folded per outlet): citations are numbered in that order
    several = [(n, g) for n, (_, g) in enumerate(ranked, 1) if len(set(g.sources)) > 1]
    rows = {n: _claim_row(n, g, index) for n, g in several}
    conflicts = tuple(
        ConflictView(
            kind=c.kind,
            about=c.about,
            note=c.note,
            positions=tuple(
                PositionView(p.value, p.sources, index.numbers(p.citations)) for p in c.positions
            ),
            basis=c.basis,
        )
        for c in story.conflicts
    )
    single = [(n, g) for n, (_, g) in enumerate(ranked, 1) if n not in rows]
    for n, g in sorted(single, key=lambda p: ((p[1].sources or ("",))[0].casefold(), p[0])):
        rows[n] = _claim_row(n, g, index)
    claims = tuple(rows[n] for n in sorted(rows))
    coverage = _coverage(story, claims)
    quote_groups = _quote_groups(story, index)
    entities = tuple(
        EntityRow(e.name, e.type, _aliases(e), e.sources)
        for e in sorted(story.entities, key=lambda e: (-e.sources, e.name.casefold(), e.id))
    )
    quantities = tuple(
        QuantityRow(
            figure=format_quantity(q),
            counted=q.counted or "",
            time=timex_label(q.time) if q.time else "",
            text=q.text,
            cites=index.numbers((q.citation,)),
        )
        for q in story.quantities
    )
    timeline = tuple(_timeline_row(e, index) for e in _chronological(story.timeline))
    return StoryView(
        id=story.id,
        anchor=anchor_id("story", story.id),
        title=story.title,
        date_span=date_label(first or last, last),
        sources=sources,
        article_count=len(story.article_ids),
        merged_from=story.merged_from,
        summary=summary,
        claims=claims,
        conflicts=conflicts,
        coverage=coverage,
        quote_groups=quote_groups,
        entities=entities,
        quantities=quantities,
        timeline=timeline,
        events=events,
    )


#: An event without summary bullets of its own shows up to this many of its claims.
EVENT_FALLBACK_CLAIMS = 3


def _event_views(story: Story, summary: Sequence[SummaryRow], index: CitationIndex
                 ) -> tuple[EventView, ...]:
    """The story's events, numbered E1, E2 ... in order, each with its bullets. A story
    of one event lists it without bullets (they would repeat the story's summary)."""
    if not story.events:
        return ()
    claims = {g.id: g for g in story.claims}
    out = []
    for n, event in enumerate(story.events, 1):
        bullets = tuple(summary[i] for i in event.summary if 0 <= i < len(summary))
        if len(story.events) == 1:
            bullets = ()
        elif not bullets:
            bullets = tuple(
                SummaryRow(claims[c].text, "", index.numbers(claims[c].citations))
                for c in event.claims[:EVENT_FALLBACK_CLAIMS] if c in claims)
        out.append(EventView(
            id=event.id,
            label=f"E{n}",
            anchor=anchor_id("event", event.id),
            title=event.title,
            happened=date_label(event.date) if event.date else "undated",
            coverage=date_label(event.first_date or event.last_date, event.last_date),
            sources=event.sources,
            article_count=len(event.article_ids),
            bullets=bullets,
            interval=_event_interval(event),
        ))
    return tuple(out)


def _event_interval(event: Event) -> DayRange | None:
    """Days an event covers on the timeline: what happened through its last report."""
    days = [date.fromisoformat(d[:10]) for d in (event.date, event.first_date,
                                                  event.last_date) if d]
    return (min(days), max(days)) if days else None


def _claim_row(number: int, group: ClaimGroup, index: CitationIndex) -> ClaimRow:
    return ClaimRow(
        label=f"C{number}",
        id=group.id,
        text=group.text,
        status=group.status,
        status_label=STATUS_LABELS.get(group.status, group.status),
        sources=group.sources,
        cites=index.numbers(group.citations),
        basis=group.basis,
        multi=len(set(group.sources)) > 1,
    )


def _aliases(entity: Entity) -> tuple[str, ...]:
    """Surface forms other than the display name, each once, sorted."""
    return tuple(sorted({a for a in entity.aliases if a != entity.name}, key=str.casefold))


def _coverage(story: Story, claims: Sequence[ClaimRow]) -> CoverageView:
    """Which outlet reports which claim; the story's own table, else from the claims."""
    if story.coverage:
        reported = {src: set(ids) for src, ids in story.coverage}
    else:
        reported = {}
        for claim in claims:
            for src in claim.sources:
                reported.setdefault(src, set()).add(claim.id)
    outlets = tuple(sorted(reported, key=str.casefold))
    # the matrix shows what several outlets report; what one outlet alone reports is
    # listed (folded) per outlet
    cells = [tuple(c.id in reported[o] for o in outlets) for c in claims]
    rows = tuple(
        CoverageRow(c.label, c.id, _shorten(c.text, MAX_COVERAGE_TEXT), row)
        for c, row in zip(claims, cells, strict=True)
        if sum(row) > 1
    )
    totals = tuple(sum(row[i] for row in cells) for i in range(len(outlets)))
    only: dict[str, list[ClaimRow]] = {}
    for claim, row in zip(claims, cells, strict=True):
        holders = [o for o, cell in zip(outlets, row, strict=True) if cell]
        if len(holders) == 1:
            only.setdefault(holders[0], []).append(claim)
    return CoverageView(
        outlets, rows, totals,
        tuple(OnlyGroup(o, tuple(only[o])) for o in outlets if o in only),
    )


def _shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip(" ,;:") + "\u2026"


def _quote_groups(story: Story, index: CitationIndex) -> tuple[QuoteGroup, ...]:
    """Quotes by resolved speaker, sorted by name; unresolved speakers last, as "unattributed".

    An unresolved quote keeps its speaker as written (``speaker_text``) on the quote, and
    a quote nobody could be given says why. Each quote cites its text, then the speaker
    mention it was attributed by.
    """
    names = {e.id: e.name for e in story.entities}

    def speaker_key(q: Quote) -> tuple[bool, str]:
        if q.speaker is None:
            return True, UNATTRIBUTED
        return False, names.get(q.speaker) or q.speaker_text or q.speaker

    groups: dict[tuple[bool, str], list[Quote]] = {}
    for q in story.quotes:
        groups.setdefault(speaker_key(q), []).append(q)
    ordered = sorted(groups, key=lambda k: (k[0], k[1].casefold(), k[1]))
    return tuple(
        QuoteGroup(
            speaker=key[1],
            resolved=not key[0],
            quotes=tuple(
                QuoteView(
                    q.text, q.direct, _quote_note(q, key[1]), index.numbers((q.citation,)),
                    _speaker_cites(q, index), q.cue,
                )
                for q in groups[key]
            ),
        )
        for key in ordered
    )


#: How a quote was attributed, as the note words it (a cue of its own needs no word).
_ATTRIBUTED_BY = {
    "colon": "introduced by a colon",
    "continuation": "continuing the quotation before",
    "pronoun": "by pronoun",
    "nominal": "by description",
    "document": "document",
    "dash": "signed after a dash",
}


def _speaker_cites(q: Quote, index: CitationIndex) -> tuple[int, ...]:
    if q.speaker_citation is None or q.speaker_citation == q.citation:
        return ()
    return index.numbers((q.speaker_citation,))


def _quote_note(q: Quote, speaker: str) -> str:
    parts = [q.role] if q.role else []
    if q.cue:
        parts.append(q.cue)
    if q.attribution in _ATTRIBUTED_BY:
        parts.append(_ATTRIBUTED_BY[q.attribution])
    if q.on_behalf_of:
        parts.append(f"for {q.on_behalf_of}")
    written = q.speaker_text
    if written and q.speaker is None:
        parts.append(f"speaker as written: \u201c{written}\u201d")
    elif written and written != speaker and speaker.casefold() not in written.casefold():
        parts.append(f"as \u201c{written}\u201d")
    if q.unattributed:
        parts.append(q.unattributed)
    return "; ".join(parts)


def _chronological(entries: Sequence[TimelineEntry]) -> list[TimelineEntry]:
    """Dated entries by first day (then last day), undatable ones last, otherwise as given."""
    far = date.max

    def key(pair: tuple[int, TimelineEntry]) -> tuple[date, date, int]:
        span = entry_interval(pair[1])
        return (span[0], span[1], pair[0]) if span else (far, far, pair[0])

    return [entry for _, entry in sorted(enumerate(entries), key=key)]


def _timeline_row(entry: TimelineEntry, index: CitationIndex) -> TimelineRow:
    label = date_label(entry.date, entry.end_date)
    if entry.inferred:
        label += " (inferred)"
    return TimelineRow(
        date=entry.date,
        end_date=entry.end_date,
        label=label,
        status=entry.status,
        text=entry.text,
        inferred=entry.inferred,
        interval=entry_interval(entry),
        cites=index.numbers(entry.citations),
    )
