"""The search index as a store: built from the database, kept in step with it, read per process."""
