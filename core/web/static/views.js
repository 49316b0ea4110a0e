// The form of a custom view (B10): filter rows added and removed, each row's conditions and value
// following the field chosen, columns moved up and down. Without this file the form still works:
// one blank row to fill per save, the columns in the order shown.
(function () {
  "use strict";

  function template(selector) {
    var found = document.querySelector(selector);
    return found ? found.content.firstElementChild.cloneNode(true) : null;
  }

  function showValue(row) {
    var op = row.querySelector("[data-filter-op]");
    var chosen = op.options[op.selectedIndex];
    var value = row.querySelector("[data-filter-value]");
    if (value) value.hidden = Boolean(chosen && chosen.hasAttribute("data-no-value"));
  }

  function fieldChanged(row) {
    var field = row.querySelector("[data-filter-field]");
    var option = field.options[field.selectedIndex];
    var ops = option && option.value ? option.getAttribute("data-ops").split(" ") : null;
    var select = row.querySelector("[data-filter-op]");
    var current = select.value;
    var all = document.getElementById("filter-ops").content.querySelectorAll("option");
    select.innerHTML = "";
    all.forEach(function (item) {
      if (!ops || ops.indexOf(item.value) >= 0) select.appendChild(item.cloneNode(true));
    });
    if (!ops || ops.indexOf(current) >= 0) select.value = current;
    var old = row.querySelector("[data-filter-value]");
    var fresh = (option && option.value && template('template[data-value-for="' + option.value + '"]'))
      || template("#filter-value-text");
    if (old.tagName === "INPUT" && fresh.tagName === "INPUT") fresh.value = old.value;
    old.replaceWith(fresh);
    showValue(row);
  }

  function addRow(rows) {
    var row = template("#filter-row");
    row.querySelector("[data-filter-remove]").hidden = false;
    rows.appendChild(row);
    showValue(row);
    return row;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var rows = document.querySelector("[data-filter-rows]");
    if (!rows) return;
    document.querySelectorAll("[data-filter-add], [data-filter-remove], [data-columns] .move").forEach(function (el) {
      el.hidden = false;
    });
    rows.querySelectorAll("[data-filter-row]").forEach(showValue);

    document.querySelector("[data-filter-add]").addEventListener("click", function () {
      addRow(rows).querySelector("[data-filter-field]").focus();
    });
    rows.addEventListener("change", function (event) {
      var row = event.target.closest("[data-filter-row]");
      if (!row) return;
      if (event.target.hasAttribute("data-filter-field")) fieldChanged(row);
      if (event.target.hasAttribute("data-filter-op")) showValue(row);
    });
    rows.addEventListener("click", function (event) {
      var button = event.target.closest("[data-filter-remove]");
      if (!button) return;
      button.closest("[data-filter-row]").remove();
      if (!rows.querySelector("[data-filter-row]")) addRow(rows);
    });
    document.querySelector("[data-columns]").addEventListener("click", function (event) {
      var button = event.target.closest("[data-move]");
      if (!button) return;
      var item = button.closest("li");
      if (button.getAttribute("data-move") === "up" && item.previousElementSibling) {
        item.parentNode.insertBefore(item, item.previousElementSibling);
      } else if (button.getAttribute("data-move") === "down" && item.nextElementSibling) {
        item.parentNode.insertBefore(item.nextElementSibling, item);
      }
      button.focus();
    });
  });
})();
