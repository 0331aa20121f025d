from tools.claims.compare import _named_apart
from tools.claims.question_family import family, one_question


def test_family_is_read_off_the_quantity_word_a_metric_ends_on():
    assert family("储能业务毛利率") == "margin"
    assert family("海外收入") == "revenue"
    assert family("渠道库存") == "inventory"
    assert family("价格战") == "competition"  # not a price
    assert family("增速") == ""


def test_one_question_needs_a_family_on_both_sides():
    assert one_question("销量", "终端需求")
    assert one_question("利润", "归母净利润")
    assert not one_question("营业收入", "归母净利润")
    assert not one_question("", "")


def test_two_common_words_of_one_question_are_not_named_apart():
    assert not _named_apart("公司营业收入", "公司销售额")
    assert not _named_apart("利润", "公司归母净利润")


def test_two_questions_or_two_segments_stay_apart():
    assert _named_apart("营业收入", "归母净利润")
    assert _named_apart("毛利率", "净利率")  # two defined ratios
    assert _named_apart("证券业务营业收入", "经纪业务手续费收入")  # one question, two segments
