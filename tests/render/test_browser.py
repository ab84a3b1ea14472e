"""The HTML brief in a real browser: headless Chromium loads it from ``file://``.

Skips when no Chromium is installed. CI installs it with
``apt-get update && apt-get install -y chromium``; ``CHROMIUM_BIN`` may name another binary.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from collections import Counter
from pathlib import Path

import lxml.html
import pytest
from lxml.html import HtmlElement

from corroborator.model import Brief
from tests.briefs import HOSTILE_SCRIPT, hostile_brief, sample_brief

pytestmark = pytest.mark.browser

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
)
#: Seconds one Chromium run may take (a cold start on 2 cores is about 1-2 s).
CHROMIUM_TIMEOUT = 90
#: Screenshot viewport in CSS pixels, drawn at half scale to keep the PNG small to decode.
VIEWPORT = (1280, 2400)
SCALE = 0.5
#: Colours from brief.css: the highlight of a cited range, the grey of a caption zone,
#: the accent of reported timeline markers.
MARK_RGB = (0xFF, 0xF1, 0xA8)
ZONE_RGB = (0xF3, 0xF4, 0xF6)
ACCENT_RGB = (0x2B, 0x5D, 0xA8)


def _chromium() -> str | None:
    explicit = os.environ.get("CHROMIUM_BIN")
    if explicit:
        return explicit
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


@pytest.fixture(scope="module")
def chromium() -> str:
    binary = _chromium()
    if binary is None:
        reason = "no Chromium binary found (apt-get install -y chromium, or set CHROMIUM_BIN)"
        if os.environ.get("CORROBORATOR_REQUIRE_BROWSER"):
            pytest.fail(reason)  # `make test` promises these tests run
        pytest.skip(reason)
    return binary


def _run(binary: str, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp / "profile"
    profile.mkdir(exist_ok=True)
    proc = subprocess.run(
        [binary, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def _page(tmp: Path, name: str, brief: Brief) -> str:
    path = tmp / name
    path.write_text(brief.to_html(), encoding="utf-8")
    return path.as_uri()


def _dump(binary: str, tmp: Path, url: str) -> HtmlElement:
    proc = _run(binary, tmp, "--dump-dom", url)
    return lxml.html.document_fromstring(proc.stdout)


@pytest.fixture(scope="module")
def sample_dom(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> HtmlElement:
    tmp = tmp_path_factory.mktemp("browser-sample")
    return _dump(chromium, tmp, _page(tmp, "brief.html", sample_brief()))


@pytest.fixture(scope="module")
def hostile_run(
    chromium: str, tmp_path_factory: pytest.TempPathFactory
) -> tuple[HtmlElement, Path]:
    """The hostile brief's DOM after load, and a screenshot of it."""
    tmp = tmp_path_factory.mktemp("browser-hostile")
    url = _page(tmp, "hostile.html", hostile_brief())
    shot = tmp / "hostile.png"
    _run(chromium, tmp, f"--window-size={VIEWPORT[0]},{VIEWPORT[1]}",
         f"--force-device-scale-factor={SCALE}", f"--screenshot={shot}", url)
    keep = os.environ.get("BROWSER_SHOTS_DIR")
    if keep:
        shutil.copy(shot, Path(keep) / shot.name)
    return _dump(chromium, tmp, url), shot


def test_citation_links_land_on_marks_in_the_article_text(sample_dom: HtmlElement) -> None:
    links = sample_dom.xpath("//a[contains(@class, 'cite')]/@href")
    assert len(links) > 50
    for href in set(links):
        target = sample_dom.get_element_by_id(href[1:])
        assert target.tag == "mark"
        assert target.xpath("ancestor::div[@class='text']/ancestor::article")


