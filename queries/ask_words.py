"""The words a question is read with: question and function words, and the words that make it
one about the areas, about who is responsible, or one asking for a list of a kind.

Input:  nothing (constants). Output: the word lists ``queries.ask_understand`` reads with; kept
apart so that the reading's logic and its vocabulary each read in one place.
"""

from __future__ import annotations

import re

from queries.ask_index import is_cjk

# Question and function words, set aside before the leftover goes to full text.
STOP_ZH = (
    "哪些", "哪个", "哪一个", "哪项", "哪几项", "哪几个", "什么", "怎么", "怎样", "如何", "是否",
    "有没有", "请问", "查找", "搜索", "显示", "列出", "告诉我", "我想", "知道", "关于", "有关",
    "相关", "涉及", "提到", "提及", "包括", "包含", "方面", "内容", "措施", "条文", "句子",
    "方案", "规定", "领域", "问题", "以及", "还有", "或者", "的", "和", "与", "及", "或", "在",
    "是", "有", "吗", "呢", "了", "对", "中", "里", "把", "被", "跟", "同", "向", "哪", "谁",
    "都", "也", "要", "能", "会", "可以", "一下", "所有", "全部",
    # verbs of every other sentence of the plan: they narrow nothing
    "发展", "推动", "推进", "支持", "加强", "促进", "开展", "鼓励", "提升", "打造", "实施",
    "探索", "完善", "重点", "积极", "大力", "加快", "做大做强", "培育", "功能", "定位", "产业",
    "中国", "试验区", "使用", "采用", "运用",
)  # fmt: skip
STOP_EN = frozenset(
    {
        "a", "about", "above", "across", "address", "addresses", "addressing", "after", "again",
        "against", "all", "also", "am", "among", "an", "and", "answer", "any", "anything", "are",
        "article", "articles", "as", "at", "be", "because", "been", "before", "being", "below",
        "between", "big", "both", "but", "by", "can", "china", "chinese", "concern", "concerning",
        "concerns", "contain", "containing", "contains", "could", "cover", "covering", "covers",
        "deal", "dealing", "deals", "develop", "developed", "developing", "development", "develops",
        "did", "discuss", "discusses", "do", "does", "doing", "don", "done", "down", "during",
        "each", "either", "everything", "few", "find", "focus", "focused", "focuses", "for", "from",
        "function", "functions", "further", "get", "gets", "give", "had", "has", "have", "having",
        "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in",
        "include", "includes", "including", "industries", "industry", "into", "involve", "involved",
        "involves", "involving", "is", "it", "item", "items", "its", "itself", "just", "know",
        "large", "let", "list", "look", "looking", "many", "may", "me", "measure", "measures",
        "mention", "mentioned", "mentioning", "mentions", "might", "more", "most", "much", "must",
        "my", "myself", "need", "neither", "no", "nor", "not", "now", "of", "off", "on", "once",
        "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "per", "plan",
        "planned", "planning", "plans", "please", "point", "points", "policies", "policy",
        "promote", "promoted", "promotes", "promoting", "provision", "provisions", "question",
        "refer", "referring", "refers", "regarding", "relate", "related", "relates", "relating",
        "role", "roles", "s", "said", "same", "say", "says", "search", "sentence", "sentences",
        "shall", "she", "should", "show", "so", "some", "something", "such", "support", "supported",
        "supporting", "supports", "t", "talk", "talks", "tell", "than", "that", "the", "their",
        "theirs", "them", "themselves", "then", "there", "these", "they", "thing", "things", "this",
        "those", "through", "to", "too", "under", "until", "up", "upon", "us", "very", "via",
        "want", "was", "we", "were", "what", "when", "where", "whether", "which", "while", "who",
        "whom", "whose", "why", "will", "with", "within", "without", "would", "you", "your",
        "yours", "yourself", "yourselves",
    }
)  # fmt: skip
# Words that make a question one about the areas (片区): the areas' names, and asking their
# size (answered with each area's km² and components, queries.ask_zones).
AREA_WORDS_ZH = ("片区", "面积", "多大", "平方公里", "占地")
# Names of the pilot free trade zone itself: every measure is about it, so they narrow nothing
# (and their "zone" does not make a question about the areas).
WHOLE_ZONE = re.compile(
    r"(?:中国)?(?:新疆(?:维吾尔自治区)?)?(?:自由贸易试验区|自贸试验区|自由贸易区|自贸区)"
    r"|(?<![a-z0-9])(?:(?:china )?(?:xinjiang )?(?:pilot )?free trade (?:pilot )?zones?"
    r"|(?:xinjiang )?ftzs?)(?![a-z0-9])"
)
AREA_WORDS_EN = frozenset(
    {"area", "areas", "zone", "zones", "subzone", "subzones", "size", "sizes", "km", "km2",
     "square", "kilometres", "kilometers", "hectares", "extent"}
)  # fmt: skip
# Words that ask who is responsible: answered with the sentences of part four (组织实施) that
# make agencies responsible (queries.ask_roles).
# Not 责任 alone (责任保险 is liability insurance) nor "charge" (charges are fees).
RESPONSIBILITY_WORDS_ZH = ("主体责任", "负责", "牵头", "职责")
RESPONSIBILITY_WORDS_EN = frozenset({"responsible", "responsibility", "responsibilities"})
# Words that ask for a list of the things of one kind (哪些国家, which countries): the kind is
# the IRI's path segment (…/id/country/KZ). Chinese words count only as a whole piece between
# question and function words (国家, not 国家级), English ones as a whole word or two. A word
# that is also a label (展会 is a topic's trigger term) is read as that label, so none is here.
KIND_WORDS = {
    "country": ("国家", "countries"),
    "region": ("地区", "regions"),
    "place": ("地点", "城市", "places", "cities"),
    "agency": ("机构", "部门", "agencies", "authorities", "departments"),
    "organization": ("组织", "国际组织", "organizations", "organisations"),
    "industry": ("产业", "行业", "industries", "sectors"),
    "commodity": ("商品", "货物", "commodities", "goods"),
    "mechanism": ("机制", "mechanisms"),
    "initiative": ("倡议", "initiatives", "programmes", "programs"),
    "event": ("会议", "活动", "events", "fairs", "expos", "conferences"),
    "facility": ("设施", "facilities"),
    "catalogue": ("目录", "清单", "catalogues"),
    "regime": ("制度", "regimes"),
    "designation": ("称号", "designations"),
    "trade-mode": ("贸易方式", "贸易模式", "trade modes"),
    "task-group": ("任务组", "任务", "task groups", "tasks"),  # the eight of part three
    "instrument": ("政策工具", "instruments", "policy instruments"),  # coded (issue 19)
    "action": ("行动类型", "actions"),
}
KIND_OF_WORD = {w: kind for kind, words in KIND_WORDS.items() for w in words}
KINDS_ZH = frozenset(w for w in KIND_OF_WORD if is_cjk(w[0]))
# Question words that ask for a list (哪些国家, which countries) …
LIST_CUES_ZH = ("哪些", "哪个", "哪几", "什么", "所有", "全部", "列出", "多少", "几个", "有哪")
LIST_CUES_EN = frozenset({"which", "what", "list", "all", "every", "name", "names", "many"})
# … unless they ask for measures (哪些措施涉及中亚国家: the measures, not the countries).
MEASURES_ASKED = re.compile(r"(?:哪些|哪项|哪几项|哪个|什么)措施|\b(?:which|what) measures?\b")
