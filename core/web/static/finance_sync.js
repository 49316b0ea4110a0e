// Setup > Finance Suite: the Zoho fields shown only for the Zoho connector; the progress bar of a
// Sync now run, polled every 500 ms until it ends.
(function () {
  document.querySelectorAll("form.finance-app select[name=connector]").forEach(function (select) {
    function toggle() {
      select.form.querySelectorAll(".zoho-only").forEach(function (field) {
        field.hidden = select.value !== "zoho";
      });
    }
    select.addEventListener("change", toggle);
    toggle();
  });
})();
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
    // the job's "last run" row and the run's row in the history
    var doneText = fill(box.getAttribute("data-of"), {done: format.format(run.done), total: format.format(run.total)});
    var job = document.querySelector('tr[data-job="' + run.job + '"][data-last-run="' + run.id + '"]');
    if (job && job.querySelector(".last-done")) {
      job.querySelector(".last-done").textContent = doneText + (run.failed ? ", " + failed.textContent : "");
    }
    var history = document.querySelector('tr[data-run="' + run.id + '"]');
    if (history) {
      history.querySelector(".last-done").textContent = doneText;
      history.querySelector(".last-failed").textContent = format.format(run.failed);
    }
    [job, history].forEach(function (row) {
      if (!row || !row.querySelector(".last-state")) return;
      row.querySelector(".last-state").textContent = badge.textContent;
      row.querySelector(".last-finished").textContent = run.finished;
    });
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
