"""Orientation: what a social worker does with the directory for one person.

A selection of places kept in the browser session, an orientation slip (printed, or kept as a
short expiring link), sent to the resident by e-mail or SMS, favourites and saved searches with
a weekly digest, and orientation requests that a partner answers through a signed link.
Nothing about the resident is kept beyond what a feature needs, and only for as long.
"""
