/* Kommunen-KG network: draws one network into its container, with legend, type filter, search,
   tooltips and a details panel. Needs vis-network (loaded before this file). Talks to no server:
   all data comes from the JSON block next to the container. Text is set with textContent only. */
(function () {
  "use strict";
  var registry = (window.kgNetworks = window.kgNetworks || {});

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

  function kgNetwork(id) {
    var root = document.getElementById(id);
    var data = JSON.parse(document.getElementById(id + "-data").textContent);
    var words = data.words;
    var t0 = performance.now();
    var state = { id: id, t0: t0, firstDraw: null, settled: null, selected: null };
    registry[id] = state;

    var byId = {};
    data.nodes.forEach(function (n) {
      byId[n.id] = n;
      n.baseColor = n.color;
      n.title = tooltip(n, words);
    });
    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(data.edges);
    var canvas = root.querySelector(".kgnet-canvas");
    var network = new vis.Network(canvas, { nodes: nodes, edges: edges }, data.options);
    state.network = network;
    state.nodes = nodes;
    state.edges = edges;

    network.once("afterDrawing", function () {
      state.firstDraw = performance.now() - t0;
      if (!data.physics) state.settled = state.firstDraw;
    });
    if (data.physics) {
      network.once("stabilizationIterationsDone", function () {
        // The layout has settled: stop the simulation so the picture stays still.
        network.setOptions({ physics: { enabled: false } });
        state.settled = performance.now() - t0;
      });
    }

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
      panel.appendChild(el("p", "kgnet-hint", words.hint));
    }
    function highlight(nodeId) {
      var keep = {};
      keep[nodeId] = true;
      network.getConnectedNodes(nodeId).forEach(function (m) { keep[m] = true; });
      nodes.update(data.nodes.map(function (n) {
        return { id: n.id, color: keep[n.id] ? n.baseColor : "#e2e4e8", font: { color: keep[n.id] ? "#1f2328" : "#b8bec6" } };
      }));
    }
    function unhighlight() {
      nodes.update(data.nodes.map(function (n) { return { id: n.id, color: n.baseColor, font: { color: "#1f2328" } }; }));
    }
    function showNode(nodeId) {
      var n = byId[nodeId];
      if (!n) return;
      state.selected = nodeId;
      panel.textContent = "";
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
    function select(nodeId) {
      network.selectNodes([nodeId]);
      network.focus(nodeId, { scale: Math.max(network.getScale(), 0.8), animation: false });
      showNode(nodeId);
    }
    network.on("click", function (params) {
      if (params.nodes.length) showNode(params.nodes[0]);
      else { state.selected = null; unhighlight(); showIntro(); }
    });
    showIntro();

    // ---- type filter (the legend's checkboxes)
    root.querySelectorAll(".kgnet-legend input[type=checkbox]").forEach(function (box) {
      box.addEventListener("change", function () {
        var type = box.value, hidden = !box.checked;
        nodes.update(data.nodes.filter(function (n) { return n.type === type; })
          .map(function (n) { return { id: n.id, hidden: hidden }; }));
      });
    });

    // ---- search
    var input = root.querySelector(".kgnet-search input");
    var hits = root.querySelector(".kgnet-hits");
    function search() {
      var q = input.value.trim().toLocaleLowerCase("de");
      if (!q) { hits.textContent = ""; network.unselectAll(); return []; }
      var found = data.nodes.filter(function (n) {
        if (n.label.toLocaleLowerCase("de").indexOf(q) >= 0) return true;
        return (n.names || []).some(function (s) { return s.toLocaleLowerCase("de").indexOf(q) >= 0; });
      }).map(function (n) { return n.id; });
      hits.textContent = found.length + " " + (found.length === 1 ? words.hit : words.hits);
      if (found.length) {
        network.selectNodes(found);
        if (found.length === 1) select(found[0]);
        else network.fit({ nodes: found, animation: false });
      } else network.unselectAll();
      state.lastSearch = found;
      return found;
    }
    input.addEventListener("input", search);
    root.querySelector(".kgnet-search").addEventListener("submit", function (e) { e.preventDefault(); search(); });
    state.search = function (q) { input.value = q; return search(); };
    state.select = select;
    return state;
  }
  window.kgNetwork = kgNetwork;
})();
