"""The web app: a Starlette application over one store, read-only unless asked.

Routes (HTML, then JSON)::

    /                     stories, newest activity first: search (FTS5), filters, pages
    /stories/{id}         one story's brief (the HTML brief's templates), claims by status,
                          "what is new since"; citations link to the cited article
    /articles/{id}        an article with cited spans and non-reporting zones marked
    /entities/{slug}      the stories whose articles name an entity
    /static/{name}        the app's CSS and JS (a fixed set of files; nothing else)
    /ingest               (only with ``allow_ingest``) upload or paste articles, or give
                          the URL of a page or a feed to fetch once
    /feeds                the subscribed feeds and their state; with ``allow_ingest``,
                          a form to subscribe to one
    /api/stories          the list as JSON (same filters)
    /api/stories/{id}     the story's brief, per ``brief.schema.json``
    /api/articles/{id}    an article, its story and the spans cited in it

Every response carries a Content-Security-Policy that allows scripts, styles and
images from the app itself only (no inline script or style), and templates escape all
text. The store is opened read-only (SQLite refuses writes) except by the ingest and
feed forms, which check a CSRF token, the origin and a size limit.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import re
import secrets
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import cache, partial
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from corroborator.app.dates import parse_date, parse_moment
from corroborator.app.feeds import add_feeds
from corroborator.app.ingest import AnalyzeStory, ingest
from corroborator.errors import CorroboratorError, StoreError, UnknownStoryError
from corroborator.inputs.fetch import is_url
from corroborator.model import Article, Changes, Zone
from corroborator.render.html import TEXT_FILTERS, highlight
from corroborator.render.json import brief_to_dict
from corroborator.render.view import STATUS_LABELS, ArticleRow, _article_row, safe_url
from corroborator.store.database import Store
from corroborator.store.feeds import FeedStore
from corroborator.store.migrations import utc_now
from corroborator.web import queries
from corroborator.web.briefs import BriefCache, CachedBrief, StoryStats, warm

#: Content-Security-Policy of every response: nothing inline, nothing from elsewhere.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)
#: Longest query string accepted (bytes); longer gets 414.
MAX_QUERY_STRING = 4096
#: Largest ingest upload (request body, bytes); larger gets 413.
MAX_UPLOAD_BYTES = 5 * 2**20
#: Files per upload.
MAX_UPLOAD_FILES = 50
#: A visit is new after this long without a page view: "new since your last visit"
#: compares with the start of the visit before.
VISIT_GAP = timedelta(minutes=30)
VISIT_COOKIE = "corroborator_visit"
CSRF_COOKIE = "corroborator_csrf"
STATUSES = ("all", *STATUS_LABELS)

#: The files under /static: name -> (package, resource, media type).
STATIC_FILES = {
    "brief.css": ("corroborator.render", "templates/brief.css", "text/css; charset=utf-8"),
    "web.css": ("corroborator.web", "static/web.css", "text/css; charset=utf-8"),
    "web.js": ("corroborator.web", "static/web.js", "text/javascript; charset=utf-8"),
}


class SecurityHeaders:
    """ASGI middleware: security headers on every response; refuses over-long query
    strings (414) and request bodies over the upload limit (413)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *(h for h in SECURITY_HEADERS if h[0] not in names)]
            await send(message)

        if len(scope.get("query_string", b"")) > MAX_QUERY_STRING:
            await _plain(414, "query string too long")(scope, receive, send_with_headers)
            return
        length = dict(scope.get("headers", [])).get(b"content-length")
        if scope.get("method") == "POST":
            if length is None or not length.isdigit():
                await _plain(411, "a Content-Length is required")(scope, receive,
                                                                  send_with_headers)
                return
            if int(length) > MAX_UPLOAD_BYTES:
                await _plain(413, f"upload larger than {MAX_UPLOAD_BYTES // 2**20} MB")(
                    scope, receive, send_with_headers)
                return
            receive = _capped(receive, int(length))
        await self.app(scope, receive, send_with_headers)


def _capped(receive: Receive, limit: int) -> Receive:
    """``receive`` that stops a body longer than its declared length."""
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise HTTPException(413, "body longer than its Content-Length")
        return message

    return wrapped


