"""Unit tests of :mod:`corroborator.story.facts` on hand-built claims (no parser)."""

from __future__ import annotations

from corroborator.model import Claim, Quantity, Span
from corroborator.story.facts import compatible, predicate_keys, same_act, same_fact


def _claim(cid: str, text: str, predicates: tuple[str, ...] = (), *, negated: bool = False,
           times: tuple[str, ...] = (), numbers: tuple[float, ...] = (),
           entities: tuple[str, ...] = (), content: str = "",
           verbs: tuple[str, ...] = (), quoted: bool = False,
           own_words: bool = False) -> Claim:
    article = cid.split("#")[0]
    return Claim(cid, article, text, Span(article, 0, len(text)), entities=entities,
                 numbers=numbers, times=times, content=content or text,
                 predicates=predicates, negated=negated, verbs=verbs or predicates,
                 quoted=quoted or own_words, own_words=own_words)


def _qty(c: Claim, value: float, unit: str | None = None, counted: str | None = None,
         qualifier: str = "exact") -> Quantity:
    return Quantity(value, None, None, qualifier, unit, counted, c.span)  # type: ignore[arg-type]


def test_synonyms_share_a_predicate_key_and_light_verbs_none() -> None:
    assert predicate_keys(["seize"]) & predicate_keys(["apprehend"])
    assert predicate_keys(["die"]) & predicate_keys(["kill"])
    assert not predicate_keys(["be", "have", "make"])
    assert not predicate_keys(["arrest"]) & predicate_keys(["release"])


def test_same_predicate_participants_and_date_make_one_fact_with_a_basis() -> None:
    a = _claim("a#c0", "Police closed the Arn bridge on Monday", ("close",),
               times=("2026-05-04",), entities=("e-arn",))
    b = _claim("b#c0", "The Arn bridge was closed by police on Monday", ("close",),
               times=("2026-05-04",), entities=("e-arn",))
    basis = same_fact(a, b, (), (), 0.4)
    assert basis is not None
    assert basis.describe({"e-arn": "Arn bridge"}) == (
        "same predicate: close; same participants: Arn bridge; same date: 2026-05-04; "
        "same polarity"
    )


def test_a_denial_never_corroborates_an_assertion() -> None:
    a = _claim("a#c0", "Brask has not apologised", ("apologise",), negated=True)
    b = _claim("b#c0", "Brask apologised", ("apologise",))
    assert same_fact(a, b, (), (), 0.9) is None
    assert not compatible(a, b, (), (), 0.9)


def test_dates_that_do_not_overlap_are_two_facts() -> None:
    a = _claim("a#c0", "Reid checked into the clinic on Tuesday", ("check",),
               times=("2008-12-09",))
    b = _claim("b#c0", "Reid checked into the clinic on Friday", ("check",),
               times=("2008-12-12",))
    assert same_fact(a, b, (), (), 0.9) is None
    month = _claim("c#c0", "Reid checked into the clinic in December", ("check",),
                   times=("2008-12",))
    assert same_fact(a, month, (), (), 0.9) is not None


def test_the_same_number_in_other_units_or_beyond_rounding_is_not_one_fact() -> None:
    a = _claim("a#c0", "The wood held 10 percent moisture", ("hold",))
    b = _claim("b#c0", "The wood held 10 cm of snow", ("hold",))
    assert same_fact(a, b, (_qty(a, 10, "percent"),), (_qty(b, 10, "cm"),), 0.6) is None
    c = _claim("c#c0", "About 45,000 spectators watched the final", ("watch",))
    d = _claim("d#c0", "Exactly 44,947 spectators watched the final", ("watch",))
    basis = same_fact(c, d, (_qty(c, 45_000, None, "spectators", "about"),),
                      (_qty(d, 44_947, None, "spectators"),), 0.6)
    assert basis is not None and basis.figure == "45,000 spectators"
    # bare figures (no parsed quantity) agree only within a few percent
    e = _claim("e#c0", "Engineers found a crack 40 metres long", ("find",), numbers=(40.0,))
    f = _claim("f#c0", "Engineers found a crack 35 metres long", ("find",), numbers=(35.0,))
    assert same_fact(e, f, (), (), 0.8) is None


