// One event: its fields, every report behind it with the evidence highlighted in the article
// text, its sources and its contradictions side by side. Article text is untrusted: it is only
// ever placed in text nodes.
"use strict";
(function () {
  const {el, api, num, fmtDate, place, colour, clear} = window.sitreps;
  const main = document.getElementById("event-main");
  const id = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop());
  const articles = new Map();

  function article(aid) {
    if (!articles.has(aid)) articles.set(aid, api("/api/articles/" + encodeURIComponent(aid)));
    return articles.get(aid);
  }

  // The article text as three text nodes around a <mark>: the stored offsets count Unicode code
  // points (Python), so slice an array of code points, not the UTF-16 string.
  function highlighted(text, m) {
    const box = el("div", {class: "article-text"});
    const chars = Array.from(text);
    let s = m.evidence_start, e = m.evidence_end;
    const fits = Number.isInteger(s) && Number.isInteger(e) && s >= 0 && e <= chars.length && s < e;
    if (!fits || (m.evidence && chars.slice(s, e).join("") !== m.evidence)) {
      // Offsets missing or stale: fall back to finding the evidence sentence.
      const at = m.evidence ? text.indexOf(m.evidence) : -1;
      if (at < 0) { box.append(document.createTextNode(text)); return {box, mark: null}; }
      s = Array.from(text.slice(0, at)).length;
      e = s + Array.from(m.evidence).length;
    }
    const mark = el("mark", {class: "evidence-mark"}, chars.slice(s, e).join(""));
    box.append(document.createTextNode(chars.slice(0, s).join("")), mark, document.createTextNode(chars.slice(e).join("")));
    return {box, mark};
  }

  // A small map of where the event happened: the bundled basemap and one marker.
  function locator(e) {
    const box = el("div", {id: "locator", class: "locator", "aria-label": "Where the event happened"});
    if (e.latitude === null || e.latitude === undefined) {
      box.classList.add("empty");
      box.append(el("p", {class: "muted"}, "No coordinates for this event."));
      return {box, draw() {}};
    }
    return {box, draw() {
      const at = [e.latitude, e.longitude];
      const map = L.map(box, {center: at, zoom: 7, minZoom: 2, maxZoom: 14, scrollWheelZoom: false});
      map.attributionControl.setPrefix("Leaflet");
      const mark = L.circleMarker(at, {radius: 8, color: "#fff", weight: 2, fillColor: colour(e.event_type), fillOpacity: 1,
        className: "event-marker"}).addTo(map);
      mark.bindTooltip(el("span", {}, place(e) || "event"), {direction: "top", offset: [0, -8]});
      window.SitrepsBasemap.data().then(bm => {
        window.SitrepsBasemap.addTo(map, bm, {});
        box.dataset.basemap = "ready";
      }).catch(err => { box.dataset.basemap = "error"; box.append(el("p", {class: "error"}, err.message)); });
    }};
  }

  function fact(label, ...value) { return el("div", {class: "fact"}, el("dl", {}, el("dt", {}, label), el("dd", {}, ...value))); }

  function claimCard(cl) {
    const says = [cl.stance, cl.value !== null && cl.value !== undefined ? num(cl.value) : null].filter(Boolean).join(", ") || "—";
    const stance = cl.stance || "value";
    const meta = [cl.outlet, cl.published ? fmtDate(cl.published) : null].filter(Boolean).join(", ");
    return el("div", {class: "claim stance-" + stance},
      el("div", {class: "claim-source"}, cl.source),
      el("div", {class: "claim-says"}, says),
      cl.evidence ? el("blockquote", {}, "“" + cl.evidence + "”") : null,
      meta ? el("div", {class: "sub"}, (cl.title ? cl.title + " · " : "") + meta) : null);
  }

  // How sure the linker was that this report tells of the same event as the ones before it, and why.
  function linkWhy(m, i) {
    if (i === 0 || m.link_score === null || m.link_score === undefined) {
      return el("p", {class: "link-why sub"}, i === 0 ? "First report of this event." : "Linked before link scores were kept.");
    }
    const sure = m.link_confident ? "sure" : "less sure: its toll is not set against the others";
    return el("p", {class: "link-why sub"},
      `Linked to the reports above with confidence ${m.link_score.toFixed(2)} (${sure}): `,
      (m.link_reasons || []).join(" · ") || "no reasons recorded");
  }

  async function reportCard(m, i) {
    const link = m.url && /^https?:\/\//i.test(m.url) ? el("a", {href: m.url, rel: "noopener noreferrer nofollow", target: "_blank"}, m.title || m.doc_id) : (m.title || m.doc_id);
    const card = el("section", {class: "card report", "data-id": m.id},
      el("h3", {}, `Report ${i + 1}: `, link),
      el("div", {class: "report-meta"},
        el("span", {}, m.outlet || "unknown outlet"), el("span", {}, fmtDate(m.published)),
        el("span", {}, (m.sub_event_type || m.event_type) + (m.stance !== "asserted" ? ` (${m.stance})` : "")),
        el("span", {}, `killed: ${num(m.fatalities)}${m.fatalities_high ? "–" + num(m.fatalities_high) : ""}`),
        m.date_text ? el("span", {}, `date from “${m.date_text}”`) : null,
        m.place_text ? el("span", {}, `place from “${m.place_text}”`) : null),
      el("div", {class: "chips"}, (m.sources || []).map(s => el("span", {class: "chip"}, s))),
      linkWhy(m, i),
      el("blockquote", {class: "evidence"}, m.evidence || "(no evidence sentence)"));
    try {
      const a = await article(m.article_id);
      const {box, mark} = highlighted(a.text || "", m);
      card.append(box);
      if (mark) requestAnimationFrame(() => { box.scrollTop = Math.max(0, mark.offsetTop - box.offsetTop - 40); });
    } catch (err) {
      card.append(el("p", {class: "error"}, "article: " + err.message));
    }
    return card;
  }

  async function init() {
    let e;
    try { e = await api("/api/events/" + encodeURIComponent(id)); }
    catch (err) { clear(main); main.append(el("p", {class: "error"}, err.message)); return; }
    document.title = `sitreps · ${e.sub_event_type || e.event_type}, ${place(e)}, ${e.event_date || "undated"}`;
    clear(main);
    const badge = el("span", {class: "badge"}, e.event_type);
    badge.style.background = colour(e.event_type);
    const head = el("header", {class: "event-head"},
      el("p", {}, el("a", {href: "/"}, "← all events")),
      el("h1", {}, `${e.sub_event_type || e.event_type} · ${place(e) || "unknown place"}`),
      el("div", {class: "chips"}, badge,
        e.stance !== "asserted" ? el("span", {class: "badge stance-" + e.stance}, e.stance) : null,
        el("span", {class: "chip"}, fmtDate(e.event_date)),
        el("span", {class: "chip"}, `${e.n_reports} report${e.n_reports === 1 ? "" : "s"}, ${e.n_sources} source${e.n_sources === 1 ? "" : "s"}`),
        e.link_score !== null && e.link_score !== undefined ?
          el("span", {class: "chip link-score", title: "the weakest link between these reports; each report says why it was linked"},
            `linked with confidence ≥ ${e.link_score.toFixed(2)}`) : null));
    const fat = el("div", {class: "fatal"},
      el("div", {class: "low"}, el("span", {class: "n"}, num(e.fatalities_low)), el("span", {class: "lbl"}, "low")),
      el("div", {class: "best"}, el("span", {class: "n"}, num(e.fatalities_best)), el("span", {class: "lbl"}, "best")),
      el("div", {class: "high"}, el("span", {class: "n"}, num(e.fatalities_high)), el("span", {class: "lbl"}, "high")));
    const coords = e.latitude !== null && e.latitude !== undefined ? ` (${e.latitude.toFixed(4)}, ${e.longitude.toFixed(4)})` : "";
    const facts = el("div", {class: "facts"},
      fact("Date", fmtDate(e.event_date), e.time_precision > 1 ? el("span", {class: "sub"}, ` ± precision ${e.time_precision}`) : null),
      fact("Place", place(e) || "unknown", el("div", {class: "sub"}, coords + (e.geo_precision ? ` · geo precision ${e.geo_precision}` : ""))),
      fact("Actors", [e.actor1, e.actor2].filter(Boolean).join(" vs ") || "unknown",
        (e.assoc_actor_1 || e.assoc_actor_2) ? el("div", {class: "sub"}, "with " + [e.assoc_actor_1, e.assoc_actor_2].filter(Boolean).join(", ")) : null),
      fact("Fatalities", fat));
    const sources = el("section", {}, el("h2", {}, "Sources"),
      el("div", {class: "chips", id: "sources"}, (e.sources || []).map(s => el("span", {class: "chip"}, s))));
    const reports = el("section", {id: "reports"}, el("h2", {}, `Reports (${e.mentions.length})`));
    const contra = el("section", {id: "contradictions"}, el("h2", {}, `Contested (${e.contradictions.length})`));
    if (!e.contradictions.length) contra.append(el("p", {class: "muted"}, "The reports agree."));
    for (const c of e.contradictions) {
      contra.append(el("div", {class: "card contest"}, el("h3", {}, c.about),
        el("div", {class: "claims"}, c.claims.map(claimCard))));
    }
    const where = locator(e);
    main.append(head, facts, where.box, sources, contra, reports);
    where.draw();
    const cards = await Promise.all(e.mentions.map(reportCard));
    reports.append(...cards);
    main.dataset.state = "ready";
    main.dataset.reports = String(cards.length);
  }
  init();
})();
