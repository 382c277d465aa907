"""The digital-maturity diagnostic: a few questions, a level, and the help that fits it."""
