"""Generated hostile inputs, and the properties every run must keep on them.

Shared by the property-based tests (``tests/test_fuzz.py``, a few hundred examples) and
the long fuzzing benchmark (``benchmarks/fuzz.py --minutes N``). The strategies mix
invented news sentences with the shapes that once broke a run: deep or huge JSON, lone
surrogates, bad character references, URLs with line breaks, year 1 and 9999, numbers of
hundreds of digits, bidi overrides, markup in every field. A property passes when the
code under test returns, or raises one of the project's own errors
(:class:`~corroborator.errors.CorroboratorError`); anything else is a bug.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import lxml.html
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from corroborator.errors import CorroboratorError
from corroborator.inputs.formats import supported_suffixes
from corroborator.inputs.readers import read_report

# --------------------------------------------------------------------------- pieces

#: Invented sentences a story is made of (invented outlets, places and people).
SENTENCES = (
    "The Harbor Authority of Westmere said on Monday that 40 ships were delayed.",
    "Officials expect the backlog to clear by Friday, a spokesperson said.",
    "\u201cWe are doing everything we can,\u201d said port director Ilse Varga.",
    "About 2,500 workers keep their jobs, the Tollbridge Courier reported.",
    "The council will vote on the levy next week.",
    "Between 220 and 240 people attended the meeting on 3 March 2026.",
)

#: Fragments that broke, or could break, a reader, the analysis or a renderer.
HOSTILE = (
    "<script>alert(1)</script>",
    "\n<details open ontoggle=alert(1)>",
    '"><img src=x onerror=alert(1)>',
    "<!-- x -->",
    "javascript:alert(1)",
    "\u202e",
    "\u2066",
    "\ud800",
    "\udfff",
    "\x00",
    "\x1b[31m",
    "&#x110000;",
    "&#xD800;",
    "&#0;",
    "&amp;",
    "AT&amp;T",
    "9" * 320,
    "1e400",
    "-0",
    "0001-01-01",
    "9999-12-31",
    "31 December 9999",
    "in the year 1",
    "http://[::1",
    "http://a.test/x\n<script>alert(1)</script>",
    "|",
    "*",
    "`",
    "[x](javascript:alert(1))",
    "# heading",
    "    indented",
    "\r\n",
    "\u2028",
    "\ufeff",
    "\u0301",
    "\U0001f600",
    "\u0627\u0644\u0645\u064a\u0646\u0627\u0621",
)

#: Values a date field may hold.
DATES = (
    "2026-03-15",
    "2026-03-15T08:30:00Z",
    "Thu, 03 Dec 2026 07:54:26 +0000",
    "yesterday",
    "0001-01-01",
    "9999-12-31",
    "0000-00-00",
    "2026-13-45",
    "x" * 300,
    "",
)

URLS = (
    "https://news.test/a",
    "http://[::1",
    "http://a.test/x\n<script>alert(1)</script>",
    "javascript:alert(1)",
    "https://news.test/a b(c)|d<e>\"f'",
    "https://news.test/\u202eevil",
    "ftp://x",
    "",
)

fragments = st.one_of(
    st.sampled_from(SENTENCES),
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=20),
)

#: Article-like text: sentences and hostile fragments, joined by spaces or breaks.
texts = st.lists(fragments, min_size=1, max_size=12).flatmap(
    lambda parts: st.lists(st.sampled_from((" ", "\n", "\n\n", "")), min_size=len(parts),
                           max_size=len(parts)).map(
        lambda seps: "".join(p + s for p, s in zip(parts, seps, strict=True))))

#: Any JSON value, nested a little.
json_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | fragments,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=3),
    max_leaves=8,
)

_field = st.one_of(fragments, json_values)

#: JSON records as a reader gets them: usually text and metadata, sometimes not.
records = st.fixed_dictionaries(
    {"text": st.one_of(texts, texts, texts, json_values)},
    optional={
        "id": st.one_of(st.text(max_size=12), st.integers(), json_values),
        "title": _field,
        "source": _field,
        "url": st.one_of(st.sampled_from(URLS), _field),
        "published": st.one_of(st.sampled_from(DATES), _field),
    },
)


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@st.composite
def feeds(draw: st.DrawFn) -> tuple[str, str]:
    """``(suffix, document)``: an RSS or Atom feed, with hostile values and at times
    a cut or spliced document."""
    atom = draw(st.booleans())
    items = []
    for _ in range(draw(st.integers(0, 3))):
        title = draw(fragments)
        body = draw(texts)
        esc = draw(st.booleans())
        body = _xml_escape(body) if esc else body
        date = draw(st.sampled_from(DATES))
        link = _xml_escape(draw(st.sampled_from(URLS)))
        if atom:
            items.append(f"<entry><title>{_xml_escape(title)}</title><link href=\"{link}\"/>"
                         f"<updated>{date}</updated><content type=\"html\">{body}</content>"
                         "</entry>")
        else:
            items.append(f"<item><title>{_xml_escape(title)}</title><link>{link}</link>"
                         f"<pubDate>{date}</pubDate><description>{body}</description></item>")
    name = _xml_escape(draw(fragments))
    if atom:
        doc = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
               f"<title>{name}</title>{''.join(items)}</feed>")
    else:
        doc = ('<?xml version="1.0"?><rss version="2.0"><channel>'
               f"<title>{name}</title>{''.join(items)}</channel></rss>")
    cut = draw(st.one_of(st.none(), st.integers(0, len(doc))))
    if cut is not None:
        doc = doc[:cut] + draw(st.sampled_from(("", "<entry<titlE</content<", "&#x110000;",
                                                "<item><description>")))
    return (".atom" if atom else ".rss"), doc


@st.composite
def json_files(draw: st.DrawFn) -> tuple[str, str]:
    """``(suffix, document)``: a JSON file of records, JSONL, or a pathological JSON
    document (deep nesting, a huge integer, a lone-surrogate escape)."""
    kind = draw(st.sampled_from(("array", "object", "jsonl", "deep", "bigint", "raw")))
    recs = draw(st.lists(records, max_size=3))
    if kind == "array":
        return ".json", json.dumps(recs)
    if kind == "object":
        return ".json", json.dumps({"articles": recs})
    if kind == "jsonl":
        return ".jsonl", "\n".join(json.dumps(r) for r in recs) + "\n"
    if kind == "deep":
        depth = draw(st.integers(500, 60_000))
        return draw(st.sampled_from((".json", ".jsonl"))), "[" * depth + "]" * depth
    if kind == "bigint":
        return ".json", '{"text": "A levy vote.", "n": ' + "7" * draw(
            st.integers(4000, 6000)) + "}"
    return draw(st.sampled_from((".json", ".jsonl"))), draw(st.text(max_size=200))


#: Files of every supported type with arbitrary bytes, and text-ish documents.
any_files = st.one_of(
    st.tuples(st.sampled_from(supported_suffixes()), st.binary(max_size=600)),
    st.tuples(st.sampled_from(supported_suffixes()), texts.map(
        lambda t: t.encode("utf-8", "surrogatepass"))),
    feeds().map(lambda f: (f[0], f[1].encode("utf-8", "surrogatepass"))),
    json_files().map(lambda f: (f[0], f[1].encode("utf-8", "surrogatepass"))),
)

#: Standard input: JSONL lines, raw bytes and invalid UTF-8 inside JSON strings.
stdin_bytes = st.one_of(
    st.binary(max_size=300),
    st.lists(records, max_size=3).map(
        lambda rs: b"".join(json.dumps(r).encode() + b"\n" for r in rs)),
    st.just(b'{"text": "The levy vote \xff\xfe passed on Monday."}\n'),
)

# --------------------------------------------------------------------------- properties


def expected_errors(exc: BaseException) -> bool:
    """The project's own errors are an acceptable outcome; nothing else is."""
    return isinstance(exc, CorroboratorError)


