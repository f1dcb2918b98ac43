/* The neighbourhood graph, drawn with Cytoscape.js (served from /static/vendor/cytoscape/).
   Input:  each <figure class="xj-graph"> with its JSON (script.xj-graph-data: nodes with whole
           labels in the page language, kinds and pages; edges with the property's label) and
           the list of links the server wrote (the picture's text, kept for screen readers).
   Output: the picture: whole labels wrapped, colours by kind (the legend's, read from
           pictures.css), edge labels on demand, zoom and pan (buttons, pinch, drag), a tap or
           Enter opens a node's page; keyboard: arrow keys move between nodes, + / − zoom,
           0 fits, Enter opens. Hovering or focusing an item of the list highlights its node. */
(function () {
  "use strict";
  if (!window.cytoscape) return;
  var coarse = window.matchMedia("(pointer: coarse)").matches;
  // Cytoscape adds a <style> element (".__________cytoscape_container { position: relative; }")
  // unless an element with this id exists; the CSP forbids inline styles, so the rule is in
  // pictures.css and this marker stands in for the element.
  if (!document.getElementById("__________cytoscape_stylesheet")) {
    var marker = document.createElement("meta");
    marker.id = "__________cytoscape_stylesheet";
    document.head.appendChild(marker);
  }

  // The legend's colours, from the stylesheet, so the two never differ.
  var colours = {};
  function colour(kind) {
    if (!colours[kind]) {
      var probe = document.createElement("span");
      probe.className = "kind-" + kind;
      probe.hidden = false;
      document.body.appendChild(probe);
      colours[kind] = getComputedStyle(probe).backgroundColor || "#6c757d";
      probe.remove();
    }
    return colours[kind];
  }

  function mount(figure) {
    var data = JSON.parse(figure.querySelector("script.xj-graph-data").textContent);
    var stage = figure.querySelector(".xj-graph-stage");
    var canvas = figure.querySelector(".xj-graph-canvas");
    var tools = figure.querySelector(".xj-graph-tools");
    var keys = figure.querySelector(".xj-graph-keys");
    var live = figure.querySelector(".xj-graph-focus");
    stage.hidden = false;
    tools.hidden = false;
    keys.hidden = false;
    var narrow = figure.clientWidth < 560;
    var elements = data.nodes.map(function (n) {
      return { group: "nodes", data: { id: n.id, label: n.label, kind: n.kind, href: n.href, colour: colour(n.kind) }, classes: n.kind === "centre" ? "centre" : "" };
    }).concat(data.edges.map(function (e) {
      return { group: "edges", data: { id: e.id, source: e.source, target: e.target, label: e.label } };
    }));
    var neighbours = data.nodes.slice(1);
    var relation = {};
    data.edges.forEach(function (e) { relation[e.other.id] = relation[e.other.id] || e.label; });
    var step = 34;
    var columns = narrow ? [neighbours] : [neighbours.slice(0, Math.ceil(neighbours.length / 2)), neighbours.slice(Math.ceil(neighbours.length / 2))];
    var rows = Math.max.apply(null, columns.map(function (c) { return c.length; }).concat([1]));
    var pos = {};
    pos[data.nodes[0].id] = { x: 0, y: 0 };
    columns.forEach(function (column, ci) {
      var x = narrow ? 70 : (ci === 0 ? -260 : 260);
      column.forEach(function (n, i) { pos[n.id] = { x: x, y: (i - (column.length - 1) / 2) * step }; });
    });
    var side = {};
    columns.forEach(function (column, ci) { column.forEach(function (n) { side[n.id] = !narrow && ci === 0 ? "left" : "right"; }); });
    var positions = function (node) { return pos[node.id()]; };
    canvas.style.height = Math.max(narrow ? 260 : 420, rows * step + 90) + "px";
    stage.classList.add("sized");
    var cy = window.cytoscape({
      container: canvas,
      elements: elements,
      userZoomingEnabled: coarse,  // pinch on a phone; on a desktop the wheel scrolls the page
      userPanningEnabled: true,
      boxSelectionEnabled: false,
      autoungrabify: false,
      minZoom: 0.3,
      maxZoom: 3,
      style: [
        { selector: "node", style: {
          "background-color": "data(colour)", width: 18, height: 18,
          label: "data(label)", "text-wrap": "wrap", "text-max-width": narrow ? 170 : 330,
          "font-size": 13, "font-family": getComputedStyle(document.body).fontFamily,
          color: "#1d232b", "text-valign": "center", "text-halign": "right", "text-margin-x": 6,
          "text-background-color": "#ffffff", "text-background-opacity": 0.85, "text-background-padding": 2
        } },
        { selector: "node.left", style: { "text-halign": "left", "text-margin-x": -6 } },
        { selector: "node.centre", style: { width: 34, height: 34, "font-size": 14, "font-weight": "bold", "text-wrap": "wrap", "text-max-width": narrow ? 120 : 200, "text-halign": "center", "text-valign": "bottom", "text-margin-x": 0, "text-margin-y": 6 } },
        { selector: "edge", style: {
          width: 1.5, "line-color": "#9aa7b4", "target-arrow-color": "#9aa7b4", "target-arrow-shape": "triangle",
          "curve-style": "bezier", "font-size": 11, color: "#5d6773",
          "text-background-color": "#ffffff", "text-background-opacity": 0.9, "text-background-padding": 1,
          "text-rotation": "autorotate"
        } },
        { selector: "edge.labelled", style: { label: "data(label)" } },
        { selector: ".focused", style: { "border-width": 4, "border-color": "#0b5394", "underlay-color": "#0b5394", "underlay-opacity": 0.15, "underlay-padding": 8, "z-index": 10 } },
        { selector: "edge.focused", style: { "line-color": "#0b5394", "target-arrow-color": "#0b5394", label: "data(label)", width: 2.5 } }
      ],
      // Laid out by hand: the entity in the middle, its neighbours in a column on each side
      // (one column on a phone), grouped by relation, labels outwards: whole and level.
      layout: { name: "preset", positions: positions, fit: true, padding: 16 }
    });

    cy.nodes().forEach(function (n) { if (side[n.id()] === "left") n.addClass("left"); });
    cy.fit(undefined, 16);
    if (cy.zoom() > 1.2) cy.zoom({ level: 1.2, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    cy.center();
    var order = cy.nodes().filter(function (n) { return n.data("kind") !== "centre"; }).toArray();
    order.unshift(cy.nodes("[kind = 'centre']")[0]);
    var index = -1;
    function focusNode(i) {
      cy.elements().removeClass("focused");
      index = (i + order.length) % order.length;
      var node = order[index];
      node.addClass("focused");
      node.connectedEdges().addClass("focused");
      live.textContent = node.data("label") + (node.data("href") ? " ↵" : "");
      var bb = node.renderedBoundingBox();
      if (bb.x1 < 0 || bb.y1 < 0 || bb.x2 > cy.width() || bb.y2 > cy.height()) cy.center(node);
    }
    function open(node) {
      var href = node && node.data("href");
      if (href) window.location.href = href;
    }
    cy.on("tap", "node", function (e) { open(e.target); });
    cy.on("mouseover", "node", function (e) { canvas.style.cursor = e.target.data("href") ? "pointer" : "default"; });
    cy.on("mouseout", "node", function () { canvas.style.cursor = "default"; });
    function zoomBy(f) { cy.zoom({ level: cy.zoom() * f, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }); }
    canvas.addEventListener("keydown", function (e) {
      var handled = true;
      if (e.key === "ArrowRight" || e.key === "ArrowDown") focusNode(index + 1);
      else if (e.key === "ArrowLeft" || e.key === "ArrowUp") focusNode(index - 1);
      else if (e.key === "Enter" && index >= 0) open(order[index]);
      else if (e.key === "+" || e.key === "=") zoomBy(1.25);
      else if (e.key === "-" || e.key === "_") zoomBy(0.8);
      else if (e.key === "0") cy.fit(undefined, 12);
      else handled = false;
      if (handled) e.preventDefault();
    });
    canvas.addEventListener("focus", function () { if (index < 0) focusNode(0); });
    canvas.addEventListener("blur", function () { live.textContent = ""; });
    tools.addEventListener("click", function (e) {
      var act = e.target.getAttribute("data-act");
      if (act === "in") zoomBy(1.25);
      else if (act === "out") zoomBy(0.8);
      else if (act === "fit") cy.fit(undefined, 12);
    });
    tools.querySelector("[data-act=edge-labels]").addEventListener("change", function (e) {
      if (e.target.checked) cy.edges().addClass("labelled"); else cy.edges().removeClass("labelled");
    });
    figure.querySelectorAll(".xj-graph-list li[data-iri]").forEach(function (li) {
      var show = function () {
        var node = cy.getElementById(li.getAttribute("data-iri"));
        if (node.nonempty()) focusNode(order.indexOf(node[0]));
      };
      li.addEventListener("mouseenter", show);
      li.addEventListener("focusin", show);
    });
    figure.classList.add("js-graph");
    figure.setAttribute("data-drawn", "true");
    figure.xjCy = cy;  // for the browser tests
  }

  document.querySelectorAll("figure.xj-graph").forEach(function (figure) {
    try { mount(figure); } catch (e) { figure.setAttribute("data-error", String(e)); }
  });
})();
