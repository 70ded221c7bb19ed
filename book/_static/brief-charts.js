/*
 * Turns each static chart (.brief-chart) into a live Vega view.
 *
 * Why: the page first shows a static SVG rendered at build time, so readers without
 * JavaScript, printers and slow phones see the chart at once. When the vendored Vega runtime
 * (_static/vendor/vega-*.min.js, loaded only on chart pages) is ready, the SVG is replaced by the
 * same chart with tooltips and legend filters. Nothing is fetched from another host.
 */
(function () {
  "use strict";

  function tooltipHandler(box) {
    // A small accessible tooltip of our own (Vega's default only sets a title attribute).
    return function (handler, event, item, value) {
      if (value == null || value === "" || !event) {
        box.hidden = true;
        return;
      }
      const entries = typeof value === "object" ? Object.entries(value) : [["", value]];
      box.replaceChildren(
        ...entries.map(([key, val]) => {
          const row = document.createElement("div");
          if (key) {
            const k = document.createElement("span");
            k.className = "brief-tooltip-key";
            k.textContent = key + ": ";
            row.append(k);
          }
          row.append(document.createTextNode(String(val)));
          return row;
        })
      );
      box.hidden = false;
      const host = box.parentElement.getBoundingClientRect();
      const x = Math.min(event.clientX - host.left + 12, host.width - box.offsetWidth - 4);
      box.style.left = Math.max(0, x) + "px";
      box.style.top = event.clientY - host.top + 12 + "px";
    };
  }

  function exportLink(view, name, type, label) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "brief-chart-export";
    button.textContent = label;
    button.addEventListener("click", function () {
      view.toImageURL(type, type === "png" ? 2 : 1).then(function (url) {
        const a = document.createElement("a");
        a.href = url;
        a.download = name + "." + type;
        a.click();
      });
    });
    return button;
  }

  function fitWidth(view, holder, target) {
    // On a narrow screen, shrink the plotting area (not the text) until the chart fits.
    const svg = target.querySelector("svg");
    const available = holder.clientWidth;
    if (!svg || !available) return Promise.resolve();
    const total = parseFloat(svg.getAttribute("width")) || svg.getBoundingClientRect().width;
    if (total <= available) return Promise.resolve();
    const plot = view.width();
    const wanted = Math.max(160, plot - (total - available) - 4);
    return view.width(wanted).runAsync();
  }

  function makeLive(container) {
    const name = container.dataset.chart;
    const holder = container.querySelector(".brief-chart-view");
    const specNode = container.querySelector(".brief-chart-spec");
    if (!holder || !specNode || !window.vega || !vega.expressionInterpreter) return Promise.resolve();
    const spec = JSON.parse(specNode.textContent);
    const target = document.createElement("div");
    target.className = "brief-chart-live";
    const box = document.createElement("div");
    box.className = "brief-tooltip";
    box.setAttribute("role", "tooltip");
    box.hidden = true;
    // ast: true and the vendored interpreter: Vega evaluates expressions without eval or
    // new Function, as the page's Content Security Policy demands (no 'unsafe-eval').
    const view = new vega.View(vega.parse(spec, null, { ast: true }), {
      expr: vega.expressionInterpreter,
      renderer: "svg",
      container: target,
      hover: true,
      locale: window.briefLocale,
    });
    view.tooltip(tooltipHandler(box));
    return view.runAsync().then(function () {
      holder.replaceChildren(target, box);
      return fitWidth(view, holder, target);
    }).then(function () {
      const tools = document.createElement("p");
      tools.className = "brief-chart-tools";
      tools.append(exportLink(view, name, "svg", "SVG speichern"), exportLink(view, name, "png", "PNG speichern"));
      holder.after(tools);
      container.dataset.live = "true";
    });
  }

  function start() {
    const charts = Array.from(document.querySelectorAll(".brief-chart"));
    const t0 = performance.now();
    Promise.all(charts.map(makeLive))
      .then(function () {
        document.documentElement.dataset.chartsLiveMs = String(Math.round(performance.now()));
        document.documentElement.dataset.chartsBuildMs = String(Math.round(performance.now() - t0));
      })
      .catch(function (err) {
        // Keep the static SVG; say why in the console for whoever debugs it.
        console.warn("Diagramm bleibt statisch:", err);
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