def _text_ok(value: str | None) -> None:
    if value is not None:
        value.encode("utf-8")  # no lone surrogates: every article can be analyzed and stored


def check_read_file(suffix: str, data: bytes) -> None:
    """A file of any content: every article read is clean text; nothing escapes."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        report = read_report([path])
    for art in report.articles:
        assert art.text.strip()
        for value in (art.text, art.id, art.title, art.source, art.url, art.published):
            _text_ok(value)
    for err in report.errors:
        _text_ok(err.path)
        _text_ok(err.error)


def check_read_stdin(data: bytes) -> None:
    """JSONL on standard input, any bytes."""
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    report = read_report(["-"], stdin=stream)
    for art in report.articles:
        _text_ok(art.text)


def check_analyze(records_: Sequence[Mapping[str, Any]]) -> None:
    """``analyze`` on records, then every output format: it returns a Brief (or a
    project error), the JSON is strict JSON, and neither Markdown (through a renderer
    that passes raw HTML) nor HTML holds a live element."""
    from corroborator.pipeline import analyze
    from corroborator.render import render

    try:
        brief = analyze(list(records_))
    except CorroboratorError:
        return
    json.loads(render(brief, "json"), parse_constant=_refuse_constant)
    assert_no_live_html(markdown_to_html(render(brief, "md")))
    assert_no_live_html(render(brief, "html"), HTML_BRIEF_ELEMENTS)


def check_analyze_file(suffix: str, document: str) -> None:
    """``analyze`` on one file (a feed, a JSON document)."""
    from corroborator.pipeline import analyze
    from corroborator.render import render

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_text(document, encoding="utf-8", errors="surrogatepass")
        try:
            brief = analyze([path])
        except CorroboratorError:
            return
    assert_no_live_html(markdown_to_html(render(brief, "md")))
    assert_no_live_html(render(brief, "html"), HTML_BRIEF_ELEMENTS)


def _refuse_constant(name: str) -> Any:
    raise AssertionError(f"JSON output holds {name}")


def markdown_to_html(markdown: str) -> str:
    """Markdown as a CommonMark renderer that passes raw HTML through turns it into HTML."""
    return str(MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown))


#: Elements a brief may contain; anything else (script, iframe, img, details, svg
#: event targets ...) came from input text.
ALLOWED_ELEMENTS = frozenset((
    "html", "head", "body", "meta", "title", "style", "header", "nav", "main", "section",
    "article", "footer", "div", "p", "span", "a", "ol", "ul", "li", "h1", "h2", "h3", "h4",
    "h5", "h6", "strong", "em", "b", "i", "code", "pre", "q", "blockquote", "mark", "bdi",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "hr", "br", "figure", "figcaption",
    "svg", "g", "line", "path", "circle", "rect", "text", "small",
))

#: The HTML brief also folds lists (single-source claims per outlet) in its own
#: ``<details>``: allowed there, never in what Markdown turns into.
HTML_BRIEF_ELEMENTS = ALLOWED_ELEMENTS | {"details", "summary"}

_SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.IGNORECASE)


def assert_no_live_html(document: str, allowed: frozenset[str] = ALLOWED_ELEMENTS) -> None:
    """No element outside :data:`ALLOWED_ELEMENTS`, no event-handler attribute, no
    script URL: nothing in ``document`` can run or fetch in a browser."""
    if not document.strip():
        return
    root = lxml.html.document_fromstring(document)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue  # comments, processing instructions
        tag = el.tag.split("}")[-1].lower()
        assert tag in allowed, f"live element <{tag}> in output"
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), f"event handler {name}= on <{tag}>"
            if name.lower() in ("href", "src", "action", "formaction", "xlink:href"):
                assert not _SCRIPT_URL.match(value), f"script URL in {name}= on <{tag}>"
