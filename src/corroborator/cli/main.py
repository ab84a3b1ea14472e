"""The command line: a thin layer over the library.

Each command parses its arguments, calls one library function and turns library errors
into click errors. ``ingest``, ``stories`` and ``show`` (the store commands) live in
:mod:`corroborator.cli.store`, ``serve`` (the web app) in
:mod:`corroborator.cli.web`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from corroborator.errors import CorroboratorError
from corroborator.inputs.readers import error_summary
from corroborator.model import Brief
from corroborator.render import format_for_path, formats, render
from corroborator.run.backends import backend_names
from corroborator.version import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="corroborator")
def cli() -> None:
    """Corroborator: what many news reports agree on, where they differ, and who said what.

    Every item in the output cites the exact characters it came from.

    \b
    Exit status (brief, ingest):
      0  every input analyzed, or some skipped (each is listed in errors)
      1  nothing could be analyzed (every input was skipped), or an error
      2  an input path does not exist (the others are still analyzed), or a usage error
    check exits 1 when it finds a fault.
    """


@cli.command("brief")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the brief to this file (format from the suffix: .md, .html, .json). "
    "Repeat to write several formats from one run.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(formats()),
    help="Output format (default: from each -o file's suffix; json on standard output).",
)
@click.option(
    "--backend",
    type=click.Choice(backend_names()),
    default="local",
    show_default=True,
    help="Run the stages in this process or on a Dask cluster.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="With --backend dask: address of an existing Dask scheduler.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line.")
def brief_cmd(
    inputs: tuple[str, ...],
    outputs: tuple[Path, ...],
    fmt: str | None,
    backend: str,
    scheduler: str | None,
    quiet: bool,
) -> None:
    """Analyze INPUTS (files, directories, web page or feed URLs, or - for JSONL on
    stdin) and write a brief.

    \b
    Examples:
      corroborator brief examples/demo-corpus -o brief.html -o brief.json
      corroborator brief https://news.example/feed.xml -o brief.html
      cat articles.jsonl | corroborator brief - --format json

    \b
    Exit status: 0 when the brief was written (inputs that were skipped are listed in
    its errors), 1 when nothing could be analyzed, 2 when an INPUT does not exist.
    """
    from corroborator.cli.store import EXIT_MISSING_PATH, EXIT_NOTHING_ANALYSED, missing_paths
    from corroborator.pipeline import analyze

    try:
        targets = [(path, format_for_path(path, fmt)) for path in outputs]
        runner: object = backend
        if backend == "dask" and scheduler:
            from corroborator.run.backends import DaskBackend

            runner = DaskBackend(address=scheduler)
        result = analyze(list(inputs), quiet=quiet, backend=runner)  # type: ignore[arg-type]
        if not targets:
            text = render(result, format_for_path(None, fmt))
            click.echo(text, nl=not text.endswith("\n"))
        for path, chosen in targets:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render(result, chosen), encoding="utf-8")
    except CorroboratorError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"cannot write output: {exc}") from exc
    if not quiet:
        click.echo(summary_line(result, outputs), err=True)
    if missing_paths(inputs):
        sys.exit(EXIT_MISSING_PATH)
    if not result.articles:
        sys.exit(EXIT_NOTHING_ANALYSED)


def summary_line(result: Brief, outputs: tuple[Path, ...] = ()) -> str:
    """One line: what was analyzed, what was skipped and why, and what was processed
    with a note (flagged, e.g. decoded from latin-1) and why."""
    parts = [f"{len(result.articles)} articles", f"{len(result.stories)} stories"]
    parts.extend(error_summary(result.errors))
    line = "; ".join(parts)
    return f"{line} -> {', '.join(map(str, outputs))}" if outputs else line


def _register_store_commands() -> None:
    from corroborator.cli.store import check_cmd, ingest_cmd, show_cmd, stories_cmd
    from corroborator.cli.web import serve_cmd

    for cmd in (ingest_cmd, stories_cmd, show_cmd, check_cmd, serve_cmd):
        cli.add_command(cmd)
    from corroborator.cli.feeds import feeds_group, update_cmd, watch_cmd

    for cmd in (feeds_group, update_cmd, watch_cmd):
        cli.add_command(cmd)


_register_store_commands()


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="corroborator")


if __name__ == "__main__":  # pragma: no cover
    main()
