/* Bündnisatlas network map: labels, group regions, side panel, search, filters, keys, kiosk.
   Every user-provided string reaches the page through textContent, never as HTML. */
(function () {
  "use strict";
  var data = window.BA_DATA;
  var page = data.page;
  var state = (window.buendnisatlasMap = { ready: false, readyAt: null, labels: [] });

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // vis-network appends a title that is an Element as it is (a string would be shown
  // via innerText); building it from text nodes keeps names, roles and links inert.
  function tooltip(info) {
    var box = el("div", "ba-tip");
    box.appendChild(el("div", "ba-tip-name", info.name));
    var list = el("dl");
    info.rows.forEach(function (row) {
      list.appendChild(el("dt", null, row[0]));
      list.appendChild(el("dd", null, row[1]));
    });
    box.appendChild(list);
    return box;
  }

  var byId = {};
  data.nodes.forEach(function (node) {
    byId[node.id] = node;
    node.title = tooltip(node.info);
  });
  var nodes = new vis.DataSet(data.nodes.map(function (node) {
    var copy = Object.assign({}, node);
    delete copy.info; delete copy.qr; delete copy.facets;
    return copy;
  }));
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("ba-map");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, window.BA_OPTIONS);
  state.network = network;
  state.nodes = nodes;
  state.edges = edges;

  // The whole map: nodes and group regions, with room for the captions around them
  // (vis-network's fit() knows neither).
  var extent = (function () {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    data.nodes.forEach(function (n) { x0 = Math.min(x0, n.x); x1 = Math.max(x1, n.x); y0 = Math.min(y0, n.y); y1 = Math.max(y1, n.y); });
    (page.regions || []).forEach(function (r) {
      x0 = Math.min(x0, r.x - r.r); x1 = Math.max(x1, r.x + r.r); y0 = Math.min(y0, r.y - r.r); y1 = Math.max(y1, r.y + r.r);
    });
    return { x0: x0, y0: y0, x1: x1, y1: y1 };
  })();
  function overview(animate) {
    if (!data.nodes.length) return;
    var w = container.clientWidth, h = container.clientHeight;
    var margin = page.font * 5;  // a caption above, a label below the outermost groups
    var width = Math.max(extent.x1 - extent.x0, 1), height = Math.max(extent.y1 - extent.y0, 1);
    var scale = Math.min((w - margin) / width, (h - margin) / height, 1.5);
    network.moveTo({
      position: { x: (extent.x0 + extent.x1) / 2, y: (extent.y0 + extent.y1) / 2 },
      scale: scale,
      animation: animate ? { duration: 500 } : false,
    });
  }
  state.overview = overview;
  overview(false);

  // --- labels: placed by the page, at a fixed size on screen --------------------
  // Most important first; a label is drawn only where it overlaps no label, no region
  // caption and no node, so the first view shows legible names and zooming in reveals
  // more. The boxes drawn last are kept in state.labels (CSS pixels) for inspection.
  var FONT = page.font;
  var FACE = "Inter, 'Segoe UI', Helvetica, Arial, sans-serif";
  var LINE = Math.round(FONT * 1.22);
  var PAD = 3;
  var LEADERS = 25;  // this many of the most important names may stand off with a leader line
  var dark = page.presentation;
  var order = data.nodes.slice().sort(function (a, b) { return a.rank - b.rank; }).map(function (n) { return n.id; });
  var widths = {};
  var regions = page.regions || [];
  var placed = null;
  var placedKey = "";
  var hiddenVersion = 0;
  var priority = [];

  function measure(ctx, id) {
    if (!widths[id]) {
      ctx.font = FONT + "px " + FACE;
      widths[id] = page.labels[id].map(function (line) { return ctx.measureText(line).width; });
    }
    return widths[id];
  }

  function Grid(cell) { this.cell = cell; this.cells = new Map(); }
  Grid.prototype.keys = function (b, fn) {
    var c = this.cell;
    for (var gx = Math.floor(b.x0 / c); gx <= Math.floor(b.x1 / c); gx++)
      for (var gy = Math.floor(b.y0 / c); gy <= Math.floor(b.y1 / c); gy++) fn(gx + ":" + gy);
  };
  Grid.prototype.add = function (b) {
    var cells = this.cells;
    this.keys(b, function (k) { var list = cells.get(k); if (list) list.push(b); else cells.set(k, [b]); });
  };
  Grid.prototype.hits = function (b, ignore) {
    var cells = this.cells, hit = false;
    this.keys(b, function (k) {
      if (hit) return;
      var list = cells.get(k);
      if (!list) return;
      for (var i = 0; i < list.length; i++) {
        var o = list[i];
        if (o.id !== ignore && b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1) { hit = true; return; }
      }
    });
    return hit;
  };

  function place(ctx) {
    var scale = network.getScale();
    var view = network.getViewPosition();
    var w = container.clientWidth, h = container.clientHeight;
    var key = [scale.toFixed(5), view.x.toFixed(1), view.y.toFixed(1), w, h, hiddenVersion, priority.join(",")].join("|");
    if (key === placedKey) return placed;
    var toScreen = function (x, y) { return { x: (x - view.x) * scale + w / 2, y: (y - view.y) * scale + h / 2 }; };
    var grid = new Grid(64);
    var positions = network.getPositions();
    var shown = [];
    var ids = Object.keys(positions);
    for (var i = 0; i < ids.length; i++) {
      var id = ids[i];
      var body = network.body.nodes[id];
      if (!body || body.options.hidden) continue;
      var p = toScreen(positions[id].x, positions[id].y);
      if (p.x < -60 || p.y < -60 || p.x > w + 60 || p.y > h + 60) continue;
      var bb = network.getBoundingBox(id);
      var r = Math.max((bb.right - bb.left) / 2, (bb.bottom - bb.top) / 2) * scale;
      grid.add({ id: id, x0: p.x - r - 1, y0: p.y - r - 1, x1: p.x + r + 1, y1: p.y + r + 1 });
      shown.push(id);
    }
    var result = [];
    var inView = function (b) { return b.x0 >= 0 && b.y0 >= 0 && b.x1 <= w && b.y1 <= h; };
    // Region captions first: they say what the groups are.
    var captionFont = Math.round(FONT * 1.15);
    ctx.font = "700 " + captionFont + "px " + FACE;
    // A caption names the region nearest to it: its middle lies outside every other
    // region's disc and closer to its own disc's edge than to any other's.
    var discs = regions.map(function (r) { var c = toScreen(r.x, r.y); return { key: r.key, x: c.x, y: c.y, r: r.r * scale }; });
    var onOtherDisc = function (b, key) {
      var mx = (b.x0 + b.x1) / 2, my = (b.y0 + b.y1) / 2, own = Infinity, other = Infinity;
      discs.forEach(function (d) {
        var gap = Math.hypot(mx - d.x, my - d.y) - d.r;
        if (d.key === key) own = gap; else other = Math.min(other, gap);
      });
      return other <= 0 || other < own;
    };
    regions.slice().sort(function (a, b) { return b.size - a.size; }).forEach(function (region) {
      var text = region.label + " (" + region.size + ")";
      var tw = ctx.measureText(text).width;
      var c = toScreen(region.x, region.y);
      var rr = region.r * scale;
      // Above the region, else below, else further out or a little to the side.
      var tries = [];
      [0.9, 2.0, 3.1].forEach(function (out) {
        [0, -0.4, 0.4].forEach(function (side) {
          tries.push([c.x + side * tw, c.y - rr - captionFont * out]);
          tries.push([c.x + side * tw, c.y + rr + captionFont * out]);
        });
      });
      tries.push([c.x - rr - tw / 2 - PAD * 2, c.y], [c.x + rr + tw / 2 + PAD * 2, c.y]);
      tries.push([c.x, c.y - rr + captionFont * 0.8], [c.x, c.y + rr - captionFont * 0.8]);
      for (var t = 0; t < tries.length; t++) {
        var b = { id: "region:" + region.key, x0: tries[t][0] - tw / 2 - PAD, x1: tries[t][0] + tw / 2 + PAD,
          y0: tries[t][1] - captionFont / 2 - PAD, y1: tries[t][1] + captionFont / 2 + PAD };
        if (inView(b) && !grid.hits(b, null) && !onOtherDisc(b, region.key)) {
          grid.add(b);
          result.push({ id: b.id, region: true, lines: [text], x: tries[t][0], y: tries[t][1], font: captionFont, box: b });
          return;
        }
      }
    });
    var wanted = priority.concat(order);
    var seen = {};
    var tried = 0;
    for (var k = 0; k < wanted.length && tried < 4000; k++) {
      var nid = wanted[k];
      if (seen[nid]) continue;
      seen[nid] = true;
      var node = network.body.nodes[nid];
      if (!node || node.options.hidden || !positions[nid]) continue;
      var q = toScreen(positions[nid].x, positions[nid].y);
      if (q.x < 0 || q.y < 0 || q.x > w || q.y > h) continue;
      tried++;
      var lines = page.labels[nid];
      var lw = Math.max.apply(null, measure(ctx, nid));
      var lh = LINE * lines.length;
      var nb = network.getBoundingBox(nid);
      var nr = Math.max((nb.right - nb.left) / 2, (nb.bottom - nb.top) / 2) * scale + 2;
      // below, above, right, left, then the four corners
      var spots = [
        [q.x, q.y + nr + lh / 2 + PAD], [q.x, q.y - nr - lh / 2 - PAD],
        [q.x + nr + lw / 2 + PAD * 2, q.y], [q.x - nr - lw / 2 - PAD * 2, q.y],
        [q.x + nr + lw / 2, q.y + nr + lh / 2], [q.x - nr - lw / 2, q.y + nr + lh / 2],
        [q.x + nr + lw / 2, q.y - nr - lh / 2], [q.x - nr - lw / 2, q.y - nr - lh / 2],
      ];
      // The most important names may also sit a little away, tied to their node by a
      // thin leader line, where the node's neighbours leave no room right beside it.
      var leaders = [];
      if (k < LEADERS) {
        [FONT * 2, FONT * 4].forEach(function (d) {
          [[0, 1], [0, -1], [1, 0], [-1, 0], [0.7, 0.7], [-0.7, 0.7], [0.7, -0.7], [-0.7, -0.7]].forEach(function (u) {
            var half = Math.abs(u[0]) * (lw / 2 + PAD) + Math.abs(u[1]) * (lh / 2 + PAD);
            spots.push([q.x + u[0] * (nr + d + half), q.y + u[1] * (nr + d + half)]);
            leaders[spots.length - 1] = [q.x + u[0] * nr, q.y + u[1] * nr, q.x + u[0] * (nr + d), q.y + u[1] * (nr + d)];
          });
        });
      }
      for (var s = 0; s < spots.length; s++) {
        var box = { id: "label:" + nid, x0: spots[s][0] - lw / 2 - PAD, x1: spots[s][0] + lw / 2 + PAD,
          y0: spots[s][1] - lh / 2 - PAD, y1: spots[s][1] + lh / 2 + PAD };
        if (inView(box) && !grid.hits(box, null)) {
          grid.add(box);
          result.push({ id: nid, lines: lines, x: spots[s][0], y: spots[s][1], font: FONT, box: box, leader: leaders[s] });
          break;
        }
      }
    }
    placed = result;
    placedKey = key;
    return result;
  }

  network.on("beforeDrawing", function (ctx) {
    // Soft group regions under the network (canvas coordinates).
    regions.forEach(function (region) {
      ctx.beginPath();
      ctx.arc(region.x, region.y, region.r, 0, 2 * Math.PI);
      ctx.globalAlpha = dark ? 0.16 : 0.12;
      ctx.fillStyle = region.color;
      ctx.fill();
      ctx.globalAlpha = dark ? 0.5 : 0.4;
      ctx.lineWidth = 2 / network.getScale();
      ctx.strokeStyle = region.color;
      ctx.stroke();
      ctx.globalAlpha = 1;
    });
  });

  network.on("afterDrawing", function (ctx) {
    var labels = place(ctx);
    var ratio = window.devicePixelRatio || 1;
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);  // screen pixels: labels keep their size on zooming
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    labels.forEach(function (label) {
      if (label.leader) {
        var l = label.leader;
        ctx.beginPath();
        ctx.moveTo(l[0], l[1]);
        ctx.lineTo(l[2], l[3]);
        ctx.lineWidth = 1.5;
        ctx.strokeStyle = dark ? "rgba(255, 255, 255, 0.7)" : "rgba(27, 36, 48, 0.6)";
        ctx.stroke();
      }
      ctx.font = (label.region ? "700 " : "") + label.font + "px " + FACE;
      var lh = label.region ? label.font : LINE;
      var top = label.y - (lh * (label.lines.length - 1)) / 2;
      label.lines.forEach(function (line, i) {
        ctx.lineWidth = 4;
        ctx.strokeStyle = dark ? "#0d1626" : "#ffffff";
        ctx.strokeText(line, label.x, top + i * lh);
        ctx.fillStyle = label.region ? (dark ? "#dfe7f2" : "#2d3748") : (dark ? "#ffffff" : "#1b2430");
        ctx.fillText(line, label.x, top + i * lh);
      });
    });
    ctx.restore();
    state.labels = labels.map(function (l) {
      return { id: l.id, region: Boolean(l.region), lines: l.lines, font: l.font,
        x0: l.box.x0 + PAD, y0: l.box.y0 + PAD, x1: l.box.x1 - PAD, y1: l.box.y1 - PAD };
    });
  });

  network.once("afterDrawing", function () {
    state.ready = true;
    state.readyAt = performance.now();
    document.body.setAttribute("data-ready", "true");
  });

  // --- counts -------------------------------------------------------------------
  var counts = document.getElementById("ba-counts");
  function showCounts(visible) {
    var total = data.nodes.length;
    var text = total + " Elemente · " + data.edges.length + " Verbindungen";
    if (visible !== total) text = visible + " von " + total + " Elementen sichtbar";
    counts.textContent = text;
  }

  // --- side panel for the clicked element ---------------------------------------
  var panel = document.getElementById("ba-panel");
  function qrCode(qr) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 " + qr.size + " " + qr.size);
    svg.setAttribute("class", "ba-qr");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "QR-Code: " + qr.target);
    var bg = document.createElementNS(ns, "rect");
    bg.setAttribute("width", String(qr.size));
    bg.setAttribute("height", String(qr.size));
    bg.setAttribute("fill", "#ffffff");
    svg.appendChild(bg);
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", qr.d);
    path.setAttribute("fill", "#000000");
    svg.appendChild(path);
    return svg;
  }
  function showPanel(id) {
    var node = byId[id];
    if (!node || !panel) return;
    panel.textContent = "";
    var close = el("button", "ba-panel-close", "Schließen");
    close.type = "button";
    close.addEventListener("click", hidePanel);
    panel.appendChild(close);
    panel.appendChild(el("h2", null, node.info.name));
    var list = el("dl");
    node.info.rows.forEach(function (row) {
      list.appendChild(el("dt", null, row[0]));
      list.appendChild(el("dd", null, row[1]));
    });
    panel.appendChild(list);
    var tied = node.info.ties || network.getConnectedEdges(id).slice(0, 12).map(function (edgeId) {
      var edge = edges.get(edgeId);
      var other = edge.from === id ? edge.to : edge.from;
      return [other, byId[other] ? byId[other].info.name : other, edge.title || ""];
    });
    if (tied.length) {
      panel.appendChild(el("h3", null, "Verbindungen"));
      var ties = el("ul", "ba-ties");
      tied.forEach(function (tie) {
        var item = el("li");
        var go = el("button", null, tie[1]);
        go.type = "button";
        go.addEventListener("click", function () { focusNode(tie[0]); });
        item.appendChild(go);
        item.appendChild(el("span", "ba-how", tie[2]));
        ties.appendChild(item);
      });
      panel.appendChild(ties);
    }
    if (node.qr) {
      var figure = el("figure", "ba-qr-box");
      figure.appendChild(qrCode(node.qr));
      figure.appendChild(el("figcaption", null, node.qr.target.replace(/^mailto:/, "")));
      panel.appendChild(figure);
    }
    panel.hidden = false;
    panel.setAttribute("data-node", id);
  }
  function hidePanel() {
    if (!panel) return;
    panel.hidden = true;
    panel.removeAttribute("data-node");
  }
  state.showPanel = showPanel;
  network.on("click", function (params) {
    if (params.nodes.length) { priority = params.nodes.slice(); showPanel(params.nodes[0]); }
    else { priority = []; hidePanel(); }
    network.redraw();
  });

  // --- search by name -----------------------------------------------------------
  // The query folded as graph/text.py's fold() folds the names (info.search): umlauts
  // spelled out, other accents dropped, anything not a letter or digit a single space.
  function fold(text) {
    var german = { "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss" };
    var lower = String(text).normalize("NFC").toLowerCase().replace(/[äöüß]/g, function (c) { return german[c]; });
    return lower.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }
  var names = data.nodes.map(function (node) {
    return { id: node.id, name: node.info.name, key: node.info.search };
  });
  var input = document.getElementById("ba-search");
  var status = document.getElementById("ba-search-status");
  var results = document.getElementById("ba-search-results");
  var searched = false;

  function focusNode(id) {
    network.selectNodes([id]);
    priority = [id];
    showPanel(id);
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: { duration: 400 } });
  }

  function search(fit) {
    var query = fold(input.value.trim());
    results.textContent = "";
    if (!query) {
      status.textContent = "";
      network.unselectAll();
      priority = [];
      // Clearing the search returns to the whole map.
      if (searched) { searched = false; hidePanel(); overview(true); }
      return;
    }
    var hits = names.filter(function (entry) {
      return entry.key.indexOf(query) !== -1 && !nodes.get(entry.id).hidden;
    });
    status.textContent = hits.length === 1 ? "1 Treffer" : hits.length + " Treffer";
    network.selectNodes(hits.map(function (hit) { return hit.id; }));
    priority = hits.map(function (hit) { return hit.id; });
    hits.slice(0, 8).forEach(function (hit) {
      var item = el("li");
      var button = el("button", null, hit.name);
      button.type = "button";
      button.addEventListener("click", function () { searched = true; focusNode(hit.id); });
      item.appendChild(button);
      results.appendChild(item);
    });
    if (fit && hits.length) searched = true;
    if (fit && hits.length === 1) focusNode(hits[0].id);
    else if (fit && hits.length > 1) network.fit({ nodes: hits.map(function (hit) { return hit.id; }), animation: { duration: 400 } });
    network.redraw();
  }
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(false); }, 150);
  });
  document.getElementById("ba-search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    search(true);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { input.value = ""; search(false); input.blur(); }
  });

  // --- filters by sector, topic and alliance; the legend filters too ------------
  var filters = document.getElementById("ba-filters");
  var off = { color: new Set(), kind: new Set() };
  function checked(facet) {
    var boxes = filters ? filters.querySelectorAll('input[name="' + facet + '"]') : [];
    var on = new Set();
    boxes.forEach(function (box) { if (box.checked) on.add(box.value); });
    return { any: boxes.length > 0, on: on };
  }
  function applyFilters() {
    var sector = checked("sector"), topics = checked("topics"), alliances = checked("alliances");
    var changes = [], visible = 0;
    data.nodes.forEach(function (node) {
      var f = node.facets;
      // A filter only hides what it is about: an element without a sector stays
      // when sectors are switched off, one without topics when topics are.
      var hide = (sector.any && f.sector && !sector.on.has(f.sector)) ||
        (topics.any && f.topics.length > 0 && !f.topics.some(function (t) { return topics.on.has(t); })) ||
        (alliances.any && f.alliances.length > 0 && !f.alliances.some(function (a) { return alliances.on.has(a); })) ||
        off.color.has(node.color.background) || off.kind.has(f.kind);
      if (!hide) visible += 1;
      if (Boolean(nodes.get(node.id).hidden) !== hide) changes.push({ id: node.id, hidden: hide });
    });
    if (changes.length) nodes.update(changes);
    hiddenVersion += 1;
    showCounts(visible);
    return changes.length;
  }
  function resetFilters() {
    if (filters) filters.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = true; });
    off.color.clear();
    off.kind.clear();
    document.querySelectorAll(".ba-legend button[aria-pressed]").forEach(function (b) { b.setAttribute("aria-pressed", "true"); });
    applyFilters();
    overview(true);  // all shown again: back to the whole map
  }
  state.resetFilters = resetFilters;
  if (filters) {
    filters.addEventListener("change", applyFilters);
    var toggle = document.getElementById("ba-filter-toggle");
    toggle.addEventListener("click", function () {
      filters.hidden = !filters.hidden;
      toggle.setAttribute("aria-expanded", String(!filters.hidden));
    });
  }
  var reset = document.getElementById("ba-filter-reset");
  if (reset) reset.addEventListener("click", resetFilters);
  document.querySelectorAll(".ba-legend button[data-color], .ba-legend button[data-kind]").forEach(function (button) {
    button.addEventListener("click", function () {
      var set = button.hasAttribute("data-color") ? off.color : off.kind;
      var value = button.getAttribute("data-color") || button.getAttribute("data-kind");
      var showing = button.getAttribute("aria-pressed") === "true";
      if (showing) set.add(value); else set.delete(value);
      button.setAttribute("aria-pressed", String(!showing));
      applyFilters();
      if (!off.color.size && !off.kind.size) overview(true);
    });
  });

  // --- keys and full screen -----------------------------------------------------
  function fullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen();
  }
  document.getElementById("ba-fullscreen").addEventListener("click", fullscreen);
  function pan(dx, dy) {
    var p = network.getViewPosition(), s = network.getScale();
    network.moveTo({ position: { x: p.x + dx / s, y: p.y + dy / s }, animation: { duration: 150 } });
  }
  function zoom(factor) {
    network.moveTo({ scale: network.getScale() * factor, animation: { duration: 150 } });
  }
  document.addEventListener("keydown", function (event) {
    if (event.target === input || event.ctrlKey || event.metaKey || event.altKey) return;
    var step = container.clientWidth / 6;
    var keys = {
      ArrowLeft: function () { pan(-step, 0); }, ArrowRight: function () { pan(step, 0); },
      ArrowUp: function () { pan(0, -step); }, ArrowDown: function () { pan(0, step); },
      "+": function () { zoom(1.25); }, "=": function () { zoom(1.25); },
      "-": function () { zoom(0.8); }, "−": function () { zoom(0.8); },
      "0": function () { overview(true); },
      f: fullscreen, F: fullscreen,
      Escape: function () {
        stopTour();
        hidePanel();
        network.unselectAll();
        priority = [];
        overview(true);
      },
    };
    if (keys[event.key]) { event.preventDefault(); keys[event.key](); }
  });

  // --- kiosk: full screen at the first touch, a slow tour through the groups ----
  // Browsers allow full screen only after a gesture; the first one anywhere starts it.
  if (page.kiosk) {
    var goFull = function () {
      if (!document.fullscreenElement && document.documentElement.requestFullscreen) {
        document.documentElement.requestFullscreen().catch(function () {});
      }
    };
    document.addEventListener("pointerdown", goFull, { once: true });
    document.addEventListener("keydown", goFull, { once: true });
  }
  var tourTimer = null;
  function stopTour() { if (tourTimer) { clearInterval(tourTimer); tourTimer = null; } }
  if (page.kiosk && page.tour > 0 && regions.length) {
    var stops = regions.slice().sort(function (a, b) { return b.size - a.size; });
    var at = -1;
    tourTimer = setInterval(function () {
      at = (at + 1) % (stops.length + 1);
      priority = [];
      if (at === stops.length) { hidePanel(); overview(true); return; }
      var region = stops[at];
      var h = container.clientHeight, w = container.clientWidth;
      network.moveTo({ position: { x: region.x, y: region.y },
        scale: Math.min(w, h) / (2.6 * region.r), animation: { duration: 1500 } });
    }, page.tour * 1000);
    state.tour = true;
  }
})();
