"""The brief as one self-contained HTML page (inline CSS, no scripts, no external resources).

Templates live in ``corroborator/render/templates`` and run with autoescaping on. The one piece
of markup built in Python is an article's text with its cited ranges and non-reporting
zones marked (:func:`highlight`): it slices the text at every boundary and escapes each
slice, so raw article text is never marked safe.

Untrusted text placed inline goes through the ``bdi`` filter (:func:`isolate`): a
right-to-left override in an outlet name, or an Arabic title, then cannot reorder the
text around it. Where no element may go (the page ``<title>``) bidi controls are
dropped (:func:`strip_bidi`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import jinja2
from markupsafe import Markup, escape

from corroborator.errors import RenderError
from corroborator.model import Brief, Zone
from corroborator.render.citations import Citation
from corroborator.render.svg import (
    EventBand,
    TimelineLayout,
    layout_event_bands,
    layout_timeline,
    publication_days,
    story_window,
)
from corroborator.render.view import BriefView, build_view, safe_url
from corroborator.version import generator_version


@cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment of the HTML templates (autoescape on, strict undefined)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("corroborator.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(TEXT_FILTERS)
    return env


def isolate(value: object) -> Markup:
    """``value`` escaped inside ``<bdi>``: its direction is its own, and any bidi
    override it opens ends with it. Empty for None or an empty string."""
    if value is None or value == "":
        return Markup("")
    return Markup("<bdi>{}</bdi>").format(value)


#: Unicode's explicit bidi formatting characters: embeddings, overrides, isolates
#: and their terminators (U+202A-U+202E, U+2066-U+2069).
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def strip_bidi(value: object) -> str:
    """``value`` as text without bidi formatting characters (for element-free places
    such as the page title)."""
    return BIDI_CONTROLS.sub("", "" if value is None else str(value))


#: Filters for untrusted text, shared by every environment that renders these templates:
#: ``bdi`` escapes and isolates it, ``nobidi`` strips bidirectional controls (for
#: ``<title>``, where no markup is allowed).
TEXT_FILTERS = {"bdi": isolate, "nobidi": strip_bidi}


def render_html(brief: Brief) -> str:
    """The brief as one HTML document."""
    view = build_view(brief, generator_version(brief.generator_version))
    zones_by_article: dict[str, list[Zone]] = {}
    for zone in brief.zones:
        if zone.label != "reporting":
            zones_by_article.setdefault(zone.span.article, []).append(zone)
    cites_by_article: dict[str, list[Citation]] = {}
    for cite in view.citations:
        cites_by_article.setdefault(cite.span.article, []).append(cite)
    texts = {
        art.id: highlight(
            art.text, cites_by_article.get(art.id, ()), zones_by_article.get(art.id, ())
        )
        for art in brief.articles
    }
    known = {art.id for art in brief.articles}
    timelines, event_bands = story_drawings(brief, view)
    try:
        template = environment().get_template("brief.html.j2")
        return template.render(
            view=view,
            texts=texts,
            orphans=[c for c in view.citations if c.span.article not in known],
            timelines=timelines,
            event_bands=event_bands,
            safe_url=safe_url,
            cite_href=local_cite,
            entity_href=None,
            changes=brief.changes,
        )
    except jinja2.TemplateError as exc:
        raise RenderError(f"HTML template failed: {exc}") from exc


def story_drawings(brief: Brief, view: BriefView) -> tuple[
        dict[str, TimelineLayout | None], dict[str, tuple[EventBand, ...]]]:
    """Each story's timeline drawing, on the axis of the story's own days, and the bands
    of its events on that axis (the HTML brief and the web app's story page)."""
    published = {art.id: art.published for art in brief.articles}
    timelines: dict[str, TimelineLayout | None] = {}
    bands: dict[str, tuple[EventBand, ...]] = {}
    for story, s in zip(brief.stories, view.stories, strict=True):
        window = story_window(
            s.timeline, publication_days(published.get(a) for a in story.article_ids))
        timelines[s.id] = layout_timeline(s.timeline, window)
        bands[s.id] = layout_event_bands(s.timeline, s.events, window)
    return timelines, bands


def local_cite(number: int) -> str:
    """Where citation ``number`` links to in the one-page brief: its mark in the text."""
    return f"#c-{number}"


# --------------------------------------------------------------------------- highlighting


@dataclass(frozen=True, slots=True)
class _Range:
    """A range to wrap: a citation (``number`` set) or a zone (``zone`` set)."""

    start: int
    end: int
    number: int | None = None
    zone: str | None = None
    reason: str = ""

    def open_tag(self, first: bool) -> Markup:
        if self.zone is not None:
            return Markup('<span class="zone zone-{0}" title="{0}" data-reason="{1}">').format(
                self.zone, self.reason
            )
        if first:
            return Markup('<mark id="c-{0}" class="cite" data-n="{0}">').format(self.number)
        return Markup('<mark class="cite cont" data-of="{0}">').format(self.number)

    def close_tag(self) -> Markup:
        return Markup("</span>" if self.zone is not None else "</mark>")


def highlight(text: str, citations: Sequence[Citation], zones: Sequence[Zone] = ()) -> Markup:
    """``text`` escaped, with ``<mark id="c-n">`` around cited ranges and zone spans.

    Ranges may nest or overlap. Nesting becomes nested elements; where two ranges cross,
    the inner element is closed at the outer one's end and reopened after it (the
    continuation carries no id), so the markup is always well formed and every citation
    has exactly one element with its id, at its start.
    """
    size = len(text)

    def clamp(start: int, end: int) -> tuple[int, int]:
        # a citation keeps its element even when empty or out of range
        start = min(max(0, start), size)
        return start, min(max(start, end), size)

    ranges = [
        _Range(*clamp(z.span.start, z.span.end), zone=z.label, reason=z.reason) for z in zones
    ]
    ranges += [_Range(*clamp(c.span.start, c.span.end), number=c.number) for c in citations]
    # Outer first: earlier start, then longer, zones outside marks at equal extent.
    ranges.sort(key=lambda r: (r.start, -r.end, r.zone is None, r.number or 0))
    cuts = sorted({0, size, *(r.start for r in ranges), *(r.end for r in ranges)})
    pieces: list[Markup] = []
    stack: list[_Range] = []
    pending = list(reversed(ranges))
    for i, pos in enumerate(cuts):
        # close everything ending here; reopen what was closed only to keep nesting
        if any(r.end <= pos for r in stack):
            reopen: list[_Range] = []
            while any(r.end <= pos for r in stack):
                top = stack.pop()
                pieces.append(top.close_tag())
                if top.end > pos:
                    reopen.append(top)
            for r in reversed(reopen):
                pieces.append(r.open_tag(first=False))
                stack.append(r)
        while pending and pending[-1].start == pos:
            r = pending.pop()
            pieces.append(r.open_tag(first=True))
            if r.end > pos:
                stack.append(r)
            else:
                pieces.append(r.close_tag())
        if i + 1 < len(cuts):
            pieces.append(escape(text[pos : cuts[i + 1]]))
    pieces.extend(r.close_tag() for r in reversed(stack))
    return Markup("").join(pieces)
