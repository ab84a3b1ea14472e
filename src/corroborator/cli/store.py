"""The store commands: ``ingest``, ``stories``, ``show`` and ``check``.

Each command parses its arguments, calls the library layer (:mod:`corroborator.app`) and
prints; a :class:`~corroborator.errors.CorroboratorError` becomes a click error. Only
``ingest`` creates a store; ``stories`` and ``show`` refuse a missing one.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import click

from corroborator.app.dates import parse_date, parse_moment
from corroborator.app.ingest import ingest
from corroborator.app.listing import SORTS, list_stories, story_row_title
from corroborator.app.show import show_story
from corroborator.errors import CorroboratorError
from corroborator.render import formats
from corroborator.run.backends import backend_names
from corroborator.store.database import Store, StoryRow

FORMATS = formats()


def story_lines(rows: Sequence[StoryRow], event_counts: Mapping[str, int] | None = None
                ) -> list[str]:
    """A table: a header row, then one aligned row per story (id, articles, events when
    given, sources, date span, title, the sources' names)."""
    header = ["STORY", "ARTICLES", *(["EVENTS"] if event_counts is not None else []),
              "SOURCES", "DATES", "TITLE"]
    table = [header]
    for r in rows:
        span = f"{r.first_date}..{r.last_date}" if r.first_date else "undated"
        title = story_row_title(r)
        names = ", ".join(r.sources)
        table.append([r.id, str(r.size),
                      *([str(event_counts.get(r.id, 0))] if event_counts is not None else []),
                      str(len(r.sources)), span, f"{title}  ({names})" if names else title])
    widths = [max(len(row[i]) for row in table) for i in range(len(header) - 1)]
    numeric = {i for i, h in enumerate(header) if h in ("ARTICLES", "EVENTS", "SOURCES")}
    return ["  ".join([*(c.rjust(w) if i in numeric else c.ljust(w)
                         for i, (c, w) in enumerate(zip(row, widths, strict=False))), row[-1]])
            for row in table]


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
#: Exit status when nothing at all could be analyzed (every input was skipped).
EXIT_NOTHING_ANALYSED = 1


def missing_paths(inputs: Iterable[str]) -> list[str]:
    """The inputs named on the command line that do not exist (``-`` is stdin; a web
    page or feed URL is fetched, and a failed fetch is an entry in ``errors``)."""
    from corroborator.inputs.fetch import is_url

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
@click.option("--backend", type=click.Choice(backend_names()), default="local",
              show_default=True,
              help="Read, parse and analyze here, or on a Dask cluster (placement into "
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
                from corroborator.app.cluster import ingest_on_cluster

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
@click.option("--search", "search", metavar="TEXT",
              help="Only stories whose title or an entity name contains TEXT (case and "
              "accents ignored).")
@click.option("--sort", type=click.Choice(SORTS), default="news", show_default=True,
              help="news: latest publication first, undated last; updated: latest change "
              "in the store first; size: most articles first; title.")
@click.option("--limit", type=click.IntRange(min=0), metavar="N",
              help="Show at most N stories.")
def stories_cmd(db: Path, since: str | None, search: str | None, sort: str,
                limit: int | None) -> None:
    """List the stored storylines as a table: id, articles, events, sources, date span
    (publication dates, inferred ones included), title and the sources' names."""
    with _open(db) as store:
        try:
            rows = list_stories(store, since, search=search, sort=sort, limit=limit)
            counts = store.event_counts()
        except CorroboratorError as exc:
            raise click.ClickException(str(exc)) from exc
    if not rows:
        click.echo("no stories" + (" match" if search or since else ""), err=True)
        return
    for line in story_lines(rows, counts):
        click.echo(line.rstrip())


@click.command("show")
@click.argument("story")
@_DB
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="md",
              show_default=True, help="Output format.")
@click.option("--changes-since", metavar="DATE", callback=_moment_option,
              help="First list what is new since DATE (ISO date or date-time; UTC when "
              "no offset is given), by ingest time: the articles added to the store since "
              "then and what the story gained with them.")
@click.option("--changes", "since_last_view", is_flag=True,
              help="First list what is new since this story was last shown.")
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
    from corroborator.app.check import check_store

    try:
        report = check_store(db)
    except CorroboratorError as exc:
        raise click.ClickException(str(exc)) from exc
    for fault in report.faults:
        click.echo(fault, err=True)
    click.echo(report.summary())
    if not report.ok:
        sys.exit(1)
