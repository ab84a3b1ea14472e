"""Reading the user's inputs: files, directories, records and JSONL on stdin.

Each file goes to the reader registered for its suffix (:mod:`corroborator.inputs.formats`);
:func:`read_inputs` collects articles and errors, so one bad file never stops a run and
nothing is dropped without an entry in ``errors``.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from corroborator.errors import IdClashError, InputReadError
from corroborator.inputs.formats import (
    _PartialRead,
    load_json,
    read_file,
    record_to_article,
)
from corroborator.inputs.records import (
    _a,
    _json_type,
    clean_text,
    content_hash,
)
from corroborator.model import Article, InputIssue

Input = str | Path | Mapping[str, Any]


# --------------------------------------------------------------------------- results


@dataclass
class ReadReport:
    """What reading produced: articles, and errors (with warnings and repeats, so that
    nothing read is dropped without a word)."""

    articles: list[Article] = field(default_factory=list)
    errors: list[InputIssue] = field(default_factory=list)
    _by_id: dict[str, tuple[Article, str]] = field(default_factory=dict, repr=False)

    def add(self, article: Article, origin: str) -> None:
        seen = self._by_id.get(article.id)
        if seen is None:
            self._by_id[article.id] = (article, origin)
            self.articles.append(article)
        elif content_hash(seen[0].text) == content_hash(article.text):
            self.errors.append(
                InputIssue(
                    origin,
                    f"repeat: same content as article {article.id} ({seen[1]}); read once",
                    severity="note",
                )
            )
        else:
            err = IdClashError(
                origin,
                f"id clash: id {article.id!r} is already used by a different article ({seen[1]})",
            )
            self.fail(err)

    def fail(self, err: InputReadError) -> None:
        self.errors.append(InputIssue(path=err.path, error=err.reason))


def describe_errors(errors: Iterable[InputIssue]) -> str:
    """Group errors by reason for a one-line summary: ``2 empty file, 1 broken JSON``."""
    reasons: dict[str, int] = {}
    for err in errors:
        key = re.split(r"[:(;']| on line", err.error)[0].strip()  # not the quoted value
        reasons[key] = reasons.get(key, 0) + 1
    return ", ".join(f"{n} {r}" for r, n in sorted(reasons.items()))


def is_flagged(err: InputIssue) -> bool:
    """True when the input was read and used despite the note (e.g. decoded from
    latin-1); false when it was skipped."""
    return not err.skipped


def split_errors(errors: Iterable[InputIssue]) -> tuple[list[InputIssue], list[InputIssue]]:
    """``(skipped, flagged)``: inputs that were refused, and inputs processed with a note."""
    skipped: list[InputIssue] = []
    flagged: list[InputIssue] = []
    for err in errors:
        (flagged if is_flagged(err) else skipped).append(err)
    return skipped, flagged


def error_summary(errors: Iterable[InputIssue]) -> list[str]:
    """Summary phrases, each with the reasons grouped:
    ``["2 inputs skipped (2 empty file)", "1 input flagged but processed (1 not UTF-8)"]``.
    Empty when there were no errors."""
    skipped, flagged = split_errors(errors)
    out = []
    if skipped:
        noun = "input" if len(skipped) == 1 else "inputs"
        out.append(f"{len(skipped)} {noun} skipped ({describe_errors(skipped)})")
    if flagged:
        noun = "input" if len(flagged) == 1 else "inputs"
        out.append(f"{len(flagged)} {noun} flagged but processed ({describe_errors(flagged)})")
    return out


def error_line(err: InputIssue) -> str:
    """One line for one error entry: ``skipped: PATH: reason`` or ``flagged: PATH: reason``."""
    return f"{'flagged' if is_flagged(err) else 'skipped'}: {err.path}: {err.error}"


def read_inputs(inputs: Iterable[Input]) -> tuple[list[Article], list[InputIssue]]:
    """Read paths, directories (recursively), ``-`` (stdin JSONL) and records."""
    report = read_report(inputs)
    return report.articles, report.errors


def read_report(inputs: Iterable[Input], stdin: TextIO | None = None) -> ReadReport:
    """Like :func:`read_inputs`, as a :class:`ReadReport`."""
    report = ReadReport()
    urls: list[str] = []
    for item in inputs:
        if isinstance(item, str) and re.match(r"(?i)https?://", item):
            urls.append(item)  # fetched below, together (polite and concurrent)
        elif isinstance(item, Mapping):
            _read_record_into(report, item, "<record>")
        elif str(item) == "-":
            _read_jsonl_stream(report, stdin or sys.stdin, "<stdin>")
        else:
            for path in expand_path(Path(item), report):
                try:
                    for art in read_file(path, report.errors.append):
                        report.add(art, art.path or str(path))
                except InputReadError as err:
                    report.fail(err)
                except _PartialRead as partial:
                    for art in partial.articles:
                        report.add(art, art.path or str(path))
                    for bad in partial.errors:
                        report.fail(bad)
    if urls:
        from corroborator.inputs.urls import read_url_inputs

        read_url_inputs(urls, report.add, report.errors.append)
    # a file name may hold bytes that are not UTF-8 (kept by Python as lone surrogates)
    report.errors = [
        InputIssue(clean_text(e.path)[0], clean_text(e.error)[0], e.severity)
        for e in report.errors
    ]
    return report


def expand_path(path: Path, report: ReadReport) -> Iterator[Path]:
    """The files ``path`` names: itself, or every file below a directory (hidden ones
    excepted), sorted. What cannot be read (a broken or looping symlink, an unreadable
    folder, a device or pipe) is an entry in ``report.errors``, never silently left out.
    """
    if path.is_symlink() and not path.exists():
        report.fail(InputReadError(str(path), _broken_link(path)))
    elif path.is_dir():
        yield from sorted(_walk(path, report))
    elif path.is_file():
        yield path
    elif path.exists():
        report.fail(InputReadError(str(path), "not a regular file (a device, pipe or socket)"))
    else:
        report.fail(InputReadError(str(path), "no such file or directory"))


def _broken_link(path: Path) -> str:
    """Why a symlink leads nowhere: a loop, or a missing target."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop (the link leads back to itself)"
        if exc.errno == errno.ENOENT:
            return f"dangling symlink (its target {os.readlink(path)!r} does not exist)"
        return f"cannot read: {exc.strerror}"
    return "cannot read"  # pragma: no cover - the link was repaired meanwhile


