/* Runs in the H5P player page, on the content origin, inside the lesson's frame.
   Starts h5p-standalone and relays what the lesson page needs to the site's origin
   only: xAPI statements, and the player state so an interrupted exercise resumes. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("h5p-config").textContent);
  var container = document.getElementById("h5p-container");
  var lastState = config.state;

  function send(message) {
    window.parent.postMessage(message, config.siteOrigin);
  }

  // H5P leaves the id to the record store; one id per statement lets the site keep a
  // statement that is relayed twice only once.
  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // H5P core keeps the current state in H5PIntegration (every `saveFreq` seconds, for
  // content types that have one); this passes it on when it changed.
  function saveState() {
    var contents = (window.H5PIntegration && H5PIntegration.contents) || {};
    var key = Object.keys(contents)[0];
    var data = key && contents[key].contentUserData;
    var entry = data && (Array.isArray(data) ? data[0] : data[0] || data);
    var state = entry && (entry.state || entry.previousState);
    if (typeof state === "string" && state && state !== lastState) {
      lastState = state;
      send({ type: "h5p-state", state: state });
    }
  }

  var options = {
    h5pJsonPath: config.h5pJsonPath,
    frameJs: config.frameJs,
    frameCss: config.frameCss,
    frame: false,
    copyright: false,
    export: false,
    embed: false,
    icon: false,
    fullScreen: false
  };
  // A saved state is handed back to the player, so the exercise resumes.
  options.saveFreq = 3;
  options.contentUserData = [{ dataType: "state", previousState: config.state || null }];

  new H5PStandalone.H5P(container, options).then(function () {
    H5P.externalDispatcher.on("xAPI", function (event) {
      var statement = event.data.statement;
      statement.id = statement.id || uuid();
      send({ type: "h5p-xapi", statement: statement });
      saveState();
    });
    window.setInterval(saveState, 5000);
    window.addEventListener("pagehide", saveState);
    send({ type: "h5p-ready", height: document.body.scrollHeight });
  });

  new ResizeObserver(function () {
    send({ type: "h5p-resize", height: document.body.scrollHeight });
  }).observe(document.body);
})();
