/* The map: the FTZ's three areas placed in Xinjiang, and the partner countries and regions the
   plan names, shaded by how many measures name them; each a link to its page.
   Input:  a <figure class="xj-map" data-src="/map/data.json"> (the server also writes the same
           facts as a list inside it, which is what readers without JavaScript and screen
           readers use); the JSON: areas (IRI, labels, lon/lat with their source, count),
           countries (IRI, labels, ISO 3166-1 numeric = UN M49 code, count), regions (IRI,
           labels, member IRIs, count), the geometry's URL (world-atlas, Natural Earth 1:110m,
           served from /static/vendor/) and the legend's texts.
   Output: an SVG drawn with d3-geo (window.d3) from the TopoJSON (window.topojson) inside the
           figure's .xj-map-canvas; no request leaves this site. window.XjftzMap also draws any
           IRI → number map (the query page's map view). */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var cache = {};

  function getJSON(url) {
    if (!cache[url]) {
      cache[url] = fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return r.json();
      });
    }
    return cache[url];
  }
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function fmt(template, values) {
    return Object.keys(values).reduce(function (s, k) { return s.split("{" + k + "}").join(String(values[k])); }, template);
  }
  // Five classes: none, then quartiles of the largest count (so 1 measure is visible).
  function bucket(n, max) {
    if (!n) return 0;
    if (max <= 4) return Math.min(4, n);
    return Math.min(4, 1 + Math.floor((n - 1) * 4 / max));
  }
  function bucketRanges(max) {
    if (max <= 4) return [[1, 1], [2, 2], [3, 3], [4, 4]].slice(0, Math.max(1, max));
    var out = [];
    for (var b = 1; b <= 4; b++) {
      var lo = Math.ceil((b - 1) * max / 4) + 1, hi = b === 4 ? max : Math.ceil(b * max / 4);
      if (lo <= hi) out.push([lo, hi]);
    }
    return out;
  }

  function draw(figure, data, counts, legendTitle) {
    var d3 = window.d3, topojson = window.topojson;
    var canvas = figure.querySelector(".xj-map-canvas");
    if (!d3 || !d3.geoPath || !topojson || !canvas) return Promise.resolve(null);
    var lang = data.lang;
    var M = data.messages;
    return getJSON(data.geometry).then(function (world) {
      var features = topojson.feature(world, world.objects.countries).features;
      var byCode = {};
      features.forEach(function (f) { byCode[String(f.id)] = f; });
      var countOf = function (x) { return counts ? counts[x.iri] || 0 : x.measures; };
      var countries = data.countries.filter(function (c) { return byCode[c.m49]; });
      var areas = data.areas;
      var regions = data.regions.filter(function (r) {
        return r.members.length && r.members.every(function (m) {
          return countries.some(function (c) { return c.iri === m; });
        });
      });
      var max = Math.max.apply(null, [1].concat(countries.map(countOf), areas.map(countOf), regions.map(countOf)));

      // The picture is drawn at the size it is shown, so text is real pixels on a phone too.
      var width = Math.max(320, Math.round(canvas.clientWidth || 960));
      var height = Math.round(width * (width < 600 ? 0.9 : 0.62));
      var small = width < 600;
      // The frame: the partner countries and the areas (room on the right for the areas' labels).
      var focus = { type: "FeatureCollection", features: countries.map(function (c) { return byCode[c.m49]; })
        .concat(areas.map(function (z) { return { type: "Feature", geometry: { type: "Point", coordinates: [z.lon, z.lat] } }; })) };
      var projection = d3.geoConicEqualArea().parallels([30, 50]).rotate([-75, 0])
        .fitExtent([[12, 28], [width - (small ? 120 : 210), height - 12]], focus);
      var path = d3.geoPath(projection);

      var root = svg("svg", { viewBox: "0 0 " + width + " " + height, "class": "xj-map-svg", role: "group",
        "aria-label": figure.getAttribute("data-label") || "" });
      var sea = svg("rect", { x: 0, y: 0, width: width, height: height, "class": "sea" });
      root.appendChild(sea);
      var land = svg("g", { "class": "land", "aria-hidden": "true" });
      features.forEach(function (f) {
        var d = path(f);
        if (d) land.appendChild(svg("path", { d: d, "class": String(f.id) === "156" ? "home" : "other" }));
      });
      root.appendChild(land);

      var shaded = svg("g", { "class": "partners" });
      countries.forEach(function (c) {
        var n = countOf(c);
        var name = c[lang] || c.en;
        var a = svg("a", { href: c.href, "class": "partner q" + bucket(n, max), "data-iri": c.iri,
          "aria-label": fmt(M.country_n, { name: name, n: n }) });
        a.appendChild(svg("title", {}, fmt(M.country_n, { name: name, n: n })));
        a.appendChild(svg("path", { d: path(byCode[c.m49]) }));
        shaded.appendChild(a);
      });
      root.appendChild(shaded);

      var outlines = svg("g", { "class": "regions" });
      regions.forEach(function (r) {
        var members = world.objects.countries.geometries.filter(function (g) {
          return r.members.some(function (m) {
            var c = countries.find(function (x) { return x.iri === m; });
            return c && String(g.id) === c.m49;
          });
        });
        var merged = topojson.merge(world, members);
        outlines.appendChild(svg("path", { d: path(merged), "class": "region-outline", "aria-hidden": "true" }));
      });
      root.appendChild(outlines);

      var labels = svg("g", { "class": "labels" });
      countries.forEach(function (c) {
        var p = path.centroid(byCode[c.m49]);
        if (!isFinite(p[0])) return;
        labels.appendChild(svg("text", { x: p[0], y: p[1], "class": "country-label", "aria-hidden": "true" }, c[lang] || c.en));
      });
      regions.forEach(function (r) {
        var members = { type: "FeatureCollection", features: r.members.map(function (m) {
          var c = countries.find(function (x) { return x.iri === m; });
          return byCode[c.m49];
        }) };
        var p = projection(d3.geoCentroid(members));
        var name = r[lang] || r.en;
        var a = svg("a", { href: r.href, "class": "region-link", "data-iri": r.iri,
          "aria-label": fmt(M.region_n, { name: name, n: countOf(r) }) });
        a.appendChild(svg("title", {}, fmt(M.region_n, { name: name, n: countOf(r) })));
        var box = path.bounds(topojson.merge(world, world.objects.countries.geometries.filter(function (g) {
          return members.features.some(function (f) { return f.id === g.id; });
        })));
        // Above the outline's top edge, so it never covers the areas' labels.
        a.appendChild(svg("text", { x: Math.max(box[0][0] + 60, p[0] - 40), y: Math.max(18, box[0][1] - 8), "class": "region-label" }, name + " · " + countOf(r)));
        labels.appendChild(a);
      });
      root.appendChild(labels);

      var pins = svg("g", { "class": "areas" });
      areas.forEach(function (z) {
        var p = projection([z.lon, z.lat]);
        var n = countOf(z);
        var name = z[lang] || z.en;
        var a = svg("a", { href: z.href, "class": "area q" + bucket(n, max), "data-iri": z.iri,
          "aria-label": fmt(M.area_n, { name: name, n: n }) });
        a.appendChild(svg("title", {}, fmt(M.area_n, { name: name, n: n }) + " — " + z.place + ", " + z.source));
        a.appendChild(svg("circle", { cx: p[0], cy: p[1], r: 7 }));
        var side = z.label_side || "right";
        var at = { right: [11, 5, "start"], left: [-11, 5, "end"], above: [0, -12, "middle"], below: [0, 22, "middle"] }[side];
        a.appendChild(svg("text", { x: p[0] + at[0], y: p[1] + at[1], "text-anchor": at[2], "class": "area-label" }, name + " · " + n));
        pins.appendChild(a);
      });
      root.appendChild(pins);
      var focus = figure.getAttribute("data-focus");
      if (focus) {
        Array.prototype.forEach.call(root.querySelectorAll("a[data-iri]"), function (a) {
          if (a.getAttribute("data-iri") === focus) { a.classList.add("focus"); a.setAttribute("aria-current", "page"); }
        });
      }
      canvas.replaceChildren(root);

      if (small) root.classList.add("small");
      var legend = figure.querySelector(".xj-map-legend") || document.createElement("div");
      legend.className = "xj-map-legend";
      legend.replaceChildren();
      var title = document.createElement("span");
      title.className = "legend-title";
      title.textContent = legendTitle || M.legend_title;
      legend.appendChild(title);
      // One legend entry: a swatch of the given class, then its text.
      function legendItem(swatchClass, text) {
        var item = document.createElement("span");
        item.className = "legend-item";
        var sw = document.createElement("span");
        sw.className = "swatch " + swatchClass;
        item.appendChild(sw);
        item.appendChild(document.createTextNode(text));
        legend.appendChild(item);
      }
      [[0, 0]].concat(bucketRanges(max)).forEach(function (range, i) {
        legendItem("q" + (i === 0 ? 0 : bucket(range[0], max)), range[0] === range[1] ? String(range[0]) : range[0] + "–" + range[1]);
      });
      legendItem("pin", M.legend_area);
      if (regions.length) legendItem("outline", M.legend_region);
      if (!legend.parentNode) canvas.parentNode.insertBefore(legend, canvas.nextSibling);
      figure.setAttribute("data-drawn", "true");
      return root;
    });
  }

  function dataFor(figure) {
    var island = figure.querySelector("script.xj-map-data");
    if (island) return Promise.resolve(JSON.parse(island.textContent));
    return getJSON(figure.getAttribute("data-src") || "/map/data.json");
  }

  function mount(figure) {
    return dataFor(figure).then(function (data) {
      var drawn = draw(figure, data, null, null);
      var last = figure.clientWidth, timer = null;
      window.addEventListener("resize", function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          if (Math.abs(figure.clientWidth - last) > 40) { last = figure.clientWidth; draw(figure, data, null, null); }
        }, 200);
      });
      return drawn;
    }).catch(function (e) { figure.setAttribute("data-error", String(e)); });
  }

  window.XjftzMap = {
    mount: mount,
    // Whether any of these IRIs can be placed: a country, one of the areas, or a region.
    placeable: function (iris) {
      return iris.some(function (i) { return /^https:\/\/w3id\.org\/xjftz\/id\/(country|region)\/[^/]+$|^https:\/\/w3id\.org\/xjftz\/id\/zone\/[^/]+$/.test(i); });
    },
    // The query page's map view: the same map, shaded by the numbers given per IRI.
    drawCounts: function (box, counts, legendTitle) {
      var figure = document.createElement("figure");
      figure.className = "xj-map xj-map-plain";
      var canvas = document.createElement("div");
      canvas.className = "xj-map-canvas";
      figure.appendChild(canvas);
      box.appendChild(figure);
      return getJSON("/map/data.json").then(function (data) { return draw(figure, data, counts, legendTitle); });
    }
  };
  document.querySelectorAll("figure.xj-map").forEach(mount);
})();
