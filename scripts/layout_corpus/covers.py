"""Pieces every house style composes its cover from: rating lines, analyst blocks, the forecast
table, the basic-data list, the fictional-content line."""
from __future__ import annotations

from .forecast import forecast_table
from .model import Block
from .spec import FICTION, DocSpec, format_date, price


def B(kind: str, text: str = "", **kw) -> Block:
    return Block(kind, text, **kw)


def fiction(doc: DocSpec) -> Block:
    """The line that marks the file as test material (fictional content, or a seed re-laid out)."""
    return B("fiction", doc.extra.get("marker", FICTION))


def date_text(doc: DocSpec, fmt: str | None = None) -> str | None:
    return format_date(doc.date, fmt or doc.date_format) if doc.date else None


def subject(doc: DocSpec) -> str:
    """What the report is about, as headers name it: the company or the industry."""
    return doc.stock_name or doc.industry or doc.type_label


def money(value: float | None, comma: bool = False) -> str:
    if value is None:
        return "NA"
    return f"{value:,.2f}" if comma else price(value)


def points(doc: DocSpec, bullet: str = "", lead_style: str = "lead") -> list[Block]:
    out = []
    for lead, text in doc.points:
        out.append(B(lead_style, f"{bullet}{lead}" if bullet else lead, keep_with_next=True))
        out.append(B("para", text))
    return out


def forecast_blocks(style, doc: DocSpec, variant: str, caption: str, unit: str | None = None,
                    source: str | None = None) -> list[Block]:
    if doc.forecast is None:
        return []
    unit = unit or style.forecast_unit
    rows, cells = forecast_table(doc.forecast, variant, unit)
    out = [B("caption", caption, keep_with_next=True)]
    if variant not in ("htsc", "cn", "short") or unit == "亿元":
        out.append(B("note", f"单位：{unit}", keep_with_next=True))
    out.append(B("table", rows=rows, table={"role": "forecast", "cells": cells, "unit": unit}))
    out.append(B("source", source or f"{style.source_prefix}Wind，{style.research}预测"))
    return out


def basic_data(doc: DocSpec, head: str | None = "基础数据") -> list[Block]:
    if not doc.basic_data:
        return []
    return ([B("kvhead", head)] if head else []) + [B("kv", f"{k}：{v}" if "：" not in k else f"{k}{v}") for k, v in doc.basic_data]


def analyst_blocks(doc: DocSpec, layout: str) -> list[Block]:
    """The analyst block in one of the layouts real covers use."""
    out: list[Block] = []
    for a in doc.analysts:
        if layout == "htsc":  # 研究员 张三 / SAC No. S0570... / mail / phone
            out.append(B("kv", f"{a.role if a.role != '分析师' else '研究员'}  {a.name}", style="kvname"))
            if a.sac:
                out.append(B("kv", f"SAC No. {a.sac}"))
            out += [B("kv", a.email)] + ([B("kv", a.phone)] if a.phone else [])
        elif layout == "stacked":  # 张三 / 执业证书编号：S... / mail
            out.append(B("kv", f"{a.name}  {a.role}", style="kvname"))
            if a.sac:
                out.append(B("kv", f"执业证书编号：{a.sac}"))
            out.append(B("kv", a.email))
        elif layout == "cicc":
            out.append(B("kv", f"{a.name}  {'分析员' if a.sac else '联系人'}", style="kvname"))
            if a.sac:
                out.append(B("kv", f"SAC 执证编号：{a.sac}"))
            out.append(B("kv", a.email))
        elif layout == "gjzq":  # one line: 分析师：张三（执业 S1130...） mail
            tag = f"（执业 {a.sac}）" if a.sac else ""
            out.append(B("kv", f"{a.role}：{a.name}{tag}  {a.email}", style="analystline"))
        elif layout == "dwzq":
            out.append(B("kv", f"证券分析师  {a.name}" if a.sac else f"研究助理  {a.name}", style="kvname"))
            if a.sac:
                out.append(B("kv", f"执业证书：{a.sac}"))
            out.append(B("kv", a.email))
        elif layout == "gf":
            sac = f"  SAC 执证号：{a.sac}" if a.sac else ""
            out.append(B("kv", f"{a.role}：{a.name}{sac}  {a.phone or ''}  {a.email}".replace("    ", "  "), style="analystline"))
        elif layout == "cms":
            out += [B("kv", f"{a.role}  {a.name}", style="kvname"), B("kv", a.email)]
            if a.sac:
                out.append(B("kv", a.sac))
        elif layout == "gtja":
            reg = f"  登记编号 {a.sac}" if a.sac else ""
            out.append(B("kv", f"{a.name}({a.role})  {a.phone or ''}  {a.email}{reg}".replace("    ", "  "), style="analystline"))
        else:
            raise ValueError(layout)
    return out


def chart_with_source(caption: str, source: str, height: float = 70) -> list[Block]:
    return [B("kvhead", caption, keep_with_next=True), B("chart", caption, height=height), B("source", source)]
