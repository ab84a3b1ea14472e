"""Stage 1: reading files, records, web pages and feeds into Articles."""
