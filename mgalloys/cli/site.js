// The alloy index of an mgalloys site: sort by a click on a header, filter by typing.
// Plain JavaScript shipped with the site (mgalloys/cli/site.js): no library, no server, no
// request anywhere. Without it the table is still there, whole and in record order.
(function () {
  "use strict";
  var table = document.getElementById("mg-index");
  if (!table || !table.tBodies.length) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  function normal(text) { return text.toLowerCase().replace(/\s+/g, " ").trim(); }
  var texts = new Map();
  rows.forEach(function (row) {
    var cells = Array.prototype.map.call(row.cells, function (c) { return c.textContent; });
    texts.set(row, normal(cells.join(" · ") + " · " + (row.getAttribute("data-names") || "")));
  });

  // Filter: a row stays when it holds what is typed, in a cell or among its other names.
  var bar = document.createElement("p");
  bar.className = "mg-filter";
  var box = document.createElement("input");
  box.type = "search";
  box.id = "mg-filter";
  box.placeholder = "Filter: AZ91, M11916, sand casting, Elektron 21 ...";
  box.setAttribute("aria-label", "Filter the records");
  var count = document.createElement("span");
  count.className = "mg-count";
  count.setAttribute("aria-live", "polite");
  bar.appendChild(box);
  bar.appendChild(count);
  // before the table (this runs before Material wraps the table in its scroll box)
  var holder = table.closest(".md-typeset__scrollwrap") || table;
  holder.parentNode.insertBefore(bar, holder);

  function filter() {
    var query = normal(box.value);
    var shown = 0;
    rows.forEach(function (row) {
      var keep = texts.get(row).indexOf(query) >= 0;
      row.hidden = !keep;
      if (keep) shown += 1;
    });
    count.textContent = " " + shown + " of " + rows.length + " records";
  }
  box.addEventListener("input", filter);
  filter();

  // Sort: numbers by value (unknown last either way), text in natural order (AZ31 before AZ91).
  function key(row, col) {
    var cell = row.cells[col];
    var raw = cell.getAttribute("data-sort");
    if (raw === "") return { missing: true };
    var text = raw === null ? cell.textContent.trim() : raw;
    var num = Number(text);
    return raw !== null && text !== "" && !isNaN(num) ? { num: num } : { text: text };
  }
  function compare(a, b) {
    if (a.missing || b.missing) return a.missing && b.missing ? 0 : a.missing ? 1 : -1;
    if (a.num !== undefined && b.num !== undefined) return a.num - b.num;
    return String(a.text !== undefined ? a.text : a.num)
      .localeCompare(String(b.text !== undefined ? b.text : b.num), undefined, { numeric: true });
  }
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  function sortBy(col) {
    var th = heads[col];
    var up = th.getAttribute("aria-sort") !== "ascending";
    heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", up ? "ascending" : "descending");
    var keyed = rows.map(function (row, i) { return { row: row, key: key(row, col), i: i }; });
    keyed.sort(function (a, b) {
      var missing = (a.key.missing ? 1 : 0) - (b.key.missing ? 1 : 0);
      if (missing) return missing;  // unknown values stay last in both directions
      var c = compare(a.key, b.key);
      return (up ? c : -c) || a.i - b.i;
    });
    keyed.forEach(function (k) { body.appendChild(k.row); });
  }
  heads.forEach(function (th, col) {
    th.tabIndex = 0;
    th.title = (th.title ? th.title + ": " : "") + "sort";
    th.addEventListener("click", function () { sortBy(col); });
    th.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(col); }
    });
  });
})();
