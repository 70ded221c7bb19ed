/*
 * Menu and contents toggles, "Link kopieren", wide-table hints. Why and how: brief/anchors.py,
 * brief/ui.py and the README ("Navigation auf dem Telefon"). The theme binds only the first
 * .primary-toggle/.secondary-toggle (pydata-sphinx-theme#2451); one capture listener here
 * handles every toggle. Nothing is fetched, nothing is logged.
 */
(function () {
  "use strict";

  const WIDE = "(min-width: 992px)";
  const PARTS = {
    primary: { sidebar: "pst-primary-sidebar", dialog: "pst-primary-sidebar-modal" },
    secondary: { sidebar: "pst-secondary-sidebar", dialog: "pst-secondary-sidebar-modal" },
  };

  function move(from, to) {
    Array.from(from.childNodes).forEach(function (node) { to.appendChild(node); });
    Array.from(from.classList).forEach(function (cls) {
      from.classList.remove(cls);
      to.classList.add(cls);
    });
  }

  function visible(el) {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden";
  }

  function openDialog(kind, toggle) {
    const part = PARTS[kind];
    const sidebar = document.getElementById(part.sidebar);
    const dialog = document.getElementById(part.dialog);
    if (!sidebar || !dialog || dialog.open) return;
    move(sidebar, dialog);
    const close = document.createElement("button");
    close.type = "button";
    close.className = "brief-dialog-close";
    close.textContent = "Schließen";
    close.addEventListener("click", function () { dialog.close(); });
    dialog.insertBefore(close, dialog.firstChild);
    dialog.setAttribute("aria-label", kind === "primary" ? "Inhalt des Buchs" : "Auf dieser Seite");
    dialog.addEventListener("close", function () {
      close.remove();
      // The theme's own close handler may already have moved the nodes back.
      if (dialog.childNodes.length) move(dialog, sidebar);
      toggle.setAttribute("aria-expanded", "false");
      toggle.focus();
    }, { once: true });
    dialog.showModal();
    toggle.setAttribute("aria-expanded", "true");
    close.focus();
  }

  function onToggle(event) {
    const toggle = event.target.closest && event.target.closest(".primary-toggle, .secondary-toggle");
    if (!toggle) return;
    // Ours alone: the theme's handlers (bound to the first toggle only) must not run as well.
    event.preventDefault();
    event.stopImmediatePropagation();
    const kind = toggle.classList.contains("primary-toggle") ? "primary" : "secondary";
    const sidebar = document.getElementById(PARTS[kind].sidebar);
    if (kind === "primary" && sidebar && window.matchMedia(WIDE).matches &&
        (visible(sidebar) || sidebar.classList.contains("pst-sidebar-hidden"))) {
      const hidden = sidebar.classList.toggle("pst-sidebar-hidden");
      toggle.setAttribute("aria-expanded", hidden ? "false" : "true");
      return;
    }
    openDialog(kind, toggle);
  }

  function closeOnEscape(event) {
    if (event.key !== "Escape") return;
    Object.keys(PARTS).forEach(function (kind) {
      const dialog = document.getElementById(PARTS[kind].dialog);
      if (dialog && dialog.open) {
        event.preventDefault();
        dialog.close();
      }
    });
  }

  /* ---------- "Link kopieren" ---------- */

  function stableAddress(anchor) {
    // The canonical address (CITATION.cff's URL + page), not wherever this copy is served.
    const canonical = document.querySelector('link[rel="canonical"]');
    const page = canonical ? canonical.href : location.href.split("#")[0];
    return page + "#" + anchor;
  }

  function copyLink(button) {
    const url = stableAddress(button.getAttribute("data-anchor"));
    let status = button.nextElementSibling;
    if (!status || !status.classList.contains("brief-linkcopy-status")) {
      status = document.createElement("span");
      status.className = "brief-linkcopy-status";
      status.setAttribute("role", "status");
      button.after(status);
    }
    const done = function (text) { status.textContent = text; };
    const fallback = function () {
      window.prompt("Adresse kopieren (Strg+C, Mac: ⌘+C):", url);
      done("");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(function () { done("Link kopiert."); }, fallback);
    } else {
      fallback();
    }
  }

  function onCopyClick(event) {
    const button = event.target.closest && event.target.closest(".brief-linkcopy");
    if (!button) return;
    event.preventDefault();
    copyLink(button);
  }

  /* ---------- Wide tables: show the "seitlich wischen" hint only where it applies ---------- */

  // A ResizeObserver reads the widths after the browser's own layout: no layout forced while
  // the page starts (on raum that made this script one long task at load, issue 11 TBT), and
  // it fires again when the window resizes or a closed <details> opens (a region inside has
  // no width until then).
  function markWide(region) {
    const wide = region.scrollWidth > region.clientWidth + 1;
    let hint = region.nextElementSibling;
    if (!hint || !hint.classList.contains("brief-table-hint")) {
      if (!wide) return;
      hint = document.createElement("p");
      hint.className = "brief-table-hint";
      hint.textContent = "Tabelle breiter als der Bildschirm: seitlich wischen.";
      region.after(hint);
    }
    hint.hidden = !wide;
  }
  const widths = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { markWide(entry.target); });
  });
  function markWideTables() {
    document.querySelectorAll(".brief-table-scroll").forEach(function (region) {
      widths.observe(region);
    });
  }

  document.addEventListener("click", onToggle, true);
  document.addEventListener("click", onCopyClick);
  document.addEventListener("keydown", closeOnEscape, true);

  // "Back to top": the theme shows it from bootstrap.js, which the book does not load
  // (brief.sphinxext.firstview). Same rule: shown while scrolling up below the header.
  function backToTop() {
    const button = document.getElementById("pst-back-to-top");
    const header = document.querySelector(".bd-header");
    if (!button || !header) return;
    let last = window.scrollY;
    button.addEventListener("click", function () { window.scrollTo(0, 0); });
    window.addEventListener("scroll", function () {
      const y = window.scrollY;
      button.classList.toggle("brief-shown", y < last && y > header.getBoundingClientRect().bottom);
      last = y;
    }, { passive: true });
  }

  function init() {
    backToTop();
    document.querySelectorAll(".primary-toggle, .secondary-toggle").forEach(function (toggle) {
      toggle.setAttribute("aria-expanded", "false");
    });
    markWideTables();
  }
  // This script is loaded in <head>: wait for the page.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
