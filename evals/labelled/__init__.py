"""Labelled evaluation sets for broker consensus (issue 13) and concept decomposition (issue 14).

One JSON file per case under aggregation/ and concept/; the models in schema.py read them. See README.md.
"""
