"""Markdown output: golden file, citations, escaping and the sections a reader needs."""

from __future__ import annotations

import re

from corroborator.model import Article, Brief, Quote, Span, Story
from corroborator.render.markdown import md_code, md_text, render_markdown
from tests.briefs import assert_golden, hostile_brief, sample_brief, span

CITE = re.compile(r"\[\[(\d+)\]\]\(#c-(\d+)\)")


def test_golden() -> None:
    assert_golden("brief.md", sample_brief().to_markdown())


def test_every_marker_links_to_a_source_quoting_the_cited_characters() -> None:
    brief = sample_brief()
    text = render_markdown(brief)
    body, sources = text.split("\n## Sources\n")
    used = {int(a) for a, b in CITE.findall(body) if a == b}
    entries = dict(re.findall(r'<a id="c-(\d+)"></a>\*\*\[\d+\]\*\* (.*)', sources))
    assert used == {int(n) for n in entries} == set(range(1, len(entries) + 1))
    lead = span("h1", "about 2,500 workers would keep their jobs")
    number = next(n for n, line in entries.items() if "chars 278\u2013319" in line)
    assert lead.start == 278 and "about 2,500 workers would keep their jobs" in entries[number]
    assert "Harbour Ledger, *Kestrel Bay terminal handed to city operator*" in entries[number]


def test_numbers_follow_reading_order_and_repeat_for_the_same_span() -> None:
    text = render_markdown(sample_brief()).split("\n## Sources\n")[0]
    first_seen: list[int] = []
    for n, _ in CITE.findall(text):
        if int(n) not in first_seen:
            first_seen.append(int(n))
    assert first_seen == sorted(first_seen)
    # "on Friday handed control ..." is cited by a summary bullet, a claim, a conflict and
    # the timeline: one number everywhere.
    friday = [line for line in text.splitlines() if "[[7]](#c-7)" in line]
    assert len(friday) >= 4


def test_story_header_summary_and_claim_badges() -> None:
    text = render_markdown(sample_brief())
    assert "## 1. Kestrel Bay terminal handed to city operator Baymark" in text
    assert "**14 Mar 2026** \u00b7 4 articles \u00b7 4 sources: Coastline Bulletin" in text
    assert "**10-11 Mar 2026** \u00b7 2 articles" in text
    assert "- **disputed:** Outlets put the number" in text
    claims = text.split("### Claims")[1].split("###")[0]
    for badge in ("\u2705 corroborated", "\u26a0\ufe0f disputed"):
        assert badge in claims
    assert "single source" not in claims  # single-source claims are listed per outlet


def test_conflict_positions_side_by_side_with_note() -> None:
    text = render_markdown(sample_brief())
    assert "#### Numeric: workers keeping their jobs\n\n> relative gap 0.6%, within rounding" \
        in text
    assert "| **Value** | about 2,500 | 2,515 |" in text
    assert "| **Value** | Ilse Varga, port director | a Baymark spokesperson |" in text


def test_coverage_matrix_and_only_lines() -> None:
    text = render_markdown(sample_brief())
    assert "| Claim | Coastline Bulletin | Harbour Ledger | Northwind Post |" in text
    on, no = "\u25cf", "\u00b7"
    assert f"| **C3** Baymark took control of the Kestrel Bay terminal. | {on} | {on} | {on} |" \
        in text
    # the matrix has the claims several outlets report; the others are listed per outlet
    assert "| **C6** Some 40 ships" not in text
    assert f"| **C2** The handover took place on Friday. | {no} | {on} | {on} |" in text
    assert "| **Claims reported** | **2** | **5** | **4** |" in text
    assert "Only **Harbour Ledger** reports (2 claims):\n\n- **C4** The transfer was agreed in " \
        "June 2024. [[11]](#c-11)\n- **C7** Federal management" in text
    # no coverage table from the story: derived from the claims' sources
    assert "Only **Marlow Gazette** reports (1 claim):\n\n- **C2** The levy takes effect in July." \
        in text


def test_claims_table_puts_disputes_first() -> None:
    text = render_markdown(sample_brief())
    claims = text.split("### Claims")[1].split("###")[0]
    statuses = re.findall(r"^\| \*\*C\d+\*\* \| \S+ (\w+)", claims, re.M)
    assert statuses == ["disputed", "disputed", "corroborated"]


def test_quotes_grouped_by_speaker_with_unattributed_last() -> None:
    text = render_markdown(sample_brief())
    quotes = text.split("### Quotes")[1].split("### Entities")[0]
    assert quotes.index("**Ilse Varga**") < quotes.index("*unattributed*")
    assert "\u201corderly and on schedule\u201d \u2014 Port director" in quotes
    assert "speaker as written: \u201ca Baymark spokesperson\u201d" in quotes
    assert "cautiously hopeful (reported)" in quotes


