"""Imports of open-data files and of the national data·inclusion API, with a review."""
