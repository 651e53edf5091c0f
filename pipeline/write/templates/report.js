"use strict";
// Sorting, filtering and folding for the auditor's page. The page reads the same without it:
// every report unfolded, every row shown. Words come from the page itself (data-template),
// already in the run's language.
(function () {
  var root = document.documentElement;
  root.classList.add("js");
  var table = document.getElementById("overview-table");
  if (!table) { return; }
  var body = table.tBodies[0];
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var reports = Array.prototype.slice.call(document.querySelectorAll("details.report"));
  var text = document.getElementById("filter");
  var unit = document.getElementById("unit-filter");
  var year = document.getElementById("year-filter");
  var status = document.getElementById("status-filter");
  var review = document.getElementById("review-only");
  var shown = document.getElementById("shown");

  function key(row, index, type) {
    var value = row.cells[index].textContent.trim().replace("\u2212", "-");
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

  function keeps(el, needle) {
    return (!unit.value || el.dataset.unit === unit.value)
      && (!year.value || el.dataset.year === year.value)
      && (!status.value || el.dataset.status === status.value)
      && (!review.checked || el.dataset.review === "1")
      && (!needle || el.textContent.toLowerCase().indexOf(needle) !== -1);
  }

  function filter() {
    var needle = text.value.trim().toLowerCase();
    var count = 0;
    var kept = {};
    Array.prototype.forEach.call(body.rows, function (row) {
      var visible = keeps(row, needle);
      row.classList.toggle("hidden", !visible);
      if (visible) { count += 1; kept[row.dataset.report] = true; }
    });
    reports.forEach(function (report) { report.classList.toggle("hidden", !kept[report.id]); });
    shown.textContent = shown.dataset.template
      .replace("{shown}", String(count)).replace("{total}", String(body.rows.length));
  }
  [unit, year, status, review].forEach(function (el) { el.addEventListener("change", filter); });
  text.addEventListener("input", filter);

  function fold(open) { reports.forEach(function (report) { report.open = open; }); }
  document.getElementById("fold-all").addEventListener("click", function () { fold(false); });
  document.getElementById("unfold-all").addEventListener("click", function () { fold(true); });

  // A link into a folded report (a finding, a picture) unfolds it first.
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    for (var el = target; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") { el.open = true; }
    }
    if (target && target.classList.contains("evidence")) { root.classList.add("zoomed"); }
    else { root.classList.remove("zoomed"); }
  }
  window.addEventListener("hashchange", reveal);

  // An enlarged picture closes with Escape, back to the row it belongs to.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !root.classList.contains("zoomed")) { return; }
    var close = document.querySelector(".evidence:target .close");
    if (close) { location.hash = close.getAttribute("href"); }
  });

  // Printed: every report that the filter keeps, unfolded, whatever was folded on screen.
  var folded = [];
  window.addEventListener("beforeprint", function () {
    folded = reports.filter(function (report) { return !report.open; });
    fold(true);
  });
  window.addEventListener("afterprint", function () {
    folded.forEach(function (report) { report.open = false; });
  });

  filter();
  // Forty reports unfolded are dozens of screens: folded, the overview leads to each one.
  if (reports.length > 3) { fold(false); }
  reveal();
}());
