"""The feed commands: ``feeds add/list/remove/import/export``, ``update`` and ``watch``.

Each is a thin wrapper over a library function of :mod:`corroborator.app.feeds`: it opens
the store, calls the function and turns library errors into click errors. ``update`` and
``watch`` stop cleanly on Ctrl-C: the article being analyzed is finished and the finished
ones are stored; a second Ctrl-C aborts at once (nothing of the current batch is kept).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from types import FrameType

import click

from corroborator.app import feeds as lib
from corroborator.cli.store import _DB, _NEW_DB, _open
from corroborator.errors import CorroboratorError
from corroborator.inputs.fetch import Fetcher, FetchSettings

_INTERVAL = click.option(
    "--interval", "interval_min", type=click.IntRange(min=1),
    default=lib.DEFAULT_INTERVAL_MIN, show_default=True,
    help="Minutes between two fetches of each feed (a random 10% jitter is added).")
_DELAY = click.option(
    "--delay", type=click.FloatRange(min=1.0), default=None,
    help="Seconds between two requests to one host (default 1).")


@click.group("feeds")
def feeds_group() -> None:
    """Manage feed subscriptions (RSS, Atom, JSON Feed) kept in the store."""


@feeds_group.command("add")
@click.argument("urls", nargs=-1, required=True)
@_NEW_DB
@_INTERVAL
def feeds_add_cmd(urls: tuple[str, ...], db: Path, interval_min: int) -> None:
    """Subscribe to feed URLS; `corroborator update` fetches them."""
    with _open(db, create=True) as store:
        try:
            added, known = lib.add_feeds(store, urls, interval_min=interval_min)
        except CorroboratorError as exc:
            raise click.ClickException(str(exc)) from exc
    for url in added:
        click.echo(f"+ {url}")
    for url in known:
        click.echo(f"= {url} (already subscribed)")


@feeds_group.command("list")
@_DB
def feeds_list_cmd(db: Path) -> None:
    """List the feeds with their last fetch, item count, last error and next try."""
    with _open(db) as store:
        try:
            rows = lib.list_feeds(store)
        except CorroboratorError as exc:
            raise click.ClickException(str(exc)) from exc
    if not rows:
        click.echo("no feeds (add one with `corroborator feeds add URL --db F`)")
    for line in lib.feed_lines(rows):
        click.echo(line)


@feeds_group.command("remove")
@click.argument("urls", nargs=-1, required=True)
@_DB
def feeds_remove_cmd(urls: tuple[str, ...], db: Path) -> None:
    """Unsubscribe from feed URLS (articles already stored stay)."""
    with _open(db) as store:
        try:
            removed, unknown = lib.remove_feeds(store, urls)
        except CorroboratorError as exc:
            raise click.ClickException(str(exc)) from exc
    for url in removed:
        click.echo(f"- {url}")
    if unknown:
        raise click.ClickException(f"not subscribed: {', '.join(unknown)}")


@feeds_group.command("import")
@click.argument("opml", type=click.Path(dir_okay=False, path_type=Path))
@_NEW_DB
@_INTERVAL
def feeds_import_cmd(opml: Path, db: Path, interval_min: int) -> None:
    """Subscribe to every feed listed in an OPML file."""
    with _open(db, create=True) as store:
        try:
            added, known, errors = lib.import_opml(store, opml, interval_min=interval_min)
        except CorroboratorError as exc:
            raise click.ClickException(str(exc)) from exc
    for err in errors:
        click.echo(f"skipped: {err.path}: {err.error}", err=True)
    click.echo(f"{len(added)} feeds added, {len(known)} already subscribed"
               + (f", {len(errors)} skipped" if errors else ""))


@feeds_group.command("export")
@_DB
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the OPML to this file (default: standard output).")
def feeds_export_cmd(db: Path, output: Path | None) -> None:
    """Write the subscriptions as OPML."""
    with _open(db) as store:
        try:
            text = lib.export_opml(store)
        except CorroboratorError as exc:
            raise click.ClickException(str(exc)) from exc
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


@contextmanager
def stop_on_ctrl_c() -> Iterator[threading.Event]:
    """The first Ctrl-C sets the event (finish the current article, then stop); a
    second one aborts."""
    stop = threading.Event()

    def handler(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        click.echo("stopping after the current article (Ctrl-C again to abort)", err=True)

    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    old = signal.signal(signal.SIGINT, handler)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, old)


def _fetcher(delay: float | None) -> Fetcher:
    from corroborator.inputs.fetch import DEFAULT_SETTINGS

    settings: FetchSettings = DEFAULT_SETTINGS
    if delay is not None:
        settings = replace(settings, host_delay=delay)
    return Fetcher(settings)


def _echo_report(report: lib.UpdateReport) -> None:
    for line in report.lines():
        click.echo(line)


@click.command("update")
@_DB
@click.option("--now", is_flag=True,
              help="Fetch every feed now, ignoring the schedule (requests stay "
              "conditional; a server's Retry-After is still honoured).")
@_DELAY
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def update_cmd(db: Path, now: bool, delay: float | None, quiet: bool) -> None:
    """Fetch the feeds that are due and store their new articles.

    Prints per feed what is new (and the story each article joined), what failed and
    why, and when it is tried next. Ctrl-C stops after the current article.
    """
    with _open(db) as store, _fetcher(delay) as fetcher, stop_on_ctrl_c() as stop:
        try:
            report = lib.update(store, fetcher, now=now, stop=stop, quiet=quiet)
        except CorroboratorError as exc:
            raise click.ClickException(str(exc)) from exc
    _echo_report(report)


@click.command("watch")
@_DB
@click.option("--interval", "interval_min", type=click.FloatRange(min=0.1), default=5.0,
              show_default=True,
              help="Longest sleep, in minutes, between two updates (each feed is still "
              "fetched on its own schedule).")
@_DELAY
def watch_cmd(db: Path, interval_min: float, delay: float | None) -> None:
    """Run `update` in a loop until Ctrl-C, which finishes the current article and
    exits cleanly."""
    with _open(db) as store, _fetcher(delay) as fetcher, stop_on_ctrl_c() as stop:
        try:
            rounds = lib.watch(store, fetcher, interval_min=interval_min, stop=stop,
                               on_report=_echo_report)
        except CorroboratorError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"stopped after {rounds} update{'s' if rounds != 1 else ''}")
