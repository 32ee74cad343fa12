/* On the lesson page: receives what an H5P frame reports (from the content origin and
   from that frame only) and posts it to the site with the session and CSRF token. */
(function () {
  "use strict";
  var frames = document.querySelectorAll("iframe[data-h5p-token]");
  if (!frames.length) { return; }

  function post(url, frame, body) {
    body.token = frame.dataset.h5pToken;
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": frame.dataset.csrf },
      body: JSON.stringify(body)
    }).then(function (response) { return response.ok ? response.json() : null; });
  }

  window.addEventListener("message", function (event) {
    frames.forEach(function (frame) {
      if (event.source !== frame.contentWindow) { return; }
      if (event.origin !== frame.dataset.h5pOrigin) { return; }
      var data = event.data || {};
      if (data.type === "h5p-xapi") {
        post(frame.dataset.xapiUrl, frame, { statement: data.statement }).then(function (result) {
          if (result && result.done) {
            var status = document.getElementById(frame.id + "-status");
            if (status) { status.hidden = false; }
          }
        });
      } else if (data.type === "h5p-state") {
        post(frame.dataset.stateUrl, frame, { state: data.state });
      } else if (data.type === "h5p-resize" || data.type === "h5p-ready") {
        var height = parseInt(data.height, 10);
        if (height > 0 && height < 5000) { frame.style.height = (height + 20) + "px"; }
      }
    });
  });
})();
