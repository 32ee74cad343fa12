// A webinar's recording: the reflection form's button works once the video has
// played to the end. The server checks the time as well (events.attendance); this
// only spares the learner a refusal.
(function () {
  "use strict";
  var video = document.querySelector("[data-recording]");
  var form = document.querySelector("[data-reflection]");
  if (!video || !form) return;
  var button = form.querySelector("button[type=submit]");
  var hint = form.querySelector("[data-reflection-hint]");
  video.addEventListener("ended", function () {
    if (!button.disabled) return;
    button.disabled = false;
    if (hint) hint.textContent = hint.getAttribute("data-ready-text");
  });
})();
