"""Our listings in open-data terms: the data·inclusion schema, and later the JSON API."""
