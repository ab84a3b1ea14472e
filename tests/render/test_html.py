"""HTML output: golden file, escaping, citation anchors in the article text, zones, SVG timeline."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise

import lxml.html
import pytest
from lxml.html import HtmlElement

from corroborator.model import (
    Article,
    Brief,
    Event,
    Span,
    Story,
    SummaryItem,
    TimelineEntry,
    Zone,
)
from corroborator.render.citations import CitationIndex
from corroborator.render.html import highlight, render_html
from corroborator.render.svg import (
    MAX_TICKS,
    STORY_MARGIN_DAYS,
    WIDTH,
    _extent,
    _ticks,
    layout_timeline,
    publication_days,
    story_window,
)
from corroborator.render.view import TimelineRow, build_view, safe_url
from tests.briefs import HOSTILE_SCRIPT, assert_golden, hostile_brief, sample_brief


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


def test_quote_marks_its_speaker_mention_in_the_article(sample_dom: HtmlElement) -> None:
    view = build_view(sample_brief(), "x")
    quoted = [q for s in view.stories for g in s.quote_groups for q in g.quotes
              if q.speaker_cites]
    assert quoted
    for q in quoted:
        for n in q.speaker_cites:
            link = sample_dom.xpath(f"//li/a[@href='#c-{n}']")
            assert link, n  # beside the quote in the Quotes section
            mark = sample_dom.get_element_by_id(f"c-{n}")
            cite = next(c for c in view.citations if c.number == n)
            assert mark.tag == "mark" and mark.text_content() == cite.quote
    assert {"she", "a Baymark spokesperson"} <= {
        c.quote for c in view.citations for q in quoted if c.number in q.speaker_cites
    }


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
        "13 Mar 2026 (inferred)",
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
    assert len(markers) == 6  # the June 2024 agreement is background, not on the axis
    assert len(port.xpath(".//g[contains(@class, 'tl-expected')]")) == 3
    assert len(port.xpath(".//g[contains(@class, 'tl-inferred')]//*[@class='tl-halo']")) == 2
    assert len(port.xpath(".//rect[@class='tl-bar']")) == 3  # a month, a range, a week
    assert len(levy.xpath(".//g[contains(@class, 'tl-marker')]")) == 1
    lists = sample_dom.find_class("tl-background")
    assert [[" ".join(li.text_content().split()) for li in b.iter("li")] for b in lists] == [
        ["June 2024 Transfer agreed"],
        ["2023 Referendum rejects a similar plan", "July 2026 Levy takes effect (expected)"],
    ]
    for link in port.xpath(".//g[contains(@class, 'tl-marker')]//a/@href"):
        assert sample_dom.get_element_by_id(link[1:]).tag == "mark"
    for link in port.xpath(".//g[contains(@class, 'tl-event')]//a/@href"):
        assert sample_dom.get_element_by_id(link[1:]).tag == "li"  # the event's entry


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
    assert "now" in dom.get_element_by_id("story-s").text_content()
    assert "PRESENT_REF" not in dom.get_element_by_id("story-s").text_content()


def test_layout_spans_the_story_days_and_lists_background_apart() -> None:
    cite = (Span("h1", 0, 3),)
    rows = _rows(
        TimelineEntry("1978", None, "reported", "substation built", cite),
        TimelineEntry("2026-04-29", None, "reported", "crossings stopped", cite),
        TimelineEntry("2026-05-04", None, "reported", "storm cut power", cite),
        TimelineEntry("2026-05", None, "reported", "a stormy May", cite),
        TimelineEntry("2026-05-07", None, "expected", "ferries resume", cite),
        TimelineEntry("2026", None, "reported", "a year of storms", cite),
        TimelineEntry("2045", None, "expected", "new cable", cite),
    )
    published = publication_days(["2026-05-04", "2026-05-04T08:00:00+00:00", None, "bad"])
    assert published == (date(2026, 5, 4), date(2026, 5, 4))
    window = story_window(rows, published)
    margin = STORY_MARGIN_DAYS
    assert window == (date(2026, 5, 4) - timedelta(margin), date(2026, 5, 4) + timedelta(margin))
    layout = layout_timeline(rows, window)
    assert layout is not None
    drawn = [m.full.split(":")[0] for m in layout.markers]
    assert drawn == ["29 Apr 2026", "May 2026", "4 May 2026", "7 May 2026"]
    assert [b.date_label for b in layout.background] == ["1978", "2026", "2045"]
    assert [b.status for b in layout.background] == ["reported", "reported", "expected"]
    assert not layout.breaks  # no axis stretched or broken for the background years
    assert all("1978" not in t.label and "2045" not in t.label for t in layout.ticks)


def test_story_window_without_publication_dates_centres_on_day_entries() -> None:
    cite = (Span("h1", 0, 3),)
    rows = _rows(TimelineEntry("1990", None, "reported", "x", cite),
                 TimelineEntry("2026-05-02", None, "reported", "y", cite),
                 TimelineEntry("2026-05-04", None, "reported", "z", cite),
                 TimelineEntry("2026-05-05", None, "reported", "w", cite))
    low, high = story_window(rows) or (None, None)
    assert low == date(2026, 5, 4) - timedelta(STORY_MARGIN_DAYS)
    assert high == date(2026, 5, 4) + timedelta(STORY_MARGIN_DAYS)
    assert story_window(_rows(TimelineEntry("1990", None, "reported", "x", cite))) is None
    only_background = layout_timeline(_rows(TimelineEntry("1990", None, "reported", "x", cite)),
                                      (date(2026, 5, 1), date(2026, 5, 9)))
    assert only_background is not None and len(only_background.markers) == 1


def two_event_brief() -> Brief:
    """The sample brief with the levy story cut into two events (vote; a day later)."""
    brief = sample_brief()
    port, levy = brief.stories
    first = Event("e-vote", "Marlow council approves transit levy", "2026-03-10",
                  "2026-03-10", "2026-03-10", ("m1",), ("Marlow Gazette",),
                  ("s2-c1", "s2-c2"), (1,), (1, 2), (0, 1), reported_date=True)
    second = Event("e-react", "Mayor welcomes levy", "2026-03-11", "2026-03-11",
                   "2026-03-11", ("m2",), ("Harbour Ledger",), ("s2-c3",), (0,), (0,), ())
    return replace(brief, stories=(port, replace(levy, events=(first, second))))


def test_events_get_their_bullets_and_timeline_bands() -> None:
    brief = two_event_brief()
    view = build_view(brief, "test")
    e1, e2 = view.stories[1].events
    assert (e1.label, e2.label) == ("E1", "E2")
    assert [b.text for b in e1.bullets] == [s.text for s in brief.stories[1].summary]
    assert [b.text for b in e2.bullets] == ["A 2023 referendum rejected a similar plan."]
    assert view.stories[0].events[0].bullets == ()  # one event: the summary says it all
    dom = lxml.html.fromstring(render_html(brief))
    levy = dom.xpath("//svg[contains(@class, 'timeline-svg')]")[1]
    bands = levy.xpath(".//g[contains(@class, 'tl-event')]")
    assert len(bands) == 2 and "tl-event-alt" in bands[1].get("class")
    (x1, w1), (x2, w2) = ((float(r.get("x")), float(r.get("width")))
                          for r in levy.xpath(".//rect[@class='tl-band']"))
    assert x1 < x2 and w1 > 0 and w2 >= 6  # 10 March before 11 March; thin ones widened
    for band, event in zip(bands, ("e-vote", "e-react"), strict=True):
        (href,) = band.xpath(".//a/@href")
        assert dom.get_element_by_id(href[1:]).get("id") == f"event-{event}"
    markdown = brief.to_markdown()
    assert "**E2 · 11 Mar 2026 · Mayor welcomes levy**" in markdown
    assert "- A 2023 referendum rejected a similar plan." in markdown
