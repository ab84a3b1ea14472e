"""The store commands and the library functions behind them.

The NLP and per-story stages are replaced by the hand-built analyses of
``tests.corpus.test_stories`` (monkeypatched defaults), so these tests need no spaCy.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from corroborator import model
from corroborator.app import dates, listing, show
from corroborator.app import ingest as app_ingest
from corroborator.cli import store as cs
from corroborator.errors import CorroboratorError, UnknownStoryError
from corroborator.model import (
    Article,
    ArticleAnalysis,
    ClaimGroup,
    Parsed,
    Span,
    Story,
    TimeExpr,
)
from corroborator.store.database import Store
from corroborator.story import assemble
from tests.corpus.test_stories import QUAKE_A, QUAKE_B, fake_analysis

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
    def analyze(parsed: Parsed) -> ArticleAnalysis:
        fake = fake_analysis(parsed.article.id, parsed.article.text, names=NAMES)
        return replace(fake, parsed=parsed)

    @staticmethod
    def analyze_story(sid: str, members: Sequence[ArticleAnalysis]
                      ) -> tuple[Story, tuple[ArticleAnalysis, ...]]:
        groups = [ClaimGroup(f"g-{m.article.id}", f"claim of {m.article.id}", "single_source",
                             (m.article.source or "",), (Span(m.article.id, 0, 5),))
                  for m in members]
        story = assemble.make_story(sid, [m.article for m in members], entities=[],
                                   timeline=[], quotes=[], quantities=[], claims=groups,
                                   conflicts=[], summary=[])
        return story, tuple(members)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeStages:
    stages = FakeStages()
    monkeypatch.setattr(app_ingest, "default_parse", stages.parse)
    monkeypatch.setattr(app_ingest, "default_analyze", stages.analyze)
    monkeypatch.setattr(show, "default_analyze_story", stages.analyze_story)
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
    report = app_ingest.ingest(db, [first_batch(tmp_path)])
    assert [p.article.id for p in report.placed] == ["a1", "a2", "b1"]
    assert len(report.new_stories) == 2 and report.already_stored == 0
    assert fake.parsed == 3
    again = app_ingest.ingest(db, [first_batch(tmp_path)])
    assert again.placed == () and again.already_stored == 3
    assert fake.parsed == 3  # nothing re-parsed
    assert db.count_articles() == 3
    assert again.lines()[-1] == "0 new articles, 0 new stories, 3 already stored"


def test_ingest_flags_syndicated_copies(db: Store, fake: FakeStages, tmp_path: Path) -> None:
    app_ingest.ingest(db, [first_batch(tmp_path)])
    copy = write_jsonl(tmp_path / "copy.jsonl", [
        record("c1", "Wire report. " + QB, "2024-11-04", "east.example", "Quake in Tarnival")])
    report = app_ingest.ingest(db, [copy])
    (placed,) = report.placed
    assert placed.article.duplicate_of == "b1"
    assert db.article("c1").duplicate_of == "b1"
    assert placed.story_id == db.resolve_story(report.placed[0].story_id)
    assert "copy of b1" in report.lines()[0]


def test_ingest_reports_unreadable_inputs(db: Store, fake: FakeStages, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    report = app_ingest.ingest(db, [bad])
    assert report.placed == () and len(report.errors) == 1


def test_show_renders_any_registered_format(db: Store, fake: FakeStages, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A format registered with the render registry works for ``show`` as for ``brief``,
    changes included (they are part of the Brief the renderer gets)."""
    from corroborator import render

    monkeypatch.setattr(render, "_FORMATS", dict(render._FORMATS))
    render.register("ids", lambda b: " ".join(a.id for a in b.articles) + (
        f" new:{','.join(b.changes.articles)}" if b.changes else ""), suffixes=(".ids",))
    app_ingest.ingest(db, [first_batch(tmp_path)])
    quake = next(r for r in listing.list_stories(db) if r.size == 2)
    assert show.show_story(db, quake.id, "ids") == "a1 a2"
    assert show.show_story(db, quake.id, "ids", changes_since="2000-01-01") == "a1 a2 new:a1,a2"


