"""Quotation attribution on PolNeAR (political news, seven US outlets): found and speaker.

PolNeAR annotates attributions as BRAT standoff: a Source span (who), a Cue span (the
verb or "according to") and a Content span (what), linked by an ``E`` line; fragments of
a span are ``;``-separated. A *quoted* attribution is one whose Content holds a
quotation mark. For each one this prints

* found: one of our direct quotes overlaps the Content;
* right speaker: the quote overlapping most of the Content has a ``speaker_citation``
  that (a) overlaps the annotated Source (pronouns included: "he" is right when the
  Source is "he"), or (b) is the same name as the Source at another place (a
  continuation cites the "X said" before it, the annotation the one after), or (c) for
  a report of a report ("“...,” X said, according to CNN", one attribution with Source
  CNN and Content "“...,” X said"), is the name or personal pronoun heading the subject
  of the speech verb inside the Content that cues the quote. A pronoun is never judged
  by what we resolved it to. Attributions with no Source span are left out of this
  share; the output counts how many were judged right by each of (a), (b), (c);
* the same for named sources (the Source holds a proper noun).

The corpus has no licence: it is read from a local copy at run time and nothing of it is
written into the repository. Only the train and dev splits are read; the test split is
held out and this script refuses it.

    .venv/bin/python benchmarks/quote_eval.py --polnear DIR --split dev [--cache FILE]
        [--show N] [--category KIND]
    .venv/bin/python benchmarks/quote_eval.py --same-event [--seeds DIR] [--ecb DIR]

Both strict and loose shares are printed, strict first: strict counts only (a), the
criterion the held-out evaluation uses. ``--same-event`` scores a judged set of
quotations by named people in same-event reports (the seeds and ECB+ dev); see
:func:`same_event`.

``--cache`` pickles the parses (outside the repository) so that tuning does not re-parse;
``--show N`` prints N misattributed quotes for inspection (on the terminal only).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench_cache import cached
from corroborator.article import mentions, zones
from corroborator.lexicon import speech
from corroborator.model import Article, Parsed, Quote
from corroborator.story import entities, quotes

SPLITS = ("train", "dev")
SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
JUDGED = Path(__file__).resolve().parent / "same_event_speakers.json"
_QUOTE_MARK = re.compile("[\"\u201c\u201d]")
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"})

_PERSONAL = frozenset({"he", "she", "they", "i", "we"})
_CUES = speech.SPEECH_VERBS | speech.QUOTE_CUE_VERBS

Frags = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Attribution:
    source: Frags
    cue: Frags
    content: Frags


def _frags(spec: str) -> Frags:
    out = []
    for part in spec.split(";"):
        s, e = part.split()
        out.append((int(s), int(e)))
    return tuple(out)


def read_ann(path: Path) -> list[Attribution]:
    """The attributions of one BRAT standoff file."""
    spans: dict[str, tuple[str, Frags]] = {}
    links: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            label, _, spec = cols[1].partition(" ")
            spans[cols[0]] = (label, _frags(spec))
        elif line.startswith("E") and len(cols) >= 2:
            links.append(dict(part.split(":", 1) for part in cols[1].split() if ":" in part))
    out = []
    for link in links:
        def get(role: str, link: dict[str, str] = link) -> Frags:
            tid = link.get(role)
            return spans[tid][1] if tid in spans else ()

        out.append(Attribution(get("Source"), get("Cue"), get("Content")))
    return out


def load_split(root: Path, split: str) -> list[tuple[Article, list[Attribution]]]:
    """Articles of a split with the attributions of one annotator (the first by file name)."""
    if split not in SPLITS:
        raise SystemExit(f"split {split!r} refused: only {', '.join(SPLITS)} may be read")
    base = root / "data" / split
    anns = sorted((base / "attributions").glob("*.ann"))
    out = []
    for txt in sorted((base / "text").glob("*.txt")):
        mine = [a for a in anns if a.name.startswith(txt.stem + "_")]
        if not mine:
            continue
        text = txt.read_text(encoding="utf-8")
        out.append((Article(id=txt.stem, text=text, source=txt.stem.split("_")[0]),
                    read_ann(mine[0])))
    return out


def attribute(parsed: Parsed) -> tuple[Quote, ...]:
    """Zones, mentions, entities and quotes of one article, as the pipeline runs them."""
    zs = zones.classify(parsed)
    aid = parsed.article.id
    ents = entities.resolve([mentions.find_mentions(parsed, zs)], {aid: parsed.article.source})
    return quotes.find_quotes([parsed], {aid: zs}, ents)


def _overlap(a: tuple[int, int], frags: Frags) -> int:
    return sum(max(0, min(a[1], e) - max(a[0], s)) for s, e in frags)


def _reported_inside(parsed: Parsed, q: Quote, content: Frags) -> bool:
    """The quote's speaker and cue are inside the annotated Content, outside its quotes.

    "“...,” X said, according to CNN" is annotated as one attribution: Source CNN, Content
    "“...,” X said". That Content is itself a report of X's words, so X, the subject of a
    speech verb inside it, is the quotation's speaker as a reader names it; CNN reported
    that X said it. Both are right. Only a name or a personal pronoun with a speech or
    quoting verb counts ("items labeled “...”" inside a Content is not a speaker).
    """
    sc = q.speaker_citation
    if sc is None or q.cue is None:
        return False

    def inside(a: int, b: int) -> bool:
        return any(s <= a and b <= e for s, e in content) and not any(
            s <= a and b <= e for s, e in quotes.quote_runs(parsed.article.text)
        )

    if not inside(sc.start, sc.end):
        return False
    mention = [t for t in parsed.tokens if sc.start <= t.start and t.end <= sc.end]
    inside_ids = {t.i for t in mention}
    heads = [t for t in mention if t.head not in inside_ids or t.head == t.i]
    # the mention's head is a name or a personal pronoun ("his meeting with X" is not X)
    if not heads or not (heads[0].pos == "PROPN" or heads[0].text.lower() in _PERSONAL):
        return False
    return any(
        t.text == q.cue and t.lemma.lower() in _CUES and inside(t.start, t.end)
        for t in parsed.tokens
        if content[0][0] <= t.start and t.end <= content[-1][1]
    )


def _surname(parsed: Parsed, span: Frags) -> str | None:
    """The last proper noun of a span ("Maria Espinoza, a candidate" gives "espinoza")."""
    names = [
        t.text.lower() for t in parsed.tokens
        if t.pos == "PROPN" and any(s <= t.start and t.end <= e for s, e in span)
    ]
    return names[-1] if names else None


def _same_name(parsed: Parsed, mention: tuple[int, int], source: Frags) -> bool:
    """The speaker mention names the same person as the Source by the same name, at
    another place ("“A,” X said. / “B.”": we cite the first "X", the annotation the one
    after the quotation). A pronoun never counts here: "he" is not judged by what we
    resolved it to."""
    mine = _surname(parsed, (mention,))
    return mine is not None and mine not in _PRONOUNS and mine == _surname(parsed, source)


def _judge(parsed: Parsed, q: Quote, g: Attribution) -> str | None:
    """Why the quote's speaker mention is right for ``g`` (None: it is not)."""
    sc = q.speaker_citation
    if sc is None:
        return None
    if _overlap((sc.start, sc.end), g.source) > 0:
        return "overlap"
    if _same_name(parsed, (sc.start, sc.end), g.source):
        return "same name"
    if _reported_inside(parsed, q, g.content):
        return "nested report"
    return None


