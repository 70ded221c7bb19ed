/*
 * Discussion kit (brief.kit): "Kernsatz kopieren" and "Antrag kopieren" buttons.
 *
 * Each button carries the exact plain text in data-copy (written at build time: sentence,
 * short citation and stable address, or the motion text). The clipboard API needs a secure
 * context (https or localhost); elsewhere, or when the browser refuses, the text is shown in a
 * selected text field so the reader can press Ctrl+C. Nothing is logged and nothing is fetched.
 */
(function () {
  "use strict";

  function fallback(button, status, text) {
    let field = button.parentElement.querySelector("textarea");
    if (!field) {
      field = document.createElement("textarea");
      field.readOnly = true;
      field.rows = 4;
      field.className = "brief-kit-fallback";
      field.setAttribute("aria-label", "Text zum Kopieren");
      button.parentElement.append(field);
    }
    field.value = text;
    field.select();
    status.textContent = "Text markiert: mit Strg+C (Mac: ⌘+C) kopieren.";
  }

  function copy(button) {
    const text = button.dataset.copy;
    const status = button.parentElement.querySelector(".brief-kit-status");
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        status.textContent = "Kopiert.";
      }, function () {
        fallback(button, status, text);
      });
    } else {
      fallback(button, status, text);
    }
  }

  document.querySelectorAll("button.brief-kit-copy").forEach(function (button) {
    button.addEventListener("click", function () {
      copy(button);
    });
  });
})();
