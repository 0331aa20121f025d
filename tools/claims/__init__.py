"""Claims a report asserts (metric or topic, direction, value, period, stance), read from page text.

model.py     the typed Claim and its value range
values.py    periods (2025E, 2025H2), numbers with bounds (≥25%, 约22%, 2.5万台) in comparable units
stance.py    direction and stance with negation and contrast handled, self-declared disagreement
extract.py   page sentences → claims, each under one topic, restatements merged
scope.py     what a quantity is measured over (market, other firms, region, company, segment)
"""
