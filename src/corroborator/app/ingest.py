"""Adding articles to a store and placing them into storylines.

Ingest is idempotent: articles already in the store (same id, same text) are skipped
before parsing, so re-ingesting the same inputs changes nothing. A different article that
claims a stored id is an error entry ("id clash"), never a silent skip. New articles are
parsed, analyzed, checked for syndicated copies against everything stored, and placed
into storylines one at a time in publication order (undated ones last, in input order).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from threading import Event

from datasketch import MinHash

from corroborator.corpus import dedup, features, stories, story_index
from corroborator.inputs.readers import error_line, error_summary, split_errors
from corroborator.inputs.records import content_hash, stored_id_clash
from corroborator.model import (
    Article,
    ArticleAnalysis,
    InputIssue,
    Parsed,
    Story,
)
from corroborator.run.progress import progress
from corroborator.store.database import Store, StoredArticle
from corroborator.story import events

AnalyzeArticle = Callable[[Parsed], ArticleAnalysis]
AnalyzeStory = Callable[[str, Sequence[ArticleAnalysis]], tuple[Story, tuple[ArticleAnalysis, ...]]]
ParseArticles = Callable[[Sequence[Article]], Iterable[Parsed]]








def default_parse(articles: Sequence[Article]) -> Iterable[Parsed]:
    """The NLP stage (spaCy), two processes for large batches."""
    from corroborator.nlp.parse import parse_articles

    return parse_articles(articles, expected=len(articles))


def default_analyze(parsed: Parsed) -> ArticleAnalysis:
    """Pipeline stage 3."""
    from corroborator.pipeline import analyze_article

    return analyze_article(parsed)




@dataclass(frozen=True, slots=True)
class Placed:
    """What happened to one new article."""

    article: Article
    story_id: str
    new_story: bool
    merged: tuple[str, ...] = ()
    #: earlier articles that moved to another story after this one arrived:
    #: (article id, from story, to story)
    moved: tuple[tuple[str, str, str], ...] = ()
    #: the event of its story it went to, and whether that event is new
    event_id: str = ""
    new_event: bool = False
    #: earlier articles that changed event: (article id, from event, to event)
    event_moves: tuple[tuple[str, str, str], ...] = ()
    #: events merged into another: (old event, into event)
    event_merges: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class IngestReport:
    """The outcome of one ingest: new articles, skipped ones and unreadable inputs.

    ``errors`` holds both inputs that were skipped and inputs that were processed with a
    note (``flagged``, e.g. decoded from latin-1); see :func:`readers.split_errors`.
    """

    placed: tuple[Placed, ...]
    already_stored: int
    errors: tuple[InputIssue, ...] = ()

    @property
    def new_stories(self) -> tuple[str, ...]:
        return tuple(p.story_id for p in self.placed if p.new_story)

    @property
    def skipped(self) -> tuple[InputIssue, ...]:
        return tuple(split_errors(self.errors)[0])

    @property
    def flagged(self) -> tuple[InputIssue, ...]:
        return tuple(split_errors(self.errors)[1])

    def error_lines(self) -> list[str]:
        """One line per error entry, naming the input and the reason (for stderr)."""
        return [error_line(e) for e in self.errors]

    def lines(self) -> list[str]:
        """Human-readable lines: one per new article, then a total with what was skipped
        or flagged and why."""
        out = []
        for p in self.placed:
            what = "new story" if p.new_story else "joins"
            extra = f" (copy of {p.article.duplicate_of})" if p.article.duplicate_of else ""
            if p.merged:
                extra += f" (merged {', '.join(p.merged)})"
            if p.event_id:
                extra += f", {'new event' if p.new_event else 'event'} {p.event_id}"
            title = p.article.title or p.article.text.strip().split("\n", 1)[0][:70]
            out.append(f"+ {p.article.id}  {what} {p.story_id}{extra}  {title}")
            out += [f"  ~ {aid}  moves from {src} to {dst}" for aid, src, dst in p.moved]
            out += [f"  ~ {aid}  moves from event {src} to {dst}"
                    for aid, src, dst in p.event_moves]
            out += [f"  = event {old} merged into {new}" for old, new in p.event_merges]
        merges = sum(len(p.merged) for p in self.placed)
        merged = f" ({merges} merged into another)" if merges else ""
        moves = sum(len(p.moved) for p in self.placed)
        moved = f", {moves} earlier articles moved to another story" if moves else ""
        total = (f"{len(self.placed)} new articles, {len(self.new_stories)} new stories"
                 f"{merged}{moved}, {self.already_stored} already stored")
        out.append("; ".join([total, *error_summary(self.errors)]))
        return out


@dataclass
class Ingester:
    """Places analyzed articles into a store; keeps the indexes loaded between batches.

    ``features_of`` and ``signature_of`` are the clustering features and the MinHash
    of an article (replaceable: the scale benchmark perturbs repeated articles).

    The indexes are read inside the write transaction, and read again when another
    process wrote to the store since (or when a write of ours failed), so that two
    ingests into one store never place articles against a stale index.
    """

    store: Store
    features_of: Callable[[ArticleAnalysis, int], features.ArticleFeatures] = (
        features.article_features)
    signature_of: Callable[[Article], MinHash | None] = field(
        default=lambda art: dedup.signature(art.text))
    index: story_index.StoryIndex = field(init=False, default_factory=story_index.StoryIndex)
    duplicates: dedup.DuplicateIndex = field(init=False, default_factory=dedup.DuplicateIndex)
    #: articles of the last :meth:`add` that another process stored first, with what
    #: the store holds under their ids
    raced: list[tuple[Article, StoredArticle]] = field(init=False, default_factory=list)
    _loaded_at: int | None = field(init=False, default=None, repr=False)

    def _refresh(self) -> None:
        """Load the indexes unless they match the store (call inside the transaction)."""
        version = self.store.data_version
        if self._loaded_at != version:
            self.index = self.store.load_index()
            self.duplicates = self.store.load_duplicate_index()
            self._loaded_at = version

    def add(self, analyses: Sequence[ArticleAnalysis]) -> list[Placed]:
        """Dedup, cluster and store ``analyses`` (ids not yet stored), oldest first.

        An article another process stored since it was parsed is not stored again; it
        is listed in :attr:`raced`.
        """
        out: list[Placed] = []
        try:
            with self.store.transaction():
                self._refresh()
                out = self._place(analyses)
        except BaseException:
            self._loaded_at = None  # the in-memory indexes hold the rolled-back writes
            raise
        return out

    def _place(self, analyses: Sequence[ArticleAnalysis]) -> list[Placed]:
        stored = self.store.stored(a.article.id for a in analyses)
        self.raced = [(a.article, stored[a.article.id]) for a in analyses
                      if a.article.id in stored]
        analyses = [a for a in analyses if a.article.id not in stored]
        feats = [self.features_of(a, i) for i, a in enumerate(analyses)]
        order = sorted(range(len(analyses)), key=lambda i: stories.chrono_key(feats[i]))
        out: list[Placed] = []
        for i in order:
            analysis, feat = analyses[i], feats[i]
            sig = self.signature_of(analysis.article)
            original = self.duplicates.check(analysis.article.id, sig)
            if original is not None:
                art = replace(analysis.article, duplicate_of=original)
                analysis = replace(analysis, parsed=replace(analysis.parsed, article=art))
                self.duplicates.add(art.id, None)
            else:
                self.duplicates.add(analysis.article.id, sig)
            placement = self.index.add(feat, into=original)
            self.store.add_article(analysis, sig)
            self.store.save_placement(self.index, feat, placement)
            out.append(self._place_event(analysis, feat, placement))
        return out

    def _place_event(self, analysis: ArticleAnalysis, feat: features.ArticleFeatures,
                     placement: story_index.Placement) -> Placed:
        """Recompute the events of the stories the placement touched (the article's own
        and those articles moved between) and say where the article went."""
        art = analysis.article
        if not art.published:
            # an undated article: its publication date inferred from the story's dates,
            # as the brief's stage 6a does
            from corroborator.article.times import infer_publication
            from corroborator.pipeline import with_publication

            dates, _ = self.store.publication_dates(placement.story_id)
            guess = infer_publication(analysis.parsed, analysis.times, dates)
            if guess:
                analysis = with_publication(analysis, guess)
        feats = events.event_features(analysis, feat.counts)
        results = self.store.update_events(
            (placement.story_id, *placement.touched()), {art.id: feats})
        mine = results[self.index.resolve(placement.story_id)]
        event_id = next(eid for eid, ids in mine.events if art.id in ids)
        return Placed(
            art, placement.story_id, placement.created, placement.merged, placement.moved,
            event_id=event_id, new_event=event_id in mine.created,
            event_moves=tuple(m for r in results.values() for m in r.moved),
            event_merges=tuple(m for r in results.values() for m in r.merged))


def ingest(
    store: Store,
    inputs: Iterable[str | Path],
    *,
    analyze: AnalyzeArticle | None = None,
    parse: ParseArticles | None = None,
    quiet: bool = True,
) -> IngestReport:
    """Read ``inputs``; parse, analyze and place only the articles not yet stored.

    An article whose id is stored with the same text is already stored (nothing to do);
    with a different text it is an error entry naming its input and the id. ``quiet=False``
    draws a progress bar on a terminal while articles are analyzed.
    """
    from corroborator.inputs.readers import read_inputs

    articles, errors = read_inputs(list(inputs))
    return ingest_articles(store, articles, errors, analyze=analyze, parse=parse, quiet=quiet)


def ingest_articles(
    store: Store,
    articles: Sequence[Article],
    errors: Sequence[InputIssue] = (),
    *,
    analyze: AnalyzeArticle | None = None,
    parse: ParseArticles | None = None,
    quiet: bool = True,
    stop: Event | None = None,
) -> IngestReport:
    """:func:`ingest` for articles already read (from files, feeds or web pages).

    With ``stop``, analysis ends after the current article once the event is set; the
    articles analyzed so far are still placed and stored (one transaction).
    """
    errors = list(errors)
    unique: dict[str, Article] = {}
    for art in articles:
        unique.setdefault(art.id, art)  # the reader reports clashing ids as errors
    stored = store.stored(unique)  # before any parsing: a repeated ingest costs no NLP
    new: list[Article] = []
    already = 0

    def known(art: Article, old: StoredArticle) -> None:
        nonlocal already
        if old.content_hash == content_hash(art.text):
            already += 1
        else:
            errors.append(stored_id_clash(art.path, art.id, old.path))

    for art in unique.values():
        old = stored.get(art.id)
        if old is None:
            new.append(art)
        else:
            known(art, old)
    parse = parse or default_parse
    analyze = analyze or default_analyze
    analyses = []
    if new:
        for parsed in progress(parse(new), total=len(new), label="analyzing", quiet=quiet):
            if stop is not None and stop.is_set():
                break
            analyses.append(analyze(parsed))
            if stop is not None and stop.is_set():
                break
    placed: list[Placed] = []
    if analyses:
        ingester = Ingester(store)
        placed = ingester.add(analyses)
        for art, old in ingester.raced:  # stored by another ingest while we parsed
            known(art, old)
    return IngestReport(tuple(placed), already_stored=already, errors=tuple(errors))
