"""One reader per file format, registered by suffix (:func:`reader`); built-in formats
register through the same hook a plug-in would use. A reader turns one file into
:class:`~corroborator.model.Article` values, or raises
:class:`~corroborator.errors.InputReadError`.

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
    ``http(s)://...``       a web page or a feed, fetched (:mod:`corroborator.app.feeds`)
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from corroborator.errors import InputReadError
from corroborator.inputs.records import (
    Warn,
    _a,
    _domain,
    _json_type,
    clean_url,
    html_fragment_to_text,
    make_article,
    normalise_date,
    text_field,
)
from corroborator.model import Article, InputIssue
from corroborator.settings import (
    BINARY_CONTROL_RATIO,
    MAX_ARTICLE_CHARS,
    MAX_FILE_BYTES,
    MAX_JSON_INT_DIGITS,
)

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


def _ignore(_: InputIssue) -> None:
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
    warn(InputIssue(str(path), f"not UTF-8: decoded as {best.encoding} (detected); processed",
                    severity="note"))
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
    source = text_field(feed.get("feed", {}).get("title"), "feed title", str(path), warn)
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
            raw_date = text_field(entry.get("published") or dict.get(entry, "updated"),
                                   "date", where, warn)
            published = normalise_date(raw_date, where, warn)
        link = text_field(entry.get("link"), "link", where, warn)
        link = clean_url(link, where, warn)
        articles.append(
            make_article(
                text + "\n",
                path=where,
                title=text_field(entry.get("title"), "title", where, warn),
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
    date = text_field(rec.get("published") or rec.get("date"), "published", where, warn)
    return make_article(
        text,
        article_id=article_id,
        path=where if not where.startswith("<") else None,
        title=text_field(rec.get("title"), "title", where, warn),
        source=text_field(rec.get("source") or rec.get("outlet"), "source", where, warn),
        url=text_field(rec.get("url"), "url", where, warn),
        published=normalise_date(date, where, warn),
        warn=warn,
    )


