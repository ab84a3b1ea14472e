"""The store commands and the library functions behind them.

The NLP and per-story stages are replaced by the hand-built analyses of
``tests.test_stories`` (monkeypatched defaults), so these tests need no spaCy.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from corroborator import commands_store as cs
from corroborator import stories
from corroborator.errors import CorroboratorError, UnknownStoryError
from corroborator.model import Article, ArticleAnalysis, ClaimGroup, Parsed, Span, Story
from corroborator.store import Store
from tests.test_stories import QUAKE_A, QUAKE_B, fake_analysis

NAMES = {**QUAKE_A, **QUAKE_B}
QA = ("An earthquake of magnitude 6.4 struck Velmora in the Orsk Valley, killing 31 "
      "people. Rescue teams searched collapsed houses in Velmora. Dana Pilch, the regional "
      "governor, said shelters opened overnight.")
QB = ("An earthquake of magnitude 5.9 struck Tarnival on the Kessin Coast, killing 12 "
      "people. Rescue teams searched collapsed houses in Tarnival. Ivo Ramsk, the mayor, "
      "said shelters opened overnight.")


def record(aid: str, text: str, published: str, source: str, title: str) -> dict[str, str]:
    return {"id": aid, "text": text, "published": published, "source": source, "title": title}


def write_jsonl(path: Path, records: Iterable[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


class FakeStages:
    """Stand-ins for spaCy and the pipeline; counts how many articles were parsed."""

    def __init__(self) -> None:
        self.parsed = 0

    def parse(self, arts: Sequence[Article]) -> Iterable[Parsed]:
        self.parsed += len(arts)
        for a in arts:
            fake = fake_analysis(a.id, a.text, names=NAMES)
            yield replace(fake.parsed, article=a)

    @staticmethod
    def analyse(parsed: Parsed) -> ArticleAnalysis:
        fake = fake_analysis(parsed.article.id, parsed.article.text, names=NAMES)
        return replace(fake, parsed=parsed)

    @staticmethod
    def analyse_story(sid: str, members: Sequence[ArticleAnalysis]
                      ) -> tuple[Story, tuple[ArticleAnalysis, ...]]:
        groups = [ClaimGroup(f"g-{m.article.id}", f"claim of {m.article.id}", "single_source",
                             (m.article.source or "",), (Span(m.article.id, 0, 5),))
                  for m in members]
        story = stories.make_story(sid, [m.article for m in members], entities=[],
                                   timeline=[], quotes=[], quantities=[], claims=groups,
                                   conflicts=[], summary=[])
        return story, tuple(members)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeStages:
    stages = FakeStages()
    monkeypatch.setattr(cs, "default_parse", stages.parse)
    monkeypatch.setattr(cs, "default_analyse", stages.analyse)
    monkeypatch.setattr(cs, "default_analyse_story", stages.analyse_story)
    return stages


class Clock:
    def __init__(self) -> None:
        self.now = "2026-01-01T00:00:00"

    def __call__(self) -> str:
        return self.now


@pytest.fixture
def db() -> Iterator[Store]:
    with Store(":memory:", clock=Clock()) as s:
        yield s


def first_batch(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "day1.jsonl", [
        record("a1", QA, "2024-05-01", "north.example", "Quake kills 31 in Velmora"),
        record("a2", QA.replace("overnight", "at dusk") + " More later.", "2024-05-01",
               "south.example", "Velmora quake: 31 dead"),
        record("b1", QB, "2024-11-03", "north.example", "Tarnival quake kills 12"),
    ])


def test_ingest_is_idempotent_and_parses_only_new_articles(
        db: Store, fake: FakeStages, tmp_path: Path) -> None:
    report = cs.ingest(db, [first_batch(tmp_path)])
    assert [p.article.id for p in report.placed] == ["a1", "a2", "b1"]
    assert len(report.new_stories) == 2 and report.already_stored == 0
    assert fake.parsed == 3
    again = cs.ingest(db, [first_batch(tmp_path)])
    assert again.placed == () and again.already_stored == 3
    assert fake.parsed == 3  # nothing re-parsed
    assert db.count_articles() == 3
    assert "0 new articles, 0 new stories, 3 already stored" in again.lines()[-1]


def test_ingest_flags_syndicated_copies(db: Store, fake: FakeStages, tmp_path: Path) -> None:
    cs.ingest(db, [first_batch(tmp_path)])
    copy = write_jsonl(tmp_path / "copy.jsonl", [
        record("c1", "Wire report. " + QB, "2024-11-04", "east.example", "Quake in Tarnival")])
    report = cs.ingest(db, [copy])
    (placed,) = report.placed
    assert placed.article.duplicate_of == "b1"
    assert db.article("c1").duplicate_of == "b1"
    assert placed.story_id == db.resolve_story(report.placed[0].story_id)
    assert "copy of b1" in report.lines()[0]


def test_ingest_reports_unreadable_inputs(db: Store, fake: FakeStages, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    report = cs.ingest(db, [bad])
    assert report.placed == () and len(report.errors) == 1


def test_list_and_show_a_story(db: Store, fake: FakeStages, tmp_path: Path) -> None:
    cs.ingest(db, [first_batch(tmp_path)])
    rows = cs.list_stories(db)
    lines = cs.story_lines(rows)
    quake = next(r for r in rows if r.size == 2)
    assert any(quake.id in line and "2024-05-01..2024-05-01" in line for line in lines)
    text = cs.show_story(db, quake.id, "json")
    data = json.loads(text)
    assert [s["id"] for s in data["stories"]] == [quake.id]
    assert sorted(a["id"] for a in data["articles"]) == ["a1", "a2"]
    assert "changes" not in data
    assert db.last_view(quake.id) is not None
    md = cs.show_story(db, quake.id, "md")
    assert "Velmora" in md
    with pytest.raises(UnknownStoryError):
        cs.show_story(db, "s-000000000000", "md")
    with pytest.raises(CorroboratorError):
        cs.show_story(db, quake.id, "pdf")


def test_changes_since_a_date_and_since_last_view(db: Store, fake: FakeStages,
                                                  tmp_path: Path) -> None:
    clock = db.clock
    assert isinstance(clock, Clock)
    cs.ingest(db, [first_batch(tmp_path)])
    quake = next(r for r in cs.list_stories(db) if r.size == 2).id
    clock.now = "2026-01-02T00:00:00"
    cs.show_story(db, quake, "md")  # viewed on day 2
    clock.now = "2026-01-03T00:00:00"
    later = write_jsonl(tmp_path / "day3.jsonl", [record(
        "a3", QA.replace("31", "33") + " The toll rose.", "2024-05-02", "west.example",
        "Velmora toll rises to 33")])
    cs.ingest(db, [later])
    _, changes = cs.story_brief(db, quake, changes_since="2026-01-02")
    assert changes is not None
    assert changes.articles == ("a3",)
    assert changes.claims == ("claim of a3",)
    md = cs.show_story(db, quake, "md", since_last_view=True)
    assert "What is new since 2026-01-03" in md or "What is new since 2026-01-02" in md
    data = json.loads(cs.show_story(db, quake, "json", changes_since="2026-01-01"))
    assert sorted(data["changes"]["articles"]) == ["a1", "a2", "a3"]
    html = cs.show_story(db, quake, "html", changes_since="2026-01-02")
    assert "What is new since 2026-01-02" in html and html.rstrip().endswith("</html>")


def test_cli_commands(fake: FakeStages, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    runner = CliRunner()
    batch = first_batch(tmp_path)
    res = runner.invoke(cs.ingest_cmd, [str(batch), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "3 new articles, 2 new stories" in res.output
    res = runner.invoke(cs.ingest_cmd, [str(batch), "--db", str(db), "-q"])
    assert res.output.strip().startswith("0 new articles")
    res = runner.invoke(cs.stories_cmd, ["--db", str(db)])
    assert res.exit_code == 0 and len(res.output.strip().splitlines()) == 2
    sid = res.output.split()[0]
    res = runner.invoke(cs.stories_cmd, ["--db", str(db), "--since", "2024-06-01"])
    assert len(res.output.strip().splitlines()) == 1
    res = runner.invoke(cs.show_cmd, [sid, "--db", str(db), "--format", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["stories"][0]["id"] == sid
    res = runner.invoke(cs.show_cmd, ["s-nope", "--db", str(db)])
    assert res.exit_code != 0 and "no story" in res.output
    for cmd in (cs.ingest_cmd, cs.stories_cmd, cs.show_cmd):
        assert cmd.help


@pytest.mark.slow
def test_real_pipeline_ingest_and_show(tmp_path: Path) -> None:
    batch = write_jsonl(tmp_path / "real.jsonl", [
        record("r1", "A fire destroyed the Calloway Mill warehouse in Dunmere on Monday, fire "
               "chief Petra Okonjo said. Forty firefighters fought the blaze for six hours.",
               "2024-02-05", "north.example", "Fire destroys Dunmere warehouse"),
        record("r2", "Fire chief Petra Okonjo said the Calloway Mill warehouse fire in Dunmere "
               "burned for six hours before forty firefighters put it out.",
               "2024-02-06", "south.example", "Dunmere mill fire burned six hours"),
    ])
    with Store(tmp_path / "real.db") as db:
        report = cs.ingest(db, [batch])
        assert len(report.new_stories) == 1
        sid = report.new_stories[0]
        md = cs.show_story(db, sid, "md")
        assert "Dunmere" in md
        data = json.loads(cs.show_story(db, sid, "json"))
        assert sorted(data["stories"][0]["article_ids"]) == ["r1", "r2"]