def test_different_predicates_need_a_close_paraphrase() -> None:
    a = _claim("a#c0", "Police arrested the driver", ("arrest",))
    b = _claim("b#c0", "Police released the name of the victim", ("release",))
    assert same_fact(a, b, (), (), 0.5) is None
    assert same_fact(a, b, (), (), 0.7) is not None
    assert compatible(a, b, (), (), 0.5)  # nothing sets them apart either


def test_the_same_words_quoted_from_two_speakers_are_two_statements() -> None:
    a = _claim("a#c0", "\u201cWe are ready,\u201d Mayor Varro said", ("be",),
               content="\u201cWe are ready,\u201d")
    b = _claim("b#c0", "\u201cWe are ready,\u201d harbour master Dunmore said", ("be",),
               content="\u201cWe are ready,\u201d")
    assert same_fact(a, b, (), (), 1.0) is None
    c = _claim("c#c0", "\u201cWe are ready,\u201d Varro told reporters", ("be",),
               content="\u201cWe are ready,\u201d")
    assert same_fact(a, c, (), (), 1.0) is not None


def test_figures_count_the_same_thing_or_are_not_compared() -> None:
    # "11 shots" and "11 rounds" count one thing; "three counties" is not "three terms"
    a = _claim("a#c0", "Two officers fired 11 shots at the van", ("fire",))
    b = _claim("b#c0", "The officers fired a total of 11 rounds", ("fire",))
    basis = same_fact(a, b, (_qty(a, 11, None, "shots"),), (_qty(b, 11, None, "rounds"),), 0.3)
    assert basis is not None and basis.figure == "11 shots"
    c = _claim("c#c0", "Orvel is serving a term for crimes in three counties", ("serve",),
               entities=("e-orvel",))
    d = _claim("d#c0", "Orvel is serving three terms", ("serve",), entities=("e-orvel",))
    basis = same_fact(c, d, (_qty(c, 3, None, "counties"),), (_qty(d, 3, None, "terms"),), 0.3)
    assert basis is not None and basis.figure == ""  # the figures support nothing
    # figures of different things leave the predicate to tell: wording alone is not enough
    e = _claim("e#c0", "Tamsin had eight of the team's 11 assists", ("have",))
    f = _claim("f#c0", "Tamsin ended the run with two free throws", ("end",))
    assert same_fact(e, f, (_qty(e, 8, None, "assists"),), (_qty(f, 2, None, "throws"),),
                     0.4) is None
    # the same counted thing beyond rounding still sets two claims apart
    g = _claim("g#c0", "The storm destroyed 40 houses", ("destroy",))
    h = _claim("h#c0", "The storm destroyed 25 homes", ("destroy",))
    assert same_fact(g, h, (_qty(g, 40, None, "houses"),), (_qty(h, 25, None, "homes"),),
                     0.8) is None


def test_a_predicate_told_in_a_subordinate_clause_needs_a_shared_participant() -> None:
    a = _claim("a#c0", "Velmor released an update to fix the flaw", ("release",),
               verbs=("release", "fix"), entities=("e-velmor",))
    b = _claim("b#c0", "The Velmor patch fixes the flaw", ("fix",), entities=("e-velmor",))
    basis = same_fact(a, b, (), (), 0.2)
    assert basis is not None and basis.predicate.endswith("subordinate clause): fix")
    stranger = _claim("c#c0", "A patch fixes the flaw", ("fix",))
    assert same_fact(a, stranger, (), (), 0.2) is None
    assert same_fact(a, stranger, (), (), 0.3) is not None
    # ... or the same day
    monday = _claim("d#c0", "Raiders pulled off a heist on Monday after ramming the door",
                    ("pull",), verbs=("pull", "ram"), times=("2026-05-04",))
    rammed = _claim("e#c0", "Thieves rammed a car into the Vesk store on Monday", ("ram",),
                    times=("2026-05-04",))
    assert same_fact(monday, rammed, (), (), 0.2) is not None
    undated = _claim("f#c0", "Thieves rammed a car into the Vesk store", ("ram",))
    assert same_fact(monday, undated, (), (), 0.2) is None


