"""The entry point: every kind of conflict over a story's aligned claims and figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from corroborator.corpus.sources import source_key
from corroborator.model import Article, Claim, ClaimGroup, Conflict, Quantity, Quote
from corroborator.story.conflicts.attribution import (
    attribution_conflicts,
)
from corroborator.story.conflicts.dates import (
    date_conflicts,
)
from corroborator.story.conflicts.numeric import (
    numeric_conflicts,
)
from corroborator.story.conflicts.polarity import (
    polarity_conflicts,
)


def find_conflicts(
    groups: Sequence[ClaimGroup],
    claims: Sequence[Claim],
    quantities: Sequence[Quantity],
    quotes: Sequence[Quote],
    articles: Mapping[str, Article],
) -> tuple[Conflict, ...]:
    """Every disagreement between independent sources in one story."""
    del quotes  # stances are read from the claims, which keep their attribution frame
    if len({source_key(c.article, articles) for c in claims}) < 2:
        return ()  # every rule needs two independent sources (a wire story and its copies)
    found: list[Conflict] = []
    found += numeric_conflicts(groups, claims, quantities, articles)
    found += date_conflicts(groups, claims, articles)
    found += attribution_conflicts(claims, articles)
    found += polarity_conflicts(groups, claims, articles)
    return tuple(found)
