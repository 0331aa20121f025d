"""Sentences that state no view of the broker's own: they take no side from the report's rating.

A broker's rating lends its side to a bare forecast figure (`stance.stance_of(forecast=True)`) and to a kept
claim the reader finds no cue in (`stance_kept.with_outlook`): the figure is the case the broker argues. Some
sentences with a figure argue nothing, in reports of every rating, and labellers call them neutral (the labelled
set's conventions, evals/labelled/README.md: 风险提示 and sensitivity lines are conditional; management guidance
restated, 与我们的假设一致 and model-scope notes are neutral):

- composition: what a whole is made of (液压油缸收入约占总营收的55%, 以年度长协为主, 第一大业务板块), stated as it
  is, with no forward word (a forecast share, 预计海外收入占比提升至30%, is a view and moves);
- an assumption the model runs on (我们假设2026年金价均价为3,000美元/盎司, 盈利预测基于油价70美元/桶的假设);
- a dependence or an open question (取决于审评进度, 存在一定不确定性, 尚难判断, 有待观察);
- a sensitivity line (价格每变动100元/吨，净利润变动约2亿元): a conditional, whatever direction it names;
- management's guidance restated with no view of the report's own (公司指引四季度收入环比增长6%-8%): the
  company's figure, not the broker's (a sentence that adds 我们预计… is the broker's again);
- a corporate event reported (公司公告拟发行二级资本债, 召开投资者交流会).
"""

from __future__ import annotations

import re

# A forward word makes a share a forecast (预计2026年海外收入占比约35%): the broker's view, not a description.
_FORWARD = re.compile(r"预计|预测|有望|将|预期|展望|判断|认为")
_COMPOSITION = re.compile(r"占[^，。；,;]{0,14}?(?:约|超过|不足|近|逾|达|为)?[\d一二三四五六七八九十半]+(?:\.\d+)?\s*(?:%|成)|"
                          r"占比(?:约|为|超过|不足|近|达|逾)|以[^，。；,;]{1,12}?为主(?:[，,。；;]|$)|第[一二三]大")
_ASSUMPTION = re.compile(r"我们假设|假设[^，。；,;]{0,24}?(?:为|在)\s*[\d一二三四五六七八九十]|基于[^，。；,;]{0,24}?假设|"
                         r"预测假设|(?:基准|中性)情形下")
OPEN_QUESTION = re.compile(r"取决于|存在[^，。；,;]{0,6}?不确定性|尚难判断|难以判断|有待(?:观察|验证|跟踪)|尚不明朗")
SENSITIVITY = re.compile(r"每(?:变动|波动|上涨|下跌|上升|下降|提高|降低|增加|减少|贬值|升值)\s*[\d一二三四五六七八九十]")
# The company as the speaker, opening its clause (公司指引…, 一季度指引：管理层指引…), not a benchmark named inside one
# (营收增速低于管理层全年指引 is the report's verdict).
_GUIDANCE = re.compile(r"(?:^|[，,：:；;])\s*(?:公司|管理层)[^，。；,;]{0,8}?指引|(?:经营|销量|收入|全年)目标为")
_EVENT = re.compile(r"公告拟|召开[^，。；,;]{0,10}?(?:会|大会)|举办[^，。；,;]{0,10}?会")
_OWN_VIEW = re.compile(r"我们")
# Guidance raised or cut (公司下调全年出货指引) is news with a side, not a figure restated.
_REVISED = re.compile(r"(?:上调|下调|上修|下修|调高|调低)[^，。；,;]{0,8}?指引")


def guidance_only(text: str) -> bool:
    """The sentence restates the company's guidance and says nothing in the broker's own voice."""
    return bool(_GUIDANCE.search(text)) and not _OWN_VIEW.search(text) and not _REVISED.search(text)


def argues_nothing(text: str) -> bool:
    """The sentence describes, assumes, asks or reports: no side of the broker's for its figures to take."""
    if _COMPOSITION.search(text) and not _FORWARD.search(text):
        return True
    return bool(_ASSUMPTION.search(text) or OPEN_QUESTION.search(text) or SENSITIVITY.search(text)
                or _EVENT.search(text) or guidance_only(text))
