"""The brief's bullet points: what is established, what is disputed, what one outlet adds.

:func:`summarize` writes up to :data:`MAX_BULLETS` cited bullets for one story:

1. ``corroborated``: the facts carried by the most independent sources first;
2. ``disputed``: one bullet per conflict ("Outlets disagree on ...: A says ...; B says ...",
   "Outlets give different dates for ...", "Outlets contradict each other: ...");
3. ``unique``: for each outlet, the first thing only it reports ("Only X reports ...").

Each kind has a share of the budget; a share another kind does not use passes on, so a
small story gets fewer bullets and a story without conflicts more corroborated ones.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from corroborator.corpus.sources import independent_sources, outlet, source_name
from corroborator.model import Article, ClaimGroup, Conflict, Position, Span, SummaryItem

#: At most this many bullets per story (the issue asks for 5-10).
MAX_BULLETS = 8

#: Budget per kind before unused places pass on: corroborated, disputed, unique.
#: Chosen so a story with several disputes still shows its core facts first.
SHARE_CORROBORATED = 3
SHARE_DISPUTED = 3
SHARE_UNIQUE = 2

#: A bullet quotes at most this many characters of a claim.
MAX_QUOTE_CHARS = 220


def summarize(
    groups: Sequence[ClaimGroup], conflicts: Sequence[Conflict], articles: Mapping[str, Article]
) -> tuple[SummaryItem, ...]:
    """Cited bullets for one story: corroborated facts, disputes, then unique reports."""
    order = {aid: n for n, aid in enumerate(articles)}

    def position(g: ClaimGroup) -> tuple[int, int]:
        first = min(g.citations, key=lambda s: (order.get(s.article, len(order)), s.start))
        return order.get(first.article, len(order)), first.start

    corroborated = sorted(
        (g for g in groups if g.status == "corroborated"),
        key=lambda g: (-len(g.corroborated_by), position(g)),
    )
    agreed = [_agreed(g, articles) for g in corroborated]
    disputed = [_disputed(c) for c in conflicts]
    cited = [span for c in conflicts for pos in c.positions for span in pos.citations]
    unique = _unique([g for g in groups if not _touches(g, cited)], articles, position)

    take = {"c": SHARE_CORROBORATED, "d": SHARE_DISPUTED, "u": SHARE_UNIQUE}
    pools = {"c": agreed, "d": disputed, "u": unique}
    spare = sum(max(0, take[k] - len(pools[k])) for k in take)
    for k in ("c", "d", "u"):
        extra = min(spare, max(0, len(pools[k]) - take[k]))
        take[k] += extra
        spare -= extra
    items = pools["c"][: take["c"]] + pools["d"][: take["d"]] + pools["u"][: take["u"]]
    return tuple(items[:MAX_BULLETS])


def _agreed(g: ClaimGroup, articles: Mapping[str, Article]) -> SummaryItem:
    """A corroborated fact, naming the sources that agree on it and their copies."""
    copies: list[str] = []
    for span in g.citations:
        name = outlet(span.article, articles)
        if (source_name(span.article, articles) in g.corroborated_by
                and name not in g.corroborated_by and name not in copies):
            copies.append(name)
    also = f"; also carried by {_names(copies)}" if copies else ""
    n = len(g.corroborated_by)
    return SummaryItem(
        text=f"{_sentence(g.text)} ({n} independent sources: {_names(list(g.corroborated_by))}"
             f"{also})",
        citations=g.citations,
        kind="corroborated",
    )


def _disputed(c: Conflict) -> SummaryItem:
    sides = "; ".join(_side(p, c.kind) for p in c.positions)
    if c.kind == "date":
        text = f"Outlets give different dates for “{_clip(c.about)}”: {sides}."
    elif c.kind == "other":
        text = f"Outlets contradict each other: {sides}."
    else:
        text = f"Outlets disagree on {c.about}: {sides}."
    if c.kind == "numeric" and c.note:
        text += f" ({c.note})"
    citations: list[Span] = []
    for p in c.positions:
        citations.extend(s for s in p.citations if s not in citations)
    return SummaryItem(text=text, citations=tuple(citations), kind="disputed")


def _side(p: Position, kind: str) -> str:
    who = _names(p.sources) if p.sources else "one outlet"
    verb = "says" if len(p.sources) <= 1 else "say"
    if kind in ("numeric", "date"):
        return f"{who} {verb} {p.value}"
    if kind == "attribution":
        return f"{who}: {p.value}"
    return f"{who}: “{_clip(p.value)}”"


def _touches(g: ClaimGroup, spans: Sequence[Span]) -> bool:
    """Whether a group cites text a conflict cites (it is told in the dispute bullet)."""
    return any(
        a.article == b.article and a.start < b.end and b.start < a.end
        for a in g.citations
        for b in spans
    )


def _unique(
    groups: Sequence[ClaimGroup],
    articles: Mapping[str, Article],
    position: Callable[[ClaimGroup], tuple[int, int]],
) -> list[SummaryItem]:
    """The earliest single-source claim of each outlet, outlets in article order.

    A single-source group that other outlets also report, with other figures (a revised
    measurement), is not unique to one outlet and gets no bullet.
    """
    by_outlet: dict[str, ClaimGroup] = {}
    alone = (
        g for g in groups if g.status == "single_source" and independent_sources(g, articles) == 1
    )
    for g in sorted(alone, key=position):
        lead = g.sources[0] if g.sources else g.citations[0].article
        by_outlet.setdefault(lead, g)
    out: list[SummaryItem] = []
    for name, g in by_outlet.items():
        copies = [s for s in g.sources if s != name]
        also = f" (also carried by {_names(copies)})" if copies else ""
        out.append(
            SummaryItem(
                text=f"Only {name}{also} reports: {_sentence(g.text)}",
                citations=g.citations,
                kind="unique",
            )
        )
    return out


def _names(names: Sequence[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _clip(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= MAX_QUOTE_CHARS:
        return text
    cut = text[:MAX_QUOTE_CHARS].rsplit(" ", 1)[0]
    return cut + " …"


def _sentence(text: str) -> str:
    text = _clip(text)
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    if text and text[-1] not in '.!?…”"':
        text += "."
    return text


__all__ = ["MAX_BULLETS", "summarize"]
