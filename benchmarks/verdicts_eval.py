"""Score the brief's verdicts (corroborated, disputed) against pairs judged by reading.

    python benchmarks/verdicts_eval.py [--data DIR] [--seeds DIR] [--cache FILE]
                                       [--judged FILE] [--dump] [--mark-baseline]
                                       [--newswire FILE [--newswire-cache FILE]]
                                       [--topics [--show-cross N]]

Runs the per-article and per-story stages on real multi-source reports: every gold
storyline of the ECB+ dev set (``../shared/data/ecbplus-dev``, the gold grouping, so
that clustering errors do not count here) and the seeds (``../shared/corpora/seeds``,
one story). From the stories it takes

* corroborated pairs: two citations of one corroborated claim group, from two of the
  independent sources that corroborate it;
* disputed pairs: two citations from different positions (and sources) of a conflict,

and looks each up in the judged set (``tests/gold/verdicts.judged.json``). A judged
pair names both sides by article id, character offsets and the SHA-1 of the cited
text, never the text; when the text at those offsets changes, the pair is unjudged
again. It prints

* the precision of each verdict over the judged pairs it produced;
* recall: the share of the right corroborations found at baseline (judged pairs
  marked ``baseline``) that are still produced;
* how many produced pairs are still unjudged.

``--dump`` prints every unjudged pair with its sentences, to be read and judged (the
output holds dataset text: read it, never commit it). ``--record DUMP VERDICTS`` adds
judgments to the judged set: ``VERDICTS`` has one line per judged pair, ``N R|W reason``,
where ``N`` is the pair's number in the ``DUMP`` file (R: right, W: wrong).
``--mark-baseline`` marks every judged pair produced now as a baseline pair.
``--newswire`` adds the stories of a newswire file that more than one outlet reports
(grouped by the product's own clustering), to read more disputes than ECB+ dev gives.
``--topics`` adds near-miss negatives labelled by construction: an ECB+ topic holds two
different events of one type (``11_ecb`` and ``11_ecbplus``: two earthquakes, two
arrests), so a story made of a whole topic is what a clustering error that merges them
would give. A dispute between its two sub-events is (almost always) wrong: two events,
not two accounts of one. The mode prints how many disputes and corroborations such
stories produce across sub-events (and within one, for comparison); ``--show-cross N``
prints N of the cross-event pairs to be read (dataset text: never commit it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import chain
from pathlib import Path
from typing import Any

from bench_cache import cached
from cluster_eval import load_articles
from corroborator.model import Article, ArticleAnalysis, Span, Story

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ecbplus-dev"
DEFAULT_SEEDS = ROOT.parent / "shared" / "corpora" / "seeds"
DEFAULT_JUDGED = ROOT / "tests" / "gold" / "verdicts.judged.json"

Side = tuple[str, int, int, str]

#: One pair in this many is judged: the ECB+ dev storylines yield thousands of
#: corroborated pairs (a claim group of n outlets is n(n-1)/2 pairs) and hundreds of
#: disputed ones at first (all of which are read now that they are few), too many to
#: read; a hash-picked sample is read instead.
SAMPLE_EVERY = {"corroborated": 40, "disputed": 1}  # article id, start, end, sha1 of the cited text


@dataclass(frozen=True)
class Pair:
    verdict: str  # corroborated | disputed
    a: Side
    b: Side
    story: str
    detail: str  # the group's text or the conflict's kind and note

    @property
    def key(self) -> tuple[str, Side, Side]:
        return self.verdict, self.a, self.b

    @property
    def sampled(self) -> bool:
        """Whether the pair is in the judged sample: a fixed share of each verdict's pairs,
        picked by a hash of the articles and cited texts (not of the offsets)."""
        h = digest("|".join((self.verdict, self.a[0], self.a[3], self.b[0], self.b[3])))
        return int(h, 16) % SAMPLE_EVERY[self.verdict] == 0


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def side(span: Span, articles: Mapping[str, Article]) -> Side:
    return span.article, span.start, span.end, digest(span.text_in(articles[span.article].text))


def load_seeds(folder: Path) -> list[Article]:
    out = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        m = re.match(r"\s*date (\d{4}-\d{2}-\d{2}) ", text)
        out.append(Article(id=path.stem, text=text[m.end():] if m else text,
                           published=m.group(1) if m else None))
    return out


def analyze(articles: Sequence[Article]) -> list[ArticleAnalysis]:
    from corroborator.corpus import dedup
    from corroborator.nlp.parse import parse_articles
    from corroborator.pipeline import analyze_article

    dup_of = dedup.find_duplicates(list(articles))
    marked = [replace(a, duplicate_of=dup_of.get(a.id)) for a in articles]
    return [analyze_article(p) for p in parse_articles(marked, n_process=2)]


def groups_of(data: Path, seeds: Path) -> list[tuple[str, list[Article]]]:
    """The judged stories' articles: ECB+ dev gold storylines, then the seeds as one."""
    groups: list[tuple[str, list[Article]]] = []
    if (data / "ecb_dev.jsonl").exists():
        arts, gold = load_articles(data)
        by_story: dict[str, list[Article]] = defaultdict(list)
        for a in arts:
            by_story[gold[a.id]].append(a)
        groups += sorted(by_story.items())
    if seeds.exists():
        groups.append(("seeds", load_seeds(seeds)))
    return groups


