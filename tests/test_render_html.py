"""HTML output: golden file, escaping, citation anchors in the article text, zones, SVG timeline."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from itertools import pairwise

import lxml.html
import pytest
from lxml.html import HtmlElement

from corroborator.model import (
    Article,
    Brief,
    Span,
    Story,
    SummaryItem,
    TimelineEntry,
    Zone,
)
from corroborator.render.citations import CitationIndex
from corroborator.render.html import highlight, render_html
from corroborator.render.svg import MAX_TICKS, WIDTH, _extent, _ticks, layout_timeline
from corroborator.render.view import TimelineRow, build_view, safe_url

from .briefs import HOSTILE_SCRIPT, assert_golden, hostile_brief, sample_brief


def _dom(html: str) -> HtmlElement:
    return lxml.html.document_fromstring(html)


@pytest.fixture(scope="module")
def sample_dom() -> HtmlElement:
    return _dom(render_html(sample_brief()))


def test_golden() -> None:
    assert_golden("brief.html", sample_brief().to_html())


def test_article_text_is_shown_whole_and_exact(sample_dom: HtmlElement) -> None:
    for art in sample_brief().articles:
        box = sample_dom.get_element_by_id(f"art-{art.id}")
        (text,) = box.find_class("text")
        assert text.text_content() == art.text


def test_every_citation_link_targets_a_mark_with_the_cited_characters(
    sample_dom: HtmlElement,
) -> None:
    brief = sample_brief()
    view = build_view(brief, "x")
    hrefs = {a.get("href") for a in sample_dom.xpath("//a[contains(@class, 'cite')]")}
    assert hrefs == {f"#c-{c.number}" for c in view.citations}
    ids = sample_dom.xpath("//@id")
    assert len(ids) == len(set(ids))
    for c in view.citations:
        first = sample_dom.get_element_by_id(f"c-{c.number}")
        assert first.tag == "mark"
        rest = sample_dom.xpath(f"//mark[@data-of='{c.number}']")
        assert "".join(m.text_content() for m in [first, *rest]) == c.quote


def test_overlapping_citations_nest_and_split(sample_dom: HtmlElement) -> None:
    # [7] lies inside [1]; [12] starts inside [1] and runs past it, so it is split.
    lead = sample_dom.get_element_by_id("c-1")
    assert lead.get_element_by_id("c-7") is not None
    assert lead.get_element_by_id("c-12") is not None
    assert len(sample_dom.xpath("//mark[@data-of='12']")) == 1


def test_non_reporting_zones_are_greyed_with_their_label(sample_dom: HtmlElement) -> None:
    caption = sample_dom.xpath("//span[@class='zone zone-caption']")
    assert len(caption) == 1 and caption[0].get("title") == "caption"
    assert caption[0].text_content().startswith("A crane operator watches")
    assert len(sample_dom.xpath("//span[@class='zone zone-newsletter']")) == 1
    assert not sample_dom.xpath("//span[contains(@class, 'zone-reporting')]")


def test_sections_match_the_markdown_content(sample_dom: HtmlElement) -> None:
    text = sample_dom.text_content()
    for needle in (
        "relative gap 0.6%, within rounding",
        "Some 40 ships are due to call next week.",
        "2026-03-14 (inferred)",
        "2026-03-13 (inferred)",
        "unattributed",
        "not a text file: binary content (PDF)",
        "federal port authority, the authority",
    ):
        assert needle in text, needle
    badges = {b.text for b in sample_dom.xpath("//table[@class='claims']//span[@class]")}
    assert badges == {"corroborated", "disputed"}
    # single-source claims fold per outlet
    folded = sample_dom.xpath("//details[@class='only']")
    only = [" ".join(d.text_content().split()) for d in folded]
    assert only[0].startswith("Only Coastline Bulletin reports (1 claim) C6 Some 40 ships are due")
    matrix = sample_dom.xpath("//table[@class='coverage']")[0]
    assert len(matrix.xpath(".//tbody/tr")) == 3
    assert [len(r.xpath("./td[@class='on']")) for r in matrix.xpath(".//tbody/tr")][:3] == [2, 2, 3]
    positions = sample_dom.find_class("positions")[0].find_class("position")
    assert [p.find_class("value")[0].text for p in positions] == ["about 2,500", "2,515"]


def test_svg_timeline_markers(sample_dom: HtmlElement) -> None:
    svgs = sample_dom.xpath("//svg[contains(@class, 'timeline-svg')]")
    assert len(svgs) == 2
    port, levy = svgs
    markers = port.xpath(".//g[contains(@class, 'tl-marker')]")
    assert len(markers) == 7
    assert len(port.xpath(".//g[contains(@class, 'tl-expected')]")) == 3
    assert len(port.xpath(".//g[contains(@class, 'tl-inferred')]//*[@class='tl-halo']")) == 2
    assert len(port.xpath(".//rect[@class='tl-bar']")) == 4  # two months, a range, a week
    assert len(levy.xpath(".//g[contains(@class, 'tl-marker')]")) == 3
    for link in port.xpath(".//a/@href"):
        assert sample_dom.get_element_by_id(link[1:]).tag == "mark"


def test_hostile_strings_never_become_markup() -> None:
    html = render_html(hostile_brief())
    dom = _dom(html)
    assert not dom.xpath("//script | //img | //iframe | //object")
    assert not [a for el in dom.iter() for a in el.attrib if a.lower().startswith("on")]
    assert not [h for h in dom.xpath("//@href") if not h.startswith(("#", "http"))]
    assert HOSTILE_SCRIPT in dom.text_content()  # shown as text
    (text,) = dom.get_element_by_id("art-x1").find_class("text")
    assert text.text_content() == hostile_brief().articles[0].text
    assert "<script" not in html.lower()


def test_self_contained() -> None:
    html = render_html(sample_brief())
    dom = _dom(html)
    assert not dom.xpath("//link | //script | //*[@src]")
    assert "url(" not in html and "@import" not in html
    assert dom.xpath("//style")


# --------------------------------------------------------------------------- highlight


def _marks(text: str, spans: list[tuple[int, int]], zones: tuple[Zone, ...] = ()) -> HtmlElement:
    index = CitationIndex([])
    for start, end in spans:
        index.number(Span("a", start, end))
    body = highlight(text, index.in_article("a"), zones)
    root = lxml.html.fragment_fromstring(f"<div>{body}</div>")
    assert root.text_content() == text
    return root


def test_highlight_crossing_ranges_are_split_and_well_formed() -> None:
    root = _marks("abcdefghij", [(0, 6), (3, 9)])
    assert root.get_element_by_id("c-1").text_content() == "abcdef"
    assert root.get_element_by_id("c-2").text_content() == "def"
    (cont,) = root.xpath("//mark[@data-of='2']")
    assert cont.text_content() == "ghi"


def test_highlight_same_start_nests_longer_outside() -> None:
    root = _marks("abcdefghij", [(2, 4), (2, 8)])
    outer = root.get_element_by_id("c-2")
    assert outer.text_content() == "cdefgh"
    assert outer.get_element_by_id("c-1").text_content() == "cd"


def test_highlight_empty_and_out_of_range_spans_still_get_an_anchor() -> None:
    root = _marks("abc", [(1, 1), (2, 99), (50, 60)])
    assert root.get_element_by_id("c-1").text_content() == ""
    assert root.get_element_by_id("c-2").text_content() == "c"
    assert root.get_element_by_id("c-3").text_content() == ""


def test_highlight_zone_and_mark_crossing() -> None:
    zone = Zone(Span("a", 0, 5), "caption", "why <b>")
    root = _marks("abcdefghij", [(3, 8)], (zone,))
    (span,) = root.xpath("//span[contains(@class, 'zone')]")
    assert span.text_content() == "abcde" and span.get("data-reason") == "why <b>"
    assert root.get_element_by_id("c-1").text_content() == "de"
    assert root.xpath("//mark[@data-of='1']")[0].text_content() == "fgh"


def test_highlight_escapes_every_piece() -> None:
    body = highlight("<b>&</b>", (), ())
    assert str(body) == "&lt;b&gt;&amp;&lt;/b&gt;"


def test_safe_url() -> None:
    assert safe_url("https://a.example/x") == "https://a.example/x"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url(" JAVASCRIPT:alert(1)") is None
    assert safe_url("data:text/html,x") is None
    assert safe_url(None) is None


# --------------------------------------------------------------------------- svg layout


def _rows(*entries: TimelineEntry) -> tuple[TimelineRow, ...]:
    story = Story(id="t", title="t", article_ids=(), timeline=entries)
    return build_view(replace(sample_brief(), stories=(story,)), "x").stories[0].timeline


def test_layout_single_day_is_padded_and_centred() -> None:
    cite = (Span("h1", 0, 3),)
    layout = layout_timeline(_rows(TimelineEntry("2026-03-13", None, "reported", "x", cite)))
    assert layout is not None
    (marker,) = layout.markers
    assert marker.x2 is None and layout.left < marker.x < layout.right
    assert abs(marker.x - WIDTH / 2) < 40
    assert marker.href == "#c-1"


def test_layout_undated_rows_are_counted_not_drawn() -> None:
    cite = (Span("h1", 0, 3),)
    rows = _rows(TimelineEntry("PRESENT_REF", None, "reported", "now", cite),
                 TimelineEntry("2026-07", None, "expected", "later", cite))
    layout = layout_timeline(rows)
    assert layout is not None and layout.undated == 1 and len(layout.markers) == 1
    assert layout.markers[0].x2 is not None  # a month is a bar
    assert rows[1].interval is None and layout_timeline(rows[1:]) is None


def test_layout_labels_stay_inside_the_drawing() -> None:
    cite = (Span("h1", 0, 3),)
    long = "A very long description of an event " * 4
    layout = layout_timeline(_rows(TimelineEntry("2020-01-01", None, "reported", long, cite),
                                   TimelineEntry("2026-12-31", None, "reported", long, cite)))
    assert layout is not None
    first, last = layout.markers
    assert first.anchor == "start" and last.anchor == "end"
    for m in (first, last):
        assert m.label.endswith("\u2026") and len(m.label) < len(m.full)


@pytest.mark.parametrize(("lo", "hi"), [
    (date(2026, 3, 10), date(2026, 3, 16)),
    (date(2026, 3, 1), date(2026, 4, 30)),
    (date(2024, 5, 1), date(2026, 5, 1)),
    (date(1950, 1, 1), date(2026, 1, 1)),
])
def test_ticks_are_few_and_inside(lo: date, hi: date) -> None:
    ticks = _ticks(lo, hi)
    assert 1 <= len(ticks) <= MAX_TICKS + 1
    assert all(lo <= d <= hi for d, _ in ticks)


def test_layout_label_goes_on_a_bar_that_spans_the_axis() -> None:
    cite = (Span("h1", 0, 3),)
    layout = layout_timeline(_rows(TimelineEntry("2020", None, "reported", "the year", cite),
                                   TimelineEntry("2020-06-15", None, "reported", "a day", cite)))
    assert layout is not None
    year, day = layout.markers
    assert year.inside and year.x < year.label_x < year.x2  # type: ignore[operator]
    assert year.label == "2020: the year"
    assert not day.inside and year.x < day.x < year.x2  # type: ignore[operator]


def test_layout_breaks_the_axis_at_a_long_gap_and_spreads_the_cluster() -> None:
    cite = (Span("h1", 0, 3),)
    rows = _rows(
        TimelineEntry("2019-05", None, "reported", "long ago", cite),
        *(TimelineEntry(f"2026-03-{d:02d}", None, "reported", "close", cite) for d in (10, 12, 14)),
    )
    layout = layout_timeline(rows)
    assert layout is not None
    assert len(layout.axis) == 2 and len(layout.breaks) == 1
    xs = [m.x for m in layout.markers[1:]]
    assert min(b - a for a, b in pairwise(xs)) > 60
    assert layout.axis[0][1] < layout.breaks[0] < layout.axis[1][0]


def test_layout_tick_labels_do_not_overlap() -> None:
    cite = (Span("h1", 0, 3),)
    for dates in (("2024-06", "2026-03-13", "2026-04"), ("2001", "2026-03-13"),
                  ("2026-03-01", "2026-03-02", "2026-03-30")):
        layout = layout_timeline(_rows(*(TimelineEntry(d, None, "reported", "x", cite)
                                         for d in dates)))
        assert layout is not None
        boxes = [_extent(t) for t in layout.ticks]
        assert len(boxes) >= 2
        assert all(a[1] < b[0] for a, b in pairwise(boxes))
        assert all(lo >= 0 and hi <= WIDTH for lo, hi in boxes)


def _minimal_brief() -> Brief:
    """An article with no outlet, title or date; a bare story citing a missing article."""
    art = Article("only", "One short sentence.")
    story = Story(id="s", title="Bare story", article_ids=("only",),
                  summary=(SummaryItem("Said once.", (Span("gone", 0, 4),)),),
                  timeline=(TimelineEntry("PRESENT_REF", None, "reported", "now",
                                          (Span("only", 0, 3),)),))
    return Brief((art,), (story,), (), ())


def test_minimal_brief_renders_and_missing_articles_still_get_an_anchor() -> None:
    dom = _dom(render_html(_minimal_brief()))
    assert dom.get_element_by_id("c-1").tag == "mark"
    assert "gone" in dom.get_element_by_id("orphans").text_content()
    assert not dom.xpath("//svg")  # the only timeline entry has no calendar date
    assert "(untitled)" in dom.text_content()
    assert "PRESENT_REF" in dom.get_element_by_id("story-s").text_content()
