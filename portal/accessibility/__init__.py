"""Accessibility: the RGAA audit table, the accessibility statement and the easy-read page."""