def analyses_of(
    everything: Sequence[Article], cache: Path | None,
    analyzed: Mapping[str, ArticleAnalysis] | None = None,
) -> dict[str, ArticleAnalysis]:
    """Every article parsed and analyzed (by id), read from ``cache`` when an earlier run
    pickled them there. ``analyzed`` holds articles already parsed and analyzed (the
    test suite's shared ECB+ parse); only the others are parsed here."""
    if analyzed is None:
        analyses = cached(cache, lambda: analyze(everything))
    else:
        from corroborator.corpus import dedup
        dup_of = dedup.find_duplicates(list(everything))
        analyses = analyze([x for x in everything if x.id not in analyzed])
        for art in everything:
            done = analyzed.get(art.id)
            if done is not None:
                marked = replace(done.article, duplicate_of=dup_of.get(art.id))
                analyses.append(replace(done, parsed=replace(done.parsed, article=marked)))
    return {a.article.id: a for a in analyses}


def stories(
    data: Path, seeds: Path, cache: Path | None,
    analyzed: Mapping[str, ArticleAnalysis] | None = None,
) -> Iterator[tuple[Story, dict[str, Article]]]:
    """Every judged story: ECB+ dev gold storylines, then the seeds as one story.
    ``analyzed``: see :func:`analyses_of`."""
    from corroborator.pipeline import analyze_story

    groups = groups_of(data, seeds)
    by_id = analyses_of([a for _, arts in groups for a in arts], cache, analyzed)
    for name, arts in groups:
        story, members = analyze_story(name, [by_id[a.id] for a in arts])
        yield story, {m.article.id: m.article for m in members}


def topic_stories(
    data: Path, seeds: Path, cache: Path | None,
    analyzed: Mapping[str, ArticleAnalysis] | None = None,
) -> Iterator[tuple[Story, dict[str, Article], dict[str, str]]]:
    """Every ECB+ dev topic as one story (both of its gold sub-events together, as a
    clustering error would merge them), with each article's gold sub-event. The
    articles are analyzed as for :func:`stories` (the same cache)."""
    from corroborator.pipeline import analyze_story

    if not (data / "ecb_dev.jsonl").exists():
        return
    _, gold = load_articles(data)
    groups = groups_of(data, seeds)
    by_id = analyses_of([a for _, arts in groups for a in arts], cache, analyzed)
    by_topic: dict[str, list[str]] = defaultdict(list)
    for aid in sorted(gold):
        by_topic[gold[aid].split("_")[0]].append(aid)
    for topic, members in sorted(by_topic.items()):
        if len({gold[a] for a in members}) < 2:
            continue
        story, used = analyze_story(f"topic-{topic}", [by_id[a] for a in members])
        yield story, {m.article.id: m.article for m in used}, gold


def cross_event(pair: Pair, gold: Mapping[str, str]) -> bool:
    """Whether the pair's two sides come from different gold sub-events."""
    return gold.get(pair.a[0]) != gold.get(pair.b[0])


def pairs_of(story: Story, articles: Mapping[str, Article]) -> list[Pair]:
    from corroborator.corpus.sources import source_key, source_name

    out: list[Pair] = []
    for g in story.claims:
        if g.status != "corroborated":
            continue
        if g.agreeing:
            spans = [s for s, cid in zip(g.citations, g.claims, strict=True) if cid in g.agreeing]
        else:
            spans = [s for s in g.citations
                     if source_name(s.article, articles) in g.corroborated_by]
        for i, x in enumerate(spans):
            for y in spans[i + 1:]:
                if source_key(x.article, articles) != source_key(y.article, articles):
                    a, b = sorted((side(x, articles), side(y, articles)))
                    out.append(Pair("corroborated", a, b, story.id, g.text))
    for c in story.conflicts:
        seen: set[tuple[Side, Side]] = set()
        for i, p in enumerate(c.positions):
            for q in c.positions[i + 1:]:
                for x in p.citations:
                    for y in q.citations:
                        if source_key(x.article, articles) == source_key(y.article, articles):
                            continue
                        a, b = sorted((side(x, articles), side(y, articles)))
                        if (a, b) not in seen:
                            seen.add((a, b))
                            values = (p.value, q.value) if a[0] == x.article else (q.value, p.value)
                            out.append(Pair("disputed", a, b, story.id,
                                            f"{c.kind}: {c.about} | A {values[0]} vs B "
                                            f"{values[1]} | {c.note}"))
    return out


