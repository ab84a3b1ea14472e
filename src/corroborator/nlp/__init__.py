"""Stage 2: the spaCy parse and the patterns it is given."""
