"""Reading every input format, and every kind of bad input, without stopping the run."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from corroborator.inputs import formats, readers, records
from corroborator.inputs.formats import split_text_metadata
from corroborator.inputs.readers import read_inputs, read_report
from corroborator.model import InputIssue
from tests.conftest import DEMO


def _write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- formats


def test_demo_corpus_reads_every_format() -> None:
    articles, errors = read_inputs([DEMO])
    assert errors == []
    suffixes = {Path(a.path or "").suffix.split("#")[0].split(":")[0] for a in articles}
    assert {".txt", ".md", ".html", ".jsonl", ".rss"} <= suffixes
    assert len(articles) == 8
    assert len({a.id for a in articles}) == 8


def test_text_header_lines_are_metadata(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "a.txt",
        "Title: Bridge shut\nSource: The Gazette\nDate: 2026-02-03\n"
        "URL: https://gazette.example/x\n\nThe bridge was shut on Monday.\n",
    )
    [art] = read_inputs([path])[0]
    assert (art.title, art.source, art.published, art.url) == (
        "Bridge shut",
        "The Gazette",
        "2026-02-03",
        "https://gazette.example/x",
    )
    assert art.text == "The bridge was shut on Monday.\n"


def test_leading_date_prefix_is_stripped_and_offsets_index_the_rest() -> None:
    meta, body = split_text_metadata(" date 2026-01-20 The council met on Saturday.\n\nMore.")
    assert meta == {"published": "2026-01-20"}
    assert body.startswith("The council met")


def test_text_without_header_keeps_a_colon_line_as_text() -> None:
    meta, body = split_text_metadata("Warning: the river is rising.\nResidents left.\n")
    assert meta == {}
    assert body.startswith("Warning: the river")


def test_markdown_title_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "n.md", "# Flood warning issued\n\nThe river rose overnight.\n")
    [art] = read_inputs([path])[0]
    assert art.title == "Flood warning issued"
    assert art.text == "The river rose overnight.\n"
    assert art.published is None


def test_html_is_extracted_with_metadata() -> None:
    [art] = read_inputs([DEMO / "valley-courier.html"])[0]
    assert art.source == "Valley Courier"
    assert art.published == "2026-03-14"
    assert art.title and "Kasr al-Nahir" in art.title
    assert "Home | Region" not in art.text  # navigation is not article text


def test_feed_gives_one_article_per_item() -> None:
    arts, errors = read_inputs([DEMO / "feeds" / "northstar.rss"])
    assert errors == []
    assert [a.source for a in arts] == ["Northstar Gazette"] * 2
    assert all(a.published and a.published.startswith("2026-03-") for a in arts)
    assert all(a.url and a.url.startswith("https://northstar.example/") for a in arts)
    assert "<p>" not in arts[0].text


def test_atom_feed(tmp_path: Path) -> None:
    atom = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Lakeside Post</title>
<entry><title>Ferry resumes</title><link href="https://lakeside.example/ferry"/>
<updated>2026-04-02T09:00:00Z</updated>
<content type="html">&lt;p&gt;The ferry resumed service.&lt;/p&gt;</content></entry>
</feed>"""
    [art] = read_inputs([_write(tmp_path, "f.atom", atom)])[0]
    assert art.source == "Lakeside Post"
    assert art.text.strip() == "The ferry resumed service."
    assert art.published == "2026-04-02T09:00:00+00:00"


def test_json_record_ids_are_kept_and_fields_aliased(tmp_path: Path) -> None:
    recs = [
        {"id": "x-1", "body": "First text.", "outlet": "Post", "date": "2026-05-01"},
        {"id": "x-2", "content": "Second text.", "source": "Herald"},
    ]
    arts, errors = read_inputs([_write(tmp_path, "a.json", json.dumps(recs))])
    assert errors == []
    assert [(a.id, a.source, a.published) for a in arts] == [
        ("x-1", "Post", "2026-05-01"),
        ("x-2", "Herald", None),
    ]


def test_records_and_stdin() -> None:
    arts, _ = read_inputs([{"id": "r1", "text": "A record."}])
    assert arts[0].id == "r1"
    stream = io.StringIO('{"id": "s1", "text": "From stdin."}\n\n{"id": "s2", "text": "Two."}\n')
    report = read_report(["-"], stdin=stream)
    assert [a.id for a in report.articles] == ["s1", "s2"]


# --------------------------------------------------------------------------- ids


