"""Shared fixtures. Tests that load the real spaCy model are marked ``slow``; quality
gates on ``../shared/data`` are marked ``gate`` and skip when ``../shared`` is absent."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from corroborator.model import Article, ArticleAnalysis, Parsed

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
    from corroborator.nlp.parse import parse_articles

    def _parse(
        text: str, article_id: str = "a1", published: str | None = None, source: str | None = None
    ) -> Parsed:
        art = Article(id=article_id, text=text, published=published, source=source)
        return next(parse_articles([art], n_process=1))

    return _parse


@pytest.fixture(scope="session")
def ecb_dev() -> tuple[list[ArticleAnalysis], dict[str, str]]:
    """ECB+ dev (../shared/data/ecbplus-dev) analyzed once for every gate that needs it:
    the articles' analyses in file order, and the gold storyline of each article id."""
    import json

    from corroborator.nlp.parse import parse_articles
    from corroborator.pipeline import analyze_article

    data = shared_path("data", "ecbplus-dev")
    arts = []
    with open(data / "ecb_dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            arts.append(Article(id=r["id"], text=r["text"], source=r.get("source"),
                                title=r.get("title"), url=r.get("url"),
                                published=r.get("published")))
    gold = json.loads((data / "ecb_dev.gold.json").read_text(encoding="utf-8"))
    return [analyze_article(p) for p in parse_articles(arts, n_process=2)], gold
