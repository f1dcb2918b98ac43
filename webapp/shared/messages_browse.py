"""UI strings of the lists, the curated entity pages and the reader's tools (issue 17).

Input:  nothing (constants). Output: :data:`BROWSE` — key → (zh, en), merged into
``webapp.shared.messages.MESSAGES``.

The entries repeat the catalogue's one shape (key, Chinese, English), as in the other catalogues
(webapp/shared/messages*.py, ask_messages.py): data, a deliberate parallel, not code written twice.
"""

from __future__ import annotations

BROWSE: dict[str, tuple[str, str]] = {
    # Lists
    "nav_lists": ("浏览", "Browse"),
    "list_index_title": ("浏览：全部词表与实体类型", "Browse: every scheme and kind of entity"),
    "list_index_lead": (
        "方案提及的国家、地区、机构、产业、主题等，按词表或按类型列出。",
        "The countries, regions, agencies, industries, topics and more that the plan names, "
        "listed by scheme or by kind.",
    ),
    "list_under_title": ("列表：{path}", "List: {path}"),
    "list_path": ("路径", "Path"),
    "list_schemes": ("词表", "Schemes"),
    "list_kinds": ("实体类型（按路径）", "Kinds of entity (by path)"),
    "list_concepts_n": ("{n} 个概念", "{n} concepts"),
    "list_measures_n": ("{n} 项措施", "{n} measures"),
    "list_measures_1": ("1 项措施", "1 measure"),
    "list_in_explorer": ("在措施浏览中筛选", "Filter the measures explorer by it"),
    "list_order_zh": ("按拼音排序。", "Sorted by pinyin."),
    "list_order_en": ("按英文字母排序。", "Sorted alphabetically."),
    "list_counts_note": (
        "措施数与措施浏览的筛选结果一致；下位概念列在上位概念之下。",
        "Measure counts are those of the measures explorer; narrower concepts sit under "
        "their broader one.",
    ),
    "list_concepts": ("本词表的概念", "Concepts in this scheme"),
    # Curated entity pages
    "all_statements": ("全部陈述", "All statements"),
    "all_statements_note": (
        "本实体在图谱中的全部三元组，按属性分组。",
        "Every triple of this entity in the graph, grouped by property.",
    ),
    "definition": ("定义", "Definition"),
    "part_of": ("属于", "part of"),
    "identifiers": ("外部标识", "Identifiers elsewhere"),
    "in_explorer": ("在措施浏览中查看（{n} 项措施）", "In the measures explorer (measures: {n})"),
    "measures_topic": ("该主题的措施", "Measures on this topic"),
    "entities_by_scheme": ("本措施提及的实体（按词表）", "Entities this measure names, by scheme"),
    "topics_of_measure": ("主题", "Topics"),
    "members": ("成员国家与地区", "Member countries and regions"),
    "in_regions": ("所属地区", "Part of the regions"),
    "measures_naming": ("提及它的措施", "Measures that name it"),
    "measures_direct": ("直接提及", "Named directly"),
    "measures_inferred_region": (
        "通过成员国推断（措施提及其成员国，而非该地区本身）",
        "Inferred through a member (the measure names a member country, not the region)",
    ),
    "measures_inferred_city": (
        "通过所在城市推断（措施提及该片区所在城市、城市内地点或位于该市的机构）",
        "Inferred through the city (the measure names the city the area lies in, a place in "
        "it or an organisation sited there)",
    ),
    "topic_sentences": ("属于该主题的条文", "Sentences on this topic"),
    "topic_triggers_note": (
        "高亮部分为触发该主题的词语（中文）及其在英文译文中的对应词。",
        "Highlighted: the words that tag the sentence with this topic (Chinese) and the "
        "corresponding words of the English translation.",
    ),
    "trigger_terms": ("触发词", "Trigger words"),
    "highlight_legend": ("高亮图例", "Highlight legend"),
    "legend_trigger": ("主题触发词", "Topic trigger"),
    "kind_country": ("国家", "Country"),
    "kind_region": ("地区", "Region"),
    "kind_place": ("地点", "Place"),
    "kind_zone": ("片区", "Area"),
    "kind_agency": ("机构", "Agency"),
    "kind_organization": ("组织", "Organisation"),
    "kind_mechanism": ("机制", "Mechanism"),
    "kind_initiative": ("倡议", "Initiative"),
    "kind_event": ("活动", "Event"),
    "kind_industry": ("产业", "Industry"),
    "zone_measures": ("提及本片区的措施", "Measures that name this area"),
    # Reader tools
    "reader_filter": ("筛选", "Filter"),
    "reader_filter_note": (
        "选中的措施照常显示，其余变淡。",
        "Matching measures stay as they are; the rest are dimmed.",
    ),
    "reader_entity": ("实体", "Entity"),
    "reader_filter_any": ("（全部）", "(all)"),
    "reader_filter_apply": ("筛选", "Apply"),
    "reader_filter_clear": ("清除筛选", "Clear the filter"),
    "reader_filter_entity": (
        "实体（IRI 或路径，如 country/KZ）",
        "Entity (IRI or path, e.g. country/KZ)",
    ),
    "reader_matches": ("{n} 项措施符合", "{n} measures match"),
    "reader_prev": ("上一项措施", "Previous measure"),
    "reader_next": ("下一项措施", "Next measure"),
    "back_to_top": ("回到顶部", "Back to top"),
    "reader_contents_toggle": ("目录", "Contents"),
}