def test_same_file_name_from_two_outlets_does_not_collide(tmp_path: Path) -> None:
    a = _write(
        tmp_path,
        "one/story.html",
        "<html><head><meta property='og:site_name' content='One'>"
        "</head><body><article><p>"
        + "The mayor opened the new library on Monday. " * 8
        + "</p></article></body></html>",
    )
    b = _write(
        tmp_path,
        "two/story.html",
        "<html><head><meta property='og:site_name' content='Two'>"
        "</head><body><article><p>"
        + "The council closed the old pool on Friday. " * 8
        + "</p></article></body></html>",
    )
    arts, errors = read_inputs([a, b])
    assert errors == []
    assert len({x.id for x in arts}) == 2


def test_same_content_twice_becomes_one_article(tmp_path: Path) -> None:
    text = "Title: Storm\nSource: Gazette\n\nThe storm passed.\n"
    a, b = _write(tmp_path, "a.txt", text), _write(tmp_path, "copy/a.txt", text)
    report = read_report([a, b])
    assert len(report.articles) == 1
    assert len(report.errors) == 1 and "same content" in report.errors[0].error


def test_id_clash_between_different_articles_is_an_error(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "c.jsonl", '{"id": "same", "text": "One."}\n{"id": "same", "text": "Two."}\n'
    )
    arts, errors = read_inputs([path])
    assert [a.text for a in arts] == ["One."]
    assert len(errors) == 1 and "already used by a different article" in errors[0].error
    assert errors[0].path == f"{path}:2"  # the line, as for a broken line
    assert f"({path}:1)" in errors[0].error
    assert readers.describe_errors(errors) == "1 id clash"


def test_derived_ids_are_stable() -> None:
    assert records.derive_id("Some text.", "The Post") == records.derive_id(
        "Some  text.", "The Post"
    )
    assert records.derive_id("Some text.", "The Post").startswith("the-post-")


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"   \n\n", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary file"),
        (
            "nobody.html",
            "<html><head><title>x</title></head><body><nav>Home</nav></body></html>",
            "HTML has no article body",
        ),
        ("notes.docx", "some text", "unsupported file type '.docx'"),
        ("broken.json", '{"id": "a", "text": ', "broken JSON"),
        ("nofeed.rss", "<rss><channel><title>Empty</title></channel></rss>", "feed has no items"),
        ("header-only.txt", "Title: Nothing\nDate: 2026-01-01\n\n", "no article text"),
    ],
)
def test_bad_file_gets_an_error_and_the_rest_is_processed(
    tmp_path: Path, name: str, data: str | bytes, reason: str
) -> None:
    bad = _write(tmp_path, name, data)
    good = _write(tmp_path, "good.txt", "The ferry sailed on time.\n")
    arts, errors = read_inputs([tmp_path])
    assert [a.text for a in arts] == ["The ferry sailed on time.\n"]
    assert len(errors) == 1
    assert errors[0].path == str(bad)
    assert reason in errors[0].error
    assert good.exists()


def test_huge_file_states_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formats, "MAX_FILE_BYTES", 1000)
    path = _write(tmp_path, "huge.txt", "word " * 400)
    arts, errors = read_inputs([path])
    assert arts == []
    assert "file too large: 2,000 bytes (limit 1,000 bytes)" in errors[0].error


def test_broken_jsonl_lines_name_the_line_and_keep_the_rest(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "w.jsonl",
        '{"id": "a", "text": "Fine."}\n{"id": "b", "text": \n'
        '[1, 2]\n{"id": "d"}\n{"id": "e", "text": "Also fine."}\n',
    )
    arts, errors = read_inputs([path])
    assert [a.id for a in arts] == ["a", "e"]
    assert [e.path for e in errors] == [f"{path}:2", f"{path}:3", f"{path}:4"]
    assert "broken JSON on line 2" in errors[0].error
    assert "not an object" in errors[1].error
    assert "has no text" in errors[2].error


def test_non_utf8_text_is_detected_decoded_and_flagged(tmp_path: Path) -> None:
    text = (
        "Le café a rouvert ses portes à Montréal après des années de fermeture, déclare le maire."
    )
    path = _write(tmp_path, "latin.txt", text.encode("cp1252"))
    arts, errors = read_inputs([path])
    assert arts[0].text.strip() == text
    assert len(errors) == 1 and errors[0].error.startswith("not UTF-8: decoded as")
    assert "processed" in errors[0].error


