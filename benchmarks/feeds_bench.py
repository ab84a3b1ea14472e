"""``update`` over many local feeds, politeness included.

    python benchmarks/feeds_bench.py [--feeds 50] [--items 10] [--delay 1.0] [--nlp]

Starts one real HTTP server per outlet on 127.0.0.1 (each its own host:port, as outlets
are), each serving an RSS feed of teaser items and the article pages they link to
(invented text). Then runs :func:`corroborator.app.feeds.update` twice on a fresh store:

1. the first update fetches every feed and every article page (each page once), extracts
   and stores the articles;
2. the second update (``--now``) is conditional: each feed answers 304 and nothing else
   is fetched.

Prints the time, the requests made and what the servers answered. By default the NLP
stage is the test stand-in (the figure is the feed machinery: HTTP, politeness, page
extraction, store); ``--nlp`` runs the real spaCy pipeline as well.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.http_server import LocalSite, Route, article_page, rss  # noqa: E402

from corroborator import feeds  # noqa: E402
from corroborator.inputs.fetch import Fetcher, FetchSettings  # noqa: E402
from corroborator.store.database import Store  # noqa: E402

PLACES = ["Kestrel", "Marrow", "Pelham", "Quorn", "Aldwick", "Brill", "Oxley", "Tilby",
          "Wendle", "Yarn", "Zell", "Ash", "Birch", "Cedar", "Elm", "Fenwick", "Gorse",
          "Hollin", "Ivybridge", "Jarrow"]
EVENTS = ["flood", "fire", "strike", "storm", "power cut", "rail closure", "election count",
          "bridge repair", "harvest", "festival"]


def paragraphs(rng: random.Random, place: str, event: str) -> list[str]:
    """Invented report text; numbers and names vary so that articles differ."""
    n = rng.randint(12, 900)
    day = rng.choice(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"])
    official = rng.choice(["Mara Vell", "Tobin Ash", "Rhea Quill", "Orin Stake"])
    return [
        f"The {event} in {place} affected {n} households on {day}, officials said, and "
        f"crews worked through the night to reach the outlying farms.",
        f"{official}, who speaks for the {place} council, said the response had been "
        f"quick but that {rng.randint(2, 40)} roads would stay closed until the weekend.",
        f"Residents said the {event} was the worst they could remember, and several asked "
        "why warnings had come so late in the day.",
        f"The regional office said it would publish a review of the {event} within "
        f"{rng.randint(2, 9)} weeks and would meet residents in {place} town hall.",
    ]


def build_sites(n_feeds: int, n_items: int, seed: int = 7) -> list[tuple[LocalSite, str]]:
    rng = random.Random(seed)
    out = []
    for f in range(n_feeds):
        site = LocalSite()
        outlet = f"Outlet {f:02d} News"
        items = []
        for i in range(n_items):
            place, event = rng.choice(PLACES), rng.choice(EVENTS)
            path = f"/{f}/{i}.html"
            title = f"{event.title()} in {place}: report {f}-{i}"
            site.routes[path] = Route(article_page(title, paragraphs(rng, place, event),
                                                   site_name=outlet), gzip=True)
            items.append({"title": title, "link": site.url(path),
                          "description": f"The {event} in {place}.",
                          "date": "Tue, 03 Mar 2026 07:00:00 GMT"})
        site.routes["/feed.xml"] = Route(rss(outlet, items), "application/rss+xml",
                                         etag=f'"feed-{f}"', gzip=True)
        out.append((site, site.url("/feed.xml")))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--feeds", type=int, default=50)
    ap.add_argument("--items", type=int, default=10)
    ap.add_argument("--delay", type=float, default=1.0,
                    help="seconds between two requests to one host (default 1)")
    ap.add_argument("--concurrency", type=int, default=None)
    ap.add_argument("--nlp", action="store_true", help="run the real spaCy pipeline")
    args = ap.parse_args()
    stand_in: dict[str, object] = {}
    if not args.nlp:
        from tests.test_commands_store import FakeStages

        stand_in = {"parse": FakeStages().parse, "analyze": FakeStages.analyze}
    sites = build_sites(args.feeds, args.items)
    settings = FetchSettings(host_delay=args.delay)
    if args.concurrency:
        settings = FetchSettings(host_delay=args.delay, concurrency=args.concurrency)
    print(f"{args.feeds} feeds x {args.items} items on {len(sites)} local hosts; "
          f"{settings.host_delay:g} s between requests to one host, "
          f"{settings.concurrency} in flight; NLP: {'spaCy' if args.nlp else 'stand-in'}")
    try:
        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
            feeds.add_feeds(store, [url for _, url in sites])
            for label in ("first update", "second update (--now, conditional)"):
                before = [len(s.log) for s, _ in sites]
                with Fetcher(settings) as fetcher:
                    start = time.perf_counter()
                    report = feeds.update(store, fetcher, now=True, **stand_in)  # type: ignore[arg-type]
                    took = time.perf_counter() - start
                hits = [h for (s, _), n in zip(sites, before, strict=True) for h in s.log[n:]]
                statuses = Counter(h.status for h in hits)
                pages = sum(1 for h in hits if h.path != "/feed.xml")
                print(f"{label}: {took:.1f} s, {report.requests} requests "
                      f"({len(hits) - pages} feeds, {pages} pages; statuses "
                      f"{dict(sorted(statuses.items()))}), "
                      f"{len(report.ingest.placed)} new articles, "
                      f"{sum(f.status == 'failed' for f in report.feeds)} feeds failed")
            per_page = Counter(h.path for s, _ in sites for h in s.log if h.path != "/feed.xml")
            print(f"pages fetched more than once: {sum(1 for n in per_page.values() if n > 1)}")
    finally:
        for site, _ in sites:
            site.close()


if __name__ == "__main__":
    main()
