"""No output carries live HTML, whatever the input.

A hostile corpus (markup, event handlers, script URLs and bidi overrides in every field
an input can set) is analyzed and rendered. The Markdown goes through a CommonMark
renderer that passes raw HTML on (markdown-it-py with ``html=True``), and the result,
like the HTML output, must hold no element or attribute that can run or fetch.
"""

from __future__ import annotations

from dataclasses import replace

import lxml.html
import pytest

from corroborator.model import Brief
from corroborator.render import render
from corroborator.render.markdown import md_url, render_markdown
from tests.briefs import hostile_brief, sample_brief
from tests.fuzz_inputs import HTML_BRIEF_ELEMENTS, assert_no_live_html, markdown_to_html

PAYLOADS = (
    "<script>alert(1)</script>",
    "\n<details open ontoggle=alert(1)>x</details>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "[click](javascript:alert(1))",
    "<a href='javascript:alert(1)'>x</a>",
    "<!--",
    "`<b>`",
    "&lt;script&gt;",
    "\u202eevil",
)

URLS = (
    "https://news.test/a\n<details open ontoggle=alert(1)>",
    "https://news.test/a)<script>alert(1)</script>",
    "https://news.test/a b\"<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "http://[::1",
)


def hostile_records() -> list[dict[str, str]]:
    out = []
    for i, payload in enumerate(PAYLOADS):
        out.append({
            "id": f"h{i}{payload[:6]}",
            "title": f"Bridge {payload} reopens",
            "source": f"Tollbridge {payload} Courier",
            "url": URLS[i % len(URLS)],
            "published": "2026-03-1" + str(i % 9),
            "text": (f"The mayor of Tollbridge said {payload} the bridge would reopen on "
                     f"2 May. \u201cWe are ready {payload},\u201d said engineer Ada Brook. "
                     f"About {200 + i} cars crossed {payload} on Monday.\n\n"
                     f"{payload}\n\nCouncil member Rhys Vale disputed the date."),
        })
    return out


@pytest.fixture(scope="module")
def analyzed() -> Brief:
    from corroborator.pipeline import analyze

    return analyze(hostile_records())


@pytest.mark.slow
def test_the_hostile_corpus_renders_no_live_html(analyzed: Brief) -> None:
    assert len(analyzed.articles) == len(PAYLOADS)
    assert_no_live_html(markdown_to_html(render(analyzed, "md")))
    assert_no_live_html(render(analyzed, "html"), HTML_BRIEF_ELEMENTS)


@pytest.mark.parametrize("url", URLS)
def test_a_url_stored_before_readers_checked_it_cannot_break_out(url: str) -> None:
    """Old stores may hold any URL: Markdown links percent-encode it (or leave it out)."""
    brief = sample_brief()
    arts = tuple(replace(a, url=url) for a in brief.articles)
    brief = replace(brief, articles=arts)
    md = render_markdown(brief)
    html_from_md = markdown_to_html(md)
    assert_no_live_html(html_from_md)
    assert_no_live_html(render(brief, "html"), HTML_BRIEF_ELEMENTS)
    assert "\n<details" not in md and "<script" not in md.replace("\\<script", "")


def test_markdown_urls_are_percent_encoded() -> None:
    assert md_url("https://a.test/x y(z)|<w>\n\"q\"") == (
        "https://a.test/x%20y%28z%29%7C%3Cw%3E%0A%22q%22")
    assert md_url("https://a.test/caf\u00e9?q=1&r=%20") == "https://a.test/caf%C3%A9?q=1&r=%20"


def test_no_markdown_line_starts_raw_html() -> None:
    md = render_markdown(hostile_brief())
    ours = ('<a id="c-', '<a id="story-')
    raw = [line for line in md.splitlines()
           if line.lstrip().startswith("<") and not line.startswith(ours)]
    assert raw == []
    assert_no_live_html(markdown_to_html(md))


def test_html_isolates_untrusted_text_from_a_bidi_override() -> None:
    """A right-to-left override in an outlet name must not reverse the text after it:
    every piece of inline text holding one is inside its own ``<bdi>``."""
    brief = sample_brief()
    rlo = "\u202e"
    arts = tuple(replace(a, source=f"Harbour {rlo}Ledger", title=f"{rlo}{a.title}")
                 for a in brief.articles)
    brief = replace(brief, articles=arts)
    html = render(brief, "html")
    root = lxml.html.document_fromstring(html)
    checked = 0
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for text, holder in ((el.text, el), (el.tail, el.getparent())):
            if not text or rlo not in text:
                continue
            if holder is None or holder.tag == "title":
                continue
            chain = [holder, *holder.iterancestors()]
            assert any(x.tag == "bdi" for x in chain), (holder.tag, text)
            checked += 1
    assert checked >= len(arts)
    assert rlo not in root.findtext(".//title")
    assert html.count("<bdi>") > 10
    for el in root.iter():  # no <bdi> leaked into an attribute value
        if isinstance(el.tag, str):
            assert not any("<bdi>" in v for v in el.attrib.values())
