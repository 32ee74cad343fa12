// A download prepared by a background task (lms.prepared): while it is, the
// progress bar asks the server every few seconds and says when it is ready (the
// status text is a live region for screen readers). Without JavaScript the page has a
// "Refresh" link.
(function () {
  "use strict";
  var box = document.querySelector("[data-export-status]");
  if (!box) return;
  var url = box.getAttribute("data-export-status");
  var bar = document.getElementById("export-progress");
  var state = document.getElementById("export-state");

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        bar.value = body.progress;
        bar.textContent = body.progress + "%";
        state.textContent = body.label + " · " + body.progress + "%";
        if (body.status === "queued" || body.status === "building") {
          setTimeout(poll, 3000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { setTimeout(poll, 10000); });
  }
  setTimeout(poll, 2000);
})();
