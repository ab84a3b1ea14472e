"""Reading the user's inputs: files, directories, records and JSONL on stdin.

Each format has a reader registered by file suffix (:func:`reader`); built-in formats
register through the same hook a plug-in would use. A reader turns one file into
:class:`~corroborator.model.Article` values, or raises
:class:`~corroborator.errors.InputReadError`; :func:`read_inputs` collects both, so one
bad file never stops a run and nothing is dropped without an entry in ``errors``.

Formats
    ``.txt`` / ``.md``      plain text, with an optional metadata prefix: a ``date
                            YYYY-MM-DD`` lead, or ``Title:``/``Source:``/``Date:``/``URL:``
                            header lines (and a leading ``# Title`` in Markdown)
    ``.html`` / ``.htm``    main text and metadata extracted with trafilatura
    ``.json`` / ``.jsonl``  records with ``text`` (or ``body``/``content``) and optional
                            ``id``, ``title``, ``source``/``outlet``, ``url``,
                            ``published``/``date``; or a JSON Feed (``items`` with
                            ``content_html``/``content_text``), one article per item
    ``.rss`` / ``.atom`` / ``.xml``  feeds (feedparser): one article per item
    ``-``                   JSONL on stdin
    ``http(s)://...``       a web page or a feed, fetched (:mod:`corroborator.inputs.feeds`)

Article ids: a record's own ``id`` is kept (the dev-set scorers rely on it). Otherwise the
id is derived from the outlet and a hash of the text, so two outlets' ``story.html`` never
collide and the same content read twice becomes one article.
"""

from __future__ import annotations

import errno
import hashlib
import html as html_lib
import json
import math
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from corroborator.errors import IdClashError, InputReadError
from corroborator.model import Article, InputError
from corroborator.settings import (
    BINARY_CONTROL_RATIO,
    MAX_ARTICLE_CHARS,
    MAX_DATE_CHARS,
    MAX_FILE_BYTES,
    MAX_JSON_INT_DIGITS,
    MAX_PUBLICATION_YEAR,
    MIN_PUBLICATION_YEAR,
)

Input = str | Path | Mapping[str, Any]
Warn = Callable[[InputError], None]
ReaderFn = Callable[[Path, str, Warn], list[Article]]

_READERS: dict[str, ReaderFn] = {}


def reader(*suffixes: str) -> Callable[[ReaderFn], ReaderFn]:
    """Register a reader for file suffixes (lower case, with the dot)."""

    def register(fn: ReaderFn) -> ReaderFn:
        for suffix in suffixes:
            _READERS[suffix] = fn
        return fn

    return register


def supported_suffixes() -> tuple[str, ...]:
    return tuple(sorted(_READERS))


# --------------------------------------------------------------------------- results


@dataclass
class ReadReport:
    """What reading produced: articles, and errors (with warnings and repeats, so that
    nothing read is dropped without a word)."""

    articles: list[Article] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    _by_id: dict[str, tuple[Article, str]] = field(default_factory=dict, repr=False)

    def add(self, article: Article, origin: str) -> None:
        seen = self._by_id.get(article.id)
        if seen is None:
            self._by_id[article.id] = (article, origin)
            self.articles.append(article)
        elif content_hash(seen[0].text) == content_hash(article.text):
            self.errors.append(
                InputError(
                    origin,
                    f"repeat: same content as article {article.id} ({seen[1]}); read once",
                    skipped=False,
                )
            )
        else:
            err = IdClashError(
                origin,
                f"id clash: id {article.id!r} is already used by a different article ({seen[1]})",
            )
            self.fail(err)

    def fail(self, err: InputReadError) -> None:
        self.errors.append(InputError(path=err.path, error=err.reason))


def describe_errors(errors: Iterable[InputError]) -> str:
    """Group errors by reason for a one-line summary: ``2 empty file, 1 broken JSON``."""
    reasons: dict[str, int] = {}
    for err in errors:
        key = re.split(r"[:(;']| on line", err.error)[0].strip()  # not the quoted value
        reasons[key] = reasons.get(key, 0) + 1
    return ", ".join(f"{n} {r}" for r, n in sorted(reasons.items()))


