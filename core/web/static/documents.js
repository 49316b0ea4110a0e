// The lines table of a document form: add, remove and reorder lines without a reload, fill a
// line from its product, and show the amounts and totals live. The figures follow
// core/documents/totals.py exactly: decimals as BigInt scaled integers (never floats), the
// operations rounded to 28 significant digits half-even as Python's decimal context does, the
// amounts half-up to the currency's places; the inputs are read as the schema loads them (plain
// decimals: quantity, discount and tax with at most 3 places, rate with at most 2; never rounded),
// once read as the reader types them (core/inputs.py typed_decimal: "1 234,56" in French) with the
// page's number symbols (the editor's data-decimal, data-group, data-minus); the figures are shown
// as core/web/numbers.py shown() writes them ("1 234,56").
(function () {
  "use strict";
  var PRECISION = 28;
  var NUMBER = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;

  function pow10(n) { return BigInt(10) ** BigInt(n); }
  function abs(n) { return n < BigInt(0) ? -n : n; }

  // n / d (d > 0) rounded to an integer, "up" = half away from zero, "even" = half to even
  function divRound(n, d, mode) {
    var q = n / d, r = abs(n % d);
    if (r === BigInt(0)) return q;
    var twice = r * BigInt(2);
    var away = mode === "up" ? twice >= d : (twice > d || (twice === d && q % BigInt(2) !== BigInt(0)));
    if (!away) return q;
    return n < BigInt(0) ? q - BigInt(1) : q + BigInt(1);
  }

  // a decimal is {m: BigInt, e: Number}: the value m x 10^e
  function parse(text) {
    var match = NUMBER.exec(text == null ? "" : String(text));
    if (!match || (match[2] === "" && (match[3] || "") === "")) return null;
    var fraction = match[3] || "";
    var m = BigInt((match[2] || "0") + fraction);
    return {m: match[1] === "-" ? -m : m, e: parseInt(match[4] || "0", 10) - fraction.length};
  }

  // an input as the schema loads it (core/inputs.py): plain ASCII digits, an optional minus (not
  // on zero), at most ``places`` decimal places, never rounded; null for anything else ("1e2")
  function plain(text, places) {
    var match = /^\s*(-?)([0-9]+)(?:\.([0-9]+))?\s*$/.exec(text == null ? "" : String(text));
    if (!match) return null;
    var fraction = (match[3] || "").replace(/0+$/, "");
    if (fraction.length > places) return null;
    var d = parse(match[1] + match[2] + (fraction ? "." + fraction : ""));
    if (match[1] === "-" && d.m === BigInt(0)) return null;
    return quantize(d, places, "even");
  }

  function context(d) {  // rounded to the context's 28 significant digits
    var digits = abs(d.m).toString().length;
    if (digits <= PRECISION) return d;
    var drop = digits - PRECISION;
    return {m: divRound(d.m, pow10(drop), "even"), e: d.e + drop};
  }
  function mul(a, b) { return context({m: a.m * b.m, e: a.e + b.e}); }
  function sub(a, b) {
    var e = Math.min(a.e, b.e);
    return context({m: a.m * pow10(a.e - e) - b.m * pow10(b.e - e), e: e});
  }
  function add(a, b) { return sub(a, {m: -b.m, e: b.e}); }
  function percent(d) { return {m: d.m, e: d.e - 2}; }  // d / 100, exact
  function quantize(d, places, mode) {
    var e = -places;
    if (d.e >= e) return {m: d.m * pow10(d.e - e), e: e};
    return {m: divRound(d.m, pow10(e - d.e), mode), e: e};
  }
  function compare(a, b) { var s = sub(a, b).m; return s > BigInt(0) ? 1 : s < BigInt(0) ? -1 : 0; }
  function format(d) {  // a quantised decimal as Python's str() shows it: "12.30", "0.00", "5"
    var places = -d.e, digits = abs(d.m).toString();
    var sign = d.m < BigInt(0) ? "-" : "";
    if (places <= 0) return sign + digits;
    digits = digits.padStart(places + 1, "0");
    return sign + digits.slice(0, -places) + "." + digits.slice(-places);
  }

  var ZERO = {m: BigInt(0), e: 0}, HUNDRED = {m: BigInt(100), e: 0};

  // numbers in the reader's locale: symbols = {decimal, group, minus} (core/web/numbers.py symbols())
  var SPACES = [" ", "\u00a0", "\u202f"];
  var ENGLISH = {decimal: ".", group: ",", minus: "-"};

  function digits(text) { return /^[0-9]+$/.test(text); }
  function partition(text, sep) {
    var at = text.indexOf(sep);
    return at < 0 ? [text, "", ""] : [text.slice(0, at), sep, text.slice(at + sep.length)];
  }
  // the digits of a whole part written plainly or grouped by thousands with one of ``groups``
  function wholeDigits(text, groups) {
    if (digits(text)) return text;
    if (!groups.length) return null;
    var parts = [text];
    groups.forEach(function (sep) {
      parts = [].concat.apply([], parts.map(function (part) { return part.split(sep); }));
    });
    if (parts.length < 2 || !parts.every(digits)) return null;
    if (parts[0].length > 3 || parts.slice(1).some(function (part) { return part.length !== 3; })) return null;
    return parts.join("");
  }

  // a number as the reader types it -> the plain decimal ("1234.56"), or null when it cannot be read
  // for sure; the same rule as core/inputs.py typed_decimal (docs/documents.md "Numbers typed in forms")
  function typed(text, symbols) {
    symbols = symbols || ENGLISH;
    var decimal = symbols.decimal, group = symbols.group, minus = symbols.minus;
    var groups = SPACES.indexOf(group) >= 0 || /^\s$/.test(group) ? SPACES.concat([group]) : [group];
    text = String(text == null ? "" : text).trim();
    var sign = "";
    if (text.charAt(0) === "-" || text.charAt(0) === minus) { sign = "-"; text = text.slice(1); }
    var split = partition(text, decimal);
    if (!split[1] && text.indexOf(".") >= 0 && decimal !== "." && group !== ".") {  // a dot where the locale has none
      split = partition(text, ".");
      if (digits(split[0]) && split[2].length === 3 && split[0].length <= 3 && split[0].charAt(0) !== "0") return null;
      groups = [];
    }
    if (split[1] && !digits(split[2])) return null;
    var whole = wholeDigits(split[0], groups);
    if (whole === null || (sign && /^0*$/.test(whole + split[2]))) return null;
    return sign + whole + (split[1] ? "." + split[2] : "");
  }

  // a figure (a plain decimal's text) as the reader reads it: grouped by thousands, with its places
  function shown(text, symbols) {
    symbols = symbols || ENGLISH;
    if (!text) return "";
    var sign = text.charAt(0) === "-" ? "-" : "", parts = partition(text.replace(/^-/, ""), ".");
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, function () { return symbols.group; });
    return sign + whole + (parts[1] ? symbols.decimal + parts[2] : "");
  }

  // one line's figures, or null when an input is not a valid number (the server answers 422)
  function lineAmounts(line, places) {
    var quantity = plain(blank(line.quantity) ? "1" : line.quantity, 3);
    var rate = plain(line.rate, 2);
    var discount = plain(blank(line.discount_percent) ? "0" : line.discount_percent, 3);
    var tax = plain(blank(line.tax_percent) ? "0" : line.tax_percent, 3);
    if (!quantity || !rate || !discount || !tax) return null;
    if (compare(quantity, ZERO) <= 0 || compare(rate, ZERO) < 0 || compare(discount, ZERO) < 0
        || compare(discount, HUNDRED) > 0 || compare(tax, ZERO) < 0 || compare(tax, HUNDRED) > 0) return null;
    var exact = mul(quantity, rate);
    var gross = quantize(exact, places, "up");
    var amount = quantize(sub(exact, percent(mul(exact, discount))), places, "up");
    var taxAmount = quantize(percent(mul(amount, tax)), places, "up");
    return {gross: gross, discount: sub(gross, amount), amount: amount, tax: taxAmount};
  }
  function blank(value) { return value == null || String(value).trim() === ""; }

  // lines: [{quantity, rate, discount_percent, tax_percent}] as strings; the answer's figures are
  // strings as core.line_amounts / core.document_totals give them ("" for a line that does not compute)
  function totals(lines, places) {
    places = places == null ? 2 : places;
    var zero = quantize(ZERO, places, "up");
    var sums = {sub_total: zero, discount_total: zero, tax_total: zero};
    var out = lines.map(function (line) {
      var figures = lineAmounts(line, places);
      if (!figures) return {gross: "", discount: "", amount: "", tax: ""};
      sums.sub_total = add(sums.sub_total, figures.amount);
      sums.discount_total = add(sums.discount_total, figures.discount);
      sums.tax_total = add(sums.tax_total, figures.tax);
      return {gross: format(figures.gross), discount: format(figures.discount),
              amount: format(figures.amount), tax: format(figures.tax)};
    });
    return {lines: out, sub_total: format(sums.sub_total), discount_total: format(sums.discount_total),
            tax_total: format(sums.tax_total), total: format(add(sums.sub_total, sums.tax_total))};
  }

  // the totals block as core.documents.totals.presented_totals shows it (every row): the sub total
  // before discounts, the discount negative, the tax, the total; read top-down, they add up
  function presented(result, places) {
    var sub = plain(result.sub_total, places), discount = plain(result.discount_total, places);
    return {sub_total: format(add(sub, discount)),
            discount_total: compare(discount, ZERO) ? "-" + result.discount_total : result.discount_total,
            tax_total: result.tax_total, total: result.total};
  }

  window.FinsuiteDocuments = {totals: totals, presented: presented, typed: typed, shown: shown};

  // the editor
  var IDENTIFYING = ["product_id", "name", "description", "rate"];

  function setup(editor) {
    var body = editor.querySelector("[data-line-rows]");
    var template = editor.querySelector("template[data-line-template]");
    var products = JSON.parse(editor.querySelector("script[data-products]").textContent || "{}");
    var field = editor.getAttribute("data-field");
    var places = parseInt(editor.getAttribute("data-places"), 10);
    var symbols = {decimal: editor.getAttribute("data-decimal") || ".", group: editor.getAttribute("data-group") || ",",
                   minus: editor.getAttribute("data-minus") || "-"};
    var pattern = new RegExp("^(f-|error-)?" + field + "-(\\d+|__n__)-");

    function rows() { return Array.prototype.slice.call(body.querySelectorAll("tr[data-line]")); }
    function input(row, name) { return row.querySelector('[data-line-field="' + name + '"]'); }
    function value(row, name) { var el = input(row, name); return el ? el.value : ""; }
    // a number typed the reader's way as the plain decimal; "?" (which does not compute) when unreadable
    function plainOf(text) {
      if (blank(text)) return text;
      var plainText = typed(text, symbols);
      return plainText === null ? "?" : plainText;
    }
    function isBlank(row) { return IDENTIFYING.every(function (name) { return blank(value(row, name)); }); }

    function renumber() {
      rows().forEach(function (row, index) {
        row.querySelector("[data-line-no]").textContent = String(index + 1);
        row.querySelectorAll("[name], [id]").forEach(function (el) {
          ["name", "id"].forEach(function (attr) {
            var current = el.getAttribute(attr);
            if (current && pattern.test(current)) {
              el.setAttribute(attr, current.replace(pattern, function (all, prefix) {
                return (prefix || "") + field + "-" + index + "-";
              }));
            }
          });
        });
      });
    }

    function recompute() {
      var all = rows();
      var lines = all.map(function (row) {
        var product = products[value(row, "product_id")] || {};
        if (isBlank(row)) return {rate: ""};
        return {quantity: plainOf(value(row, "quantity")),
                rate: plainOf(blank(value(row, "rate")) ? product.rate : value(row, "rate")),
                discount_percent: plainOf(value(row, "discount_percent")),
                tax_percent: plainOf(blank(value(row, "tax_percent")) ? product.tax_percent
                                                                      : value(row, "tax_percent"))};
      });
      var result = totals(lines, places), block = presented(result, places);
      all.forEach(function (row, index) {
        row.querySelector("[data-line-amount]").textContent = shown(result.lines[index].amount, symbols);
      });
      ["sub_total", "discount_total", "tax_total", "total"].forEach(function (key) {
        editor.querySelector('[data-total="' + key + '"]').textContent = shown(block[key], symbols);
      });
    }

    function addRow() {
      var fragment = template.content.cloneNode(true);
      var row = fragment.querySelector("tr[data-line]");
      body.appendChild(fragment);
      renumber();
      recompute();
      return row;
    }

    function fillFromProduct(row) {
      var product = products[value(row, "product_id")];
      if (!product) return;
      [["name", "name"], ["description", "description"], ["rate", "rate"], ["tax_percent", "tax_percent"]]
        .forEach(function (pair) { var el = input(row, pair[0]); if (el) el.value = product[pair[1]] || ""; });
    }

    editor.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || !editor.contains(button)) return;
      var row = button.closest("tr[data-line]");
      if (button.hasAttribute("data-line-add")) {
        var added = addRow();
        var first = added.querySelector("select, input, textarea");
        if (first) first.focus();
        return;
      }
      if (!row) return;
      if (button.hasAttribute("data-line-remove")) {
        row.remove();
        if (!rows().length) addRow();
      } else if (button.hasAttribute("data-line-up") && row.previousElementSibling) {
        body.insertBefore(row, row.previousElementSibling);
      } else if (button.hasAttribute("data-line-down") && row.nextElementSibling) {
        body.insertBefore(row.nextElementSibling, row);
      } else {
        return;
      }
      renumber();
      recompute();
    });
    editor.addEventListener("change", function (event) {
      if (event.target.getAttribute("data-line-field") === "product_id") fillFromProduct(event.target.closest("tr"));
      recompute();
    });
    editor.addEventListener("input", recompute);
    // Enter in a line's field does not send the form half typed: it goes to the same field of
    // the next line, adding one after the last (as in a spreadsheet)
    editor.addEventListener("keydown", function (event) {
      var field = event.target;
      if (event.key !== "Enter" || field.tagName !== "INPUT" || !field.hasAttribute("data-line-field")) return;
      event.preventDefault();
      var row = field.closest("tr[data-line]");
      var next = row.nextElementSibling || addRow();
      var same = next.querySelector('[data-line-field="' + field.getAttribute("data-line-field") + '"]');
      (same || next.querySelector("input, select, textarea")).focus();
    });

    // the server sends blank rows for browsers without scripts: here lines are added on demand
    rows().forEach(function (row) { if (isBlank(row) && !row.querySelector(".error")) row.remove(); });
    if (!rows().length) addRow();
    editor.classList.add("live");
    renumber();
    recompute();
  }

  document.querySelectorAll("[data-lines]").forEach(setup);
})();
