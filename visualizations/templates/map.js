/* Bündnisatlas network map: tooltips, search, filters, full screen.
   Every user-provided string reaches the page through textContent, never as HTML. */
(function () {
  "use strict";
  var data = window.BA_DATA;
  var state = (window.buendnisatlasMap = { ready: false, readyAt: null });

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

  data.nodes.forEach(function (node) {
    node.title = tooltip(node.info);
  });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("ba-map");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, window.BA_OPTIONS);
  state.network = network;
  state.nodes = nodes;
  state.edges = edges;
  network.fit({ animation: false });
  // fit() ignores the labels beside the nodes; a little margin keeps them on screen.
  network.moveTo({ scale: network.getScale() * 0.9 });
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

  function focusNode(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: { duration: 400 } });
  }

  function search(fit) {
    var query = fold(input.value.trim());
    results.textContent = "";
    if (!query) {
      status.textContent = "";
      network.unselectAll();
      return;
    }
    var hits = names.filter(function (entry) {
      return entry.key.indexOf(query) !== -1 && !nodes.get(entry.id).hidden;
    });
    status.textContent = hits.length === 1 ? "1 Treffer" : hits.length + " Treffer";
    network.selectNodes(hits.map(function (hit) { return hit.id; }));
    hits.slice(0, 8).forEach(function (hit) {
      var item = el("li");
      var button = el("button", null, hit.name);
      button.type = "button";
      button.addEventListener("click", function () { focusNode(hit.id); });
      item.appendChild(button);
      results.appendChild(item);
    });
    if (fit && hits.length === 1) focusNode(hits[0].id);
    else if (fit && hits.length > 1) network.fit({ nodes: hits.map(function (hit) { return hit.id; }), animation: { duration: 400 } });
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
    if (event.key === "Escape") { input.value = ""; search(false); }
  });

  // --- filters by sector, topic and alliance -----------------------------------
  var panel = document.getElementById("ba-filters");
  function checked(facet) {
    var boxes = panel.querySelectorAll('input[name="' + facet + '"]');
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
        (alliances.any && f.alliances.length > 0 && !f.alliances.some(function (a) { return alliances.on.has(a); }));
      if (!hide) visible += 1;
      if (Boolean(nodes.get(node.id).hidden) !== hide) changes.push({ id: node.id, hidden: hide });
    });
    if (changes.length) nodes.update(changes);
    showCounts(visible);
  }
  if (panel) {
    panel.addEventListener("change", applyFilters);
    document.getElementById("ba-filter-reset").addEventListener("click", function () {
      panel.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = true; });
      applyFilters();
    });
    var toggle = document.getElementById("ba-filter-toggle");
    toggle.addEventListener("click", function () {
      panel.hidden = !panel.hidden;
      toggle.setAttribute("aria-expanded", String(!panel.hidden));
    });
  }

  // --- full screen for the projector --------------------------------------------
  function fullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen();
  }
  document.getElementById("ba-fullscreen").addEventListener("click", fullscreen);
  document.addEventListener("keydown", function (event) {
    if (event.target === input || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "f" || event.key === "F") fullscreen();
  });
})();