def test_list_and_show_a_story(db: Store, fake: FakeStages, tmp_path: Path) -> None:
    app_ingest.ingest(db, [first_batch(tmp_path)])
    rows = listing.list_stories(db)
    lines = cs.story_lines(rows)
    quake = next(r for r in rows if r.size == 2)
    assert any(quake.id in line and "2024-05-01..2024-05-01" in line for line in lines)
    text = show.show_story(db, quake.id, "json")
    data = json.loads(text)
    assert [s["id"] for s in data["stories"]] == [quake.id]
    assert sorted(a["id"] for a in data["articles"]) == ["a1", "a2"]
    assert "changes" not in data
    assert db.last_view(quake.id) is not None
    md = show.show_story(db, quake.id, "md")
    assert "Velmora" in md
    with pytest.raises(UnknownStoryError):
        show.show_story(db, "s-000000000000", "md")
    with pytest.raises(CorroboratorError):
        show.show_story(db, quake.id, "pdf")


def test_changes_since_a_date_and_since_last_view(db: Store, fake: FakeStages,
                                                  tmp_path: Path) -> None:
    clock = db.clock
    assert isinstance(clock, Clock)
    app_ingest.ingest(db, [first_batch(tmp_path)])
    quake = next(r for r in listing.list_stories(db) if r.size == 2).id
    clock.now = "2026-01-02T00:00:00"
    show.show_story(db, quake, "md")  # viewed on day 2
    clock.now = "2026-01-03T00:00:00"
    later = write_jsonl(tmp_path / "day3.jsonl", [record(
        "a3", QA.replace("31", "33") + " The toll rose.", "2024-05-02", "west.example",
        "Velmora toll rises to 33")])
    app_ingest.ingest(db, [later])
    _, changes = show.story_brief(db, quake, changes_since="2026-01-02")
    assert changes is not None
    assert changes.articles == ("a3",)
    assert changes.claims == ("claim of a3",)
    md = show.show_story(db, quake, "md", since_last_view=True)
    assert "What is new since 2026-01-03" in md or "What is new since 2026-01-02" in md
    data = json.loads(show.show_story(db, quake, "json", changes_since="2026-01-01"))
    assert sorted(data["changes"]["articles"]) == ["a1", "a2", "a3"]
    html = show.show_story(db, quake, "html", changes_since="2026-01-02")
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
    header, *lines = res.output.strip().splitlines()
    assert res.exit_code == 0 and header.split() == [
        "STORY", "ARTICLES", "EVENTS", "SOURCES", "DATES", "TITLE"] and len(lines) == 2
    # latest news first; columns line up under the header
    assert [line.split()[4] for line in lines] == ["2024-11-03..2024-11-03",
                                                    "2024-05-01..2024-05-01"]
    assert {line.index(line.split()[4]) for line in lines} == {header.index("DATES")}
    sid = lines[1].split()[0]
    res = runner.invoke(cs.stories_cmd, ["--db", str(db), "--since", "2024-06-01"])
    assert len(res.output.strip().splitlines()) == 2
    res = runner.invoke(cs.stories_cmd, ["--db", str(db), "--search", "VELMORA"])
    assert [line.split()[0] for line in res.output.strip().splitlines()[1:]] == [sid]
    res = runner.invoke(cs.stories_cmd, ["--db", str(db), "--sort", "size", "--limit", "1"])
    (row,) = res.output.strip().splitlines()[1:]
    assert row.split()[0] == sid and row.endswith("(north.example, south.example)")
    res = runner.invoke(cs.stories_cmd, ["--db", str(db), "--search", "no such thing"])
    assert res.exit_code == 0 and res.stdout == "" and "no stories match" in res.output
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
        report = app_ingest.ingest(db, [batch])
        assert len(report.new_stories) == 1
        sid = report.new_stories[0]
        md = show.show_story(db, sid, "md")
        assert "Dunmere" in md
        data = json.loads(show.show_story(db, sid, "json"))
        assert sorted(data["stories"][0]["article_ids"]) == ["r1", "r2"]


