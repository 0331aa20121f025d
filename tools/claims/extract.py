"""Claims from page text: the views and forecasts a report asserts, each once, under one topic.

A claim is a sentence, or a clause opened by 我们预计/我们认为/预计…, that carries a judgement (a polarity cue,
a movement, a forward-looking word or a self-declared disagreement). Left out: risk sections (conditional
by nature), ratings and target prices (structured views, compared as such), disclaimers and tables, and
past results stated without a judgement. Its metric is the quantity word it is about (毛利率, 出货量, 价格…)
with the words qualifying it (储能毛利率); its topic is the first lexicon topic of the metric, else of the
text. A restatement (the cover bullet and the body saying the same thing, tools.claims.restate) is merged into the first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tools.claims.asserted import others_blank
from tools.claims.lexicon import OTHER_QUANTITIES, SYNONYMS, TOPICS
from tools.claims.metric_span import judged_head, subject_before_move, tail
from tools.claims.model import Claim
from tools.claims.parts import asserted_part, quantity_parts
from tools.claims.scope import OWNED
from tools.claims.screen import FORWARD, stated_rating
from tools.claims.stance import movement, own_clause, rebuts, report_outlook, self_declared, stance_of, unquoted
from tools.claims.restate import headline, restatement
from tools.claims.stance_kept import with_outlook
from tools.claims.timing import asserted_time
from tools.claims.topics import restatement_links, unify_topics
from tools.claims.values import main_value, oriented, period_of
from tools.claims.wording import canonical
from tools.claims.worthy import worthiness
from tools.report_fields import cover_rating
from tools.sentence_rank import collect_sentences
from tools.text import squash

_HEADS = sorted({w for words in TOPICS.values() for w in words} | OTHER_QUANTITIES, key=len, reverse=True)
# Besides the listed words, a price named by its good: 锂价, 煤价, 批价 (not 价值, 性价比, 溢价, 量价齐升, 跌价准备).
_BARE_PRICE = r"(?<=[\u4e00-\u9fff])(?<![量评定估溢平高低降涨跌提调议代竞加减股])价(?![格值位比款差能])"  # not 股价
_BARE_OUTPUT = r"出栏(?!均重|体重|均价|节奏)"  # hogs sent to market (a volume), not their weight
# 分红险 is an insurance product, not a dividend (分红): its 占比 or 价值率 is the quantity.
# 需求端，/成本端： a side of the business opening a clause as a lens ("需求端，…开工率回升"), not the quantity itself
# (需求端压力 is the demand side's pressure).
HEAD_RE = re.compile("(?:" + "|".join(re.escape(w) + ("(?!险)" if w == "分红" else "") for w in _HEADS) + "|" + _BARE_PRICE +
                     "|" + _BARE_OUTPUT + ")(?!端[，,：:])")
_RISK_SECTION = re.compile(r"风险")
_GOOD = re.compile(r"利润|收入|EPS|销量|出货量|销售额|新业务价值|订单|装机")
_QUAL_STOP = re.compile(r"(?:20)?\d{2}[EAF](?![A-Za-z])|\d{2}[HQ][1-4]|[1-4][HQ]\d{2}|[^\u4e00-\u9fffA-Za-z]|的|年(?!度)|以来|至今|将|为|和|与|及|对应|对|在|公司|我们|预计|认为|判断|其中|有望|随着|着|考虑到|鉴于|基于|"
                        r"继续|持续|进一步|加速|逐步|仍|已|依靠|支持|进入|实现|开启|迎来|带动|推动|受益于?|由于|[一二三四]季度|[上下]半年|全年|今年|明年|Q[1-4]|"
                        # a verb in front of the quantity word takes it as its object (降低算力成本: the cost of 算力)
                        r"提升|提高|抬升|增长|增加|上升|上涨|回升|扩大|改善|恢复|修复|降低|减少|下降|下滑|回落|上调|下调|下行|萎缩|"
                        r"导致|带来|拖累|压制|拉低|拉高|压低|推高|摊薄|可以|能够|虽然|尽管|但是|但")


_PERIOD_WORD = re.compile(r"(?<=[\u4e00-\u9fffA-Za-z])(?:全年|[一二三四]季度|[上下]半年|单季度?)(?=[\u4e00-\u9fffA-Za-z]|$)|"
                          r"(?<=业务|板块|分部|产品|地区|市场)20\d{2}年(?=[\u4e00-\u9fff]|$)")  # 巴西业务2026年收入 (not 维持2025年…)
_LEADING_LINK = re.compile(r"^(?:但|而|且|并|则|其|即|使|令)+")


def _metric_at(text: str, m: re.Match) -> str:
    """The quantity word at `m` with the words qualifying it: 储能业务的盈利能力 → 储能业务盈利能力,
    NOR Flash价格 → NORFlash价格 (a Latin name whole), 但客单价 → 客单价. Quantity words written together
    form one compound whose last word is the head (原奶价格, 价格竞争, 海外收入占比)."""
    last = m
    for nxt in HEAD_RE.finditer(text, m.end()):
        if nxt.start() != last.end():
            break
        last = nxt
    compound = text[m.start():last.start()]
    # a period inside the chain says when, not what: 主品牌全年销量 is the brand's volume (the chain runs on)
    before = re.sub(r"的$", "", _PERIOD_WORD.sub("", text[:m.start()]))
    # Latin names stay whole (NOR Flash, DDR5 颗粒): their digits and inner spaces are not stops.
    mask = re.sub(r"(?<=[A-Za-z]{2})\d+", lambda d: "X" * len(d[0]), before)
    mask = re.sub(r"(?<=[A-Za-z0-9]) (?=[A-Za-z0-9\u4e00-\u9fff])", "X", mask)
    stop = list(_QUAL_STOP.finditer(mask))
    qualifier = before[stop[-1].end():] if stop else before
    qualifier = tail(_LEADING_LINK.sub("", (qualifier + compound).replace(" ", "")))
    if "公司" in before[-12:] and not OWNED.search(qualifier):
        qualifier = "公司" + qualifier  # 公司2025年储能电池出货量: the company's, not the market's
    return qualifier + SYNONYMS.get(last[0], last[0])


def split_metric(metric: str) -> tuple[str, str]:
    """(quantity word, qualifier) of a metric: 储能业务毛利率 → (毛利率, 储能业务)."""
    m = None
    for m in HEAD_RE.finditer(metric):
        pass
    return (SYNONYMS.get(m[0], m[0]), metric[:m.start()]) if m else (metric, "")


def metrics_in(text: str, *, quoted: bool = False) -> list[str]:
    """Every quantity a text names, each with its qualifier; quoted views left out unless `quoted`."""
    body = text if quoted else unquoted(text)
    return [_metric_at(body, m) for m in HEAD_RE.finditer(body)]


def heads_in(text: str) -> set[str]:
    """Every quantity word a text names, synonyms folded (NBV → 新业务价值)."""
    return {SYNONYMS.get(m[0], m[0]) for m in HEAD_RE.finditer(text)}


_SCENE = frozenset({"海外", "政策", "监管", "全球化", "出海"})
# "反倾销调查对公司影响较小": a claim on an impact is about what has it, when no quantity word is named.
_IMPACT_CAUSE = re.compile(r"([^，。；：,;]{2,16}?)对[^，。；：,;]{1,20}?(?:影响|冲击|拖累|扰动)")


def metric_of(text: str, at: int | None = None) -> str:
    """The quantity a claim is about with its qualifier (储能业务毛利率, 原奶价格): the quantity word nearest
    before the claim's figure at `at`, else the first one outside quoted views, else the noun run before the
    first movement word, cut at its frame and predicate (tools.claims.metric_span), or what has the impact an
    impact clause judges; "" when none is named."""
    body = unquoted(text)  # a quoted view is someone else's
    found = list(HEAD_RE.finditer(body))
    if at is not None and (before := [m for m in found if m.end() <= at]) and at - before[-1].end() <= 20:
        return _metric_at(body, before[-1])
    own = own_clause(text)
    start = len(body) - len(own)
    if mine := [m for m in found if m.start() >= start]:
        # a market or a policy opening the clause sets its scene (海外GPU出口管制对公司交付…, 政策推动行业集中度提升)
        # (海外业务, 海外市场: a segment named by its market is what the claim is about)
        scene = [m for m in mine if m[0] not in _SCENE or re.match(r"业务|板块|市场|地区", body[m.end():])] or mine
        return _metric_at(body, judged_head(body, mine) or scene[0])
    if found:
        return _metric_at(body, found[0])
    if cause := _IMPACT_CAUSE.search(body, start) or _IMPACT_CAUSE.search(body):
        return tail(re.split(r"我们(?:预计|认为|判断)|预计|认为|判断", cause[1])[-1].strip("　 "))  # what has the impact
    return subject_before_move(body, start)


def topic_of(text: str, metric: str) -> str:
    for probe in (metric, text):
        hits = [(probe.find(w), -len(w), topic) for topic, words in TOPICS.items() for w in words if w in probe]
        if hits:
            return min(hits)[2]
    return "其他"


def claim_from_text(text: str, page: int, report_year: int | None = None, outlook: str = "positive") -> Claim:
    """The claim a sentence or clause makes (not yet filtered); `outlook`: the report's (`report_outlook`). The
    fields are read from the text in one notation (tools.claims.wording); the claim keeps the text as written."""
    written, text = text, canonical(text)
    # A premise or another's view before the report's turn frames the claim ("考虑到需求增长20%，我们预计收入增长12%"):
    # the figure, quantity and period are those of what the report asserts (blanked, so positions hold).
    own = others_blank(text)
    own = own if metric_of(own) else text
    value = main_value(own)
    at = value.start if value else None
    metric = metric_of(own, at)
    direction, value = oriented(split_metric(metric)[0], *movement(own, at), value)  # 费用率优化1pct: falls 1 pct
    period = period_of(own, at, report_year=report_year, slash=bool(value and "/" in value.value.text))
    timing = asserted_time(text) if value is None else None
    if timing is not None and period is not None and period[:4] == timing.text[:4]:
        period = None  # "需求拐点要到2027年": the year is when the turn comes, not a 2027 forecast
    forecast = bool(value and FORWARD.search(text) and _GOOD.search(metric))
    return Claim(text=written, page=page, topic=topic_of(text, metric), metric=metric, period=period,
                 direction=direction, value=value.value if value else timing,
                 stance=stance_of(text, metric, forecast=forecast, outlook=outlook), self_declared=self_declared(text))


# A sentence opening on a word that points back ("这意味着…", "该业务…", "由此…") speaks of the sentence before it.
_ANAPHORA = re.compile(r"^\s*(?:这|此(?!外)|该|其(?![他它中次余])|上述|以上|对此|由此|因此|从而|相应)")
_RISK_LINE = re.compile(r"^\s*(?:[一二三四五六七八九十\d]+[、.．]\s*)?(?:主要)?风险(?:提示|因素|分析)?\s*[:：]?\s*$")


_LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}[、.．)）]|[（(]\d{1,2}[)）]|[•·▶◆●\-])")


def _under_risk_line(page: str, sentence: str) -> bool:
    """The sentence's paragraph follows a bare 风险 / 风险提示 line that the layout reader did not take for a
    heading: a risk list, conditional by nature."""
    at = page.find(sentence[:12])
    if at <= 0:
        return False
    lines = [ln for ln in page[:at].split("\n")[:-1] if ln.strip()]
    while lines and _LIST_ITEM.match(lines[-1]):  # earlier items of the same list
        lines.pop()
    return bool(lines) and bool(_RISK_LINE.match(lines[-1]))


def _report_month(pages: Sequence[tuple[int, str]], report_year: int | None) -> int | None:
    """The month of the date printed on the cover, when it is in the report's year: it tells a quarter already
    reported (三季度, in an October report) from one still ahead."""
    from tools.cover_fields import cover_lines, publication_date

    cover = min(pages, default=None)
    found = publication_date(cover_lines(cover[1])) if cover and report_year else None
    if found is None or not str(found.value).startswith(f"{report_year}-"):
        return None
    return int(str(found.value)[5:7])


def extract_claims(pages: Sequence[tuple[int, str]], *, report_year: int | None = None, title: str = "",
                   max_claims: int = 40) -> list[Claim]:
    """The report's claims in page order, restatements merged into their first occurrence (or into the one that
    takes a side, when the first is neutral)."""
    pool = collect_sentences(pages, max_chars=400)
    texts = dict(pages)
    cover = cover_rating(pages)
    report_month = _report_month(pages, report_year)
    outlook = report_outlook(*((cover.rating, cover.rating_action) if cover.rating else stated_rating(pages)))
    claims: list[Claim] = []
    last: tuple[int, int, Claim] | None = None  # position, paragraph and claim of the last sentence kept
    past: tuple[int, str, int] | None = None  # position, section and page of the last reported result
    links: list[tuple[int, int]] = []  # a rebuttal and the conclusion right after it: one thread
    last_slot = 0  # the index in `claims` the last claim went to (its own, or the one it restates)
    said: list[tuple[int, int, int, str]] = []  # (page, paragraph, position, text) of sentences kept as no claim
    held: dict[tuple[int, int], list[tuple[int, int]]] = {}  # (page, paragraph) -> (position, claim index)
    carry: tuple[int, int, str] | None = None  # position, paragraph and frame of a sentence ending on ；
    for sentence, section, paragraph in zip(pool.candidates, pool.sections, pool.paragraphs):
        text = sentence.text
        said.append((sentence.page, paragraph, sentence.position, text))
        if title and squash(title) in squash(text):
            continue  # the title line, not a sentence of the body
        if _RISK_SECTION.search(section) or re.match(r"\s*(?:主要)?风险(?:提示|因素)?[:：]", text) or \
                _under_risk_line(texts.get(sentence.page, ""), text):
            continue
        text = asserted_part(text)
        if len(text) < 6:
            continue
        after_reported = bool(past and (past[0] + 1, past[1], past[2]) == (sentence.position, section, sentence.page))
        past, kept_one = None, False
        follows = bool(carry and (carry[0] + 1, carry[1]) == (sentence.position, paragraph))  # cut at ；
        split = quantity_parts(text, carry[2] if follows else "")
        carry = (sentence.position, paragraph, split.frame) if re.search(r"[；;]\s*$", sentence.text) else None
        for text, reading in split.parts:  # one claim per quantity the sentence states with its own figure
            claim = claim_from_text(reading, sentence.page, report_year, outlook).model_copy(update={"text": text})
            verdict = worthiness(reading, claim, report_year=report_year, report_month=report_month,
                                 after_reported=after_reported)
            past = (sentence.position, section, claim.page) if verdict.reason == "reported" else past
            if not verdict.claim:
                continue
            claim = with_outlook(claim, outlook)
            if (claim.topic == "其他" or _ANAPHORA.match(text)) and last and (last[0] + 1, last[1]) == (sentence.position, paragraph):
                claim = claim.model_copy(update={"topic": last[2].topic})  # no subject of its own: the sentence before's
            # "市场普遍认为A，但…。我们预计…": the sentence after a rebuttal concludes it, whatever quantity it names.
            rebuttal = last[2] if last and (last[0] + 1, last[1]) == (sentence.position, paragraph) and rebuts(last[2].text) else None
            last = (sentence.position, paragraph, claim)  # (a bullet or paragraph of its own opens its own subject)
            ties = [(i, restatement(c, claim)) for i, c in enumerate(claims)]
            first = next((i for i, tie in ties if tie == "same"), None)
            links += [(i, len(claims)) for i, tie in ties if tie == "part" and first is None]  # says more: one thread
            if not kept_one:
                said.pop()
            kept_one = True
            slot = len(claims) if first is None else first
            held.setdefault((sentence.page, paragraph), []).append((sentence.position, slot))
            if first is None:
                claims.append(claim)
            elif claims[first].stance == "neutral" != claim.stance:  # the restatement that takes a side speaks for both
                old = claims[first]
                claims[first] = claim.model_copy(update={"also_pages": sorted({old.page, *old.also_pages} - {claim.page})})
            elif headline(claims[first].text):  # the paragraph's sentence, not its bullet title, states the view
                claims[first] = claim.model_copy(update={"also_pages": list(claims[first].also_pages)})
            elif claim.page != claims[first].page and claim.page not in claims[first].also_pages:
                claims[first].also_pages.append(claim.page)
            if rebuttal is not None:
                links.append((last_slot, slot))
            last_slot = slot
    links += restatement_links(claims, said, held)
    kept = claims[:max_claims]
    return unify_topics(kept, [(i, j) for i, j in links if max(i, j) < len(kept)])
