"""The SQLite store: schema and migrations, the stored story index, feeds."""
