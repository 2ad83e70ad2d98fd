// The bundled vector basemap: Natural Earth land, coastlines, country borders and first-level regions
// (admin1), one TopoJSON file served by this server (see scripts/build_basemap.py). The lines are
// made of the arcs the regions share, so coast, borders and region boundaries always meet. The land
// is one filled shape; the regions, one shape each, are built only for the events map's choropleth.
"use strict";
window.SitrepsBasemap = (function () {
  const URL_PATH = "/basemap/world.topo.json";
  const ATTRIBUTION = "Basemap: Made with Natural Earth (public domain)";
  const LAND = {stroke: false, fill: true, fillColor: "#f4f1ea", fillOpacity: 1};
  let loading = null;

  // The join key of a region and of the API's counts: country and admin1, case-insensitive.
  function regionKey(country, admin1) {
    return String(country || "").toLowerCase() + "|" + String(admin1 || "").toLowerCase();
  }

  // Fetch and decode the basemap once per page.
  function data() {
    if (!loading) {
      loading = fetch(URL_PATH).then(res => {
        if (!res.ok) throw new Error(`basemap: ${res.status} ${res.statusText}`);
        return res.json();
      }).then(decode);
    }
    return loading;
  }

  // Regions as GeoJSON features (their properties with the country's name and the join key), all of
  // them as one land shape, and the three kinds of line the build worked out from the shared arcs.
  function decode(topo) {
    const started = performance.now();
    const countries = topo.countries || {};
    const regions = topojson.feature(topo, topo.objects.regions);
    const polygons = [];
    for (const f of regions.features) {
      const p = f.properties;
      p.country = countries[p.cc] || null;
      p.key = p.admin1 ? regionKey(p.country, p.admin1) : null;
      if (f.geometry.type === "Polygon") polygons.push(f.geometry.coordinates);
      else polygons.push(...f.geometry.coordinates);
    }
    const lines = name => topojson.feature(topo, topo.objects[name]);
    return {
      regions,
      land: {type: "MultiPolygon", coordinates: polygons},
      coast: lines("coast"), borders: lines("borders"), admin1: lines("admin1"),
      decodeMs: performance.now() - started,
    };
  }

  function panes(map) {
    if (!map.getPane("basemap-fill")) {
      map.createPane("basemap-fill").style.zIndex = 250;   // above raster tiles (200)
      map.createPane("basemap-lines").style.zIndex = 350;  // under the events (400 and up)
    }
    return {fill: L.svg({pane: "basemap-fill", padding: 0.5}), lines: L.svg({pane: "basemap-lines", padding: 0.5})};
  }

  // The basemap on a Leaflet map, in its own panes under the events: the land, then admin1
  // boundaries, country borders and coastlines. With `tileUrl`, raster tiles go beneath and the land
  // is left unfilled so that they show through.
  function addTo(map, basemap, options) {
    const opts = options || {};
    const renderers = panes(map);
    const landStyle = Object.assign({}, LAND, opts.tileUrl ? {fillOpacity: 0} : {});
    const line = (geometry, className, style) => L.geoJSON(geometry, {
      renderer: renderers.lines, interactive: false, smoothFactor: 0.8,
      style: () => Object.assign({className, fill: false}, style),
    });
    const layers = {
      land: L.geoJSON(basemap.land, {renderer: renderers.fill, interactive: false, smoothFactor: 0.8,
        style: () => Object.assign({className: "bm-land"}, landStyle), attribution: ATTRIBUTION}),
      admin1: line(basemap.admin1, "bm-admin1", {color: "#a8a29e", weight: 0.6, dashArray: "2 3"}),
      borders: line(basemap.borders, "bm-border", {color: "#78716c", weight: 1.1}),
      coast: line(basemap.coast, "bm-coast", {color: "#6b8fb3", weight: 0.9}),
    };
    if (opts.tileUrl) L.tileLayer(opts.tileUrl, {attribution: "Tiles: " + tileHost(opts.tileUrl), maxZoom: 18}).addTo(map);
    for (const layer of Object.values(layers)) layer.addTo(map);
    layers.renderers = renderers;
    return layers;
  }

  // One clickable shape per region, over the land, for a choropleth; unstyled until coloured.
  function regionsLayer(basemap, renderers) {
    return L.geoJSON(basemap.regions, {
      renderer: renderers.fill, smoothFactor: 0.8, filter: f => Boolean(f.properties.key),
      style: () => ({className: "bm-region", stroke: false, fill: true, fillOpacity: 0}),
    });
  }

  function tileHost(url) {
    try { return new URL(url.replace(/[{}]/g, "")).host.replace(/[<>&"']/g, ""); } catch (err) { return "configured server"; }
  }

  return {data, addTo, regionsLayer, regionKey, ATTRIBUTION};
})();
