"""UI strings of the pictures (the map, the neighbourhood graph) and of the query page's editor
(YASGUI), in Chinese and English; merged into ``webapp.shared.messages.MESSAGES``.

Input:  nothing (constants).
Output: :data:`PICTURE_MESSAGES` — key → (zh, en); :data:`YASGUI_UI` — YASGUI's own English
        interface texts → message keys (YASGUI has no message catalogue of its own, so
        ``yasgui-page.js`` replaces these texts where it finds them).

The entries repeat the catalogue's one shape (key, Chinese, English), as in the other catalogues
(webapp/shared/messages*.py, ask_messages.py): data, a deliberate parallel, not code written twice.
"""

from __future__ import annotations

PICTURE_MESSAGES: dict[str, tuple[str, str]] = {
    # The map
    "nav_map": ("地图", "Map"),
    "map_title": ("地图：片区与伙伴国家", "Map: the areas and the partner countries"),
    "map_intro": (
        "自贸试验区的三个片区位于新疆；方案提到的伙伴国家和地区按提及它们的措施数量着色。"
        "点击任一地点可打开其页面。",
        "The three areas of the pilot FTZ in Xinjiang, and the partner countries and regions "
        "the plan names, shaded by how many measures name them. Each links to its page.",
    ),
    "map_label": ("片区与伙伴国家地图", "Map of the areas and the partner countries"),
    "map_country_n": ("{name}：{n} 项措施", "{name}: {n} measures"),
    "map_region_n": ("{name}：{n} 项措施", "{name}: {n} measures"),
    "map_area_n": ("{name}：{n} 项措施", "{name}: {n} measures"),
    "map_legend_title": ("提及的措施数", "Measures naming it"),
    "map_legend_area": ("片区（所在城市）", "Area (at its city)"),
    "map_legend_region": ("地区（全部成员国）", "Region (all its member countries)"),
    "map_list_areas": ("片区", "Areas"),
    "map_list_countries": ("伙伴国家", "Partner countries"),
    "map_list_regions": ("地区与国家群组", "Regions and groupings"),
    "map_col_name": ("名称", "Name"),
    "map_col_measures": ("措施数", "Measures"),
    "map_col_where": ("位置依据", "Placed at"),
    "map_not_drawn": ("（地图上不绘出）", "(not drawn on the map)"),
    "map_sources": (
        "底图：Natural Earth 1:110m 国家边界（公有领域），经 npm 软件包 world-atlas 2.0.2；"
        "片区位置：所在城市的 GeoNames 坐标（CC BY 4.0）。措施数的计法与措施浏览的筛选相同。",
        "Base map: Natural Earth 1:110m countries (public domain), via the npm package "
        "world-atlas 2.0.2; areas placed at their city's GeoNames coordinates (CC BY 4.0). "
        "Measures are counted as the measure explorer counts them.",
    ),
    # The neighbourhood graph
    "graph_legend": ("图例", "Legend"),
    "graph_edge_labels": ("显示关系名称", "Show relation names"),
    "graph_zoom_in": ("放大", "Zoom in"),
    "graph_zoom_out": ("缩小", "Zoom out"),
    "graph_fit": ("适合窗口", "Fit"),
    "graph_keys": (
        "图获得焦点时：方向键在节点间移动，Enter 打开所选节点，+ / − 缩放，0 复位；也可拖动平移。",
        "With the picture focused: the arrow keys move between nodes, Enter opens one, + / − "
        "zoom, 0 fits; drag to pan.",
    ),
    "graph_list": ("图中的链接（列表）", "The links in the picture, as a list"),
    "graph_kind_centre": ("本页", "This page"),
    "graph_kind_measure": ("措施", "Measure"),
    "graph_kind_provision": ("条文句子", "Sentence"),
    "graph_kind_task-group": ("任务组", "Task group"),
    "graph_kind_section": ("章节", "Section"),
    "graph_kind_part": ("部分", "Part"),
    "graph_kind_plan": ("方案", "The plan"),
    "graph_kind_country": ("国家", "Country"),
    "graph_kind_region": ("地区", "Region"),
    "graph_kind_place": ("国内地点", "Place in China"),
    "graph_kind_agency": ("机构", "Agency"),
    "graph_kind_organization": ("组织", "Organisation"),
    "graph_kind_mechanism": ("机制", "Mechanism"),
    "graph_kind_initiative": ("倡议", "Initiative"),
    "graph_kind_event": ("活动", "Event"),
    "graph_kind_industry": ("产业", "Industry"),
    "graph_kind_topic": ("主题", "Topic"),
    "graph_kind_zone": ("片区", "Area"),
    "graph_kind_framing": ("表述", "Framing"),
    "graph_kind_scheme": ("词表", "Scheme"),
    "graph_kind_other": ("其他", "Other"),
    # The query page on YASGUI
    "yasgui_tab": ("查询", "Query"),
    "yasgui_noscript": (
        "没有 JavaScript 时，用下面的表单运行查询。",
        "Without JavaScript, run queries with the form below.",
    ),
    "yasgui_view_table": ("表格", "Table"),
    "yasgui_view_chart": ("图表", "Chart"),
    "yasgui_view_map": ("地图", "Map"),
    "yasgui_error_at": ("第 {line} 行第 {column} 列", "Line {line}, column {column}"),
    "yasgui_download_csv": ("下载 CSV", "Download CSV"),
    "yasgui_download_from_endpoint": ("从端点下载：", "Download from the endpoint:"),
    "yasgui_chart_caption": ("?{value} 按 ?{label}", "?{value} by ?{label}"),
    "yasgui_map_legend_value": ("?{value}", "?{value}"),
    "yasgui_map_legend_rows": ("结果中的行数", "Rows in the result"),
    "yasgui_examples": ("示例查询", "Example queries"),
    "yasgui_examples_hint": (
        "打开一个示例：它的表单在这里，查询在编辑器的新标签页中。",
        "Open an example: its form shows here, its query in a new tab of the editor.",
    ),
    "yasgui_results_in": ("{n} 条结果，用时 {s} 秒", "{n} results in {s} seconds"),
    "yasgui_response_in": ("响应用时 {s} 秒", "Response in {s} seconds"),
    "yasgui_shows_view": ("以{name}显示", "Shows {name} view"),
    # DataTables' own placeholders (_START_ …) stay as they are
    "yasgui_dt_info": (
        "第 _START_ 至 _END_ 行，共 _TOTAL_ 行",
        "Showing _START_ to _END_ of _TOTAL_ entries",
    ),
    "yasgui_dt_info_empty": ("共 0 行", "Showing 0 to 0 of 0 entries"),
    "yasgui_dt_info_filtered": ("（从 _MAX_ 行中筛选）", "(filtered from _MAX_ total entries)"),
    "yasgui_dt_zero": ("没有结果", "No results"),
    "yasgui_dt_orderable": ("：点击排序", ": Activate to sort"),
    "yasgui_dt_orderable_reverse": ("：点击反向排序", ": Activate to invert sorting"),
    "yasgui_dt_first": ("第一页", "First"),
    "yasgui_dt_previous": ("上一页", "Previous"),
    "yasgui_dt_next": ("下一页", "Next"),
    "yasgui_dt_last": ("最后一页", "Last"),
    "yasgui_view_docs": ("查看“{name}”视图的说明", "View documentation of {name}"),
    "yasgui_editor_label": ("SPARQL 查询编辑器", "SPARQL query editor"),
    "yasgui_page_size": ("每页行数", "Rows per page"),
    "yasgui_ui_run": ("运行查询", "Run query"),
    "yasgui_ui_new_window": ("在新窗口中运行查询", "Try query in a new browser window"),
    "yasgui_ui_share": ("分享查询", "Share query"),
    "yasgui_ui_add_tab": ("新建标签页", "Add a new tab"),
    "yasgui_ui_close_tab": ("关闭标签页", "Close tab"),
    "yasgui_ui_simple_view": ("简洁视图", "Simple view"),
    "yasgui_ui_ellipse": ("截断长值", "Ellipse"),
    "yasgui_ui_filter": ("筛选结果", "Filter query results"),
    "yasgui_ui_page_size": ("每页行数：", "Page size: "),
    "yasgui_ui_all": ("全部", "All"),
    "yasgui_ui_response": ("响应", "Response"),
    "yasgui_ui_ctrl_space": ("按 Ctrl+空格 补全", "Press CTRL - <spacebar> to autocomplete"),
    "yasgui_ui_fullscreen": ("全屏", "Full screen"),
    "yasgui_ui_download": ("下载结果", "Download result"),
    "yasgui_ui_download_results": ("下载结果", "Download Results"),
    "yasgui_ui_pagination": ("分页", "pagination"),
    "yasgui_ui_show_all": ("显示全部", "Show all"),
    "yasgui_ui_no_results": ("没有结果", "No results"),
    "yasgui_ui_query_took": ("查询用时", "Query took"),
}

# YASGUI's English texts (as its bundle writes them) → our message keys. English pages keep
# YASGUI's own words; Chinese pages get ours.
YASGUI_UI: dict[str, str] = {
    "Run query": "yasgui_ui_run",
    "Try query in a new browser window": "yasgui_ui_new_window",
    "Share query": "yasgui_ui_share",
    "Add a new tab": "yasgui_ui_add_tab",
    "Close tab": "yasgui_ui_close_tab",
    "Simple view": "yasgui_ui_simple_view",
    "Ellipse": "yasgui_ui_ellipse",
    "Filter query results": "yasgui_ui_filter",
    "Page size:": "yasgui_ui_page_size",
    "All": "yasgui_ui_all",
    "Response": "yasgui_ui_response",
    "Press CTRL - <spacebar> to autocomplete": "yasgui_ui_ctrl_space",
    "Full screen": "yasgui_ui_fullscreen",
    "Download result": "yasgui_ui_download",
    "Download Results": "yasgui_ui_download_results",
    "Add tab": "yasgui_ui_add_tab",
    "pagination": "yasgui_ui_pagination",
    "Show all": "yasgui_ui_show_all",
    "No results": "yasgui_ui_no_results",
}