def test_missing_path_and_unreadable_date(tmp_path: Path) -> None:
    path = _write(tmp_path, "d.txt", "Date: sometime soon-ish maybe\n\nThe fair opened.\n")
    arts, errors = read_inputs([path, tmp_path / "nope.txt"])
    assert arts[0].published is None
    reasons = sorted(e.error for e in errors)
    assert reasons[0] == "no such file or directory"
    assert "unreadable publication date" in reasons[1]


def test_describe_errors_groups_reasons() -> None:
    from corroborator.model import InputIssue

    line = readers.describe_errors(
        [
            InputIssue("a", "empty file"),
            InputIssue("b", "empty file"),
            InputIssue("c:3", "broken JSON on line 3: Expecting value"),
        ]
    )
    assert line == "1 broken JSON, 2 empty file"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_a_bom_are_text(tmp_path: Path, codec: str) -> None:
    text = "Title: Ferry\n\nThe ferry to Port Alder resumed on Monday, said Zoë Marr.\n"
    bom = "\ufeff".encode(codec)
    path = _write(tmp_path, "wide.txt", bom + text.encode(codec))
    arts, errors = read_inputs([path])
    assert errors == []
    assert arts[0].title == "Ferry"
    assert arts[0].text == "The ferry to Port Alder resumed on Monday, said Zoë Marr.\n"


def test_broken_utf16_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = _write(tmp_path, "odd.txt", b"\xff\xfe" + "Some text.".encode("utf-16-le") + b"\x00")
    arts, errors = read_inputs([path])
    assert arts == [] and "broken UTF-16 text" in errors[0].error
    blank = _write(tmp_path, "blank.txt", "\ufeff  \n".encode("utf-16-le"))
    assert read_inputs([blank])[1][0].error == "empty file"


def test_same_text_rewrapped_is_a_repeat_not_a_clash(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "r.jsonl",
        '{"id": "s", "text": "One. Two."}\n{"id": "s", "text": "One.\\nTwo.\\n"}\n',
    )
    arts, errors = read_inputs([path])
    assert len(arts) == 1 and len(errors) == 1
    assert errors[0].path == f"{path}:2" and readers.is_flagged(errors[0])


def test_errors_split_into_skipped_and_flagged(tmp_path: Path) -> None:
    latin = _write(
        tmp_path, "latin.txt", "Le café a rouvert à Montréal, déclare le maire.".encode("cp1252")
    )
    undated = _write(tmp_path, "d.txt", "Date: sometime soon-ish maybe\n\nThe fair opened.\n")
    empty = _write(tmp_path, "empty.txt", b"")
    arts, errors = read_inputs([latin, undated, empty])
    assert len(arts) == 2
    skipped, flagged = readers.split_errors(errors)
    assert [e.path for e in skipped] == [str(empty)]
    assert sorted(e.path for e in flagged) == sorted([str(latin), str(undated)])
    assert readers.error_summary(errors) == [
        "1 input skipped (1 empty file)",
        "2 inputs flagged but processed (1 not UTF-8, 1 unreadable publication date)",
    ]
    assert readers.error_summary([]) == []
    assert readers.error_line(skipped[0]) == f"skipped: {empty}: empty file"


RELATIVE_DATES = ("yesterday", "3 hours ago", "2 hours ago", "Today, 14:32", "Monday")


@pytest.mark.parametrize("value", RELATIVE_DATES)
def test_relative_publication_date_in_text_metadata_is_never_resolved(
    tmp_path: Path, value: str
) -> None:
    path = _write(tmp_path, "r.txt", f"Source: Orrin Weekly\nDate: {value}\n\nThe fair opened.\n")
    arts, errors = read_inputs([path])
    assert arts[0].published is None  # undated: no date taken from the clock
    (err,) = errors
    assert err.skipped is False and repr(value) in err.error
    assert err.error.startswith("relative publication date")


