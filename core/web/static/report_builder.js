// The report builder (B11): the "Sort by" choices follow the groups and figures chosen, and a
// figure's field list keeps the fields its function applies to. Without this script the page
// works the same; the server recomputes both when the form comes back.
(function () {
  "use strict";
  var NUMERIC = { number: 1, money: 1, quantity: 1 };
  var FOR_FUNCTION = {
    sum: NUMERIC, avg: NUMERIC,
    min: { number: 1, money: 1, quantity: 1, date: 1, datetime: 1 },
    max: { number: 1, money: 1, quantity: 1, date: 1, datetime: 1 }
  };

  function chosen(select) {
    var option = select && select.options[select.selectedIndex];
    return option && option.value ? { value: option.value, text: option.text } : null;
  }

  function sortKeys(form) {
    var keys = [];
    form.querySelectorAll('tr[data-row="group_by"]').forEach(function (row) {
      var field = chosen(row.querySelector('select[name$=".field"]'));
      var by = chosen(row.querySelector('select[name$=".by"]'));
      if (field) keys.push([by ? field.value + ":" + by.value : field.value, field.text + (by ? " " + by.text : "")]);
    });
    var grouped = keys.length > 0, figures = 0;
    form.querySelectorAll('tr[data-row="aggregates"]').forEach(function (row) {
      var fn = chosen(row.querySelector('select[name$=".fn"]'));
      if (!fn) return;
      var field = chosen(row.querySelector('select[name$=".field"]'));
      var heading = row.querySelector('input[name$=".label"]').value.trim();
      figures += 1;
      keys.push([field ? fn.value + ":" + field.value : fn.value, heading || (fn.text + (field ? " " + field.text : ""))]);
    });
    if (grouped && figures === 0) keys.push(["count", form.getAttribute("data-count-label") || "Count"]);
    return keys;
  }

  function refreshSort(form) {
    var select = form.querySelector("#f-sort");
    var keys = sortKeys(form);
    if (!select || keys.length === 0) return;
    var current = select.value;
    while (select.options.length > 1) select.remove(1);
    [["", " ↑"], ["-", " ↓"]].forEach(function (way) {
      keys.forEach(function (key) {
        var option = new Option(key[1] + way[1], way[0] + key[0]);
        option.selected = option.value === current;
        select.add(option);
      });
    });
  }

  function limitFields(row) {
    var fn = chosen(row.querySelector('select[name$=".fn"]'));
    var kinds = fn ? FOR_FUNCTION[fn.value] : null;
    row.querySelectorAll('select[name$=".field"] option[data-kind]').forEach(function (option) {
      option.disabled = Boolean(kinds) && !kinds[option.getAttribute("data-kind")];
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("report-builder");
    if (!form) return;
    form.querySelectorAll('tr[data-row="aggregates"]').forEach(limitFields);
    form.addEventListener("change", function (event) {
      var row = event.target.closest("tr[data-row]");
      if (row && row.getAttribute("data-row") === "aggregates") limitFields(row);
      if (row && row.getAttribute("data-row") !== "filters") refreshSort(form);
    });
  });
})();
