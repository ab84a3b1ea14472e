"""Near-duplicate (syndicated) copies: MinHash LSH over word shingles.

A wire story reprinted by several outlets is one report, not several: the copy keeps
its citations but ``Article.duplicate_of`` names the original, so corroboration never
counts it as an independent source.

:class:`DuplicateIndex` keeps the LSH index so that the store can check each new article
against what it already holds; :func:`find_duplicates` runs it over one batch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
from datasketch import MinHash, MinHashLSH

from corroborator.model import Article

#: Words per shingle. Five-word shingles: the seed reports of one event (independent
#: reports) share <= 1% of them, while reprints with a changed headline or an added
#: byline share > 80%.
SHINGLE_WORDS = 5

#: Estimated Jaccard similarity of shingle sets from which an article is a copy.
#: Calibrated on hand-made reprints of newswire articles (header/footer added, a
#: paragraph dropped, light edits: 0.6-0.95) against distinct reports of one event
#: (seed articles: <= 0.01).
DUPLICATE_THRESHOLD = 0.5

#: Permutations per MinHash: 128 gives a Jaccard estimate within about +-0.09 (2 sigma).
NUM_PERM = 128

#: Articles with fewer shingles than this are never called copies (a one-line text
#: shares everything with another by accident).
MIN_SHINGLES = 8

#: datasketch's hashing scheme; stored signatures are only comparable within one scheme.
SCHEME = "affine32"

_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[str]:
    """The set of lower-cased ``k``-word shingles of ``text``."""
    words = _TOKEN.findall(text.lower())
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def signature(text: str) -> MinHash | None:
    """The MinHash of an article text, or None when it is too short to judge."""
    sh = shingles(text)
    if len(sh) < MIN_SHINGLES:
        return None
    mh = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    mh.update_batch([s.encode("utf-8") for s in sh])
    return mh


def signature_bytes(sig: MinHash) -> bytes:
    """A signature as bytes, for the store."""
    return np.asarray(sig.hashvalues, dtype=np.uint64).tobytes()


def signature_from_bytes(blob: bytes) -> MinHash:
    """The inverse of :func:`signature_bytes`."""
    dtype = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).hashvalues.dtype
    values = np.frombuffer(blob, dtype=np.uint64).astype(dtype)
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME, hashvalues=values)


class DuplicateIndex:
    """An LSH index of originals; :meth:`check` says which one an article copies."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=DUPLICATE_THRESHOLD, num_perm=NUM_PERM)
        self._sigs: dict[str, MinHash] = {}
        self._order: dict[str, int] = {}

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._order

    def __len__(self) -> int:
        return len(self._order)

    def check(self, article_id: str, sig: MinHash | None) -> str | None:
        """The id of the earliest indexed article this one copies, or None."""
        if sig is None:
            return None
        best: tuple[int, str] | None = None
        for other in self._lsh.query(sig):
            if other == article_id:
                continue
            if sig.jaccard(self._sigs[other]) < DUPLICATE_THRESHOLD:
                continue
            key = (self._order[other], other)
            if best is None or key < best:
                best = key
        return None if best is None else best[1]

    def add(self, article_id: str, sig: MinHash | None) -> None:
        """Index an original (copies are not indexed: their original already is)."""
        self._order.setdefault(article_id, len(self._order))
        if sig is None or article_id in self._sigs:
            return
        self._sigs[article_id] = sig
        self._lsh.insert(article_id, sig)

    def add_article(self, article: Article) -> str | None:
        """Check one article, index it if it is an original, return its original."""
        sig = signature(article.text)
        original = self.check(article.id, sig)
        if original is None:
            self.add(article.id, sig)
        else:
            self._order.setdefault(article.id, len(self._order))
        return original


def _first_key(article: Article, position: int) -> tuple[int, str, int]:
    """Earliest first: dated articles by date, undated ones after, in input order."""
    return (0 if article.published else 1, article.published or "", position)


def find_duplicates(articles: Sequence[Article]) -> dict[str, str]:
    """Map each near-duplicate's id to the id of the earliest article it copies."""
    index = DuplicateIndex()
    out: dict[str, str] = {}
    order = sorted(range(len(articles)), key=lambda i: _first_key(articles[i], i))
    for i in order:
        art = articles[i]
        if art.id in index:
            continue
        original = index.add_article(art)
        if original is not None:
            out[art.id] = original
    return out


def duplicate_pairs(articles: Iterable[Article]) -> list[tuple[str, str]]:
    """(copy, original) pairs, sorted: a convenience for reports and tests."""
    return sorted(find_duplicates(list(articles)).items())
