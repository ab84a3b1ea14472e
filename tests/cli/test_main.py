"""The CLI is a thin layer: arguments in, library call, files out, one summary line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from corroborator.cli.main import cli, summary_line
from corroborator.model import Brief, InputIssue
from tests.conftest import DEMO


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in ("brief", "ingest", "stories", "show"):
        assert name in result.output


def test_python_dash_m_works() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "corroborator", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.startswith("corroborator, version")


def test_summary_line_counts_skips_by_reason() -> None:
    brief = Brief(
        articles=(),
        stories=(),
        times=(),
        errors=(InputIssue("a.txt", "empty file"), InputIssue("b.txt", "empty file")),
    )
    assert summary_line(brief) == "0 articles; 0 stories; 2 inputs skipped (2 empty file)"


def test_summary_line_counts_flagged_inputs_apart_from_skipped() -> None:
    brief = Brief(
        articles=(),
        stories=(),
        times=(),
        errors=(
            InputIssue("a.txt", "empty file"),
            InputIssue("b.txt", "not UTF-8: decoded as cp1252 (detected); processed",
                       severity="note"),
        ),
    )
    assert summary_line(brief) == (
        "0 articles; 0 stories; 1 input skipped (1 empty file); "
        "1 input flagged but processed (1 not UTF-8)"
    )


def test_unknown_format_is_a_clean_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["brief", str(DEMO), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_brief_writes_several_formats_and_reports_skips(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "ok.txt").write_text(
        "Title: Ferry\nSource: Post\nDate: 2026-02-02\n\n"
        "The ferry to Port Alder resumed on Monday, the operator said.\n"
    )
    (corpus / "empty.txt").write_text("")
    (corpus / "bad.jsonl").write_text('{"id": "x", "text": \n')
    md, js = tmp_path / "out" / "b.md", tmp_path / "out" / "b.json"
    result = CliRunner().invoke(cli, ["brief", str(corpus), "-o", str(md), "-o", str(js)])
    assert result.exit_code == 0, result.output
    assert "2 inputs skipped (1 broken JSON, 1 empty file)" in result.output
    data = json.loads(js.read_text())
    assert len(data["articles"]) == 1 and len(data["errors"]) == 2
    assert md.read_text().startswith("#")


@pytest.mark.slow
def test_stdin_jsonl_to_stdout_json() -> None:
    line = json.dumps(
        {
            "id": "s1",
            "source": "Post",
            "published": "2026-02-02",
            "text": "The ferry to Port Alder resumed on Monday, the operator said.",
        }
    )
    result = CliRunner().invoke(cli, ["brief", "-", "--format", "json", "-q"], input=line + "\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["articles"][0]["id"] == "s1"


# --------------------------------------------------------------------------- exit status

GOOD = ("The Westmere harbour board said on Monday that 40 ships were delayed. Officials "
        "expect the backlog to clear by Friday.\n")


def test_help_documents_the_exit_status() -> None:
    for args in (["--help"], ["brief", "--help"], ["ingest", "--help"], ["check", "--help"]):
        out = CliRunner().invoke(cli, args).output
        assert "Exit status" in out, args
    top = CliRunner().invoke(cli, ["--help"]).output
    assert "2  an input path does not exist" in top


@pytest.mark.slow
def test_brief_exit_status(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    runner = CliRunner()
    some_skipped = runner.invoke(cli, ["brief", str(good), str(empty), "-q", "-f", "json"])
    assert some_skipped.exit_code == 0
    assert json.loads(some_skipped.output)["errors"][0]["error"] == "empty file"
    nothing = runner.invoke(cli, ["brief", str(empty), "-q", "-f", "json"])
    assert nothing.exit_code == 1
    missing = runner.invoke(cli, ["brief", str(good), str(tmp_path / "nope.txt"), "-q",
                                  "-f", "json"])
    assert missing.exit_code == 2
    assert len(json.loads(missing.output)["articles"]) == 1  # the rest is still analyzed


@pytest.mark.parametrize("db", [":memory:", "file:x.db", "file:x?mode=memory", "FILE:y", ""])
def test_db_takes_a_plain_file_path_only(tmp_path: Path, db: str,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    for args in (["ingest", "a.txt", "--db", db], ["stories", "--db", db],
                 ["check", "--db", db]):
        res = CliRunner().invoke(cli, args)
        assert res.exit_code == 2, (args, res.output)
        assert "--db" in res.output
    assert list(tmp_path.iterdir()) == [tmp_path / "a.txt"]
