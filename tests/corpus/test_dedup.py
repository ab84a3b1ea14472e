"""Near-duplicate detection (MinHash LSH)."""

from __future__ import annotations

from corroborator.corpus import dedup
from corroborator.model import Article

WIRE = (
    "Floodwater breached the eastern levee of the Lessa River near Corrin late on Tuesday, "
    "forcing the evacuation of about 1,200 residents from low-lying streets, the regional "
    "emergency office said. Crews worked through the night to stack sandbags along the "
    "mill road, and the city hospital moved thirty patients to clinics on higher ground. "
    "Forecasters expect the river to crest on Thursday morning before slowly receding. "
    "Officials urged drivers to avoid the valley highway until inspections are complete."
)
OTHER = (
    "Residents of Corrin spent a second night in school gymnasiums as the Lessa River "
    "kept rising. Volunteers handed out blankets, and the mayor promised compensation for "
    "shop owners whose stock was ruined. Engineers are still assessing the damaged levee, "
    "which was last reinforced two decades ago, and say repairs could take months."
)


def art(aid: str, text: str, published: str | None = None) -> Article:
    return Article(id=aid, text=text, published=published)


def test_shingles_are_lowercased_word_ngrams() -> None:
    sh = dedup.shingles("One two Three four five six", k=5)
    assert sh == {"one two three four five", "two three four five six"}
    assert dedup.shingles("just two", k=5) == {"just two"}
    assert dedup.shingles("", k=5) == set()


def test_reprint_is_a_copy_of_the_earliest() -> None:
    reprint = "By Staff Writer\n" + WIRE.replace("Tuesday", "Tuesday night") + "\n(c) Agency"
    arts = [art("copy", reprint, "2024-04-03"), art("orig", WIRE, "2024-04-02"),
            art("other", OTHER, "2024-04-02")]
    assert dedup.find_duplicates(arts) == {"copy": "orig"}


def test_independent_reports_are_not_copies() -> None:
    assert dedup.find_duplicates([art("a", WIRE), art("b", OTHER)]) == {}


def test_undated_copies_point_to_the_first_in_input_order() -> None:
    arts = [art("first", WIRE), art("second", WIRE), art("third", WIRE + " Updated.")]
    assert dedup.find_duplicates(arts) == {"second": "first", "third": "first"}


def test_short_texts_are_never_copies() -> None:
    assert dedup.signature("Breaking: river rises.") is None
    assert dedup.find_duplicates([art("a", "River rises."), art("b", "River rises.")]) == {}


def test_index_checks_against_earlier_articles() -> None:
    index = dedup.DuplicateIndex()
    assert index.add_article(art("orig", WIRE)) is None
    assert index.add_article(art("other", OTHER)) is None
    assert index.add_article(art("copy", WIRE)) == "orig"
    assert "copy" in index and len(index) == 3
