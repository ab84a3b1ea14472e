"""The store commands: ``ingest``, ``stories`` and ``show``.

Each click command is a thin wrapper over a plain library function here
(:func:`ingest`, :func:`list_stories`, :func:`show_story`): it opens the store, calls the
function and turns :class:`~corroborator.errors.CorroboratorError` into a click error.

Ingest is idempotent: articles already in the store (same id, same text) are skipped
before parsing, so re-ingesting the same inputs changes nothing. A different article that
claims a stored id is an error entry ("id clash"), never a silent skip. New articles are
parsed, analysed, checked for syndicated copies against everything stored, and placed
into storylines one at a time in publication order (undated ones last, in input order).

Only ``ingest`` creates a store; ``stories`` and ``show`` refuse a missing one.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from threading import Event

import click
from datasketch import MinHash

from corroborator import dedup, events, stories
from corroborator.errors import CorroboratorError
from corroborator.model import (
    Article,
    ArticleAnalysis,
    Brief,
    Conflict,
    InputError,
    Parsed,
    Story,
    TimelineEntry,
)
from corroborator.progress import progress
from corroborator.readers import content_hash, error_line, error_summary, split_errors
from corroborator.store import Store, StoredArticle, StoryRow

AnalyseArticle = Callable[[Parsed], ArticleAnalysis]
AnalyseStory = Callable[[str, Sequence[ArticleAnalysis]], tuple[Story, tuple[ArticleAnalysis, ...]]]
ParseArticles = Callable[[Sequence[Article]], Iterable[Parsed]]

FORMATS = ("md", "html", "json")


# --------------------------------------------------------------------------- ingest


def default_parse(articles: Sequence[Article]) -> Iterable[Parsed]:
    """The NLP stage (spaCy), two processes for large batches."""
    from corroborator.nlp import parse_articles

    return parse_articles(articles, expected=len(articles))


def default_analyse(parsed: Parsed) -> ArticleAnalysis:
    """Pipeline stage 3."""
    from corroborator.pipeline import analyse_article

    return analyse_article(parsed)


def default_analyse_story(story_id: str, members: Sequence[ArticleAnalysis]
                          ) -> tuple[Story, tuple[ArticleAnalysis, ...]]:
    """Pipeline stage 6."""
    from corroborator.pipeline import analyse_story

    return analyse_story(story_id, members)


@dataclass(frozen=True, slots=True)
class Placed:
    """What happened to one new article."""

    article: Article
    story_id: str
    new_story: bool
    merged: tuple[str, ...] = ()
    #: earlier articles that moved to another story after this one arrived:
    #: (article id, from story, to story)
    moved: tuple[tuple[str, str, str], ...] = ()
    #: the event of its story it went to, and whether that event is new
    event_id: str = ""
    new_event: bool = False
    #: earlier articles that changed event: (article id, from event, to event)
    event_moves: tuple[tuple[str, str, str], ...] = ()
    #: events merged into another: (old event, into event)
    event_merges: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class IngestReport:
    """The outcome of one ingest: new articles, skipped ones and unreadable inputs.

    ``errors`` holds both inputs that were skipped and inputs that were processed with a
    note (``flagged``, e.g. decoded from latin-1); see :func:`readers.split_errors`.
    """

    placed: tuple[Placed, ...]
    already_stored: int
    errors: tuple[InputError, ...] = ()

    @property
    def new_stories(self) -> tuple[str, ...]:
        return tuple(p.story_id for p in self.placed if p.new_story)

    @property
    def skipped(self) -> tuple[InputError, ...]:
        return tuple(split_errors(self.errors)[0])

    @property
    def flagged(self) -> tuple[InputError, ...]:
        return tuple(split_errors(self.errors)[1])

    def error_lines(self) -> list[str]:
        """One line per error entry, naming the input and the reason (for stderr)."""
        return [error_line(e) for e in self.errors]

    def lines(self) -> list[str]:
        """Human-readable lines: one per new article, then a total with what was skipped
        or flagged and why."""
        out = []
        for p in self.placed:
            what = "new story" if p.new_story else "joins"
            extra = f" (copy of {p.article.duplicate_of})" if p.article.duplicate_of else ""
            if p.merged:
                extra += f" (merged {', '.join(p.merged)})"
            if p.event_id:
                extra += f", {'new event' if p.new_event else 'event'} {p.event_id}"
            title = p.article.title or p.article.text.strip().split("\n", 1)[0][:70]
            out.append(f"+ {p.article.id}  {what} {p.story_id}{extra}  {title}")
            out += [f"  ~ {aid}  moves from {src} to {dst}" for aid, src, dst in p.moved]
            out += [f"  ~ {aid}  moves from event {src} to {dst}"
                    for aid, src, dst in p.event_moves]
            out += [f"  = event {old} merged into {new}" for old, new in p.event_merges]
        merges = sum(len(p.merged) for p in self.placed)
        merged = f" ({merges} merged into another)" if merges else ""
        moves = sum(len(p.moved) for p in self.placed)
        moved = f", {moves} earlier articles moved to another story" if moves else ""
        total = (f"{len(self.placed)} new articles, {len(self.new_stories)} new stories"
                 f"{merged}{moved}, {self.already_stored} already stored")
        out.append("; ".join([total, *error_summary(self.errors)]))
        return out


@dataclass
class Ingester:
    """Places analysed articles into a store; keeps the indexes loaded between batches.

    ``features_of`` and ``signature_of`` are the clustering features and the MinHash
    of an article (replaceable: the scale benchmark perturbs repeated articles).

    The indexes are read inside the write transaction, and read again when another
    process wrote to the store since (or when a write of ours failed), so that two
    ingests into one store never place articles against a stale index.
    """

    store: Store
    features_of: Callable[[ArticleAnalysis, int], stories.ArticleFeatures] = (
        stories.article_features)
    signature_of: Callable[[Article], MinHash | None] = field(
        default=lambda art: dedup.signature(art.text))
    index: stories.StoryIndex = field(init=False, default_factory=stories.StoryIndex)
    duplicates: dedup.DuplicateIndex = field(init=False, default_factory=dedup.DuplicateIndex)
    #: articles of the last :meth:`add` that another process stored first, with what
    #: the store holds under their ids
    raced: list[tuple[Article, StoredArticle]] = field(init=False, default_factory=list)
    _loaded_at: int | None = field(init=False, default=None, repr=False)

    def _refresh(self) -> None:
        """Load the indexes unless they match the store (call inside the transaction)."""
        version = self.store.data_version
        if self._loaded_at != version:
            self.index = self.store.load_index()
            self.duplicates = self.store.load_duplicate_index()
            self._loaded_at = version

    def add(self, analyses: Sequence[ArticleAnalysis]) -> list[Placed]:
        """Dedup, cluster and store ``analyses`` (ids not yet stored), oldest first.

        An article another process stored since it was parsed is not stored again; it
        is listed in :attr:`raced`.
        """
        out: list[Placed] = []
        try:
            with self.store.transaction():
                self._refresh()
                out = self._place(analyses)
        except BaseException:
            self._loaded_at = None  # the in-memory indexes hold the rolled-back writes
            raise
        return out

    def _place(self, analyses: Sequence[ArticleAnalysis]) -> list[Placed]:
        stored = self.store.stored(a.article.id for a in analyses)
        self.raced = [(a.article, stored[a.article.id]) for a in analyses
                      if a.article.id in stored]
        analyses = [a for a in analyses if a.article.id not in stored]
        feats = [self.features_of(a, i) for i, a in enumerate(analyses)]
        order = sorted(range(len(analyses)), key=lambda i: stories.chrono_key(feats[i]))
        out: list[Placed] = []
        for i in order:
            analysis, feat = analyses[i], feats[i]
            sig = self.signature_of(analysis.article)
            original = self.duplicates.check(analysis.article.id, sig)
            if original is not None:
                art = replace(analysis.article, duplicate_of=original)
                analysis = replace(analysis, parsed=replace(analysis.parsed, article=art))
                self.duplicates.add(art.id, None)
            else:
                self.duplicates.add(analysis.article.id, sig)
            placement = self.index.add(feat, into=original)
            self.store.add_article(analysis, sig)
            self.store.save_placement(self.index, feat, placement)
            out.append(self._place_event(analysis, feat, placement))
        return out

    def _place_event(self, analysis: ArticleAnalysis, feat: stories.ArticleFeatures,
                     placement: stories.Placement) -> Placed:
        """Recompute the events of the stories the placement touched (the article's own
        and those articles moved between) and say where the article went."""
        art = analysis.article
        if not art.published:
            # an undated article: its publication date inferred from the story's dates,
            # as the brief's stage 6a does
            from corroborator.pipeline import with_publication
            from corroborator.times import infer_publication

            dates, _ = self.store.publication_dates(placement.story_id)
            guess = infer_publication(analysis.parsed, analysis.times, dates)
            if guess:
                analysis = with_publication(analysis, guess)
        feats = events.event_features(analysis, feat.counts)
        results = self.store.update_events(
            (placement.story_id, *placement.touched()), {art.id: feats})
        mine = results[self.index.resolve(placement.story_id)]
        event_id = next(eid for eid, ids in mine.events if art.id in ids)
        return Placed(
            art, placement.story_id, placement.created, placement.merged, placement.moved,
            event_id=event_id, new_event=event_id in mine.created,
            event_moves=tuple(m for r in results.values() for m in r.moved),
            event_merges=tuple(m for r in results.values() for m in r.merged))


def ingest(
    store: Store,
    inputs: Iterable[str | Path],
    *,
    analyse: AnalyseArticle | None = None,
    parse: ParseArticles | None = None,
    quiet: bool = True,
) -> IngestReport:
    """Read ``inputs``; parse, analyse and place only the articles not yet stored.

    An article whose id is stored with the same text is already stored (nothing to do);
    with a different text it is an error entry naming its input and the id. ``quiet=False``
    draws a progress bar on a terminal while articles are analysed.
    """
    from corroborator.readers import read_inputs

    articles, errors = read_inputs(list(inputs))
    return ingest_articles(store, articles, errors, analyse=analyse, parse=parse, quiet=quiet)


def ingest_articles(
    store: Store,
    articles: Sequence[Article],
    errors: Sequence[InputError] = (),
    *,
    analyse: AnalyseArticle | None = None,
    parse: ParseArticles | None = None,
    quiet: bool = True,
    stop: Event | None = None,
) -> IngestReport:
    """:func:`ingest` for articles already read (from files, feeds or web pages).

    With ``stop``, analysis ends after the current article once the event is set; the
    articles analysed so far are still placed and stored (one transaction).
    """
    errors = list(errors)
    unique: dict[str, Article] = {}
    for art in articles:
        unique.setdefault(art.id, art)  # the reader reports clashing ids as errors
    stored = store.stored(unique)  # before any parsing: a repeated ingest costs no NLP
    new: list[Article] = []
    already = 0

    def known(art: Article, old: StoredArticle) -> None:
        nonlocal already
        if old.content_hash == content_hash(art.text):
            already += 1
        else:
            errors.append(InputError(
                art.path or "<input>",
                f"id clash: id {art.id!r} is already stored for a different article "
                f"(from {old.path or 'an earlier ingest'}); not ingested"))

    for art in unique.values():
        old = stored.get(art.id)
        if old is None:
            new.append(art)
        else:
            known(art, old)
    parse = parse or default_parse
    analyse = analyse or default_analyse
    analyses = []
    if new:
        for parsed in progress(parse(new), total=len(new), label="analysing", quiet=quiet):
            if stop is not None and stop.is_set():
                break
            analyses.append(analyse(parsed))
            if stop is not None and stop.is_set():
                break
    placed: list[Placed] = []
    if analyses:
        ingester = Ingester(store)
        placed = ingester.add(analyses)
        for art, old in ingester.raced:  # stored by another ingest while we parsed
            known(art, old)
    return IngestReport(tuple(placed), already_stored=already, errors=tuple(errors))


# --------------------------------------------------------------------------- dates


def parse_date(text: str | date) -> date:
    """An ISO date (``YYYY-MM-DD``) given on the command line; CorroboratorError if not."""
    if isinstance(text, date):
        return text
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise CorroboratorError(
            f"not a date: {text!r}{_why(exc)}; expected an ISO date such as 2026-03-15"
        ) from exc


def parse_moment(text: str) -> str:
    """An ISO date or date-time given on the command line, normalised for comparison
    with the store's "added at" times (UTC; a time without an offset is taken as UTC)."""
    value = text.strip()
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise CorroboratorError(
            f"not a date or date-time: {text!r}{_why(exc)}; expected ISO 8601 such as "
            "2026-03-15 or 2026-03-15T08:30"
        ) from exc
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.isoformat()


