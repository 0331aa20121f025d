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
from tools.claims.forecast_base import against_prior_year
from tools.claims.model import Claim
from tools.claims.parts import asserted_part, quantity_parts
# the quantity readers, split out to tools.claims.quantity, are still read from here by many callers
from tools.claims.quantity import HEAD_RE as HEAD_RE, heads_in as heads_in, metric_of, metrics_in as metrics_in
from tools.claims.quantity import split_metric, topic_of
from tools.claims.screen import FORWARD, stated_rating
from tools.claims.clauses import movement, rebuts
from tools.claims.stance import report_outlook, self_declared, stance_of
from tools.claims.restate import headline, restatement
from tools.claims.stance_kept import with_outlook
from tools.claims.timing import asserted_time
from tools.claims.topics import restatement_links, unify_topics
from tools.claims.periods import period_of
from tools.claims.values import main_value, oriented
from tools.claims.wording import canonical
from tools.claims.worthy import worthiness
from tools.report_fields import ExtractedFields, extract_fields
from tools.sentence_rank import collect_sentences
from tools.text import squash

_RISK_SECTION = re.compile(r"风险")
_GOOD = re.compile(r"利润|收入|EPS|销量|出货量|销售额|新业务价值|订单|装机")


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
                   max_claims: int = 40, fields: ExtractedFields | None = None) -> list[Claim]:
    """The report's claims in page order, restatements merged into their first occurrence (or into the one that
    takes a side, when the first is neutral); `fields`: the report's `extract_fields`, when the caller has them."""
    pool = collect_sentences(pages, max_chars=400)
    texts = dict(pages)
    # the cover's rating (extract_fields runs cover_rating's steps first) and the forecast table (a bare
    # forecast's prior year, tools.claims.forecast_base)
    fields = extract_fields(pages) if fields is None else fields
    report_month = _report_month(pages, report_year)
    outlook = report_outlook(*((fields.rating, fields.rating_action) if fields.rating else stated_rating(pages)))
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
        opened: int | None = None  # the claim this sentence's first part went to: its other parts join its thread
        for text, reading in split.parts:  # one claim per quantity the sentence states with its own figure
            claim = claim_from_text(reading, sentence.page, report_year, outlook).model_copy(update={"text": text})
            verdict = worthiness(reading, claim, report_year=report_year, report_month=report_month,
                                 after_reported=after_reported)
            past = (sentence.position, section, claim.page) if verdict.reason == "reported" else past
            if not verdict.claim:
                continue
            claim = with_outlook(against_prior_year(claim, reading, fields.eps_forecasts, outlook), outlook)
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
            if opened is None:
                opened = slot
            elif opened != slot:
                links.append((opened, slot))  # one sentence, one topic
            last_slot = slot
    links += restatement_links(claims, said, held)
    kept = claims[:max_claims]
    return unify_topics(kept, [(i, j) for i, j in links if max(i, j) < len(kept)])
