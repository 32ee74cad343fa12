/* On the content origin, in the lesson's frame: gives the SCO framed below an API
   object (`API` for SCORM 1.2, `API_1484_11` for 2004) that relays every call to the
   lesson page by postMessage (scorm-again's CrossFrameAPI), then opens the SCO. */
(function () {
  "use strict";
  var body = document.body;
  var frame = document.getElementById("sco");
  var api = new window.CrossFrameAPI(body.dataset.siteOrigin, window.parent);
  window.API = api;
  window.API_1484_11 = api;
  if (body.dataset.asset) {
    frame.src = body.dataset.scoUrl;
    return;
  }
  // The client answers GetValue from its cache, synchronously, and fills the cache
  // only after Initialize: a SCO reading its location right after Initialize would
  // find nothing. So the cache gets what the lesson page loaded before the SCO
  // starts (scorm-again 3.4.3's `_post` and `_cache`; the version is pinned).
  api._post("getFlattenedCMI", [])
    .then(function (all) {
      Object.keys(all || {}).forEach(function (key) {
        api._cache.set(key, String(all[key]));
      });
    })
    .catch(function () { /* the SCO starts with an empty cache */ })
    .then(function () { frame.src = body.dataset.scoUrl; });
}());
