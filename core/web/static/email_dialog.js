// A document's "Email" opens its form in a dialog over the document (issue 17, item 10): the
// form is the e-mail page's own, fetched; sending posts it as the page would. A refusal (a
// field, the mail server) shows again in the dialog; once sent, the document's page shows
// with its message. Without this file "Email" opens the e-mail page.
(function () {
  var opener = document.querySelector("a[data-doc=email]");
  if (!opener || !window.fetch || typeof HTMLDialogElement !== "function") return;
  var dialog = document.createElement("dialog");
  dialog.className = "dialog email-dialog";
  dialog.setAttribute("aria-labelledby", "email-dialog-title");
  document.body.appendChild(dialog);
  // an attempt that failed is in the record's e-mail log: closing shows the page again with it
  var attempted = false;
  dialog.addEventListener("close", function () { if (attempted) window.location.reload(); });

  function show(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var form = page.getElementById("email-form"), heading = page.querySelector(".page-head h1");
    if (!form) { window.location.href = opener.href; return; }
    form.setAttribute("action", opener.href);
    dialog.textContent = "";
    var head = document.createElement("div");
    head.className = "dialog-head";
    var title = document.createElement("h2");
    title.id = "email-dialog-title";
    title.textContent = heading ? heading.textContent : opener.textContent;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "icon-btn";
    close.setAttribute("aria-label", opener.getAttribute("data-close") || "Close");
    close.textContent = "×";
    close.addEventListener("click", function () { dialog.close(); });
    head.appendChild(title);
    head.appendChild(close);
    dialog.appendChild(head);
    dialog.appendChild(document.importNode(form, true));
    var cancel = dialog.querySelector(".form-actions a");
    if (cancel) cancel.addEventListener("click", function (event) { event.preventDefault(); dialog.close(); });
    if (!dialog.open) dialog.showModal();
    var first = dialog.querySelector(".has-error input, .has-error textarea, #f-to");
    if (first) first.focus();
  }

  opener.addEventListener("click", function (event) {
    event.preventDefault();
    fetch(opener.href, {credentials: "same-origin"})
      .then(function (response) { return response.text(); })
      .then(show)
      .catch(function () { window.location.href = opener.href; });
  });
  dialog.addEventListener("submit", function (event) {
    var form = event.target;
    event.preventDefault();
    attempted = true;
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                        headers: {"X-Requested-With": "fetch"}})
      .then(function (response) {
        var sent = response.headers.get("X-Location");
        if (sent) { attempted = false; window.location.href = sent; return null; }
        return response.text();
      })
      .then(function (html) { if (html !== null) show(html); })
      .catch(function () { form.submit(); });
  });
})();
