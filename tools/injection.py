"""Sentences in a document that address a model instead of the reader (prompt injection).

Tested on text normalized for matching (tools.normalize: NFKC, invisible characters removed,
traditional→simplified, lower case) and squashed (no spaces or punctuation), so 忽 略 以 上, 忽\u200b略,
無視以上, ｉｇｎｏｒｅ and i.g.n.o.r.e all read as the words they spell. The patterns describe what an
instruction to a model does — override what came before, switch the model's role, dictate the output
or an extracted field, imitate chat markup — not a list of known attack strings. A broker's own
statement ("我们将评级上调至买入", "维持买入评级") matches none of them: its subject is the analyst and its
verbs are rating actions, not edits of someone else's answer.
"""

from __future__ import annotations

import re

from tools.normalize import for_matching, squashed

_EARLIER = r"(?:之前|以上|上述|前面|先前|此前|上面|上文|前述|原有|原来|原先|所有|全部|一切|既有|已有|系统|开发者)"
_RULES = r"(?:指令|指示|要求|提示|规则|设定|约束|命令|说明|限制|prompt|prompts|instruction|instructions)"
_SQUASHED = re.compile("|".join([
    # override what came before (Chinese and English)
    rf"(?:忽略|无视|忽视|不要理会|不用理会|别理会|不必理会|不要管|别管|忘记|忘掉|忘了|抛开|抛弃|丢弃|跳过|撇开|绕过)掉?(?:你|您)?的?{_EARLIER}",
    rf"{_EARLIER}的?(?:所有|全部|一切)?{_RULES}(?:都|均|全部|一律|统统)?(?:作废|无效|失效|不再适用|取消|不算|抛到脑后|丢掉|扔掉|不用管|不用理会|可以忽略)",
    r"(?:ignore|disregard|forget|override|bypass|skip|drop)(?:all|any|every)?(?:of)?(?:the|your|my|these|those)?"
    r"(?:previous|prior|above|earlier|preceding|foregoing|former|existing|original|system|developer)",
    r"(?:ignore|disregard|forget)(?:all|any|every)?(?:the|your)?(?:instructions|rules|prompt)",
    # switch the model's role
    r"你现在(?:是|扮演|的身份)|现在你是|从现在(?:开始|起)你|你的新?(?:身份|角色|任务)是|你不再是|假装你是|请你?扮演|"
    r"(?:进入|切换到?|开启)(?:开发者|调试|越狱|维护|管理员)模式|越狱模式",
    r"youarenow|fromnowon|actas(?:an?|the)?[a-z]{0,24}?(?:ai|assistant|model|bot|advisor|promoter|trader)"
    r"|pretend(?:tobe|youare|that)|youarenolonger",
    # speak to the model, dictate its output
    r"(?:致|给|对)(?:ai|人工智能|大模型|语言模型|模型|助手|机器人)(?:的)?(?:指令|指示|提示|留言|说明|请|你)",
    r"(?:ai|人工智能|assistant|chatgpt|gpt|llm)(?:助手|模型)?(?:请注意|请你|你必须|你务必|请务必|注意)",
    r"(?:ai|人工智能|大模型|语言模型|模型|助手)(?:在)?(?:阅读|读到|看到|处理|总结|摘要)(?:本|这|此)",
    r"(?:在|于)?(?:你的)?(?:摘要|总结|回答|回复|输出|结论)(?:中|里|时)(?:必须|务必|一定要|请|要|应)"
    r"(?:写|输出|注明|加入|包含|声明|强调|说明|给出|提到|表示)",
    r"(?:请|务必|必须)(?:你)?(?:直接|只|仅)?(?:输出|回复|返回|打印)(?:以下|如下|下面|内容|结果|json|ok|好的)",
    r"(?:请|务必|必须)(?:你)?在(?:你的)?(?:摘要|总结|回答|回复|输出)(?:中|里|时)(?:写|输出|注明|加入|包含|声明|强调|说明|给出|提到|表示|照抄|引用)",
    r"(?:newinstruction|systemprompt|systemmessage|developermessage|inyoursummary|insteadsay|respondonlywith"
    r"|outputonly|asanailanguagemodel|asalanguagemodel|donotsummari[sz]e|donotmention)",
    r"系统提示词|系统指令|提示词注入|新的?指令[是为:]",
    # edit an extracted field (imperative: no analyst as the subject)
    r"(?:^|请|务必|必须|立即|直接|一律|应当?)(?:把|将)(?:本|该|这篇|此)?(?:报告|研报|公司|股票|个股)?的?(?:投资)?"
    r"(?:评级|目标价格?|评分|推荐|结论)(?:改|设|写|更改|修改|替换|改写|设定|设置)(?:为|成)",
    r"(?:change|set|make|update|switch|overwrite)(?:the|its|their)?(?:investment)?(?:rating|targetprice|recommendation|pricetarget)(?:to|as|=)",
]))
# Chat-template and markup imitations, on the normalized text (spaces kept).
_MARKUP = re.compile(r"<\s*/?\s*(?:system|assistant|user|instructions?|prompt|im_start|im_end)\b[^>]*>|\[/?inst\]|<\|im_(?:start|end)\|>"
                     r"|^\s*(?:system|assistant|developer)\s*[:：]|^\s*#{1,6}\s*(?:system|instructions?|指令|系统)", re.M)
_SENTENCE_END = re.compile(r"[。！？!?；;]+|\.(?=\s|$)|\n")


def looks_like_injection(text: str) -> bool:
    """A sentence (or line) that addresses a model instead of the reader."""
    if not text or not text.strip():
        return False
    return bool(_SQUASHED.search(squashed(text)) or _MARKUP.search(for_matching(text)))


def _pieces(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() > start:
            spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def injection_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence or line that is an injection; a sentence wrapped onto the next line
    is tested whole. Spans never reach past a line that holds no injection."""
    pieces = _pieces(text)
    single = [looks_like_injection(text[a:b]) for a, b in pieces]
    flagged = {i for i, hit in enumerate(single) if hit}
    for i, (a, b) in enumerate(pieces[:-1]):
        wrapped = text[b - 1:b] == "\n" and text[a:b - 1].rstrip()[-1:] not in "。！？!?；;."
        rest = text[pieces[i + 1][0]:pieces[i + 1][1]].strip()
        ends_there = rest[-1:] in "。！？!?；;." and "\n" not in rest  # the sentence finishes on the next line
        if wrapped and ends_there and (single[i] or not single[i + 1] and looks_like_injection(text[a:pieces[i + 1][1]])):
            flagged.update((i, i + 1))  # the sentence goes on after the line break
    return [pieces[i] for i in sorted(flagged)]


def without_injections(text: str) -> str:
    """The text with every injection sentence cut out (line breaks kept)."""
    for start, end in reversed(injection_spans(text)):
        text = text[:start] + ("\n" if text[start:end].endswith("\n") else "") + text[end:]
    return text
