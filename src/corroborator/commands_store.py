"""The store commands: ``ingest``, ``stories`` and ``show``.

Each click command is a thin wrapper over a plain library function here
(:func:`ingest`, :func:`list_stories`, :func:`show_story`): it opens the store, calls the
function and turns :class:`~corroborator.errors.CorroboratorError` into a click error.

Ingest is idempotent: articles already in the store (by id) are skipped before parsing,
so re-ingesting the same inputs changes nothing. New articles are parsed, analysed,
checked for syndicated copies against everything stored, and placed into storylines one
at a time in publication order (undated ones last, in input order).
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import click
from datasketch import MinHash

from corroborator import dedup, stories
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
from corroborator.store import Store, StoryRow

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


@dataclass(frozen=True)
class IngestReport:
    """The outcome of one ingest: new articles, skipped ones and unreadable inputs."""

    placed: tuple[Placed, ...]
    already_stored: int
    errors: tuple[InputError, ...] = ()

    @property
    def new_stories(self) -> tuple[str, ...]:
        return tuple(p.story_id for p in self.placed if p.new_story)

    def lines(self) -> list[str]:
        """Human-readable lines: one per new article, then a total."""
        out = []
        for p in self.placed:
            what = "new story" if p.new_story else "joins"
            extra = f" (copy of {p.article.duplicate_of})" if p.article.duplicate_of else ""
            if p.merged:
                extra += f" (merged {', '.join(p.merged)})"
            title = p.article.title or p.article.text.strip().split("\n", 1)[0][:70]
            out.append(f"+ {p.article.id}  {what} {p.story_id}{extra}  {title}")
        out.append(
            f"{len(self.placed)} new articles, {len(self.new_stories)} new stories, "
            f"{self.already_stored} already stored, {len(self.errors)} inputs skipped"
        )
        return out


@dataclass
class Ingester:
    """Places analysed articles into a store; keeps the indexes loaded between batches.

    ``features_of`` and ``signature_of`` are the clustering features and the MinHash
    of an article (replaceable: the scale benchmark perturbs repeated articles).
    """

    store: Store
    features_of: Callable[[ArticleAnalysis, int], stories.ArticleFeatures] = (
        stories.article_features)
    signature_of: Callable[[Article], MinHash | None] = field(
        default=lambda art: dedup.signature(art.text))
    index: stories.StoryIndex = field(init=False)
    duplicates: dedup.DuplicateIndex = field(init=False)

    def __post_init__(self) -> None:
        self.index = self.store.load_index()
        self.duplicates = self.store.load_duplicate_index()

    def add(self, analyses: Sequence[ArticleAnalysis]) -> list[Placed]:
        """Dedup, cluster and store ``analyses`` (ids not yet stored), oldest first."""
        feats = [self.features_of(a, i) for i, a in enumerate(analyses)]
        order = sorted(range(len(analyses)), key=lambda i: stories.chrono_key(feats[i]))
        out: list[Placed] = []
        with self.store.transaction():
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
                out.append(Placed(analysis.article, placement.story_id, placement.created,
                                  placement.merged))
        return out


def ingest(
    store: Store,
    inputs: Iterable[str | Path],
    *,
    analyse: AnalyseArticle | None = None,
    parse: ParseArticles | None = None,
) -> IngestReport:
    """Read ``inputs``; parse, analyse and place only the articles not yet stored."""
    from corroborator.readers import read_inputs

    articles, errors = read_inputs(list(inputs))
    unique: dict[str, Article] = {}
    for art in articles:
        unique.setdefault(art.id, art)  # the reader reports clashing ids as errors
    known = store.known_ids(unique)
    new = [a for a in unique.values() if a.id not in known]
    parse = parse or default_parse
    analyse = analyse or default_analyse
    analyses = [analyse(p) for p in parse(new)] if new else []
    placed = Ingester(store).add(analyses) if analyses else []
    return IngestReport(tuple(placed), already_stored=len(known), errors=tuple(errors))


# --------------------------------------------------------------------------- stories


def list_stories(store: Store, since: str | None = None) -> list[StoryRow]:
    """Live stories, most recently updated first (``since``: an ISO date)."""
    return store.list_stories(since)


def story_lines(rows: Sequence[StoryRow]) -> list[str]:
    """One line per story: id, title, article count, date span, sources."""
    out = []
    for r in rows:
        title = stories.story_title(
            [Article(id=str(i), text="", title=t) for i, t in enumerate(r.titles)]
        ) if r.titles else "(untitled)"
        span = f"{r.first_date or '?'}..{r.last_date or '?'}"
        out.append(f"{r.id}  {r.size:>4}  {span}  {title}  [{', '.join(r.sources)}]")
    return out


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

    def to_markdown(self) -> str:
        parts = [f"## What is new since {self.since}", ""]
        for name, items in (("New articles", self.articles), ("New claims", self.claims),
                            ("New conflicts", self.conflicts),
                            ("New timeline entries", self.timeline)):
            parts.append(f"**{name}:** {len(items)}")
            parts.extend(f"- {item}" for item in items)
            parts.append("")
        return "\n".join(parts)

    def to_html(self) -> str:
        rows = [f'<section class="changes"><h2>What is new since {html.escape(self.since)}</h2>']
        for name, items in (("New articles", self.articles), ("New claims", self.claims),
                            ("New conflicts", self.conflicts),
                            ("New timeline entries", self.timeline)):
            rows.append(f"<h3>{name} ({len(items)})</h3><ul>")
            rows.extend(f"<li>{html.escape(i)}</li>" for i in items)
            rows.append("</ul>")
        rows.append("</section>")
        return "\n".join(rows)


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
    from corroborator import __version__

    analyse_story = analyse_story or default_analyse_story
    sid = store.resolve_story(story_id)
    member_ids = store.members(sid)
    analyses = store.analyses(member_ids)
    story, members = analyse_story(sid, analyses)
    story = replace(story, merged_from=store.merged_into(sid))
    brief = Brief(
        articles=tuple(m.article for m in members),
        stories=(story,),
        times=tuple(t for m in members for t in m.times),
        errors=(),
        zones=tuple(z for m in members for z in m.zones),
        generator_version=__version__,
    )
    since = changes_since or (store.last_view(sid) if since_last_view else None)
    changes = None
    if since is not None:
        added = store.added_at(member_ids)
        old_ids = [i for i in member_ids if added[i] < since]
        new_ids = [i for i in member_ids if added[i] >= since]
        old_story = None
        if old_ids:
            old_story, _ = analyse_story(sid, [a for a in analyses if a.article.id in set(old_ids)])
        changes = diff_stories(since, old_story, story, new_ids)
    store.record_view(sid)
    return brief, changes


def show_story(store: Store, story_id: str, fmt: str = "md", **kwargs: object) -> str:
    """Render one story's brief (md, html or json), with its changes when asked."""
    if fmt not in FORMATS:
        raise CorroboratorError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    brief, changes = story_brief(store, story_id, **kwargs)  # type: ignore[arg-type]
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

