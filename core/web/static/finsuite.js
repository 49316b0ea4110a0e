// Small progressive enhancements; every page works without this file.
// A page that sends the browser to another site (leave.html) follows its link at once.
document.addEventListener("DOMContentLoaded", function () {
  var link = document.querySelector("a[data-follow]");
  if (link) window.location.replace(link.href);
});
document.addEventListener("submit", function (event) {
  var form = event.target;
  var message = form.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});
document.addEventListener("change", function (event) {
  if (event.target.hasAttribute("data-autosubmit")) event.target.form.submit();
});
// The top bar's tabs that do not fit on one line go under "More" (the active tab stays in
// view); on a phone all of them fold into one menu. Without this file they scroll sideways.
(function () {
  var bar = document.querySelector(".topbar"), toggle = bar && bar.querySelector(".nav-toggle");
  if (!toggle) return;
  var tabs = bar.querySelector(".tabs"), more = bar.querySelector(".more-tabs");
  var moreToggle = more.querySelector(".more-toggle"), moreMenu = more.querySelector(".menu");
  toggle.hidden = false;
  function close() {
    bar.classList.remove("nav-open");
    toggle.setAttribute("aria-expanded", "false");
    moreMenu.hidden = true;
    moreToggle.setAttribute("aria-expanded", "false");
  }
  function fit() {
    close();
    bar.classList.remove("folded");
    more.hidden = true;
    moreMenu.textContent = "";
    var all = Array.prototype.slice.call(tabs.querySelectorAll(".tab"));
    all.forEach(function (tab) { tab.classList.remove("spilled"); });
    if (tabs.scrollWidth <= tabs.clientWidth + 1) return;
    if (window.innerWidth < 700) { bar.classList.add("folded"); return; }
    more.hidden = false;
    var spilled = [];
    for (var i = all.length - 1; i >= 0 && tabs.scrollWidth > tabs.clientWidth + 1; i--) {
      if (all[i].classList.contains("active")) continue;
      all[i].classList.add("spilled");
      spilled.unshift(all[i]);
    }
    spilled.forEach(function (tab) {
      var link = tab.cloneNode(true);
      link.classList.remove("spilled", "tab");
      moreMenu.appendChild(link);
    });
  }
  toggle.addEventListener("click", function () {
    var open = bar.classList.toggle("nav-open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });
  moreToggle.addEventListener("click", function () {
    moreMenu.hidden = !moreMenu.hidden;
    moreToggle.setAttribute("aria-expanded", moreMenu.hidden ? "false" : "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && (bar.classList.contains("nav-open") || !moreMenu.hidden)) { close(); }
  });
  document.addEventListener("click", function (event) {
    if (!bar.contains(event.target) || (!more.contains(event.target) && !toggle.contains(event.target))) close();
  });
  fit();
  window.addEventListener("resize", fit);
})();
document.addEventListener("click", function (event) {
  document.querySelectorAll("details.user-menu[open]").forEach(function (menu) {
    if (!menu.contains(event.target)) menu.removeAttribute("open");
  });
});
// A record's page whose changes still wait for a finance application (just saved) asks every
// half second, for up to 20 seconds, until they have reached it; then it reloads, so the number,
// status and balance the finance application gave show without a click. A user who has started
// something on the page (a click, a key) is not interrupted: a note offers the reload instead.
(function () {
  var wait = document.querySelector("[data-sync-wait]");
  if (!wait || !window.fetch) return;
  var tries = 0, busy = false;
  ["pointerdown", "keydown"].forEach(function (name) {
    document.addEventListener(name, function () { busy = true; }, {capture: true, once: true});
  });
  function answered() {
    if (!busy) { window.location.reload(); return; }
    var note = document.createElement("p");
    note.className = "flash flash-success";
    note.setAttribute("role", "status");
    note.appendChild(document.createTextNode(wait.getAttribute("data-sync-done") + " "));
    var link = document.createElement("a");
    link.href = window.location.href;
    link.textContent = wait.getAttribute("data-sync-reload");
    note.appendChild(link);
    wait.replaceWith(note);
    note.hidden = false;
  }
  function ask() {
    tries += 1;
    fetch(wait.getAttribute("data-sync-wait"), {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : {waiting: true}; })
      .then(function (state) {
        if (!state.waiting) answered();
        else if (tries < 40) window.setTimeout(ask, 500);
      }).catch(function () { if (tries < 40) window.setTimeout(ask, 1000); });
  }
  window.setTimeout(ask, 300);
})();
// The page's strips (receivables ...) as the server shows them now: after a related list's
// refresh has pulled the page's record too.
function refreshStrips() {
  fetch(window.location.href, {credentials: "same-origin"}).then(function (response) {
    return response.ok ? response.text() : "";
  }).then(function (html) {
    if (!html) return;
    var fresh = new DOMParser().parseFromString(html, "text/html");
    document.querySelectorAll("section.strip[aria-label]").forEach(function (strip) {
      var label = strip.getAttribute("aria-label");
      fresh.querySelectorAll("section.strip[aria-label]").forEach(function (other) {
        if (other.getAttribute("aria-label") === label) strip.replaceWith(other);
      });
    });
  }).catch(function () {});
}
// A related list's refresh icon (B3): POST it with fetch and put the panel the server
// re-rendered in place of the old one; without this script the form posts and redirects.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.hasAttribute("data-related-refresh") || event.defaultPrevented || !window.fetch) return;
  event.preventDefault();
  var panel = form.closest("[data-related]");
  if (!panel || panel.getAttribute("aria-busy") === "true") return;
  panel.setAttribute("aria-busy", "true");
  var token = document.querySelector('meta[name="csrf-token"]');
  fetch(form.action, {
    method: "POST", body: new FormData(form), credentials: "same-origin",
    headers: {"X-Requested-With": "fetch", "X-CSRFToken": token ? token.content : ""}
  }).then(function (response) {
    if (!response.ok) throw new Error("HTTP " + response.status);
    return response.text();
  }).then(function (html) {
    panel.outerHTML = html;
    refreshStrips();
  }).catch(function (error) {
    panel.removeAttribute("aria-busy");
    var note = panel.querySelector(".related-error") || document.createElement("p");
    note.className = "flash flash-error related-error";
    note.setAttribute("role", "alert");
    note.textContent = "Could not refresh this list (" + error.message + "). Reload the page and try again.";
    panel.querySelector(".panel-head").insertAdjacentElement("afterend", note);
  });
});
// A file over the upload limit is refused beside its field before the form is sent (the
// server would refuse the whole request, and the other fields typed with it).
document.addEventListener("change", function (event) {
  var input = event.target;
  if (input.type !== "file" || !input.hasAttribute("data-max-bytes")) return;
  var field = input.closest(".field");
  var shown = field && field.querySelector("[data-size-error]");
  if (shown) shown.remove();
  if (field && !field.querySelector(".error")) field.classList.remove("has-error");
  var file = input.files && input.files[0];
  if (!file || file.size <= Number(input.getAttribute("data-max-bytes"))) return;
  input.value = "";
  if (!field) return;
  var error = document.createElement("p");
  error.className = "error";
  error.setAttribute("data-size-error", "");
  error.textContent = input.getAttribute("data-too-large");
  input.insertAdjacentElement("afterend", error);
  field.classList.add("has-error");
});
// A folded section opens when the address points into it (Setup > Finance Suite after
// Connect: #app-books).
function openFoldOfHash() {
  var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
  var fold = target && target.closest("details.fold");
  if (fold && !fold.open) { fold.open = true; target.scrollIntoView(); }
}
document.addEventListener("DOMContentLoaded", openFoldOfHash);
window.addEventListener("hashchange", openFoldOfHash);
