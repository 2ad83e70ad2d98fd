// The events page: one filter (kept in the URL) that every view is drawn from: the header totals,
// the type legend, the top actors, the map (fitted to the matches), the timeline, the table and the
// download links.
"use strict";
(function () {
  const {el, api, withQuery, num, fmtDate, place, fatalities, colour, clear} = window.sitreps;
  const PAGE = 25;
  const DAY = 86400000;
  const SINGLE = ["date_from", "date_to", "admin1", "text"];  // one value each
  const MULTI = ["country", "event_type"];                    // several, from a multiple select
  const form = document.getElementById("filters");
  const errorBox = document.getElementById("filter-error");
  const table = document.querySelector("#events tbody");
  const state = {offset: 0, sort: "-date", total: 0, actors: [], mode: "markers", span: null, seq: 0, tableSeq: 0};
  let map, timeline;

  // -- the filter ------------------------------------------------------------------------------

  function selected(select) { return Array.from(select.selectedOptions, o => o.value); }

  function filters() {
    const f = {};
    for (const k of SINGLE) { const v = form.elements[k].value.trim(); if (v) f[k] = v; }
    for (const k of MULTI) { const v = selected(form.elements[k]); if (v.length) f[k] = v; }
    if (state.actors.length) f.actor = state.actors.slice();
    return f;
  }

  function fromUrl() {
    const qs = new URLSearchParams(location.search);
    for (const k of SINGLE) if (qs.get(k)) form.elements[k].value = qs.get(k);
    state.initial = Object.fromEntries(MULTI.map(k => [k, qs.getAll(k).filter(Boolean)]));
    state.actors = [...new Set(qs.getAll("actor").filter(Boolean))];
    if (qs.get("offset")) state.offset = Math.max(0, parseInt(qs.get("offset"), 10) || 0);
    if (qs.get("sort")) state.sort = qs.get("sort");
    if (["events", "fatalities"].includes(qs.get("map"))) state.mode = qs.get("map");
  }

  function toUrl() {
    const extra = {};
    if (state.offset) extra.offset = state.offset;
    if (state.sort !== "-date") extra.sort = state.sort;
    if (state.mode !== "markers") extra.map = state.mode;
    history.replaceState(null, "", withQuery(location.pathname, Object.assign(filters(), extra)));
  }

  function showError(err) {
    errorBox.textContent = err ? err.message : "";
    errorBox.hidden = !err;
  }

  // The multiple selects list the whole store's values; each option's count is under the filter.
  function fillOptions(select, items, initial) {
    const values = items.map(it => it.value);
    for (const v of initial || []) if (!values.includes(v)) values.push(v);
    for (const v of values) {
      const o = el("option", {value: v}, v);
      o.selected = (initial || []).includes(v);
      select.append(o);
    }
  }
  function countOptions(select, items) {
    const n = new Map(items.map(it => [it.value, it.n]));
    for (const o of select.options) o.textContent = `${o.value} (${num(n.get(o.value) || 0)})`;
  }

  // -- actors: chips of the actors filtered on, and the top actors under the filter ------------------

  function addActor(name) {
    const v = String(name || "").trim();
    if (!v || state.actors.includes(v)) return false;
    state.actors.push(v);
    return true;
  }
  function drawActorChips() {
    const box = document.getElementById("actor-chips");
    clear(box);
    for (const a of state.actors) {
      const remove = el("button", {type: "button", class: "chip-remove", title: "Remove", "aria-label": "Remove " + a}, "×");
      remove.addEventListener("click", () => { state.actors = state.actors.filter(x => x !== a); drawActorChips(); refresh(true); });
      box.append(el("li", {class: "chip", "data-value": a}, el("span", {}, a), remove));
    }
  }
  function drawTopActors(items) {
    const list = document.getElementById("actors");
    clear(list);
    for (const it of items) {
      const b = el("button", {type: "button", class: "link", "data-value": it.value, title: "Filter on " + it.value}, it.value);
      b.addEventListener("click", () => { if (addActor(it.value)) { drawActorChips(); refresh(true); } });
      list.append(el("li", {}, b, el("span", {class: "count"}, num(it.n))));
    }
    if (!items.length) list.append(el("li", {class: "muted"}, "No actors."));
  }

  // -- the time slider: two handles over the store's dates, driving From and To ----------------------

  function dayIndex(iso) { return Math.round((Date.parse(iso) - Date.parse(state.span[0])) / DAY); }
  function isoOf(index) { return new Date(Date.parse(state.span[0]) + index * DAY).toISOString().slice(0, 10); }

  function setupSlider(first, last) {
    const box = document.getElementById("slider");
    if (!first || !last) { box.hidden = true; return; }
    state.span = [first, last];
    for (const name of ["slide_from", "slide_to"]) {
      const input = form.elements[name];
      input.max = String(dayIndex(last));
      input.addEventListener("input", () => slid(name));
      input.addEventListener("change", () => refresh(true));
    }
    syncSlider();
  }
  function slid(moved) {
    const a = form.elements.slide_from, b = form.elements.slide_to;
    if (Number(a.value) > Number(b.value)) (moved === "slide_from" ? b : a).value = moved === "slide_from" ? a.value : b.value;
    // a handle at the end of the span means no limit on that side
    form.elements.date_from.value = Number(a.value) > 0 ? isoOf(Number(a.value)) : "";
    form.elements.date_to.value = Number(b.value) < Number(b.max) ? isoOf(Number(b.value)) : "";
    spanLabel();
  }
  function syncSlider() {
    if (!state.span) return;
    const clamp = v => Math.max(0, Math.min(Number(form.elements.slide_to.max), v));
    const from = form.elements.date_from.value, to = form.elements.date_to.value;
    form.elements.slide_from.value = String(from ? clamp(dayIndex(from)) : 0);
    form.elements.slide_to.value = String(to ? clamp(dayIndex(to)) : form.elements.slide_to.max);
    spanLabel();
  }
  function spanLabel() {
    const a = isoOf(Number(form.elements.slide_from.value)), b = isoOf(Number(form.elements.slide_to.value));
    document.getElementById("slider-span").textContent = `${fmtDate(a)} – ${fmtDate(b)}`;
  }

  // -- the views -------------------------------------------------------------------------------

  async function loadTable() {
    const status = document.getElementById("table-status");
    const seq = ++state.tableSeq;
    try {
      const data = await api("/api/events", Object.assign({}, filters(), {limit: PAGE, offset: state.offset, sort: state.sort}));
      if (seq !== state.tableSeq) return;  // a later filter's answer is coming
      state.total = data.total;
      clear(table);
      for (const e of data.rows) table.append(eventRow(e));
      if (!data.rows.length) table.append(el("tr", {}, el("td", {class: "muted"}, "No events match the filters.")));
      const last = Math.min(state.offset + PAGE, data.total);
      document.getElementById("page-info").textContent = data.total ? `${num(state.offset + 1)}–${num(last)} of ${num(data.total)}` : "0 events";
      document.getElementById("prev").disabled = state.offset === 0;
      document.getElementById("next").disabled = last >= data.total;
      status.textContent = `${num(data.total)} events`;
      document.querySelectorAll("[data-sort]").forEach(b => {
        const key = b.dataset.sort, active = state.sort.replace("-", "") === key;
        b.classList.toggle("active", active);
        b.textContent = b.textContent.replace(/ [▲▼]$/, "") + (active ? (state.sort.startsWith("-") ? " ▼" : " ▲") : "");
      });
      showError(null);
    } catch (err) { showError(err); }
  }

  function eventRow(e) {
    const sw = el("span", {class: "swatch"});
    sw.style.background = colour(e.event_type);
    const tr = el("tr", {"data-id": e.id, tabindex: 0},
      el("td", {}, fmtDate(e.event_date)),
      el("td", {}, el("div", {class: "type-cell"}, sw, el("div", {}, el("a", {href: "/events/" + e.id}, e.sub_event_type || e.event_type), el("div", {class: "sub"}, e.event_type)))),
      el("td", {}, place(e)),
      el("td", {}, [e.actor1, e.actor2].filter(Boolean).join(" vs ")),
      el("td", {class: "num"}, fatalities(e)),
      el("td", {class: "num"}, num(e.n_reports)),
      el("td", {class: "sub"}, (e.sources || []).join("; ")));
    tr.addEventListener("click", ev => { if (!ev.target.closest("a")) location.href = "/events/" + e.id; });
    tr.addEventListener("keydown", ev => { if (ev.key === "Enter") location.href = "/events/" + e.id; });
    return tr;
  }

  // Header totals, type legend, option counts and top actors: the counts of the matching events.
  function summarize(facets) {
    const legend = document.getElementById("legend");
    clear(legend);
    for (const it of facets.event_types) {
      const sw = el("span", {class: "swatch"});
      sw.style.background = colour(it.value);
      legend.append(el("li", {"data-type": it.value}, sw, el("span", {}, it.value), el("span", {class: "count"}, num(it.n))));
    }
    const span = facets.events ? ` · ${fmtDate(facets.first_date)} – ${fmtDate(facets.last_date)}` : "";
    const summary = document.getElementById("summary");
    summary.textContent = `${num(facets.events)} events · ${num(facets.fatalities)} fatalities${span}`;
    summary.dataset.events = String(facets.events);
    countOptions(form.elements.country, facets.countries);
    countOptions(form.elements.event_type, facets.event_types);
    drawTopActors(facets.actors || []);
  }

  function updateDownloads(f) {
    document.getElementById("download-csv").href = withQuery("/api/export", Object.assign({format: "acled-csv"}, f));
    document.getElementById("download-geojson").href = withQuery("/api/export", Object.assign({format: "geojson"}, f));
  }

  // Every view follows one filter.
  async function refresh(resetPage) {
    if (resetPage) state.offset = 0;
    const seq = ++state.seq;
    toUrl();
    syncSlider();
    const f = filters();
    updateDownloads(f);
    map.setFilters(f);
    timeline.load(f);
    loadTable();
    try {
      const facets = await api("/api/facets", f);
      if (seq !== state.seq) return;
      summarize(facets);
      map.fit(facets.extent);
    } catch (err) { showError(err); }
  }

  function setMode(mode) {
    state.mode = mode;
    document.querySelectorAll("[data-mode]").forEach(b => b.setAttribute("aria-pressed", String(b.dataset.mode === mode)));
    toUrl();
    return map.setMode(mode);
  }

  // A click on a region of the choropleth filters on it.
  function pickRegion(country, admin1) {
    form.elements.admin1.value = admin1 || "";
    if (country) for (const o of form.elements.country.options) o.selected = o.value === country;
    refresh(true);
  }

  async function init() {
    window.SitrepsBasemap.data();  // start the basemap's download while the rest is asked for
    fromUrl();
    const [facets, config] = await Promise.all([api("/api/facets"), api("/api/config")]);
    fillOptions(form.elements.country, facets.all_countries, state.initial.country);
    fillOptions(form.elements.event_type, facets.all_event_types, state.initial.event_type);
    drawActorChips();
    setupSlider(facets.all_first_date, facets.all_last_date);
    map = window.SitrepsMap.create(document.getElementById("map"), {
      tileUrl: config.tile_url, onRegion: pickRegion,
      onStatus: text => { document.getElementById("map-status").textContent = text; },
    });
    timeline = window.SitrepsTimeline.create(document.getElementById("timeline"), {
      caption: document.getElementById("timeline-caption"),
      onSelect(from, to) { form.elements.date_from.value = from; form.elements.date_to.value = to; refresh(true); },
    });
    if (state.mode !== "markers") setMode(state.mode);
    document.querySelectorAll("[data-mode]").forEach(b => b.addEventListener("click", () => setMode(b.dataset.mode)));
    refresh(false);

    // Apply, or Enter in any field; an actor typed in is added to the chips first
    form.addEventListener("submit", ev => {
      ev.preventDefault();
      if (addActor(form.elements.actor_entry.value)) drawActorChips();
      form.elements.actor_entry.value = "";
      refresh(true);
    });
    form.addEventListener("reset", () => setTimeout(() => {
      state.actors = [];
      drawActorChips();
      for (const k of MULTI) for (const o of form.elements[k].options) o.selected = false;
      refresh(true);
    }, 0));
    document.getElementById("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); toUrl(); loadTable(); });
    document.getElementById("next").addEventListener("click", () => { state.offset += PAGE; toUrl(); loadTable(); });
    document.querySelectorAll("[data-sort]").forEach(b => b.addEventListener("click", () => {
      const key = b.dataset.sort;
      state.sort = state.sort === "-" + key ? key : "-" + key;
      state.offset = 0; toUrl(); loadTable();
    }));
  }
  init().catch(showError);
})();
