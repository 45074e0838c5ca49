/* Interactive tables for the report (analysis/explore.py): search, filter, sort, page.
   Plain JavaScript, no library, no network: the rows travel inside the page as JSON.
   A filter box matches a whole value when the typed text is one ("US" shows US rows, not
   Russia's), else any value containing it ("Rus"); "(none)" matches an empty cell. */
(function () {
  "use strict";
  if (window.__explore_tables) { window.__explore_tables.initAll(); return; }

  function low(s) { return (s === null || s === undefined) ? "" : String(s).toLocaleLowerCase(); }

  function init(root) {
    if (root.getAttribute("data-ready")) { return; }
    root.setAttribute("data-ready", "1");
    var spec = JSON.parse(root.querySelector("script.xt-data").textContent);
    var cols = spec.columns, rows = spec.rows, paras = spec.paragraphs || {};
    var ctx = cols.findIndex(function (c) { return c.kind === "context"; });
    var st = { q: "", f: {}, sort: -1, dir: 1, page: 0, size: spec.page_size || 25 };
    var values = {};  // filter column -> set of its lower-cased values
    cols.forEach(function (c, i) {
      if (!c.filter) { return; }
      var set = {};
      rows.forEach(function (r) { set[low(r[i])] = true; });
      values[i] = set;
    });
    function cellText(r, i) {
      if (i === ctx) { var v = r[i]; return v ? (paras[v[0]] || "") : ""; }
      return r[i] === null || r[i] === undefined ? "" : String(r[i]);
    }
    var hay = rows.map(function (r) { return cols.map(function (c, i) { return low(cellText(r, i)); }).join("\u0001"); });

    function passes(k) {
      var r = rows[k];
      for (var i in st.f) {
        var t = st.f[i], v = low(r[i]);
        if (!t) { continue; }
        if (t === "(none)") { if (v !== "") { return false; } continue; }
        if (values[i][t]) { if (v !== t) { return false; } } else if (v.indexOf(t) < 0) { return false; }
      }
      if (st.q) {
        var words = st.q.split(/\s+/);
        for (var w = 0; w < words.length; w++) { if (words[w] && hay[k].indexOf(words[w]) < 0) { return false; } }
      }
      return true;
    }
    function cmp(a, b) {
      var i = st.sort, x = rows[a][i], y = rows[b][i];
      var ex = x === null || x === undefined || x === "", ey = y === null || y === undefined || y === "";
      if (ex || ey) { return ex && ey ? a - b : (ex ? 1 : -1); }  // empty cells last, either way
      var c;
      if (cols[i].kind === "number") { c = Number(x) - Number(y); }
      else { c = String(x).localeCompare(String(y), undefined, { numeric: true, sensitivity: "base" }); }
      return c ? c * st.dir : a - b;
    }

    // A correction stub for data/corrections.yml, keyed by article, paragraph and words (README).
    function col(name) { return cols.findIndex(function (c) { return c.name === name; }); }
    function q(v) { return JSON.stringify(v === null || v === undefined ? "" : String(v)); }
    function stubText(r, k) {
      var sb = spec.stub, words = String(r[col("text")] || "");
      if (words.length > 80) { words = words.slice(0, 80).split(" ").slice(0, -1).join(" "); }
      var lines = ["  - id: " + q("fix-" + sb.table.charAt(0) + (k + 1)),
        "    table: " + sb.table, "    article: " + q(r[col("article_id")]),
        "    paragraph: " + r[col("paragraph")], "    words: " + q(words),
        "    set: {" + sb.who + ": " + q(r[col(sb.who)]) + ", " + sb.party + ": " + q(r[col(sb.party)]) +
          "}   # edit the values, or replace this line with: drop: true"];
      return lines.join("\n") + "\n";
    }
    function stubCell(r, k) {
      var td = document.createElement("td"), b = document.createElement("button");
      td.setAttribute("data-col", "fix");
      b.type = "button"; b.className = "xt-stub-btn"; b.textContent = "stub";
      b.title = "show a correction stub for data/corrections.yml";
      b.addEventListener("click", function () {
        var tr = b.closest("tr"), nx = tr.nextElementSibling;
        if (nx && nx.classList.contains("xt-stub")) { nx.remove(); return; }
        var row = document.createElement("tr"), cell = document.createElement("td"), pre = document.createElement("pre");
        row.className = "xt-stub"; cell.colSpan = cols.length + 1; pre.textContent = stubText(r, k);
        cell.appendChild(pre); row.appendChild(cell); tr.after(row);
      });
      td.appendChild(b);
      return td;
    }

    var tbody = root.querySelector("tbody"), count = root.querySelector(".xt-count");
    var prev = root.querySelector(".xt-prev"), next = root.querySelector(".xt-next");
    var heads = root.querySelectorAll("th[data-i]");

    function render() {
      var idx = [];
      for (var k = 0; k < rows.length; k++) { if (passes(k)) { idx.push(k); } }
      if (st.sort >= 0) { idx.sort(cmp); }
      var size = st.size > 0 ? st.size : idx.length || 1;
      var pages = Math.max(1, Math.ceil(idx.length / size));
      if (st.page >= pages) { st.page = pages - 1; }
      var from = st.page * size, to = Math.min(idx.length, from + size);
      var frag = document.createDocumentFragment();
      for (var n = from; n < to; n++) {
        var r = rows[idx[n]], tr = document.createElement("tr");
        for (var i = 0; i < cols.length; i++) {
          var td = document.createElement("td");
          td.setAttribute("data-col", cols[i].name);
          if (i === ctx && r[i]) {
            var p = paras[r[i][0]] || "", a = r[i][1], b = r[i][2];
            if (a === null || b === null || a < 0 || b > p.length || a >= b) { td.textContent = p; }
            else {
              td.appendChild(document.createTextNode(p.slice(0, a)));
              var m = document.createElement("mark"); m.textContent = p.slice(a, b); td.appendChild(m);
              td.appendChild(document.createTextNode(p.slice(b)));
            }
          } else { td.textContent = cellText(r, i); }
          if (cols[i].kind === "number") { td.className = "xt-num"; }
          tr.appendChild(td);
        }
        if (spec.stub) { tr.appendChild(stubCell(r, idx[n])); }
        frag.appendChild(tr);
      }
      tbody.textContent = "";
      tbody.appendChild(frag);
      count.textContent = idx.length ? "rows " + (from + 1) + "\u2013" + to + " of " + idx.length +
        (idx.length < rows.length ? " (filtered from " + rows.length + ")" : "") : "no rows match";
      root.setAttribute("data-shown", String(idx.length));
      prev.disabled = st.page <= 0;
      next.disabled = st.page >= pages - 1;
      heads.forEach(function (h) {
        var i = Number(h.getAttribute("data-i"));
        h.setAttribute("aria-sort", i === st.sort ? (st.dir > 0 ? "ascending" : "descending") : "none");
      });
    }

    root.querySelector(".xt-search").addEventListener("input", function (e) {
      st.q = low(e.target.value).trim(); st.page = 0; render();
    });
    root.querySelectorAll("input.xt-filter").forEach(function (inp) {
      inp.addEventListener("input", function () {
        st.f[Number(inp.getAttribute("data-i"))] = low(inp.value).trim(); st.page = 0; render();
      });
    });
    heads.forEach(function (h) {
      function sortBy() {
        var i = Number(h.getAttribute("data-i"));
        if (st.sort === i) { st.dir = -st.dir; } else { st.sort = i; st.dir = 1; }
        st.page = 0; render();
      }
      h.addEventListener("click", sortBy);
      h.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(); } });
    });
    root.querySelector(".xt-size").addEventListener("change", function (e) {
      st.size = Number(e.target.value); st.page = 0; render();
    });
    prev.addEventListener("click", function () { st.page -= 1; render(); });
    next.addEventListener("click", function () { st.page += 1; render(); });
    render();
  }

  function initAll() { document.querySelectorAll("div.xt").forEach(init); }
  window.__explore_tables = { initAll: initAll };
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", initAll); }
  else { initAll(); }
})();
