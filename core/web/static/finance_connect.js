// Setup > Finance Suite: the Zoho data centre chosen fills the accounts server and API URLs
// (the server does the same on save); "Other" leaves them to be typed.
(function () {
  document.querySelectorAll("form.finance-app select.zoho-dc").forEach(function (select) {
    var form = select.form;
    var fields = {accounts: form.querySelector("input[name=accounts_url]"), api: form.querySelector("input[name=api_base]")};
    function fill() {
      var option = select.options[select.selectedIndex];
      var chosen = !!select.value;
      Object.keys(fields).forEach(function (key) {
        if (!fields[key]) return;
        if (chosen) fields[key].value = option.getAttribute("data-" + key);
        fields[key].readOnly = chosen;
      });
    }
    select.addEventListener("change", fill);
    fill();
  });
})();
