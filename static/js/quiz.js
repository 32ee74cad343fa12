// Autosave: answers are posted a moment after each change, so a closed browser or a
// dead PC loses nothing. Without JavaScript the "save" button does the same.
(function () {
  "use strict";
  var form = document.querySelector("form.quiz");
  if (!form) return;
  var status = form.querySelector(".autosave-status");
  var url = form.getAttribute("data-autosave-url");
  var timer = null;

  function save() {
    var data = new FormData(form);
    data.delete("submit");
    data.delete("save");
    fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": data.get("csrfmiddlewaretoken") },
    })
      .then(function (response) { return response.json(); })
      .then(function (body) { status.textContent = body.message || body.error || ""; })
      .catch(function () { /* offline: the next change or the save button retries */ });
  }

  form.addEventListener("change", function () {
    clearTimeout(timer);
    timer = setTimeout(save, 800);
  });

  var left = document.querySelector("[data-seconds-left]");
  if (left) {
    var end = Date.now() + parseInt(left.getAttribute("data-seconds-left"), 10) * 1000;
    var tick = function () {
      var seconds = Math.max(0, Math.round((end - Date.now()) / 1000));
      left.textContent = "(" + Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0") + ")";
      if (seconds > 0) setTimeout(tick, 1000);
    };
    tick();
  }
})();
