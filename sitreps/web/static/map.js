// A Web-Mercator map drawn in SVG: a graticule, optional raster tiles, and grid clusters the
// server computes for the visible box at the current zoom. No network beyond this server
// unless a tile URL is configured.
"use strict";
window.SitrepsMap = (function () {
  const {svg, colour, num, clear} = window.sitreps;
  const TILE = 256, MIN_ZOOM = 1, MAX_ZOOM = 16;

  function lonToX(lon, z) { return (lon + 180) / 360 * TILE * 2 ** z; }
  function latToY(lat, z) {
    const s = Math.sin(Math.max(-85.05, Math.min(85.05, lat)) * Math.PI / 180);
    return (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * TILE * 2 ** z;
  }
  function xToLon(x, z) { return x / (TILE * 2 ** z) * 360 - 180; }
  function yToLat(y, z) {
    const n = Math.PI - 2 * Math.PI * y / (TILE * 2 ** z);
    return 180 / Math.PI * Math.atan(Math.sinh(n));
  }

  function create(container, options) {
    const state = {lon: 20, lat: 20, zoom: 2, filters: {}, tileUrl: options.tileUrl || null, seq: 0};
    const root = svg("svg", {role: "img", "aria-label": "event map"});
    const gTiles = svg("g"), gGrat = svg("g"), gMarkers = svg("g", {class: "markers"});
    const world = svg("g");
    world.append(gTiles, gGrat, gMarkers);
    root.append(world);
    container.prepend(root);
    const note = document.createElement("div");
    note.className = "map-note";
    container.append(note);
    const tip = document.createElement("div");
    tip.className = "tooltip";
    tip.hidden = true;
    container.append(tip);

    function size() { return [container.clientWidth || 800, container.clientHeight || 400]; }
    function origin() {
      const [w, h] = size();
      return [lonToX(state.lon, state.zoom) - w / 2, latToY(state.lat, state.zoom) - h / 2];
    }
    function bbox() {
      const [w, h] = size(), [ox, oy] = origin(), z = state.zoom;
      const clamp = (v, m) => Math.max(-m, Math.min(m, v));
      return [clamp(xToLon(ox, z), 180), clamp(yToLat(oy + h, z), 90), clamp(xToLon(ox + w, z), 180), clamp(yToLat(oy, z), 90)];
    }

    function drawGraticule() {
      clear(gGrat);
      const [w, h] = size(), [ox, oy] = origin(), z = state.zoom;
      const [minlon, minlat, maxlon, maxlat] = bbox();
      const spanDeg = Math.max(maxlon - minlon, 1e-6);
      const steps = [60, 30, 20, 10, 5, 2, 1, 0.5, 0.25, 0.1, 0.05, 0.02, 0.01];
      const step = steps.find(s => spanDeg / s >= 4) || 0.01;  // 4 to 10 lines across
      const label = v => (Math.round(v * 100) / 100) + "°";
      for (let lon = Math.ceil(minlon / step) * step; lon <= maxlon; lon += step) {
        const x = lonToX(lon, z) - ox;
        gGrat.append(svg("line", {class: "grat" + (Math.abs(lon % 10) < 1e-9 ? " major" : ""), x1: x, y1: 0, x2: x, y2: h}));
        gGrat.append(svg("text", {class: "grat-label", x: x + 3, y: 12}, label(lon) + (lon < 0 ? "W" : lon > 0 ? "E" : "")));
      }
      for (let lat = Math.ceil(minlat / step) * step; lat <= maxlat; lat += step) {
        const y = latToY(lat, z) - oy;
        gGrat.append(svg("line", {class: "grat" + (Math.abs(lat % 10) < 1e-9 ? " major" : ""), x1: 0, y1: y, x2: w, y2: y}));
        gGrat.append(svg("text", {class: "grat-label", x: 4, y: y - 3}, label(lat) + (lat < 0 ? "S" : lat > 0 ? "N" : "")));
      }
    }

    function drawTiles() {
      clear(gTiles);
      if (!state.tileUrl) return;
      const [w, h] = size(), [ox, oy] = origin(), z = state.zoom, n = 2 ** z;
      for (let tx = Math.floor(ox / TILE); tx <= Math.floor((ox + w) / TILE); tx++) {
        for (let ty = Math.max(0, Math.floor(oy / TILE)); ty <= Math.min(n - 1, Math.floor((oy + h) / TILE)); ty++) {
          const x = ((tx % n) + n) % n;
          const href = state.tileUrl.replace("{z}", z).replace("{x}", x).replace("{y}", ty);
          const img = svg("image", {x: tx * TILE - ox, y: ty * TILE - oy, width: TILE, height: TILE});
          img.setAttributeNS("http://www.w3.org/1999/xlink", "href", href);
          gTiles.append(img);
        }
      }
    }

    function radius(count) { return count === 1 ? 7 : Math.min(30, 10 + 2.6 * Math.log2(count)); }

    function pie(cx, cy, r, types) {
      const g = svg("g");
      const entries = Object.entries(types).sort((a, b) => b[1] - a[1]);
      const total = entries.reduce((s, [, n]) => s + n, 0);
      if (entries.length === 1) {
        g.append(svg("circle", {cx, cy, r, fill: colour(entries[0][0])}));
        return g;
      }
      let a0 = -Math.PI / 2;
      for (const [type, n] of entries) {
        const a1 = a0 + 2 * Math.PI * n / total;
        const large = a1 - a0 > Math.PI ? 1 : 0;
        const d = `M${cx},${cy} L${cx + r * Math.cos(a0)},${cy + r * Math.sin(a0)} A${r},${r} 0 ${large} 1 ${cx + r * Math.cos(a1)},${cy + r * Math.sin(a1)} Z`;
        g.append(svg("path", {d, fill: colour(type), "data-type": type}));
        a0 = a1;
      }
      return g;
    }

    function drawClusters(data) {
      clear(gMarkers);
      const [ox, oy] = origin(), z = state.zoom;
      let drawn = 0;
      // Biggest first, so small clusters stay on top and clickable.
      for (const c of data.clusters) {
        const x = lonToX(c.lon, z) - ox, y = latToY(c.lat, z) - oy, r = radius(c.count);
        const g = svg("g", {class: "marker", "data-id": c.event_id, transform: `translate(${x},${y})`, tabindex: 0,
                           role: "button", "aria-label": `${c.count} events`});
        g.append(svg("circle", {class: "halo", r: r + 3, cx: 0, cy: 0}), pie(0, 0, r, c.types));
        if (c.count > 1) g.append(svg("text", {x: 0, y: 0}, c.count >= 10000 ? Math.round(c.count / 1000) + "k" : num(c.count)));
        g.addEventListener("mouseenter", () => showTip(c, x, y - r));
        g.addEventListener("mouseleave", () => { tip.hidden = true; });
        g.addEventListener("click", ev => { ev.stopPropagation(); open(c); });
        g.addEventListener("keydown", ev => { if (ev.key === "Enter") open(c); });
        gMarkers.append(g);
        drawn++;
      }
      container.dataset.markers = String(drawn);
      container.dataset.events = String(data.total);
      container.dataset.state = "ready";
      note.textContent = `zoom ${z} · ${num(data.total)} events in ${num(drawn)} clusters · Web Mercator` + (state.tileUrl ? "" : " · no basemap");
      if (options.onDrawn) options.onDrawn(data);
    }

    function showTip(c, x, y) {
      clear(tip);
      const lines = [c.count === 1 ? "1 event" : `${num(c.count)} events`, `${num(c.fatalities)} fatalities`];
      for (const [t, n] of Object.entries(c.types).sort((a, b) => b[1] - a[1])) lines.push(`${t}: ${num(n)}`);
      lines.push(c.event_id ? "click to open" : "click to zoom in");
      lines.forEach((l, i) => { if (i) tip.append(document.createElement("br")); tip.append(document.createTextNode(l)); });
      tip.hidden = false;
      tip.style.left = Math.max(4, x + 14) + "px";
      tip.style.top = Math.max(4, y - 10) + "px";
    }

    function open(c) {
      if (c.event_id) { window.location.href = "/events/" + encodeURIComponent(c.event_id); return; }
      state.lon = c.lon; state.lat = c.lat;
      setZoom(state.zoom + 2);
    }

    async function load() {
      const seq = ++state.seq;
      container.dataset.state = "loading";
      const b = bbox().map(v => v.toFixed(5)).join(",");
      try {
        const data = await window.sitreps.api("/api/clusters", Object.assign({}, state.filters, {zoom: state.zoom, bbox: b}));
        if (seq !== state.seq) return;
        render();
        drawClusters(data);
      } catch (err) {
        container.dataset.state = "error";
        note.textContent = "map: " + err.message;
      }
    }

    function render() { world.removeAttribute("transform"); drawTiles(); drawGraticule(); }
    function setZoom(z) { state.zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, Math.round(z))); load(); }

    function fit(extent) {
      if (!extent) { state.lon = 20; state.lat = 20; state.zoom = 2; load(); return; }
      const [minlon, minlat, maxlon, maxlat] = extent, [w, h] = size();
      state.lon = (minlon + maxlon) / 2;
      state.lat = yToLat((latToY(minlat, 0) + latToY(maxlat, 0)) / 2, 0);
      let z = MAX_ZOOM - 6;
      while (z > MIN_ZOOM && (lonToX(maxlon, z) - lonToX(minlon, z) > w * 0.7 || latToY(minlat, z) - latToY(maxlat, z) > h * 0.7)) z--;
      state.zoom = z;
      load();
    }

    // Panning: move the drawing while dragging, ask the server once on release.
    let drag = null;
    container.addEventListener("pointerdown", ev => {
      if (ev.target.closest(".map-controls") || ev.target.closest(".marker")) return;
      drag = {x: ev.clientX, y: ev.clientY, dx: 0, dy: 0};
      container.setPointerCapture(ev.pointerId);
      container.classList.add("dragging");
    });
    container.addEventListener("pointermove", ev => {
      if (!drag) return;
      drag.dx = ev.clientX - drag.x; drag.dy = ev.clientY - drag.y;
      world.setAttribute("transform", `translate(${drag.dx},${drag.dy})`);
    });
    const endDrag = () => {
      if (!drag) return;
      const {dx, dy} = drag;
      drag = null;
      container.classList.remove("dragging");
      if (Math.abs(dx) + Math.abs(dy) < 2) return;
      const z = state.zoom;
      state.lon = xToLon(lonToX(state.lon, z) - dx, z);
      state.lat = yToLat(latToY(state.lat, z) - dy, z);
      state.lon = ((state.lon + 540) % 360) - 180;
      load();
    };
    container.addEventListener("pointerup", endDrag);
    container.addEventListener("pointercancel", endDrag);
    let wheelTimer = null, wheelDelta = 0;
    container.addEventListener("wheel", ev => {
      ev.preventDefault();
      wheelDelta += ev.deltaY;
      clearTimeout(wheelTimer);
      wheelTimer = setTimeout(() => {
        const step = wheelDelta < 0 ? 1 : -1;
        wheelDelta = 0;
        // Keep the point under the cursor where it is.
        const rect = container.getBoundingClientRect(), [ox, oy] = origin(), z = state.zoom;
        const px = ev.clientX - rect.left, py = ev.clientY - rect.top;
        const lon = xToLon(ox + px, z), lat = yToLat(oy + py, z);
        const nz = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, z + step));
        const [w, h] = size();
        state.lon = xToLon(lonToX(lon, nz) - px + w / 2, nz);
        state.lat = yToLat(latToY(lat, nz) - py + h / 2, nz);
        setZoom(nz);
      }, 120);
    }, {passive: false});
    container.querySelectorAll("[data-zoom]").forEach(b => b.addEventListener("click", () => setZoom(state.zoom + Number(b.dataset.zoom))));
    let lastExtent = null;
    container.querySelectorAll("[data-fit]").forEach(b => b.addEventListener("click", () => fit(lastExtent)));
    window.addEventListener("resize", () => load());

    return {
      setFilters(f) { state.filters = f; load(); },
      fit(extent) { lastExtent = extent; fit(extent); },
      state,
    };
  }

  return {create, lonToX, latToY, xToLon, yToLat};
})();
