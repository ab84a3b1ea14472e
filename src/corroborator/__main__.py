"""``python -m corroborator``."""

from corroborator.cli.main import main

if __name__ == "__main__":
    main()