def _why(exc: ValueError) -> str:
    """Python's reason for a bad date (``month must be in 1..12``), when it says more
    than "invalid"."""
    reason = str(exc)
    return "" if not reason or reason.lower().startswith("invalid") else f" ({reason})"


# --------------------------------------------------------------------------- stories


def list_stories(store: Store, since: str | date | None = None) -> list[StoryRow]:
    """Live stories, most recently updated first, with their date spans.

    The span counts the publication dates inferred for undated members, exactly as
    ``show`` does (:func:`story_span`). ``since`` (an ISO date) keeps the stories whose
    last publication date (or, with no dates at all, last update) is on or after it.
    """
    day = None if since is None else parse_date(since).isoformat()
    rows = [story_span(store, r) for r in store.list_stories()]
    if day is None:
        return rows
    return [r for r in rows if (r.last_date or r.updated_at[:10]) >= day]


def story_span(store: Store, row: StoryRow) -> StoryRow:
    """``row`` with its date span widened by the inferred dates of undated members.

    The inference is pipeline stage 6a's (:func:`corroborator.times.infer_publication`
    on the cached analysis, given the members' stated dates), so the span matches the
    one ``show`` prints.
    """
    if not row.undated:
        return row
    from corroborator.times import infer_publication

    dates, undated = store.publication_dates(row.id)
    days = [d[:10] for d in dates]
    for analysis in store.analyses(undated):
        guess = infer_publication(analysis.parsed, analysis.times, dates)
        if guess:
            days.append(guess[:10])
    if not days:
        return row
    return replace(row, first_date=min(days), last_date=max(days))


