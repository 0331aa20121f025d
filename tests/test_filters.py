import pytest

from memory.filters import SearchFilters, date_key


def test_date_key():
    assert date_key("2025-03-12") == 20250312
    assert date_key(None) is None
    with pytest.raises(ValueError):
        date_key("2025/3/12")


def test_bad_date_is_rejected_when_filters_are_built():
    with pytest.raises(ValueError):
        SearchFilters(date_from="yesterday")


def test_chroma_where_combines_clauses():
    assert SearchFilters().chroma_where() is None
    assert SearchFilters(broker="中信证券").chroma_where() == {"broker": "中信证券"}
    where = SearchFilters(broker="中信证券", ticker="300750.SZ", date_from="2025-01-01").chroma_where()
    assert where == {"$and": [{"broker": "中信证券"}, {"tickers": {"$contains": "300750.SZ"}},
                              {"date_key": {"$gte": 20250101}}]}


def test_sql_where_only_complete_reports():
    sql, params = SearchFilters(report_id="r1", date_to="2025-12-31").sql_where()
    assert sql.startswith("r.status = 'complete'")
    assert params == ["r1", 20251231]
