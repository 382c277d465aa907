"""The pure core of search: no Flask, no database, only text, bitsets and an open searcher."""