# --------------------------------------------------------------------------- audit fixes


def test_a_different_article_under_a_stored_id_is_an_error_entry(
        db: Store, fake: FakeStages, tmp_path: Path) -> None:
    run1 = write_jsonl(tmp_path / "run1.jsonl", [
        record("k1", QA, "2024-05-01", "north.example", "Quake kills 31 in Velmora")])
    run2 = write_jsonl(tmp_path / "run2.jsonl", [
        record("k1", QB, "2024-11-03", "south.example", "Tarnival quake kills 12")])
    app_ingest.ingest(db, [run1])
    report = app_ingest.ingest(db, [run2])
    assert report.placed == () and report.already_stored == 0
    (err,) = report.errors
    assert err.path == f"{run2}:1"
    assert "id clash" in err.error and "'k1'" in err.error and str(run1) in err.error
    assert db.article("k1").source == "north.example"  # the stored article is kept
    assert "1 input skipped (1 id clash)" in report.lines()[-1]
    assert report.error_lines() == [f"skipped: {err.path}: {err.error}"]
    # the same article again (even re-wrapped) is still a silent no-op
    again = write_jsonl(tmp_path / "again.jsonl", [
        record("k1", QA.replace(". ", ".\n"), "2024-05-01", "north.example", "x")])
    for batch in (run1, again):
        same = app_ingest.ingest(db, [batch])
        assert same.errors == () and same.already_stored == 1
        assert same.lines()[-1] == "0 new articles, 0 new stories, 1 already stored"


def test_ingest_counts_skipped_and_flagged_inputs_apart(
        db: Store, fake: FakeStages, tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "latin.txt").write_bytes(
        ("Le café de Montréal a rouvert après des années de fermeture, déclare "
         "le maire Élodie Varnier.\n").encode("cp1252"))
    (corpus / "empty.txt").write_text("")
    report = app_ingest.ingest(db, [corpus])
    assert len(report.placed) == 1 and db.count_articles() == 1  # the latin-1 file is stored
    assert [e.path for e in report.skipped] == [str(corpus / "empty.txt")]
    assert [e.path for e in report.flagged] == [str(corpus / "latin.txt")]
    total = report.lines()[-1]
    assert "1 input skipped (1 empty file)" in total
    assert "1 input flagged but processed (1 not UTF-8)" in total


