"""Time expressions: detection, TIMEX3 typing and normalisation against a fixed DCT.

The sentences are invented (people, places and events of the shape news reports carry).
The DCT throughout is Wednesday 2026-01-21 unless a test says otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from corroborator.article.times import find_times, infer_publication
from corroborator.model import Parsed, TimeExpr
from corroborator.text.calendar import period_start, shift_value
from corroborator.text.numbers import duration_value, parse_number

DCT = "2026-01-21"  # a Wednesday

Parse = Callable[..., Parsed]


def _times(parse: Parse, text: str, dct: str | None = DCT) -> tuple[TimeExpr, ...]:
    return find_times(parse(text, published=dct), dct)


def _one(parse: Parse, text: str, phrase: str, dct: str | None = DCT) -> TimeExpr:
    found = [t for t in _times(parse, text, dct) if t.text == phrase]
    assert found, f"{phrase!r} not found in {[t.text for t in _times(parse, text, dct)]}"
    return found[0]


# --------------------------------------------------------------------------- pure helpers


def test_duration_values() -> None:
    assert duration_value(2, "DE") == "P20Y"
    assert duration_value(3, "W") == "P3W"
    assert duration_value(4, "H") == "PT4H"
    assert duration_value(2.5, "Y") == "P2Y6M"
    assert duration_value(None, "M") == "PXM"


def test_parse_number() -> None:
    assert parse_number("twenty four") == 24
    assert parse_number("twenty-four") == 24
    assert parse_number("a couple of") == 2
    assert parse_number("2 1/2") == 2.5
    assert parse_number("several") is None


def test_shift_value_keeps_precision() -> None:
    assert shift_value("1998-Q3", -1, "Y") == "1997-Q3"
    assert shift_value("2025", -1, "Y") == "2024"
    assert shift_value("2025-03", 1, "M") == "2025-04"
    assert shift_value("2026-01-21", -3, "D") == "2026-01-18"


def test_period_start() -> None:
    assert str(period_start("2026-W05")) == "2026-01-26"
    assert str(period_start("1998-Q3")) == "1998-07-01"
    assert str(period_start("199")) == "1990-01-01"
    assert period_start("PRESENT_REF") is None


# --------------------------------------------------------------------------- weekdays, tense


@pytest.mark.slow
def test_said_saturday_is_the_past_saturday(parse: Parse) -> None:
    t = _one(parse, "The harbour authority said Saturday that the ferry had sunk.", "Saturday")
    assert (t.type, t.value, t.anchor) == ("DATE", "2026-01-17", DCT)


@pytest.mark.slow
def test_weekday_in_future_clause(parse: Parse) -> None:
    t = _one(parse, "The two envoys will meet on Sunday in Karsova.", "Sunday")
    assert t.value == "2026-01-25"


@pytest.mark.slow
def test_on_sunday_in_past_clause(parse: Parse) -> None:
    t = _one(parse, "The mayor of Velden resigned on Sunday after the vote.", "Sunday")
    assert t.value == "2026-01-18"
    assert t.span.start == t.span.end - len("Sunday")  # the preposition stays outside


@pytest.mark.slow
def test_span_offsets_index_the_text(parse: Parse) -> None:
    text = "The mayor of Velden resigned on Sunday after the vote."
    p = parse(text, article_id="art-7", published=DCT)
    for t in find_times(p, DCT):
        assert text[t.span.start : t.span.end] == t.text
        assert t.span.article == "art-7"


# --------------------------------------------------------------------------- calendar dates


@pytest.mark.slow
def test_month_day_without_year(parse: Parse) -> None:
    t = _one(parse, "The militia attacked the depot in Orsk on Dec. 13.", "Dec. 13")
    assert t.value == "2025-12-13"
    t = _one(parse, "Rebels entered Tavra on January 21, officials said.", "January 21")
    assert t.value == "2026-01-21"


@pytest.mark.slow
def test_numeric_dates(parse: Parse) -> None:
    text = "The truce was signed on 20.01.2026, renewed on 2026/02/03 and broken on 3/4/2026."
    got = [(t.text, t.value) for t in _times(parse, text)]
    assert got == [("20.01.2026", "2026-01-20"), ("2026/02/03", "2026-02-03"),
                   ("3/4/2026", "2026-03-04")]  # fmt: skip


@pytest.mark.slow
def test_this_coming_weekday(parse: Parse) -> None:
    t = _one(parse, "The festival in Orvay is this coming Sunday.", "this coming Sunday")
    assert t.value == "2026-01-25"


@pytest.mark.slow
def test_month_year_and_year_keep_precision(parse: Parse) -> None:
    times = _times(parse, "The pact signed in September 2024 replaced the 2017 accord.")
    assert [(t.text, t.value) for t in times] == [("September 2024", "2024-09"), ("2017", "2017")]


@pytest.mark.slow
def test_bare_month_follows_tense(parse: Parse) -> None:
    past = _one(parse, "The council approved the budget in March.", "March")
    future = _one(parse, "The council will vote on the budget in March.", "March")
    assert (past.value, future.value) == ("2025-03", "2026-03")


@pytest.mark.slow
def test_decades_and_centuries(parse: Parse) -> None:
    assert _one(parse, "Prices rose through the 1990s.", "the 1990s").value == "199"
    t = _one(parse, "The town was founded in the early 19th century.", "the early 19th century")
    assert (t.value, t.mod) == ("18", "START")


@pytest.mark.slow
def test_relative_periods(parse: Parse) -> None:
    text = ("Exports fell last month. Output rose this year. The board meets next week. "
            "The fund was closed earlier this month.")  # fmt: skip
    got = {t.text: t.value for t in _times(parse, text)}
    assert got == {"last month": "2025-12", "this year": "2026", "next week": "2026-W05",
                   "earlier this month": "2026-01"}  # fmt: skip


@pytest.mark.slow
def test_anaphoric_year_before(parse: Parse) -> None:
    text = "Police recorded nine thefts in 2025, down from 30 the year before."
    t = _one(parse, text, "the year before")
    assert t.value == "2024"


@pytest.mark.slow
def test_year_earlier_after_quarter(parse: Parse) -> None:
    text = ("Brandle Corp. earned $4 million in the third quarter of 2024, up from $3 million "
            "a year earlier.")
    assert _one(parse, text, "the third quarter of 2024").value == "2024-Q3"
    assert _one(parse, text, "a year earlier").value == "2023-Q3"


# --------------------------------------------------------------------------- ranges and modifiers


@pytest.mark.slow
def test_range_between_days(parse: Parse) -> None:
    t = _one(parse, "Army units took the valley between January 16 and 21.", "January 16 and 21")
    assert (t.value, t.end_value) == ("2026-01-16", "2026-01-21")


@pytest.mark.slow
def test_range_of_months(parse: Parse) -> None:
    text = "The garrison began to leave Fort Amber in August and September 2025."
    t = _one(parse, text, "August and September 2025")
    assert (t.type, t.value, t.end_value) == ("DATE", "2025-08", "2025-09")


@pytest.mark.slow
def test_end_of_month_is_period_with_mod(parse: Parse) -> None:
    text = "The partners set a target for completion by the end of September 2025."
    t = _one(parse, text, "the end of September 2025")
    assert (t.value, t.mod) == ("2025-09", "END")


@pytest.mark.slow
def test_last_months_of_year(parse: Parse) -> None:
    text = "A few engineers stayed at the plant in the last months of 2025."
    t = _one(parse, text, "the last months of 2025")
    assert (t.value, t.mod) == ("2025", "END")


@pytest.mark.slow
def test_early_and_mid(parse: Parse) -> None:
    early = _one(parse, "The mine reopened in early March 2024.", "early March 2024")
    mid = _one(parse, "Talks stalled in mid-2023.", "mid-2023")
    assert (early.value, early.mod, mid.value, mid.mod) == ("2024-03", "START", "2023", "MID")


# --------------------------------------------------------------------------- durations, refs, sets


@pytest.mark.slow
def test_durations(parse: Parse) -> None:
    text = ("The siege ended more than two decades of rule. The strike lasted three weeks. "
            "Prices have risen over the past 18 months.")  # fmt: skip
    got = {t.text: (t.type, t.value) for t in _times(parse, text)}
    assert got["more than two decades"] == ("DURATION", "P20Y")
    assert _one(parse, text, "more than two decades").mod == "MORE_THAN"
    assert got["three weeks"] == ("DURATION", "P3W")
    assert got["the past 18 months"] == ("DURATION", "P18M")


@pytest.mark.slow
def test_two_decades(parse: Parse) -> None:
    t = _one(parse, "The base hosted foreign troops for two decades.", "two decades")
    assert (t.type, t.value) == ("DURATION", "P20Y")


@pytest.mark.slow
def test_present_and_past_references(parse: Parse) -> None:
    text = ("The port is now closed. Currently 40 ships wait offshore. "
            "Rents have climbed in recent years.")
    got = {t.text: t.value for t in _times(parse, text)}
    assert got == {"now": "PRESENT_REF", "Currently": "PRESENT_REF", "recent years": "PAST_REF"}


@pytest.mark.slow
def test_times_of_day(parse: Parse) -> None:
    text = "The polls closed at 3 p.m. Tuesday. The minister resigned this morning."
    got = {t.text: (t.type, t.value) for t in _times(parse, text)}
    assert got["3 p.m. Tuesday"] == ("TIME", "2026-01-20T15:00")
    assert got["this morning"] == ("TIME", "2026-01-21TMO")


@pytest.mark.slow
def test_sets(parse: Parse) -> None:
    text = "Inspectors visit the dam every week. The festival is held annually."
    got = {t.text: (t.type, t.value) for t in _times(parse, text)}
    assert got == {"every week": ("SET", "P1W"), "annually": ("SET", "P1Y")}


@pytest.mark.slow
def test_quarters_seasons_fiscal(parse: Parse) -> None:
    text = ("Sales fell in the first quarter of 1998. The bridge opened in the summer of 1998. "
            "Revenue in fiscal 2024 rose. Third-quarter profit doubled.")  # fmt: skip
    got = {t.text: t.value for t in _times(parse, text)}
    assert got["the first quarter of 1998"] == "1998-Q1"
    assert got["the summer of 1998"] == "1998-SU"
    assert got["fiscal 2024"] == "2024"
    assert got["Third-quarter"] == "2025-Q3"  # in January, last year's third quarter


@pytest.mark.slow
def test_no_false_years_or_rates(parse: Parse) -> None:
    text = "The ferry carries 1500 passengers and costs $20 a week. Turnout was 1999 votes higher."
    assert [t.text for t in _times(parse, text)] == []
    text = "Exports from Harlow are expected to rise 8% annually."
    assert [t.text for t in _times(parse, text)] == []  # a rate, like "8% a year"
    text = "At 1645 GMT, the Pell index had climbed 12 points (0.4 percent) to 3,200."
    assert "1645" not in [t.text for t in _times(parse, text)]  # a clock time


# --------------------------------------------------------------------------- without a DCT


@pytest.mark.slow
def test_undated_article_resolves_only_absolute_dates(parse: Parse) -> None:
    text = "The treaty of September 2024 was renewed on Sunday, and talks resume next week."
    got = {t.text: (t.value, t.anchor) for t in _times(parse, text, dct=None)}
    assert got == {"September 2024": ("2024-09", None), "Sunday": (None, None),
                   "next week": (None, None)}  # fmt: skip


@pytest.mark.slow
def test_future_next_week_withdrawal(parse: Parse) -> None:
    text = "“Camp Orla will witness a full withdrawal next week,” the colonel said."
    t = _one(parse, text, "next week")
    assert (t.type, t.value) == ("DATE", "2026-W05")


# --------------------------------------------------------------------------- publication inference


@pytest.mark.slow
def test_infer_from_latest_absolute_date(parse: Parse) -> None:
    text = ("The summit in Brask opened on March 3, 2027. Delegates signed the accord on "
            "March 5, 2027, after two days of talks.")  # fmt: skip
    p = parse(text)
    assert infer_publication(p, find_times(p, None), []) == "2027-03-05"


@pytest.mark.slow
def test_infer_from_weekday_after_known_event(parse: Parse) -> None:
    # March 6, 2027 is a Saturday: "on Sunday" after it is March 7
    text = ("Rebels entered Kovel on March 6, 2027. The ministry announced on Sunday that the "
            "town had been retaken.")  # fmt: skip
    p = parse(text)
    assert infer_publication(p, find_times(p, None), []) == "2027-03-07"


@pytest.mark.slow
def test_infer_weekday_against_story_dates(parse: Parse) -> None:
    # the others in the story came out on Tuesday 2027-03-09; "on Sunday" is March 7
    text = "The ministry announced on Sunday that the last convoy had left Kovel."
    p = parse(text)
    assert infer_publication(p, find_times(p, None), ["2027-03-09", "2027-03-09"]) == "2027-03-07"


@pytest.mark.slow
def test_infer_from_story_dates_alone(parse: Parse) -> None:
    p = parse("Officials confirmed the closure of the Kovel base.")
    assert infer_publication(p, find_times(p, None), ["2027-03-10", "2027-03-09"]) == "2027-03-09"
    assert infer_publication(p, find_times(p, None), []) is None


# --------------------------------------------------------------------------- error-analysis rules


@pytest.mark.slow
def test_earlier_and_later_stay_in_the_span(parse: Parse) -> None:
    text = ("Earlier this month, the Brenn council froze rents. Planting was delayed earlier "
            "in the year. Later yesterday the mayor resigned, and a vote came later in the "
            "day.")  # fmt: skip
    got = {t.text: t.value for t in _times(parse, text)}
    assert got == {"Earlier this month": "2026-01", "Later yesterday": "2026-01-20",
                   "earlier in the year": "2026", "later in the day": "2026-01-20"}  # fmt: skip


@pytest.mark.slow
def test_previous_weekday_counts_from_the_date_in_focus(parse: Parse) -> None:
    text = "The Oslen index closed at 410 on Jan. 9, down 3% from the previous Friday."
    assert _one(parse, text, "the previous Friday").value == "2026-01-02"


@pytest.mark.slow
def test_the_next_day_follows_the_date_in_focus(parse: Parse) -> None:
    text = "Rebels seized the Marrow dam on Jan. 9. Troops retook it the next day."
    assert _one(parse, text, "the next day").value == "2026-01-10"


@pytest.mark.slow
def test_half_years(parse: Parse) -> None:
    text = ("Sales in the last half of 2025 fell; the first two quarters of 2026 look weak "
            "and the first half of next year is uncertain.")  # fmt: skip
    got = {t.text: t.value for t in _times(parse, text)}
    assert got["the last half of 2025"] == "2025-H2"
    assert got["the first two quarters of 2026"] == "2026-H1"
    assert got["the first half of next year"] == "2027-H1"


@pytest.mark.slow
def test_vague_and_qualified_durations(parse: Parse) -> None:
    text = ("The Tarvik bridge will stay closed for a while. Shares of Omsel fell for eight "
            "trading days. The lease runs for an additional year, and the port was leased for "
            "20 more years. Repairs will take two to three weeks, talks two or three days.")
    got = {t.text: (t.type, t.value, t.end_value) for t in _times(parse, text)}
    assert got["a while"] == ("DURATION", "PXX", None)
    assert got["eight trading days"] == ("DURATION", "P8D", None)
    assert got["an additional year"] == ("DURATION", "P1Y", None)
    assert got["20 more years"] == ("DURATION", "P20Y", None)
    assert got["two to three weeks"] == ("DURATION", "P2W", "P3W")
    assert got["two or three days"] == ("DURATION", "P2D", "P3D")


@pytest.mark.slow
def test_counted_units_before_of(parse: Parse) -> None:
    t = _one(parse, "The accord follows months of talks in Velden.", "months")
    assert (t.type, t.value) == ("DURATION", "PXM")


@pytest.mark.slow
def test_indefinite_past_and_future(parse: Parse) -> None:
    text = ("Residents hope the ferry will one day return to Orvay. The rest of the loan will "
            "be paid at a later date. Farmers worry about the future of the valley but plan "
            "to expand in the future.")  # fmt: skip
    found = [(t.text, t.value) for t in _times(parse, text)]
    assert found == [("one day", "FUTURE_REF"), ("a later date", "FUTURE_REF"),
                     ("the future", "FUTURE_REF")]  # fmt: skip
    later = next(t for t in _times(parse, text) if t.text == "the future")
    assert text[later.span.start - 3 : later.span.start] == "in "


@pytest.mark.slow
def test_fractions_and_compounds_are_not_times(parse: Parse) -> None:
    text = ("Growers lost more than a quarter of their crop. The quarter-to-quarter "
            "comparison was weak.")  # fmt: skip
    assert _times(parse, text) == ()


@pytest.mark.slow
def test_title_case_names_are_not_times(parse: Parse) -> None:
    text = 'The envoy appeared on "This Week" to defend the plan, then on Radio Karsk Today.'
    assert _times(parse, text) == ()
    headline = _one(parse, "Velden Council To Vote Next Week", "Next Week")
    assert headline.value == "2026-W05"


@pytest.mark.slow
def test_parts_of_the_day_in_focus(parse: Parse) -> None:
    text = "The convoy left Arvel on Monday. By mid-afternoon the roads were empty."
    t = _one(parse, text, "mid-afternoon")
    assert (t.type, t.value) == ("TIME", "2026-01-19TAF")
    t = _one(parse, "Police arrived in the morning, officials said.", "the morning")
    assert t.value == "2026-01-21TMO"


@pytest.mark.slow
def test_weekday_parts_set(parse: Parse) -> None:
    t = _one(parse, "Flights to Orvay leave on Tuesday nights.", "Tuesday nights")
    assert (t.type, t.value) == ("SET", "XXXX-WXX-2TNI")


@pytest.mark.slow
def test_past_perfect_plan_is_past(parse: Parse) -> None:
    text = "The offer had been scheduled to expire Friday, but the Dunmore board extended it."
    assert _one(parse, text, "Friday").value == "2026-01-16"


@pytest.mark.slow
def test_would_and_next_month_in_reported_plans(parse: Parse) -> None:
    t = _one(parse, "The Harrow mill said it would cut output in January.", "January")
    assert t.value == "2026-01"
    t = _one(parse, "The Harrow mill said output cuts were planned for February.", "February")
    assert t.value == "2026-02"


@pytest.mark.slow
def test_latest_fiscal_year_is_the_last_complete_one(parse: Parse) -> None:
    text = "Vessa Corp. earned $3 million in the latest fiscal year."
    assert _one(parse, text, "the latest fiscal year").value == "2025"


@pytest.mark.slow
def test_latest_quarter_keeps_the_quarter_in_focus(parse: Parse) -> None:
    filler = "The Omsel plant in Velden makes valves and pumps for farms. " * 20
    text = ("Brandle Corp. earned $4 million in the third quarter of 2024. " + filler
            + "In the latest quarter sales rose to $9 million from $8 million a year earlier.")
    assert _one(parse, text, "the latest quarter").value == "2025-Q4"
    assert _one(parse, text, "a year earlier").value == "2024-Q4"


@pytest.mark.slow
def test_a_present_plan_puts_a_day_without_year_ahead(parse: Parse) -> None:
    # written on 2026-01-21: a December day that "is scheduled" is next December, while
    # one reported in the past stays the December just gone
    assert _one(parse, "The vote is scheduled for Dec. 13.", "Dec. 13").value == "2026-12-13"
    assert _one(parse, "The vote was held on Dec. 13.", "Dec. 13").value == "2025-12-13"
    assert _one(parse, "The bridge is open since Dec. 13.", "Dec. 13").value == "2025-12-13"


# --------------------------------------------------------------------------- reported speech
#
# A clause reported in the past is told from the report's day, and its tense is shifted
# back: "would", "could", "was possible" look ahead of the report, "had closed" looks
# back. The DCT here is Monday 2026-05-04; the outlets and events are invented.

MONDAY = "2026-05-04"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        # back-shifted modals and predicates look ahead of the report
        ("The Orrin Water Board said on Monday that more boil notices were possible on "
         "Tuesday.", "Tuesday", "2026-05-05"),
        ("The board said that supplies would be back by Wednesday.", "Wednesday",
         "2026-05-06"),
        ("Brisk Rail said it would reopen the Tallow line on Thursday.", "Thursday",
         "2026-05-07"),
        ("The mayor said a second vote was likely on Friday.", "Friday", "2026-05-08"),
        ("Organisers said the parade could go ahead on Saturday.", "Saturday", "2026-05-09"),
        ("The union said a ballot was scheduled for Thursday.", "Thursday", "2026-05-07"),
        ("The club said it was going to name a new coach on Wednesday.", "Wednesday",
         "2026-05-06"),
        ("Brisk Rail said it planned to reopen the line on Thursday.", "Thursday",
         "2026-05-07"),
        # the report hangs after what it reports
        ("More boil notices were possible on Tuesday, the board said.", "Tuesday",
         "2026-05-05"),
        # a past perfect or a plain past looks back from the report
        ("Brisk Rail said on Friday that trains had stopped on Wednesday.", "Wednesday",
         "2026-04-29"),
        ("Police said on Saturday that the van was found on Thursday.", "Thursday",
         "2026-04-30"),
        # the report's own day anchors what it reports
        ("The council said on Friday it would open the bridge on Saturday.", "Saturday",
         "2026-05-02"),
        ("The council said on Friday it would open the bridge on Saturday.", "Friday",
         "2026-05-01"),
        # not shifted: "will" and the present count from the writer's now
        ("The council said on Friday it will open the bridge on Saturday.", "Saturday",
         "2026-05-09"),
        ("Crews repaired the main on Sunday.", "Sunday", "2026-05-03"),
    ],
)
def test_reported_speech_is_read_from_the_report(parse: Parse, text: str, phrase: str,
                                                 value: str) -> None:
    assert _one(parse, text, phrase, dct=MONDAY).value == value


@pytest.mark.slow
def test_reported_future_weekday_is_no_evidence_of_publication(parse: Parse) -> None:
    # undated: "would reopen on Thursday" lies ahead and says nothing about when the
    # article was written; "closed on Saturday" does
    text = "The Orrin Water Board said the plant closed on Saturday and would reopen on Thursday."
    p = parse(text, published=None)
    guess = infer_publication(p, find_times(p, None), ["2026-05-03", "2026-05-05"])
    assert guess is not None and date.fromisoformat(guess).isoweekday() in (6, 7, 1)
