"""Scorers: pure functions from (output, reference) to numbers in [0, 1], higher is better.

None means "not applicable to this item" (e.g. no citations to check) and is left out of means.
"""
