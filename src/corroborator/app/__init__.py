"""The library layer under the command line: ingest, listing, show, changes, check."""
