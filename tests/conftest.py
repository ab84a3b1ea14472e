"""Shared fixtures. Tests that load the real spaCy model are marked ``slow``; quality
gates on ``../shared/data`` are marked ``gate`` and skip when ``../shared`` is absent."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from corroborator.model import Article, Parsed

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
DEMO = ROOT / "examples" / "demo-corpus"
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test when ../shared is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared not checked out beside the repo)")
    return path


@pytest.fixture(scope="session")
def parse() -> Callable[..., Parsed]:
    """Parse text with the real spaCy pipeline (loaded once per session)."""
    from corroborator.nlp import parse_articles

    def _parse(
        text: str, article_id: str = "a1", published: str | None = None, source: str | None = None
    ) -> Parsed:
        art = Article(id=article_id, text=text, published=published, source=source)
        return next(parse_articles([art], n_process=1))

    return _parse
