/* Kommunen-KG network: draws one network into its container, with legend, type filter, search,
   view controls, tooltips and a details panel. Needs vis-network (loaded before this file). Talks
   to no server: all data comes from the JSON block next to the container. Text is set with
   textContent only.

   Legibility: nodes are sized by a measure the visitor chooses (connections by default, or
   betweenness, both computed in Python); labels are drawn by this script at one screen size
   (data.label_px CSS pixels) at every zoom, on a light halo, the most important node by that
   measure first. A label never overlaps another label or a more important node, but may cover
   less important ones; one that finds no such place is left out, so zooming in shows more. The
   hubs' labels may stand a little off, with a thin line to their node, where the places next to
   it are taken. Nodes without connections are gathered below the network, behind a toggle.
   The mouse wheel scrolls the page until the visitor engages the network (click, keyboard focus,
   or Ctrl/⌘ + wheel), as map embeds do. */
(function () {
  "use strict";
  var registry = (window.kgNetworks = window.kgNetworks || {});
  var FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function externalLink(url, text) {
    var a = el("a", null, text || url);
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer nofollow";
    a.referrerPolicy = "no-referrer";
    return a;
  }

  // Search folds case and accents: "bohm", "boehm" and "BÖHM" all find "Böhm".
  function fold(s) {
    return String(s).toLocaleLowerCase("de").replace(/ß/g, "ss").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function foldUmlauts(s) {
    return fold(String(s).toLocaleLowerCase("de").replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue"));
  }

  function tooltip(n, words) {
    var box = el("div", "kgnet-tip");
    box.appendChild(el("b", null, n.label));
    box.appendChild(el("span", null, n.type_label));
    if (n.roles && n.roles.length) box.appendChild(el("span", null, words.roles + ": " + n.roles.join("; ")));
    if (n.affiliation && n.affiliation.length)
      box.appendChild(el("span", null, words.affiliation + ": " + n.affiliation.join("; ")));
    (n.source_urls || []).forEach(function (u) {
      // Shown as a link; the details panel (click) holds the clickable one, as a tooltip
      // vanishes when the pointer moves towards it.
      var line = el("span", null, words.source + ": ");
      line.appendChild(/^https?:\/\//.test(u) ? externalLink(u) : document.createTextNode(u));
      box.appendChild(line);
    });
    return box;
  }

  function shortLabel(text) {
    return text.length > 32 ? text.slice(0, 30) + "…" : text;
  }

  function kgNetwork(id) {
    var root = document.getElementById(id);
    var data = JSON.parse(document.getElementById(id + "-data").textContent);
    var words = data.words;
    var labelPx = data.label_px || 13;
    var t0 = performance.now();
    var state = { id: id, t0: t0, firstDraw: null, settled: null, selected: null, engaged: false, labels: [] };
    registry[id] = state;

    var byId = {};
    var search = [];
    var typeHidden = {};
    var showIsolated = false;
    var measure = "degree";
    var dim = {};
    data.nodes.forEach(function (n) {
      byId[n.id] = n;
      n.baseColor = n.color;
      search.push({ id: n.id, label: [fold(n.label), foldUmlauts(n.label)],
        names: (n.names || []).map(fold).concat((n.names || []).map(foldUmlauts)) });
    });
    function isHidden(n) { return !!typeHidden[n.type] || (n.isolated && !showIsolated); }
    function visNode(n) {
      var v = { id: n.id, color: n.color, shape: n.shape, value: n.value, title: tooltip(n, words),
        type: n.type, iri: n.iri, hidden: isHidden(n) };
      if (n.x !== undefined) { v.x = n.x; v.y = n.y; }
      if (n.isolated) v.physics = false;
      return v;
    }
    var nodes = new vis.DataSet(data.nodes.map(visNode));
    var edges = new vis.DataSet(data.edges);
    var canvas = root.querySelector(".kgnet-canvas");
    var network = new vis.Network(canvas, { nodes: nodes, edges: edges }, data.options);
    state.network = network;
    state.nodes = nodes;
    state.edges = edges;

    // ---- labels: one screen size, by importance, never overlapping
    var order = [];
    function reorder() {
      var key = measure === "betweenness" ? "betweenness" : "degree";
      order = data.nodes.map(function (n) { return n.id; });
      order.sort(function (a, b) {
        var d = (byId[b][key] || 0) - (byId[a][key] || 0) || byId[b].degree - byId[a].degree;
        return d || (byId[a].label < byId[b].label ? -1 : byId[a].label > byId[b].label ? 1 : 0);
      });
    }
    reorder();
    var widths = {};
    var PAD = 3; // the halo around a label's text, in CSS pixels
    var HUBS = 15; // this many of the most important nodes in view may have their label stand off
    function drawLabels(ctx) {
      var scale = network.getScale();
      var box = canvas.getBoundingClientRect();
      var first = [];
      if (state.selected !== null) first.push(state.selected);
      (state.lastSearch || []).forEach(function (i) { first.push(i); });
      if (state.selected !== null) network.getConnectedNodes(state.selected).forEach(function (i) { first.push(i); });
      var seen = {};
      var placed = [];
      var grid = {};
      var cell = 80;
      function overlaps(r, o) { return r.x < o.x + o.w && o.x < r.x + r.w && r.y < o.y + o.h && o.y < r.y + r.h; }
      function add(r) {
        for (var gx = Math.floor(r.x / cell); gx <= Math.floor((r.x + r.w) / cell); gx++)
          for (var gy = Math.floor(r.y / cell); gy <= Math.floor((r.y + r.h) / cell); gy++)
            (grid[gx + "," + gy] = grid[gx + "," + gy] || []).push(r);
      }
      function blocked(r) {
        for (var gx = Math.floor(r.x / cell); gx <= Math.floor((r.x + r.w) / cell); gx++)
          for (var gy = Math.floor(r.y / cell); gy <= Math.floor((r.y + r.h) / cell); gy++) {
            var here = grid[gx + "," + gy];
            if (here) for (var i = 0; i < here.length; i++) if (overlaps(r, here[i])) return true;
          }
        return false;
      }
      ctx.save();
      ctx.font = labelPx + "px " + FONT;
      var measureFont = ctx.font;
      // The controls and the hint over the canvas are obstacles. Then, most important first, each
      // node gets its label where it covers no label and no node named before it, and becomes an
      // obstacle itself: a label may cover only less important nodes (its halo keeps it legible),
      // so the nodes around a hub cannot crowd out the hub's own label.
      root.querySelectorAll(".kgnet-controls, .kgnet-engage").forEach(function (o) {
        var b = o.getBoundingClientRect();
        if (b.width) add({ x: b.left - box.left, y: b.top - box.top, w: b.width, h: b.height });
      });
      var ids = first.concat(order);
      var rank = 0; // how many nodes in view came before this one
      for (var i = 0; i < ids.length; i++) {
        var nid = ids[i];
        if (seen[nid]) continue;
        seen[nid] = true;
        var body = network.body.nodes[nid];
        var n = byId[nid];
        if (!body || !n || body.options.hidden) continue;
        var p = network.canvasToDOM({ x: body.x, y: body.y });
        if (p.x < -50 || p.y < -50 || p.x > box.width + 50 || p.y > box.height + 50) continue;
        var text = shortLabel(n.label);
        if (widths[nid] === undefined) { ctx.font = measureFont; widths[nid] = ctx.measureText(text).width; }
        var radius = (body.options.size || 10) * scale;
        // below the node, else above, right, left, then the corners; near the canvas's edge
        // below or above it, moved sideways to fit: the first place that is free
        var w = widths[nid] + 2 * PAD, h = labelPx + 2 * PAD, gap = 1;
        var cx = p.x - w / 2, below = p.y + radius + gap, above = p.y - radius - gap - h;
        var d = radius * 0.7 + gap;
        var spots = [
          [cx, below], [cx, above],
          [p.x + radius + gap, p.y - h / 2], [p.x - radius - gap - w, p.y - h / 2],
          [p.x - radius, below], [p.x + radius - w, below], [p.x - radius, above], [p.x + radius - w, above],
          [p.x + d, p.y + d], [p.x - d - w, p.y + d], [p.x + d, p.y - d - h], [p.x - d - w, p.y - d - h],
        ];
        var edge = Math.min(Math.max(cx, 0), box.width - w);
        if (edge !== cx) spots.push([edge, below], [edge, above]);
        // the hubs may stand off, with a thin line to their node, where the places next to it
        // are taken (dense clusters of brokers): rings one to three label heights further out
        var near = spots.length;
        if (rank < HUBS)
          for (var ring = 1; ring <= 3; ring++)
            for (var step = 0; step < 12; step++) {
              var th = (step * Math.PI) / 6, cos = Math.cos(th), sin = Math.sin(th);
              var ax = p.x + (radius + gap + ring * h) * cos, ay = p.y + (radius + gap + ring * h) * sin;
              spots.push([ax - w / 2 + (cos * w) / 2, ay - h / 2 + (sin * h) / 2]);
            }
        rank++;
        for (var k = 0; k < spots.length; k++) {
          var r = { x: spots[k][0], y: spots[k][1], w: w, h: h, id: nid, px: labelPx };
          if (r.x < 0 || r.y < 0 || r.x + w > box.width || r.y + h > box.height) continue; // whole, or not at all
          if (blocked(r)) continue;
          if (k >= near) r.leader = { x: p.x, y: p.y, r: radius };
          add(r);
          placed.push(r);
          break;
        }
        add({ x: p.x - radius, y: p.y - radius, w: 2 * radius, h: 2 * radius, node: nid });
      }
      // draw in canvas coordinates: a font of labelPx / scale shows labelPx on screen
      ctx.font = labelPx / scale + "px " + FONT;
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.lineWidth = 1 / scale;
      ctx.strokeStyle = "#57606a";
      placed.forEach(function (r) {
        if (!r.leader) return;
        // from the node's rim to the nearest point of the label's box
        var L = r.leader, tx = Math.min(Math.max(L.x, r.x), r.x + r.w), ty = Math.min(Math.max(L.y, r.y), r.y + r.h);
        var len = Math.hypot(tx - L.x, ty - L.y) || 1;
        var from = network.DOMtoCanvas({ x: L.x + ((tx - L.x) * L.r) / len, y: L.y + ((ty - L.y) * L.r) / len });
        var to = network.DOMtoCanvas({ x: tx, y: ty });
        ctx.beginPath();
        ctx.moveTo(from.x, from.y);
        ctx.lineTo(to.x, to.y);
        ctx.stroke();
      });
      placed.forEach(function (r) {
        var a = network.DOMtoCanvas({ x: r.x, y: r.y });
        var t = shortLabel(byId[r.id].label);
        ctx.fillStyle = "rgba(255,255,255,0.86)";
        ctx.beginPath();
        if (ctx.roundRect) ctx.roundRect(a.x, a.y, r.w / scale, r.h / scale, 3 / scale);
        else ctx.rect(a.x, a.y, r.w / scale, r.h / scale);
        ctx.fill();
        ctx.fillStyle = dim[r.id] ? "#9aa1aa" : "#1f2328";
        ctx.fillText(t, a.x + r.w / scale / 2, a.y + r.h / scale / 2 + 0.5 / scale);
      });
      ctx.restore();
      state.labels = placed;
      state.labelScale = scale;
    }
    network.on("afterDrawing", drawLabels);

    // ---- first view: gather the unconnected nodes below the network, fit, remember as home
    function gatherIsolated() {
      var loose = data.nodes.filter(function (n) { return n.isolated; });
      if (!loose.length) return;
      var pos = network.getPositions(data.nodes.filter(function (n) { return !n.isolated; }).map(function (n) { return n.id; }));
      var xs = [], ys = [];
      Object.keys(pos).forEach(function (k) { xs.push(pos[k].x); ys.push(pos[k].y); });
      var minX = xs.length ? Math.min.apply(null, xs) : 0, maxX = xs.length ? Math.max.apply(null, xs) : 0;
      var maxY = ys.length ? Math.max.apply(null, ys) : 0;
      var gap = 110;
      var perRow = Math.max(4, Math.floor((maxX - minX) / gap) + 1);
      loose.sort(function (a, b) { return a.label.localeCompare(b.label, "de"); });
      nodes.update(loose.map(function (n, i) {
        return { id: n.id, x: minX + (i % perRow) * gap, y: maxY + 120 + Math.floor(i / perRow) * 60, physics: false };
      }));
    }
    function visibleIds() {
      return nodes.getIds({ filter: function (n) { return !n.hidden; } });
    }
    function fit() {
      var ids = visibleIds();
      network.fit({ nodes: ids.length ? ids : undefined, animation: false, maxZoomLevel: 1.6 });
      // a margin for the labels below the outermost nodes and for the controls
      network.moveTo({ scale: network.getScale() * 0.9, animation: false });
    }
    state.fit = fit;
    function orient() {
      var ids = data.nodes.filter(function (n) { return !n.isolated; }).map(function (n) { return n.id; });
      var pos = network.getPositions(ids);
      var xs = [], ys = [];
      ids.forEach(function (i) { xs.push(pos[i].x); ys.push(pos[i].y); });
      if (xs.length < 3) return;
      var w = Math.max.apply(null, xs) - Math.min.apply(null, xs), h = Math.max.apply(null, ys) - Math.min.apply(null, ys);
      var box = canvas.getBoundingClientRect();
      if (!w || !h || !box.width || !box.height) return;
      // stretch the layout towards the canvas's shape (at most twice): the labels get room
      var want = box.height / box.width, have = h / w;
      var fy = Math.min(2, Math.max(1, want / have)), fx = Math.min(2, Math.max(1, have / want));
      if (fx === 1 && fy === 1) return;
      nodes.update(ids.map(function (i) { return { id: i, x: pos[i].x * fx, y: pos[i].y * fy }; }));
      state.stretched = [fx, fy];
    }
    function ready() {
      orient();
      gatherIsolated();
      fit();
      state.home = { scale: network.getScale(), position: network.getViewPosition() };
      // settled once the fitted view is drawn, with its labels (state.labels describes them)
      network.once("afterDrawing", function () { state.settled = performance.now() - t0; });
      setTimeout(function () { network.redraw(); }, 0);
    }
    network.once("afterDrawing", function () {
      state.firstDraw = performance.now() - t0;
      if (!data.physics) ready();
    });
    if (data.physics) {
      network.once("stabilizationIterationsDone", function () {
        // The layout has settled: stop the simulation so the picture stays still.
        network.setOptions({ physics: { enabled: false } });
        ready();
      });
    }

    // ---- engaging: the wheel zooms only when the visitor has engaged the network
    var hint = root.querySelector(".kgnet-engage");
    var coarse = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
    function engage(on) {
      if (state.engaged === on) return;
      state.engaged = on;
      root.classList.toggle("kgnet-engaged", on);
      network.setOptions({ interaction: { zoomView: on, dragView: on || !coarse } });
      var c = canvas.querySelector("canvas");
      if (c) c.style.touchAction = on ? "none" : "pan-y";
      if (hint) hint.textContent = on ? words.engaged : words.engage;
    }
    state.engage = engage;
    if (coarse) network.setOptions({ interaction: { dragView: false } });
    var c0 = canvas.querySelector("canvas");
    if (c0) c0.style.touchAction = "pan-y";
    canvas.addEventListener("pointerdown", function () { engage(true); });
    canvas.addEventListener("focus", function () { engage(true); });
    document.addEventListener("pointerdown", function (e) { if (!root.contains(e.target)) engage(false); });
    canvas.addEventListener("wheel", function (e) {
      if (state.engaged) return; // vis-network zooms
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        var rect = canvas.getBoundingClientRect();
        zoomBy(e.deltaY < 0 ? 1.2 : 1 / 1.2, { x: e.clientX - rect.left, y: e.clientY - rect.top });
      } else if (hint) {
        root.classList.add("kgnet-nudge");
        clearTimeout(state.nudge);
        state.nudge = setTimeout(function () { root.classList.remove("kgnet-nudge"); }, 1500);
      }
    }, { passive: false, capture: true });

    function zoomBy(factor, at) {
      var scale = Math.min(8, Math.max(0.02, network.getScale() * factor));
      var opts = { scale: scale, animation: false };
      if (at) {
        // keep the point under the pointer where it is
        var before = network.DOMtoCanvas(at);
        network.moveTo(opts);
        var after = network.DOMtoCanvas(at);
        var pos = network.getViewPosition();
        network.moveTo({ position: { x: pos.x + before.x - after.x, y: pos.y + before.y - after.y }, animation: false });
      } else network.moveTo(opts);
    }
    function pan(dx, dy) {
      var pos = network.getViewPosition();
      var s = network.getScale();
      network.moveTo({ position: { x: pos.x + dx / s, y: pos.y + dy / s }, animation: false });
    }
    state.zoomBy = zoomBy;

    // ---- controls and keyboard
    function reset() {
      input.value = "";
      closeList();
      hits.textContent = "";
      state.lastSearch = [];
      root.querySelectorAll(".kgnet-legend input[type=checkbox]").forEach(function (b) { b.checked = b.name !== "isolated"; });
      typeHidden = {};
      showIsolated = false;
      if (measureSelect) { measureSelect.value = "degree"; setMeasure("degree"); }
      refreshHidden();
      network.unselectAll();
      state.selected = null;
      unhighlight();
      showIntro();
      fit();
    }
    state.reset = reset;
    root.querySelectorAll(".kgnet-controls button").forEach(function (b) {
      b.addEventListener("click", function () {
        var act = b.getAttribute("data-act");
        if (act === "in") zoomBy(1.3);
        else if (act === "out") zoomBy(1 / 1.3);
        else if (act === "fit") fit();
        else if (act === "reset") reset();
      });
    });
    canvas.addEventListener("keydown", function (e) {
      var k = e.key, step = 60;
      if (k === "+" || k === "=") zoomBy(1.3);
      else if (k === "-" || k === "_") zoomBy(1 / 1.3);
      else if (k === "0") fit();
      else if (k === "ArrowLeft") pan(-step, 0);
      else if (k === "ArrowRight") pan(step, 0);
      else if (k === "ArrowUp") pan(0, -step);
      else if (k === "ArrowDown") pan(0, step);
      else if (k === "Escape") { engage(false); network.unselectAll(); state.selected = null; unhighlight(); showIntro(); }
      else return;
      e.preventDefault();
    });

    // ---- details panel and neighbour highlight
    var panel = root.querySelector(".kgnet-panel");
    function section(title, items) {
      if (!items || !items.length) return;
      panel.appendChild(el("h4", null, title));
      var ul = el("ul");
      items.forEach(function (item) {
        var li = el("li");
        if (item instanceof Node) li.appendChild(item);
        else li.textContent = item;
        ul.appendChild(li);
      });
      panel.appendChild(ul);
    }
    function showIntro() {
      panel.textContent = "";
      root.classList.remove("kgnet-has-details");
      panel.appendChild(el("p", "kgnet-hint", words.hint));
    }
    function highlight(nodeId) {
      var keep = {};
      keep[nodeId] = true;
      network.getConnectedNodes(nodeId).forEach(function (m) { keep[m] = true; });
      dim = {};
      nodes.update(data.nodes.map(function (n) {
        if (!keep[n.id]) dim[n.id] = true;
        return { id: n.id, color: keep[n.id] ? n.baseColor : "#e2e4e8" };
      }));
    }
    function unhighlight() {
      dim = {};
      nodes.update(data.nodes.map(function (n) { return { id: n.id, color: n.baseColor }; }));
    }
    function showNode(nodeId) {
      var n = byId[nodeId];
      if (!n) return;
      state.selected = nodeId;
      panel.textContent = "";
      root.classList.add("kgnet-has-details");
      var close = el("button", "kgnet-close", "×");
      close.type = "button";
      close.title = words.close;
      close.setAttribute("aria-label", words.close);
      close.addEventListener("click", function () { network.unselectAll(); state.selected = null; unhighlight(); showIntro(); });
      panel.appendChild(close);
      panel.appendChild(el("h3", "kgnet-name", n.label));
      panel.appendChild(el("div", "kgnet-type", n.type_label));
      if (n.page) {
        var p = el("a", null, words.page);
        p.href = n.page;
        panel.appendChild(el("div")).appendChild(p);
      }
      section(words.roles, n.roles);
      section(words.affiliation, n.affiliation);
      section(words.sources, (n.source_urls || []).map(function (u) { return /^https?:\/\//.test(u) ? externalLink(u) : u; }));
      var neigh = network.getConnectedNodes(nodeId).map(function (m) { return byId[m]; });
      neigh.sort(function (a, b) { return a.label.localeCompare(b.label, "de"); });
      section(words.neighbours, neigh.map(function (m) {
        var b = el("button", "kgnet-link", m.label + " (" + m.type_label + ")");
        b.type = "button";
        b.addEventListener("click", function () { select(m.id); });
        return b;
      }));
      section("IRI", [n.iri]);
      highlight(nodeId);
    }
    function reveal(nodeId) {
      // a node chosen in the search list is shown even if its type or its isolation hid it
      var n = byId[nodeId];
      if (typeHidden[n.type]) {
        typeHidden[n.type] = false;
        var box = root.querySelector(".kgnet-legend input[value='" + n.type + "']");
        if (box) box.checked = true;
      }
      if (n.isolated && !showIsolated) {
        showIsolated = true;
        var iso = root.querySelector(".kgnet-legend input[name=isolated]");
        if (iso) iso.checked = true;
      }
      refreshHidden();
    }
    function select(nodeId) {
      reveal(nodeId);
      network.selectNodes([nodeId]);
      network.focus(nodeId, { scale: Math.max(network.getScale(), 1.0), animation: false });
      showNode(nodeId);
    }
    network.on("click", function (params) {
      if (params.nodes.length) showNode(params.nodes[0]);
      else { state.selected = null; unhighlight(); showIntro(); }
    });
    showIntro();

    // ---- type filter (the legend's checkboxes) and the unconnected nodes
    function refreshHidden() {
      nodes.update(data.nodes.map(function (n) { return { id: n.id, hidden: isHidden(n) }; }));
    }
    root.querySelectorAll(".kgnet-legend input[type=checkbox]").forEach(function (box) {
      box.addEventListener("change", function () {
        if (box.name === "isolated") {
          showIsolated = box.checked;
          refreshHidden();
          fit();
        } else {
          typeHidden[box.value] = !box.checked;
          refreshHidden();
        }
      });
    });

    // ---- size by measure
    var measureSelect = root.querySelector(".kgnet-measure select");
    function setMeasure(m) {
      measure = m;
      reorder(); // the labels follow the measure: the most important by it are named first
      nodes.update(data.nodes.map(function (n) {
        var v = m === "uniform" ? 1 : m === "betweenness" ? Math.sqrt(n.betweenness || 0) + 0.05 : n.value;
        return { id: n.id, value: v };
      }));
    }
    if (measureSelect) measureSelect.addEventListener("change", function () { setMeasure(measureSelect.value); });
    state.setMeasure = setMeasure;

    // ---- search with a list of hits; Enter selects the active hit
    var input = root.querySelector(".kgnet-search input");
    var hits = root.querySelector(".kgnet-hits");
    var list = root.querySelector(".kgnet-hitlist");
    var active = -1;
    var shown = [];
    function closeList() {
      list.hidden = true;
      list.textContent = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      shown = [];
      active = -1;
    }
    function setActive(i) {
      var items = list.querySelectorAll("li");
      if (!items.length) return;
      active = (i + items.length) % items.length;
      items.forEach(function (li, j) { li.setAttribute("aria-selected", j === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }
    function choose(nodeId) {
      closeList();
      input.value = byId[nodeId].label;
      state.lastSearch = [nodeId];
      hits.textContent = "";
      select(nodeId);
    }
    function find(text) {
      var q = fold(text.trim());
      if (!q) return [];
      var scored = [];
      search.forEach(function (s) {
        // best first: the label starts with it, a word of the label does, the label holds it;
        // then the same for the other names
        var best = 9;
        [s.label, s.names].forEach(function (keys, tier) {
          keys.forEach(function (k) {
            var at = k.indexOf(q);
            if (at === 0) best = Math.min(best, tier * 3);
            else if (at > 0) best = Math.min(best, tier * 3 + (/[\s\-–(„"/]/.test(k.charAt(at - 1)) ? 1 : 2));
          });
        });
        if (best < 9) scored.push([best, s.id]);
      });
      scored.sort(function (a, b) {
        return a[0] - b[0] || byId[b[1]].degree - byId[a[1]].degree || byId[a[1]].label.localeCompare(byId[b[1]].label, "de");
      });
      return scored.map(function (s) { return s[1]; });
    }
    function runSearch() {
      var found = find(input.value);
      closeList();
      state.lastSearch = found;
      if (!input.value.trim()) { hits.textContent = ""; network.unselectAll(); network.redraw(); return []; }
      hits.textContent = found.length + " " + (found.length === 1 ? words.hit : words.hits);
      if (found.length === 1) select(found[0]);
      else if (found.length) {
        network.selectNodes(found.filter(function (i) { return !isHidden(byId[i]); }));
        shown = found.slice(0, 12);
        shown.forEach(function (nid, i) {
          var n = byId[nid];
          var li = el("li", null);
          li.id = id + "-hit-" + i;
          li.setAttribute("role", "option");
          li.appendChild(el("span", "kgnet-hit-name", n.label));
          li.appendChild(el("span", "kgnet-hit-type", n.type_label));
          li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(nid); });
          list.appendChild(li);
        });
        if (found.length > shown.length) {
          var more = el("li", "kgnet-hit-more", "… " + (found.length - shown.length) + " " + words.more_hits);
          more.setAttribute("aria-disabled", "true");
          list.appendChild(more);
        }
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        setActive(0);
      } else network.unselectAll();
      network.redraw();
      return found;
    }
    input.addEventListener("input", runSearch);
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && shown.length) { setActive(active + 1); e.preventDefault(); }
      else if (e.key === "ArrowUp" && shown.length) { setActive(active - 1); e.preventDefault(); }
      else if (e.key === "Escape") { closeList(); }
      else if (e.key === "Enter") {
        e.preventDefault();
        if (shown.length) choose(shown[Math.max(0, active)]);
        else {
          var found = find(input.value);
          if (found.length) choose(found[0]);
        }
      }
    });
    input.addEventListener("blur", function () { setTimeout(closeList, 150); });
    root.querySelector(".kgnet-search").addEventListener("submit", function (e) { e.preventDefault(); });
    state.search = function (q) { input.value = q; return runSearch(); };
    state.select = select;
    return state;
  }
  window.kgNetwork = kgNetwork;
})();
