/* A SCO written from the SCORM 1.2 and 2004 run-time specifications, for the demo
 * and the tests: it finds the LMS's API by walking up its parents, reads where the
 * learner was (location, suspend data, entry), asks its questions one by one, records
 * each answer as an interaction, and sets score, completion and success at the end.
 * Its questions are in the page's data-questions attribute (JSON). */
(function () {
  "use strict";
  var body = document.body;
  var version = body.getAttribute("data-scorm");
  var questions = JSON.parse(body.getAttribute("data-questions"));
  var mastery = parseFloat(body.getAttribute("data-mastery") || "80");
  var is2004 = version === "2004";
  var names = is2004
    ? { location: "cmi.location", entry: "cmi.entry", exit: "cmi.exit",
        score: "cmi.score", response: "learner_response", wrong: "incorrect",
        completion: "cmi.completion_status", name: "cmi.learner_name" }
    : { location: "cmi.core.lesson_location", entry: "cmi.core.entry",
        exit: "cmi.core.exit", score: "cmi.core.score", response: "student_response",
        wrong: "wrong", completion: "cmi.core.lesson_status",
        name: "cmi.core.student_name" };
  var started = new Date().getTime();
  var finished = false;

  function findApi(name) {
    var win = window;
    for (var depth = 0; win && depth < 8; depth += 1) {
      try {
        if (win[name]) { return win[name]; }
      } catch (error) { /* a parent on another origin */ }
      if (win.parent === win) { break; }
      win = win.parent;
    }
    try {
      return window.opener && window.opener[name];
    } catch (error) { return null; }
  }

  var api = findApi(is2004 ? "API_1484_11" : "API");
  function call(method12, method2004) {
    var args = Array.prototype.slice.call(arguments, 2);
    return api[is2004 ? method2004 : method12].apply(api, args);
  }
  function get(name) { return String(call("LMSGetValue", "GetValue", name) || ""); }
  function set(name, value) { return call("LMSSetValue", "SetValue", name, String(value)); }
  function commit() { return call("LMSCommit", "Commit", ""); }

  function sessionTime() {
    var seconds = Math.round((new Date().getTime() - started) / 1000);
    if (is2004) { return "PT" + seconds + "S"; }
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return pad(Math.floor(seconds / 3600)) + ":" + pad(Math.floor(seconds / 60) % 60) +
      ":" + pad(seconds % 60);
  }

  function finish() {
    if (finished) { return; }
    finished = true;
    set(is2004 ? "cmi.session_time" : "cmi.core.session_time", sessionTime());
    call("LMSFinish", "Terminate", "");
  }

  var main = document.getElementById("sco");
  function show(html) { main.innerHTML = html; }
  function text(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span.innerHTML;
  }

  if (!api) {
    show("<p role='alert'>" + text(body.getAttribute("data-no-lms")) + "</p>");
    return;
  }
  call("LMSInitialize", "Initialize", "");
  var state = { answers: [] };
  try {
    var saved = JSON.parse(get("cmi.suspend_data") || "{}");
    if (saved && saved.answers instanceof Array) { state = saved; }
  } catch (error) { /* nothing usable saved: start afresh */ }
  var step = parseInt(get(names.location), 10) || 0;
  var welcome = get(names.entry) === "resume";

  function score() {
    var right = 0;
    for (var i = 0; i < questions.length; i += 1) {
      if (state.answers[i] === questions[i].correct) { right += 1; }
    }
    return Math.round((right * 100) / questions.length);
  }

  function render() {
    if (step >= questions.length) {
      show("<h2>" + text(body.getAttribute("data-done")) + "</h2><p class='sco-score'>" +
        text(body.getAttribute("data-score").replace("%s", score())) + "</p>");
      return;
    }
    var question = questions[step];
    var html = "";
    if (welcome) {
      html += "<p class='sco-welcome'>" + text(body.getAttribute("data-welcome")) + "</p>";
    }
    if (step > 0) {
      html += "<p class='sco-previous'>" + text(body.getAttribute("data-previous")) + " " +
        text(questions[step - 1].options[state.answers[step - 1]]) + "</p>";
    }
    html += "<h2>" + text(body.getAttribute("data-question")
      .replace("%n", step + 1).replace("%t", questions.length)) + "</h2>";
    html += "<p>" + text(question.text) + "</p><div class='sco-options'>";
    for (var i = 0; i < question.options.length; i += 1) {
      html += "<button type='button' data-option='" + i + "'>" +
        text(question.options[i]) + "</button>";
    }
    show(html + "</div>");
    var buttons = main.querySelectorAll("button[data-option]");
    for (var j = 0; j < buttons.length; j += 1) {
      buttons[j].addEventListener("click", answer);
    }
  }

  function answer(event) {
    var option = parseInt(event.currentTarget.getAttribute("data-option"), 10);
    var question = questions[step];
    var n = step;
    state.answers[n] = option;
    set("cmi.interactions." + n + ".id", "q" + (n + 1));
    set("cmi.interactions." + n + ".type", "choice");
    set("cmi.interactions." + n + "." + names.response, String.fromCharCode(97 + option));
    set("cmi.interactions." + n + ".result",
      option === question.correct ? "correct" : names.wrong);
    step += 1;
    welcome = false;
    set(names.location, String(step));
    set("cmi.suspend_data", JSON.stringify(state));
    if (step >= questions.length) {
      var result = score();
      set(names.score + ".min", "0");
      set(names.score + ".max", "100");
      set(names.score + ".raw", String(result));
      var passed = result >= mastery;
      if (is2004) {
        set("cmi.score.scaled", String(result / 100));
        set("cmi.completion_status", "completed");
        set("cmi.success_status", passed ? "passed" : "failed");
      } else {
        set("cmi.core.lesson_status", passed ? "passed" : "failed");
      }
      set(names.exit, "");
      commit();
      render();
      finish();
      return;
    }
    if (is2004) {
      set("cmi.completion_status", "incomplete");
    } else {
      set("cmi.core.lesson_status", "incomplete");
    }
    set(names.exit, "suspend");
    commit();
    render();
    var first = main.querySelector("button[data-option]");
    if (first) { first.focus(); }
  }

  window.addEventListener("pagehide", finish);
  render();
}());
