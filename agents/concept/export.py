"""ConceptChain → .xlsx: the companies (one row each, evidence with 1-based PDF pages) and the chain's links."""

from __future__ import annotations

from agents.concept.models import ConceptChain
from agents.concept.render import evidence_text
from tools.chain.model import LEVEL_LABEL
from tools.xlsx import Column, Sheet

COMPANY_COLUMNS = (Column("code", "股票代码"), Column("name", "公司"), Column("node", "环节"), Column("level", "层级"),
                   Column("other_nodes", "其他环节"), Column("in_board", "在概念板块中"),
                   Column("score", "证据强度", "float", "0.0"), Column("reports", "出处研报数", "int"),
                   Column("evidence", "出处（《标题》p.N，PDF 页码）"))
EDGE_COLUMNS = (Column("source", "上游环节"), Column("target", "下游环节"), Column("basis", "依据"),
                Column("evidence", "出处"))


def to_sheets(chain: ConceptChain) -> list[Sheet]:
    names = {n.id: n.name for n in chain.nodes}
    companies = [{"code": c.code, "name": c.name, "node": names.get(c.node, c.node), "level": LEVEL_LABEL[c.level],
                  "other_nodes": [names.get(n, n) for n in c.nodes if n != c.node],
                  "in_board": None if c.in_board is None else ("是" if c.in_board else "否"), "score": c.score,
                  "reports": len({e.report_id for e in c.evidence if e.report_id}), "evidence": evidence_text(c)}
                 for c in chain.companies]
    edges = [{"source": names.get(e.source, e.source), "target": names.get(e.target, e.target),
              "basis": "研报原句" if e.basis == "stated" else "产业链模板", "evidence": evidence_text(e)}
             for e in chain.edges]
    board = f"概念板块：{chain.board}" if chain.board else "概念板块：未匹配"
    return [Sheet("相关公司", COMPANY_COLUMNS, companies, None,
                  [f"概念：{chain.concept}；{board}", "证据强度：研报中把公司与环节联系起来的句子加权计数，越大越可靠。"]),
            Sheet("产业链", EDGE_COLUMNS, edges)]
