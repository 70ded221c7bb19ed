/*
 * Turns the static charts (.brief-chart) into live Vega views once a reader reaches for one.
 *
 * Why: every chart arrives as two static SVGs (wide and phone layout, chosen by CSS), so
 * readers without JavaScript, printers and readers who only read see the chart at once and
 * pay nothing. brief-charts-loader.js loads the vendored Vega runtime, the locale, the page's
 * chart specs and this file on the first pointer, focus or tap inside a chart (or, with a
 * mouse, while the page is idle after the reader scrolled a chart into view: then charts in
 * view go live in idle time).
 * The chart the reader reached for goes live first, the others follow one at a time; each
 * chart is split into tasks with a yield to the browser in between, so no task blocks the
 * page for long (issue 11: a chart live within 300 ms, no task over 50 ms). Live charts add tooltips (hover, or tap: tap elsewhere
 * hides), group buttons (tap/click/Enter; again or Esc shows all) and downloads of a
 * fixed-width, unfiltered chart with a source and licence footer. Nothing is fetched from
 * another host.
 */
(function () {
  "use strict";

  const state = (window.briefCharts = window.briefCharts || { pending: [] });
  const PHONE_BELOW = 640; // brief.theme.PHONE_BELOW, also in brief.css
  const live = new Map(); // chart container -> promise of {view, layout, box}

  // The two places that touch Vega's parser and view. ast: true and the vendored
  // interpreter: Vega evaluates expressions without eval or new Function, as the page's
  // Content Security Policy demands (no 'unsafe-eval').
  function parseSpec(spec) {
    return vega.parse(spec, null, { ast: true });
  }
  function createView(runtime, options) {
    return new vega.View(runtime, Object.assign({ expr: vega.expressionInterpreter }, options));
  }

  function nextTask() {
    if (window.scheduler && typeof window.scheduler.yield === "function") return window.scheduler.yield();
    return new Promise(function (resolve) { setTimeout(resolve, 0); });
  }

  function layoutOf(container) {
    const holder = container.querySelector(".brief-chart-view");
    return holder && holder.clientWidth < PHONE_BELOW ? "phone" : "wide";
  }

  // The page's specs arrive in their own script (specs/<page>-<checksum>.js, loaded before this
  // file; brief.sphinxext.chartspecs), not in the page: a reader who only reads never needs them.
  // A copy each time: Vega may change the spec it parses, and a chart parses its spec again
  // after switching layout (resize) and for every download.
  function specOf(container, layout) {
    const spec = (window.briefSpecs || {})[container.id + "-spec-" + layout];
    return spec ? structuredClone(spec) : null;
  }

  // ------------------------------------------------------------------ tooltips

  function showTooltip(box, value, event) {
    if (value == null || value === "" || !event) {
      box.hidden = true;
      return;
    }
    const entries = typeof value === "object" ? Object.entries(value) : [["", value]];
    box.replaceChildren(
      ...entries.map(function ([key, val]) {
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
  }

  function hideTooltips(except) {
    document.querySelectorAll(".brief-tooltip").forEach(function (box) {
      if (box !== except) box.hidden = true;
    });
  }

  // ------------------------------------------------------------------ live views

  // One chart in three tasks (read and parse the spec; build and run the view; show it),
  // yielding in between, so a reader's input is never kept waiting for a whole chart.
  async function render(container, layout) {
    const spec = specOf(container, layout);
    if (!spec || !window.vega || !vega.expressionInterpreter) {
      throw new Error("keine Diagrammdaten oder kein Vega");
    }
    const runtime = parseSpec(spec);
    await nextTask();
    const holder = container.querySelector(".brief-chart-view");
    const target = document.createElement("div");
    target.className = "brief-chart-live";
    target.setAttribute("aria-hidden", "true"); // the box names the chart; the table has the data
    const box = document.createElement("div");
    box.className = "brief-tooltip";
    box.hidden = true;
    const view = createView(runtime, {
      renderer: "svg",
      container: target,
      hover: true,
      locale: window.briefLocale,
    });
    view.tooltip(function (handler, event, item, value) {
      // A touch shows its tooltip on the tap (click below); its pointerout must not hide it.
      if (event && event.pointerType === "touch") return;
      showTooltip(box, value, event);
    });
    view.addEventListener("click", function (event, item) {
      if (item && item.tooltip != null) {
        hideTooltips(box);
        showTooltip(box, item.tooltip, event);
      } else {
        box.hidden = true;
      }
    });
    await view.runAsync();
    await nextTask();
    holder.querySelectorAll(".brief-chart-live, .brief-tooltip").forEach(function (old) { old.remove(); });
    holder.append(target, box);
    container.querySelectorAll(".brief-chart-legend").forEach(function (group) {
      const pressed = group.querySelector('[aria-pressed="true"]');
      if (pressed) view.signal(group.dataset.param, JSON.parse(pressed.dataset.value));
    });
    container.dataset.live = "true";
    await view.runAsync();
    return { view: view, layout: layout, box: box };
  }

  function ensureLive(container) {
    if (!live.has(container)) {
      const made = render(container, layoutOf(container));
      made.catch(function (err) {
        live.delete(container);
        // Keep the static SVG; say why in the console for whoever debugs it.
        console.warn("Diagramm bleibt statisch:", err);
      });
      live.set(container, made);
    }
    return live.get(container);
  }

  // The box changed size across the breakpoint (rotation, window resize): go back to the
  // static SVG of the right layout; the next interaction makes that one live.
  const resized = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      const container = entry.target.closest(".brief-chart");
      const made = live.get(container);
      if (!made) return;
      made.then(function (chart) {
        if (chart.layout !== layoutOf(container)) {
          chart.view.finalize();
          live.delete(container);
          container.querySelectorAll(".brief-chart-live, .brief-tooltip").forEach(function (n) { n.remove(); });
          delete container.dataset.live;
        }
      });
    });
  });

  // ------------------------------------------------------------------ group buttons

  function setGroup(container, group, button) {
    const on = button && button.getAttribute("aria-pressed") !== "true";
    group.querySelectorAll(".brief-chart-group").forEach(function (b) {
      b.setAttribute("aria-pressed", on && b === button ? "true" : "false");
    });
    const value = on ? JSON.parse(button.dataset.value) : null;
    return ensureLive(container).then(function (chart) {
      return chart.view.signal(group.dataset.param, value).runAsync();
    });
  }

  function clearGroups(container) {
    container.querySelectorAll(".brief-chart-legend").forEach(function (group) {
      if (group.querySelector('[aria-pressed="true"]')) setGroup(container, group, null);
    });
  }

  // ------------------------------------------------------------------ downloads

  function escapeXml(text) {
    return String(text).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  function wrapLine(text, chars) {
    const lines = [];
    let line = "";
    String(text).split(/\s+/).forEach(function (word) {
      if (line && (line + " " + word).length > chars) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) lines.push(line);
    return lines;
  }

  function footerLines(container) {
    const name = container.dataset.chart;
    const canonical = document.querySelector('link[rel="canonical"]');
    const page = (canonical ? canonical.href : location.href).split("#")[0];
    const release = document.querySelector(".brief-release");
    const version = document.documentElement.dataset.version ||
      (release ? (release.textContent.match(/Version\s+\S+/) || [""])[0] : "");
    const source = (container.dataset.source || "").replace(/\s*Grafik: Souveräne Smart City\.?\s*$/, "");
    return [source, "Grafik: Souveräne Smart City, CC BY 4.0", page + "#abb-" + name, version]
      .filter(Boolean);
  }

  function withFooter(svgText, lines) {
    const svg = svgText.replace(/^<\?xml[^>]*>\s*/, "");
    const width = parseFloat((svg.match(/<svg[^>]*\swidth="([\d.]+)"/) || [])[1]) || 600;
    const height = parseFloat((svg.match(/<svg[^>]*\sheight="([\d.]+)"/) || [])[1]) || 400;
    const wrapped = [];
    lines.forEach(function (line) { wrapped.push(...wrapLine(line, Math.floor((width - 10) / 5.6))); });
    const total = Math.ceil(height + 10 + wrapped.length * 15);
    const texts = wrapped.map(function (line, i) {
      return '<text x="5" y="' + (height + 18 + i * 15) + '">' + escapeXml(line) + "</text>";
    }).join("");
    return '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ' +
      'width="' + width + '" height="' + total + '" viewBox="0 0 ' + width + " " + total + '">' +
      '<rect width="100%" height="100%" fill="#ffffff"/>' + svg +
      '<g font-family="Arial, Liberation Sans, Helvetica, sans-serif" font-size="11" fill="#3d3d3d">' +
      texts + "</g></svg>";
  }

  function save(url, filename) {
    const a = document.createElement("a");
    a.href = url;
    a.download = filename;
    document.body.append(a);
    a.click();
    a.remove();
  }

  function exportChart(container, type) {
    // A hidden view of the wide layout: fixed width, no group highlighted, whatever the screen.
    const spec = specOf(container, "wide");
    const view = createView(parseSpec(spec), { renderer: "none", locale: window.briefLocale });
    return view.toSVG().then(function (svg) {
      view.finalize();
      const composed = withFooter(svg, footerLines(container));
      const url = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(composed);
      const name = container.dataset.chart;
      if (type === "svg") return save(url, name + ".svg");
      return new Promise(function (resolve, reject) {
        const img = new Image();
        img.onload = function () {
          const canvas = document.createElement("canvas");
          canvas.width = img.naturalWidth * 2;
          canvas.height = img.naturalHeight * 2;
          const ctx = canvas.getContext("2d");
          ctx.scale(2, 2);
          ctx.drawImage(img, 0, 0);
          save(canvas.toDataURL("image/png"), name + ".png");
          resolve();
        };
        img.onerror = reject;
        img.src = url;
      });
    });
  }

  // ------------------------------------------------------------------ events

  function onButton(button) {
    const container = button.closest(".brief-chart");
    if (!container) return;
    if (button.classList.contains("brief-chart-group")) {
      setGroup(container, button.closest(".brief-chart-legend"), button);
    } else if (button.classList.contains("brief-chart-export")) {
      exportChart(container, button.dataset.type).catch(function (err) {
        console.warn("Download fehlgeschlagen:", err);
      });
    }
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest(".brief-chart button");
    if (button) onButton(button);
  });
  document.addEventListener("pointerdown", function (event) {
    // Tap or click outside a chart's marks hides its tooltip.
    if (!(event.target.closest && event.target.closest(".brief-chart-live"))) hideTooltips(null);
  }, { passive: true });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    hideTooltips(null);
    const inside = event.target.closest && event.target.closest(".brief-chart");
    (inside ? [inside] : Array.from(document.querySelectorAll(".brief-chart"))).forEach(clearGroups);
  });
  const reach = function (event) {
    const container = event.target.closest && event.target.closest(".brief-chart");
    if (container) ensureLive(container);
  };
  ["pointerover", "focusin", "touchstart"].forEach(function (type) {
    document.addEventListener(type, reach, { capture: true, passive: true });
  });

  // ------------------------------------------------------------------ going live

  function idle() {
    return new Promise(function (resolve) {
      if (window.requestIdleCallback) requestIdleCallback(resolve, { timeout: 2000 });
      else setTimeout(resolve, 50);
    });
  }

  let everything = null; // the run that makes every chart live, once a reader reached for one

  // A reader reached for a chart: it goes live first, then every other chart, one at a time.
  function reached(first) {
    if (everything) return everything;
    const charts = Array.from(document.querySelectorAll(".brief-chart"));
    const t0 = state.t0 || performance.now();
    everything = (async function () {
      try {
        await ensureLive(first);
      } catch (err) {
        /* reported by ensureLive */
      }
      document.documentElement.dataset.chartFirstLiveMs = String(Math.round(performance.now() - t0));
      state.pending.splice(0).forEach(onButton); // a tap that came before Vega was ready
      for (const chart of charts) {
        if (chart === first) continue;
        await nextTask();
        try {
          await ensureLive(chart);
        } catch (err) {
          /* reported by ensureLive */
        }
      }
      document.documentElement.dataset.chartsLiveMs = String(Math.round(performance.now() - t0));
    })();
    return everything;
  }

  // Warm-up (the loader came without a reach): charts in view go live while the main thread
  // is idle, one per idle period, so the reader's pointer finds them live.
  function warmUp() {
    const queue = [];
    let running = false;
    async function drain() {
      if (running) return;
      running = true;
      while (queue.length && !everything) {
        await idle();
        const chart = queue.shift();
        if (!everything && chart) await ensureLive(chart).catch(function () {});
      }
      running = false;
    }
    const seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting && !live.has(entry.target) && !queue.includes(entry.target)) {
          queue.push(entry.target);
        }
      });
      drain();
    });
    document.querySelectorAll(".brief-chart").forEach(function (c) { seen.observe(c); });
  }

  async function start() {
    await nextTask(); // not in the task that evaluated this file
    const charts = Array.from(document.querySelectorAll(".brief-chart"));
    charts.forEach(function (c) { resized.observe(c.querySelector(".brief-chart-view")); });
    if (state.first && charts.includes(state.first)) reached(state.first);
    else if (charts.length) warmUp();
  }

  // From here on this file's listeners handle clicks; a later reach calls reached() directly.
  state.ready = true;
  state.reached = reached;
  start();
})();