def test_news_verb_synonyms_and_copular_verbs() -> None:
    assert predicate_keys(["ram"]) & predicate_keys(["smash"])
    assert predicate_keys(["finish"]) & predicate_keys(["stop"])
    assert predicate_keys(["evacuate"]) & predicate_keys(["airlift"])
    assert not predicate_keys(["become", "remain"])


def test_the_same_act_is_a_shared_predicate_or_verb() -> None:
    a = _claim("a#c0", "Police arrested the driver who hit her", ("arrest",),
               verbs=("arrest", "hit"))
    b = _claim("b#c0", "Police released the name of the woman", ("release",))
    c = _claim("c#c0", "The driver was detained", ("detain",))
    assert not same_act(a, b)
    assert same_act(a, c)


def test_a_shared_verb_with_a_shared_participant_or_a_close_paraphrase_is_strong() -> None:
    a = _claim("a#c0", "Police detained Orvel", ("detain",), entities=("e-orvel",))
    b = _claim("b#c0", "Orvel was arrested", ("arrest",), entities=("e-orvel",))
    c = _claim("c#c0", "A man was arrested", ("arrest",))
    strong = same_fact(a, b, (), (), 0.3)
    weak = same_fact(a, c, (), (), 0.3)
    assert strong is not None and strong.strong
    assert weak is not None and not weak.strong
    close = same_fact(b, c, (), (), 0.8)
    assert close is not None and close.strong


def test_other_verbs_state_one_fact_when_a_telling_figure_agrees() -> None:
    # invented: a sentence stated as a term served, and a haul valued in both
    a = _claim("a#c0", "Vell was serving a 12-year term at the Orrin jail", ("serve",),
               times=("P12Y",))
    b = _claim("b#c0", "Vell was jailed for 12 years", ("jail",), times=("P12Y",))
    basis = same_fact(a, b, (), (), 0.17)
    assert basis is not None and basis.predicate == "other words, same figure: 12 years"
    c = _claim("c#c0", "The thieves grabbed watches worth 3 million crowns", ("grab",),
               numbers=(3e6,))
    d = _claim("d#c0", "The gang carried off a 3 million crown haul", ("carry",),
               numbers=(3e6,))
    basis = same_fact(c, d, (_qty(c, 3e6, "SEK"),), (_qty(d, 3e6, "SEK"),), 0.2)
    assert basis is not None and basis.figure == "3,000,000 SEK"
    # too little shared wording and no shared participant: still two facts
    assert same_fact(c, d, (_qty(c, 3e6, "SEK"),), (_qty(d, 3e6, "SEK"),), 0.12) is None


def test_small_counts_ages_and_different_things_tell_no_fact() -> None:
    a = _claim("a#c0", "Two sheds also caught fire", ("catch",), numbers=(2,))
    b = _claim("b#c0", "Crews put out fires at two sheds", ("put",), numbers=(2,))
    assert same_fact(a, b, (_qty(a, 2, None, "sheds"),), (_qty(b, 2, None, "sheds"),),
                     0.3) is None
    # an age says who, not what happened
    c = _claim("c#c0", "Police arrested the driver who hit a 71-year-old man", ("arrest",),
               numbers=(71,), entities=("e-oss",))
    d = _claim("d#c0", "Officials named the 71-year-old man hit in Oss", ("name",),
               numbers=(71,), entities=("e-oss",))
    assert same_fact(c, d, (_qty(c, 71, None, "year"),), (_qty(d, 71, None, "year"),),
                     0.5) is None
    # one span of years, but figures of different things beside it: not told apart
    e = _claim("e#c0", "Dorr signed a five-year, $40 million contract", ("sign",),
               times=("P5Y",), numbers=(4e7,))
    f = _claim("f#c0", "Lusk seeks a five-year deal near $45 million", ("seek",),
               times=("P5Y",), numbers=(4.5e7,))
    assert same_fact(e, f, (_qty(e, 4e7, "USD", "contract"),),
                     (_qty(f, 4.5e7, "USD", "range"),), 0.3) is None