def load_judged(path: Path) -> dict[tuple[str, Side, Side], dict[str, Any]]:
    if not path.exists():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for j in raw["pairs"]:
        a, b = tuple(j["a"]), tuple(j["b"])
        out[j["verdict"], a, b] = j
    return out


def save_judged(path: Path, judged: Mapping[tuple[str, Side, Side], dict[str, Any]]) -> None:
    rows = sorted(judged.values(), key=lambda j: (j["verdict"], j["a"], j["b"]))
    body = ",\n".join("  " + json.dumps(r, ensure_ascii=False) for r in rows)
    path.write_text('{"pairs": [\n' + body + "\n]}\n", encoding="utf-8")


@dataclass(frozen=True)
class Scores:
    produced: dict[str, int]
    right: dict[str, int]
    judged: dict[str, int]
    baseline_right: int
    baseline_kept: int

    def precision(self, verdict: str) -> float:
        return self.right[verdict] / self.judged[verdict] if self.judged[verdict] else 1.0

    @property
    def recall(self) -> float:
        return self.baseline_kept / self.baseline_right if self.baseline_right else 1.0

    def unjudged(self, verdict: str) -> int:
        return self.produced[verdict] - self.judged[verdict]


def score(pairs: Sequence[Pair], judged: Mapping[tuple[str, Side, Side], dict[str, Any]]) -> Scores:
    produced = {"corroborated": 0, "disputed": 0}
    right = dict(produced)
    seen = dict(produced)
    keys = set()
    for p in pairs:
        keys.add(p.key)
        if not p.sampled:
            continue
        produced[p.verdict] += 1
        j = judged.get(p.key)
        if j is not None:
            seen[p.verdict] += 1
            right[p.verdict] += bool(j["right"])
    base = [k for k, j in judged.items()
            if j.get("baseline") and j["right"] and k[0] == "corroborated"]
    return Scores(produced, right, seen, len(base), sum(1 for k in base if k in keys))


def _context(s: Side, articles: Mapping[str, Article]) -> str:
    text = articles[s[0]].text
    lo = max(0, text.rfind("\n", 0, s[1]) + 1, s[1] - 200)
    hi = min(len(text), s[2] + 120)
    return (text[lo:s[1]] + "[[" + text[s[1]:s[2]] + "]]" + text[s[2]:hi]).replace("\n", " ")


def record(judged: dict[tuple[str, Side, Side], dict[str, Any]], dump: Path,
           verdicts: Path) -> int:
    """Add the judgments in ``verdicts`` (``N R|W reason``) of the pairs in ``dump``."""
    keys: dict[int, dict[str, Any]] = {}
    number = None
    for line in dump.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"#(\d+) ", line):
            number = int(m.group(1))
        elif line.startswith("{") and number is not None:
            keys[number] = json.loads(line)
    added = 0
    for line in verdicts.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        n, mark, reason = line.split(" ", 2)
        pair = keys[int(n)]
        a, b = tuple(pair["a"]), tuple(pair["b"])
        judged[pair["verdict"], a, b] = {
            "verdict": pair["verdict"], "a": list(a), "b": list(b),
            "right": mark == "R", "reason": reason.strip(),
        }
        added += 1
    return added


def _short(detail: str) -> str:
    about, _, rest = detail.partition(" | ")
    return (about[:100] + " | " + rest[:300]) if rest else about[:160]


def newswire_stories(
    path: Path, cache: Path | None
) -> Iterator[tuple[Story, dict[str, Article]]]:
    """The stories of a newswire JSONL file (``id``, ``text``, ``source``, ``published``)
    that the product's clustering finds reported by more than one outlet: no gold
    grouping, so a clustering error can show here as a wrong verdict."""
    from corroborator.corpus.stories import cluster
    from corroborator.pipeline import analyze_story

    arts = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            arts.append(Article(id=r["id"], text=r["text"], source=r.get("source"),
                                published=r.get("published"), title=r.get("title")))
    analyses = cached(cache, lambda: analyze(arts))
    by_id = {a.article.id: a for a in analyses}
    for sid, ids in cluster(analyses):
        if len({by_id[i].article.source for i in ids}) > 1:
            story, members = analyze_story(sid, [by_id[i] for i in ids])
            yield story, {m.article.id: m.article for m in members}


