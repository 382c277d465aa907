"""Search that forgives, in three layers.

- ``core``: analysis (French words, synonyms), matching (words, near spellings) and ranking,
  on plain values and an open Whoosh searcher. No Flask, no database.
- ``store``: the index kept true to the database: what a document holds, the index folders,
  each process's open searcher and caches, and the session listeners that follow commits.
- the face: ``searching`` (a search in this application), the page, its form, the commands,
  the search log and its back-office pages.
"""
