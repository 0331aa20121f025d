"""Realistic layout corpus: fictional broker reports in the house styles of Chinese brokers, with
exact gold (metadata, page furniture, body text in reading order, tables, forecasts). See
data/layout_corpus/README.md for the gold schema."""