def test_cli_ingest_names_each_error_on_stderr(fake: FakeStages, tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "empty.txt").write_text("")
    write_jsonl(corpus / "ok.jsonl", [record("a1", QA, "2024-05-01", "n.example", "t")])
    res = CliRunner().invoke(cs.ingest_cmd, [str(corpus), "--db", str(tmp_path / "s.db"), "-q"])
    assert res.exit_code == 0, res.output
    assert res.stdout.strip() == ("1 new articles, 1 new stories, 0 already stored; "
                                  "1 input skipped (1 empty file)")
    assert res.stderr.strip() == f"skipped: {corpus / 'empty.txt'}: empty file"


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_ingest_draws_a_progress_bar_unless_quiet(
        db: Store, fake: FakeStages, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    batch = write_jsonl(tmp_path / "many.jsonl", [
        record(f"m{i}", QA + f" Update {i}.", "2024-05-01", "n.example", "t") for i in range(8)])
    err = _Tty()
    monkeypatch.setattr(sys, "stderr", err)
    app_ingest.ingest(db, [batch], quiet=True)
    assert err.getvalue() == ""
    with Store(":memory:") as other:
        app_ingest.ingest(other, [batch], quiet=False)
    assert "analyzing" in err.getvalue()


def test_only_ingest_creates_a_store(fake: FakeStages, tmp_path: Path) -> None:
    runner = CliRunner()
    missing = tmp_path / "missing.db"
    for args in (["--db", str(missing)], ["--db", str(missing), "--since", "2024-01-01"]):
        res = runner.invoke(cs.stories_cmd, args)
        assert res.exit_code == 1 and f"no such store: {missing}" in res.output
    res = runner.invoke(cs.show_cmd, ["s-x", "--db", str(missing)])
    assert res.exit_code == 1 and f"no such store: {missing}" in res.output
    assert not missing.exists()
    res = runner.invoke(cs.ingest_cmd, [str(first_batch(tmp_path)), "--db", str(missing)])
    assert res.exit_code == 0 and missing.exists()


@pytest.mark.parametrize("bad", ["nonsense", "2026-13-45", "2026-02-30", ""])
def test_bad_dates_are_usage_errors(fake: FakeStages, tmp_path: Path, bad: str) -> None:
    db = tmp_path / "s.db"
    runner = CliRunner()
    runner.invoke(cs.ingest_cmd, [str(first_batch(tmp_path)), "--db", str(db)])
    res = runner.invoke(cs.stories_cmd, ["--db", str(db), "--since", bad])
    assert res.exit_code == 2 and "Invalid value for '--since'" in res.output
    assert f"not a date: {bad!r}" in res.output
    res = runner.invoke(cs.show_cmd, ["s-x", "--db", str(db), "--changes-since", bad])
    assert res.exit_code == 2 and "Invalid value for '--changes-since'" in res.output
    assert "not a date or date-time" in res.output


def test_date_parsing_in_the_library() -> None:
    assert dates.parse_date("2026-03-15").isoformat() == "2026-03-15"
    with pytest.raises(CorroboratorError, match=r"month must be in 1\.\.12"):
        dates.parse_date("2026-13-45")
    assert dates.parse_moment("2026-03-15") == "2026-03-15"
    assert dates.parse_moment("2026-03-15T10:30:00+02:00") == "2026-03-15T08:30:00+00:00"
    assert dates.parse_moment("2026-03-15T08:30Z") == "2026-03-15T08:30:00+00:00"
    with pytest.raises(CorroboratorError, match="not a date or date-time"):
        dates.parse_moment("garbage")


def test_library_rejects_bad_dates_too(db: Store, fake: FakeStages, tmp_path: Path) -> None:
    app_ingest.ingest(db, [first_batch(tmp_path)])
    with pytest.raises(CorroboratorError, match="not a date"):
        listing.list_stories(db, "nonsense")
    sid = listing.list_stories(db)[0].id
    with pytest.raises(CorroboratorError, match="not a date or date-time"):
        show.story_brief(db, sid, changes_since="garbage")


def _analyze_with_a_date(parsed: Parsed) -> ArticleAnalysis:
    """FakeStages.analyze, plus a resolved absolute date where the text names one."""
    analysis = FakeStages.analyze(parsed)
    text = parsed.article.text
    at = text.find("2024-05-06")
    if at < 0:
        return analysis
    span = Span(parsed.article.id, at, at + 10)
    return replace(analysis, times=(TimeExpr(span, "2024-05-06", "DATE", "2024-05-06"),))


def test_story_list_spans_inferred_dates_as_show_does(
        db: Store, fake: FakeStages, tmp_path: Path) -> None:
    from corroborator.pipeline import analyze_story

    undated = {"id": "u1", "source": "west.example", "title": "Velmora rebuilds",
               "text": QA + " Rebuilding began after the 2024-05-06 inspection."}
    app_ingest.ingest(db, [write_jsonl(tmp_path / "d.jsonl", [
        record("a1", QA, "2024-05-01", "north.example", "Quake kills 31 in Velmora"),
        record("a2", QA + " More later.", "2024-05-02", "south.example", "Velmora quake"),
        undated])], analyze=_analyze_with_a_date)
    (row,) = [r for r in listing.list_stories(db) if r.size == 3]
    assert row.undated == 1
    brief, _ = show.story_brief(db, row.id, analyze_story=analyze_story)
    story = brief.stories[0]
    assert story.last_date is not None and story.last_date >= "2024-05-06"
    assert (row.first_date, row.last_date) == (story.first_date, story.last_date)
    assert f"{story.first_date}..{story.last_date}" in cs.story_lines([row])[1]
    assert [r.id for r in listing.list_stories(db, since=story.last_date)] == [row.id]


def test_sources_with_commas_stay_whole(db: Store, fake: FakeStages, tmp_path: Path) -> None:
    app_ingest.ingest(db, [write_jsonl(tmp_path / "c.jsonl", [
        record("a1", QA, "2024-05-01", "Smith, Jones & Co", "Quake kills 31 in Velmora"),
        record("a2", QA + " More.", "2024-05-01", "Post", "Velmora quake: 31 dead")])])
    (row,) = listing.list_stories(db)
    assert row.sources == ("Post", "Smith, Jones & Co")


@pytest.mark.slow
def test_demo_ingested_one_at_a_time_gives_the_batch_stories(tmp_path: Path) -> None:
    from corroborator import analyze
    from tests.conftest import DEMO

    with Store(tmp_path / "demo.db") as db:
        report = app_ingest.ingest(db, [DEMO])
        stored = sorted(sorted(db.members(row.id)) for row in db.list_stories())
    batch = sorted(sorted(s.article_ids) for s in analyze([DEMO]).stories)
    assert stored == batch
    total = report.lines()[-1]
    merges = sum(len(p.merged) for p in report.placed)
    assert total.startswith(f"8 new articles, {len(batch) + merges} new stories")
    if merges:
        assert f"({merges} merged into another)" in total


def test_ingest_report_lists_moves_under_the_article_that_caused_them() -> None:
    art = Article("a3", "Velmora quake toll rises", title="Velmora toll rises")
    report = app_ingest.IngestReport(
        placed=(app_ingest.Placed(art, "s-1", False, moved=(("a2", "s-2", "s-1"),)),),
        already_stored=0,
    )
    lines = report.lines()
    assert lines[:2] == ["+ a3  joins s-1  Velmora toll rises", "  ~ a2  moves from s-2 to s-1"]
    assert lines[-1] == ("1 new articles, 0 new stories, 1 earlier articles moved to another "
                         "story, 0 already stored")


# --------------------------------------------------------------------------- events


def two_events(tmp_path: Path) -> Path:
    """One quake storyline: the quake (two reports) and, two months on, the rebuilding."""
    return write_jsonl(tmp_path / "quake.jsonl", [
        record("a1", QA, "2024-05-01", "north.example", "Quake kills 31 in Velmora"),
        record("a2", QA + " More later.", "2024-05-02", "south.example",
               "Velmora quake: 31 dead"),
        record("a3", QA + " Rebuilding began.", "2024-07-10", "north.example",
               "Velmora rebuilds after quake"),
    ])


def test_ingest_reports_the_event_each_article_went_to(
        db: Store, fake: FakeStages, tmp_path: Path) -> None:
    report = app_ingest.ingest(db, [two_events(tmp_path)])
    first, second, third = report.placed
    assert first.new_event and not second.new_event and third.new_event
    assert first.event_id == second.event_id != third.event_id
    lines = report.lines()
    assert lines[0].endswith(f"new event {first.event_id}  Quake kills 31 in Velmora")
    assert f", event {first.event_id}  Velmora quake" in lines[1]
    assert db.event_counts() == {first.story_id: 2}


def test_ingest_report_lists_event_moves_and_merges() -> None:
    art = Article("a3", "Velmora quake toll rises", title="Velmora toll rises")
    report = app_ingest.IngestReport(placed=(app_ingest.Placed(
        art, "s-1", False, event_id="e-1", event_moves=(("a2", "e-2", "e-1"),),
        event_merges=(("e-3", "e-1"),)),), already_stored=0)
    assert report.lines()[:3] == [
        "+ a3  joins s-1, event e-1  Velmora toll rises",
        "  ~ a2  moves from event e-2 to e-1",
        "  = event e-3 merged into e-1",
    ]


def test_stories_list_event_counts_and_show_one_event(fake: FakeStages, tmp_path: Path
                                                      ) -> None:
    db = tmp_path / "news.db"
    runner = CliRunner()
    assert runner.invoke(cs.ingest_cmd, [str(two_events(tmp_path)), "--db", str(db)]
                         ).exit_code == 0
    res = runner.invoke(cs.stories_cmd, ["--db", str(db)])
    (line,) = res.output.strip().splitlines()[1:]
    assert line.split()[1:5] == ["3", "2", "2", "2024-05-01..2024-07-10"]
    sid = line.split()[0]
    res = runner.invoke(cs.show_cmd, [sid, "--db", str(db), "--format", "json"])
    story = json.loads(res.output)["stories"][0]
    assert [e["article_ids"] for e in story["events"]] == [["a1", "a2"], ["a3"]]
    late = story["events"][1]["id"]
    res = runner.invoke(cs.show_cmd, [sid, "--db", str(db), "--format", "json",
                                      "--event", late])
    assert res.exit_code == 0, res.output
    one = json.loads(res.output)
    assert [a["id"] for a in one["articles"]] == ["a3"]
    (narrowed,) = one["stories"]
    assert narrowed["article_ids"] == ["a3"] and narrowed["title"] == "Velmora rebuilds after quake"
    assert [c["id"] for c in narrowed["claims"]] == ["g-a3"]
    assert [e["id"] for e in narrowed["events"]] == [late]
    res = runner.invoke(cs.show_cmd, [sid, "--db", str(db), "--event", late])
    assert res.exit_code == 0 and "### Events" in res.output and late in res.output
    res = runner.invoke(cs.show_cmd, [sid, "--db", str(db), "--event", "e-nope"])
    assert res.exit_code != 0 and "no event 'e-nope'" in res.output


def test_show_event_of_another_story_is_an_error(db: Store, fake: FakeStages,
                                                  tmp_path: Path) -> None:
    app_ingest.ingest(db, [first_batch(tmp_path)])
    quake, tarnival = (r.id for r in sorted(db.list_stories(), key=lambda r: r.first_date or ""))
    (other, _), = db.story_events(tarnival)
    with pytest.raises(CorroboratorError, match=f"no event '{other}' in story {quake}"):
        show.show_story(db, quake, event=other)


@pytest.mark.slow
def test_demo_ingested_one_at_a_time_gives_the_batch_events(tmp_path: Path) -> None:
    from corroborator import analyze
    from tests.conftest import DEMO, FIXTURES

    for corpus in (DEMO, FIXTURES / "events"):
        with Store(tmp_path / f"{corpus.name}.db") as db:
            app_ingest.ingest(db, [corpus])
            stored = sorted(sorted(ids) for row in db.list_stories()
                            for _, ids in db.story_events(row.id))
        batch = sorted(sorted(e.article_ids) for s in analyze([corpus]).stories
                       for e in s.events)
        assert stored == batch


# --------------------------------------------------------------------------- concurrency

INGEST_SCRIPT = """
import sys, time
from corroborator.app import ingest as app_ingest
from corroborator.store.database import Store
from tests.cli.test_store import FakeStages

stages = FakeStages()
def slow_parse(arts):
    for p in stages.parse(arts):
        time.sleep(float(sys.argv[2]))  # NLP takes time: others write meanwhile
        yield p
app_ingest.default_parse = slow_parse
app_ingest.default_analyze = stages.analyze
with Store(sys.argv[1], on_wait=lambda m: print(m, file=sys.stderr)) as store:
    report = app_ingest.ingest(store, sys.argv[3:])
print(report.lines()[-1])
"""


def test_concurrent_ingests_store_every_article_once(tmp_path: Path) -> None:
    """One large ingest and several one-article ingests started during it, as separate
    processes on one store file: afterwards every article is stored once and the story
    index agrees with the stored articles (``check`` passes)."""
    import subprocess
    import time

    from corroborator.app.check import check_store
    from tests.conftest import ROOT

    recs = [record(f"a{i}", f"{QA} Update {i}: crews searched block {i}.", "2024-05-01",
                   f"o{i % 5}.example", f"Quake update {i}") for i in range(30)]
    recs += [record(f"b{i}", f"{QB} Update {i}: {i} homes were inspected.", "2024-11-03",
                    f"o{i % 5}.example", f"Tarnival update {i}") for i in range(10)]
    big = write_jsonl(tmp_path / "big.jsonl", recs[:34])
    singles = [write_jsonl(tmp_path / f"one{i}.jsonl", [rec])
               for i, rec in enumerate(recs[30:])]  # four also in the big batch
    db = tmp_path / "news.db"
    Store(db).close()

    def run(path: Path, delay: str) -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, "-c", INGEST_SCRIPT, str(db), delay, str(path)],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)

    procs = [run(big, "0.1")]
    for path in singles:
        time.sleep(0.3)
        procs.append(run(path, "0"))
    for proc in procs:
        _out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    report = check_store(db)
    assert report.faults == ()
    assert report.summary().startswith("40 articles, ")