def test_timeline_in_date_order_with_inferred_and_expected_marked() -> None:
    text = render_markdown(sample_brief())
    timeline = text.split("### Timeline")[1].split("## 2.")[0]
    dates = re.findall(r"^\| ([^|]+?) \| (?:reported|\*expected\*)", timeline, re.M)
    assert dates == ["June 2024", "12 Mar 2026", "13 Mar 2026", "13 Mar 2026 (inferred)",
                     "16-20 Mar 2026", "week of 16-22 Mar 2026 (inferred)", "April 2026"]
    assert "| 13 Mar 2026 (inferred) | reported |" in timeline
    assert "| 16-20 Mar 2026 | *expected* | Safety drills" in timeline
    assert not re.search(r"\d{4}-(?:W\d|\d\d)", timeline)  # no raw TIMEX3 value shown


def test_articles_errors_and_inferred_publication() -> None:
    text = render_markdown(sample_brief())
    assert "| `c1` | Coastline Bulletin | Terminal changes hands | 2026-03-14 (inferred) |" in text
    assert "| `n2` | Valemont Wire | Baymark takes over port terminal | 2026-03-14 | `n1` |" in text
    assert "| [Kestrel Bay terminal handed to city operator]" \
        "(https://harbourledger.example/kestrel-terminal) |" in text
    assert "## Errors\n\n- `inbox/scan.pdf`: not a text file: binary content (PDF)" in text


def test_entities_and_quantities() -> None:
    text = render_markdown(sample_brief())
    assert "| Kestrel Bay Port Authority | `ORG` | federal port authority, the authority | 2 |" \
        in text
    assert "| 300\u2013350 | containers a day |" in text
    assert "| 0.5% | transit levy |" in text
    assert "| up to 12 | new bus routes |" in text


def test_hostile_strings_are_escaped() -> None:
    text = render_markdown(hostile_brief())
    assert "\\<script\\>" in text
    assert "javascript" not in text.split("## Articles")[1]  # the unsafe URL is not linked
    # outside code spans (literal in CommonMark) the only raw tags are our own anchors
    prose = re.sub(r"(`+).*?\1", "", text)
    tags = re.findall(r"(?<!\\)<[^>]*>", prose)
    assert tags and all(re.fullmatch(r'<a id="[\w.-]+">|</a>', t) for t in tags), tags
    # the escaped pipe in the outlet name adds no column to the coverage table
    table = text.split("### Coverage")[1].split("Only")[0].strip().splitlines()
    counts = {len(re.split(r"(?<!\\)\|", row)) for row in table}
    assert len(counts) == 1


def test_md_text_and_code() -> None:
    assert md_text("a|b *c* [d](e) <f> #g\n h") == "a\\|b \\*c\\* \\[d\\](e) \\<f\\> \\#g h"
    assert md_text("AT&T &amp;") == "AT&T &amp;amp;"
    assert md_code("x`y") == "``x`y``"
    assert md_code("`x") == "`` `x ``"


def _to_html(markdown: str) -> str:
    """Markdown rendered as GitHub would: CommonMark with tables and inline HTML allowed."""
    from markdown_it import MarkdownIt  # comes with rich

    return str(MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown))


def test_renders_as_commonmark_with_working_links_and_tables() -> None:
    brief = sample_brief()
    html = _to_html(render_markdown(brief))
    targets = set(re.findall(r'<a id="([^"]+)"></a>', html))
    links = set(re.findall(r'<a href="#([^"]+)">', html))
    assert links and links <= targets
    assert html.count("<table>") == 2 * 5 + 3 + 1  # per story: claims, coverage, entities,
    # quantities, timeline; three conflicts; the article list
    assert "<td><strong>C1</strong></td>" in html  # the claims table's label cell
    assert "<td><strong>C3</strong> Baymark took control" in html  # a coverage row
    assert "<code>n1</code>" in html


def test_hostile_markdown_renders_to_text_only() -> None:
    html = _to_html(render_markdown(hostile_brief()))
    assert not re.search(r"<(script|img|td>\s*</td)", html)
    assert "&lt;script&gt;" in html and "Out|let" in html


def test_minimal_brief() -> None:
    story = Story(id="s", title="Bare", article_ids=("a",),
                  quotes=(Quote("e-unknown", None, "hello", True, Span("a", 0, 5)),))
    text = render_markdown(Brief((Article("a", "hello world"),), (story,), (), ()))
    assert "**e-unknown**" in text  # a speaker id without entity is shown as is
    assert "| `a` | \u2014 | (untitled) | \u2014 | \u2014 |" in text
    assert "(`a`, chars 0\u20135): \u201chello\u201d" in text
    assert "## Errors" not in text
