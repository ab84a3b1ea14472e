"""The command line: parses arguments, calls the library layer, prints."""
