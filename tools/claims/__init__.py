"""Claims a report asserts (metric or topic, direction, value, period, stance), read from page text.

model.py     the typed Claim and its value range
values.py    numbers with bounds (≥25%, 约22%, 2.5万台) in comparable units
periods.py   periods (2025E, 2025H2, 2025M9, 2025-2027E) in brokers' notations
clauses.py   the report's own clause (quotes, others' views, conditions blanked) and the movement it asserts
stance.py    stance with contrast handled, self-declared disagreement
extract.py   page sentences → claims, each under one topic, restatements merged
scope.py     what a quantity is measured over (market, other firms, region, company, segment)
"""
