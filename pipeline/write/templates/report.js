"use strict";
// Sorting and filtering for the overview table; the page reads the same without it.
(function () {
  document.documentElement.classList.add("js");
  var table = document.getElementById("overview-table");
  if (!table) { return; }
  var body = table.tBodies[0];
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var text = document.getElementById("filter");
  var status = document.getElementById("status-filter");
  var withFindings = document.getElementById("findings-only");
  var shown = document.getElementById("shown");

  function key(row, index, type) {
    var value = row.cells[index].textContent.trim();
    if (type === "number") {
      var n = parseFloat(value);
      return isNaN(n) ? -Infinity : n;
    }
    return value;
  }

  headers.forEach(function (th, index) {
    th.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var type = th.getAttribute("data-type");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a, index, type), y = key(b, index, type);
        var order = type === "number" ? x - y : String(x).localeCompare(String(y), "zh-Hant");
        if (order === 0) { order = Number(a.dataset.rank) - Number(b.dataset.rank); }
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });

  function filter() {
    var needle = text.value.trim().toLowerCase();
    var count = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var visible = (!needle || row.textContent.toLowerCase().indexOf(needle) !== -1)
        && (!status.value || row.dataset.status === status.value)
        && (!withFindings.checked || Number(row.dataset.findings) > 0);
      row.classList.toggle("hidden", !visible);
      if (visible) { count += 1; }
    });
    shown.textContent = count + " of " + body.rows.length + " shown";
  }
  text.addEventListener("input", filter);
  status.addEventListener("change", filter);
  withFindings.addEventListener("change", filter);
  filter();
}());
