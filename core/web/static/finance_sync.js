// Setup > Finance Suite: the progress bar of a Sync now run, polled every 500 ms until it ends.
(function () {
  var box = document.getElementById("sync-progress");
  if (!box) return;
  var bar = box.querySelector("progress");
  var text = box.querySelector(".progress-text");
  var failed = box.querySelector(".progress-failed");
  var badge = box.querySelector(".progress-state");
  var states = JSON.parse(box.getAttribute("data-states") || "{}");
  var format = new Intl.NumberFormat(document.documentElement.lang || undefined);

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  function show(run) {
    bar.value = run.percent;
    bar.textContent = run.percent + "%";
    text.textContent = fill(box.getAttribute("data-of"), {done: format.format(run.processed), total: format.format(run.total)});
    failed.textContent = run.failed ? fill(box.getAttribute("data-failed"), {n: format.format(run.failed)}) : "";
    badge.textContent = states[run.state] || run.state;
    box.setAttribute("data-state", run.state);
  }

  function poll() {
    fetch(box.getAttribute("data-url"), {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (response) {
        if (response.status === 403 || response.status === 404) return null;  // gone: stop polling
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (run) {
        if (!run) return;
        show(run);
        if (run.state === "running") window.setTimeout(poll, 500);
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }

  if (box.getAttribute("data-state") === "running") window.setTimeout(poll, 500);
})();
