/* On the lesson page (site origin): runs the SCORM API for each SCORM activity with
   scorm-again, answers its frame's calls (CrossFrameLMS, from that frame only), loads
   what a SCO starts with from the server and sends it what the SCO commits, with the
   session and the CSRF token. Moving to another part finishes the current one first. */
(function () {
  "use strict";

  function numbered(url, number) {
    return url.replace(/\/0\/(launch\/|commit\/)?$/, "/" + number + "/$1");
  }

  function start(root) {
    if (root.dataset.started) { return; }
    root.dataset.started = "1";
    var frame = root.querySelector(".scorm-activity__frame");
    var parts = Array.prototype.slice.call(root.querySelectorAll("[data-sco]"));
    var total = Math.max(parts.length, 1);
    var current = parseInt(root.dataset.current, 10) || 1;
    var is2004 = root.dataset.version === "2004";
    var headers = { "X-CSRFToken": root.dataset.csrf, "X-Scorm-Token": root.dataset.token };
    var status = document.getElementById(root.id + "-status");

    function report(result, number) {
      if (!result) { return; }
      if (result.completed && parts[number - 1]) {
        parts[number - 1].querySelector("[data-state]").hidden = false;
      }
      if (result.done && status) { status.hidden = false; }
    }

    // scorm-again's commits go through this: one at a time and in order, so an
    // older commit never lands after a newer one (a SCO's Commit right before its
    // Terminate included); with the CSRF header, also the last one as the page
    // closes (fetch with keepalive, where a beacon could carry no header). The SCO
    // is told "true" at once, as with asynchronous commits.
    var queue = Promise.resolve();
    var closing = false;
    var made = 0;
    var sent = {};  // per commit URL (per SCO), the newest commit sent
    var http = {
      processHttpRequest: function (url, cmi) {
        var number = current;
        var order = ++made;
        var body = JSON.stringify({ cmi: cmi });
        function send() {
          // A commit holds the SCO's whole CMI: one a newer commit of the same SCO
          // overtook (sent at once as the page closed) is left out.
          if ((sent[url] || 0) > order) { return Promise.resolve(); }
          sent[url] = order;
          return fetch(url, {
            method: "POST",
            credentials: "same-origin",
            keepalive: closing && body.length < 60000,
            headers: Object.assign({ "Content-Type": "application/json" }, headers),
            body: body
          })
            .then(function (response) { return response.json(); })
            .then(function (result) { report(result, number); })
            .catch(function () { /* kept by the next commit */ });
        }
        // As the page closes, later promise steps may never run: send at once.
        queue = closing ? send() : queue.then(send);
        return { result: "true", errorCode: 0 };
      },
      updateSettings: function () {}
    };

    var settings = {
      lmsCommitUrl: numbered(root.dataset.commitUrl, current),
      // The commit is the flattened CMI (`cmi.core.lesson_location` → value).
      dataCommitFormat: "flattened",
      httpService: http,
      autocommit: false,
      logLevel: "NONE"
    };
    var api = is2004 ? new window.Scorm2004API(settings) : new window.Scorm12API(settings);
    var lms = new window.CrossFrameLMS(api, root.dataset.origin);
    // CrossFrameLMS listens to every frame of the content origin; this activity's
    // API answers its own frame only (scorm-again 3.4.3's bound listener).
    window.removeEventListener("message", lms._boundOnMessage);
    window.addEventListener("message", function (event) {
      if (event.source === frame.contentWindow) { lms._onMessage(event); }
    });

    function running() {
      return api.isInitialized() && !api.isTerminated();
    }

    function finish() {
      if (running()) {
        if (is2004) { api.Terminate(""); } else { api.LMSFinish(""); }
      }
    }

    function open(number) {
      finish();
      current = number;
      api.reset({ lmsCommitUrl: numbered(root.dataset.commitUrl, number) });
      parts.forEach(function (part, index) {
        if (index === number - 1) { part.setAttribute("aria-current", "step"); }
        else { part.removeAttribute("aria-current"); }
      });
      var position = root.querySelector("[data-position-text]");
      if (position) {
        position.textContent = root.dataset.position
          .replace("%(number)s", number).replace("%(total)s", total);
      }
      root.querySelectorAll("[data-step]").forEach(function (button) {
        var target = number + parseInt(button.dataset.step, 10);
        button.disabled = target < 1 || target > total;
      });
      fetch(numbered(root.dataset.launchUrl, number), {
        method: "POST", credentials: "same-origin", headers: headers
      })
        .then(function (response) { return response.ok ? response.json() : { cmi: {} }; })
        .then(function (data) {
          report(data, number);  // an asset is completed by being opened
          api.loadFromFlattenedJSON(data.cmi || {}, "");
          frame.src = numbered(root.dataset.frameUrl, number);
        });
    }

    parts.forEach(function (part) {
      part.addEventListener("click", function () {
        open(parseInt(part.dataset.sco, 10));
      });
    });
    root.querySelectorAll("[data-step]").forEach(function (button) {
      button.addEventListener("click", function () {
        open(current + parseInt(button.dataset.step, 10));
      });
    });
    // Leaving the page finishes the part that is open, as closing it would.
    window.addEventListener("pagehide", function () {
      closing = true;
      finish();
    });
    // Back from the browser's cache, the page is open again.
    window.addEventListener("pageshow", function () { closing = false; });
    open(current);
  }

  document.querySelectorAll("[data-scorm]").forEach(start);
}());
