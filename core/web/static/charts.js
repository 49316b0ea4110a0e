// Draws report results (B11, B12) with Chart.js (vendored: static/vendor). An element
// <div class="report-chart" data-chart="bar|line|pie|number|table" data-src="URL"> is filled
// from the JSON at URL ({columns: [{key, label, kind}], rows: [[...]]}, as the API's
// /reports/<key>/run answers); data-result="ID" reads it from <script type="application/json" id=ID>.
(function () {
  "use strict";
  var COLORS = ["#2563eb", "#16a34a", "#f59e0b", "#dc2626", "#7c3aed", "#0891b2", "#db2777", "#65a30d"];
  var GROUP_KINDS = { text: 1, reference: 1, user: 1, date: 1, period: 1, boolean: 1 };

  function cellText(value) {
    if (value === null || value === undefined) return "—";
    if (typeof value === "object") return value.title || ("#" + value.id);
    return String(value);
  }

  function numeric(value) {
    var n = parseFloat(value);
    return isNaN(n) ? 0 : n;
  }

  // The result as Chart.js data: the first group column gives the labels; with a second group,
  // one dataset per value of it (first measure); else one dataset per measure.
  function chartData(result) {
    var cols = result.columns, groups = [], measures = [];
    cols.forEach(function (c, i) { (GROUP_KINDS[c.kind] && measures.length === 0 ? groups : measures).push(i); });
    if (measures.length === 0) return null;
    var labels = [], datasets = [];
    if (groups.length === 2) {
      var series = {}, order = [];
      result.rows.forEach(function (row) {
        var label = cellText(row[groups[0]]), name = cellText(row[groups[1]]);
        if (labels.indexOf(label) < 0) labels.push(label);
        if (!series[name]) { series[name] = {}; order.push(name); }
        series[name][label] = numeric(row[measures[0]]);
      });
      order.forEach(function (name, n) {
        datasets.push({ label: name, backgroundColor: COLORS[n % COLORS.length], borderColor: COLORS[n % COLORS.length],
          data: labels.map(function (l) { return series[name][l] || 0; }) });
      });
    } else {
      labels = result.rows.map(function (row) { return groups.length ? cellText(row[groups[0]]) : ""; });
      measures.forEach(function (m, n) {
        // a measure of another kind than the first (a count beside amounts) on a second axis
        datasets.push({ label: cols[m].label, backgroundColor: COLORS[n % COLORS.length], borderColor: COLORS[n % COLORS.length],
          yAxisID: cols[m].kind === cols[measures[0]].kind ? "y" : "y1",
          data: result.rows.map(function (row) { return numeric(row[m]); }) });
      });
    }
    var kinds = { y: cols[measures[0]].kind, y1: "" };
    measures.forEach(function (m) { if (cols[m].kind !== kinds.y && !kinds.y1) kinds.y1 = cols[m].kind; });
    return { labels: labels, datasets: datasets, measure: measures[0], kinds: kinds };
  }

  function drawNumber(box, result) {
    var data = chartData(result), figure = document.createElement("p");
    figure.className = "report-number";
    figure.textContent = data && result.rows.length ? cellText(result.rows[0][data.measure]) : "—";
    box.appendChild(figure);
  }

  function draw(box, result) {
    var kind = box.getAttribute("data-chart") || "bar";
    box.setAttribute("data-rows", String(result.rows.length));
    if (kind === "table") return;
    if (kind === "number") return drawNumber(box, result);
    var data = chartData(result);
    if (!data || typeof window.Chart === "undefined") return;
    if (kind === "pie") {
      data.datasets = data.datasets.slice(0, 1);
      data.datasets[0].backgroundColor = data.labels.map(function (_l, i) { return COLORS[i % COLORS.length]; });
    }
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", box.getAttribute("data-label") || "");
    box.appendChild(canvas);
    var options = { responsive: true, maintainAspectRatio: false, animation: false,
      plugins: { legend: { display: kind === "pie" || data.datasets.length > 1 } } };
    if (kind !== "pie") {  // counts in whole numbers; a second axis on the right
      options.scales = { y: { ticks: { precision: data.kinds.y === "number" ? 0 : undefined } } };
      if (data.datasets.some(function (d) { return d.yAxisID === "y1"; })) {
        options.scales.y1 = { position: "right", grid: { drawOnChartArea: false },
          ticks: { precision: data.kinds.y1 === "number" ? 0 : undefined } };
      }
    }
    box.chart = new window.Chart(canvas, { type: kind, data: { labels: data.labels, datasets: data.datasets }, options: options });
    box.setAttribute("data-drawn", "true");
  }

  function load(box) {
    var inline = box.getAttribute("data-result");
    if (inline) {
      draw(box, JSON.parse(document.getElementById(inline).textContent));
      return;
    }
    var src = box.getAttribute("data-src");
    if (!src) return;
    box.setAttribute("aria-busy", "true");
    fetch(src, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json().then(function (body) { return [response.ok, body]; }); })
      .then(function (answer) {
        box.removeAttribute("aria-busy");
        if (!answer[0]) throw new Error((answer[1] && answer[1].message) || "error");
        draw(box, answer[1]);
        box.dispatchEvent(new CustomEvent("report:loaded", { detail: answer[1], bubbles: true }));
      })
      .catch(function (error) {
        box.removeAttribute("aria-busy");
        var note = document.createElement("p");
        note.className = "report-error";
        note.textContent = box.getAttribute("data-error") || String(error.message || error);
        box.appendChild(note);
      });
  }

  function redraw(box) {
    if (box.chart) { box.chart.destroy(); box.chart = null; }
    while (box.firstChild) box.removeChild(box.firstChild);
    load(box);
  }

  window.FinsuiteCharts = { draw: draw, load: load, redraw: redraw, chartData: chartData, cellText: cellText };
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".report-chart"), load);
  });
})();