def test_relative_publication_dates_in_json_feed_and_html(tmp_path: Path) -> None:
    records = [{"id": "r1", "text": "The fair opened.", "published": "3 hours ago"},
               {"id": "r2", "text": "The fair closed.", "date": "yesterday"},
               {"id": "r3", "text": "The fair moved.", "published": "4 May 2026"}]
    jpath = _write(tmp_path, "r.json", json.dumps(records))
    feed = _write(tmp_path, "r.rss", (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Orrin Weekly</title>'
        "<item><title>Fair</title><pubDate>2 hours ago</pubDate>"
        "<description>The fair opened on the green.</description></item>"
        "<item><title>Fair 2</title><pubDate>Mon, 04 May 2026 09:00:00 GMT</pubDate>"
        "<description>The fair closed on the green.</description></item></channel></rss>"
    ))
    page = _write(tmp_path, "r.html", (
        '<html><head><title>Fair</title><meta property="article:published_time" '
        'content="2 hours ago"></head><body><article><h1>Fair opens</h1><p>The Orrin fair '
        "opened on the village green with forty stalls and a brass band from Tallow.</p>"
        "</article></body></html>"
    ))
    arts, errors = read_inputs([jpath, feed, page])
    published = {a.id: a.published for a in arts}
    assert published["r1"] is None and published["r2"] is None
    assert published["r3"] == "2026-05-04"
    assert sorted(p for p in published.values() if p) == ["2026-05-04",
                                                          "2026-05-04T09:00:00+00:00"]
    # the page is short, so it also carries a short-extraction note
    relative = [e for e in errors if "relative publication date" in e.error]
    assert [e for e in errors if e not in relative] == [
        e for e in errors if e.error.startswith("short extraction")
    ]
    named = sorted(e.error.split("'")[1] for e in relative)
    assert named == ["2 hours ago", "2 hours ago", "3 hours ago", "yesterday"]
    assert not any(e.skipped for e in errors)


def test_absolute_publication_dates_still_read() -> None:
    assert records.normalise_date("4 May 2026", "x") == "2026-05-04"
    assert records.normalise_date("Jan. 19, 2026 5:30 PM", "x") == "2026-01-19T17:30:00"
    assert records.normalise_date("May 2026", "x") == "2026-05-01"  # not today's day
    assert records.normalise_date("2026-05-04T10:00:00Z", "x") == "2026-05-04T10:00:00+00:00"
    # a label or a relative note beside an absolute date does not hide it
    assert records.normalise_date("Last updated: 4 May 2026", "x") == "2026-05-04"
    assert records.normalise_date("4 May 2026 (2 hours ago)", "x") == "2026-05-04"


# --------------------------------------------------------------------------- hostile inputs

STORY = ("The Westmere harbour board said on Monday that 40 ships were delayed. "
         "Officials expect the backlog to clear by Friday.")


def _reasons(errors: list[InputIssue]) -> list[str]:
    return [e.error for e in errors]


def test_deeply_nested_json_is_an_error_entry_in_a_file_a_line_and_stdin(
        tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    whole = _write(tmp_path, "deep.json", deep)
    lines = _write(tmp_path, "deep.jsonl", json.dumps({"text": STORY}) + "\n" + deep + "\n")
    arts, errors = read_inputs([whole, lines])
    assert len(arts) == 1
    assert _reasons(errors) == ["broken JSON: nested too deeply",
                                "broken JSON on line 2: nested too deeply"]
    report = read_report(["-"], stdin=io.StringIO(deep + "\n"))
    assert report.articles == [] and "nested too deeply" in report.errors[0].error


def test_a_json_integer_of_thousands_of_digits_does_not_stop_the_record(
        tmp_path: Path) -> None:
    doc = '{"id": "big", "text": "' + STORY + '", "views": ' + "9" * 5000 + "}"
    [art] = read_inputs([_write(tmp_path, "big.json", doc)])[0]
    assert art.id == "big"


def test_lone_surrogates_become_replacement_characters_with_a_note(tmp_path: Path) -> None:
    doc = '{"id": "s1", "title": "Port \\udfff", "text": "' + STORY + ' \\ud800 end"}'
    [art], errors = read_inputs([_write(tmp_path, "s.json", doc)])
    assert "\ufffd end" in art.text and art.title == "Port \ufffd"
    art.text.encode("utf-8")
    assert errors[0].skipped is False and "lone surrogates" in errors[0].error


def test_invalid_utf8_inside_a_json_string_on_stdin_is_replaced(tmp_path: Path) -> None:
    data = b'{"id": "x1", "text": "' + STORY.encode() + b' \xff\xfe."}\n'
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    report = read_report(["-"], stdin=stdin)
    [art] = report.articles
    assert "\ufffd" in art.text
    assert report.errors[0].path == "<stdin>:1" and not report.errors[0].skipped


@pytest.mark.parametrize("ref", ["&#x110000;", "&#xD800;", "&#0;", "&#99999999999999;"])
def test_feed_character_references_that_name_no_character(tmp_path: Path, ref: str) -> None:
    rss = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Post</title>'
           f"<item><title>Delays {ref}</title><description>{STORY} {ref}</description>"
           "</item></channel></rss>")
    [art], _ = read_inputs([_write(tmp_path, "f.rss", rss)])
    assert art.text.startswith("The Westmere harbour board")