def story_lines(rows: Sequence[StoryRow], event_counts: Mapping[str, int] | None = None
                ) -> list[str]:
    """One line per story: id, article count, event count (when given), date span,
    title, sources."""
    out = []
    for r in rows:
        count = "" if event_counts is None else f"  {_events(event_counts.get(r.id, 0))}"
        title = stories.story_title(
            [Article(id=str(i), text="", title=t) for i, t in enumerate(r.titles)]
        ) if r.titles else "(untitled)"
        span = f"{r.first_date or '?'}..{r.last_date or '?'}"
        out.append(f"{r.id}  {r.size:>4}{count}  {span}  {title}  [{', '.join(r.sources)}]")
    return out


def _events(n: int) -> str:
    return f"{n:>3} event" + (" " if n == 1 else "s")


# --------------------------------------------------------------------------- show


@dataclass(frozen=True)
class Changes:
    """What a story gained since a point in time."""

    since: str
    articles: tuple[str, ...]
    claims: tuple[str, ...]
    conflicts: tuple[str, ...]
    timeline: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"since": self.since, "articles": list(self.articles),
                "claims": list(self.claims), "conflicts": list(self.conflicts),
                "timeline": list(self.timeline)}

    def sections(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(heading, items) in reading order, for every format."""
        return (("New articles", self.articles), ("New claims", self.claims),
                ("New conflicts", self.conflicts), ("New timeline entries", self.timeline))

    def to_markdown(self) -> str:
        from corroborator.render.markdown import md_text

        parts = [f"## What is new since {md_text(self.since)}", ""]
        for name, items in self.sections():
            parts.append(f"**{name}:** {len(items)}")
            parts.extend(f"- {md_text(item)}" for item in items)
            parts.append("")
        return "\n".join(parts)

    def to_html(self) -> str:
        """The ``changes.html.j2`` section (the web app's story page includes it too)."""
        from corroborator.render.html import environment

        template = environment().get_template("changes.html.j2")
        return template.render(changes=self).rstrip("\n")


def _conflict_key(c: Conflict) -> str:
    return f"{c.kind}: {c.about}"


def _timeline_key(t: TimelineEntry) -> str:
    return f"{t.date}: {t.text}"


def diff_stories(since: str, old: Story | None, new: Story, new_articles: Sequence[str]
                 ) -> Changes:
    """What ``new`` has that ``old`` (the story as it stood at ``since``) did not."""
    old_claims = {g.text for g in old.claims} if old else set()
    old_conf = {_conflict_key(c) for c in old.conflicts} if old else set()
    old_tl = {_timeline_key(t) for t in old.timeline} if old else set()
    return Changes(
        since=since,
        articles=tuple(new_articles),
        claims=tuple(g.text for g in new.claims if g.text not in old_claims),
        conflicts=tuple(k for k in map(_conflict_key, new.conflicts) if k not in old_conf),
        timeline=tuple(k for k in map(_timeline_key, new.timeline) if k not in old_tl),
    )


def story_brief(
    store: Store, story_id: str, *, analyse_story: AnalyseStory | None = None,
    changes_since: str | None = None, since_last_view: bool = False,
) -> tuple[Brief, Changes | None]:
    """A Brief for one story, recomputed from its stored articles only.

    With ``changes_since`` (an ISO date or date-time) or ``since_last_view``, also what
    the story gained since then: the story is recomputed from the articles it held then
    and the two are compared. Showing a story records the view.
    """
    if changes_since is not None:
        changes_since = parse_moment(changes_since)
    sid = store.resolve_story(story_id)
    brief = compute_brief(store, sid, analyse_story=analyse_story)
    since = changes_since or (store.last_view(sid) if since_last_view else None)
    changes = None
    if since is not None:
        changes = story_changes(store, sid, brief.stories[0], since,
                                analyse_story=analyse_story)
    store.record_view(sid)
    return brief, changes


def compute_brief(store: Store, story_id: str, *, analyse_story: AnalyseStory | None = None
                  ) -> Brief:
    """The Brief of one story (pipeline stage 6 over its stored analyses); reads only."""
    from corroborator import __version__

    analyse_story = analyse_story or default_analyse_story
    sid = store.resolve_story(story_id)
    story, members = analyse_story(sid, store.analyses(store.members(sid)))
    story = replace(story, merged_from=store.merged_into(sid), events=events.make_events(
        story, [m.article for m in members], [events.event_features(m) for m in members],
        store.story_events(sid) or None))
    return Brief(
        articles=tuple(m.article for m in members),
        stories=(story,),
        times=tuple(t for m in members for t in m.times),
        errors=(),
        zones=tuple(z for m in members for z in m.zones),
        generator_version=__version__,
    )


def story_changes(store: Store, story_id: str, story: Story, since: str, *,
                  analyse_story: AnalyseStory | None = None) -> Changes:
    """What ``story`` (as computed now) gained since ``since`` (a normalised ISO moment,
    see :func:`parse_moment`): the story is recomputed from the members it held then."""
    analyse_story = analyse_story or default_analyse_story
    sid = store.resolve_story(story_id)
    member_ids = store.members(sid)
    added = store.added_at(member_ids)
    old_ids = {i for i in member_ids if added[i] < since}
    new_ids = [i for i in member_ids if added[i] >= since]
    old_story = None
    if old_ids:
        old_story, _ = analyse_story(sid, store.analyses([i for i in member_ids
                                                          if i in old_ids]))
    return diff_stories(since, old_story, story, new_ids)


def event_brief(brief: Brief, event_id: str) -> Brief:
    """The brief of one story narrowed to one of its events: its articles, and the
    claims, quotes, timeline entries and summary bullets that belong to it."""
    (story,) = brief.stories
    found = [e for e in story.events if e.id == event_id]
    if not found:
        known = ", ".join(e.id for e in story.events) or "none"
        raise CorroboratorError(
            f"no event {event_id!r} in story {story.id} (its events: {known})")
    event = found[0]
    ids = set(event.article_ids)
    claims = set(event.claims)
    narrowed = replace(
        story,
        title=event.title,
        article_ids=event.article_ids,
        entities=tuple(e for e in story.entities if any(m.article in ids for m in e.mentions)),
        timeline=tuple(story.timeline[i] for i in event.timeline),
        quotes=tuple(story.quotes[i] for i in event.quotes),
        quantities=tuple(q for q in story.quantities if q.citation.article in ids),
        claims=tuple(g for g in story.claims if g.id in claims),
        conflicts=tuple(c for c in story.conflicts
                        if any(s.article in ids for p in c.positions for s in p.citations)),
        summary=tuple(story.summary[i] for i in event.summary),
        coverage=tuple((src, tuple(g for g in gs if g in claims))
                       for src, gs in story.coverage if src in event.sources),
        sources=event.sources,
        first_date=event.first_date,
        last_date=event.last_date,
        events=(replace(event, claims=event.claims,
                        quotes=tuple(range(len(event.quotes))),
                        timeline=tuple(range(len(event.timeline))),
                        summary=tuple(range(len(event.summary)))),),
    )
    return replace(
        brief,
        articles=tuple(a for a in brief.articles if a.id in ids),
        stories=(narrowed,),
        times=tuple(t for t in brief.times if t.span.article in ids),
        zones=tuple(z for z in brief.zones if z.span.article in ids),
    )


def show_story(store: Store, story_id: str, fmt: str = "md", event: str | None = None,
               **kwargs: object) -> str:
    """Render one story's brief (md, html or json), with its changes when asked;
    ``event`` (an event id of the story; a merged one's old id works) narrows it to that
    event."""
    if fmt not in FORMATS:
        raise CorroboratorError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    brief, changes = story_brief(store, story_id, **kwargs)  # type: ignore[arg-type]
    if event is not None:
        brief = event_brief(brief, store.resolve_event(event))
    if fmt == "json":
        text = brief.to_json()
        if changes is None:
            return text
        data = json.loads(text)
        data["changes"] = changes.to_dict()
        return json.dumps(data, indent=2, ensure_ascii=False)
    if fmt == "html":
        text = brief.to_html()
        if changes is None:
            return text
        block = changes.to_html()
        at = text.rfind("</body>")
        return text[:at] + block + "\n" + text[at:] if at >= 0 else text + block
    text = brief.to_markdown()
    return text if changes is None else text.rstrip("\n") + "\n\n" + changes.to_markdown()


# --------------------------------------------------------------------------- click

def plain_db_path(value: str) -> Path:
    """``value`` as the path of a store file; CorroboratorError for anything SQLite
    would read otherwise: ``:memory:`` or an empty name (a store that keeps nothing),
    and ``file:`` URIs (options such as ``mode=memory``, a name that is not the file)."""
    if not value.strip() or value.strip() == ":memory:":
        raise CorroboratorError(
            f"--db takes the path of a store file, not {value!r} (a store in memory "
            "would keep nothing)")
    if value.lower().startswith("file:"):
        raise CorroboratorError(
            f"--db takes a plain file path, not an SQLite URI such as {value!r}; "
            f"for a file of that name write ./{value}")
    return Path(value)


def _db_option(ctx: click.Context, param: click.Parameter, value: str) -> Path:
    try:
        return plain_db_path(value)
    except CorroboratorError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from exc


_DB_PATH = click.Path(dir_okay=False)
_NEW_DB = click.option("--db", "db", required=True, type=_DB_PATH, callback=_db_option,
                       help="The SQLite store file (created when absent).")
_DB = click.option("--db", "db", required=True, type=_DB_PATH, callback=_db_option,
                   help="The SQLite store file (made by `corroborator ingest`).")

#: Exit status when a path named on the command line does not exist (as ``ls``).
EXIT_MISSING_PATH = 2
#: Exit status when nothing at all could be analysed (every input was skipped).
EXIT_NOTHING_ANALYSED = 1


def missing_paths(inputs: Iterable[str]) -> list[str]:
    """The inputs named on the command line that do not exist (``-`` is stdin; a web
    page or feed URL is fetched, and a failed fetch is an entry in ``errors``)."""
    from corroborator.fetch import is_url

    return [i for i in inputs if i != "-" and not is_url(i) and not os.path.lexists(i)]


def _open(db: Path, *, create: bool = False) -> Store:
    try:
        return Store(db, create=create, on_wait=lambda msg: click.echo(msg, err=True))
    except CorroboratorError as exc:
        raise click.ClickException(str(exc)) from exc


def _date_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Click callback: an ISO date, or a usage error saying what is wrong with it."""
    if value is None:
        return None
    try:
        return parse_date(value).isoformat()
    except CorroboratorError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from exc


def _moment_option(ctx: click.Context, param: click.Parameter, value: str | None
                   ) -> str | None:
    """Click callback: an ISO date or date-time, or a usage error."""
    if value is None:
        return None
    try:
        return parse_moment(value)
    except CorroboratorError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from exc


@click.command("ingest")
@click.argument("inputs", nargs=-1, required=True)
@_NEW_DB
@click.option("-q", "--quiet", is_flag=True,
              help="Print only the total line; no progress bar.")
@click.option("--backend", type=click.Choice(["local", "dask"]), default="local",
              show_default=True,
              help="Read, parse and analyse here, or on a Dask cluster (placement into "
              "stories and the store writes stay here).")
@click.option("--scheduler", metavar="ADDRESS",
              help="With --backend dask: address of a running Dask scheduler "
              "(default: start a local cluster).")
def ingest_cmd(inputs: tuple[str, ...], db: Path, quiet: bool, backend: str,
               scheduler: str | None) -> None:
    """Add INPUTS (files, directories, web page or feed URLs) to the store and update
    its storylines.

    Articles already stored are skipped, so ingesting the same files twice changes
    nothing. Prints each new article and the story it joined, then a total saying what
    was skipped or flagged and why; each skipped or flagged input gets a line on stderr.
    Several ingests into one store take turns ("waiting for another ingest").

    \b
    Exit status: 0 when every input was read (or some were skipped: they are listed),
    1 when nothing could be ingested or stored, 2 when an INPUT does not exist.
    """
    with _open(db, create=True) as store:
        try:
            if backend == "dask":
                from corroborator.distributed import ingest_on_cluster

                report = ingest_on_cluster(store, inputs, scheduler=scheduler, quiet=quiet)
            else:
                report = ingest(store, inputs, quiet=quiet)
        except CorroboratorError as exc:
            raise click.ClickException(str(exc)) from exc
    for line in report.error_lines():
        click.echo(line, err=True)
    lines = report.lines()
    for line in lines[-1:] if quiet else lines:
        click.echo(line)
    if missing_paths(inputs):
        sys.exit(EXIT_MISSING_PATH)
    if not report.placed and not report.already_stored:
        sys.exit(EXIT_NOTHING_ANALYSED)


@click.command("stories")
@_DB
@click.option("--since", metavar="DATE", callback=_date_option,
              help="Only stories with news on or after DATE (YYYY-MM-DD).")
def stories_cmd(db: Path, since: str | None) -> None:
    """List the stored storylines: id, article count, event count, date span, title,
    sources."""
    with _open(db) as store:
        try:
            rows = list_stories(store, since)
            counts = store.event_counts()
        except CorroboratorError as exc:
            raise click.ClickException(str(exc)) from exc
    for line in story_lines(rows, counts):
        click.echo(line)


@click.command("show")
@click.argument("story")
@_DB
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="md",
              show_default=True, help="Output format.")
@click.option("--changes-since", metavar="DATE", callback=_moment_option,
              help="Also list what is new since DATE (ISO date or date-time; UTC when "
              "no offset is given).")
@click.option("--changes", "since_last_view", is_flag=True,
              help="Also list what is new since this story was last shown.")
@click.option("--event", "event", metavar="ID",
              help="Show only this event of the story (an id from its Events section).")
def show_cmd(story: str, db: Path, fmt: str, changes_since: str | None,
             since_last_view: bool, event: str | None) -> None:
    """Show the brief of one STORY (an id from `corroborator stories`; old ids of
    merged stories still work), or of one of its events with --event."""
    with _open(db) as store:
        try:
            text = show_story(store, story, fmt, event=event, changes_since=changes_since,
                              since_last_view=since_last_view)
        except CorroboratorError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(text, nl=not text.endswith("\n"))


@click.command("check")
@_DB
def check_cmd(db: Path) -> None:
    """Verify a store, as `git fsck` does: SQLite integrity, every article in exactly
    one story, story sizes and index counts consistent with their members, migrations
    current. Prints each fault, then one summary line ("158 articles, 97 stories: ok").

    \b
    Exit status: 0 when the store is sound, 1 on any fault or when it cannot be read.
    """
    from corroborator.check import check_store

    try:
        report = check_store(db)
    except CorroboratorError as exc:
        raise click.ClickException(str(exc)) from exc
    for fault in report.faults:
        click.echo(fault, err=True)
    click.echo(report.summary())
    if not report.ok:
        sys.exit(1)
