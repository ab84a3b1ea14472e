"""Shared word lists: every list of words the stages share lives here once."""