def _walk(top: Path, report: ReadReport) -> Iterator[Path]:
    """Every file below ``top``, following symlinked folders once each (a folder reached
    again through a link is a loop and is reported, not walked forever)."""

    def unreadable(exc: OSError) -> None:
        report.fail(InputReadError(str(exc.filename or top),
                                   f"cannot read folder: {exc.strerror or exc}"))

    seen: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(top, onerror=unreadable, followlinks=True):
        here = Path(dirpath)
        try:
            st = os.stat(here)
        except OSError as exc:  # pragma: no cover - removed while walking
            unreadable(exc)
            dirnames[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        keep = []
        for name in sorted(dirnames):
            if name.startswith("."):
                continue
            sub = here / name
            try:
                sst = os.stat(sub)
            except OSError:
                report.fail(InputReadError(str(sub), _broken_link(sub)))
                continue
            if (sst.st_dev, sst.st_ino) in seen:
                why = ("symlink loop (the link leads to a folder already read)"
                       if sub.is_symlink() else "folder already read through a symlink")
                report.fail(InputReadError(str(sub), why))
                continue
            keep.append(name)
        dirnames[:] = keep
        for name in filenames:
            if name.startswith("."):
                continue
            child = here / name
            if child.is_symlink() and not child.exists():
                report.fail(InputReadError(str(child), _broken_link(child)))
            elif child.is_file():
                yield child
            else:
                report.fail(InputReadError(
                    str(child), "not a regular file (a device, pipe or socket)"))



def _read_record_into(report: ReadReport, rec: Mapping[str, Any], where: str) -> None:
    try:
        report.add(record_to_article(rec, where, report.errors.append), where)
    except InputReadError as err:
        report.fail(err)


def _read_jsonl_stream(report: ReadReport, stream: TextIO, where: str) -> None:
    for lineno, line in enumerate(_stream_lines(stream, where, report), 1):
        if not line.strip():
            continue
        loc = f"{where}:{lineno}"
        try:
            rec = load_json(line, loc, lineno)
        except InputReadError as err:
            report.fail(err)
            continue
        if not isinstance(rec, Mapping):
            report.fail(InputReadError(loc, f"record is {_a(_json_type(rec))}, not an object"))
            continue
        _read_record_into(report, rec, loc)


def _stream_lines(stream: TextIO, where: str, report: ReadReport) -> Iterator[str]:
    """Lines of a text stream. Standard input is read as bytes and decoded here, so
    that bytes that are not UTF-8 become U+FFFD (with a note) instead of an error."""
    raw = getattr(stream, "buffer", None)
    if raw is None:
        yield from stream
        return
    for lineno, data in enumerate(raw, 1):
        try:
            yield data.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError:
            report.errors.append(InputIssue(
                f"{where}:{lineno}", "not UTF-8: undecodable bytes replaced with U+FFFD; "
                "processed", severity="note"))
            yield data.decode("utf-8", errors="replace")


# --------------------------------------------------------------------------- shared
