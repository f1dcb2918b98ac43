// The header's search box: labels of the vocabularies (both languages) offered as the reader
// types, from GET /api/ask/complete; choosing one puts it in place of the word being typed.
// Without JavaScript the box is a plain form that submits to /ask.
(function () {
  "use strict";
  var input = document.getElementById("ask-q");
  var list = document.getElementById("ask-list");
  if (!input || !list) return;
  var items = [], active = -1, timer = null, seq = 0;

  function close() {
    list.hidden = true; list.textContent = ""; items = []; active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function lastWord(value) {
    var m = /(\S+)$/.exec(value);
    return m ? m[1] : "";
  }

  function choose(i) {
    var c = items[i];
    if (!c) return;
    var value = input.value.replace(/\s+$/, "");
    var head = value.slice(0, value.length - c.replaces);
    // The form the reader was typing (哈萨 → 哈萨克斯坦, Kazakh → Kazakhstan).
    input.value = head + c.match + " ";
    close();
    input.focus();
  }

  function mark(i) {
    var nodes = list.children;
    for (var k = 0; k < nodes.length; k++) nodes[k].setAttribute("aria-selected", k === i ? "true" : "false");
    active = i;
    if (i >= 0) input.setAttribute("aria-activedescendant", "ask-opt-" + i);
  }

  function show(completions) {
    list.textContent = "";
    items = completions;
    completions.forEach(function (c, i) {
      var li = document.createElement("li");
      li.id = "ask-opt-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      var label = document.createElement("span");
      label.textContent = c.match === c.label ? c.label : c.match + " · " + c.label;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = c.kind;
      li.appendChild(label); li.appendChild(kind);
      li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
      list.appendChild(li);
    });
    list.hidden = completions.length === 0;
    input.setAttribute("aria-expanded", completions.length ? "true" : "false");
    active = -1;
  }

  function fetchCompletions() {
    var typed = input.value.replace(/\s+$/, "");
    if (!lastWord(typed) || typed.length > 100) { close(); return; }
    var lang = document.documentElement.lang === "en" ? "en" : "zh";
    var mine = ++seq;
    fetch("/api/ask/complete?" + new URLSearchParams({ q: typed, lang: lang }))
      .then(function (r) { return r.ok ? r.json() : { completions: [] }; })
      .then(function (doc) { if (mine === seq) show(doc.completions || []); })
      .catch(close);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchCompletions, 120);
  });
  input.addEventListener("keydown", function (e) {
    if (list.hidden) return;
    if (e.key === "ArrowDown") { e.preventDefault(); mark((active + 1) % items.length); }
    else if (e.key === "ArrowUp") { e.preventDefault(); mark((active - 1 + items.length) % items.length); }
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(active); }
    else if (e.key === "Escape") { close(); }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
})();
