/* On the lesson page (and a databank exercise): receives what an H5P frame reports (from the content origin and
   from that frame only) and posts it to the site with the session and CSRF token. */
(function () {
  "use strict";
  var frames = document.querySelectorAll("iframe[data-h5p-token]");
  if (!frames.length) { return; }

  // One request at a time per frame, in the order the player sent them: a statement
  // and the state it leads to are saved one after the other, never racing.
  var queues = new WeakMap();

  function post(url, frame, body) {
    body.token = frame.dataset.h5pToken;
    function send() {
      return fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": frame.dataset.csrf },
        body: JSON.stringify(body)
      }).then(function (response) { return response.ok ? response.json() : null; });
    }
    var done = (queues.get(frame) || Promise.resolve()).then(send);
    queues.set(frame, done.catch(function () { return null; }));
    return done;
  }

  // The frame follows the height of the exercise in it, as the player measures it
  // (h5p-frame.js), within sane bounds; its width stays that of the lesson column.
  var MIN_HEIGHT = 100;
  var MAX_HEIGHT = 10000;

  function fit(frame, reported) {
    if (typeof reported !== "number" || !isFinite(reported)) { return; }
    var height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(reported)));
    // With box-sizing: border-box the frame's own border and padding come on top.
    var style = window.getComputedStyle(frame);
    if (style.boxSizing === "border-box") {
      height += ["borderTopWidth", "borderBottomWidth", "paddingTop", "paddingBottom"]
        .reduce(function (sum, name) { return sum + (parseFloat(style[name]) || 0); }, 0);
    }
    frame.style.minHeight = "0";
    frame.style.height = height + "px";
  }

  window.addEventListener("message", function (event) {
    frames.forEach(function (frame) {
      if (event.source !== frame.contentWindow) { return; }
      if (event.origin !== frame.dataset.h5pOrigin) { return; }
      var data = event.data || {};
      // A practice frame (the databank) records nothing: it has no endpoints.
      if (data.type === "h5p-xapi" && frame.dataset.xapiUrl) {
        post(frame.dataset.xapiUrl, frame, { statement: data.statement }).then(function (result) {
          if (result && result.done) {
            var status = document.getElementById(frame.id + "-status");
            if (status) { status.hidden = false; }
          }
        });
      } else if (data.type === "h5p-state" && frame.dataset.stateUrl) {
        post(frame.dataset.stateUrl, frame, { state: data.state });
      } else if (data.type === "h5p-resize") {
        fit(frame, data.height);
      }
    });
  });
})();
