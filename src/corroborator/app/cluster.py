"""``corroborator ingest --backend dask``: reading, parsing and per-article analysis on a
Dask cluster (:mod:`corroborator.run.distributed`), then dedup and placement into stories
here, serially, through the same :class:`~corroborator.app.ingest.Ingester` as a local
ingest, so that both store the same stories."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from corroborator.app.ingest import Ingester, IngestReport
from corroborator.corpus import dedup
from corroborator.corpus.features import ArticleFeatures, article_features
from corroborator.inputs.readers import Input
from corroborator.inputs.records import content_hash, stored_id_clash
from corroborator.model import Article, ArticleAnalysis
from corroborator.run.cluster import close, connect
from corroborator.run.distributed import ClusterRead, analyze_on_cluster


def ingest_on_cluster(store: Any, inputs: Iterable[Input], *, scheduler: str | None = None,
                      quiet: bool = True) -> Any:
    """``corroborator ingest --backend dask``: steps 1-4 on the cluster (at ``scheduler``,
    or on a new local cluster), then step 5 here.

    Returns the same :class:`~corroborator.app.ingest.IngestReport` as a local
    ingest, and stores the same stories.
    """
    client = connect(scheduler)
    try:
        got = analyze_on_cluster(client, inputs, store.stored, quiet=quiet)
    finally:
        close(client)
    return place(store, got)


def place(store: Any, got: ClusterRead) -> Any:
    """Step 5: dedup and place the analyzed articles and write them to ``store``, as a
    local ingest does; returns the :class:`~corroborator.app.ingest.IngestReport`."""
    placed = []
    errors = list(got.errors)
    already = got.already_stored
    if got.analyses:
        sigs = got.signatures

        def signature_of(art: Article) -> Any:
            blob = sigs.get(art.id)
            return None if blob is None else dedup.signature_from_bytes(blob)

        def features_of(analysis: ArticleAnalysis, order: int) -> ArticleFeatures:
            known = got.features.get(analysis.article.id)
            if known is None:
                return article_features(analysis, order)
            return replace(known, order=order)

        ingester = Ingester(store, signature_of=signature_of, features_of=features_of)
        placed = ingester.add(got.analyses)
        for art, old in ingester.raced:  # stored by another ingest meanwhile
            if old.content_hash == content_hash(art.text):
                already += 1
            else:
                errors.append(stored_id_clash(art.path, art.id, old.path))
    return IngestReport(tuple(placed), already_stored=already, errors=tuple(errors))