def test_a_stand_in_counted_noun_counts_as_unknown() -> None:
    a = _claim("a#c0", "Hundreds of pupils holding lamps gathered at the square", ("gather",),
               numbers=(200,))
    b = _claim("b#c0", "Hundreds of others brought lamps to the square", ("bring",),
               numbers=(200,))
    basis = same_fact(a, b, (_qty(a, 200, None, "pupils holding lamps", "about"),),
                      (_qty(b, 200, None, "others", "about"),), 0.26)
    assert basis is not None and basis.predicate.startswith("other words, same figure")


def test_claims_worded_apart_may_still_state_one_fact_only_in_the_same_acts() -> None:
    from corroborator.story.facts import compatible_in_other_words

    a = _claim("a#c0", "Vell died at his home in Orrin", ("die",), entities=("e-vell",))
    b = _claim("b#c0", "The former envoy was killed there, his son said", ("kill",))
    assert compatible_in_other_words(a, b, (), ())
    bare = _claim("c#c0", "Vell is in", ("be",), entities=("e-vell",))
    assert compatible_in_other_words(a, bare, (), ())
    # a claim of two acts does not chain a charge to an arrest
    charged = _claim("d#c0", "A clerk was charged in the 1990 thefts", ("charge",))
    both = _claim("e#c0", "Police arrested and charged the clerk", ("arrest", "charge"))
    assert not compatible_in_other_words(charged, both, (), ())
    # nor does wording set apart what polarity or dates set apart
    denied = _claim("f#c0", "Vell did not die at home", ("die",), negated=True)
    assert not compatible_in_other_words(a, denied, (), ())
    # other verbs with one telling span of time
    term = _claim("g#c0", "Vell was serving a 12-year term", ("serve",), times=("P12Y",))
    jailed = _claim("h#c0", "He was jailed for 12 years", ("jail",), times=("P12Y",))
    assert compatible_in_other_words(term, jailed, (), ())


def test_quoted_words_are_corroborated_only_by_the_same_words_quoted() -> None:
    words = _claim("a#c0", "We are at a turning point for the harbour", ("be",),
                   own_words=True)
    again = _claim("b#c0", "We are at a turning point for the harbour", ("be",),
                   own_words=True)
    told = _claim("c#c0", "The harbour is at a turning point, the mayor said", ("be",))
    assert same_fact(words, again, (), (), 1.0) is not None
    assert same_fact(words, told, (), (), 0.6) is None  # a narrated fact is not the quote
    assert same_fact(words, _claim("d#c0", "We are at a point of no return", ("be",),
                                   quoted=True), (), (), 0.3) is None


def test_the_noun_of_an_act_is_its_verb_and_a_count_of_acts_counts_their_patients() -> None:
    assert predicate_keys(["killing"]) == predicate_keys(["kill"])
    assert predicate_keys(["shooting"]) == predicate_keys(["shoot"])
    assert predicate_keys(["bring"]) != predicate_keys(["br"])  # a short verb keeps "-ing"
    # "there were 30 arrests" counts the people "arrested": 30 and one disagree
    a = _claim("a#c0", "There were 30 arrests after the march", ("be", "arrest"))
    b = _claim("b#c0", "Police said one man was arrested after the march", ("arrest",))
    assert same_fact(a, b, (_qty(a, 30, None, "arrests"),), (_qty(b, 1, None, "man"),),
                     0.6) is None
    c = _claim("c#c0", "Police arrested 30 marchers", ("arrest",))
    basis = same_fact(a, c, (_qty(a, 30, None, "arrests"),), (_qty(c, 30, None, "marchers"),),
                      0.3)
    assert basis is not None and basis.figure == "30 arrests"


def test_a_sum_in_two_currencies_neither_supports_nor_contradicts() -> None:
    a = _claim("a#c0", "Raiders stole jewels worth 3 million euros in Vesk", ("steal",),
               entities=("e-vesk",))
    b = _claim("b#c0", "Raiders stole jewels worth $3.3 million in Vesk", ("steal",),
               entities=("e-vesk",))
    basis = same_fact(a, b, (_qty(a, 3e6, "EUR"),), (_qty(b, 3.3e6, "USD"),), 0.5)
    assert basis is not None and basis.figure == ""
    c = _claim("c#c0", "Raiders stole jewels worth 10 percent of the stock", ("steal",))
    assert same_fact(a, c, (_qty(a, 3e6, "EUR"),), (_qty(c, 10, "percent"),), 0.5) is None