def topic_counts(
    found: Iterable[tuple[Story, dict[str, Article], dict[str, str]]],
) -> tuple[dict[tuple[str, bool], int], list[Pair], dict[str, Article]]:
    """Pairs of each verdict across (True) and within (False) the gold sub-events of
    whole-topic stories; the cross-event pairs; the articles' texts."""
    counts = {(v, x): 0 for v in ("corroborated", "disputed") for x in (True, False)}
    texts: dict[str, Article] = {}
    cross: list[Pair] = []
    for story, articles, gold in found:
        texts.update(articles)
        for p in pairs_of(story, articles):
            x = cross_event(p, gold)
            counts[p.verdict, x] += 1
            if x:
                cross.append(p)
    return counts, cross, texts


def report_topics(data: Path, seeds: Path, cache: Path | None, show: int) -> None:
    """Verdicts of whole-topic stories, across and within their two sub-events."""
    counts, cross, texts = topic_counts(topic_stories(data, seeds, cache))
    print("whole-topic stories (two sub-events each): pairs across / within sub-events")
    for verdict in ("corroborated", "disputed"):
        print(f"{verdict:13s} cross-event {counts[verdict, True]:5d}  "
              f"same-event {counts[verdict, False]:5d}")
    shown = {"corroborated": 0, "disputed": 0}
    for p in cross:
        if shown[p.verdict] >= show or (p.verdict == "corroborated" and not p.sampled):
            continue
        shown[p.verdict] += 1
        print(f"\n{p.verdict} [{p.story}] {_short(p.detail)}")
        print("  A:", _context(p.a, texts))
        print("  B:", _context(p.b, texts))


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--judged", type=Path, default=DEFAULT_JUDGED)
    ap.add_argument("--dump", action="store_true")
    ap.add_argument("--mark-baseline", action="store_true")
    ap.add_argument("--record", nargs=2, type=Path, metavar=("DUMP", "VERDICTS"))
    ap.add_argument("--newswire", type=Path, default=None,
                    help="also score the multi-outlet stories of this newswire JSONL "
                         "(../shared/data/newswire/newswire.jsonl: AFP and Xinhua)")
    ap.add_argument("--newswire-cache", type=Path, default=None)
    ap.add_argument("--topics", action="store_true",
                    help="also count the verdicts across the two sub-events of each ECB+ "
                         "topic, when a story holds the whole topic")
    ap.add_argument("--show-cross", type=int, default=0, metavar="N",
                    help="with --topics, print N cross-event pairs of each verdict to read")
    args = ap.parse_args(argv)
    judged = load_judged(args.judged)
    if args.record:
        added = record(judged, *args.record)
        save_judged(args.judged, judged)
        print(f"recorded {added} judgments in {args.judged}")
    pairs: list[Pair] = []
    texts: dict[str, Article] = {}
    found = stories(args.data, args.seeds, args.cache)
    if args.newswire:
        found = chain(found, newswire_stories(args.newswire, args.newswire_cache))
    for story, articles in found:
        pairs += pairs_of(story, articles)
        texts.update(articles)
    s = score(pairs, judged)
    total = {v: sum(1 for p in pairs if p.verdict == v) for v in ("corroborated", "disputed")}
    print(f"pairs produced: {total['corroborated']} corroborated, {total['disputed']} disputed;"
          f" sampled for judging: one in {SAMPLE_EVERY['corroborated']} and one in"
          f" {SAMPLE_EVERY['disputed']}")
    for verdict in ("corroborated", "disputed"):
        print(f"{verdict:13s} sampled {s.produced[verdict]:4d}  judged {s.judged[verdict]:4d}  "
              f"right {s.right[verdict]:4d}  precision {s.precision(verdict):.3f}  "
              f"unjudged {s.unjudged(verdict)}")
    print(f"recall of baseline right corroborations: {s.baseline_kept}/{s.baseline_right} "
          f"= {s.recall:.3f}")
    if args.topics:
        report_topics(args.data, args.seeds, args.cache, args.show_cross)
    if args.dump:
        for n, p in enumerate(q for q in pairs if q.sampled and q.key not in judged):
            print(f"\n#{n} {p.verdict} [{p.story}] {_short(p.detail)}")
            print(json.dumps({"verdict": p.verdict, "a": p.a, "b": p.b}))
            print("  A:", _context(p.a, texts))
            print("  B:", _context(p.b, texts))
    if args.mark_baseline:
        keys = {p.key for p in pairs}
        for k, j in judged.items():
            if k in keys:
                j["baseline"] = True
        save_judged(args.judged, judged)
    return 0


if __name__ == "__main__":
    sys.exit(main())
