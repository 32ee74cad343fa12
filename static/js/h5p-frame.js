/* Runs in the H5P player page, on the content origin, inside the lesson's frame.
   Starts h5p-standalone and relays what the lesson page needs to the site's origin
   only: xAPI statements, the player state so an interrupted exercise resumes, and the
   height of the exercise so the lesson's frame follows it.

   h5p-standalone plays the content in a frame of its own (iframe.h5p-iframe, same
   origin, its document written by H5P). This file is also loaded there, as the
   player's `customJs`, before H5P starts the content: in that document it only gives
   H5P a storage it can use (see storageFallback). */
(function () {
  "use strict";

  // On another site than the lesson page, a browser that blocks third-party storage
  // (Chromium without third-party cookies, private windows) throws on the mere read of
  // `window.localStorage`. H5P core reads it while starting the content (its offline
  // request queue, its clipboard) and stops halfway: the content shows, but H5P's own
  // resizing, the state saving and the instance list are never set up. An in-memory
  // stand-in lets it finish; nothing is kept beyond the page, as with blocked storage.
  function storageFallback(win) {
    try {
      if (win.localStorage) { return; }
    } catch (error) { /* blocked: fall through to the stand-in */ }
    var items = Object.create(null);
    var memory = {
      getItem: function (key) { key = String(key); return key in items ? items[key] : null; },
      setItem: function (key, value) { items[String(key)] = String(value); },
      removeItem: function (key) { delete items[String(key)]; },
      clear: function () { items = Object.create(null); },
      key: function (index) { var keys = Object.keys(items); return index < keys.length ? keys[index] : null; }
    };
    Object.defineProperty(memory, "length", { get: function () { return Object.keys(items).length; } });
    try {
      Object.defineProperty(win, "localStorage", { value: memory, configurable: true });
    } catch (error) { /* left as it is */ }
  }

  storageFallback(window);
  var configElement = document.getElementById("h5p-config");
  if (!configElement) { return; } // H5P's content frame: nothing more to do there.

  var config = JSON.parse(configElement.textContent);
  var container = document.getElementById("h5p-container");
  var lastState = config.state;
  var ownUrl = document.currentScript && document.currentScript.src;

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

  /* The height. The content frame (iframe.h5p-iframe) is made as tall as the content
     in it (`.h5p-content`), whatever changes it: H5P's own resize events, a click that
     opens feedback, an image that loads. This page then is as tall as that frame plus
     its padding; that height goes to the lesson page, which sets its frame to it. The
     width is never touched: every frame stays as wide as the lesson column. */
  var lastHeight = 0;
  var contentSeen = false;

  function report() {
    if (!contentSeen) { return; } // not the 150 px of a frame H5P has not filled yet
    // The page's own height (not the frame's, which may be taller for a moment).
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height > 0 && height !== lastHeight) {
      lastHeight = height;
      send({ type: "h5p-resize", height: height });
    }
  }

  function fitContentFrame(frame) {
    var win = frame.contentWindow;
    var doc = frame.contentDocument;
    if (!win || !doc) { contentSeen = true; report(); return; }
    function follow() {
      var content = doc.querySelector(".h5p-content");
      if (!content) { contentSeen = true; report(); return; }
      // The content frame's own ResizeObserver: it watches the layout of its document.
      new win.ResizeObserver(function () {
        if (!content.classList.contains("h5p-initialized")) { return; } // still empty
        var height = Math.ceil(content.getBoundingClientRect().height);
        if (height > 0 && frame.style.height !== height + "px") {
          frame.style.height = height + "px";
        }
        contentSeen = true;
        report();
      }).observe(content);
    }
    if (doc.readyState === "loading") {
      doc.addEventListener("DOMContentLoaded", follow);
    } else {
      follow();
    }
  }

  new ResizeObserver(report).observe(document.body);

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
  // This file again, in H5P's content frame (for the storage stand-in).
  if (ownUrl) { options.customJs = [ownUrl]; }
  // A saved state is handed back to the player, so the exercise resumes.
  options.saveFreq = 3;
  options.contentUserData = [{ dataType: "state", previousState: config.state || null }];

  new H5PStandalone.H5P(container, options).then(function () {
    var frame = container.querySelector("iframe.h5p-iframe");
    if (frame) {
      fitContentFrame(frame);
    } else {
      contentSeen = true; // played without a frame of its own: this page is the content
      report();
    }
    H5P.externalDispatcher.on("xAPI", function (event) {
      var statement = event.data.statement;
      statement.id = statement.id || uuid();
      send({ type: "h5p-xapi", statement: statement });
      saveState();
    });
    window.setInterval(saveState, 5000);
    window.addEventListener("pagehide", saveState);
  });
})();
