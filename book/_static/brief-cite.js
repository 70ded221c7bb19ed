/*
 * Copy buttons for the cite boxes (.brief-cite) and open details when printing.
 *
 * Why our own: the theme's copy-button script is dropped on purpose (no code is shown), and a
 * dozen lines do. The clipboard API needs a secure context (https or localhost); elsewhere, or
 * when the browser refuses, the text is selected so the reader can press Ctrl+C. Nothing is
 * logged and nothing is fetched.
 */
(function () {
  "use strict";

  function selectText(node) {
    const range = document.createRange();
    range.selectNodeContents(node);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copy(node, status) {
    const text = node.textContent.trim();
    const fallback = function () {
      selectText(node);
      status.textContent = "Text markiert: mit Strg+C (Mac: ⌘+C) kopieren.";
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        status.textContent = "Kopiert.";
      }, fallback);
    } else {
      fallback();
    }
  }

  function addButtons(box) {
    const tools = document.createElement("p");
    tools.className = "brief-cite-tools";
    const status = document.createElement("span");
    status.className = "brief-cite-status";
    status.setAttribute("role", "status");
    [
      [".brief-cite-text", "Zitat kopieren"],
      [".brief-cite-bibtex pre", "BibTeX kopieren"],
    ].forEach(function ([selector, label]) {
      const source = box.querySelector(selector);
      if (!source) return;
      const button = document.createElement("button");
      button.type = "button";
      // The same small outlined button as the charts' export buttons (brief.css).
      button.className = "brief-chart-export brief-cite-copy";
      button.textContent = label;
      button.addEventListener("click", function () {
        copy(source, status);
      });
      tools.append(button);
    });
    tools.append(status);
    const bibtex = box.querySelector(".brief-cite-bibtex");
    (bibtex || box.lastElementChild).after(tools);
  }

  // Printing (the browser's own "Drucken"): show what hides in <details>, then restore.
  let closedForPrint = [];
  window.addEventListener("beforeprint", function () {
    closedForPrint = Array.from(document.querySelectorAll("details:not([open])"));
    closedForPrint.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closedForPrint.forEach(function (d) { d.open = false; });
    closedForPrint = [];
  });

  function start() {
    document.querySelectorAll(".brief-cite").forEach(addButtons);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