def _failure(parsed: Parsed, q: Quote, g: Attribution, how: str | None) -> str:
    """The kind of a strict miss (the speaker mention does not overlap the Source)."""
    sc = q.speaker_citation
    if sc is None or q.speaker_text is None:
        return "unattributed"
    if how == "nested report":
        return "reporter annotated"
    text = parsed.article.text
    gold = " ".join(text[s:e] for s, e in g.source).lower()
    gold_words = set(re.findall(r"[\w'-]+", gold))
    mine = (q.speaker_text or "").lower().split()
    same_person = bool(mine) and mine[-1].removesuffix("'s") in gold_words
    if how == "same name" or same_person:
        return "same person, other mention"
    if gold_words & _PRONOUNS:
        return "annotated a pronoun, other person"
    return "other person"


def _named(parsed: Parsed, frags: Frags) -> bool:
    return any(
        t.pos == "PROPN" and t.text.lower() not in _PRONOUNS
        for t in parsed.tokens
        if any(s <= t.start and t.end <= e for s, e in frags)
    )


def _sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _last_name(name: str | None) -> str:
    """The last word of a resolved speaker name, lower-cased ("Adm. Brad Cooper": cooper)."""
    words = re.findall(r"[\w'’.-]+", name or "")
    last = words[-1].lower() if words else ""
    return re.sub(r"(?:['’]s)$", "", last).strip(".")


