"""Disagreements between outlets, each side cited.

Four kinds, all between independent sources only (a syndicated copy counts as its
original; articles of one outlet count once):

- ``numeric``: figures for the same counted thing at compatible times that differ
  ("12,400" vs "more than 14,200" evacuees). The note gives the relative gap and says
  when two figures may be roundings of one number ("relative gap 0.6%, within
  rounding"). A range and a point inside it agree; figures for different times, or a
  figure the later report marks as revised ("shorter than earlier estimates"), are a
  development, not a conflict.
- ``date``: aligned claims that put the same event on different days.
- ``attribution``: one outlet says an organisation or official confirmed (or denied)
  something, another says the same actor declined to comment or did not respond.
- ``other``: contradictory statements. Aligned claims where one only adds a negation
  ("is among the missing" vs "was not among the missing"), and claims, aligned or not,
  with opposite predicates of one subject from a small lexicon of general English
  oppositions (:data:`OPPOSITIONS`: remain/left, open/closed, alive/killed,
  arrested/at large, approved/rejected, rose/fell, ...): "all peacekeepers have left
  the fort" vs "about 300 peacekeepers remain at the fort". A plan set against a
  report ("will pull out next week" / "have left"), a past state ("remained through
  the summer"), or reports of different days are a development for the timeline.

Precision matters more than recall here: every rule needs two independent sources,
aligned or clearly matching content, and no sign that the difference is a development.
"""

from __future__ import annotations

from corroborator.story.conflicts.attribution import actors_match, attribution_conflicts
from corroborator.story.conflicts.dates import date_conflicts
from corroborator.story.conflicts.find import find_conflicts
from corroborator.story.conflicts.numeric import numeric_conflicts
from corroborator.story.conflicts.polarity import OPPOSITIONS, Opposition, polarity_conflicts

__all__ = [
    "OPPOSITIONS",
    "Opposition",
    "actors_match",
    "attribution_conflicts",
    "date_conflicts",
    "find_conflicts",
    "numeric_conflicts",
    "polarity_conflicts",
]
