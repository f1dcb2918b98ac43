"""The UI strings of the search box and the answer page (/ask), in Chinese and English.

Input:  nothing (constants). Output: :data:`ASK_MESSAGES`, merged into
``webapp.shared.messages.MESSAGES`` (kept apart so the search's strings read together).

The entries repeat the catalogue's one shape (key, Chinese, English), as in the other catalogues
(webapp/shared/messages*.py, ask_messages.py): data, a deliberate parallel, not code written twice.
"""

from __future__ import annotations

ASK_MESSAGES: dict[str, tuple[str, str]] = {
    "ask_label": ("用自己的话提问", "Ask in your own words"),
    "ask_placeholder": (
        "如：中亚 物流、哈萨克斯坦、哪个片区发展跨境旅游？",
        "e.g. Central Asia logistics",
    ),
    "ask_button": ("搜索", "Search"),
    "ask_title": ("搜索结果", "Search"),
    "ask_understood": ("理解为", "Understood as"),
    "ask_remove": ("去掉“{label}”", "Remove “{label}”"),
    "ask_set_aside": ("未使用的词", "Words not used"),
    "ask_why_stop": ("提问用语", "question word"),
    "ask_why_common": ("过于常见", "too common"),
    "ask_why_apart": ("与其他方面不在同一措施", "not in any answer with the rest"),
    "ask_why_unknown": ("方案中未见", "not in the plan"),
    "ask_kind_region": ("地区", "region"),
    "ask_kind_country": ("国家", "country"),
    "ask_kind_topic": ("主题", "topic"),
    "ask_kind_zone": ("片区", "area"),
    "ask_kind_areas": ("问片区", "about areas"),
    "ask_kind_measure": ("措施", "measure"),
    "ask_kind_text": ("全文", "full text"),
    "ask_kind_task-group": ("任务组", "task group"),
    "ask_kind_industry": ("产业", "industry"),
    "ask_kind_mechanism": ("机制", "mechanism"),
    "ask_kind_initiative": ("倡议", "initiative"),
    "ask_kind_organization": ("组织", "organisation"),
    "ask_kind_event": ("展会", "event"),
    "ask_kind_place": ("地点", "place"),
    "ask_kind_agency": ("机构", "agency"),
    "ask_measures_found": ("{n} 项措施", "{n} measures"),
    "ask_zones_found": ("{n} 个片区", "{n} areas"),
    "ask_kind_list": ("列出", "list"),
    "ask_kind_responsibility": ("谁负责", "who is responsible"),
    "list_sep": ("、", "; "),
    "km2_unit": (" 平方公里", " km²"),
    "ask_responsible": (
        "负责的机构（第四部分“组织实施”，适用于整个方案）",
        "Who is responsible (part four, “organisation and implementation”, for the whole plan)",
    ),
    "ask_list_found": ("{words}：{n} 个", "{words}: {n}"),
    "ask_list_measures": ("措施", "measures"),
    "ask_list_elsewhere": ("另见", "also"),
    "ask_list_none": ("方案中没有。", "None in the plan."),
    "ask_list_none_within": ("问题所指的措施中没有。", "None in the measures asked for."),
    "ask_apart": (
        "这些方面只见于本措施的不同句子。",
        "The facets meet only in different sentences of this measure.",
    ),
    "ask_together": ("同一句中兼具各方面。", "One sentence carries every facet."),
    "ask_no_sentence": ("（由措施整体体现，无单句）", "(carried by the measure as a whole)"),
    "ask_none": ("没有找到答案。", "No answer found."),
    "ask_nothing": (
        "没有识别出方案中的实体、主题或词语。",
        "Nothing in the question is found in the plan.",
    ),
    "ask_suggest": ("试试", "Try instead"),
    "ask_drop": ("去掉“{label}”（{n} 项措施）", "without “{label}” ({n} measures)"),
    "ask_instead": ("“{label}”代替“{old}”（{n} 项措施）", "“{label}” for “{old}” ({n} measures)"),
    "ask_as_sparql": ("以 SPARQL 查看", "as SPARQL"),
    "ask_permalink": ("永久链接", "Permalink"),
    "ask_json": ("JSON", "JSON"),
    "ask_evidence": (
        "为何列出：含所选各方面的句子",
        "Why it is here: the sentences with the chosen facets",
    ),
    "ask_instead_search": ("按理解提问：“{q}”", "Ask “{q}” in your own words"),
    "ask_functions": ("功能定位", "Stated functions"),
    "ask_sparql_none": (
        "这一组合没有对应的命名查询（含全文词或多义词）。",
        "No named query gives this combination (full-text words or a span naming several things).",
    ),
}
