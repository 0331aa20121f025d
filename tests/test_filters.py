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


NOT_BOILERPLATE = {"boilerplate": {"$ne": True}}  # chunks ingested before the flag existed have no key: kept


def test_chroma_where_combines_clauses():
    assert SearchFilters(include_boilerplate=True).chroma_where() is None
    assert SearchFilters().chroma_where() == NOT_BOILERPLATE
    assert SearchFilters(broker="中信证券").chroma_where() == {"$and": [{"broker": "中信证券"}, NOT_BOILERPLATE]}
    where = SearchFilters(broker="中信证券", ticker="300750.SZ", date_from="2025-01-01").chroma_where()
    assert where == {"$and": [{"broker": "中信证券"}, {"tickers": {"$contains": "300750.SZ"}},
                              {"date_key": {"$gte": 20250101}}, NOT_BOILERPLATE]}


@pytest.mark.parametrize("typed", ["华泰", "华泰证券", "华泰证券股份有限公司", " 华泰证券 "])
def test_broker_filter_accepts_short_and_legal_names(typed):
    assert SearchFilters(broker=typed).broker == "华泰证券"
    assert SearchFilters(broker="国君").broker == "国泰君安" and SearchFilters(broker="中金").broker == "中金公司"
    assert SearchFilters(broker="某某资管").broker == "某某资管"  # unknown names are kept as typed


def test_disclaimers_are_left_out_of_keyword_search_unless_asked():
    sql, _ = SearchFilters().sql_where()
    assert "c.boilerplate = 0" in sql
    assert "boilerplate" not in SearchFilters(include_boilerplate=True).sql_where()[0]


def test_sql_where_only_complete_reports():
    sql, params = SearchFilters(report_id="r1", date_to="2025-12-31").sql_where()
    assert sql.startswith("r.status = 'complete'")
    assert params == ["r1", 20251231]
