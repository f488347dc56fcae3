/* stafett review: helpers shared by the pages. Every string from the data goes into the page
   as text (textContent, createTextNode), never as markup. */
"use strict";

const Review = (() => {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;

  /** An element with attributes (no "on*" handlers, no style) and children (strings become text). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("data-")) node.setAttribute(k, String(v));
      else if (k.startsWith("on") || k === "style") throw new Error("no inline handlers or styles");
      else if (v === true) node.setAttribute(k, "");
      else node.setAttribute(k, String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  /** A JSON request to the server; rejects with {status, error, message, problems}. */
  async function api(method, url, body) {
    const init = {method, headers: {"Accept": "application/json"}, credentials: "same-origin"};
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.headers["X-CSRF-Token"] = csrf;
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(url, init);
    } catch (e) {
      throw {status: 0, error: "unreachable", message: "Får ikke kontakt med stafett review (kjører den fortsatt?)"};
    }
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (!response.ok) throw (data || {status: response.status, error: "http-error", message: response.statusText});
    return data;
  }

  /** The summary of a build, as elements. */
  function buildSummary(r) {
    const box = el("section", {class: "build-summary", "aria-label": "Resultat av byggingen"});
    box.append(el("h3", {}, r.first_build ? "Bygget (første bygging av lageret)" : "Bygget (build --update)"));
    box.append(el("p", {}, `Lager: ${r.store}`));
    box.append(el("p", {class: "counts"},
      el("span", {class: "added"}, `+${r.triples_added} tripler lagt til`), " · ",
      el("span", {class: "removed"}, `−${r.triples_removed} fjernet`),
      r.graphs_removed.length ? ` · ${r.graphs_removed.length} eldre graf(er) fjernet` : ""));
    box.append(el("pre", {class: "lines"}, r.lines.join("\n")));
    if (r.merged.length) {
      box.append(el("h4", {}, "Personer slått sammen med andre intervjuer"));
      box.append(el("ul", {}, r.merged.map(m => el("li", {}, `${m.name}: også i ${m.also_in.join("; ")}`))));
    } else {
      box.append(el("p", {class: "small"}, "Ingen av personene er nevnt i andre intervjuer ennå."));
    }
    for (const [key, title] of [["added", "Lagt til"], ["removed", "Fjernet"]]) {
      if (!r[key].length) continue;
      const count = key === "added" ? r.triples_added : r.triples_removed;
      box.append(el("details", {}, el("summary", {}, `${title} (${r[key].length} av ${count} vist)`),
        el("ul", {class: "triples"}, r[key].map(line => el("li", {}, line)))));
    }
    if (r.warnings.length) {
      box.append(el("details", {}, el("summary", {}, `Advarsler (${r.warnings.length})`),
        el("ul", {}, r.warnings.map(w => el("li", {}, w)))));
    }
    return box;
  }

  return {el, api, buildSummary};
})();