def _plain(status: int, text: str) -> Response:
    return Response(text, status_code=status, media_type="text/plain; charset=utf-8")


class WebApp:
    """The routes' shared state: the store path, one read-only connection per thread,
    the brief cache and the templates."""

    def __init__(self, db: Path, *, allow_ingest: bool, cache: BriefCache,
                 analyze_story: AnalyzeStory | None = None) -> None:
        self.db = db
        self.allow_ingest = allow_ingest
        self.cache = cache
        self.analyze_story = analyze_story
        self._local = threading.local()
        self._ingest_lock = threading.Lock()
        self._outlets: tuple[int, list[tuple[str, int]]] = (-1, [])
        Store(db, readonly=True).close()  # fail now, with the store's reason
        self.env = environment(allow_ingest)
        self.static = {
            name: (resources.files(pkg).joinpath(path).read_bytes(), media)
            for name, (pkg, path, media) in STATIC_FILES.items()
        }

    def store(self) -> Store:
        """This thread's read-only connection."""
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = Store(self.db, readonly=True)
            self._local.store = store
        return store

    def outlets(self, store: Store) -> list[tuple[str, int]]:
        """The outlets for the filter, recounted only when articles were added."""
        last = int(store.select("SELECT COALESCE(MAX(seq), 0) FROM articles")[0][0])
        if self._outlets[0] != last:
            self._outlets = (last, queries.outlets(store))
        return self._outlets[1]

    def render(self, name: str, code: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(name).render(**context)
        return HTMLResponse(html, status_code=code)

    # -- pages ------------------------------------------------------------------------

    def index(self, request: Request) -> Response:
        filters = _filters(request.query_params)
        store = self.store()
        only = self.cache.disputed(store) if filters.disputed else None
        page = queries.list_stories(store, filters, only=only)
        stats = self.cache.stats(queries.fingerprints(store, [s.id for s in page.items]))
        pending = page_total(store) - self.cache.analyzed(store)
        prev, cookie = _visit(request)
        fresh = {s.id for s in page.items if prev is not None and s.updated_at > prev}

        def page_url(n: int) -> str:
            params = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]
            return "/?" + urlencode([*params, ("page", str(n))])

        response = self.render(
            "index.html.j2", filters=filters, page=page, stats=stats, fresh=fresh,
            since=prev or "", outlets=self.outlets(store), q=filters.q,
            pending=pending, dates=_dates, page_url=page_url)
        _set_visit(response, cookie)
        return response

    def story(self, request: Request) -> Response:
        raw = request.path_params["story_id"]
        store = self.store()
        sid = _resolve(store, raw)
        if sid != raw:
            return RedirectResponse(f"/stories/{quote(sid, safe='')}?{request.url.query}",
                                    status_code=301)
        status = request.query_params.get("status", "all")
        if status not in STATUSES:
            raise HTTPException(400, f"unknown claim status {status!r}; use one of "
                                     f"{', '.join(STATUSES)}")
        entry = self.cache.get(store, sid)
        # "What is new since" is asked for (the list's "new" badge links here with the
        # start of the reader's previous visit); it recomputes the story as it stood then.
        _, cookie = _visit(request)
        since = request.query_params.get("since") or None
        changes: Changes | None = None
        if since:
            try:
                since = parse_moment(since)
            except CorroboratorError as exc:
                raise HTTPException(400, str(exc)) from exc
            changes = self.cache.changes(store, entry, since)
        key = (status, since or "", "ingest" if self.allow_ingest else "read-only")
        html = self.cache.page(entry, key, partial(story_page, self.env, entry, status, changes),
                               keep=since is None)
        response = HTMLResponse(html)
        _set_visit(response, cookie)
        return response

    def _article_entry(self, aid: str) -> tuple[Article, str | None, CachedBrief | None]:
        """A stored article (404 when unknown), its story id and the story's cached brief;
        the article as analyzed there (with an inferred date) when the brief holds it."""
        store = self.store()
        try:
            art = store.article(aid)
        except StoreError as exc:
            raise HTTPException(404, f"no article {aid!r} in the store") from exc
        sid = queries.article_story(store, aid)
        entry = None if sid is None else self.cache.get(store, sid)
        if entry is not None:
            art = next((a for a in entry.brief.articles if a.id == aid), art)
        return art, sid, entry

    def article(self, request: Request) -> Response:
        aid = request.path_params["article_id"]
        art, _, entry = self._article_entry(aid)
        cites: tuple[Any, ...] = ()
        zones: list[Zone] = []
        claims: list[Any] = []
        if entry is not None:
            cites = entry.view.index.in_article(aid)
            zones = [z for z in entry.brief.zones
                     if z.span.article == aid and z.label != "reporting"]
            numbers = {c.number for c in cites}
            claims = [c for c in entry.view.stories[0].claims if numbers & set(c.cites)]
        row: ArticleRow = _article_row(art)
        return self.render(
            "article.html.j2", art=row, text=highlight(art.text, cites, zones), claims=claims,
            story=None if entry is None else entry.view.stories[0])

    def entity(self, request: Request) -> Response:
        found = queries.entity_stories(self.store(), request.path_params["slug"])
        if found is None:
            raise HTTPException(404, "no stored article names this entity")
        return self.render("entity.html.j2", found=found)

    def static_file(self, request: Request) -> Response:
        found = self.static.get(request.path_params["name"])
        if found is None:
            raise HTTPException(404, "no such file")
        body, media = found
        return Response(body, media_type=media,
                        headers={"cache-control": "public, max-age=3600"})

    # -- JSON -------------------------------------------------------------------------

    def api_stories(self, request: Request) -> Response:
        filters = _filters(request.query_params)
        store = self.store()
        only = self.cache.disputed(store) if filters.disputed else None
        page = queries.list_stories(store, filters, only=only)
        stats = self.cache.stats(queries.fingerprints(store, [s.id for s in page.items]))
        return JSONResponse({
            "total": page.total, "page": page.page, "pages": page.pages,
            "analyzed": self.cache.analyzed(store), "stories": [
                _story_json(s, stats.get(s.id)) for s in page.items]})

    def api_story(self, request: Request) -> Response:
        store = self.store()
        sid = _resolve(store, request.path_params["story_id"])
        return JSONResponse(brief_to_dict(self.cache.get(store, sid).brief))

    def api_article(self, request: Request) -> Response:
        aid = request.path_params["article_id"]
        art, sid, entry = self._article_entry(aid)
        data = brief_to_dict(replace(entry.brief, articles=(art,), stories=(), times=(),
                                     zones=tuple(z for z in entry.brief.zones
                                                 if z.span.article == aid))
                             ) if entry is not None else None
        return JSONResponse({
            "article": data["articles"][0] if data else {
                "id": art.id, "source": art.source, "title": art.title, "url": art.url,
                "path": art.path, "published": art.published,
                "published_inferred": art.published_inferred,
                "duplicate_of": art.duplicate_of, "text": art.text},
            "story": sid,
            "zones": data["zones"] if data else [],
            "citations": [] if entry is None else [
                {"number": c.number, "start": c.span.start, "end": c.span.end}
                for c in entry.view.index.in_article(aid)],
        })

    # -- ingest -----------------------------------------------------------------------

    def ingest_form(self, request: Request) -> Response:
        return self._with_token("ingest.html.j2", report=None,
                                max_upload_mb=MAX_UPLOAD_BYTES // 2**20)

    async def ingest_post(self, request: Request) -> Response:
        _same_origin(request)
        async with request.form(max_files=MAX_UPLOAD_FILES, max_fields=20,
                                max_part_size=MAX_UPLOAD_BYTES) as form:
            _check_csrf(request, form)
            url = form.get("url")
            url = url.strip() if isinstance(url, str) else ""
            if url and not is_url(url):
                raise HTTPException(400, "the address must be an http(s) URL")
            with tempfile.TemporaryDirectory(prefix="corroborator-upload-") as tmp:
                inputs: list[str | Path] = [*await _save_upload(form, Path(tmp))]
                if url:
                    inputs.append(url)  # a page or a feed, fetched by the readers
                if not inputs:
                    raise HTTPException(
                        400, "nothing to add: choose files, paste a text or give a URL")
                lines = await run_in_threadpool(self._ingest, inputs)
        return self._with_token("ingest.html.j2", report=lines,
                                max_upload_mb=MAX_UPLOAD_BYTES // 2**20)

    def _with_token(self, name: str, **context: Any) -> Response:
        """A page holding a form, with a fresh CSRF token in the form and its cookie."""
        token = secrets.token_urlsafe(32)
        response = self.render(name, csrf=token, **context)
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")
        return response

    def _ingest(self, inputs: Sequence[str | Path]) -> list[str]:
        with self._ingest_lock, Store(self.db) as store:
            try:
                report = ingest(store, inputs)
            except CorroboratorError as exc:
                return [f"error: {exc}"]
        return [*report.error_lines(), *report.lines()]

    # -- feeds ------------------------------------------------------------------------

    def feeds(self, request: Request) -> Response:
        """The subscribed feeds with their state; with ``--allow-ingest``, a form to
        subscribe to one (``corroborator update`` or ``watch`` fetches them)."""
        feeds = FeedStore(self.store()).feeds()
        if not self.allow_ingest:
            return self.render("feeds.html.j2", feeds=feeds, csrf="", report=None)
        return self._with_token("feeds.html.j2", feeds=feeds, report=None)

    async def feeds_post(self, request: Request) -> Response:
        _same_origin(request)
        async with request.form(max_files=0, max_fields=5, max_part_size=4096) as form:
            _check_csrf(request, form)
            url = form.get("url")
            url = url.strip() if isinstance(url, str) else ""
        if not is_url(url):
            raise HTTPException(400, "the feed address must be an http(s) URL")
        with self._ingest_lock, Store(self.db) as store:
            try:
                added, known = add_feeds(store, [url])
            except CorroboratorError as exc:
                raise HTTPException(400, str(exc)) from exc
        report = [f"subscribed: {u}" for u in added] + [f"already subscribed: {u}" for u in known]
        return self._with_token("feeds.html.j2", feeds=FeedStore(self.store()).feeds(),
                                report=report)


# --------------------------------------------------------------------------- helpers


def environment(allow_ingest: bool) -> jinja2.Environment:
    """The pages' templates: the app's own, then the HTML brief's (which they extend)."""
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([
            jinja2.PackageLoader("corroborator.web", "templates"),
            jinja2.PackageLoader("corroborator.render", "templates"),
        ]),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
        lstrip_blocks=True)
    env.filters.update(TEXT_FILTERS)
    env.globals.update(allow_ingest=allow_ingest, max_query=queries.MAX_QUERY_CHARS,
                       safe_url=safe_url, entity_href=entity_href)
    return env


#: The story page most requests get (all claims, no "new since"), on a read-only server:
#: the one the background warmer renders ahead.
DEFAULT_PAGE = ("all", "", "read-only")


def story_page(env: jinja2.Environment, entry: CachedBrief, status: str = "all",
               changes: Changes | None = None) -> str:
    """The story page of a cached brief: claims of one ``status`` (or all), and what
    the story gained since a moment when ``changes`` is given."""
    view = entry.view
    story_view = view.stories[0]
    counts = {s: sum(1 for c in story_view.claims if c.status == s) for s in STATUS_LABELS}
    status_links = [("all", "all", len(story_view.claims)),
                    *((s, label, counts[s]) for s, label in STATUS_LABELS.items())]
    if status != "all":
        story_view = replace(story_view, claims=tuple(
            c for c in story_view.claims if c.status == status))
    return env.get_template("story.html.j2").render(
        view=replace(view, stories=(story_view,)), texts={}, orphans=[],
        timelines=entry.drawings[0], event_bands=entry.drawings[1],
        cite_href=_cite_links(entry),
        status=status, status_links=status_links, changes=changes,
        since_day="" if changes is None else changes.since[:10], story_id=entry.story_id)


def render_default_page(entry: CachedBrief) -> str:
    """:data:`DEFAULT_PAGE` of ``entry`` (for the warmer)."""
    return story_page(_default_env(), entry)


@cache
def _default_env() -> jinja2.Environment:
    return environment(False)


def warm_main(db: str, cache_path: str) -> None:
    """Entry point of the background warming process (errors end it quietly: the web
    app then computes briefs on demand)."""
    with contextlib.suppress(StoreError, OSError, KeyboardInterrupt):
        warm(Path(db), Path(cache_path), page=(DEFAULT_PAGE, render_default_page))


def page_total(store: Store) -> int:
    return int(store.select("SELECT COUNT(*) FROM stories")[0][0])


def entity_href(name: str) -> str:
    return "/entities/" + quote(queries.entity_slug(name), safe="")


def _cite_links(entry: CachedBrief) -> Callable[[int], str]:
    """Citation number -> its mark in the cited article's page."""
    cites = entry.view.citations

    def href(number: int) -> str:
        if not 0 < number <= len(cites):
            return f"#c-{number}"
        return f"/articles/{quote(cites[number - 1].span.article, safe='')}#c-{number}"

    return href


def _resolve(store: Store, raw: str) -> str:
    try:
        return store.resolve_story(raw)
    except UnknownStoryError as exc:
        raise HTTPException(404, f"no story {raw!r} in the store") from exc


def _filters(params: Mapping[str, str]) -> queries.ListFilters:
    """The list filters from a query string; HTTP 400 naming the bad value."""
    for key in ("q", "outlet", "entity"):
        if len(params.get(key, "")) > queries.MAX_QUERY_CHARS:
            raise HTTPException(400, f"{key} is longer than {queries.MAX_QUERY_CHARS} "
                                     "characters")
    try:
        first = params.get("from") or None
        last = params.get("to") or None
        first = None if first is None else parse_date(first).isoformat()
        last = None if last is None else parse_date(last).isoformat()
    except CorroboratorError as exc:
        raise HTTPException(400, str(exc)) from exc
    page_text = params.get("page", "1")
    if not page_text.isdigit() or len(page_text) > 6:
        raise HTTPException(400, f"not a page number: {page_text!r}")
    return queries.ListFilters(
        q=params.get("q", "").strip(), outlet=params.get("outlet", ""),
        entity=params.get("entity", "").strip(), date_from=first, date_to=last,
        disputed=params.get("disputed") in ("1", "on", "true"), page=max(1, int(page_text)))


def _dates(item: queries.StoryItem, stats: StoryStats | None) -> str:
    first = (stats.first_date if stats else None) or item.first_date
    last = (stats.last_date if stats else None) or item.last_date
    if not first and not last:
        return "undated"
    first, last = (first or last or "")[:10], (last or first or "")[:10]
    return first if first == last else f"{first} \u2013 {last}"


def _story_json(item: queries.StoryItem, stats: StoryStats | None) -> dict[str, object]:
    return {
        "id": item.id, "title": item.title, "url": f"/stories/{quote(item.id, safe='')}",
        "first_date": (stats.first_date if stats else None) or item.first_date,
        "last_date": (stats.last_date if stats else None) or item.last_date,
        "articles": item.articles, "sources": item.sources, "updated_at": item.updated_at,
        "analyzed": stats is not None,
        "claims": stats.claims if stats else None,
        "disputed": stats.disputed if stats else None,
        "conflicts": stats.conflicts if stats else None,
        "events": stats.events if stats else None,
    }


_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T[\d:.]+\+00:00")


def _visit(request: Request) -> tuple[str | None, str]:
    """The start of the visit before this one (None on a first visit) and the cookie
    value to send back: ``<previous visit>|<last page view>``."""
    now = utc_now()
    prev, last = None, None
    parts = (request.cookies.get(VISIT_COOKIE) or "").split("|")
    if len(parts) == 2 and all(not p or _MOMENT.fullmatch(p) for p in parts):
        prev, last = parts[0] or None, parts[1] or None
    if last is not None:
        seen = datetime.fromisoformat(last)
        if datetime.now(UTC) - seen > VISIT_GAP:
            prev = last
    return prev, f"{prev or ''}|{now}"


def _set_visit(response: Response, value: str) -> None:
    response.set_cookie(VISIT_COOKIE, value, max_age=365 * 86400, httponly=True,
                        samesite="lax", path="/")


def _same_origin(request: Request) -> None:
    """A form post from another site is refused (on top of the CSRF token)."""
    origin = request.headers.get("origin")
    if origin is not None and origin != f"{request.url.scheme}://{request.url.netloc}":
        raise HTTPException(403, "cross-site form post refused")


def _check_csrf(request: Request, form: Any) -> None:
    """The form's token must be the one its cookie holds."""
    cookie = request.cookies.get(CSRF_COOKIE) or ""
    sent = form.get("csrf")
    if not (isinstance(sent, str) and _token_ok(cookie) and hmac.compare_digest(sent, cookie)):
        raise HTTPException(403, "missing or wrong form token; reload the form")


def _token_ok(token: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9_-]{32,64}", token))


async def _save_upload(form: Any, tmp: Path) -> list[Path]:
    """The uploaded files and the pasted text as files under ``tmp`` (names reduced to
    safe characters; the pasted text as one JSONL record)."""
    paths: list[Path] = []
    for i, item in enumerate(form.getlist("files")):
        if not isinstance(item, UploadFile) or not item.filename:
            continue
        name = re.sub(r"[^A-Za-z0-9._-]", "_", Path(item.filename).name)[-100:].lstrip(".")
        path = tmp / f"{i:03d}-{name or 'upload.txt'}"
        path.write_bytes(await item.read())
        paths.append(path)
    text = form.get("text")
    if isinstance(text, str) and text.strip():
        import hashlib

        record = {"id": "pasted-" + hashlib.sha1(text.encode()).hexdigest()[:12], "text": text}
        for key in ("title", "source", "published"):
            value = form.get(key)
            if isinstance(value, str) and value.strip():
                record[key] = value.strip()
        path = tmp / "pasted.jsonl"
        path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


# --------------------------------------------------------------------------- the app


#: Host names the app answers to by default: a page elsewhere that rebinds its own name
#: to 127.0.0.1 (DNS rebinding) gets 400, not the store.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")


def create_app(db: str | Path, *, allow_ingest: bool = False, cache_path: Path | None = None,
               analyze_story: AnalyzeStory | None = None,
               allowed_hosts: Sequence[str] = LOCAL_HOSTS) -> Starlette:
    """The ASGI app serving the store at ``db``. ``cache_path`` is the side file of
    computed briefs (None: memory only); ``analyze_story`` replaces pipeline stage 6
    (tests); ``allowed_hosts`` are the Host names answered (``"*"``: any)."""
    web = WebApp(Path(db), allow_ingest=allow_ingest,
                 cache=BriefCache(cache_path, analyze_story=analyze_story),
                 analyze_story=analyze_story)
    routes = [
        Route("/", web.index),
        Route("/stories/{story_id}", web.story),
        Route("/articles/{article_id}", web.article),
        Route("/entities/{slug}", web.entity),
        Route("/static/{name}", web.static_file),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Route("/feeds", web.feeds, methods=["GET"]),
        Route("/api/stories", web.api_stories),
        Route("/api/stories/{story_id}", web.api_story),
        Route("/api/articles/{article_id}", web.api_article),
    ]
    if allow_ingest:
        routes += [Route("/ingest", web.ingest_form, methods=["GET"]),
                   Route("/ingest", web.ingest_post, methods=["POST"]),
                   Route("/feeds", web.feeds_post, methods=["POST"])]

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return _error_page(web, request, exc.status_code, exc.detail)

    async def server_error(request: Request, exc: Exception) -> Response:
        return _error_page(web, request, 500, "the page could not be built")

    app = Starlette(routes=routes, exception_handlers={
        HTTPException: http_error, CorroboratorError: partial(_store_error, web),
        500: server_error})
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_middleware(SecurityHeaders)
    app.state.web = web
    return app


async def _store_error(web: WebApp, request: Request, exc: Exception) -> Response:
    status = 404 if isinstance(exc, UnknownStoryError) else 500
    return _error_page(web, request, status, str(exc))


TITLES = {400: "Bad request", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
          413: "Too large", 500: "Server error"}


def _error_page(web: WebApp, request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    return web.render("error.html.j2", code=status, status=status,
                      title=TITLES.get(status, "Error"), message=message)


__all__ = ["CSP", "WebApp", "create_app"]