def test_a_malformed_atom_file_is_an_error_entry(tmp_path: Path) -> None:
    arts, errors = read_inputs([_write(tmp_path, "bad.atom", "<entry<titlE</content<")])
    assert arts == [] and len(errors) == 1 and errors[0].skipped
    assert formats.html_fragment_to_text(None) == ""


def test_feed_text_without_tags_has_its_entities_decoded(tmp_path: Path) -> None:
    rss = ('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item>'
           "<title>x</title><description>AT&amp;amp;T said " + STORY + "</description>"
           "</item></channel></rss>")
    [art], _ = read_inputs([_write(tmp_path, "f.rss", rss)])
    assert art.text.startswith("AT&T said")


@pytest.mark.parametrize("url", ["http://[::1", "https://a.test/x\n<script>alert(1)</script>",
                                 "https://a.test/\x00"])
def test_an_unusable_url_is_dropped_with_a_note(tmp_path: Path, url: str) -> None:
    doc = json.dumps({"id": "u1", "text": STORY, "url": url, "source": "Harbour Post"})
    [art], errors = read_inputs([_write(tmp_path, "u.json", doc)])
    assert art.url is None and art.source == "Harbour Post"
    assert "unusable URL" in errors[0].error and not errors[0].skipped


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "0001-01-01T00:00:00+00:00",
                                   "31 December 9999", "2026-13-45"])
def test_an_implausible_publication_date_leaves_the_article_undated(
        tmp_path: Path, value: str) -> None:
    doc = json.dumps({"id": "d1", "text": STORY, "published": value})
    [art], errors = read_inputs([_write(tmp_path, "d.json", doc)])
    assert art.published is None
    assert "publication date" in errors[0].error and not errors[0].skipped


def test_an_over_long_date_field_is_not_parsed(tmp_path: Path) -> None:
    doc = json.dumps({"id": "d1", "text": STORY, "published": "March 3 " * 2500})
    [art], errors = read_inputs([_write(tmp_path, "d.json", doc)])
    assert art.published is None and "over-long (19,999 characters)" in errors[0].error


@pytest.mark.parametrize("rid", [{"a": 1}, ["x"], float("nan"), True, 1.5])
def test_a_record_id_must_be_a_string_or_an_integer(tmp_path: Path, rid: object) -> None:
    doc = json.dumps([{"id": rid, "text": STORY}, {"id": 17, "text": STORY + " Again."}])
    arts, errors = read_inputs([_write(tmp_path, "ids.json", doc)])
    assert [a.id for a in arts] == ["17"]
    assert "record id is" in errors[0].error and errors[0].skipped


def test_metadata_that_is_not_text_is_ignored_with_a_note(tmp_path: Path) -> None:
    doc = json.dumps({"id": "m1", "text": STORY, "title": {"a": 1}, "source": 12})
    [art], errors = read_inputs([_write(tmp_path, "m.json", doc)])
    assert art.title is None and art.source == "12"
    assert "field 'title' is an object" in errors[0].error


def test_symlink_loops_dangling_links_and_unreadable_folders_are_reported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    top = tmp_path / "in"
    _write(top, "a.txt", STORY)
    (top / "loop").symlink_to(top)  # a folder leading back to an ancestor
    (top / "self.txt").symlink_to(top / "self.txt")  # a link to itself
    (top / "gone.txt").symlink_to(top / "missing.txt")
    locked = top / "locked"
    _write(locked, "b.txt", STORY + " More.")
    real_scandir = os.scandir

    def scandir(path: object) -> object:
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    arts, errors = read_inputs([top, top / "self.txt"])
    assert [Path(a.path or "").name for a in arts] == ["a.txt"]
    why = {Path(e.path).name: e.error for e in errors}
    assert why["loop"].startswith("symlink loop")
    assert why["self.txt"].startswith("symlink loop")
    assert why["gone.txt"].startswith("dangling symlink")
    assert why["locked"] == "cannot read folder: Permission denied"
    assert all(e.skipped for e in errors)
