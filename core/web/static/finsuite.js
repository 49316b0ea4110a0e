// Small progressive enhancements; every page works without this file.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var message = form.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});
document.addEventListener("change", function (event) {
  if (event.target.hasAttribute("data-autosubmit")) event.target.form.submit();
});
document.addEventListener("click", function (event) {
  document.querySelectorAll("details.user-menu[open]").forEach(function (menu) {
    if (!menu.contains(event.target)) menu.removeAttribute("open");
  });
});
