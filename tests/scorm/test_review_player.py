"""Review of the lesson page's player (static/scorm/player.js), run in Node with
scorm-again's real SCORM 1.2 API, a stub page and a fetch that holds each commit:
commits reach the server in the order the SCO made them, so a SCO's Commit right
before its LMSFinish never overwrites what the finish sent."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs Node")

HARNESS = r"""
const vm = require("vm"), fs = require("fs");
const [root, closing] = [process.argv[2], process.argv[3] === "closing"];
global.window = global; global.self = global;
vm.runInThisContext(fs.readFileSync(root + "/static/scorm-again/scorm12.min.js", "utf8"));
const Real = window.Scorm12API;
window.Scorm12API = function (s) { window.made = new Real(s); return window.made; };
const listeners = {};
window.addEventListener = (type, fn) => { listeners[type] = fn; };
window.removeEventListener = () => {};
window.CrossFrameLMS = function () { this._boundOnMessage = () => {}; };
const frame = { contentWindow: {}, src: "" };
const scorm = {
  id: "scorm-1", dataset: {
    version: "1.2", csrf: "c", token: "t", current: "1", origin: "http://content",
    commitUrl: "/scorm/attempts/1/scos/0/commit/",
    launchUrl: "/scorm/attempts/1/scos/0/launch/", frameUrl: "http://content/0/",
  },
  querySelector: (s) => (s === ".scorm-activity__frame" ? frame : null),
  querySelectorAll: () => [],
};
global.document = { querySelectorAll: () => [scorm], getElementById: () => null };
const sent = [], held = [];
global.fetch = (url, options) => {
  if (url.includes("/launch/")) {
    return Promise.resolve({ ok: true, json: () => Promise.resolve({ cmi: {} }) });
  }
  const location = JSON.parse(options.body).cmi["cmi.core.lesson_location"];
  sent.push([location, options.keepalive]);
  return new Promise((resolve) => held.push(() =>
    resolve({ json: () => Promise.resolve({ result: true }) })));
};
vm.runInThisContext(fs.readFileSync(root + "/static/scorm/player.js", "utf8"));
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
(async () => {
  await pause(20);
  window.made.LMSInitialize("");
  window.made.LMSSetValue("cmi.core.lesson_location", "first");
  window.made.LMSCommit("");
  window.made.LMSSetValue("cmi.core.lesson_location", "last");
  if (closing) { listeners.pagehide(); } else { window.made.LMSFinish(""); }
  await pause(20);
  const early = sent.slice();
  while (held.length) { held.shift()(); await pause(10); }
  console.log(JSON.stringify({ early, all: sent }));
})();
"""


def commits(tmp_path: Path, mode: str) -> dict:
    script = tmp_path / "harness.js"
    script.write_text(HARNESS)
    result = subprocess.run(
        ["node", str(script), str(settings.BASE_DIR), mode],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_a_finish_right_after_a_commit_waits_for_it(tmp_path):
    sent = commits(tmp_path, "finish")
    assert sent["early"] == [["first", False]]  # the finish waits its turn
    assert sent["all"] == [["first", False], ["last", False]]


def test_as_the_page_closes_the_last_commit_leaves_at_once(tmp_path):
    """With keepalive, and alone: it holds the whole CMI, so the older commit still
    waiting its turn is left out rather than landing after it."""
    sent = commits(tmp_path, "closing")
    assert sent["early"] == sent["all"] == [["last", True]]
