"""The README documents every command and the public API; every command has help text."""

from __future__ import annotations

import click

from corroborator.cli.main import cli
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented_and_has_help() -> None:
    assert isinstance(cli, click.Group)
    for name, cmd in cli.commands.items():
        assert f"corroborator {name}" in README, name
        assert cmd.help and len(cmd.help) > 20, name
        for param in cmd.params:
            if isinstance(param, click.Option):
                assert param.help, f"{name} {param.opts}"


def test_readme_shows_the_two_commands_and_the_api() -> None:
    for needle in (
        "make demo",
        "make test",
        "corroborator.analyze(",
        ".to_json()",
        ".to_markdown()",
        ".to_html()",
    ):
        assert needle in README, needle


def test_readme_has_no_unfilled_sections() -> None:
    for marker in ("PLACEHOLDER", "TODO", "TBD"):
        assert marker not in README, marker