@dataclass(frozen=True)
class SameEvent:
    """Judged same-event quotations scored: right and judged per sample, and the misses."""

    articles: int
    tally: dict[str, tuple[int, int]]
    wrong: tuple[str, ...]
    drift: int

    @property
    def share(self) -> float:
        n = sum(k for _, k in self.tally.values())
        return sum(r for r, _ in self.tally.values()) / max(1, n)


def score_same_event(seeds: Path, ecb: Path) -> SameEvent:
    """Share of judged quotations by a named person that go to that person.

    The judgments (``same_event_speakers.json``) were made by reading the product's
    quotations on the seeds and a sample of ECB+ dev articles (same-event reports). Each
    holds the quotation's span, a hash of its text and a hash of the speaker's surname;
    a quotation counts as right when the speaker we resolve it to has that surname.
    """
    judged = json.loads(JUDGED.read_text(encoding="utf-8"))["judgments"]
    texts: dict[str, Article] = {}
    for path in sorted(seeds.glob("*.txt")):
        texts[path.stem] = Article(id=path.stem, text=path.read_text(encoding="utf-8"),
                                   source=path.stem)
    wanted = {j["article"] for j in judged}
    with open(ecb / "ecb_dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r["id"] in wanted:
                texts[r["id"]] = Article(id=r["id"], text=r["text"], source=r.get("source"))
    missing = sorted(wanted - texts.keys())
    if missing:
        raise SystemExit(f"judged articles not found: {', '.join(missing)}")
    from corroborator.nlp.parse import parse_articles

    arts = [texts[a] for a in sorted(wanted)]
    found = {p.article.id: [q for q in attribute(p) if q.direct]
             for p in parse_articles(arts, n_process=2)}
    tally: dict[str, list[int]] = {}  # sample -> [right, judged]
    drift = 0
    wrong: list[str] = []
    for j in judged:
        a, s, e = j["article"], j["start"], j["end"]
        if _sha(texts[a].text[s:e]) != j["text_sha1"]:
            drift += 1  # the article changed since it was judged
            continue
        hits = [q for q in found[a] if q.citation.start < e and s < q.citation.end]
        q = hits[0] if hits else None
        ok = q is not None and _sha(_last_name(q.speaker_text)) == j["speaker_sha1"]
        row = tally.setdefault(j.get("sample", "all"), [0, 0])
        row[0] += ok
        row[1] += 1
        if not ok:
            wrong.append(f"{a}:{s}" + (f" ({q.attribution or 'unattributed'})" if q else
                                       " (not found)"))
    return SameEvent(len(wanted), {k: (r, n) for k, (r, n) in tally.items()}, tuple(wrong),
                     drift)


def same_event(seeds: Path, ecb: Path, show: int = 0) -> int:
    got = score_same_event(seeds, ecb)
    right = sum(r for r, _ in got.tally.values())
    n = sum(k for _, k in got.tally.values())
    print(f"same-event reports: {got.articles} articles, {n} judged quotations by a named"
          " person" + (f" ({got.drift} skipped: text changed)" if got.drift else ""))
    print(f"attributed to that person:              {got.share:.3f} ({right}/{n})")
    for sample, (r, k) in sorted(got.tally.items()):
        print(f"  sample {sample:8s}                      {r / max(1, k):.3f} ({r}/{k})")
    for w in got.wrong[: show or len(got.wrong)]:
        print(f"  wrong: {w}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--polnear", type=Path, default=None, help="local copy of PolNeAR")
    ap.add_argument("--same-event", action="store_true",
                    help="score the judged quotations of the seeds and ECB+ dev instead")
    ap.add_argument("--seeds", type=Path, default=SHARED / "corpora" / "seeds")
    ap.add_argument("--ecb", type=Path, default=SHARED / "data" / "ecbplus-dev")
    ap.add_argument("--split", default="dev", help="train or dev (test is refused)")
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the parses")
    ap.add_argument("--show", type=int, default=0, help="print N wrong attributions")
    ap.add_argument("--category", default="", help="with --show: only misses of this kind")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = ap.parse_args(argv)
    if args.same_event:
        return same_event(args.seeds, args.ecb, args.show)
    if args.polnear is None:
        ap.error("--polnear DIR is required (or --same-event)")
    if args.split not in SPLITS:
        print(f"split {args.split!r} refused: only {', '.join(SPLITS)} may be read",
              file=sys.stderr)
        return 2
    data = load_split(args.polnear, args.split)
    if args.limit:
        data = data[: args.limit]
    t0 = time.perf_counter()
    from corroborator.nlp.parse import parse_articles

    parsed: list[Parsed] = cached(
        args.cache, lambda: list(parse_articles([a for a, _ in data], n_process=2))
    )
    t1 = time.perf_counter()
    total = found = scored = named = 0
    strict = loose = named_strict = named_loose = 0
    by_rule: dict[str, list[int]] = {}
    judged: dict[str, int] = {}
    failures: dict[str, int] = {}
    shown = 0
    for p, (_, gold) in zip(parsed, data, strict=True):
        text = p.article.text
        direct = [q for q in attribute(p) if q.direct]
        # quotes whose speaker mention overlaps the Source of some attribution of them
        # (a nested report is annotated twice: "X said Y called it “...”")
        right_once = {
            id(q) for g in gold if g.source for q in direct
            if _overlap((q.citation.start, q.citation.end), g.content) > 0
            and q.speaker_citation is not None
            and _overlap((q.speaker_citation.start, q.speaker_citation.end), g.source) > 0
        }
        for g in gold:
            if not g.content or not any(_QUOTE_MARK.search(text[s:e]) for s, e in g.content):
                continue
            total += 1
            hits = [(_overlap((q.citation.start, q.citation.end), g.content), q) for q in direct]
            hits = [h for h in hits if h[0] > 0]
            if not hits:
                if shown < args.show and args.category in ("", "missed"):
                    shown += 1
                    s, e = g.content[0]
                    print(f"MISSED {p.article.id} {text[s:min(e, s + 160)]!r}")
                continue
            found += 1
            if not g.source:
                continue
            q = max(hits, key=lambda h: h[0])[1]
            sc = q.speaker_citation
            how = _judge(p, q, g)
            if how is not None:
                judged[how] = judged.get(how, 0) + 1
            is_named = _named(p, g.source)
            scored += 1
            named += is_named
            ok = how == "overlap"
            strict += ok
            loose += how is not None
            named_strict += ok and is_named
            named_loose += how is not None and is_named
            rule = getattr(q, "attribution", None) or "none"
            by_rule.setdefault(rule, [0, 0])[0] += 1
            by_rule[rule][1] += ok
            if ok:
                continue
            why = "annotated twice" if id(q) in right_once else _failure(p, q, g, how)
            failures[why] = failures.get(why, 0) + 1
            if shown < args.show and args.category in ("", why):
                shown += 1
                src = " | ".join(text[s:e] for s, e in g.source)
                got = text[sc.start:sc.end] if sc else None
                lo = min([q.citation.start - 200] + [s - 40 for s, _ in g.source])
                ctx = (text[max(0, lo):q.citation.start] + "[[" +
                       text[q.citation.start:q.citation.end][:150] + "]]" +
                       text[q.citation.end:q.citation.end + 80]).replace("\n", " / ")
                print(f"WRONG[{why}] {p.article.id} named={is_named} gold={src!r} got={got!r}"
                      f" as={q.speaker_text!r} rule={rule} why={q.unattributed!r}\n    {ctx!r}")
    t2 = time.perf_counter()
    print(f"PolNeAR {args.split}: {len(data)} articles, {total} quoted attributions"
          f" ({scored} with a source, {named} named)")
    print(f"quotations found:                       {found / max(1, total):.3f}"
          f" ({found}/{total})")
    print("strict (speaker mention overlaps the annotated source):")
    print(f"  right speaker mention:                {strict / max(1, scored):.3f}"
          f" ({strict}/{scored})")
    print(f"  right speaker, named sources:         {named_strict / max(1, named):.3f}"
          f" ({named_strict}/{named})")
    print("loose (also the same name at another place, or the speaker inside a report):")
    print(f"  right speaker mention:                {loose / max(1, scored):.3f}"
          f" ({loose}/{scored})")
    print(f"  right speaker, named sources:         {named_loose / max(1, named):.3f}"
          f" ({named_loose}/{named})")
    print("  right by: " + ", ".join(f"{k} {v}" for k, v in sorted(judged.items())))
    print("  strict misses: " + ", ".join(
        f"{k} {v}" for k, v in sorted(failures.items(), key=lambda kv: -kv[1])))
    for rule, (n, ok) in sorted(by_rule.items()):
        print(f"  by rule {rule:13s} {ok}/{n} strict")
    print(f"parse {t1 - t0:.1f}s, attribution {t2 - t1:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
