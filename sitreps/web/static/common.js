// Shared helpers. Every string from the API (article text above all) is set with textContent
// or setAttribute on a fixed list of attributes: nothing here parses HTML.
"use strict";
window.sitreps = (function () {
  const TYPE_COLOURS = {
    "Battles": "#d64545",
    "Explosions/Remote violence": "#e8833a",
    "Violence against civilians": "#8e44ad",
    "Protests": "#2d9cdb",
    "Riots": "#27ae60",
    "Strategic developments": "#7b8794",
  };
  const SVGNS = "http://www.w3.org/2000/svg";

  function colour(type) {
    if (TYPE_COLOURS[type]) return TYPE_COLOURS[type];
    let h = 0;
    for (const ch of String(type || "")) h = (h * 31 + ch.codePointAt(0)) % 360;
    return `hsl(${h}, 45%, 50%)`;
  }

  // el("td", {class: "num"}, "12", childNode, ...): strings become text nodes.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }
  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVGNS, tag);
    setAttrs(node, attrs);
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }
  const SAFE_ATTRS = new Set(["class", "id", "href", "title", "type", "value", "x", "y", "x1", "y1", "x2", "y2",
    "cx", "cy", "r", "d", "width", "height", "fill", "stroke", "transform", "viewBox", "points", "role",
    "aria-label", "data-id", "data-type", "data-day", "data-value", "tabindex", "rel", "target", "selected",
    "opacity", "text-anchor", "preserveAspectRatio"]);
  function setAttrs(node, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (!SAFE_ATTRS.has(k)) throw new Error("attribute not allowed: " + k);
      if (k === "href" && !safeHref(String(v))) continue;
      node.setAttribute(k, String(v));
    }
  }
  function safeHref(url) {
    return /^(https?:\/\/|\/(?!\/)|#)/i.test(url);
  }

  // {country: ["Syria", "Yemen"], text: "shelling"} -> "country=Syria&country=Yemen&text=shelling":
  // a list is a repeated parameter, blanks are left out.
  function query(params) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) {
      for (const item of Array.isArray(v) ? v : [v]) if (item !== null && item !== undefined && item !== "") qs.append(k, item);
    }
    return qs;
  }
  function withQuery(path, params) {
    const qs = query(params).toString();
    return path + (qs ? "?" + qs : "");
  }

  async function api(path, params) {
    const url = withQuery(path, params);
    const res = await fetch(url, {headers: {"Accept": "application/json"}});
    const body = await res.json().catch(() => ({}));
    if (!res.ok) {
      const d = body.detail;
      const msg = typeof d === "string" ? d : Array.isArray(d) ? d.map(x => `${(x.loc || []).slice(-1)[0]}: ${x.msg}`).join("; ") : res.statusText;
      throw new Error(msg);
    }
    return body;
  }

  const nf = new Intl.NumberFormat("en-GB");
  function num(n) { return n === null || n === undefined ? "" : nf.format(n); }
  function fmtDate(iso) {
    if (!iso) return "undated";
    const d = new Date(iso + "T00:00:00Z");
    return d.toLocaleDateString("en-GB", {day: "numeric", month: "short", year: "numeric", timeZone: "UTC"});
  }
  function place(e) {
    return [e.location, e.admin2, e.admin1, e.country].filter((v, i, a) => v && a.indexOf(v) === i).join(", ");
  }
  function fatalities(e) {
    const lo = e.fatalities_low, best = e.fatalities_best, hi = e.fatalities_high;
    return lo === hi ? num(best) : `${num(best)} (${num(lo)}–${num(hi)})`;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  return {TYPE_COLOURS, colour, el, svg, api, query, withQuery, num, fmtDate, place, fatalities, clear, safeHref};
})();
