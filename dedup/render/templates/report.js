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

  // Review: the clerk's decisions, kept per document in localStorage and exported as
  // JSON (dedup/schema/decisions.schema.json), keyed by question ids and the sha256.
  var main = document.getElementById("main");
  var reviewMessages = document.getElementById("review-messages");
  if (main && reviewMessages) {
    var sha = main.getAttribute("data-sha256");
    var storeKey = "dedup-review:" + sha;
    var msg = JSON.parse(reviewMessages.textContent);
    var fill = function (template, fields) {
      return template.replace(/\{(\w+)\}/g, function (_, k) { return fields[k] || ""; });
    };
    var load = function () {
      try {
        var saved = JSON.parse(window.localStorage.getItem(storeKey) || "[]");
        return Array.isArray(saved) ? saved : [];
      } catch (e) {
        return [];
      }
    };
    var decisions = load();
    var save = function () {
      try { window.localStorage.setItem(storeKey, JSON.stringify(decisions)); } catch (e) { /* private mode */ }
    };
    var articles = Array.prototype.slice.call(document.querySelectorAll("article.question-cluster"));
    var clusterOf = {};
    articles.forEach(function (art) {
      Array.prototype.slice.call(art.querySelectorAll("tr[data-question]")).forEach(function (row) {
        clusterOf[row.getAttribute("data-question")] = art.id;
      });
    });
    var list = document.getElementById("review-list");
    var countLine = document.getElementById("review-count");

    var describe = function (d) {
      var q = d.questions;
      if (d.action === "confirm") { return fill(msg["review.confirm"], {cluster: clusterOf[q[0]]}); }
      if (d.action === "split") { return fill(msg["review.split"], {cluster: clusterOf[q[0]], question: q[0]}); }
      if (d.action === "merge") { return fill(msg["review.merge"], {cluster: clusterOf[q[0]], other: clusterOf[q[1]]}); }
      return fill(msg["review.attach"], {question: q[0], other: clusterOf[q[1]]});
    };

    var show = function () {
      articles.forEach(function (art) { art.classList.remove("confirmed", "merged-away"); });
      Array.prototype.slice.call(document.querySelectorAll("tr.split-out")).forEach(function (row) {
        row.classList.remove("split-out");
      });
      Array.prototype.slice.call(document.querySelectorAll(".review-split")).forEach(function (b) {
        b.disabled = false;
      });
      decisions.forEach(function (d) {
        var art = document.getElementById(clusterOf[d.questions[0]] || "");
        if (d.action === "confirm" && art) { art.classList.add("confirmed"); }
        if (d.action === "split" && art) {
          var row = art.querySelector('tr[data-question="' + d.questions[0] + '"]');
          if (row) {
            row.classList.add("split-out");
            row.querySelector(".review-split").disabled = true;
          }
        }
        if (d.action === "merge" && art) { art.classList.add("merged-away"); }
        if (d.action === "merge" || d.action === "attach") {
          var target = document.getElementById(clusterOf[d.questions[1]] || "");
          if (target) { target.classList.add("confirmed"); }
        }
      });
      list.textContent = "";
      decisions.forEach(function (d) {
        var li = document.createElement("li");
        li.textContent = describe(d);
        list.appendChild(li);
      });
      countLine.textContent = decisions.length ? fill(msg["review.count"], {n: String(decisions.length)}) : msg.review_none;
    };
    var add = function (action, questions) {
      decisions.push({action: action, questions: questions});
      save();
      show();
    };

    articles.forEach(function (art) {
      var first = art.getAttribute("data-first");
      art.querySelector(".review-confirm").addEventListener("click", function () { add("confirm", [first]); });
      art.querySelector(".review-merge").addEventListener("click", function () {
        var other = art.querySelector(".review-merge-target").value;
        if (other) { add("merge", [first, other]); }
      });
      Array.prototype.slice.call(art.querySelectorAll(".review-split")).forEach(function (b) {
        b.addEventListener("click", function () { add("split", [b.getAttribute("data-question")]); });
      });
    });
    document.getElementById("attach-button").addEventListener("click", function () {
      var q = document.getElementById("attach-question").value;
      var c = document.getElementById("attach-cluster").value;
      if (q && c) { add("attach", [q, c]); }
    });
    document.getElementById("review-clear").addEventListener("click", function () {
      decisions = [];
      save();
      show();
    });
    document.getElementById("review-export").addEventListener("click", function () {
      var data = {
        schema_version: 1,
        document_sha256: sha,
        document: main.getAttribute("data-document"),
        decisions: decisions
      };
      var blob = new Blob([JSON.stringify(data, null, 2) + "\n"], {type: "application/json"});
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = main.getAttribute("data-decisions-name") || "decisions.json";
      document.body.appendChild(link);
      link.click();
      document.body.removeChild(link);
      window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    });
    show();
  }

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
