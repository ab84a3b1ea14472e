"""Stage 3: what needs only one article: zones, time expressions, entity mentions."""
