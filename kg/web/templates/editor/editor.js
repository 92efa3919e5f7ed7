// Kommunen-KG query editor: sends the query to the endpoint of its own server and shows the
// answer. Everything it needs is in this page's configuration; it asks no other server.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("ed-config").textContent);
  var area = document.getElementById("ed-query");
  var form = document.getElementById("ed-form");
  var status = document.getElementById("ed-status");
  var output = document.getElementById("ed-output");
  var link = document.getElementById("ed-link");
  var examples = {};
  config.examples.forEach(function (ex) { examples[ex.name] = ex; });
  var prefixes = config.prefixes;
  var pageKinds = config.pageKinds || [];

  // The query without strings, IRIs and comments: what is left holds the prefixed names.
  function code(text) {
    return text
      .replace(/"""[\s\S]*?"""|'''[\s\S]*?'''/g, " ")
      .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, " ")
      .replace(/<[^<>"{}|^`\\\s]*>/g, " ")
      .replace(/#[^\n]*/g, " ");
  }

  // PREFIX lines for the predeclared prefixes the query uses but does not declare, and the BASE.
  function withPrologue(text) {
    var bare = code(text);
    var declared = {};
    var decl = /\bPREFIX\s+([A-Za-z][\w.-]*)?:/gi, m;
    while ((m = decl.exec(bare))) declared[m[1] || ""] = true;
    var used = {};
    var name = /(?:^|[\s(){},;.\/|^!=<>*+?-])([A-Za-z][\w-]*(?:\.[\w-]+)*):/g;
    while ((m = name.exec(bare))) used[m[1]] = true;
    var lines = [];
    var prologue = bare.split(/\b(?:SELECT|ASK|CONSTRUCT|DESCRIBE)\b/i)[0];
    if (!/\bBASE\s/i.test(prologue)) {
      lines.push("BASE <" + config.base + ">");
    }
    Object.keys(prefixes).forEach(function (p) {
      if (used[p] && !declared[p]) lines.push("PREFIX " + p + ": <" + prefixes[p] + ">");
    });
    return lines.length ? lines.join("\n") + "\n" + text : text;
  }

  function short(iri) {
    var best = null;
    Object.keys(prefixes).forEach(function (p) {
      var ns = prefixes[p];
      if (iri.indexOf(ns) === 0 && iri.length > ns.length && (!best || ns.length > prefixes[best].length)) best = p;
    });
    return best ? best + ":" + iri.slice(prefixes[best].length) : iri;
  }

  function pageOf(iri) {
    if (iri.indexOf(config.base) !== 0 || !config.site) return null;
    var path = iri.slice(config.base.length);
    var kind = path.split("/")[0];
    if (pageKinds.indexOf(kind) < 0 || !/^[a-z]+\/[\w.~%-]+$/i.test(path)) return null;
    return config.site + path + ".html";
  }

  function cell(term) {
    var td = document.createElement("td");
    if (!term) { td.className = "ed-unbound"; td.textContent = "–"; return td; }
    if (term.type === "uri") {
      var page = pageOf(term.value);
      var el = document.createElement(page ? "a" : "span");
      if (page) el.href = page;
      el.title = term.value;
      el.textContent = short(term.value);
      td.appendChild(el);
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) td.lang = term["xml:lang"];
    }
    return td;
  }

  function showTable(json) {
    var vars = json.head.vars || [];
    var rows = json.results.bindings;
    var wrap = document.createElement("div");
    wrap.className = "ed-table-wrap";
    var table = document.createElement("table");
    table.className = "ed-table";
    var head = table.createTHead().insertRow();
    vars.forEach(function (v) { var th = document.createElement("th"); th.textContent = "?" + v; head.appendChild(th); });
    var body = table.createTBody();
    rows.forEach(function (row) {
      var tr = body.insertRow();
      vars.forEach(function (v) { tr.appendChild(cell(row[v])); });
    });
    wrap.appendChild(table);
    output.appendChild(wrap);
    return rows.length;
  }

  function fail(message) {
    status.textContent = "Fehler";
    status.className = "ed-status ed-error";
    var pre = document.createElement("pre");
    pre.className = "ed-error-text";
    pre.textContent = message;
    output.appendChild(pre);
  }

  function run() {
    var text = area.value;
    var sent = withPrologue(text);
    link.href = "?query=" + encodeURIComponent(text);
    output.textContent = "";
    status.className = "ed-status";
    status.textContent = "Läuft …";
    var started = performance.now();
    fetch(config.endpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/sparql-query",
        "Accept": "application/sparql-results+json, text/turtle;q=0.9"
      },
      body: sent
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      return response.text().then(function (body) {
        var ms = Math.round(performance.now() - started);
        if (!response.ok) { fail("HTTP " + response.status + "\n" + body); return; }
        if (type.indexOf("json") >= 0) {
          var json = JSON.parse(body);
          if (typeof json.boolean === "boolean") {
            status.textContent = "Antwort: " + (json.boolean ? "ja (true)" : "nein (false)") + " · " + ms + " ms";
            return;
          }
          var n = showTable(json);
          status.textContent = n + (n === 1 ? " Zeile" : " Zeilen") + " · " + ms + " ms";
        } else {
          var pre = document.createElement("pre");
          pre.className = "ed-graph";
          pre.textContent = body;
          output.appendChild(pre);
          status.textContent = "Graph · " + ms + " ms";
        }
      });
    }).catch(function (err) {
      fail("Der Endpunkt " + config.endpoint + " antwortet nicht: " + err);
    });
  }

  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  area.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
  });
  Array.prototype.forEach.call(document.querySelectorAll(".ed-example"), function (button) {
    button.addEventListener("click", function () {
      area.value = examples[button.dataset.name].text;
      link.href = "?query=" + encodeURIComponent(area.value);
      area.focus();
    });
  });

  var asked = new URLSearchParams(location.search).get("query");
  area.value = asked !== null ? asked : config.start;
  link.href = "?query=" + encodeURIComponent(area.value);
  if (asked !== null) run();
  window.kgEditor = { withPrologue: withPrologue, run: run };
})();
