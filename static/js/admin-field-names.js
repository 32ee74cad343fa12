// The admin's rich-text editors (Draftail) are a contenteditable box that Wagtail's
// <label> does not point at, so screen readers announce them without a name. Give
// each one the name of its field: the field's label, or, for a block in a stream, the
// block's heading. Editors appear later too (a block added, a panel opened).
(function () {
  "use strict";

  function nameFor(box) {
    var field = box.closest(".w-field");
    var label = field && field.querySelector("label, .w-field__label");
    if (!label || !label.textContent.trim()) {
      var block = box.closest("[data-streamfield-child], section.w-panel");
      label = block && block.querySelector(
        "[data-panel-heading-text], .c-sf-block__type, .w-panel__heading"
      );
    }
    return label ? label.textContent.replace(/\s+/g, " ").replace(/\*$/, "").trim() : "";
  }

  function label(root) {
    root.querySelectorAll('[contenteditable="true"][role="textbox"]').forEach(function (box) {
      if (box.hasAttribute("aria-label") || box.hasAttribute("aria-labelledby")) return;
      var name = nameFor(box);
      if (name) box.setAttribute("aria-label", name);
    });
  }

  function start() {
    label(document);
    new MutationObserver(function () { label(document); }).observe(document.body, {
      childList: true,
      subtree: true,
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
