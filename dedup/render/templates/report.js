// dedup report: filter the question table, mark the current cluster in the navigation,
// open every diff for printing. The report reads fine without this script.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var table = document.getElementById("all-table");
  var search = document.getElementById("q-search");
  var fraction = document.getElementById("q-fraction");
  var status = document.getElementById("q-status");
  var count = document.getElementById("q-count");
  var empty = document.getElementById("q-empty");

  if (table && search && fraction && status && count && empty) {
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var haystacks = rows.map(function (row) { return fold(row.textContent); });

    var matchesStatus = function (row, wanted) {
      var cluster = row.getAttribute("data-cluster");
      var kind = row.getAttribute("data-kind");
      switch (wanted) {
        case "duplicate": return cluster !== "";
        case "near-identical": return kind === "near-identical";
        case "paraphrase": return kind === "paraphrase";
        case "once": return cluster === "";
        case "reused": return row.getAttribute("data-reused") === "yes";
        default: return true;
      }
    };

    var apply = function () {
      var words = fold(search.value).split(/\s+/).filter(Boolean);
      var wantFraction = fraction.value;
      var wantStatus = status.value;
      var shown = 0;
      rows.forEach(function (row, i) {
        var ok = (!wantFraction || row.getAttribute("data-fraction") === wantFraction) &&
          matchesStatus(row, wantStatus) &&
          words.every(function (w) { return haystacks[i].indexOf(w) !== -1; });
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      count.textContent = (count.getAttribute("data-template") || "{shown} / {total}")
        .replace("{shown}", String(shown)).replace("{total}", String(rows.length));
      empty.hidden = shown !== 0;
    };

    search.addEventListener("input", apply);
    fraction.addEventListener("change", apply);
    status.addEventListener("change", apply);
    apply();
  }

  var navLinks = Array.prototype.slice.call(document.querySelectorAll(".nav-clusters a"));
  var markCurrent = function () {
    var id = decodeURIComponent(window.location.hash.slice(1));
    navLinks.forEach(function (a) {
      var current = a.getAttribute("data-cluster") === id;
      a.classList.toggle("current", current);
      if (current) {
        a.setAttribute("aria-current", "location");
      } else {
        a.removeAttribute("aria-current");
      }
    });
  };
  window.addEventListener("hashchange", markCurrent);
  markCurrent();

  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.slice.call(document.querySelectorAll("details:not([open])"));
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
}());
