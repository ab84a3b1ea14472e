"""Independent sources: a syndicated copy counts as its original, and all articles of one
outlet count once. Claims, conflicts and the summary count sources through this module."""

from __future__ import annotations

from collections.abc import Mapping

from corroborator.model import Article, ClaimGroup


def source_key(article_id: str, articles: Mapping[str, Article]) -> str:
    """The independent source of an article: a syndicated copy counts as its original."""
    kind, name = _independent(article_id, articles)
    return f"{kind}:{name}"


def source_name(article_id: str, articles: Mapping[str, Article]) -> str:
    """The name shown for an article's independent source: its original's outlet."""
    return _independent(article_id, articles)[1]


def _independent(article_id: str, articles: Mapping[str, Article]) -> tuple[str, str]:
    art = articles.get(article_id)
    seen = {article_id}
    while art is not None and art.duplicate_of and art.duplicate_of not in seen:
        seen.add(art.duplicate_of)
        original = articles.get(art.duplicate_of)
        if original is None:
            return "article", art.duplicate_of
        art = original
    if art is None:
        return "article", article_id
    return ("source", art.source) if art.source else ("article", art.id)


def outlet(article_id: str, articles: Mapping[str, Article]) -> str:
    """The outlet name shown to readers: Article.source, or the article id."""
    art = articles.get(article_id)
    return art.source if art is not None and art.source else article_id


def independent_sources(group: ClaimGroup, articles: Mapping[str, Article]) -> int:
    """How many independent sources a group rests on."""
    return len({source_key(s.article, articles) for s in group.citations})