def is_flagged(err: InputError) -> bool:
    """True when the input was read and used despite the note (e.g. decoded from
    latin-1); false when it was skipped."""
    return not err.skipped


def split_errors(errors: Iterable[InputError]) -> tuple[list[InputError], list[InputError]]:
    """``(skipped, flagged)``: inputs that were refused, and inputs processed with a note."""
    skipped: list[InputError] = []
    flagged: list[InputError] = []
    for err in errors:
        (flagged if is_flagged(err) else skipped).append(err)
    return skipped, flagged


def error_summary(errors: Iterable[InputError]) -> list[str]:
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


def error_line(err: InputError) -> str:
    """One line for one error entry: ``skipped: PATH: reason`` or ``flagged: PATH: reason``."""
    return f"{'flagged' if is_flagged(err) else 'skipped'}: {err.path}: {err.error}"


def read_inputs(inputs: Iterable[Input]) -> tuple[list[Article], list[InputError]]:
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
        from corroborator.inputs.feeds import read_url_inputs

        read_url_inputs(urls, report.add, report.errors.append)
    # a file name may hold bytes that are not UTF-8 (kept by Python as lone surrogates)
    report.errors = [
        InputError(clean_text(e.path)[0], clean_text(e.error)[0], e.skipped)
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


class _PartialRead(Exception):
    """A multi-record file where some records failed: carries both halves."""

    def __init__(self, articles: list[Article], errors: list[InputReadError]) -> None:
        super().__init__(f"{len(errors)} bad records")
        self.articles = articles
        self.errors = errors


# --------------------------------------------------------------------------- files


def read_file(path: Path, warn: Warn | None = None) -> list[Article]:
    """Read one file with the reader registered for its suffix.

    ``warn`` receives notes on inputs that were read but not as given (a non-UTF-8
    encoding, an unreadable date); they end up in ``errors`` so nothing is silent.
    """
    warn = warn or _ignore
    suffix = path.suffix.lower()
    fn = _READERS.get(suffix)
    if fn is None:
        known = ", ".join(supported_suffixes())
        raise InputReadError(
            str(path), f"unsupported file type {suffix or '(none)'!r} (known: {known})"
        )
    text = decode_file(path, warn)
    return fn(path, text, warn)


def _ignore(_: InputError) -> None:
    return None


def decode_file(path: Path, warn: Warn) -> str:
    """Read a file as text: refuse empty, huge and binary files; detect non-UTF-8 encodings."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputReadError(str(path), f"cannot read: {exc.strerror}") from exc
    if size > MAX_FILE_BYTES:
        raise InputReadError(
            str(path), f"file too large: {size:,} bytes (limit {MAX_FILE_BYTES:,} bytes)"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputReadError(str(path), f"cannot read: {exc.strerror}") from exc
    if not data.strip():
        raise InputReadError(str(path), "empty file")
    bom_text = _decode_bom(path, data)  # UTF-16/32 text is full of NUL bytes: check first
    if bom_text is not None:
        return bom_text
    if _looks_binary(data):
        raise InputReadError(str(path), "binary file (not text)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    best = None
    if matches:
        least = min(m.chaos for m in matches)
        calm = [m for m in matches if m.chaos == least]
        best = next((m for m in calm if m.encoding in PREFERRED_ENCODINGS), calm[0])
    if best is None:
        raise InputReadError(str(path), "not UTF-8 and no text encoding could be detected")
    warn(InputError(str(path), f"not UTF-8: decoded as {best.encoding} (detected); processed",
                    skipped=False))
    return str(best)


#: Byte-order marks of the encodings whose text contains NUL bytes, longest first
#: (the UTF-32 LE mark begins with the UTF-16 LE one). The codec drops the mark.
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _decode_bom(path: Path, data: bytes) -> str | None:
    """Text of a file that starts with a UTF-16/UTF-32 byte-order mark, else None."""
    for bom, codec in _WIDE_BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputReadError(
                    str(path), f"broken {codec.upper()} text (byte-order mark, bad bytes)"
                ) from exc
            if not text.strip():
                raise InputReadError(str(path), "empty file")
            if "\x00" in text:
                raise InputReadError(str(path), "binary file (not text)")
            return text
    return None


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control / max(len(head), 1) > BINARY_CONTROL_RATIO


# --------------------------------------------------------------------------- text

_DATE_LEAD = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2}(?:[T ][\d:.+\-Z]+)?)\s+", re.IGNORECASE)
_HEADER = re.compile(
    r"^(title|headline|source|outlet|publisher|date|published|url|link|author|byline)\s*:\s*(.*)$",
    re.IGNORECASE,
)
_HEADER_KEYS = {
    "title": "title",
    "headline": "title",
    "source": "source",
    "outlet": "source",
    "publisher": "source",
    "date": "published",
    "published": "published",
    "url": "url",
    "link": "url",
    "author": "author",
    "byline": "author",
}


@reader(".txt", ".md", ".markdown", ".text")
def read_text(path: Path, raw: str, warn: Warn) -> list[Article]:
    """Plain text or Markdown with an optional metadata prefix."""
    meta, body = split_text_metadata(raw, markdown=path.suffix.lower() in (".md", ".markdown"))
    if not body.strip():
        raise InputReadError(str(path), "no article text after the metadata header")
    return [
        make_article(
            body,
            path=str(path),
            title=meta.get("title"),
            source=meta.get("source"),
            url=meta.get("url"),
            published=normalise_date(meta.get("published"), str(path), warn),
            warn=warn,
        )
    ]


def split_text_metadata(raw: str, *, markdown: bool = False) -> tuple[dict[str, str], str]:
    """Split a text file into its metadata prefix and the article text."""
    meta: dict[str, str] = {}
    lead = _DATE_LEAD.match(raw)
    if lead:
        meta["published"] = lead.group(1)
        return meta, raw[lead.end() :]
    lines = raw.split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    start = i
    while i < len(lines):
        m = _HEADER.match(lines[i].strip())
        if not m:
            break
        meta.setdefault(_HEADER_KEYS[m.group(1).lower()], m.group(2).strip())
        i += 1
    if i > start and (i == len(lines) or not lines[i].strip()):
        body_lines = lines[i:]
    else:
        meta = {}
        body_lines = lines[start:]
    if markdown:
        j = 0
        while j < len(body_lines) and not body_lines[j].strip():
            j += 1
        if j < len(body_lines) and body_lines[j].startswith("# "):
            meta.setdefault("title", body_lines[j][2:].strip())
            body_lines = body_lines[j + 1 :]
    body = "\n".join(body_lines).strip("\n")
    return meta, body.rstrip() + ("\n" if body.strip() else "")


# --------------------------------------------------------------------------- HTML


@reader(".html", ".htm", ".xhtml")
def read_html(path: Path, raw: str, warn: Warn) -> list[Article]:
    """Main text and metadata of a web page, extracted with trafilatura and checked
    (title fallbacks, short text, language, not an article: :mod:`corroborator.inputs.pages`)."""
    from corroborator.inputs.pages import read_page

    return [read_page(raw, str(path), warn=warn).article]


def html_fragment_to_text(fragment: str | None) -> str:
    """Text of an HTML fragment (a feed item's description), one line per block.

    Character references are decoded, with or without tags ("AT&amp;T" is "AT&T").
    """
    import lxml.html
    from lxml.etree import LxmlError

    if not isinstance(fragment, str):
        return ""
    if "<" not in fragment:
        return html_lib.unescape(fragment).strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (LxmlError, ValueError):
        return html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment)).strip()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks = []
    for el in root.iter("p", "li", "h1", "h2", "h3", "h4", "blockquote"):
        if el.getparent() is not None and el.getparent().tag in ("p", "li", "blockquote"):
            continue
        txt = " ".join(el.text_content().split())
        if txt:
            blocks.append(txt)
    if not blocks:
        blocks = [" ".join(root.text_content().split())]
    return "\n\n".join(blocks)


# --------------------------------------------------------------------------- feeds


@reader(".rss", ".atom", ".xml")
def read_feed(path: Path, raw: str, warn: Warn) -> list[Article]:
    """RSS and Atom feeds: one article per item."""
    import feedparser

    try:
        feed = feedparser.parse(_CHAR_REF.sub(_valid_char_ref, raw))
    except Exception as exc:  # feedparser and its XML/HTML parsers raise many types
        raise InputReadError(str(path), f"not a readable RSS/Atom feed ({exc})") from exc
    entries = list(feed.get("entries", []))
    if not entries:
        why = feed.get("bozo_exception")
        reason = f"not a readable RSS/Atom feed ({why})" if why else "feed has no items"
        raise InputReadError(str(path), reason)
    source = _text_field(feed.get("feed", {}).get("title"), "feed title", str(path), warn)
    articles: list[Article] = []
    errors: list[InputReadError] = []
    for n, entry in enumerate(entries, 1):
        where = f"{path}#item{n}"
        text = _entry_text(entry)
        if not text.strip():
            errors.append(InputReadError(where, "feed item has no content or description"))
            continue
        published = None
        # dict.get: feedparser's own get maps a missing "updated" to "published", warning
        stamp = entry.get("published_parsed") or dict.get(entry, "updated_parsed")
        if stamp:
            try:
                published = datetime(*stamp[:6]).replace(tzinfo=UTC).isoformat()
            except (TypeError, ValueError, OverflowError):
                published = None
            published = normalise_date(published, where, warn)
        else:  # a date feedparser could not read ("2 hours ago") is named in the errors
            raw_date = _text_field(entry.get("published") or dict.get(entry, "updated"),
                                   "date", where, warn)
            published = normalise_date(raw_date, where, warn)
        link = _text_field(entry.get("link"), "link", where, warn)
        link = clean_url(link, where, warn)
        articles.append(
            make_article(
                text + "\n",
                path=where,
                title=_text_field(entry.get("title"), "title", where, warn),
                source=source or _domain(link),
                url=link,
                published=published,
                warn=warn,
            )
        )
    if errors:
        raise _PartialRead(articles, errors)
    return articles


#: A numeric character reference (``&#233;``, ``&#xE9;``).
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


def _valid_char_ref(m: re.Match[str]) -> str:
    """A character reference, or U+FFFD's when it names no character (``&#x110000;``,
    a surrogate such as ``&#xD800;``, NUL): the feed parser fails on those."""
    digits = m.group(1) or m.group(2)
    if len(digits) <= 8:
        code = int(digits, 16 if m.group(1) else 10)
        if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
            return m.group(0)
    return "&#xFFFD;"


def _entry_text(entry: Mapping[str, Any]) -> str:
    """The text of a feed item: its content, else its summary/description. HTML is
    reduced to text; ``text/plain`` content is kept as it is."""
    candidates: list[Any] = []
    content = entry.get("content")
    if isinstance(content, list) and content and isinstance(content[0], Mapping):
        candidates.append((content[0].get("value"), content[0].get("type")))
    detail = entry.get("summary_detail")
    kind = detail.get("type") if isinstance(detail, Mapping) else None
    candidates.append((entry.get("summary"), kind))
    candidates.append((entry.get("description"), kind))
    for value, mime in candidates:
        if not isinstance(value, str) or not value.strip():
            continue
        return value.strip() if mime == "text/plain" else html_fragment_to_text(value)
    return ""


# --------------------------------------------------------------------------- JSON

_TEXT_KEYS = ("text", "body", "content")

#: Extracted page text shorter than this is navigation debris, not an article body
#: (trafilatura falls back to any text; a one-sentence brief is ~60+ characters).
MIN_HTML_BODY_CHARS = 40

#: When charset detection ties (same "chaos" score), prefer the legacy encodings most
#: common in English-language news files.
PREFERRED_ENCODINGS = ("cp1252", "latin_1", "iso8859_15", "mac_roman")


@reader(".json", ".jsonl", ".ndjson")
def read_json(path: Path, raw: str, warn: Warn) -> list[Article]:
    """A JSON array/object of records, or JSONL (one record per line)."""
    stripped = raw.lstrip()
    records: list[tuple[str, Any]] = []
    errors: list[InputReadError] = []
    whole: Any = None
    if path.suffix.lower() == ".json" or stripped.startswith("["):
        try:
            whole = load_json(raw, str(path))
        except InputReadError:
            if path.suffix.lower() == ".json" and "\n" not in raw.strip():
                raise
    if whole is not None:
        from corroborator.inputs.feed_items import is_json_feed, json_feed_articles

        if is_json_feed(whole):
            feed_arts, feed_errors = json_feed_articles(whole, str(path), warn)
            if feed_errors:
                raise _PartialRead(feed_arts, feed_errors)
            return feed_arts
        items = whole.get("articles", whole) if isinstance(whole, dict) else whole
        if isinstance(items, dict):
            items = [items]
        if not isinstance(items, list):
            raise InputReadError(str(path), "JSON is neither a record nor a list of records")
        records = [(f"{path}[{i}]", rec) for i, rec in enumerate(items)]
    else:
        for lineno, line in enumerate(raw.splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                records.append((where, load_json(line, where, lineno)))
            except InputReadError as err:
                errors.append(err)
    articles: list[Article] = []
    for where, rec in records:
        try:
            articles.append(record_to_article(rec, where, warn))
        except InputReadError as err:
            errors.append(err)
    if errors:
        raise _PartialRead(articles, errors)
    return articles


def load_json(text: str, where: str, lineno: int | None = None) -> Any:
    """Decode JSON, or InputReadError naming ``where`` and the reason: broken syntax,
    nesting too deep for the decoder, or a string that is not text."""
    on_line = f" on line {lineno}" if lineno is not None else ""
    try:
        return json.loads(text, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        at = f" at line {exc.lineno}" if lineno is None else ""
        raise InputReadError(where, f"broken JSON{on_line}: {exc.msg}{at}") from exc
    except RecursionError as exc:
        raise InputReadError(where, f"broken JSON{on_line}: nested too deeply") from exc
    except ValueError as exc:  # pragma: no cover - _json_int keeps long integers readable
        raise InputReadError(where, f"broken JSON{on_line}: {exc}") from exc


def _json_int(digits: str) -> int | float:
    """A JSON integer; one too long for Python's int conversion becomes a float."""
    return int(digits) if len(digits) <= MAX_JSON_INT_DIGITS else float(digits)


def record_to_article(rec: Any, where: str, warn: Warn | None = None) -> Article:
    """One JSON record to an Article."""
    if not isinstance(rec, Mapping):
        raise InputReadError(where, f"record is a {type(rec).__name__}, not an object")
    text = next((rec[k] for k in _TEXT_KEYS if isinstance(rec.get(k), str)), None)
    if text is None:
        raise InputReadError(where, "record has no text (expected 'text', 'body' or 'content')")
    if not text.strip():
        raise InputReadError(where, "record text is empty")
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputReadError(
            where, f"record text too large: {len(text):,} characters (limit {MAX_ARTICLE_CHARS:,})"
        )
    rid = rec.get("id")
    if rid is None or rid == "":
        article_id = None
    elif isinstance(rid, str):
        article_id = rid
    elif isinstance(rid, int) and not isinstance(rid, bool):
        article_id = str(rid)
    else:
        raise InputReadError(
            where, f"record id is {_a(_json_type(rid))}, not a string or an integer")
    date = _text_field(rec.get("published") or rec.get("date"), "published", where, warn)
    return make_article(
        text,
        article_id=article_id,
        path=where if not where.startswith("<") else None,
        title=_text_field(rec.get("title"), "title", where, warn),
        source=_text_field(rec.get("source") or rec.get("outlet"), "source", where, warn),
        url=_text_field(rec.get("url"), "url", where, warn),
        published=normalise_date(date, where, warn),
        warn=warn,
    )


def _json_type(value: Any) -> str:
    """How JSON would name a value's type (``object``, ``number`` ...)."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"non-finite number ({value})"
    names = {dict: "object", list: "array", bool: "boolean", float: "number", int: "number"}
    return next((n for t, n in names.items() if isinstance(value, t)), type(value).__name__)


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _text_field(value: Any, name: str, where: str, warn: Warn | None) -> str | None:
    """A metadata field as text: a string as it is, a finite number as written; any
    other value (an object, an array, NaN) is ignored with a note in ``errors``."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return str(value)
    if warn is not None:
        warn(InputError(where, f"field {name!r} is {_a(_json_type(value))}, not text; ignored",
                        skipped=False))
    return None


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
            report.errors.append(InputError(
                f"{where}:{lineno}", "not UTF-8: undecodable bytes replaced with U+FFFD; "
                "processed", skipped=False))
            yield data.decode("utf-8", errors="replace")


# --------------------------------------------------------------------------- shared


def make_article(
    text: str,
    *,
    article_id: str | None = None,
    path: str | None = None,
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    published: str | None = None,
    warn: Warn | None = None,
) -> Article:
    """Build an Article, deriving a stable id from outlet and content when none is given.

    Lone surrogates (a ``\\ud800`` escape in JSON, a file name that is not UTF-8) can be
    neither analysed nor stored: they become U+FFFD, with a note to ``warn``. A URL
    that does not parse or holds control characters is dropped, with a note.
    """
    where = path or "<input>"
    fields = {"text": text, "id": article_id, "title": title, "source": source,
              "url": url, "path": path, "published": published}
    cleaned: dict[str, str | None] = {}
    replaced = []
    for name, value in fields.items():
        if value is None:
            cleaned[name] = None
            continue
        cleaned[name], changed = clean_text(value)
        if changed:
            replaced.append(name)
    if replaced and warn is not None:
        warn(InputError(clean_text(where)[0],
                        f"invalid characters (lone surrogates) in {', '.join(replaced)} "
                        "replaced with U+FFFD; processed", skipped=False))
    url = clean_url(cleaned["url"], where, warn)
    source = cleaned["source"] or _domain(url)
    text = cleaned["text"] or ""
    article_id = cleaned["id"]
    if article_id is None:
        article_id = derive_id(text, source)
    title = cleaned["title"]
    return Article(
        id=article_id,
        text=text,
        source=source,
        title=(title or None) and " ".join(title.split()),
        url=url or None,
        path=cleaned["path"],
        published=cleaned["published"],
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(value: str) -> tuple[str, bool]:
    """``value`` with lone surrogates replaced by U+FFFD, and whether any were."""
    fixed = _SURROGATE.sub("\ufffd", value)
    return fixed, fixed != value


_URL_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_url(url: str | None, where: str, warn: Warn | None = None) -> str | None:
    """``url`` when it can be a link, else None with a note: a URL that does not parse
    (``http://[::1``) or holds a line break or other control character."""
    if url is None or not url.strip():
        return None
    url = url.strip()
    reason = None
    if _URL_CONTROL.search(url):
        reason = "it holds a line break or another control character"
    else:
        try:
            urlsplit(url).port  # noqa: B018 - parses the host and port, raising if broken
        except ValueError as exc:
            reason = str(exc)
    if reason is None:
        return url
    if warn is not None:
        shown = url if len(url) <= 80 else url[:80] + "\u2026"
        warn(InputError(where, f"unusable URL {shown!r} ({reason}); ignored", skipped=False))
    return None


def content_hash(text: str) -> str:
    """SHA-256 (hex) of the whitespace-normalised text: two articles with the same hash
    are the same article (re-wrapped lines or a trailing newline do not matter)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def derive_id(text: str, source: str | None) -> str:
    """``<outlet-slug>-<hash of the text>``: stable, and unique across outlets."""
    digest = content_hash(text)[:12]
    slug = re.sub(r"[^a-z0-9]+", "-", (source or "article").lower()).strip("-")[:24] or "article"
    return f"{slug}-{digest}"


#: Metadata dates that only mean something against the moment they were written
#: ("yesterday", "3 hours ago", "Updated today"): never resolved against our clock.
_RELATIVE_DATE = re.compile(
    r"\b(?:ago|yesterday|today|tonight|tomorrow|now|last|this|next|hours?|minutes?|mins?"
    r"|secs?|seconds?)\b", re.I
)
#: Labels before a metadata date ("Last updated:", "Published on").
_DATE_LABEL = re.compile(
    r"^\s*(?:(?:last\s+)?(?:updated|modified|published|posted|first\s+published)"
    r"(?:\s+on)?|on)\b\s*[:\-\u2013]?\s*", re.I
)
#: dateparser without its relative-time parser, and a year required: "Monday" or "May 4"
#: in metadata would otherwise take the year (or week) of the machine's clock.
_ABSOLUTE_DATE_SETTINGS: dict[str, Any] = {
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["year"],
    "PREFER_DAY_OF_MONTH": "first",
}


def normalise_date(value: str | None, where: str, warn: Warn | None = None) -> str | None:
    """An ISO 8601 date or date-time for a metadata date, or None when it cannot be read.

    Relative ("yesterday", "2 hours ago") and incomplete ("Monday", "May 4") dates are
    never resolved against the clock: the article is undated (its date may be inferred
    from its story) and ``warn`` gets an entry naming the value.
    """
    if not value or not str(value).strip():
        return None
    value = str(value).strip()

    def undated(why: str, detail: str = "") -> None:
        if warn is not None:
            shown = value if len(value) <= 60 else value[:60] + "\u2026"
            note = f" ({detail})" if detail else ""
            warn(InputError(where, f"{why} publication date {shown!r}{note}; treated as undated",
                            skipped=False))

    if len(value) > MAX_DATE_CHARS:
        undated(f"over-long ({len(value):,} characters)")
        return None
    parsed: datetime | date | None = None
    guessed = False  # read by dateparser, not as ISO 8601
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            parsed = date.fromisoformat(value)
        else:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    if parsed is None:
        import dateparser

        guessed = True
        # "Last updated: 4 May 2026", "4 May 2026 (2 hours ago)": the absolute date in it
        bare = _DATE_LABEL.sub("", re.sub(r"\([^)]*\)", " ", value)).strip() or value
        try:
            parsed = dateparser.parse(bare, settings=_ABSOLUTE_DATE_SETTINGS)
        except (ValueError, OverflowError, TypeError):  # dateparser fails on odd input
            parsed = None
        if parsed is None:
            try:
                relative = bool(_RELATIVE_DATE.search(value) or dateparser.parse(
                    value, settings={"PARSERS": ["relative-time", "absolute-time"]}))
            except (ValueError, OverflowError, TypeError):
                relative = False
            if relative:
                undated("relative", "no fixed date; not resolved against the clock")
                return None
    if parsed is None:
        undated("unreadable")
        return None
    if not MIN_PUBLICATION_YEAR <= parsed.year <= MAX_PUBLICATION_YEAR:
        undated(f"implausible (not in {MIN_PUBLICATION_YEAR}-{MAX_PUBLICATION_YEAR})")
        return None
    if not isinstance(parsed, datetime):
        return parsed.isoformat()
    if guessed and parsed.hour == parsed.minute == parsed.second == 0:
        return parsed.date().isoformat()
    return parsed.isoformat()


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None
