"""The brief as JSON, per ``brief.schema.json`` (schema version 1).

Keys come out in a fixed order and collections whose order carries no meaning (aliases,
mentions, sources, coverage, times, zones) are sorted, so one Brief always gives the same
bytes. Ordered collections (articles, stories, claims, citations, timeline) keep the
order the pipeline gave them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from corroborator.errors import RenderError
from corroborator.model import (
    Article,
    Brief,
    Changes,
    ClaimGroup,
    Conflict,
    Entity,
    Event,
    InputIssue,
    Quantity,
    Quote,
    Span,
    Story,
    SummaryItem,
    TimeExpr,
    TimelineEntry,
    Zone,
)
from corroborator.version import GENERATOR_NAME, generator_version

SCHEMA_VERSION = "1"


def brief_to_dict(brief: Brief) -> dict[str, Any]:
    """The brief as plain JSON values (dicts, lists, str, numbers, bools, None)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": GENERATOR_NAME,
                      "version": generator_version(brief.generator_version)},
        "articles": [_article(a) for a in brief.articles],
        "stories": [_story(s) for s in brief.stories],
        "times": [_time(t) for t in sorted(brief.times, key=_time_key)],
        "errors": [_error(e) for e in brief.errors],
        "zones": [
            _zone(z) for z in sorted(brief.zones, key=lambda z: (z.span, z.label))
            if z.label != "reporting"
        ],
    } | ({} if brief.changes is None else {"changes": _changes(brief.changes)})


def _changes(changes: Changes) -> dict[str, Any]:
    return {"since": changes.since, "articles": list(changes.articles),
            "claims": list(changes.claims), "conflicts": list(changes.conflicts),
            "timeline": list(changes.timeline)}


def render_json(brief: Brief, indent: int | None = 2) -> str:
    """The brief as a JSON document (UTF-8 text, newline at the end)."""
    try:
        text = json.dumps(brief_to_dict(brief), indent=indent, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:  # NaN/inf figures or a stray non-JSON value
        raise RenderError(f"brief cannot be written as JSON: {exc}") from exc
    return text + "\n"


# --------------------------------------------------------------------------- parts


def _span(span: Span) -> dict[str, Any]:
    return {"article": span.article, "start": span.start, "end": span.end}


def _spans(spans: Iterable[Span]) -> list[dict[str, Any]]:
    return [_span(s) for s in spans]


def _article(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "source": a.source,
        "title": a.title,
        "url": a.url,
        "path": a.path,
        "published": a.published,
        "published_inferred": a.published_inferred,
        "duplicate_of": a.duplicate_of,
        "text": a.text,
    }


def _story(s: Story) -> dict[str, Any]:
    return {
        "id": s.id,
        "title": s.title,
        "article_ids": list(s.article_ids),
        "sources": sorted(set(s.sources)),
        "first_date": s.first_date,
        "last_date": s.last_date,
        "merged_from": sorted(set(s.merged_from)),
        "summary": [_summary(i) for i in s.summary],
        "claims": [_claim(c) for c in s.claims],
        "conflicts": [_conflict(c) for c in s.conflicts],
        "coverage": {src: sorted(set(ids)) for src, ids in sorted(s.coverage)},
        "quotes": [_quote(q) for q in s.quotes],
        "entities": [_entity(e) for e in s.entities],
        "quantities": [_quantity(q) for q in s.quantities],
        "timeline": [_timeline(t) for t in s.timeline],
        "events": [_event(e) for e in s.events],
    }


def _event(e: Event) -> dict[str, Any]:
    """One event; ``claims`` are claim group ids, ``quotes``/``timeline``/``summary``
    indexes into the story's lists of those."""
    return {
        "id": e.id,
        "title": e.title,
        "date": e.date,
        "date_reported": e.reported_date,
        "first_date": e.first_date,
        "last_date": e.last_date,
        "article_ids": list(e.article_ids),
        "sources": sorted(set(e.sources)),
        "claims": list(e.claims),
        "quotes": list(e.quotes),
        "timeline": list(e.timeline),
        "summary": list(e.summary),
    }


def _summary(i: SummaryItem) -> dict[str, Any]:
    return {"text": i.text, "kind": i.kind, "citations": _spans(i.citations)}


def _claim(c: ClaimGroup) -> dict[str, Any]:
    return {
        "id": c.id,
        "text": c.text,
        "status": c.status,
        "sources": sorted(set(c.sources)),
        "claims": list(c.claims),
        "corroborated_by": sorted(set(c.corroborated_by)),
        "agreeing": list(c.agreeing),
        "basis": c.basis,
        "citations": _spans(c.citations),
    }


def _conflict(c: Conflict) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "about": c.about,
        "note": c.note,
        "basis": c.basis,
        "positions": [
            {"value": p.value, "sources": sorted(set(p.sources)), "citations": _spans(p.citations)}
            for p in c.positions
        ],
    }


def _quote(q: Quote) -> dict[str, Any]:
    return {
        "speaker": q.speaker,
        "speaker_text": q.speaker_text,
        "role": q.role,
        "text": q.text,
        "direct": q.direct,
        "citation": _span(q.citation),
        "speaker_citation": _span(q.speaker_citation) if q.speaker_citation else None,
        "attribution": q.attribution,
        "cue": q.cue,
        "on_behalf_of": q.on_behalf_of,
        "unattributed": q.unattributed,
    }


def _entity(e: Entity) -> dict[str, Any]:
    return {
        "id": e.id,
        "name": e.name,
        "type": e.type,
        "aliases": sorted(set(e.aliases)),
        "sources": e.sources,
        "mentions": _spans(sorted(set(e.mentions))),
    }


def _quantity(q: Quantity) -> dict[str, Any]:
    return {
        "value": q.value,
        "low": q.low,
        "high": q.high,
        "qualifier": q.qualifier,
        "unit": q.unit,
        "counted": q.counted,
        "time": q.time,
        "text": q.text,
        "citation": _span(q.citation),
    }


def _timeline(t: TimelineEntry) -> dict[str, Any]:
    return {
        "date": t.date,
        "end_date": t.end_date,
        "label": t.label,
        "status": t.status,
        "inferred": t.inferred,
        "text": t.text,
        "citations": _spans(t.citations),
    }


def _time_key(t: TimeExpr) -> tuple[Span, str]:
    return t.span, t.text


def _time(t: TimeExpr) -> dict[str, Any]:
    out: dict[str, Any] = {
        "article": t.span.article,
        "start": t.span.start,
        "end": t.span.end,
        "text": t.text,
        "type": t.type,
        "value": t.value,
        "label": t.label,
    }
    if t.end_value is not None:
        out["end_value"] = t.end_value
    if t.mod is not None:
        out["mod"] = t.mod
    if t.anchor is not None:
        out["anchor"] = t.anchor
    return out


def _error(e: InputIssue) -> dict[str, Any]:
    return {"path": e.path, "error": e.error, "severity": e.severity, "skipped": e.skipped}


def _zone(z: Zone) -> dict[str, Any]:
    return {
        "article": z.span.article,
        "start": z.span.start,
        "end": z.span.end,
        "label": z.label,
        "reason": z.reason,
    }
