/* The query page on YASGUI (@zazuko/yasgui, served from /static/vendor/yasgui/): tabs, the
   editor with completion from this site's endpoint (prefixes, the graph's classes and
   properties, entities by their Chinese or English label), errors with their position, and
   results as a labelled table, a bar chart or a map.
   Input:  #yasgui-config (JSON the server wrote: the page language's messages, the prefixes,
           the query the URL asked for and whether to run it); /sparql; /api/labels;
           /api/entities; window.XjftzMap (map.js) for the map view.
   Output: YASGUI mounted in #yasgui; the plain form (which works without JavaScript) hidden.
   Every text from the graph goes into the DOM as textContent or escaped. */
(function () {
  "use strict";
  var configEl = document.getElementById("yasgui-config");
  var root = document.getElementById("yasgui");
  if (!configEl || !root || !window.Yasgui) return;
  var CFG = JSON.parse(configEl.textContent);
  var M = CFG.messages;
  var LANG = CFG.lang;
  var BASE = CFG.base;
  var PREFIXES = CFG.prefixes;
  var Yasgui = window.Yasgui;
  var Yasqe = Yasgui.Yasqe;
  var Yasr = Yasgui.Yasr;
  var ENDPOINT = new URL(CFG.endpoint, location.href).href;  // YASGUI wants it absolute

  function msg(key, values) {
    var text = M[key] || key;
    Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(String(values[k])); });
    return text;
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function localHref(iri) {
    if (iri.indexOf(BASE + "id/") === 0) return "/id/" + iri.slice(BASE.length + 3);
    if (iri.indexOf(BASE + "ontology") === 0) {
      var frag = iri.slice((BASE + "ontology").length).replace(/^[#/]/, "");
      return "/ontology" + (frag ? "#" + frag : "");
    }
    return /^https?:\/\//.test(iri) ? iri : null;
  }
  function compact(iri) {
    if (iri.indexOf(BASE + "id/") === 0) return iri.slice(BASE.length + 3);
    for (var p in PREFIXES) {
      if (iri.indexOf(PREFIXES[p]) === 0 && iri.length > PREFIXES[p].length) return p + ":" + iri.slice(PREFIXES[p].length);
    }
    return iri;
  }
  function pickLabel(labels) {
    if (!labels) return null;
    return labels[LANG] || labels[LANG === "zh" ? "en" : "zh"] || null;
  }

  /* ---- Labels of IRIs, from /api/labels, cached for the page ---- */
  var LABELS = {};
  function fetchLabels(iris) {
    var missing = Array.from(new Set(iris)).filter(function (i) { return !(i in LABELS); });
    var chunks = [];
    for (var i = 0; i < missing.length && i < 1000; i += 100) chunks.push(missing.slice(i, i + 100));
    return Promise.all(chunks.map(function (chunk) {
      var query = chunk.map(function (x) { return "iri=" + encodeURIComponent(x); }).join("&");
      return fetch("/api/labels?" + query, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { labels: {} }; })
        .then(function (doc) { chunk.forEach(function (iri) { LABELS[iri] = doc.labels[iri] || null; }); })
        .catch(function () { /* labels are a nicety: the IRIs stay */ });
    }));
  }

  function select(query) {
    return fetch(ENDPOINT, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json" },
      body: new URLSearchParams([["query", query]])
    }).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
  }

  /* ---- Completion: prefixes, classes and properties of this graph, entities by label ---- */
  var PREFIX_LIST = Object.keys(PREFIXES).sort().map(function (p) { return p + ": <" + PREFIXES[p] + ">"; });
  var TERM_QUERY = {
    "xjftz-class": "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" +
      "SELECT ?term (SAMPLE(?l) AS ?label) WHERE { [] a ?term . OPTIONAL { ?term rdfs:label ?l . FILTER(LANG(?l) = \"" + LANG + "\") } } GROUP BY ?term",
    "xjftz-property": "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" +
      "SELECT ?term (SAMPLE(?l) AS ?label) WHERE { [] ?term [] . OPTIONAL { ?term rdfs:label ?l . FILTER(LANG(?l) = \"" + LANG + "\") } } GROUP BY ?term"
  };
  var TERM_LABELS = {};
  function termsFromEndpoint(name) {
    return function () {
      return select(TERM_QUERY[name]).then(function (doc) {
        return doc.results.bindings.map(function (b) {
          if (b.label) TERM_LABELS[b.term.value] = b.label.value;
          return b.term.value;
        }).sort();
      }).catch(function () { return []; });
    };
  }
  function labelHints(yasqe, hints) {
    hints.forEach(function (h) {
      var iri = h.text.charAt(0) === "<" ? h.text.slice(1, -1) : null;
      if (!iri) {
        var colon = h.text.indexOf(":");
        var ns = PREFIXES[h.text.slice(0, colon)] || yasqe.getPrefixesFromQuery()[h.text.slice(0, colon)];
        iri = ns ? ns + h.text.slice(colon + 1) : h.text;
      }
      var label = TERM_LABELS[iri];
      if (label) h.displayText = h.text + "  — " + label;
    });
    return hints;
  }
  Yasqe.forkAutocompleter("prefixes", { name: "xjftz-prefixes", get: function () { return PREFIX_LIST; }, persistenceId: null }, false);
  ["xjftz-class", "xjftz-property"].forEach(function (name) {
    Yasqe.forkAutocompleter(name === "xjftz-class" ? "class" : "property", {
      name: name, bulk: true, autoShow: true, persistenceId: null,
      get: termsFromEndpoint(name),
      postprocessHints: labelHints
    }, false);
  });
  // A bare word (no ?, <, " or :) in the editor, two characters or more: an entity by its label.
  var KEYWORD = /^(select|construct|describe|ask|where|prefix|base|filter|optional|union|minus|graph|service|bind|values|as|order|by|group|having|limit|offset|distinct|reduced|from|named|not|exists|in|a|asc|desc|true|false|undef)$/i;
  var ENTITY_HITS = {};
  // The sparql mode makes each CJK character a token of its own: the word is read from the line.
  function wordBeforeCursor(yasqe) {
    var cur = yasqe.getDoc().getCursor();
    var line = yasqe.getDoc().getLine(cur.line);
    var start = cur.ch, end = cur.ch;
    while (start > 0 && /[\w\u00b7\u3400-\u9fff\u2013-]/.test(line.charAt(start - 1))) start--;
    while (end < line.length && /[\w\u00b7\u3400-\u9fff\u2013-]/.test(line.charAt(end))) end++;
    var before = line.slice(0, start);
    return { string: line.slice(start, end), start: start, end: end, line: cur.line, before: before };
  }
  Yasqe.registerAutocompleter({
    name: "xjftz-entity",
    bulk: false,
    autoShow: true,
    isValidCompletionPosition: function (yasqe) {
      var w = wordBeforeCursor(yasqe);
      var s = w.string;
      if (s.length < 2 || /^[0-9_-]/.test(s) || KEYWORD.test(s)) return false;
      if (/[?$<"':@]$/.test(w.before)) return false;  // a variable, IRI, string, prefixed name
      if (/[\u3400-\u9fff]/.test(s)) return true;   // Chinese: always a name
      var token = yasqe.getCompleteToken();
      return token.type === "error" || token.type === null || token.type === undefined;
    },
    preProcessToken: function (yasqe, token) {
      var w = wordBeforeCursor(yasqe);
      return Object.assign({}, token, { string: w.string, start: w.start, end: w.end,
        from: { line: w.line, ch: w.start }, to: { line: w.line, ch: w.end } });
    },
    get: function (yasqe, token) {
      return fetch("/api/entities?" + new URLSearchParams([["q", token.string]]), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { entities: [] }; })
        .then(function (doc) {
          return doc.entities.map(function (x) {
            ENTITY_HITS[x.iri] = x;
            return "<" + x.iri + ">";
          });
        }).catch(function () { return []; });
    },
    postprocessHints: function (yasqe, hints) {
      hints.forEach(function (h) {
        var x = ENTITY_HITS[h.text.slice(1, -1)];
        if (!x) return;
        var label = x[LANG] || x[LANG === "zh" ? "en" : "zh"] || "";
        var other = x[LANG === "zh" ? "en" : "zh"];
        h.displayText = label + (other && other !== label ? " · " + other : "") + "  — " + compact(x.iri);
      });
      return hints;
    }
  }, false);

  /* ---- Errors: the parser's message with its line and column, marked in the editor ---- */
  var errorMark = null;
  function currentYasqe() { var tab = yasgui.getTab(); return tab ? tab.getYasqe() : null; }
  function markPosition(yasqe, line, column) {
    if (errorMark) errorMark.clear();
    var doc = yasqe.getDoc();
    var from = { line: line - 1, ch: Math.max(0, column - 1) };
    var lineText = doc.getLine(from.line) || "";
    var to = { line: from.line, ch: Math.min(lineText.length, from.ch + 1) };
    if (to.ch <= from.ch) { from.ch = Math.max(0, lineText.length - 1); to.ch = lineText.length; }
    errorMark = doc.markText(from, to, { className: "sparql-error-at", title: msg("error_at", { line: line, column: column }) });
    var clear = function () {
      if (errorMark) { errorMark.clear(); errorMark = null; }
      yasqe.off("change", clear);
    };
    yasqe.on("change", clear);
  }
  function renderError(error) {
    var text = String(error.text || error.statusText || "");
    try { var doc = JSON.parse(text); text = doc.error || text; } catch (e) { /* plain text */ }
    var box = el("div", { "class": "error-box query-error", role: "alert" });
    box.appendChild(el("strong", {}, msg("query_error") + (error.status ? " (" + error.status + ")" : "")));
    var where = /(?:at|line)\s+(\d+):(\d+)/.exec(text);
    if (where) {
      var line = +where[1], column = +where[2];
      box.setAttribute("data-line", line);
      box.setAttribute("data-column", column);
      var p = el("p", { "class": "error-position" });
      var go = el("button", { type: "button", "class": "secondary" }, msg("error_at", { line: line, column: column }));
      go.addEventListener("click", function () {
        var yasqe = currentYasqe();
        if (!yasqe) return;
        yasqe.focus();
        yasqe.getDoc().setCursor({ line: line - 1, ch: column - 1 });
      });
      p.appendChild(go);
      box.appendChild(p);
      var yasqe = currentYasqe();
      if (yasqe) markPosition(yasqe, line, column);
    }
    box.appendChild(el("pre", {}, text));
    return Promise.resolve(box);
  }

  /* ---- Results: a table with labels, a bar chart, a map ---- */
  var NUMERIC = /#(integer|decimal|double|float|int|long|short|nonNegativeInteger|positiveInteger)$/;
  function resultIris(yasr) {
    var iris = [];
    var bindings = (yasr.results && yasr.results.getBindings()) || [];
    bindings.forEach(function (b) {
      Object.keys(b).forEach(function (v) { if (b[v] && b[v].type === "uri") iris.push(b[v].value); });
    });
    return iris;
  }
  var Table = Yasr.plugins.table;
  class LabelledTable extends Table {
    constructor(yasr) {
      super(yasr);
      this.label = msg("view_table");
      var tableConfig = Object.assign({}, this.config.tableConfig);
      tableConfig.language = Object.assign({}, tableConfig.language, {
        info: msg("dt_info"), infoEmpty: msg("dt_info_empty"), infoFiltered: msg("dt_info_filtered"),
        zeroRecords: msg("dt_zero"), emptyTable: msg("dt_zero"),
        aria: { orderable: msg("dt_orderable"), orderableReverse: msg("dt_orderable_reverse"),
          paginate: { first: msg("dt_first"), previous: msg("dt_previous"), next: msg("dt_next"), last: msg("dt_last") } }
      });
      this.config = Object.assign({}, this.config, { openIriInNewWindow: false, tableConfig: tableConfig });
    }
    draw(persistent) {
      var self = this;
      // Whole labels by default (wrapped, not cut with "…"); the reader can still switch to ellipses.
      var conf = Object.assign({ isEllipsed: false }, persistent || {});
      return fetchLabels(resultIris(this.yasr)).then(function () { Table.prototype.draw.call(self, conf); });
    }
    getUriLinkFromBinding(binding) {
      var iri = binding.value;
      var href = localHref(iri);
      var label = pickLabel(LABELS[iri]);
      var short = compact(iri);
      var text = label || short;
      var link = href ? "<a class='iri' href='" + escapeHtml(href) + "' title='" + escapeHtml(iri) + "'>" + escapeHtml(text) + "</a>"
        : "<span class='iri'>" + escapeHtml(text) + "</span>";
      return label ? link + " <code class='iri-small'>" + escapeHtml(short) + "</code>" : link;
    }
    formatLiteral(binding) {
      var value = escapeHtml(binding.value);
      if (binding["xml:lang"]) return "<span lang='" + escapeHtml(binding["xml:lang"]) + "'>" + value + "</span>";
      return value;
    }
    download(filename) {
      var info = Table.prototype.download.call(this, filename);
      info.title = msg("download_csv");
      return info;
    }
  }
  Yasr.registerPlugin("table", LabelledTable);

  function numericColumn(yasr) {
    var vars = yasr.results.getVariables();
    var rows = yasr.results.getBindings();
    return vars.find(function (v) {
      return rows.length > 0 && rows.every(function (b) { return b[v] && b[v].type !== "uri" && NUMERIC.test(b[v].datatype || ""); });
    });
  }
  function labelColumn(yasr, numeric) {
    var vars = yasr.results.getVariables().filter(function (v) { return v !== numeric; });
    var rows = yasr.results.getBindings();
    return vars.find(function (v) { return rows.every(function (b) { return b[v] && b[v].type === "uri"; }); }) ||
      vars.find(function (v) { return rows.every(function (b) { return b[v]; }); });
  }
  function cellText(term) {
    if (!term) return "";
    if (term.type === "uri") return pickLabel(LABELS[term.value]) || compact(term.value);
    return term.value;
  }
  var SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  class Chart {
    constructor(yasr) { this.yasr = yasr; this.priority = 5; this.label = msg("view_chart"); }
    canHandleResults() {
      var r = this.yasr.results;
      if (!r || !r.getVariables || !r.getBindings() || r.getBindings().length === 0 || r.getBindings().length > 200) return false;
      var n = numericColumn(this.yasr);
      return !!(n && labelColumn(this.yasr, n));
    }
    getIcon() { var i = el("span", { "class": "yasr-view-icon", "aria-hidden": "true" }, "▥"); return i; }
    draw() {
      var yasr = this.yasr;
      var n = numericColumn(yasr), l = labelColumn(yasr, n);
      return fetchLabels(resultIris(yasr)).then(function () {
        var rows = yasr.results.getBindings().map(function (b) {
          return { label: cellText(b[l]), value: Number(b[n].value), href: b[l].type === "uri" ? localHref(b[l].value) : null };
        });
        var max = Math.max.apply(null, rows.map(function (r) { return r.value; }).concat([1]));
        var barH = 22, labelW = 260, width = 760, chartW = width - labelW - 60;
        var box = svg("svg", { "class": "bar-chart", viewBox: "0 0 " + width + " " + (rows.length * barH + 28), role: "img",
          "aria-label": msg("chart_caption", { value: n, label: l }) });
        box.appendChild(svg("title", {}, msg("chart_caption", { value: n, label: l })));
        rows.forEach(function (r, i) {
          var y = i * barH + 4;
          var g = svg("g", {});
          var text = svg("text", { x: labelW - 8, y: y + 15, "text-anchor": "end", "class": "bar-label" }, r.label.length > 36 ? r.label.slice(0, 35) + "…" : r.label);
          if (r.label.length > 36) text.appendChild(svg("title", {}, r.label));
          var bar = svg("rect", { x: labelW, y: y + 2, height: barH - 6, width: Math.max(1, chartW * r.value / max), "class": "bar" });
          var val = svg("text", { x: labelW + Math.max(1, chartW * r.value / max) + 6, y: y + 15, "class": "bar-value" }, String(r.value));
          if (r.href) {
            var a = svg("a", { href: r.href });
            a.appendChild(text); a.appendChild(bar);
            g.appendChild(a);
          } else { g.appendChild(text); g.appendChild(bar); }
          g.appendChild(val);
          box.appendChild(g);
        });
        var wrap = el("div", { "class": "chart-wrap" });
        wrap.appendChild(box);
        yasr.resultsEl.appendChild(wrap);
      });
    }
  }
  Yasr.registerPlugin("chart", Chart);

  class MapView {
    constructor(yasr) { this.yasr = yasr; this.priority = 4; this.label = msg("view_map"); }
    canHandleResults() {
      if (!window.XjftzMap || !this.yasr.results || !this.yasr.results.getBindings) return false;
      return window.XjftzMap.placeable(resultIris(this.yasr));
    }
    getIcon() { return el("span", { "class": "yasr-view-icon", "aria-hidden": "true" }, "◍"); }
    draw() {
      var yasr = this.yasr;
      var counts = {};
      var n = numericColumn(yasr);
      yasr.results.getBindings().forEach(function (b) {
        Object.keys(b).forEach(function (v) {
          if (b[v].type !== "uri") return;
          counts[b[v].value] = (counts[b[v].value] || 0) + (n ? Number(b[n].value) : 1);
        });
      });
      var box = el("div", { "class": "xj-map-view" });
      yasr.resultsEl.appendChild(box);
      return window.XjftzMap.drawCounts(box, counts, n ? msg("map_legend_value", { value: n }) : msg("map_legend_rows"));
    }
  }
  Yasr.registerPlugin("map", MapView);

  /* ---- UI strings: YASGUI has no catalogue of its own; its English texts are replaced ---- */
  var UI = CFG.ui || {};
  // YASGUI's text → ours: the exact strings of CFG.ui, and two patterns with a view's name.
  function uiText(v) {
    var s = v.trim();
    if (UI[s]) return UI[s];
    var m = /^Shows (.+) view$/.exec(s);
    if (m) return msg("shows_view", { name: UI[m[1]] || m[1] });
    m = /^View documentation of (.+)$/.exec(s);
    if (m) return msg("view_docs", { name: UI[m[1]] || m[1] });
    return null;
  }
  function translateAttribute(e, a) {
    var v = e.getAttribute && e.getAttribute(a);
    var text = v && uiText(v);
    if (text && text !== v) e.setAttribute(a, text);
  }
  function translate(node) {
    var walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    var t;
    while ((t = walker.nextNode())) {
      var s = t.nodeValue.trim();
      if (s && UI[s]) { t.nodeValue = t.nodeValue.replace(s, UI[s]); continue; }
      var m = /^(?:(\d+) results?|Response) in ([\d.]+) seconds?$/.exec(s);
      if (m) t.nodeValue = m[1] ? msg("results_in", { n: m[1], s: m[2] }) : msg("response_in", { s: m[2] });
    }
    if (!node.querySelectorAll) return;
    // Names YASGUI leaves out (axe: every control has a name).
    Array.prototype.forEach.call(node.querySelectorAll(".CodeMirror textarea:not([aria-label])"), function (e) {
      e.setAttribute("aria-label", msg("editor_label"));
    });
    Array.prototype.forEach.call(node.querySelectorAll("select.tableSizer:not([aria-label])"), function (e) {
      e.setAttribute("aria-label", msg("page_size"));
    });

    var all = node.querySelectorAll ? node.querySelectorAll("[title],[aria-label],[placeholder]") : [];
    Array.prototype.forEach.call(all, function (e) {
      ["title", "aria-label", "placeholder"].forEach(function (a) { translateAttribute(e, a); });
    });
  }

  // "Share" gives this site's permalink (/query?query=…), which also works without JavaScript,
  // instead of YASGUI's #hash link.
  Yasgui.Tab.prototype.getShareableLink = function () { return location.origin + permalink(this.getQuery()); };
  Yasr.defaults.errorRenderers = [renderError];
  Yasr.defaults.pluginOrder = ["table", "chart", "map", "response"];

  /* ---- Mount (shown first: CodeMirror measures its box when it is created) ---- */
  document.documentElement.classList.add("yasgui-on");
  var yasgui = new Yasgui(root, {
    requestConfig: { endpoint: ENDPOINT, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: "xjftz-yasgui-" + LANG,
    populateFromUrl: false,
    autofocus: false,
    tabName: msg("tab_name"),
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: ENDPOINT }]; } },
    yasqe: {
      value: CFG.initial.text,
      prefixCcApi: null,
      collapsePrefixesOnLoad: true,  // the PREFIX lines folded into one: the query itself shows
      autocompleters: ["variables", "xjftz-prefixes", "xjftz-class", "xjftz-property", "xjftz-entity"],
      resizeable: true,
      editorHeight: "320px"
    },
    yasr: {
      prefixes: PREFIXES,
      defaultPlugin: "table",
      pluginOrder: ["table", "chart", "map", "response"],
      persistenceId: null
    }
  });

  function permalink(text) {
    var pairs = [["query", text]];
    if (new URLSearchParams(location.search).get("lang")) pairs.push(["lang", LANG]);
    return "/query?" + new URLSearchParams(pairs);
  }
  function downloadsFor(tab) {
    var bar = root.parentNode.querySelector(".yasgui-downloads");
    if (!bar) { bar = el("div", { "class": "result-meta yasgui-downloads" }); root.parentNode.insertBefore(bar, root.nextSibling); }
    var text = tab.getQuery();
    var graph = /^\s*(construct|describe)\b/im.test(text.replace(/^\s*(prefix|base)[^\n]*\n/gim, ""));
    bar.replaceChildren(el("span", {}, msg("download_from_endpoint")));
    (graph ? ["ttl", "nt", "jsonld"] : ["csv", "tsv", "json"]).forEach(function (f) {
      bar.appendChild(el("a", { "class": "download", href: ENDPOINT + "?" + new URLSearchParams([["query", text], ["format", f]]), download: "" }, f.toUpperCase()));
    });
    bar.appendChild(el("a", { "class": "permalink", href: permalink(text) }, msg("permalink")));
  }

  yasgui.on("queryResponse", function (instance, tab) {
    history.replaceState(null, "", permalink(tab.getQuery()));
    downloadsFor(tab);
  });
  var observer = new MutationObserver(function (records) {
    observer.disconnect();
    records.forEach(function (r) {
      if (r.type === "characterData") { if (r.target.parentNode) translate(r.target.parentNode); return; }
      if (r.type === "attributes") { translateAttribute(r.target, r.attributeName); return; }
      r.addedNodes.forEach(function (n) { if (n.nodeType === 1) translate(n); else if (n.parentNode) translate(n.parentNode); });
    });
    observe();
  });
  var observe = function () {
    observer.observe(root, { childList: true, subtree: true, characterData: true, attributes: true,
      attributeFilter: ["title", "aria-label", "placeholder"] });
  };
  observe();
  // On a phone the examples fold away, so the editor is near the top.
  var gallery = document.querySelector("details.gallery");
  if (gallery && window.matchMedia("(max-width: 40rem)").matches) gallery.open = false;
  translate(root);

  // The URL's query (a permalink, or a named query from the gallery) opens in a tab of its own.
  if (CFG.initial.fromUrl) {
    var name = CFG.initial.name || msg("tab_name");
    var tab = null;
    Object.keys(yasgui._tabs).forEach(function (id) {
      if (yasgui._tabs[id].getName() === name) tab = yasgui._tabs[id];
    });
    if (tab) { yasgui.selectTabId(tab.getId()); tab.setQuery(CFG.initial.text); }
    else { tab = yasgui.addTab(true, { name: name, yasqe: { value: CFG.initial.text } }); }
    if (CFG.initial.run) tab.query();
  }
  // A tablist holds tabs only (axe: aria-required-children): YASGUI's "+" button moves out of
  // it, next to it; with its reference cleared YASGUI appends new tabs at the end instead.
  var tabElements = yasgui.tabElements;
  if (tabElements && tabElements.addTabEl && tabElements.addTabEl.parentNode) {
    var plus = tabElements.addTabEl;
    plus.classList.add("addTabOutside");
    plus.parentNode.parentNode.insertBefore(plus, plus.parentNode.nextSibling);
    tabElements.addTabEl = null;
  }
  window.xjftzYasgui = yasgui;
  document.documentElement.setAttribute("data-yasgui", "ready");
})();
