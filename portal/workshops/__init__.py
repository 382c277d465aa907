"""Workshops and sessions of the digital-inclusion network: what partners publish, the monthly
planning, its printed version and its calendar feeds."""
