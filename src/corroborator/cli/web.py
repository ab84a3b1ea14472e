"""``corroborator serve``: the web app over a store (:mod:`corroborator.web`)."""

from __future__ import annotations

import multiprocessing
import threading
import webbrowser
from pathlib import Path

import click

from corroborator.errors import CorroboratorError


@click.command("serve")
@click.option("--db", "db", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The SQLite store (made by `corroborator ingest`).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (keep it local: the app has no login).")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the app in a browser.")
@click.option("--allow-ingest", is_flag=True,
              help="Add a form to upload or paste articles (writes to the store).")
@click.option("--cache", "cache", type=click.Path(dir_okay=False, path_type=Path),
              help="File of computed story briefs (default: in the user cache directory).")
@click.option("--no-warm", is_flag=True,
              help="Do not compute every story's brief in the background at start.")
def serve_cmd(db: Path, host: str, port: int, open_browser: bool, allow_ingest: bool,
              cache: Path | None, no_warm: bool) -> None:
    """Browse the stories, claims and sources of a store in a web browser.

    Read-only unless --allow-ingest. Story briefs are computed once and kept in a cache
    file (never in the store); a background process computes them newest first.
    """
    try:
        import uvicorn

        from corroborator.web import create_app
        from corroborator.web.app import warm_main
        from corroborator.web.briefs import default_cache_path
    except ImportError as exc:
        raise click.ClickException(
            f"the web app needs the 'web' extra ({exc.name} is missing): "
            "pip install 'corroborator[web]'") from exc
    cache_path = cache or default_cache_path(db)
    try:
        from corroborator.web.app import LOCAL_HOSTS

        hosts = ["*"] if host in ("0.0.0.0", "::", "") else [*LOCAL_HOSTS, host]
        app = create_app(db, allow_ingest=allow_ingest, cache_path=cache_path,
                         allowed_hosts=hosts)
    except (CorroboratorError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    warmer = None
    if not no_warm:
        ctx = multiprocessing.get_context("spawn")
        warmer = ctx.Process(target=warm_main, args=(str(db), str(cache_path)), daemon=True,
                             name="corroborator-warm")
        warmer.start()
    url = f"http://{host}:{port}/"
    click.echo(f"serving {db} on {url} ({'ingest allowed' if allow_ingest else 'read-only'})"
               f"; Ctrl-C stops", err=True)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, (url,)).start()
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        if warmer is not None and warmer.is_alive():
            warmer.terminate()
            warmer.join(5)
