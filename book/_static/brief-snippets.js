/*
 * The search page's own script (loaded on search.html only, beside brief-search.js).
 *
 * Snippets without charts and page chrome (see brief/searchindex.py): Sphinx builds each
 * snippet from the text of the result page's main area, which included every axis label of
 * the static chart drawings and the cite boxes' buttons.
 *
 * The index: book/_templates/search.html does not name searchindex.js, this loads it with
 * Sphinx's Search.loadIndex (Search.setIndex then runs the query that waited for it), and only
 * when the address carries a query: the search page opened without one cannot use it, and
 * 19 KB of index requested with the page made Lighthouse's LCP 1.7-1.9 s (1.4 s without).
 */
// Loaded in <head> before Sphinx's searchtools.js: install once the page is parsed.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  if (typeof Search === "undefined") return;
  const DROP = [
    ".headerlink", "script", "style", "svg", ".brief-chart-view",
    ".brief-chart-tools", ".brief-chart-source", ".brief-chart-details table",
    ".brief-chart-csv", ".brief-linkcopy-line", ".brief-cite", ".brief-table-hint",
    ".prev-next-area", "nav", ".caption-number",
  ].join(", ");
  Search.htmlToText = function (htmlString, anchor) {
    // Without the result page's <style> blocks (its stylesheets, brief.sphinxext.firstview):
    // parsing one here would ask this page's Content Security Policy, which allows only this
    // page's styles, and report a violation. The build makes sure no block contains "</style".
    const html = htmlString.replace(/<style\b[^>]*>[\s\S]*?<\/style>/gi, "");
    const doc = new DOMParser().parseFromString(html, "text/html");
    doc.querySelectorAll(DROP).forEach(function (el) { el.remove(); });
    const main = doc.querySelector('[role="main"]');
    const part = anchor && main ? main.querySelector(anchor) : null;
    return ((part || main || doc.body).textContent || "").replace(/\s+/g, " ");
  };
  // Only a query needs the index: a search sends the reader to search.html?q=… (brief-search.js),
  // a new page that loads it then.
  if (new URLSearchParams(window.location.search).get("q")) Search.loadIndex("searchindex.js");
});
