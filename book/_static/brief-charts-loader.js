/*
 * Loads the live-chart code only when a reader is about to use a chart. Until then the static
 * SVG is the chart, and the page pays nothing for Vega. Two triggers:
 *
 * - reach: pointer or focus enters a chart, or a tap lands on one. That chart goes live first.
 * - warm-up, on screens with a mouse (hover: hover) only: once the reader scrolls or moves the
 *   pointer and a chart is in view, the code loads while the main thread is idle
 *   (requestIdleCallback), so the chart is usually live before the pointer reaches it.
 *   A page nobody touches (and every phone that only reads) loads nothing.
 *
 * The files to load are named in this script's data-load attribute (brief.sphinx).
 */
(function () {
  "use strict";
  var me = document.currentScript;
  var files = ((me && me.getAttribute("data-load")) || "").split(" ").filter(Boolean);
  var state = (window.briefCharts = window.briefCharts || { pending: [] });
  var started = false;

  function load() {
    if (started) return;
    started = true;
    files.forEach(function (file) {
      var script = document.createElement("script");
      script.src = new URL(file, me.src).href;
      script.async = false; // run in the listed order: Vega, interpreter, locale, specs, charts
      document.head.appendChild(script);
    });
  }

  function reach(event) {
    var target = event.target;
    var chart = target && target.closest ? target.closest(".brief-chart") : null;
    if (!chart) return;
    if (!state.first) {
      state.first = chart;
      state.t0 = performance.now();
      if (state.reached) state.reached(chart); // the code is already here (warm-up)
    }
    if (event.type === "click" && !state.ready) {
      var button = target.closest("button");
      if (button) state.pending.push(button);
    }
    load();
  }
  ["pointerover", "focusin", "touchstart", "click"].forEach(function (type) {
    document.addEventListener(type, reach, { capture: true, passive: true });
  });

  // Warm-up: reader activity, then a chart in view, then an idle main thread.
  var mouse = window.matchMedia && window.matchMedia("(hover: hover) and (pointer: fine)").matches;
  if (!mouse || !window.IntersectionObserver || !window.requestIdleCallback) return;
  var active = false;
  var visible = new Set();
  function maybeWarm() {
    if (active && visible.size > 0 && !started) {
      requestIdleCallback(function () { if (!started) { state.warm = true; load(); } });
    }
  }
  var seen = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) visible.add(entry.target);
      else visible.delete(entry.target);
    });
    maybeWarm();
  });
  function activity(event) {
    if (event.type === "pointermove" && event.pointerType === "touch") return;
    active = true;
    ["scroll", "pointermove", "wheel"].forEach(function (type) {
      window.removeEventListener(type, activity, true);
    });
    maybeWarm();
  }
  ["scroll", "pointermove", "wheel"].forEach(function (type) {
    window.addEventListener(type, activity, { capture: true, passive: true });
  });
  function watch() {
    document.querySelectorAll(".brief-chart").forEach(function (chart) { seen.observe(chart); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
