"""The message catalogue: every UI string of the site, in Chinese and English.

Input:  nothing (constants).
Output: :data:`MESSAGES` — key → {"zh": …, "en": …}. Strings may hold ``{name}`` fields that
        ``webapp.shared.i18n.t`` fills. They are plain text: templates escape them like any value.

Every entry has the one shape of a catalogue (key, Chinese, English): the runs of same-shaped
lines are data, a deliberate parallel, not code written twice; so are the catalogues merged in
(messages_browse.py, messages_pictures.py, ask_messages.py).
"""

from __future__ import annotations

from webapp.shared.ask_messages import ASK_MESSAGES
from webapp.shared.messages_browse import BROWSE
from webapp.shared.messages_pictures import PICTURE_MESSAGES

_M: dict[str, tuple[str, str]] = {
    # Site frame
    "site_name": (
        "中国（新疆）自由贸易试验区总体方案知识图谱",
        "Knowledge graph of the Xinjiang Pilot FTZ Master Plan",
    ),
    "site_short": ("新疆自贸区方案图谱", "Xinjiang FTZ plan graph"),
    "skip_to_content": ("跳到正文", "Skip to content"),
    "nav_label": ("主导航", "Main navigation"),
    "nav_home": ("首页", "Home"),
    "nav_plan": ("方案全文", "The plan"),
    "nav_measures": ("措施浏览", "Measures"),
    "nav_matrix": ("矩阵", "Matrices"),
    "nav_query": ("SPARQL 查询", "SPARQL query"),
    "nav_downloads": ("下载", "Downloads"),
    "nav_changes": ("版本与变更", "Releases and changes"),
    "changes_title": ("版本与变更记录", "Releases and changes"),
    "changes_intro": (
        "数据集的每个版本、其文件的校验和，以及与上一版本相比按实体、条文句和方案单元列出的变更"
        "（新增、删除、标签和关联的修改）。",
        "Each release of the dataset, the checksums of its files, and what changed since the "
        "release before, by entity, provision and unit of the plan: added, removed, changed "
        "labels and links.",
    ),
    "changes_for_entity": ("仅显示涉及以下资源的变更：", "Only the changes that touched"),
    "changes_all": ("全部变更", "all changes"),
    "changes_unreleased": ("尚未发布的变更", "Unreleased changes"),
    "changes_unreleased_text": (
        "本站当前提供的图谱与最新版本 {version} 的差异（三元组增/删）：",
        "What the graph this site serves changes against the newest release, {version} "
        "(triples added / removed):",
    ),
    "changes_version_iri": ("版本 IRI", "Version IRI"),
    "changes_files": ("{n} 个文件及其 SHA-256", "{n} files with their SHA-256"),
    "changes_first": (
        "首个版本：其中一切均为新增。",
        "The first release: everything in it is new.",
    ),
    "changes_since": (
        "与 {version} 相比（三元组增/删）：",
        "Since {version} (triples added / removed):",
    ),
    "changes_changeset": (
        "变更集（RDF，Changeset 词表）",
        "change set (RDF, Changeset vocabulary)",
    ),
    "changes_none": ("此版本中没有相关变更。", "No change in this release touched it."),
    "change_added": ("新增", "added"),
    "change_removed": ("删除", "removed"),
    "change_changed": ("修改", "changed"),
    "change_op_added": ("新增", "added"),
    "change_op_removed": ("删除", "removed"),
    "change_op_changed": ("修改", "changed"),
    "change_mention": ("提及", "mention"),
    "change_mentioned_in": ("被提及于", "mentioned in"),
    "change_this": ("本资源", "this"),
    "entity_changes": ("变更记录", "Changes"),
    "nav_ontology": ("本体", "Ontology"),
    "language": ("语言", "Language"),
    "footer_authority": (
        "中文原文为权威文本；英文为本项目的非官方译文。",
        "The Chinese text is authoritative; the English is an unofficial translation by this "
        "project.",
    ),
    "footer_data": ("数据以 CC BY 4.0 开放：", "Open data under CC BY 4.0:"),
    "authority_note": (
        "中文为国务院印发的权威文本；英文为本项目的非官方译文，仅供参考。",
        "Chinese: the authoritative text as issued by the State Council. "
        "English: an unofficial translation by this project, for reference only.",
    ),
    "colon": ("：", ": "),
    "back_home": ("返回首页", "Back to the home page"),
    "none": ("无", "None"),
    "show_all": ("显示全部 {n} 项", "Show all {n}"),
    # Entity pages
    "formats": ("其他格式", "Other formats"),
    "in_reader": ("在方案全文中查看", "Show in the plan reader"),
    "query_entity": ("用 SPARQL 查询", "Query it in SPARQL"),
    "text_heading": ("原文与译文", "Text and translation"),
    "sentence_n": ("第{n}句", "Sentence {n}"),
    "linked_entities": ("链接的实体", "Linked entities"),
    "zone_area": ("片区总面积 {area} 平方公里。", "Total area: {area} km²."),
    "zone_components": ("片区组成", "Components of the area"),
    "component": ("组成部分", "Component"),
    "component_type": ("类型", "Type"),
    "division": ("兵团师", "XPCC division"),
    "area_km2": ("面积（平方公里）", "Area (km²)"),
    "zone_functions": ("功能划分", "Functions"),
    "unframed": ("其他", "Other"),
    "mentioned_heading": ("方案中提及之处", "Where the plan mentions it"),
    "inferred_heading": ("推断的关联（非直接提及）", "Linked by inference, not a mention"),
    "inferred_note": (
        "这些句子并未直接提及它：它只出现在较长的名称之中，或经由其成员国家推断。",
        "These sentences do not name it: it occurs only inside a longer name, or is reached "
        "through a member country they name.",
    ),
    "inferred_in_name": ("在名称“{name}”中（“{words}”）", "in the name “{name}” (“{words}”)"),
    "inferred_via_member": ("经由{member}（“{words}”）", "via {member} (“{words}”)"),
    "neighbourhood": ("关联网络", "Neighbourhood"),
    "neighbourhood_caption": ("{name}及其关联实体", "{name} and the entities it links to"),
    "picture_more": (
        "另有 {n} 个关联实体未在图中显示，见下表。",
        "{n} more linked entities are listed below, not drawn.",
    ),
    "statements": ("陈述", "Statements"),
    "incoming": ("指向本实体的链接", "Links to this entity"),
    "incoming_by": ("← {prop}", "← {prop}"),
    "more_in_query": ("另有 {n} 项，请用 SPARQL 查询。", "{n} more: use a SPARQL query."),
    "bad_format": (
        "未知格式 {value!r}；可用：{names}",
        "unknown format {value!r}; use one of: {names}",
    ),
    "bad_path": ("无效的实体路径：{reason}", "invalid entity path: {reason}"),
    "unknown_entity": ("图谱中没有这个 IRI：{iri}", "The graph holds no resource {iri}"),
    # Plan reader
    "column_zh": ("中文（权威文本）", "Chinese (authoritative)"),
    "column_en": ("英文（本项目非官方译文）", "English (unofficial translation by this project)"),
    "contents": ("目录", "Contents"),
    "entity_page": ("实体页面", "entity page"),
    "permalink": ("固定链接", "permalink"),
    "preamble": ("序言", "Preamble"),
    "no_plan": ("图谱中没有方案。", "The graph holds no plan."),
    # Measure explorer
    "explorer_title": ("措施浏览与检索", "Explore the measures"),
    "search_label": ("检索条文（中文或英文）", "Search the sentences (Chinese or English)"),
    "search_placeholder": (
        "例如：中欧班列 或 China–Europe Railway Express",
        "e.g. 中欧班列 or China–Europe Railway Express",
    ),
    "search_button": ("检索", "Search"),
    "facets": ("筛选", "Filters"),
    "clear_all": ("清除全部筛选", "Clear all filters"),
    "remove_filter": ("取消", "remove"),
    "facet_zone": ("片区", "Area"),
    "facet_task-group": ("任务组", "Task group"),
    "facet_topic": ("主题", "Topic"),
    "facet_region": ("地区（含成员国）", "Region (with its members)"),
    "facet_country": ("国家", "Country"),
    "facet_agency": ("机构", "Agency"),
    "facet_industry": ("产业", "Industry"),
    "facet_commodity": ("商品与物产", "Commodity"),
    "facet_operation": ("贸易与金融业务", "Trade or financial operation"),
    "facet_instrument": ("政策工具", "Policy instrument"),
    "codings_label": ("行动与政策工具", "Actions and instruments"),
    "schemes_heading": ("编码体系", "Coding schemes"),
    "schemes_intro": (
        "每个条文句按分句核心动词编码行动类型（附承诺强度，越大越确定），并按触发词编码政策工具；"
        "每一编码都指向所据原文（Web标注），并注明由规则还是人工校订得出。",
        "Each provision is coded with the action of every clause's head verb (with a commitment "
        "strength: higher is firmer) and with policy instruments by trigger words; every coding "
        "points to the words it rests on (a Web Annotation) and says whether a rule or a curated "
        "override made it.",
    ),
    "scheme_actions": ("行动类型", "Actions"),
    "scheme_action": ("行动", "Action"),
    "scheme_instruments": ("政策工具", "Policy instruments"),
    "scheme_instruments_note": (
        "依据 Rothwell 与 Zegveld（1981，1985）的供给型、环境型、需求型三分法"
        "及中文政策文本研究常用的子类。",
        "After Rothwell and Zegveld (1981, 1985): supply-side, environment-side and demand-side "
        "instruments, with the sub-types commonly used for Chinese policy texts.",
    ),
    "commitment_strength": ("承诺强度", "Commitment strength"),
    "coded_curated": ("人工校订", "curated"),
    "facet_action": ("行动 · 承诺强度", "Action · commitment strength"),
    "where": ("涉及", "Involves"),
    "results_count": ("{n} / {total} 项措施", "{n} of {total} measures"),
    "measure_n": ("措施 {n}", "Measure {n}"),
    "search_for": ("检索“{q}”", "Search for “{q}”"),
    "sentences_found": ("{n} 句匹配", "{n} matching sentences"),
    "no_results": ("没有符合条件的措施。", "No measure matches."),
    "other_sentences": ("方案其他部分的匹配句子", "Matching sentences elsewhere in the plan"),
    "bad_param": (
        "未知参数 {name}；可用：{allowed}",
        "unknown parameter {name}; allowed: {allowed}",
    ),
    "bad_facet_value": (
        "参数 {facet} 的值 {value!r} 不存在",
        "parameter {facet}: no such value {value!r}",
    ),
    "bad_measure": ("参数 measure：没有措施 {value!r}", "parameter measure: no measure {value!r}"),
    "q_too_long": ("检索词最长 {n} 个字符", "parameter q: at most {n} characters"),
    # Query page
    "query_title": ("SPARQL 查询", "SPARQL query"),
    "query_intro": (
        "在编辑器中写 "
        "SPARQL（已填好本项目的前缀），或从命名查询库中选择一个查询并填写参数。结果中的 IRI "
        "链接到实体页面。",
        "Write SPARQL in the editor (the project's prefixes are filled in), or pick a named "
        "query and fill in its parameters. IRIs in the results link to their entity pages.",
    ),
    "editor": ("SPARQL 编辑器", "SPARQL editor"),
    "run": ("运行", "Run"),
    "run_hint": ("Ctrl+Enter 运行", "Ctrl+Enter runs it"),
    "endpoint_link": ("SPARQL 端点说明", "The SPARQL endpoint"),
    "named_queries": ("命名查询", "Named queries"),
    "choose_query": ("— 选择一个查询 —", "— choose a query —"),
    "open": ("打开", "Open"),
    "choose_entity": ("— 请选择 —", "— choose —"),
    "search_entity": ("按名称搜索（中文或英文）…", "Search by name (Chinese or English)…"),
    "edit_as_sparql": ("在编辑器中修改", "Edit as SPARQL"),
    "results": ("结果", "Results"),
    "query_error": ("查询出错：", "The query failed:"),
    "no_run_yet": ("尚未运行查询。", "No query run yet."),
    "ask_result": ("ASK 结果", "ASK result"),
    "rows_n": ("共 {n} 行", "Rows: {n}"),
    "rows_cut": (
        "只显示前 {shown} 行（共 {n} 行）；完整结果请下载。",
        "Showing the first {shown} of {n} rows; download for all.",
    ),
    "empty_query": ("查询为空", "empty query"),
    "query_too_long": ("查询超过 {n} 个字符", "query longer than {n} characters"),
    "unknown_named": ("没有名为 {name!r} 的命名查询", "no named query {name!r}"),
    "param_error": ("参数 {name}：{message}", "parameter {name}: {message}"),
    # Matrices
    "matrix_title": ("矩阵热力图", "Heat maps"),
    "matrix_intro": (
        "点击数字，在措施浏览中查看同时满足行与列的措施。",
        "Click a number to open the measure explorer filtered by its row and its column.",
    ),
    "matrix_measure_topic": ("措施 × 主题", "Measure × topic"),
    "matrix_measure_topic_note": (
        "数字为该措施中带有该主题的句子数。",
        "Each number is how many sentences of the measure carry the topic.",
    ),
    "matrix_place_topic": ("地区/国家 × 主题", "Region or country × topic"),
    "matrix_measure_instrument": ("措施 × 政策工具", "Measures × policy instruments"),
    "matrix_measure_instrument_note": (
        "每格为该措施中按规则或人工校订编码为该政策工具的句数；列按供给型、环境型、需求型排列。",
        "Each cell counts the measure's sentences coded with the policy instrument (by rule or "
        "curated); columns run supply-side, environment-side, demand-side.",
    ),
    "matrix_place_topic_note": (
        "数字为同时涉及该地区（含成员国）或国家并带有该主题的措施数。",
        "Each number is how many measures involve the region (with its members) or country "
        "and carry the topic.",
    ),
    "matrix_measure_operation": (
        "措施 × 贸易与金融业务",
        "Measure × trade and financial operation",
    ),
    "matrix_measure_operation_note": (
        "数字为该措施中提到该贸易方式、物流方式或金融业务的句子数。",
        "Each number is how many sentences of the measure name the trade or logistics mode or "
        "the financial operation.",
    ),
    "measure": ("措施", "Measure"),
    "region_or_country": ("地区/国家", "Region / country"),
    # Downloads
    "downloads_title": ("下载", "Downloads"),
    "downloads_intro": (
        "整个图谱、本体、SHACL "
        "形状、受控词表和数据集描述，以及中英对照的条文表。每个文件附大小和 SHA-256 "
        "校验值。数据以 CC BY 4.0 许可开放。",
        "The whole graph, the ontology, the SHACL shapes, the controlled vocabularies and the "
        "dataset description, and a bilingual table of the provisions — each with its size "
        "and SHA-256 checksum. Open under CC BY 4.0.",
    ),
    "dl_group_graph": ("整个图谱", "The whole graph"),
    "dl_group_description": ("数据集描述（VoID / DCAT）", "Dataset description (VoID / DCAT)"),
    "dl_group_ontology": ("本体与形状", "Ontology and shapes"),
    "dl_group_vocabularies": ("受控词表（SKOS）", "Controlled vocabularies (SKOS)"),
    "dl_group_package": ("数据包（CSV 表格）", "Data package (CSV tables)"),
    "dl_package_text": (
        "由图谱查询生成的 UTF-8 CSV 表格，构成 Frictionless 数据包：datapackage.json 给出每个表的"
        "字段类型、说明、主键和外键，以及许可和版本。各版本及其校验和见",
        "UTF-8 CSV tables queried from the graph, forming a Frictionless Data Package: "
        "datapackage.json gives each table's field types, descriptions, primary and foreign "
        "keys, the licence and the version. Each release and its checksums:",
    ),
    "dl_datapackage": (
        "数据包描述（Frictionless Data Package）",
        "The data package's description (Frictionless Data Package)",
    ),
    "dl_group_table": ("中英对照条文表", "Bilingual table of the provisions"),
    "dl_file": ("文件", "File"),
    "dl_what": ("内容", "What"),
    "dl_size": ("大小", "Size"),
    "dl_ttl": (
        "图谱（Turtle）：本体、词表、方案数据和数据集描述",
        "The graph in Turtle: ontology, vocabularies, plan data and dataset description",
    ),
    "dl_nt": ("图谱（N-Triples）", "The graph in N-Triples"),
    "dl_jsonld": ("图谱（JSON-LD）", "The graph in JSON-LD"),
    "dl_rdfxml": ("图谱（RDF/XML）", "The graph in RDF/XML"),
    "dl_data_file": ("本站当前提供的数据文件", "A data file this site serves"),
    "dl_void": ("VoID / DCAT 数据集描述", "VoID / DCAT description of the dataset"),
    "dl_ontology": (
        "OWL 本体（中英文标签与定义）",
        "The OWL ontology (labels and definitions in both languages)",
    ),
    "dl_shapes": ("SHACL 形状", "SHACL shapes"),
    "dl_vocabulary": ("SKOS 词表", "SKOS vocabulary"),
    "dl_csv": (
        "CSV：条文编号、措施编号、中文、英文（UTF-8，带 BOM 以便电子表格识别）",
        "CSV: provision id, measure number, Chinese, English (UTF-8 with a byte-order mark "
        "for spreadsheets)",
    ),
    "dl_tsv": (
        "TSV：条文编号、措施编号、中文、英文",
        "TSV: provision id, measure number, Chinese, English",
    ),
    "dl_construct": ("任意 CONSTRUCT 查询的结果", "The result of any CONSTRUCT query"),
    "dl_construct_text": (
        "SPARQL 端点以 format=ttl（或 nt、jsonld、rdfxml）返回 CONSTRUCT "
        "查询的结果图，可直接下载为 Turtle；查询页面运行 CONSTRUCT 后也有下载链接。",
        "The SPARQL endpoint returns the graph a CONSTRUCT query builds as Turtle with "
        "format=ttl (or nt, jsonld, rdfxml); the query page links these downloads after a "
        "CONSTRUCT run.",
    ),
    "dl_construct_example": (
        "示例：措施与地区（Turtle）",
        "Example: measures and their regions (Turtle)",
    ),
    "dl_construct_in_editor": ("在查询编辑器中打开", "Open it in the query editor"),
    # Errors
    "error_400": ("请求有误", "Bad request"),
    "error_404": ("未找到", "Not found"),
    "error_405": ("不允许的方法", "Method not allowed"),
    "error_500": ("服务器内部错误", "Internal error"),
    "error_503": ("服务暂时不可用", "Service unavailable"),
    "error_other": ("出错了", "Error"),
    "error_404_text": ("没有这个页面。", "There is no such page."),
    "error_503_text": (
        "服务器正忙或查询超时，请稍后再试。",
        "The server is busy or the query took too long; please try again shortly.",
    ),
    "error_500_text": (
        "服务器出错，已记录。请稍后再试。",
        "Something went wrong on our side; it has been logged. Please try again later.",
    ),
    # Home
    "home_title": (
        "中国（新疆）自由贸易试验区总体方案 · 开放知识图谱",
        "The Xinjiang Pilot Free Trade Zone Master Plan as open linked data",
    ),
    "home_lead": (
        "国务院2023年印发的《中国（新疆）自由贸易试验区总体方案》逐句结构化：每项措施、每句条"
        "文、其中提到的国家、地区、机构、产业和主题，以及片区的组成与功能，均有稳定的IRI、中英"
        "文对照，可浏览、可检索、可用SPARQL查询和下载。",
        "The State Council's 2023 Master Plan of the China (Xinjiang) Pilot Free Trade Zone, "
        "sentence by sentence: every measure and provision, the countries, regions, agencies, "
        "industries and topics it names, and the zones with their components and functions — "
        "each with a stable IRI, in Chinese and English, to browse, search, query in SPARQL "
        "and download.",
    ),
    "home_counts": ("图谱概况", "What the graph holds"),
    "count_part": ("个部分", "parts"),
    "count_task-group": ("个任务组", "task groups"),
    "count_measure": ("项措施", "measures"),
    "count_provision": ("句条文", "sentences"),
    "count_mention": ("处实体提及", "entity mentions"),
    "count_country": ("个国家", "countries"),
    "count_region": ("个地区", "regions"),
    "count_agency": ("个机构", "agencies"),
    "count_industry": ("个产业", "industries"),
    "count_topic": ("个主题", "topics"),
    "count_zone": ("个片区", "areas"),
    "count_triples": ("个三元组", "triples"),
    "home_entry": ("从这里开始", "Start here"),
    "home_plan": (
        "中英对照的方案全文，实体链接可点击",
        "The whole plan, Chinese beside English, entities linked",
    ),
    "home_measures": (
        "按片区、任务组、主题、国家/地区、机构和产业筛选25项措施，全文检索",
        "Filter the 25 measures by area, task group, topic, country or region, agency and "
        "industry; search the text",
    ),
    "home_matrix": (
        "措施×主题、国家/地区×主题热力图",
        "Measure × topic and country/region × topic heat maps",
    ),
    "home_query": ("SPARQL 编辑器和命名查询库", "A SPARQL editor and the library of named queries"),
    "home_downloads": (
        "整个图谱、本体、词表、中英对照表",
        "The whole graph, the ontology, the vocabularies, a bilingual table",
    ),
    "home_ontology": ("类与属性的中英文说明", "Classes and properties, in both languages"),
    "home_examples": ("示例", "Examples"),
    "example_central_asia_logistics": (
        "涉及中亚和物流的措施（命名查询）",
        "Measures involving Central Asia and logistics (named query)",
    ),
    "example_explorer_central_asia_logistics": (
        "措施浏览：中亚 + 物流",
        "Measure explorer: Central Asia + logistics",
    ),
    "example_railway_express": (
        "检索“中欧班列”",
        "Search for 中欧班列 (China–Europe Railway Express)",
    ),
    "example_kazakhstan": ("哈萨克斯坦：方案中提及之处", "Kazakhstan: where the plan mentions it"),
    "example_zones": ("喀什片区：组成与功能", "Kashgar Area: components and functions"),
    "example_measure_16": (
        "措施16：构建现代综合交通枢纽体系",
        "Measure 16: a modern comprehensive transport hub system",
    ),
    "example_matrix": ("措施×主题矩阵", "The measure × topic matrix"),
}

_M.update(BROWSE)  # lists, curated entity pages, reader tools
_M.update(PICTURE_MESSAGES)  # the map, the graph, the query editor: kept apart, one owner
_M.update(ASK_MESSAGES)  # the search box and /ask
MESSAGES: dict[str, dict[str, str]] = {key: {"zh": zh, "en": en} for key, (zh, en) in _M.items()}
