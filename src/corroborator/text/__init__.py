"""Pure text helpers shared by the stages: names, numbers, calendar arithmetic, similarity."""