_DB = click.option("--db", "db", required=True, type=click.Path(dir_okay=False, path_type=Path),
                   help="The SQLite store (created when absent).")


def _open(db: Path) -> Store:
    try:
        return Store(db)
    except CorroboratorError as exc:
        raise click.ClickException(str(exc)) from exc


@click.command("ingest")
@click.argument("inputs", nargs=-1, required=True)
@_DB
@click.option("-q", "--quiet", is_flag=True, help="Print only the total line.")
def ingest_cmd(inputs: tuple[str, ...], db: Path, quiet: bool) -> None:
    """Add INPUTS (files, directories) to the store and update its storylines.

    Articles already stored are skipped, so ingesting the same files twice changes
    nothing. Prints each new article and the story it joined.
    """
    with _open(db) as store:
        try:
            report = ingest(store, inputs)
        except CorroboratorError as exc:
            raise click.ClickException(str(exc)) from exc
    lines = report.lines()
    for line in lines[-1:] if quiet else lines:
        click.echo(line)


@click.command("stories")
@_DB
@click.option("--since", metavar="DATE", help="Only stories with news on or after DATE.")
def stories_cmd(db: Path, since: str | None) -> None:
    """List the stored storylines: id, article count, date span, title, sources."""
    with _open(db) as store:
        try:
            rows = list_stories(store, since)
        except CorroboratorError as exc:
            raise click.ClickException(str(exc)) from exc
    for line in story_lines(rows):
        click.echo(line)


@click.command("show")
@click.argument("story")
@_DB
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="md",
              show_default=True, help="Output format.")
@click.option("--changes-since", metavar="DATE",
              help="Also list what is new since DATE (ISO date or date-time).")
@click.option("--changes", "since_last_view", is_flag=True,
              help="Also list what is new since this story was last shown.")
def show_cmd(story: str, db: Path, fmt: str, changes_since: str | None,
             since_last_view: bool) -> None:
    """Show the brief of one STORY (an id from `corroborator stories`; old ids of
    merged stories still work)."""
    with _open(db) as store:
        try:
            text = show_story(store, story, fmt, changes_since=changes_since,
                              since_last_view=since_last_view)
        except CorroboratorError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(text, nl=not text.endswith("\n"))