def test_svg_timelines_are_drawn_with_one_marker_per_dated_event(sample_dom: HtmlElement) -> None:
    svgs = sample_dom.xpath("//*[local-name()='svg' and contains(@class, 'timeline-svg')]")
    assert len(svgs) == 2
    counts = [len(s.xpath(".//*[local-name()='g' and contains(@class, 'tl-marker')]"))
              for s in svgs]
    assert counts == [6, 1]  # the story's own days; the rest is listed as background
    background = [len(f.xpath(".//div[@class='tl-background']//li"))
                  for f in sample_dom.find_class("timeline-figure")]
    assert [c + b for c, b in zip(counts, background, strict=True)] == [7, 3]
    expected = svgs[0].xpath(".//*[local-name()='g' and contains(@class, 'tl-expected')]")
    assert len(expected) == 3


def test_injected_markup_does_not_run(hostile_run: tuple[HtmlElement, Path]) -> None:
    dom, _ = hostile_run
    root = dom.getroottree().getroot()
    assert root.get("data-pwned") is None
    assert not dom.xpath("//script | //img")
    assert HOSTILE_SCRIPT in dom.text_content()


def test_screenshot_shows_highlights_zones_and_timeline(
    hostile_run: tuple[HtmlElement, Path],
) -> None:
    _, shot = hostile_run
    width, height, pixels = _decode_png(shot.read_bytes())
    assert (width, height) == (int(VIEWPORT[0] * SCALE), int(VIEWPORT[1] * SCALE))
    colours = Counter(pixels)
    assert len(colours) > 50  # text and drawings, not a blank page
    assert colours[MARK_RGB] > 200, "cited text is not highlighted"
    assert colours[ZONE_RGB] > 200, "caption zone is not greyed"
    assert colours[ACCENT_RGB] > 20, "no accent-coloured badge or marker"


# --------------------------------------------------------------------------- PNG


def _decode_png(data: bytes) -> tuple[int, int, list[tuple[int, int, int]]]:
    """RGB pixels of an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    width = height = channels = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0 and colour in (2, 6)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    prev = bytearray(stride)
    pixels: list[tuple[int, int, int]] = []
    for y in range(height):
        start = y * (stride + 1)
        row = bytearray(raw[start + 1 : start + 1 + stride])
        _unfilter(raw[start], row, prev, channels)
        pixels.extend(zip(row[0::channels], row[1::channels], row[2::channels], strict=True))
        prev = row
    return width, height, pixels


def _unfilter(kind: int, row: bytearray, prev: bytearray, bpp: int) -> None:
    if kind == 0:
        return
    if kind == 2:
        row[:] = bytes((a + b) & 0xFF for a, b in zip(row, prev, strict=True))
        return
    for i in range(len(row)):
        left = row[i - bpp] if i >= bpp else 0
        up = prev[i]
        if kind == 1:
            row[i] = (row[i] + left) & 0xFF
        elif kind == 3:
            row[i] = (row[i] + (left + up) // 2) & 0xFF
        else:  # 4: Paeth
            corner = prev[i - bpp] if i >= bpp else 0
            p = left + up - corner
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
            pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
            row[i] = (row[i] + pred) & 0xFF


def test_markdown_rendered_with_raw_html_allowed_runs_nothing(
        chromium: str, tmp_path: Path) -> None:
    """The Markdown brief of hostile input (markup in the text, a URL holding a line break
    and an HTML payload), turned into HTML by a CommonMark renderer that passes raw HTML
    through, runs nothing in Chromium."""
    from dataclasses import replace

    from markdown_it import MarkdownIt

    brief = hostile_brief()
    breakout = ("https://news.test/a\n<details open ontoggle=\"document.documentElement"
                ".setAttribute('data-pwned','md')\">")
    brief = replace(brief, articles=tuple(replace(a, url=breakout) for a in brief.articles))
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(brief.to_markdown())
    page = tmp_path / "md.html"
    page.write_text(f"<!DOCTYPE html><html><body>{html}</body></html>", encoding="utf-8")
    dom = _dump(chromium, tmp_path, page.as_uri())
    assert dom.getroottree().getroot().get("data-pwned") is None
    assert not dom.xpath("//script | //img | //details")
    assert HOSTILE_SCRIPT in dom.text_content()
