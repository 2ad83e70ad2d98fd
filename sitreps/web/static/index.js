// The events page: filters <-> URL, the map, the timeline and the paged table.
"use strict";
(function () {
  const {el, api, num, fmtDate, place, fatalities, colour, clear} = window.sitreps;
  const PAGE = 25;
  const FIELDS = ["date_from", "date_to", "country", "admin1", "event_type", "actor", "text"];
  const form = document.getElementById("filters");
  const errorBox = document.getElementById("filter-error");
  const table = document.querySelector("#events tbody");
  const state = {offset: 0, sort: "-date", total: 0};

  function filters() {
    const f = {};
    for (const k of FIELDS) { const v = form.elements[k].value.trim(); if (v) f[k] = v; }
    return f;
  }
  function fromUrl() {
    const qs = new URLSearchParams(location.search);
    for (const k of FIELDS) if (qs.get(k)) form.elements[k].dataset.initial = qs.get(k);
    for (const k of FIELDS) if (qs.get(k)) form.elements[k].value = qs.get(k);
    if (qs.get("offset")) state.offset = Math.max(0, parseInt(qs.get("offset"), 10) || 0);
    if (qs.get("sort")) state.sort = qs.get("sort");
  }
  function toUrl() {
    const qs = new URLSearchParams(filters());
    if (state.offset) qs.set("offset", state.offset);
    if (state.sort !== "-date") qs.set("sort", state.sort);
    history.replaceState(null, "", location.pathname + (qs.toString() ? "?" + qs : ""));
  }
  function showError(err) {
    errorBox.textContent = err ? err.message : "";
    errorBox.hidden = !err;
  }

  async function loadTable() {
    const status = document.getElementById("table-status");
    try {
      const data = await api("/api/events", Object.assign({}, filters(), {limit: PAGE, offset: state.offset, sort: state.sort}));
      state.total = data.total;
      clear(table);
      for (const e of data.rows) {
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
        table.append(tr);
      }
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

  let map, timeline;
  // Header totals and the type legend: the counts of the events that match the filters.
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
  }

  // Every view follows one filter: header, legend, map (fitted to the matches), timeline and table.
  async function refresh(resetPage) {
    if (resetPage) state.offset = 0;
    toUrl();
    const f = filters();
    map.setFilters(f);
    timeline.load(f);
    loadTable();
    try {
      const facets = await api("/api/facets", f);
      summarize(facets);
      if (facets.extent) map.fit(facets.extent);
    } catch (err) { showError(err); }
  }

  async function init() {
    fromUrl();
    const [facets, config] = await Promise.all([api("/api/facets"), api("/api/config")]);
    for (const [name, items] of [["country", facets.all_countries], ["event_type", facets.all_event_types]]) {
      const sel = form.elements[name];
      for (const it of items) sel.append(el("option", {value: it.value}, `${it.value} (${num(it.n)})`));
      if (sel.dataset.initial) sel.value = sel.dataset.initial;
    }
    map = window.SitrepsMap.create(document.getElementById("map"), {
      tileUrl: config.tile_url,
      onDrawn: d => { document.getElementById("map-status").textContent = `${num(d.total)} events with coordinates in view`; },
    });
    timeline = window.SitrepsTimeline.create(document.getElementById("timeline"), {
      caption: document.getElementById("timeline-caption"),
      onSelect(from, to) { form.elements.date_from.value = from; form.elements.date_to.value = to; refresh(true); },
    });
    map.state.filters = filters();
    map.fit(facets.extent);
    refresh(false);

    form.addEventListener("submit", ev => { ev.preventDefault(); refresh(true); });
    form.addEventListener("reset", () => setTimeout(() => refresh(true), 0));
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
