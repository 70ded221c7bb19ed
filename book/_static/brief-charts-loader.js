/*
 * Loads the live-chart code only when a reader reaches for a chart (pointer or focus enters
 * it, or a tap). Until then the static SVG is the chart, and the page pays nothing for Vega.
 * The files to load are named in this script's data-load attribute (brief.sphinx).
 */
(function () {
  "use strict";
  var me = document.currentScript;
  var files = ((me && me.getAttribute("data-load")) || "").split(" ").filter(Boolean);
  var state = (window.briefCharts = window.briefCharts || { pending: [] });
  var started = false;
  function reach(event) {
    var target = event.target;
    var chart = target && target.closest ? target.closest(".brief-chart") : null;
    if (!chart) return;
    if (!state.first) state.first = chart;
    if (event.type === "click" && !state.ready) {
      var button = target.closest("button");
      if (button) state.pending.push(button);
    }
    if (started) return;
    started = true;
    state.t0 = performance.now();
    files.forEach(function (file) {
      var script = document.createElement("script");
      script.src = new URL(file, me.src).href;
      script.async = false; // run in the listed order: Vega, locale, charts
      document.head.appendChild(script);
    });
  }
  ["pointerover", "focusin", "touchstart", "click"].forEach(function (type) {
    document.addEventListener(type, reach, { capture: true, passive: true });
  });
})();