def test_ingest_exit_status(fake: FakeStages, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    batch = first_batch(tmp_path)
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(cs.ingest_cmd, [str(batch), str(empty), "--db", str(db)])
    assert res.exit_code == 0 and "empty file" in res.output
    assert runner.invoke(cs.ingest_cmd, [str(batch), "--db", str(db)]).exit_code == 0
    assert runner.invoke(cs.ingest_cmd, [str(empty), "--db", str(db)]).exit_code == 1
    res = runner.invoke(cs.ingest_cmd, [str(tmp_path / "nope"), str(batch), "--db", str(db)])
    assert res.exit_code == 2 and "no such file or directory" in res.output


def test_a_stored_url_that_does_not_parse_still_shows(fake: FakeStages, tmp_path: Path
                                                       ) -> None:
    """Stores written before readers checked URLs may hold ``http://[::1``."""
    art = Article("u1", QA, source="north.example", title="Quake kills 31",
                  url="http://[::1", published="2024-05-01")
    [parsed] = fake.parse([art])
    with Store(tmp_path / "news.db") as s:
        [placed] = app_ingest.Ingester(s).add([fake.analyze(parsed)])
        assert "Quake kills 31 |" in show.show_story(s, placed.story_id, "md")  # no link
        for fmt in ("html", "json"):
            assert "http://[::1" in show.show_story(s, placed.story_id, fmt)


def test_changes_in_markdown_are_escaped() -> None:
    changes = model.Changes("2026-01-01", ("a1",), ("<script>alert(1)</script>",), (),
                            ("2026-01-02: \n<details open ontoggle=alert(1)>",))
    brief = model.Brief((), (), (), (), changes=changes)
    md = brief.to_markdown()
    assert "<script" not in md.replace("\\<script", "")
    assert "\n<details" not in md and "\\<details" in md
    assert "<bdi>&lt;script&gt;" in brief.to_html()
    assert brief.to_dict()["changes"] == {
        "since": "2026-01-01", "articles": ["a1"], "claims": ["<script>alert(1)</script>"],
        "conflicts": [], "timeline": ["2026-01-02: \n<details open ontoggle=alert(1)>"]}
