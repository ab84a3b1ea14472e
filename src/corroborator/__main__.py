"""``python -m corroborator``."""

from corroborator.cli import main

if __name__ == "__main__":
    main()
