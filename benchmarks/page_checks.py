"""Survey the page checks over a directory of saved real web pages.

    python benchmarks/page_checks.py DIR [--list]

Reads every ``*.html`` under DIR with :func:`corroborator.inputs.pages.read_page` and prints how
many titles fell back (and from where), and how many pages got the short-text, not-English
and not-an-article notes; the language check is compared with the language the page
declares (``<html lang>``, where it has one). ``--list`` prints one line per page (name,
characters, English share, declared language, title source, notes) for checking by
hand. The pages are read at run time and are never copied into the repository.
"""

from __future__ import annotations

import argparse
import re
import time
from collections import Counter
from pathlib import Path

from corroborator.errors import InputReadError
from corroborator.inputs.pages import read_page


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("directory", type=Path)
    ap.add_argument("--list", action="store_true", help="one line per page")
    args = ap.parse_args()
    files = sorted(args.directory.rglob("*.htm*"))
    counts: Counter[str] = Counter()
    shares: list[float] = []
    start = time.perf_counter()
    for path in files:
        raw = path.read_bytes().decode("utf-8", errors="replace")
        try:
            page = read_page(raw, path.name)
        except InputReadError as err:
            counts["no main text"] += 1
            if args.list:
                print(f"{path.name:60}  refused: {err.reason}")
            continue
        c = page.checks
        counts["read"] += 1
        m = re.search(r"<html[^>]*\slang=[\"']?([A-Za-z]{2})", raw[:5000], re.IGNORECASE)
        declared = m.group(1).lower() if m else "-"
        if declared != "-" and c.english_share is not None:
            agree = (declared == "en") != c.not_english
            counts[f"language vs <html lang>: {'agrees' if agree else 'DISAGREES'}"] += 1
        if c.title_from or c.title_reason:
            counts[f"title replaced ({c.title_reason} -> {c.title_from or 'none'})"] += 1
        counts["short text"] += c.short
        counts["not English"] += c.not_english
        counts["language not judged"] += c.english_share is None
        if c.not_article:
            counts["not an article: " + c.not_article.split(" (")[0]] += 1
        if c.english_share is not None:
            shares.append(c.english_share)
        if args.list:
            share = "-" if c.english_share is None else f"{c.english_share:.2f}"
            title = f"{c.title_reason}->{c.title_from}" if c.title_reason else ""
            print(f"{path.name:60} {c.chars:>7} {share:>5} {declared:>2} {title:28} "
                  f"{'SHORT ' if c.short else ''}{'NOT-EN ' if c.not_english else ''}"
                  f"{c.not_article or ''}")
    took = time.perf_counter() - start
    print(f"{len(files)} pages in {took:.1f} s")
    for key, n in sorted(counts.items()):
        print(f"  {key}: {n}")


if __name__ == "__main__":
    main()
