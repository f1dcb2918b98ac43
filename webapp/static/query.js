/* The query page's forms, enhanced: entity autocomplete for named-query parameters (by Chinese
   or English label, from /api/entities). The editor and the runs are YASGUI's
   (yasgui-page.js); without JavaScript the page works as plain forms (the server runs and
   renders). All data goes into the DOM as textContent, never as HTML. UI strings come from
   data-msg-* attributes that the server wrote in the page language. */
(function () {
  "use strict";
  var results = document.getElementById("results");
  var msg = function (name, n) {
    var text = (results && results.getAttribute("data-msg-" + name)) || name;
    return n === undefined ? text : text.replace("{n}", String(n));
  };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /* ---- Autocomplete: entity parameters by zh/en label or alternative label ---- */
  function attachAutocomplete(field, control) {
    var kinds = control.getAttribute("data-kinds") || "";
    var wrap = control.parentNode;
    var input = control;
    if (control.tagName === "SELECT") {
      input = el("input", { type: "search", "class": "ac-input", "data-for": control.name, autocomplete: "off",
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
