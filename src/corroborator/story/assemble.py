"""The :class:`~corroborator.model.Story` value, built once a story's sections are known,
and its title.
"""

from __future__ import annotations

from collections.abc import Sequence

from corroborator.corpus.features import (
    _SPACES,
    _WORD,
)
from corroborator.lexicon.stopwords import STORY_STOPWORDS
from corroborator.model import (
    Article,
    ClaimGroup,
    Conflict,
    Entity,
    Quantity,
    Quote,
    Story,
    SummaryItem,
    TimelineEntry,
)


def make_story(
    story_id: str,
    articles: Sequence[Article],
    *,
    entities: Sequence[Entity],
    timeline: Sequence[TimelineEntry],
    quotes: Sequence[Quote],
    quantities: Sequence[Quantity],
    claims: Sequence[ClaimGroup],
    conflicts: Sequence[Conflict],
    summary: Sequence[SummaryItem],
    merged_from: Sequence[str] = (),
) -> Story:
    """Assemble a :class:`Story`: title, date span, sources, coverage and sections."""
    source_of = {a.id: a.source for a in articles}
    sources = tuple(sorted({a.source for a in articles if a.source}))
    dates = sorted(d[:10] for d in (a.published for a in articles) if d)
    coverage: dict[str, list[str]] = {}
    for group in claims:
        cited = {source_of.get(c.article) for c in group.citations}
        for src in sorted(s for s in cited if s):
            ids = coverage.setdefault(src, [])
            if group.id not in ids:
                ids.append(group.id)
    return Story(
        id=story_id,
        title=story_title(articles, entities),
        article_ids=tuple(a.id for a in articles),
        entities=tuple(entities),
        timeline=tuple(timeline),
        quotes=tuple(quotes),
        quantities=tuple(quantities),
        claims=tuple(claims),
        conflicts=tuple(conflicts),
        summary=tuple(summary),
        coverage=tuple((s, tuple(ids)) for s, ids in sorted(coverage.items())),
        sources=sources,
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
        merged_from=tuple(merged_from),
    )


#: A generated title is cut to this many characters (a headline, not a lede).
TITLE_MAX_CHARS = 120


def story_title(articles: Sequence[Article], entities: Sequence[Entity] = ()) -> str:
    """The most central headline; without titles, the first sentence or top entities.

    Central = the title sharing the most words with the other titles (ties: earliest).
    """
    titles = [a.title.strip() for a in articles if a.title and a.title.strip()]
    if titles:
        bags = [set(_WORD.findall(t.lower())) - STORY_STOPWORDS for t in titles]
        def centrality(i: int) -> float:
            return sum(len(bags[i] & b) / (len(bags[i] | b) or 1)
                       for j, b in enumerate(bags) if j != i)
        best = max(range(len(titles)), key=lambda i: (centrality(i), -i))
        return _clip(titles[best])
    top = sorted(entities, key=lambda e: (-e.sources, -len(e.mentions), e.name))[:3]
    if top:
        return _clip(", ".join(e.name for e in top))
    for art in articles:
        first = art.text.strip().split("\n", 1)[0].strip()
        if first:
            return _clip(first)
    return "Untitled story"


def _clip(text: str) -> str:
    text = _SPACES.sub(" ", text).strip()
    if len(text) <= TITLE_MAX_CHARS:
        return text
    cut = text[: TITLE_MAX_CHARS - 1].rsplit(" ", 1)[0]
    return cut + "…"
