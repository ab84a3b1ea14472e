"""Hand-built Briefs for the renderer tests. Every outlet, person and place is invented.

:func:`sample_brief` exercises every section: two stories, a syndicated duplicate, an
undated article with an inferred date, claims of each status, numeric, date and
attribution conflicts, quotes with and without a speaker, a timeline with reported,
expected, inferred and ranged entries, zones, overlapping citations and an input error.
:func:`hostile_brief` carries markup in article text, titles and extracted strings.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from corroborator.model import (
    Article,
    Brief,
    ClaimGroup,
    Conflict,
    Entity,
    Event,
    InputIssue,
    Position,
    Quantity,
    Quote,
    Span,
    Story,
    SummaryItem,
    TimeExpr,
    TimelineEntry,
    Zone,
)

GENERATOR = "0.0.0-test"
GOLDEN = Path(__file__).resolve().parent / "golden"


def assert_golden(name: str, text: str) -> None:
    """``text`` must equal ``tests/golden/<name>`` byte for byte.

    Regenerate after an intended change with ``UPDATE_GOLDEN=1 pytest tests/test_render_*.py``
    and review the diff before committing.
    """
    path = GOLDEN / name
    data = text.encode("utf-8")
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(data)
        return
    if not path.exists():
        pytest.fail(f"{path} is missing; create it with UPDATE_GOLDEN=1 pytest {name}")
    expected = path.read_bytes()
    if data != expected:
        diff = difflib.unified_diff(
            expected.decode("utf-8").splitlines(), text.splitlines(),
            f"golden/{name}", "rendered", lineterm="", n=2,
        )
        shown = "\n".join(list(diff)[:80])
        pytest.fail(f"{name} differs from the golden file (UPDATE_GOLDEN=1 to accept):\n{shown}")

H1_TEXT = (
    "KESTREL BAY, March 14 \u2014 The Kestrel Bay Port Authority on Friday handed control of "
    "the container terminal to the city operator Baymark, ending 31 years of federal "
    "management, the authority said.\n\n"
    "Port director Ilse Varga said the handover was \u201corderly and on schedule\u201d and that "
    "about 2,500 workers would keep their jobs.\n\n"
    "The transfer was agreed in June 2024 and is expected to be completed by the end of "
    "April, when the last cranes change hands.\n\n"
    "A crane operator watches a vessel at Kestrel Bay in 2019. (Photo: Tomas Reyes/Harbour "
    "Ledger)\n\n"
    "Sign up for the Morning Manifest newsletter to get port news every day."
)

N1_TEXT = (
    "The federal port authority transferred the Kestrel Bay terminal to Baymark on Friday, "
    "officials said.\n\n"
    "Varga, the port director, told reporters that 2,515 workers would stay on the payroll. "
    "\u201cNobody loses a job,\u201d she said.\n\n"
    "A spokesperson for the transport ministry said the handover happened on Thursday, not "
    "Friday.\n\n"
    "The terminal handles between 300 and 350 containers a day. Between March 16 and 20 the "
    "operator will run safety drills at the terminal."
)

C1_TEXT = (
    "Baymark took over the Kestrel Bay terminal yesterday, according to a statement from the "
    "company. \u201cNobody loses a job,\u201d a Baymark spokesperson said. Some 40 ships are due "
    "to call at the terminal next week.\n\n"
    "Members of the dockworkers' union were cautiously hopeful, one of them said."
)

M1_TEXT = (
    "Marlow City Council voted 7-2 on Tuesday to approve a transit levy of 0.5%, which takes "
    "effect in July.\n\n"
    "Councillor Dana Whitlock said the levy would fund up to 12 new bus routes."
)

M2_TEXT = (
    "The council in Marlow approved the transit levy on Tuesday. Mayor Ren Okafor called the "
    "vote \u201ca long time coming\u201d.\n\n"
    "It follows a 2023 referendum that rejected a similar plan."
)

TEXTS = {"h1": H1_TEXT, "n1": N1_TEXT, "n2": N1_TEXT, "c1": C1_TEXT, "m1": M1_TEXT, "m2": M2_TEXT}


def span(article: str, needle: str, nth: int = 0) -> Span:
    """The Span of the ``nth`` occurrence of ``needle`` in article ``article``."""
    text = TEXTS[article]
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span(article, start, start + len(needle))


def _time(article: str, needle: str, type_: str, value: str | None, **extra: str) -> TimeExpr:
    return TimeExpr(span(article, needle), needle, type_, value, **extra)  # type: ignore[arg-type]


def sample_brief() -> Brief:
    """Two invented stories covering every section of the brief."""
    articles = (
        Article("h1", H1_TEXT, source="Harbour Ledger",
                title="Kestrel Bay terminal handed to city operator",
                url="https://harbourledger.example/kestrel-terminal", path="inbox/ledger.html",
                published="2026-03-14"),
        Article("n1", N1_TEXT, source="Northwind Post", title="Baymark takes over port terminal",
                url="https://northwind.example/2026/03/14/baymark",
                published="2026-03-14T09:30:00"),
        Article("n2", N1_TEXT, source="Valemont Wire", title="Baymark takes over port terminal",
                path="inbox/valemont.txt", published="2026-03-14", duplicate_of="n1"),
        Article("c1", C1_TEXT, source="Coastline Bulletin", title="Terminal changes hands",
                path="inbox/coastline.txt", published="2026-03-14", published_inferred=True),
        Article("m1", M1_TEXT, source="Marlow Gazette", title="Council approves transit levy",
                url="https://marlowgazette.example/levy", published="2026-03-10"),
        Article("m2", M2_TEXT, source="Harbour Ledger", title="Marlow levy passes",
                published="2026-03-11"),
    )
    return Brief(
        articles=articles,
        stories=(_port_story(), _levy_story()),
        times=(
            _time("h1", "March 14", "DATE", "2026-03-14", anchor="2026-03-14"),
            _time("h1", "Friday", "DATE", "2026-03-13", anchor="2026-03-14"),
            _time("h1", "31 years", "DURATION", "P31Y"),
            _time("h1", "June 2024", "DATE", "2024-06"),
            _time("h1", "the end of April", "DATE", "2026-04", mod="END", anchor="2026-03-14"),
            _time("h1", "2019", "DATE", "2019"),
            _time("h1", "every day", "SET", "P1D"),
            _time("n1", "Friday", "DATE", "2026-03-13", anchor="2026-03-14"),
            _time("n1", "Thursday", "DATE", "2026-03-12", anchor="2026-03-14"),
            _time("n1", "Between March 16 and 20", "DATE", "2026-03-16", end_value="2026-03-20",
                  anchor="2026-03-14"),
            _time("c1", "yesterday", "DATE", "2026-03-13", anchor="2026-03-14"),
            _time("c1", "next week", "DATE", "2026-W12", anchor="2026-03-14"),
            _time("m1", "Tuesday", "DATE", "2026-03-10", anchor="2026-03-10"),
            _time("m1", "July", "DATE", "2026-07", anchor="2026-03-10"),
            _time("m2", "Tuesday", "DATE", "2026-03-10", anchor="2026-03-11"),
            _time("m2", "2023", "DATE", "2023"),
        ),
        errors=(InputIssue("inbox/scan.pdf", "not a text file: binary content (PDF)"),),
        zones=(
            Zone(span("h1", "KESTREL BAY, March 14 \u2014"), "dateline",
                 "city and date before a dash"),
            Zone(span("h1", "The Kestrel Bay Port Authority"), "reporting"),
            Zone(span("h1", "A crane operator watches a vessel at Kestrel Bay in 2019. (Photo: "
                            "Tomas Reyes/Harbour Ledger)"), "caption",
                 "photo credit in parentheses"),
            Zone(span("h1", "Sign up for the Morning Manifest newsletter to get port news every "
                            "day."), "newsletter", "sign-up call to action"),
        ),
        generator_version=GENERATOR,
    )


def _port_story() -> Story:
    h1_lead = span("h1", "The Kestrel Bay Port Authority on Friday handed control of the container "
                         "terminal to the city operator Baymark")
    h1_when = span("h1", "on Friday handed control of the container terminal")  # inside h1_lead
    h1_years = span("h1", "the city operator Baymark, ending 31 years of federal management")
    n1_lead = span("n1", "The federal port authority transferred the Kestrel Bay terminal to "
                         "Baymark on Friday")
    c1_lead = span("c1", "Baymark took over the Kestrel Bay terminal yesterday")
    h1_workers = span("h1", "about 2,500 workers would keep their jobs")
    n1_workers = span("n1", "2,515 workers would stay on the payroll")
    n1_thursday = span("n1", "A spokesperson for the transport ministry said the handover "
                             "happened on Thursday, not Friday")
    h1_agreed = span("h1", "The transfer was agreed in June 2024")
    h1_april = span("h1", "expected to be completed by the end of April, when the last cranes "
                          "change hands")
    n1_drills = span("n1", "Between March 16 and 20 the operator will run safety drills at the "
                           "terminal")
    c1_ships = span("c1", "Some 40 ships are due to call at the terminal next week")
    n1_quote = span("n1", "\u201cNobody loses a job,\u201d she said")
    c1_quote = span("c1", "\u201cNobody loses a job,\u201d a Baymark spokesperson said")
    claims = (
        ClaimGroup("s1-c1", "Baymark took control of the Kestrel Bay terminal.", "corroborated",
                   ("Coastline Bulletin", "Harbour Ledger", "Northwind Post"),
                   (h1_lead, n1_lead, c1_lead), ("h1-1", "n1-1", "c1-1"),
                   ("Coastline Bulletin", "Harbour Ledger", "Northwind Post"),
                   agreeing=("h1-1", "n1-1", "c1-1"),
                   basis="same predicate: take; same participants: Baymark; same polarity"),
        # disputed: its outlets agreed on the figure before a conflict disputed it
        ClaimGroup("s1-c2", "About 2,500 workers keep their jobs.", "disputed",
                   ("Harbour Ledger", "Northwind Post"), (h1_workers, n1_workers), (),
                   ("Harbour Ledger", "Northwind Post")),
        ClaimGroup("s1-c3", "The handover took place on Friday.", "disputed",
                   ("Harbour Ledger", "Northwind Post"), (h1_when, n1_lead)),
        ClaimGroup("s1-c4", "The transfer was agreed in June 2024.", "single_source",
                   ("Harbour Ledger",), (h1_agreed,)),
        ClaimGroup("s1-c5", "The operator will run safety drills between March 16 and 20.",
                   "single_source", ("Northwind Post",), (n1_drills,)),
        ClaimGroup("s1-c6", "Some 40 ships are due to call next week.", "single_source",
                   ("Coastline Bulletin",), (c1_ships,)),
        # crosses h1_lead: starts inside it and ends after it
        ClaimGroup("s1-c7", "Federal management of the terminal lasted 31 years.",
                   "single_source", ("Harbour Ledger",), (h1_years,)),
    )
    return Story(
        id="s1",
        title="Kestrel Bay terminal handed to city operator Baymark",
        article_ids=("h1", "n1", "n2", "c1"),
        sources=("Coastline Bulletin", "Harbour Ledger", "Northwind Post", "Valemont Wire"),
        first_date="2026-03-14",
        last_date="2026-03-14",
        merged_from=("s7",),
        summary=(
            SummaryItem("Three outlets report that Baymark took control of the Kestrel Bay "
                        "terminal.", (h1_lead, n1_lead, c1_lead), "corroborated"),
            SummaryItem("Outlets put the number of workers keeping their jobs at 2,500 or "
                        "2,515.", (h1_workers, n1_workers), "disputed"),
            SummaryItem("A ministry spokesperson dates the handover to Thursday, not Friday.",
                        (n1_thursday, h1_when), "disputed"),
            SummaryItem("Only Coastline Bulletin reports some 40 ships due next week.",
                        (c1_ships,), "unique"),
        ),
        claims=claims,
        conflicts=(
            Conflict("numeric", "workers keeping their jobs", (
                Position("about 2,500", (h1_workers,), ("Harbour Ledger",)),
                Position("2,515", (n1_workers,), ("Northwind Post",)),
            ), "relative gap 0.6%, within rounding",
                basis="same counted thing: workers; stated in aligned claims with the same "
                      "predicate"),
            Conflict("date", "day of the handover", (
                Position("2026-03-13 (Friday)", (h1_when, n1_lead),
                         ("Harbour Ledger", "Northwind Post")),
                Position("2026-03-12 (Thursday)", (n1_thursday,), ("Northwind Post",)),
            ), "one day apart"),
            Conflict("attribution", "who said \u201cNobody loses a job\u201d", (
                Position("Ilse Varga, port director", (n1_quote,), ("Northwind Post",)),
                Position("a Baymark spokesperson", (c1_quote,), ("Coastline Bulletin",)),
            )),
        ),
        coverage=(
            ("Coastline Bulletin", ("s1-c1", "s1-c6")),
            ("Harbour Ledger", ("s1-c1", "s1-c2", "s1-c3", "s1-c4", "s1-c7")),
            ("Northwind Post", ("s1-c1", "s1-c2", "s1-c3", "s1-c5")),
        ),
        quotes=(
            Quote("e-varga", "Port director Ilse Varga", "orderly and on schedule", True,
                  span("h1", "orderly and on schedule"), role="Port director"),
            Quote("e-varga", "Varga", "Nobody loses a job", True, n1_quote,
                  role="the port director",
                  speaker_citation=Span("n1", n1_quote.end - 8, n1_quote.end - 5),
                  attribution="pronoun", cue="said"),
            Quote(None, "a Baymark spokesperson", "Nobody loses a job", True, c1_quote,
                  speaker_citation=span("c1", "a Baymark spokesperson"), attribution="direct",
                  cue="said", on_behalf_of="Baymark"),
            Quote(None, "A spokesperson for the transport ministry",
                  "the handover happened on Thursday, not Friday", False, n1_thursday),
            Quote(None, None, "members of the dockworkers' union were cautiously hopeful", False,
                  span("c1", "Members of the dockworkers' union were cautiously hopeful, one of "
                             "them said")),
        ),
        entities=(
            Entity("e-authority", "Kestrel Bay Port Authority", "ORG",
                   ("Kestrel Bay Port Authority", "federal port authority", "the authority"),
                   (span("h1", "Kestrel Bay Port Authority"), span("n1", "federal port authority"),
                    span("h1", "the authority")), 2),
            Entity("e-baymark", "Baymark", "ORG", ("Baymark",),
                   (span("h1", "Baymark"), span("n1", "Baymark"), span("c1", "Baymark")), 3),
            Entity("e-varga", "Ilse Varga", "PERSON", ("Ilse Varga", "Varga"),
                   (span("h1", "Ilse Varga"), span("n1", "Varga")), 2),
            Entity("e-kestrel", "Kestrel Bay", "GPE", ("KESTREL BAY", "Kestrel Bay"),
                   (span("h1", "KESTREL BAY"), span("n1", "Kestrel Bay"),
                    span("c1", "Kestrel Bay")), 3),
            Entity("e-ministry", "transport ministry", "ORG", ("transport ministry",),
                   (span("n1", "transport ministry"),), 1),
        ),
        quantities=(
            Quantity(2500.0, None, None, "about", None, "workers keeping their jobs", h1_workers,
                     text="about 2,500 workers"),
            Quantity(2515.0, None, None, "exact", None, "workers keeping their jobs", n1_workers,
                     text="2,515 workers"),
            Quantity(325.0, 300.0, 350.0, "range", None, "containers a day",
                     span("n1", "between 300 and 350 containers a day"),
                     text="between 300 and 350 containers"),
            Quantity(31.0, None, None, "exact", "years", "federal management",
                     span("h1", "31 years of federal management"), text="31 years"),
            Quantity(40.0, None, None, "about", None, "ships due to call", c1_ships,
                     time="2026-W12", text="Some 40 ships"),
        ),
        timeline=(
            TimelineEntry("2024-06", None, "reported", "Transfer agreed", (h1_agreed,)),
            TimelineEntry("2026-03-13", None, "reported",
                          "Port authority hands the terminal to Baymark", (h1_when, n1_lead)),
            TimelineEntry("2026-03-13", None, "reported",
                          "Baymark takes over the terminal, per a company statement",
                          (c1_lead,), inferred=True),
            TimelineEntry("2026-03-12", None, "reported",
                          "Handover, according to the transport ministry", (n1_thursday,)),
            TimelineEntry("2026-03-16", "2026-03-20", "expected", "Safety drills at the terminal",
                          (n1_drills,)),
            TimelineEntry("2026-W12", None, "expected", "About 40 ships due to call",
                          (c1_ships,), inferred=True),
            TimelineEntry("2026-04", None, "expected", "Last cranes change hands", (h1_april,)),
        ),
        events=(
            Event("e-s1", "Kestrel Bay terminal handed to city operator Baymark", "2026-03-13",
                  "2026-03-14", "2026-03-14", ("h1", "n1", "n2", "c1"),
                  ("Coastline Bulletin", "Harbour Ledger", "Northwind Post", "Valemont Wire"),
                  tuple(c.id for c in claims), (0, 1, 2, 3, 4), (0, 1, 2, 3, 4, 5, 6),
                  (0, 1, 2, 3), reported_date=True),
        ),
    )


def _levy_story() -> Story:
    m1_vote = span("m1", "Marlow City Council voted 7-2 on Tuesday to approve a transit levy")
    m2_vote = span("m2", "The council in Marlow approved the transit levy on Tuesday")
    m1_july = span("m1", "which takes effect in July")
    m2_ref = span("m2", "It follows a 2023 referendum that rejected a similar plan")
    m1_routes = span("m1", "Councillor Dana Whitlock said the levy would fund up to 12 new bus "
                           "routes")
    return Story(
        id="s2",
        title="Marlow council approves transit levy",
        article_ids=("m1", "m2"),
        first_date="2026-03-10",
        last_date="2026-03-11",
        summary=(
            SummaryItem("The Marlow council approved a transit levy on Tuesday.",
                        (m1_vote, m2_vote), "corroborated"),
            SummaryItem("Only Marlow Gazette reports that the levy takes effect in July.",
                        (m1_july,), "unique"),
        ),
        claims=(
            ClaimGroup("s2-c1", "Marlow City Council approved a transit levy on Tuesday.",
                       "corroborated", ("Harbour Ledger", "Marlow Gazette"), (m1_vote, m2_vote)),
            ClaimGroup("s2-c2", "The levy takes effect in July.", "single_source",
                       ("Marlow Gazette",), (m1_july,)),
            ClaimGroup("s2-c3", "A 2023 referendum rejected a similar plan.", "single_source",
                       ("Harbour Ledger",), (m2_ref,)),
        ),
        quotes=(
            Quote("e-okafor", "Mayor Ren Okafor", "a long time coming", True,
                  span("m2", "a long time coming"), role="Mayor"),
            Quote("e-whitlock", "Councillor Dana Whitlock",
                  "the levy would fund up to 12 new bus routes", False, m1_routes,
                  role="Councillor"),
        ),
        entities=(
            Entity("e-council", "Marlow City Council", "ORG",
                   ("Marlow City Council", "The council in Marlow"),
                   (span("m1", "Marlow City Council"), span("m2", "The council in Marlow")), 2),
            Entity("e-okafor", "Ren Okafor", "PERSON", ("Ren Okafor",),
                   (span("m2", "Ren Okafor"),), 1),
            Entity("e-whitlock", "Dana Whitlock", "PERSON", ("Dana Whitlock",),
                   (span("m1", "Dana Whitlock"),), 1),
        ),
        quantities=(
            Quantity(0.5, None, None, "exact", "%", "transit levy", span("m1", "0.5%"),
                     text="0.5%"),
            Quantity(12.0, None, 12.0, "up_to", None, "new bus routes",
                     span("m1", "up to 12 new bus routes"), text="up to 12"),
        ),
        timeline=(
            TimelineEntry("2023", None, "reported", "Referendum rejects a similar plan",
                          (m2_ref,)),
            TimelineEntry("2026-03-10", None, "reported", "Council approves the levy, 7-2",
                          (m1_vote, m2_vote)),
            TimelineEntry("2026-07", None, "expected", "Levy takes effect", (m1_july,)),
        ),
        events=(
            Event("e-s2", "Marlow council approves transit levy", "2026-03-10", "2026-03-10",
                  "2026-03-11", ("m1", "m2"), ("Harbour Ledger", "Marlow Gazette"),
                  ("s2-c1", "s2-c2", "s2-c3"), (0, 1), (0, 1, 2), (0, 1), reported_date=True),
        ),
    )


HOSTILE_SCRIPT = "<script>document.documentElement.setAttribute('data-pwned','script')</script>"
HOSTILE_IMG = "\"><img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">"


def hostile_brief() -> Brief:
    """Markup everywhere a string can reach the page: text, title, source, url, extractions."""
    text = (
        f"The mayor of Tollbridge {HOSTILE_SCRIPT} said the bridge would reopen on 2 May. "
        f"Engineers {HOSTILE_IMG} disagreed & said June.\n\n"
        "The old bridge at dusk, seen from the east bank. (Photo: <i>Tollbridge archive</i>)"
    )
    caption = Span("x1", text.index("The old bridge"), len(text))
    start = text.index("<script>")
    cited = Span("x1", start, start + len(HOSTILE_SCRIPT))
    img = Span("x1", text.index('">'), text.index('">') + len(HOSTILE_IMG))
    article = Article("x1", text, source=f"Tollbridge </td>{HOSTILE_IMG}",
                      title=f"Bridge {HOSTILE_SCRIPT}{HOSTILE_IMG}",
                      url="javascript:document.documentElement.setAttribute('data-pwned','url')",
                      published="2026-04-01")
    story = Story(
        id="x<s>",
        title=f"Tollbridge {HOSTILE_IMG}",
        article_ids=("x1",),
        summary=(SummaryItem(f"Summary {HOSTILE_SCRIPT}", (cited,), "unique"),),
        claims=(ClaimGroup("x-c1", f"Claim {HOSTILE_IMG}", "single_source",
                           (f"Out|let {HOSTILE_SCRIPT}",), (cited, img)),),
        quotes=(Quote(None, f"Speaker {HOSTILE_IMG}", f"Quote {HOSTILE_SCRIPT}", True, img),),
        entities=(Entity("x-e", f"Name {HOSTILE_SCRIPT}", "PERSON", (HOSTILE_IMG,), (cited,), 1),),
        timeline=(TimelineEntry("2026-05-02", None, "expected", f"Reopening {HOSTILE_SCRIPT}",
                                (cited,)),),
    )
    return Brief(
        articles=(article,),
        stories=(story,),
        times=(),
        errors=(InputIssue(f"in/{HOSTILE_IMG}.txt", f"bad {HOSTILE_SCRIPT}"),),
        zones=(Zone(img, "caption", HOSTILE_SCRIPT), Zone(caption, "caption", "photo credit")),
        generator_version=GENERATOR,
    )
