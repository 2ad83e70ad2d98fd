// The events map: Leaflet over the bundled basemap (basemap.js; no network), the filtered events as
// marker clusters (leaflet.markercluster), and a choropleth of events or fatalities per first-level
// region. Every marker, popup, tooltip and legend is built as DOM nodes with text, never HTML.
"use strict";
window.SitrepsMap = (function () {
  const {el, api, num, colour, clear, fmtDate, place, fatalities} = window.sitreps;
  const {regionKey} = window.SitrepsBasemap;
  const MAX_FIT_ZOOM = 7;  // the basemap is simplified to about 5 km: closer, it shows its corners
  const RAMP = ["#fde7c8", "#f9bf84", "#f08e4f", "#d9572f", "#a8281c"];  // light to dark: few to many
  const POINTS = 25000;  // the most events the clusters hold: past that the page stays quick and says so
  const MODES = {markers: "events", events: "events per region", fatalities: "fatalities per region"};

  // -- marker clusters ------------------------------------------------------------------------

  const pinIcon = L.divIcon({className: "event-pin", html: "", iconSize: [14, 14]});

  function pin(point, types) {
    const [id, lat, lon, t, killed] = point;
    const m = L.marker([lat, lon], {icon: pinIcon, keyboard: true, title: types[t]});
    m.event = {id, type: types[t], fatalities: killed};
    m.on("add", () => m.getElement().style.setProperty("--pin", colour(types[t])));
    return m;
  }

  // A cluster is a pie of its events' types (a conic gradient), sized by their number.
  function clusterIcon(cluster) {
    const counts = new Map();
    for (const m of cluster.getAllChildMarkers()) counts.set(m.event.type, (counts.get(m.event.type) || 0) + 1);
    const total = cluster.getChildCount();
    let at = 0;
    const stops = [...counts].sort((a, b) => b[1] - a[1]).map(([type, n]) => {
      const from = at; at += 360 * n / total;
      return `${colour(type)} ${from}deg ${at}deg`;
    });
    const size = Math.round(Math.min(54, 26 + 6 * Math.log10(total) * 2));
    const disc = el("div", {class: "cluster-pie", title: `${num(total)} events`}, el("span", {}, num(total)));
    disc.style.background = `conic-gradient(${stops.join(", ")})`;
    return L.divIcon({className: "cluster-icon", html: disc, iconSize: [size, size]});
  }

  // A popup for one event: its type, date, place, actors and toll, with a link to its page.
  function openPopup(map, marker) {
    const body = el("div", {class: "event-popup"}, el("p", {class: "muted"}, "Loading event…"));
    const popup = L.popup({maxWidth: 320}).setLatLng(marker.getLatLng()).setContent(body).openOn(map);
    api("/api/events/" + encodeURIComponent(marker.event.id)).then(e => {
      clear(body);
      body.append(
        el("a", {class: "popup-title", href: "/events/" + e.id}, e.sub_event_type || e.event_type),
        el("div", {}, `${fmtDate(e.event_date)} · ${place(e) || "unknown place"}`),
        el("div", {class: "sub"}, [e.actor1, e.actor2].filter(Boolean).join(" vs ")),
        el("div", {}, `Fatalities: ${fatalities(e)} · ${num(e.n_reports)} report${e.n_reports === 1 ? "" : "s"}`),
        el("a", {href: "/events/" + e.id}, "Open the event page →"));
    }).catch(err => { clear(body); body.append(el("p", {class: "error"}, err.message)); })
      .then(() => popup.update());  // lay it out again, and pan the map so that it all shows
  }

  // -- choropleth -------------------------------------------------------------------------------

  // Up to five classes with about as many regions in each (quantiles of the distinct values).
  function classBreaks(values) {
    const sorted = [...new Set(values)].sort((a, b) => a - b);
    if (!sorted.length) return [];
    const k = Math.min(RAMP.length, sorted.length);
    return Array.from({length: k}, (_, i) => sorted[Math.floor((i + 1) * sorted.length / k) - 1]);
  }
  function classOf(value, breaks) {
    const i = breaks.findIndex(b => value <= b);
    return RAMP[RAMP.length - breaks.length + (i < 0 ? breaks.length - 1 : i)];
  }

  function legendBody(measure, breaks, missing) {
    const box = el("div", {class: "choro-legend"}, el("strong", {}, MODES[measure]));
    let lo = 1;
    for (const b of breaks) {
      const sw = el("span", {class: "swatch square"});
      sw.style.background = classOf(b, breaks);
      box.append(el("div", {}, sw, lo === b ? num(b) : `${num(lo)}–${num(b)}`));
      lo = b + 1;
    }
    if (missing) box.append(el("div", {class: "sub"}, "circles: regions the basemap lacks"));
    return box;
  }

  function regionTip(name, value, measure) {
    return el("div", {}, el("strong", {}, name), el("br"), `${num(value || 0)} ${measure}`);
  }

  // -- the map -------------------------------------------------------------------------------

  function create(container, options) {
    const map = L.map(container, {center: [25, 20], zoom: 2, minZoom: 2, maxZoom: 16, worldCopyJump: false,
      maxBounds: [[-75, -220], [88, 220]], maxBoundsViscosity: 0.8});
    map.attributionControl.setPrefix("Leaflet");
    const state = {mode: "markers", filters: {}, extent: null, seq: 0, basemap: null, layers: null, regions: null};
    let settling = null;
    const clusters = L.markerClusterGroup({chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 48,
      iconCreateFunction: clusterIcon, chunkProgress: (done, total) => { if (total && done === total) drawn(); }});
    const circles = L.layerGroup();
    const legend = L.control({position: "bottomright"});
    legend.onAdd = () => el("div", {class: "leaflet-bar map-legend"});
    clusters.on("click", ev => openPopup(map, ev.layer));
    clusters.addTo(map);

    const note = el("div", {class: "map-note", role: "status"});
    container.append(note);
    function say(text) { note.textContent = text || ""; note.hidden = !text; }

    // data-state says "ready" (and data-markers counts what shows) once the clusters have settled:
    // markercluster animates for a quarter of a second after each move.
    function setBusy() { clearTimeout(settling); container.dataset.state = "loading"; }
    function drawn() {
      clearTimeout(settling);
      container.dataset.state = "settling";
      settling = setTimeout(() => {
        container.dataset.markers = String(container.querySelectorAll(".leaflet-marker-icon").length);
        container.dataset.state = "ready";
      }, 300);
    }
    function report() {
      const b = map.getBounds();
      container.dataset.bounds = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(v => v.toFixed(4)).join(",");
      container.dataset.zoom = String(map.getZoom());
      container.classList.toggle("show-admin1", map.getZoom() >= 4);
    }
    map.on("moveend zoomend", report);
    map.on("moveend", () => { if (container.dataset.state !== "loading") drawn(); });

    // Basemap first (it is local and small), then the events over it.
    const basemapReady = window.SitrepsBasemap.data().then(bm => {
      state.basemap = bm;
      state.layers = window.SitrepsBasemap.addTo(map, bm, {tileUrl: options.tileUrl});
      container.dataset.basemap = "ready";
      container.dataset.basemapMs = String(Math.round(performance.now()));
      container.dataset.regions = String(bm.regions.features.length);
      container.dataset.decodeMs = String(Math.round(bm.decodeMs));
    }).catch(err => { container.dataset.basemap = "error"; say(err.message + " (the map shows events without a basemap)"); });

    // The choropleth's regions: built the first time they are shown.
    function regions() {
      if (!state.regions && state.basemap) {
        state.regions = window.SitrepsBasemap.regionsLayer(state.basemap, state.layers.renderers);
        state.regions.eachLayer(layer => layer.on("click", () => pickRegion(layer.feature.properties)));
      }
      return state.regions;
    }

    function pickRegion(p) {
      if (state.mode !== "markers" && options.onRegion) options.onRegion(p.country, p.admin1);
    }

    async function loadPoints() {
      const seq = ++state.seq;
      setBusy();
      const data = await api("/api/points", Object.assign({limit: POINTS}, state.filters));
      if (seq !== state.seq) return;
      clusters.clearLayers();
      container.dataset.events = String(data.total);
      const shown = data.points.length < data.total ? ` (the ${num(data.points.length)} most recent shown)` : "";
      if (options.onStatus) options.onStatus(`${num(data.total)} events with coordinates${shown}`);
      if (!data.points.length) { drawn(); return; }
      clusters.addLayers(data.points.map(p => pin(p, data.types)));
    }

    async function loadRegions() {
      const seq = ++state.seq;
      setBusy();
      const [data] = await Promise.all([api("/api/admin1", state.filters), basemapReady]);
      if (seq !== state.seq) return;
      paint(data, state.mode);
      const placed = data.regions.reduce((s, r) => s + r.events, 0);
      container.dataset.events = String(placed + data.unplaced);
      if (options.onStatus) options.onStatus(`${num(data.regions.length)} regions · ${num(placed)} events` +
        (data.unplaced ? ` · ${num(data.unplaced)} without a region` : ""));
      drawn();
    }

    // Colour each region by its events or fatalities; the regions the basemap lacks get circles.
    function paint(data, measure) {
      const byKey = new Map(data.regions.map(r => [regionKey(r.country, r.admin1), r]));
      const breaks = classBreaks(data.regions.map(r => r[measure]).filter(v => v > 0));
      const matched = new Set();
      const layer = regions();
      if (layer) {
        layer.addTo(map);
        layer.eachLayer(shape => {
          const p = shape.feature.properties, r = byKey.get(p.key);
          if (r) matched.add(p.key);
          const value = r ? r[measure] : 0;
          shape.setStyle({fillColor: value > 0 ? classOf(value, breaks) : "#000", fillOpacity: value > 0 ? 0.9 : 0});
          shape.unbindTooltip();
          shape.bindTooltip(() => regionTip(`${p.admin1}, ${p.country}`, value, measure), {sticky: true});
        });
      }
      circles.clearLayers();
      const missing = data.regions.filter(r => !matched.has(regionKey(r.country, r.admin1)) && r.lat !== null && r[measure] > 0);
      const top = Math.max(1, ...missing.map(r => r[measure]));
      for (const r of missing) {
        const c = L.circleMarker([r.lat, r.lon], {radius: 5 + 15 * Math.sqrt(r[measure] / top), className: "region-circle",
          color: "#7c2d12", weight: 1, fillColor: classOf(r[measure], breaks), fillOpacity: 0.85});
        c.bindTooltip(() => regionTip(`${r.admin1}, ${r.country || "unknown country"}`, r[measure], measure), {sticky: true});
        c.on("click", () => { if (options.onRegion) options.onRegion(r.country, r.admin1); });
        circles.addLayer(c);
      }
      container.dataset.choropleth = String(matched.size);
      container.dataset.circles = String(missing.length);
      const box = legend.getContainer();
      if (box) { clear(box); box.append(legendBody(measure, breaks, missing.length)); }
    }

    function unpaint() {
      circles.clearLayers();
      if (state.regions) state.regions.remove();
    }

    function load() {
      const run = state.mode === "markers" ? loadPoints() : loadRegions();
      return run.catch(err => { container.dataset.state = "error"; say("map: " + err.message); });
    }

    function setMode(mode) {
      if (!MODES[mode] || mode === state.mode) return load();
      const wasMarkers = state.mode === "markers";
      state.mode = mode;
      container.classList.toggle("mode-regions", mode !== "markers");
      if (mode === "markers") {
        unpaint(); circles.remove(); legend.remove(); clusters.addTo(map);
      } else if (wasMarkers) {
        clusters.remove(); clusters.clearLayers(); circles.addTo(map); legend.addTo(map);
      }
      return load();
    }

    function fit(extent) {
      state.extent = extent || null;
      if (!extent) { map.setView([25, 20], 2, {animate: false}); report(); return; }
      const [minlon, minlat, maxlon, maxlat] = extent;
      map.fitBounds([[minlat, minlon], [maxlat, maxlon]], {padding: [28, 28], maxZoom: MAX_FIT_ZOOM, animate: false});
      report();
    }

    // "Fit to events": a button under the zoom buttons that fits the map to the filtered events.
    const fitControl = L.control({position: "topleft"});
    fitControl.onAdd = () => {
      const b = el("button", {type: "button", class: "fit-button", title: "Fit to events", "aria-label": "Fit to events"}, "⤢");
      b.dataset.fit = "1";
      L.DomEvent.disableClickPropagation(b);
      b.addEventListener("click", () => fit(state.extent));
      return el("div", {class: "leaflet-bar"}, b);
    };
    fitControl.addTo(map);
    report();

    return {
      map, basemapReady,
      setFilters(f) { state.filters = f; return load(); },
      setMode, fit,
      get mode() { return state.mode; },
    };
  }

  return {create, classBreaks};
})();
