/* Buttons above a forum message box: bold, italic, list, link.
   They insert the few tags a post may contain; without JavaScript the box works
   the same and the help text explains it. */
(function () {
  "use strict";

  function wrap(area, before, after, placeholder) {
    var start = area.selectionStart, end = area.selectionEnd;
    var chosen = area.value.slice(start, end) || placeholder;
    area.setRangeText(before + chosen + after, start, end, "end");
    area.focus();
    area.dispatchEvent(new Event("input"));
  }

  function list(area) {
    var start = area.selectionStart, end = area.selectionEnd;
    var lines = (area.value.slice(start, end) || area.dataset.itemLabel).split("\n");
    var items = lines.filter(function (l) { return l.trim(); })
      .map(function (l) { return "<li>" + l.trim() + "</li>"; }).join("\n");
    area.setRangeText("\n<ul>\n" + items + "\n</ul>\n", start, end, "end");
    area.focus();
  }

  function link(area) {
    var address = window.prompt(area.dataset.linkPrompt, "https://");
    if (!address || !/^(https?:\/\/|mailto:)/i.test(address)) { return; }
    var safe = address.replace(/"/g, "%22");
    wrap(area, '<a href="' + safe + '">', "</a>", address);
  }

  document.querySelectorAll("textarea[data-editor=forum]").forEach(function (area) {
    var labels = document.getElementById("forum-editor-labels").dataset;
    area.dataset.itemLabel = labels.item;
    area.dataset.linkPrompt = labels.linkPrompt;
    var bar = document.createElement("div");
    bar.className = "editor-bar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", labels.toolbar);
    bar.setAttribute("aria-controls", area.id);
    [
      [labels.bold, function () { wrap(area, "<b>", "</b>", labels.bold); }],
      [labels.italic, function () { wrap(area, "<i>", "</i>", labels.italic); }],
      [labels.list, function () { list(area); }],
      [labels.link, function () { link(area); }]
    ].forEach(function (entry) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button--secondary";
      button.textContent = entry[0];
      button.addEventListener("click", entry[1]);
      bar.appendChild(button);
    });
    area.parentNode.insertBefore(bar, area);
  });
})();
