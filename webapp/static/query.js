/* The query page, enhanced: SPARQL highlighting under the textarea, entity autocomplete for
   named-query parameters, and runs through /sparql and /api/queries without reloading.
   Without this file the page works as plain forms (the server runs and renders). All data
   goes into the DOM as textContent, never as HTML. UI strings come from data-msg-* attributes
   that the server wrote in the page language. */
(function () {
  "use strict";
  var results = document.getElementById("results");
  var msg = function (name, n) {
    var text = (results && results.getAttribute("data-msg-" + name)) || name;
    return n === undefined ? text : text.replace("{n}", String(n));
  };
  var BASE = (results && results.getAttribute("data-base")) || "https://w3id.org/xjftz/";
  var PREFIXES = JSON.parse((results && results.getAttribute("data-prefixes")) || "{}");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /* ---- Highlighting: a coloured copy of the text in a <pre> under a transparent textarea ---- */
  var TOKEN = /(#[^\n]*)|("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(<[^<>"{}|^`\\\s]*>)|([?$][\w\u00b7\u0080-\uffff]+)|(@[A-Za-z]+(?:-[A-Za-z0-9]+)*)|((?:[A-Za-z][\w.-]*)?:[\w.:%-]*)|(\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b)|([A-Za-z_]\w*)/g;
  var KEYWORDS = new Set(("select construct describe ask where prefix base filter optional union minus graph " +
    "service bind values as order by group having limit offset distinct reduced from named not exists in " +
    "a asc desc count sum min max avg sample group_concat separator str lang langmatches datatype bound iri " +
    "uri bnode rand abs ceil floor round concat strlen ucase lcase encode_for_uri contains strstarts strends " +
    "strbefore strafter year month day hours minutes seconds now regex replace substr if coalesce isiri isuri " +
    "isblank isliteral isnumeric sameterm true false undef").split(" "));
  var CLASSES = [null, "hl-com", "hl-str", "hl-iri", "hl-var", "hl-lang", "hl-pn", "hl-num", "hl-kw"];

  function highlight(text, pre) {
    var frag = document.createDocumentFragment();
    var last = 0;
    TOKEN.lastIndex = 0;
    var m;
    while ((m = TOKEN.exec(text)) !== null) {
      if (m[0] === "") { TOKEN.lastIndex++; continue; }
      var group = 1;
      while (group < m.length && m[group] === undefined) group++;
      var cls = CLASSES[group];
      if (group === 8 && !KEYWORDS.has(m[0].toLowerCase())) cls = null;
      if (m.index > last) frag.appendChild(document.createTextNode(text.slice(last, m.index)));
      frag.appendChild(cls ? el("span", { "class": cls }, m[0]) : document.createTextNode(m[0]));
      last = m.index + m[0].length;
    }
    frag.appendChild(document.createTextNode(text.slice(last) + "\n"));
    pre.replaceChildren(frag);
  }

  function setUpEditor(box) {
    var area = box.querySelector("textarea");
    var pre = el("pre", { "class": "sparql-hl", "aria-hidden": "true" });
    box.insertBefore(pre, area);
    box.classList.add("highlighting");
    var pending = false;
    var render = function () {
      pending = false;
      highlight(area.value, pre);
      pre.scrollTop = area.scrollTop;
    };
    var schedule = function () { if (!pending) { pending = true; requestAnimationFrame(render); } };
    area.addEventListener("input", schedule);
    area.addEventListener("scroll", function () { pre.scrollTop = area.scrollTop; });
    area.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        area.form.requestSubmit();
      } else if (e.key === "Tab" && !e.shiftKey) {
        e.preventDefault();
        area.setRangeText("  ", area.selectionStart, area.selectionEnd, "end");
        schedule();
      }
    });
    render();
  }

  /* ---- Results: tables built in the DOM from SPARQL JSON or N-Triples ---- */
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
  function cellFor(term, iris) {
    var td = el("td");
    if (!term) return td;
    if (term.type === "uri") {
      var href = localHref(term.value);
      var a = el(href ? "a" : "span", href ? { href: href, "data-iri": term.value } : { "data-iri": term.value }, compact(term.value));
      td.appendChild(a);
      iris.push(term.value);
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else {
      var span = el("span", term["xml:lang"] ? { lang: term["xml:lang"] } : {}, term.value);
      td.appendChild(span);
      var tag = term["xml:lang"] ? "@" + term["xml:lang"] : (term.datatype ? compact(term.datatype) : "");
      if (tag && !/#string$/.test(tag)) { td.appendChild(document.createTextNode(" ")); td.appendChild(el("span", { "class": "tag" }, tag)); }
    }
    return td;
  }
  var NT_TERM = /<([^>]*)>|_:(\S+)|"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?/g;
  function unescapeNt(s) {
    return s.replace(/\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})|\\(.)/g, function (_, u4, u8, c) {
      if (u4 || u8) return String.fromCodePoint(parseInt(u4 || u8, 16));
      return { t: "\t", n: "\n", r: "\r", b: "\b", f: "\f" }[c] || c;
    });
  }
  function parseNTriples(text) {
    var rows = [];
    text.split("\n").forEach(function (line) {
      if (!line.trim() || line.trim()[0] === "#") return;
      var terms = [], m;
      NT_TERM.lastIndex = 0;
      while ((m = NT_TERM.exec(line)) !== null && terms.length < 3) {
        if (m[1] !== undefined) terms.push({ type: "uri", value: m[1] });
        else if (m[2] !== undefined) terms.push({ type: "bnode", value: m[2] });
        else terms.push({ type: "literal", value: unescapeNt(m[3]), "xml:lang": m[4], datatype: m[5] });
      }
      if (terms.length === 3) rows.push(terms);
    });
    return rows;
  }

  function addLabels(iris, root) {
    var unique = Array.from(new Set(iris));
    for (var i = 0; i < unique.length; i += 50) {
      var query = unique.slice(i, i + 50).map(function (x) { return "iri=" + encodeURIComponent(x); }).join("&");
      fetch("/api/labels?" + query, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { labels: {} }; })
        .then(function (doc) {
          var lang = document.documentElement.lang.slice(0, 2);
          root.querySelectorAll("[data-iri]").forEach(function (a) {
            var labels = doc.labels[a.getAttribute("data-iri")];
            if (!labels || a.getAttribute("data-labelled")) return;
            var label = labels[lang] || labels[lang === "zh" ? "en" : "zh"];
            if (!label) return;
            var short = a.textContent;
            a.textContent = label;
            a.setAttribute("data-labelled", "1");
            a.parentNode.appendChild(el("br"));
            a.parentNode.appendChild(el("code", { "class": "iri-small" }, short));
          });
        })
        .catch(function () { /* labels are a nicety: the IRIs stay */ });
    }
  }

  function showError(status, text) {
    var box = el("div", { "class": "error-box", role: "alert" });
    box.appendChild(el("strong", {}, msg("error") + " (" + status + ")"));
    box.appendChild(el("pre", {}, text));
    results.replaceChildren(el("h2", { id: "h-results" }, msg("results")), box);
  }

  function showTable(head, rows, downloads, permalink, notice) {
    var iris = [];
    var meta = el("div", { "class": "result-meta" });
    meta.appendChild(el("span", {}, msg("rows", rows.length)));
    downloads.forEach(function (d) { meta.appendChild(el("a", { "class": "download", href: d[1], download: "" }, d[0])); });
    meta.appendChild(el("a", { "class": "permalink", href: permalink }, msg("permalink")));
    var table = el("table", { "class": "results-table" });
    var tr = el("tr");
    head.forEach(function (v) { tr.appendChild(el("th", {}, "?" + v)); });
    table.appendChild(el("thead")).appendChild(tr);
    var body = el("tbody");
    rows.slice(0, 1000).forEach(function (row) {
      var r = el("tr");
      row.forEach(function (term) { r.appendChild(cellFor(term, iris)); });
      body.appendChild(r);
    });
    table.appendChild(body);
    var wrap = el("div", { "class": "table-wrap" });
    wrap.appendChild(table);
    var parts = [el("h2", { id: "h-results" }, msg("results")), meta];
    if (notice) parts.push(el("p", { "class": "note" }, notice));
    parts.push(wrap);
    results.replaceChildren.apply(results, parts);
    addLabels(iris, results);
  }

  function run(url, init, downloads, permalink) {
    results.setAttribute("aria-busy", "true");
    return fetch(url, init).then(function (r) {
      var type = r.headers.get("Content-Type") || "";
      var notice = r.headers.get("X-Xjftz-Notice");
      return r.text().then(function (text) {
        results.removeAttribute("aria-busy");
        if (!r.ok) {
          var message = text;
          try { message = JSON.parse(text).error || text; } catch (e) { /* plain text */ }
          showError(r.status, message);
          return;
        }
        history.replaceState(null, "", permalink);
        if (type.indexOf("n-triples") >= 0) {
          showTable(["subject", "predicate", "object"], parseNTriples(text), downloads.graph, permalink, notice);
          return;
        }
        var doc = JSON.parse(text);
        if ("boolean" in doc) {
          results.replaceChildren(el("h2", { id: "h-results" }, msg("results")), el("p", { "class": "boolean" }, String(doc.boolean)));
          return;
        }
        var rows = doc.results.bindings.map(function (b) { return doc.head.vars.map(function (v) { return b[v]; }); });
        showTable(doc.head.vars, rows, downloads.table, permalink, notice || doc.notice);
      });
    }).catch(function (e) { results.removeAttribute("aria-busy"); showError("—", String(e)); });
  }

  function withLang(pairs) {
    var lang = new URLSearchParams(location.search).get("lang");
    if (lang) pairs.push(["lang", lang]);
    return new URLSearchParams(pairs).toString();
  }

  var editorForm = document.getElementById("editor-form");
  if (editorForm) {
    var box = editorForm.querySelector("[data-editor]");
    if (box) setUpEditor(box);
    editorForm.addEventListener("submit", function (e) {
      e.preventDefault();
      var text = editorForm.querySelector("textarea").value;
      var dl = function (formats) {
        return formats.map(function (f) { return [f.toUpperCase(), "/sparql?" + new URLSearchParams([["query", text], ["format", f]])]; });
      };
      run("/sparql", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json, application/n-triples;q=0.9" },
        body: new URLSearchParams([["query", text]])
      }, { table: dl(["csv", "tsv", "json"]), graph: dl(["ttl", "nt", "jsonld"]) }, "/query?" + withLang([["query", text]]));
    });
  }

  var namedForm = document.getElementById("named-form");
  if (namedForm) {
    namedForm.addEventListener("submit", function (e) {
      e.preventDefault();
      var id = namedForm.getAttribute("data-query-id");
      var params = [];
      new FormData(namedForm).forEach(function (value, key) {
        if (key !== "named" && key !== "run" && key.indexOf("ac-") !== 0) params.push([key, String(value)]);
      });
      var api = "/api/queries/" + encodeURIComponent(id);
      var dl = ["csv", "tsv", "json"].map(function (f) { return [f.toUpperCase(), api + "?" + new URLSearchParams(params.concat([["format", f]]))]; });
      run(api + "?" + new URLSearchParams(params), { headers: { Accept: "application/sparql-results+json" } },
        { table: dl, graph: dl }, "/query?" + withLang([["named", id]].concat(params, [["run", "1"]])));
    });
  }

  var pick = document.getElementById("named-pick");
  if (pick) {
    pick.querySelector("select").addEventListener("change", function () { if (this.value) pick.submit(); });
  }

  /* ---- Autocomplete: entity parameters by zh/en label or alternative label ---- */
  function attachAutocomplete(field, control) {
    var kinds = control.getAttribute("data-kinds") || "";
    var wrap = control.parentNode;
    var input = control;
    if (control.tagName === "SELECT") {
      input = el("input", { type: "search", "class": "ac-input", name: "ac-" + control.name, autocomplete: "off",
        placeholder: msg("search-entity"), "aria-label": msg("search-entity") });
      wrap.insertBefore(input, control);
    }
    var list = el("ul", { "class": "ac-list", role: "listbox", hidden: "" });
    wrap.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    var timer = null, items = [], active = -1;
    function choose(item) {
      if (control.tagName === "SELECT") {
        var option = Array.from(control.options).find(function (o) { return o.value === item.iri; });
        if (!option) { option = el("option", { value: item.iri }, item.label); control.appendChild(option); }
        control.value = item.iri;
        input.value = "";
      } else {
        control.value = item.iri;
      }
      list.hidden = true;
    }
    function paint() {
      list.replaceChildren();
      items.forEach(function (item, i) {
        var li = el("li", { role: "option", "aria-selected": i === active ? "true" : "false" });
        li.appendChild(document.createTextNode(item.label));
        li.appendChild(el("span", { "class": "ac-iri" }, item.iri));
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(item); });
        list.appendChild(li);
      });
      list.hidden = items.length === 0;
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (!q || /^https?:/.test(q)) { items = []; paint(); return; }
      timer = setTimeout(function () {
        fetch("/api/entities?" + new URLSearchParams([["q", q], ["kinds", kinds]]), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { entities: [] }; })
          .then(function (doc) {
            var lang = document.documentElement.lang.slice(0, 2);
            items = doc.entities.map(function (x) {
              var label = x[lang] || x[lang === "zh" ? "en" : "zh"] || x.iri;
              if (x.match && x.match !== label) label += " — " + x.match;
              return { iri: x.iri, label: label };
            });
            active = -1;
            paint();
          });
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        active = (active + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
        paint();
      } else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        choose(items[active]);
      } else if (e.key === "Escape") {
        list.hidden = true;
      }
    });
    input.addEventListener("blur", function () { setTimeout(function () { list.hidden = true; }, 100); });
  }
  document.querySelectorAll(".field select.entity-select, .field input.entity-input").forEach(function (control) {
    attachAutocomplete(control.parentNode, control);
  });
  document.documentElement.setAttribute("data-enhanced", "query");
})();
