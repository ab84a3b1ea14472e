"""Numbered citations, shared by the Markdown and HTML renderers.

A :class:`CitationIndex` hands out numbers in the order spans are first asked for. The
view (:mod:`corroborator.render.view`) asks in reading order, once per document, so [1]
is the first citation a reader meets and the same :class:`~corroborator.model.Span`
always gets the same number within one document.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from corroborator.model import Article, Span


@dataclass(frozen=True, slots=True)
class Citation:
    """One numbered citation: the span, the characters it covers and where they come from."""

    number: int
    span: Span
    quote: str
    outlet: str
    title: str | None


class CitationIndex:
    """Numbers spans in first-use order; the same span keeps its number."""

    def __init__(self, articles: Iterable[Article]) -> None:
        self._articles = {art.id: art for art in articles}
        self._numbers: dict[Span, int] = {}
        self._entries: list[Citation] = []

    def number(self, span: Span) -> int:
        """The number of ``span``, assigning the next free one on first use."""
        found = self._numbers.get(span)
        if found is not None:
            return found
        number = len(self._entries) + 1
        self._numbers[span] = number
        art = self._articles.get(span.article)
        quote = span.text_in(art.text) if art is not None else ""
        outlet = (art.source or art.id) if art is not None else span.article
        self._entries.append(
            Citation(number, span, quote, outlet, art.title if art is not None else None)
        )
        return number

    def numbers(self, spans: Iterable[Span]) -> tuple[int, ...]:
        """Numbers of ``spans`` in the given order, each number once."""
        seen: dict[int, None] = {}
        for span in spans:
            seen.setdefault(self.number(span), None)
        return tuple(seen)

    @property
    def entries(self) -> tuple[Citation, ...]:
        """Every citation handed out so far, by number."""
        return tuple(self._entries)

    def in_article(self, article_id: str) -> tuple[Citation, ...]:
        """The citations that point into one article, by position then number."""
        hits = [c for c in self._entries if c.span.article == article_id]
        return tuple(sorted(hits, key=lambda c: (c.span.start, -c.span.end, c.number)))
