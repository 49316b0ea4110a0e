// The Dashboards tab (B12): charts.js draws each card's chart from its component's JSON; this
// file writes the same result as a table under it, and refreshes one card or all of them.
(function () {
  "use strict";
  var NUMERIC = { number: 1, money: 1, quantity: 1, decimal: 1, ratio: 1, percent: 1 };

  function text(value) {
    return window.FinsuiteCharts ? window.FinsuiteCharts.cellText(value) : String(value);
  }

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  function table(result, empty) {
    if (!result.rows.length) return element("p", "muted empty", empty || "—");
    var out = element("table", "table compact"), head = element("thead"), row = element("tr"), body = element("tbody");
    result.columns.forEach(function (column) {
      row.appendChild(element("th", NUMERIC[column.kind] ? "num" : "", column.label));
    });
    head.appendChild(row);
    result.rows.forEach(function (cells) {
      var line = element("tr");
      cells.forEach(function (value, i) {
        line.appendChild(element("td", NUMERIC[result.columns[i].kind] ? "num" : "", text(value)));
      });
      body.appendChild(line);
    });
    out.appendChild(head);
    out.appendChild(body);
    return out;
  }

  function place(card) {
    return card && card.querySelector("[data-dash-table]");
  }

  document.addEventListener("report:loaded", function (event) {
    var card = event.target.closest(".dash-card"), box = place(card);
    if (!box) return;
    box.textContent = "";
    box.appendChild(table(event.detail, box.getAttribute("data-empty")));
    card.setAttribute("data-loaded", "true");
  });

  function refresh(card) {
    var chart = card.querySelector(".report-chart"), box = place(card);
    if (!chart || !window.FinsuiteCharts) return;
    card.removeAttribute("data-loaded");
    if (box) box.textContent = "";
    window.FinsuiteCharts.redraw(chart);
  }

  document.addEventListener("click", function (event) {
    var one = event.target.closest("[data-dash-refresh]");
    if (one) refresh(one.closest(".dash-card"));
    if (event.target.closest("[data-dash-refresh-all]")) {
      Array.prototype.forEach.call(document.querySelectorAll(".dash-card"), refresh);
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-dash-refresh], [data-dash-refresh-all]"),
      function (button) { button.hidden = false; });
  });
})();
