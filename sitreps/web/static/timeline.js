// Events per day, week or month (stacked by type) and fatalities (line, square-root scale), from
// /api/timeline, which chooses the bin; the caption (options.caption) names it.
"use strict";
window.SitrepsTimeline = (function () {
  const {svg, colour, num, clear, fmtDate} = window.sitreps;
  const DAY = 86400000;

  // The server bins by day, week or month; fill the empty bins so the x axis is linear in time.
  function bin(data) {
    const unit = data.interval, dates = data.dates;
    if (!dates.length) return {unit, bins: []};
    const at = new Map(dates.map((d, i) => [d, i]));
    const bins = [], last = Date.parse(dates[dates.length - 1]);
    for (let t = Date.parse(dates[0]); t <= last;) {
      const k = new Date(t).toISOString().slice(0, 10), i = at.get(k);
      const by = {};
      if (i !== undefined) for (const type of data.types) if (data.by_type[type][i]) by[type] = data.by_type[type][i];
      bins.push({date: k, events: i === undefined ? 0 : data.events[i], fatalities: i === undefined ? 0 : data.fatalities[i], by_type: by});
      if (unit === "month") { const d = new Date(t); t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1); }
      else t += (unit === "week" ? 7 : 1) * DAY;
    }
    return {unit, bins};
  }

  function binEnd(iso, unit) {
    const t = Date.parse(iso), d = new Date(t);
    const end = unit === "month" ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0) : t + (unit === "week" ? 6 : 0) * DAY;
    return new Date(end).toISOString().slice(0, 10);
  }

  // A bin's label: its day, or its month for monthly bins.
  function binLabel(iso, unit) {
    if (unit !== "month") return fmtDate(iso);
    return new Date(iso + "T00:00:00Z").toLocaleDateString("en-GB", {month: "short", year: "numeric", timeZone: "UTC"});
  }

  function create(container, options) {
    const root = svg("svg", {role: "img", "aria-label": "timeline of events and fatalities"});
    container.append(root);
    const tip = document.createElement("div");
    tip.className = "tooltip"; tip.hidden = true;
    container.append(tip);

    function draw(data) {
      clear(root);
      const w = container.clientWidth || 800, h = container.clientHeight || 170;
      const {unit, bins} = bin(data);
      const maxF = Math.max(1, ...bins.map(b => b.fatalities));
      // the right margin fits the largest fatality label; 7 px a character at the axis font size
      const m = {l: 40, r: Math.max(44, 7 * num(maxF).length + 12), t: 10, b: 22}, pw = w - m.l - m.r, ph = h - m.t - m.b;
      container.dataset.days = String(data.dates.length);
      container.dataset.events = String(data.totals.events);
      container.dataset.unit = unit;
      if (options.caption) {
        options.caption.textContent = `bars: events per ${unit} by type · line: fatalities per ${unit} ` +
          "(best estimate, square-root scale) · drag to select dates";
      }
      if (!bins.length) {
        root.append(svg("text", {class: "axis-label", x: w / 2, y: h / 2, "text-anchor": "middle"}, "No dated events match the filters."));
        container.dataset.state = "ready";
        return;
      }
      const maxE = Math.max(1, ...bins.map(b => b.events));
      const bw = pw / bins.length, types = data.types;
      const g = svg("g", {transform: `translate(${m.l},${m.t})`});
      root.append(g);
      g.append(svg("line", {class: "axis", x1: 0, y1: ph, x2: pw, y2: ph}));
      g.append(svg("text", {class: "axis-label", x: -6, y: 8, "text-anchor": "end"}, num(maxE)));
      g.append(svg("text", {class: "axis-label", x: -6, y: ph, "text-anchor": "end"}, "0"));
      g.append(svg("text", {class: "axis-label", x: pw + 6, y: 8}, num(maxF)));
      g.append(svg("text", {class: "axis-label", x: pw + 6, y: ph - 12}, "killed"));
      g.append(svg("text", {class: "axis-label", x: -6, y: ph - 12, "text-anchor": "end"}, "events"));
      const every = Math.max(1, Math.ceil(bins.length / Math.max(1, Math.floor(pw / 120))));
      // each date label sits under the middle of the bin it names (data-day), the first one starting there
      for (let idx = 0; idx < bins.length; idx += every) {
        g.append(svg("text", {class: "axis-label date-label", x: (idx + 0.5) * bw, y: ph + 15, "data-day": bins[idx].date,
          "text-anchor": idx === 0 ? "start" : "middle"}, binLabel(bins[idx].date, unit)));
      }
      const bars = svg("g", {class: "bars"});
      g.append(bars);
      bins.forEach((b, i) => {
        let y = ph;
        for (const t of types) {
          const n = b.by_type[t] || 0;
          if (!n) continue;
          const bh = n / maxE * ph;
          y -= bh;
          bars.append(svg("rect", {x: i * bw + Math.min(1, bw * 0.15), y, width: Math.max(0.5, bw - Math.min(2, bw * 0.3)), height: bh, fill: colour(t), "data-type": t}));
        }
      });
      // square-root scale: one outlier toll no longer flattens every other day to the axis
      const fy = f => ph - Math.sqrt(f / maxF) * ph;
      const pts = bins.map((b, i) => `${(i + 0.5) * bw},${fy(b.fatalities)}`).join(" ");
      g.append(svg("polyline", {class: "fat-line", points: pts}));
      // Hover targets and brush.
      const hover = svg("g");
      g.append(hover);
      bins.forEach((b, i) => {
        const r = svg("rect", {class: "hover", x: i * bw, y: 0, width: bw, height: ph, "data-day": b.date});
        r.addEventListener("mouseenter", () => {
          clear(tip);
          const label = unit === "day" ? fmtDate(b.date) : `${unit} of ${fmtDate(b.date)}`;
          [label, `${num(b.events)} events · ${num(b.fatalities)} killed`,
            ...Object.entries(b.by_type).sort((a, c) => c[1] - a[1]).map(([t, n]) => `${t}: ${num(n)}`)]
            .forEach((l, k) => { if (k) tip.append(document.createElement("br")); tip.append(document.createTextNode(l)); });
          tip.hidden = false;
          tip.style.left = Math.min(w - 180, m.l + (i + 1) * bw + 8) + "px";
          tip.style.top = "4px";
        });
        r.addEventListener("mouseleave", () => { tip.hidden = true; });
        hover.append(r);
      });
      const brush = svg("rect", {class: "brush", x: 0, y: 0, width: 0, height: ph});
      g.append(brush);
      let start = null;
      const idxAt = ev => Math.max(0, Math.min(bins.length - 1, Math.floor((ev.clientX - root.getBoundingClientRect().left - m.l) / bw)));
      hover.addEventListener("pointerdown", ev => { start = idxAt(ev); hover.setPointerCapture(ev.pointerId); });
      hover.addEventListener("pointermove", ev => {
        if (start === null) return;
        const i = idxAt(ev), a = Math.min(start, i), b = Math.max(start, i);
        brush.setAttribute("x", a * bw); brush.setAttribute("width", (b - a + 1) * bw);
      });
      hover.addEventListener("pointerup", ev => {
        if (start === null) return;
        const i = idxAt(ev), a = Math.min(start, i), b = Math.max(start, i);
        start = null;
        if (options.onSelect) options.onSelect(bins[a].date, binEnd(bins[b].date, unit));
      });
      container.dataset.state = "ready";
    }

    let loads = 0;
    return {
      async load(filters) {
        const seq = ++loads;
        container.dataset.state = "loading";
        try {
          const data = await window.sitreps.api("/api/timeline", filters);
          if (seq === loads) draw(data);  // else a later filter's answer is coming
        }
        catch (err) { clear(root); root.append(svg("text", {class: "axis-label", x: 10, y: 20}, "timeline: " + err.message)); container.dataset.state = "error"; }
      },
    };
  }
  return {create, bin, binLabel};
})();
