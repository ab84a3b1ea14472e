"""Near-duplicate (syndicated) copies: MinHash (datasketch) and LSH over word shingles.

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
from datasketch import MinHash

from corroborator.model import Article

#: Words per shingle. Five-word shingles: the seed reports of one event (independent
#: reports) share <= 1% of them, while reprints with a changed headline or an added
#: byline share > 80%.
SHINGLE_WORDS = 5

#: Estimated Jaccard similarity of shingle sets from which an article is a copy.
#: Calibrated on hand-made reprints of newswire articles (header/footer added, a
#: paragraph dropped, light edits: 0.6-0.95) against distinct reports of one event
#: (seed articles: <= 0.01).
DUPLICATE_THRESHOLD = 0.6

#: Permutations per MinHash: 128 gives a Jaccard estimate within about +-0.09 (2 sigma).
NUM_PERM = 128

#: LSH banding: LSH_BANDS bands of LSH_ROWS hash values. An article shares a bucket with
#: one of Jaccard J with probability 1 - (1 - J^4)^10: 0.75 at J=0.6, 0.94 at 0.7, 0.99 at
#: 0.8 (reprints score 0.6-0.95); 10 ints per article keep the index small.
LSH_BANDS = 10
LSH_ROWS = 4

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
    """A banded LSH index of originals; :meth:`check` says which one an article copies.

    Signatures are datasketch MinHashes; the banding is done here rather than with
    ``datasketch.MinHashLSH``, whose buckets are Python sets (~3 KB per article, 300 MB
    at 100,000 stored articles). Here a bucket key is one int and most buckets hold one
    article (~1 KB per article with the kept hash values). Candidates are verified with
    the full-signature Jaccard estimate.
    """

    def __init__(self) -> None:
        self._buckets: dict[int, int | list[int]] = {}  # band key -> article ordinal(s)
        self._sigs: dict[int, np.ndarray] = {}  # ordinal -> hash values (originals)
        self._order: dict[str, int] = {}
        self._ids: list[str] = []
        self._mult = np.random.default_rng(7).integers(
            1, 2**61, size=LSH_ROWS, dtype=np.uint64) | np.uint64(1)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._order

    def __len__(self) -> int:
        return len(self._order)

    def _band_keys(self, sig: MinHash) -> list[int]:
        hv = np.asarray(sig.hashvalues[: LSH_BANDS * LSH_ROWS], dtype=np.uint64)
        with np.errstate(over="ignore"):
            mixed = (hv.reshape(LSH_BANDS, LSH_ROWS) * self._mult).sum(axis=1)
        return [int(h) * LSH_BANDS + b for b, h in enumerate(mixed.tolist())]

    def check(self, article_id: str, sig: MinHash | None) -> str | None:
        """The id of the earliest indexed article this one copies, or None."""
        if sig is None:
            return None
        seen: set[int] = set()
        for key in self._band_keys(sig):
            hit = self._buckets.get(key)
            if hit is not None:
                seen.update(hit if isinstance(hit, list) else (hit,))
        own = self._order.get(article_id)
        for num in sorted(seen):
            if num == own:
                continue
            if float(np.mean(sig.hashvalues == self._sigs[num])) >= DUPLICATE_THRESHOLD:
                return self._ids[num]
        return None

    def add(self, article_id: str, sig: MinHash | None) -> None:
        """Index an original (copies are not indexed: their original already is)."""
        num = self._order.get(article_id)
        if num is None:
            num = self._order[article_id] = len(self._ids)
            self._ids.append(article_id)
        if sig is None or num in self._sigs:
            return
        self._sigs[num] = np.array(sig.hashvalues)
        for key in self._band_keys(sig):
            hit = self._buckets.get(key)
            if hit is None:
                self._buckets[key] = num
            elif isinstance(hit, list):
                hit.append(num)
            else:
                self._buckets[key] = [hit, num]

    def add_article(self, article: Article) -> str | None:
        """Check one article, index it if it is an original, return its original."""
        sig = signature(article.text)
        original = self.check(article.id, sig)
        self.add(article.id, sig if original is None else None)
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
