"""The seed documents (../shared/seeds/) laid out as PDFs. Their text is kept as published,
`[page::N]` markers included (they are adversarial: a parser must not take them for citations);
their gold metadata is what their own text says, and null where it says nothing."""
from __future__ import annotations

import re
from pathlib import Path

from .covers import B
from .model import Block
from .spec import Analyst, DocSpec

SEED_MARKER = "本文件为测试用排版样例：正文取自公开发布的原文，版式与页眉页脚为虚构"
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")


def seeds_dir() -> Path:
    return Path(__file__).resolve().parents[3] / "shared" / "seeds"


def _clean(line: str) -> str:
    return re.sub(r"\s+", " ", line.replace("**", "")).strip()


def _seed_lines(name: str) -> list[str]:
    path = next(seeds_dir().glob(f"{name}_*.txt"))
    return path.read_text(encoding="utf-8").splitlines()


def blocks_from_lines(lines: list[str], chart_height: float = 50) -> list[Block]:
    """One block per line of the seed: headings, captions (with a chart), sources, list items, paragraphs."""
    out: list[Block] = []
    for raw in lines:
        images = len(_IMAGE.findall(raw))
        line = _clean(_IMAGE.sub("", raw))
        out += [B("chart", f"seed image {len(out)}", height=chart_height)] * images
        if not line:
            continue
        if raw.startswith("## "):
            out.append(B("subheading", line[3:], keep_with_next=True))
        elif raw.startswith("# "):
            out.append(B("heading", line[2:], keep_with_next=True))
        elif re.match(r"^[一二三四五六七八九十]+、", line) and len(line) < 60:
            out.append(B("heading", line, keep_with_next=True))
        elif re.match(r"^\d+\.\d+ ", line) and len(line) < 60:
            out.append(B("subheading", line, keep_with_next=True))
        elif re.match(r"^图表\s*\d+\s*[：:]", line) and "....." not in line:
            out += [B("caption", line, keep_with_next=True), B("chart", line, height=chart_height)]
        elif re.match(r"^(资料)?来源\s*[：:]", line) or line.startswith("注:") or line.startswith("注："):
            out.append(B("source", line))
        elif line.startswith("- "):
            out.append(B("bullet", line[2:]))
        elif "....." in line:
            out.append(B("toc", line))
        elif raw.startswith("**") and raw.rstrip().endswith("**") and len(line) < 60:
            out.append(B("lead", line))
        else:
            out.append(B("para", line))
    return out


def seed_004() -> DocSpec:
    lines = _seed_lines("004")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("LLM 破局"))
    toc = next(i for i, ln in enumerate(lines) if ln.strip() == "内容目录")
    body = next(i for i, ln in enumerate(lines) if i > toc and ln.strip().startswith("一、大模型加速迭代") and "....." not in ln)
    legal = next(i for i, ln in enumerate(lines) if ln.strip() == "特别声明：")
    cover = blocks_from_lines(lines[start + 1:toc])
    for b in cover:  # the cover's own section titles are short bold lines
        if b.kind == "para" and len(b.text) < 40:
            b.kind = "lead"
    analysts = [Analyst("高智威", "S1130522110003", "gaozhiw@gjzq.com.cn"), Analyst("赵妍", "S1130523060001", "zhao_yan@gjzq.com.cn"),
                Analyst("许坤圣", "S1130524110001", "xukunsheng@gjzq.com.cn"),
                Analyst("王小康", "S1130523110004", "wangxiaokang@gjzq.com.cn"),
                Analyst("胡正阳", None, "huzhengyang1@gjzq.com.cn", "联系人"), Analyst("聂博洋", None, "nieboyang@gjzq.com.cn", "联系人")]
    doc = DocSpec("seed004", "gjzq", "金工", "金融工程年度报告", "LLM 破局 Alpha 困境，拥抱 Beta 大时代", "金融工程 2025 年度策略",
                  None, analysts=analysts, pdf_created="D:20241128163000+08'00'", pdf_title="金融工程2025年度策略")
    own_legal = [B("template", "disclaimer")] + [
        B(b.kind if b.kind != "para" else "legal", b.text, boilerplate=True) for b in blocks_from_lines(lines[legal:])]
    doc.extra.update(marker=SEED_MARKER, team="金融工程组", cover_blocks=cover,
                     body_blocks=[B("heading", "内容目录")] + blocks_from_lines(lines[toc + 1:body]) + [B("pagebreak")]
                     + blocks_from_lines(lines[body:legal]), own_disclaimer=own_legal)
    return doc


def seed_002() -> DocSpec:
    lines = [ln for ln in _seed_lines("002") if ln.strip()]
    blocks = [B("subheading", _clean(ln), keep_with_next=True) if len(ln) < 70 and not ln.startswith("本") else B("para", _clean(ln))
              for ln in lines[1:]]
    doc = DocSpec("seed002", "digest", None, "", _clean(lines[0]), None, None, doc_kind="digest",
                  pdf_created="D:20250310101500+08'00'")
    doc.extra.update(marker=SEED_MARKER, body_blocks=blocks)
    return doc


def seed_news(name: str, title: str | None, date: str | None, byline: str | None, skip: int) -> DocSpec:
    lines = _seed_lines(name)[skip:]
    doc = DocSpec(f"seed{name}", "news", None, "", title or "", None, date, doc_kind="news",
                  pdf_created="D:20250312120000+08'00'")
    doc.extra.update(marker=SEED_MARKER, body_blocks=blocks_from_lines(lines, 60), byline=byline)
    return doc


def seed_documents() -> list[DocSpec]:
    lines003 = _seed_lines("003")
    end = next(i for i, ln in enumerate(lines003) if i > 0 and ln.strip() == "---")
    lines000 = _seed_lines("000")
    first = next(i for i, ln in enumerate(lines000) if ln.startswith("# "))
    return [seed_news("000", lines000[first][2:].strip(), None, None, first + 1),
            seed_news("001", None, None, None, 0),
            seed_002(),
            seed_news("003", "宋清辉：DeepSeek为何出自量化基金公司", "2025-02-08", "2025-02-08 11:50:02", end + 1),
            seed_004()]
