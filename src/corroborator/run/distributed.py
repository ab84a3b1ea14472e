"""Ingest on a Dask cluster: workers read, parse and analyze their own share of the inputs.

    1. plan      (client) inputs -> small descriptors (:class:`FileBatch`, a few file
                 paths; :class:`JsonlRange`, a byte range of a JSONL file; or
                 :class:`ArticleBatch`, articles the client read itself: stdin, URLs)
    2. read      (worker) a descriptor -> its articles and error entries; only ids,
                 content hashes and the errors come back
    3. check     (client) repeats and id clashes across descriptors are settled in input
                 order; stored articles are skipped
    4. analyze   (worker, any idle one) the descriptor is read again and its new articles
                 go through pipeline stages 2-3, returned in the store's compact
                 encoding, with their MinHash signatures
    5. place     (client) dedup and story placement stay serial, through the same
                 :class:`~corroborator.app.ingest.Ingester` as a local ingest,
                 which writes the store

The task graph holds descriptors, never article texts, so the scheduler sees a few
kilobytes whatever the archive's size. An input a worker cannot read, or an article whose
analysis fails there, becomes an ``errors`` entry naming it; the rest is still ingested.
Workers need corroborator and its spaCy model installed (the same environment as the
client); each worker process loads the model once and keeps it.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corroborator.corpus import dedup
from corroborator.corpus.features import ArticleFeatures, article_features
from corroborator.errors import InputReadError
from corroborator.inputs.formats import load_json, record_to_article
from corroborator.inputs.readers import Input, ReadReport, expand_path, read_report
from corroborator.inputs.records import content_hash, stored_id_clash
from corroborator.model import Article, ArticleAnalysis, InputIssue
from corroborator.run.cluster import quiet_dask, why
from corroborator.run.progress import progress
from corroborator.settings import MAX_FILE_BYTES

#: Bytes of input per read task. Small enough that two workers share a 600-article file
#: (~1 MB of newswire JSONL) in ~35 tasks and finish together (a task of ~18 articles
#: takes ~1 s on one core; with 64 KB the workers split 52/48 and the 2-worker speed-up
#: measured 1.64, with 32 KB 50/50 and 1.74 on a quiet 2-core machine), large enough that
#: the scheduler's per-task cost (~1 ms) stays small on a 1 GB archive (~32,000 tasks).
PARTITION_BYTES = 32 * 1024

#: Most files in one :class:`FileBatch` (many tiny files still make several tasks).
PARTITION_MAX_FILES = 32

#: Articles per :class:`ArticleBatch` (inputs the client reads itself).
PARTITION_MAX_ARTICLES = 32

#: Suffixes of files read in byte ranges (one JSON record per line).
_JSONL_SUFFIXES = (".jsonl", ".ndjson")


# --------------------------------------------------------------------------- descriptors


@dataclass(frozen=True, slots=True)
class FileBatch:
    """Whole files, each read with the reader registered for its suffix."""

    paths: tuple[str, ...]

    def names(self) -> tuple[str, ...]:
        return self.paths


@dataclass(frozen=True, slots=True)
class JsonlRange:
    """Lines of a JSONL file in bytes ``[start, end)``; ``first_line`` numbers the first."""

    path: str
    start: int
    end: int
    first_line: int

    def names(self) -> tuple[str, ...]:
        return (f"{self.path} (bytes {self.start}-{self.end})",)


@dataclass(frozen=True, slots=True)
class ArticleBatch:
    """Articles the client read itself (stdin, web pages and feeds, records)."""

    articles: tuple[Article, ...]

    def names(self) -> tuple[str, ...]:
        return tuple(a.path or a.id for a in self.articles)


Descriptor = FileBatch | JsonlRange | ArticleBatch


@dataclass(frozen=True)
class Plan:
    """The descriptors of one ingest, in input order, and what the client could not read."""

    parts: tuple[Descriptor, ...]
    errors: tuple[InputIssue, ...] = ()


def plan_inputs(inputs: Iterable[Input]) -> Plan:
    """Descriptors for ``inputs``, in input order. Only file sizes and, for JSONL files,
    line breaks are read here; directories are listed, not read. Stdin, URLs and
    records are read by the client (they are not files a worker could open)."""
    report = ReadReport()
    parts: list[Descriptor] = []
    files: list[str] = []
    size = 0
    direct: list[Input] = []

    def flush_files() -> None:
        nonlocal files, size
        if files:
            parts.append(FileBatch(tuple(files)))
        files, size = [], 0

    def flush_direct() -> None:
        nonlocal direct
        if direct:
            got = read_report(direct)
            report.errors.extend(got.errors)
            for i in range(0, len(got.articles), PARTITION_MAX_ARTICLES):
                parts.append(ArticleBatch(tuple(got.articles[i : i + PARTITION_MAX_ARTICLES])))
        direct = []

    for item in inputs:
        if not isinstance(item, str | Path) or str(item) == "-" or re.match(
                r"(?i)https?://", str(item)):
            flush_files()
            direct.append(item)
            continue
        flush_direct()
        for path in expand_path(Path(item), report):
            ranges = _jsonl_ranges(path)
            if ranges is not None and len(ranges) > 1:
                flush_files()
                parts.extend(ranges)
                continue
            try:
                n = path.stat().st_size
            except OSError:
                n = 0
            if files and (size + n > PARTITION_BYTES or len(files) >= PARTITION_MAX_FILES):
                flush_files()
            files.append(str(path))
            size += n
    flush_files()
    flush_direct()
    return Plan(tuple(parts), tuple(report.errors))


#: Line breaks ``str.splitlines`` knows besides LF and CRLF (a lone CR too; a CR cut from
#: its LF by a chunk boundary only makes the file read whole).
_OTHER_LINE_BREAK = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]|\r(?!\n)")


def _jsonl_ranges(path: Path) -> list[JsonlRange] | None:
    """Byte ranges of about :data:`PARTITION_BYTES`, cut after a line break, for a JSONL
    file; None for any other file, and for one the reader must take whole to read it as a
    local ingest does: one over the size limit, one whose text is not plain UTF-8 (a
    byte-order mark, another encoding, a JSON array), or one with a line break other than
    LF and CRLF (the reader splits lines on those too)."""
    if path.suffix.lower() not in _JSONL_SUFFIXES:
        return None
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        with path.open("rb") as fh:
            head = fh.read(8192)
            if head.startswith((b"\xff\xfe", b"\xfe\xff", codecs.BOM_UTF8)) or (
                    b"\x00" in head or head.lstrip().startswith(b"[")):
                return None
            fh.seek(0)
            ranges: list[JsonlRange] = []
            start, line, pos = 0, 1, 0
            lines_in_range = 0
            decoder = codecs.getincrementaldecoder("utf-8")()
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                try:
                    text = decoder.decode(chunk)
                except UnicodeDecodeError:
                    return None
                if _OTHER_LINE_BREAK.search(text):
                    return None
                at = 0
                while True:
                    nl = chunk.find(b"\n", at)
                    if nl < 0:
                        break
                    lines_in_range += 1
                    at = nl + 1
                    if pos + at - start >= PARTITION_BYTES:
                        ranges.append(JsonlRange(str(path), start, pos + at, line))
                        start, line, lines_in_range = pos + at, line + lines_in_range, 0
                pos += len(chunk)
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                return None
            if pos > start:
                ranges.append(JsonlRange(str(path), start, pos, line))
    except OSError:
        return None  # the reader reports it with its reason
    return ranges


# --------------------------------------------------------------------------- worker side


@dataclass
class Shard:
    """What a worker read from one descriptor."""

    articles: list[Article] = field(default_factory=list)
    errors: list[InputIssue] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Head:
    """What the client needs of a read article to decide whether to analyze it."""

    id: str
    content_hash: str
    origin: str
    path: str | None


@dataclass(frozen=True, slots=True)
class Analyzed:
    """One analyzed article, compact: the store's encoding, the MinHash bytes, and the
    clustering features (computed here, so that the serial placement does less)."""

    blob: bytes
    signature: bytes | None
    features: ArticleFeatures


def read_part(part: Descriptor) -> Shard:
    """Step 2 (on a worker): read one descriptor; failures become error entries."""
    if isinstance(part, ArticleBatch):
        return Shard(list(part.articles))
    if isinstance(part, JsonlRange):
        return _read_range(part)
    try:
        got = read_report(list(part.paths))
    except Exception as exc:  # anything unexpected still names the files
        return Shard(errors=[InputIssue(p, f"cannot read on the worker: {why(exc)}")
                             for p in part.paths])
    return Shard(got.articles, got.errors)


def _read_range(part: JsonlRange) -> Shard:
    """The records of one byte range, as the JSONL reader reads a whole file (each
    line's ``path`` is ``file:line``). A line that is not UTF-8 is decoded with U+FFFD
    for the bad bytes, with a note, as JSONL on stdin is."""
    report = ReadReport()
    try:
        with open(part.path, "rb") as fh:
            fh.seek(part.start)
            data = fh.read(part.end - part.start)
    except OSError as exc:
        return Shard(errors=[InputIssue(part.path, f"cannot read: {exc.strerror or exc}")])
    for n, raw in enumerate(data.split(b"\n")):
        lineno = part.first_line + n
        where = f"{part.path}:{lineno}"
        try:
            line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError:
            report.errors.append(InputIssue(
                where, "not UTF-8: undecodable bytes replaced with U+FFFD; processed",
                severity="note"))
            line = raw.decode("utf-8", errors="replace")
        if not line.strip():
            continue
        try:
            rec = load_json(line, where, lineno)
            report.add(record_to_article(rec, where, report.errors.append), where)
        except InputReadError as err:
            report.fail(err)
    return Shard(report.articles, report.errors)


def heads(shard: Shard) -> tuple[tuple[Head, ...], tuple[InputIssue, ...]]:
    """Step 3's input: ids, content hashes and origins of a shard, and its errors."""
    return (tuple(Head(a.id, content_hash(a.text), a.path or "<input>", a.path)
                  for a in shard.articles), tuple(shard.errors))


def read_heads(part: Descriptor) -> tuple[tuple[Head, ...], tuple[InputIssue, ...]]:
    """Steps 2-3 (on a worker): read a descriptor, send back only its :func:`heads`."""
    return heads(read_part(part))


def analyze_part(part: Descriptor, wanted: Sequence[tuple[int, str]]
                 ) -> tuple[tuple[Analyzed, ...], tuple[InputIssue, ...]]:
    """Step 4 (on a worker): read the descriptor again and run pipeline stages 2-3 on
    its articles at the ``(position, id)`` pairs in ``wanted``.

    Reading again costs little beside the NLP (a 64 KB range is parsed as JSON in ~1 ms;
    spaCy takes ~50 ms an article), and it leaves the scheduler free to send the task to
    any idle worker, where holding the read articles would pin it to the worker that
    read them. An input that changed since the first read is an error entry. When the
    batch fails, each article is tried alone, so one bad article costs only itself."""
    shard = read_part(part)
    arts: list[Article] = []
    errors: list[InputIssue] = []
    for i, aid in wanted:
        if i < len(shard.articles) and shard.articles[i].id == aid:
            arts.append(shard.articles[i])
        else:
            errors.append(InputIssue(
                ", ".join(part.names()), f"changed while being ingested: article {aid!r} "
                "is no longer where it was read; not ingested"))
    try:
        return tuple(_analyze(arts)), tuple(errors)
    except Exception:  # retried one by one below, to name the culprit
        pass
    out: list[Analyzed] = []
    for art in arts:
        try:
            out.extend(_analyze([art]))
        except Exception as exc:
            errors.append(InputIssue(art.path or art.id,
                                     f"analysis failed on a worker: {why(exc)}"))
    return tuple(out), tuple(errors)


def _analyze(articles: Sequence[Article]) -> Iterator[Analyzed]:
    from corroborator.nlp.parse import parse_articles
    from corroborator.pipeline import analyze_article
    from corroborator.store.codec import encode_analysis

    for parsed in parse_articles(articles, n_process=1):
        sig = dedup.signature(parsed.article.text)
        analysis = analyze_article(parsed)
        yield Analyzed(encode_analysis(analysis),
                       None if sig is None else dedup.signature_bytes(sig),
                       article_features(analysis))


def load_model() -> bool:
    """Load the spaCy model in this worker process (kept for its later tasks)."""
    from corroborator.nlp.parse import load_pipeline

    load_pipeline()
    return True


# --------------------------------------------------------------------------- client side


@dataclass
class ClusterRead:
    """What the cluster produced for one ingest: analyses of the new articles in input
    order, their MinHash signatures, the stored articles met again, and error entries."""

    analyses: list[ArticleAnalysis]
    signatures: dict[str, bytes | None]
    already_stored: int
    errors: list[InputIssue]
    features: dict[str, ArticleFeatures] = field(default_factory=dict)


def analyze_on_cluster(client: Any, inputs: Iterable[Input], stored: Any, *,
                       quiet: bool = True) -> ClusterRead:
    """Steps 1-4: read, check and analyze ``inputs`` on the cluster.

    ``stored(ids)`` returns ``{id: StoredArticle}`` for the ids already stored (the
    store's :meth:`~corroborator.store.Store.stored`).
    """
    from distributed import as_completed

    from corroborator.store.codec import decode_analysis

    with quiet_dask():
        plan = plan_inputs(inputs)
        errors = list(plan.errors)
        # articles the client read itself go to the workers directly, not in the graph
        parts = [client.scatter(p) if isinstance(p, ArticleBatch) else p
                 for p in plan.parts]
        head_futures = client.map(read_heads, parts, pure=False)
        got_heads = _gather_heads(client, head_futures, plan.parts)
        wanted, merge_errors, already = _settle(got_heads, stored)
        tasks = {}
        for k, (part, want) in enumerate(zip(parts, wanted, strict=True)):
            if want:
                pairs = [(i, got_heads[k][0][i].id) for i in want]
                tasks[client.submit(analyze_part, part, pairs, pure=False)] = k
        total = sum(len(w) for w in wanted)
        results: dict[int, tuple[tuple[Analyzed, ...], tuple[InputIssue, ...]]] = {}

        def arrived() -> Iterator[None]:
            for fut in as_completed(list(tasks)):
                k = tasks[fut]
                try:
                    results[k] = fut.result()
                except Exception as exc:  # a worker died, or the task could not run
                    names = ", ".join(plan.parts[k].names())
                    results[k] = ((), (InputIssue(
                        names, f"analysis failed on the cluster: {why(exc)}"),))
                fut.release()
                yield from (None for _ in range(max(1, len(wanted[k]))))

        for _ in progress(arrived(), total=total, label="analyzing", quiet=quiet):
            pass
    errors.extend(merge_errors)
    analyses: list[ArticleAnalysis] = []
    sigs: dict[str, bytes | None] = {}
    feats: dict[str, ArticleFeatures] = {}
    for k in sorted(results):
        done, errs = results[k]
        errors.extend(errs)
        for item in done:
            a = decode_analysis(item.blob)
            analyses.append(a)
            sigs[a.article.id] = item.signature
            feats[a.article.id] = item.features
    return ClusterRead(analyses, sigs, already, errors, feats)


def _gather_heads(client: Any, futures: list[Any], parts: Sequence[Descriptor]
                  ) -> list[tuple[tuple[Head, ...], tuple[InputIssue, ...]]]:
    out = []
    for fut, part in zip(futures, parts, strict=True):
        try:
            out.append(fut.result())
        except Exception as exc:  # a worker died while reading
            out.append(((), tuple(InputIssue(n, f"cannot read on the cluster: {why(exc)}")
                                  for n in part.names())))
        fut.release()
    return out


def _settle(got: Sequence[tuple[tuple[Head, ...], tuple[InputIssue, ...]]], stored: Any
            ) -> tuple[list[list[int]], list[InputIssue], int]:
    """Which articles of each shard to analyze: the first of each id in input order that
    is not stored yet. A later article with the same id and text is a repeat (a note),
    with another text an id clash (skipped), as :class:`~corroborator.readers.ReadReport`
    and a local ingest say; an id stored with another text is an id clash too."""
    errors: list[InputIssue] = []
    seen: dict[str, Head] = {}
    keep: list[list[int]] = []
    for hs, errs in got:
        errors.extend(errs)
        mine = []
        for i, h in enumerate(hs):
            first = seen.get(h.id)
            if first is None:
                seen[h.id] = h
                mine.append(i)
            elif first.content_hash == h.content_hash:
                errors.append(InputIssue(
                    h.origin, f"repeat: same content as article {h.id} ({first.origin}); "
                    "read once", severity="note"))
            else:
                errors.append(InputIssue(
                    h.origin, f"id clash: id {h.id!r} is already used by a different "
                    f"article ({first.origin})"))
        keep.append(mine)
    old = stored(list(seen))
    already = 0
    out: list[list[int]] = []
    for (hs, _), mine in zip(got, keep, strict=True):
        want = []
        for i in mine:
            h = hs[i]
            prev = old.get(h.id)
            if prev is None:
                want.append(i)
            elif prev.content_hash == h.content_hash:
                already += 1
            else:
                errors.append(stored_id_clash(h.path, h.id, prev.path))
        out.append(want)
    return out, errors, already


def dask_setup(worker: Any) -> None:
    """Preload hook: ``dask worker ADDRESS --preload corroborator.run.distributed`` loads the
    spaCy model when the worker starts, before its first task."""
    load_model()
