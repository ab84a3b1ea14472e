"""Stage 6: what needs a story's articles together: entities, quotes, figures, claims,
conflicts, timeline, events."""
