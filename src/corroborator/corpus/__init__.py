"""Stages 4-5: near-duplicates, source independence and the grouping into stories."""
