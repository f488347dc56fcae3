// The query page: YASGUI bound to this server's /sparql, with the named queries as examples.
// Nothing here or in YASGUI's configuration fetches anything from another server.
//
// Results read as an analyst writes them: values without datatypes (5, ja/nei, 4. mai 2023),
// entities by their name with a link to their page (the IRI on hover), and the columns of a
// named query under its Norwegian headers (the variable on hover). Errors show the server's
// message as preformatted text, so its line, column and caret line up.
(function () {
  "use strict";
  const root = document.getElementById("yasgui");
  const endpoint = new URL(root.dataset.endpoint || "/sparql", window.location.href).href;
  const XSD = "http://www.w3.org/2001/XMLSchema#";
  const NUMBERS = new Set(["integer", "decimal", "double", "float", "int", "long", "short", "byte",
    "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong"]);
  const LABELS = ["http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label",
    "http://xmlns.com/foaf/0.1/name", "https://schema.org/name", "http://purl.org/dc/terms/title"];
  const LANGS = ["nb", "no", "nn", "", "en"];
  const state = { cfg: null, labels: new Map(), columns: {} };

  function esc(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  // -- values --------------------------------------------------------------------------------
  function shortIri(iri) {
    const base = state.cfg.base;
    if (base && iri.startsWith(base + "id/")) return iri.slice(base.length + 3);
    for (const [p, ns] of Object.entries(state.cfg.prefixes)) {
      if (iri.startsWith(ns) && iri.length > ns.length) return p + ":" + iri.slice(ns.length);
    }
    return iri;
  }

  function href(iri) {
    const base = state.cfg.base;
    if (base && iri.startsWith(base + "id/")) return "/id/" + iri.slice(base.length + 3);
    return /^https?:\/\//i.test(iri) ? iri : "";
  }

  function number(value) {
    const n = Number(value);
    if (!isFinite(n)) return value;
    // Norwegian style: a space between thousands from 10 000 on, a decimal comma.
    return Math.abs(n) >= 10000 || !Number.isInteger(n)
      ? n.toLocaleString("nb-NO", { maximumFractionDigits: 6 }) : String(n);
  }

  function literal(b) {
    const dt = b.datatype || "";
    const local = dt.startsWith(XSD) ? dt.slice(XSD.length) : "";
    if (local === "boolean") return b.value === "true" || b.value === "1" ? "ja" : "nei";
    if (NUMBERS.has(local)) return number(b.value);
    if (local === "date" && /^\d{4}-\d\d-\d\d$/.test(b.value)) {
      const d = new Date(b.value + "T12:00:00Z");
      return isNaN(d) ? b.value : d.toLocaleDateString("nb-NO", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    }
    if (local === "dateTime") {
      const d = new Date(b.value);
      return isNaN(d) ? b.value : d.toLocaleString("nb-NO", { dateStyle: "long", timeStyle: "short" });
    }
    return b.value;
  }

  // An HTML string for DataTables; every piece of data in it is escaped.
  function cell(b) {
    if (!b || b === "") return "";
    if (b.type === "uri") {
      const label = state.labels.get(b.value);
      const text = label || shortIri(b.value);
      const link = href(b.value);
      const cls = label ? "iri named" : "iri";
      return link
        ? `<a class="${cls}" href="${esc(link)}" title="${esc(b.value)}">${esc(text)}</a>`
        : `<span class="${cls}" title="${esc(b.value)}">${esc(text)}</span>`;
    }
    if (b.type === "bnode") return `<span class="bnode" title="_:${esc(b.value)}">(blank node)</span>`;
    const hint = b["xml:lang"] ? "@" + b["xml:lang"] : (b.datatype ? shortIri(b.datatype) : "");
    return `<span class="value"${hint ? ` title="${esc(hint)}"` : ""}>${esc(literal(b))}</span>`;
  }

  function header(variable) {
    return state.columns[variable] || state.cfg.columns[variable] || variable;
  }

  // -- names of the entities in a result -----------------------------------------------------
  async function fetchLabels(results) {
    const wanted = new Set();
    for (const row of results.getBindings() || []) {
      for (const b of Object.values(row)) {
        if (b && b.type === "uri" && !state.labels.has(b.value) && !/[<>"{}|^`\\\s]/.test(b.value)) wanted.add(b.value);
      }
      if (wanted.size >= 3000) break;  // enough for the pages anyone reads
    }
    const iris = [...wanted];
    const preds = LABELS.map((p) => `<${p}>`).join(" ");
    for (let i = 0; i < iris.length; i += 300) {
      const values = iris.slice(i, i + 300).map((x) => `<${x}>`).join(" ");
      const query = `SELECT ?x ?p ?l WHERE { VALUES ?x { ${values} } VALUES ?p { ${preds} } ?x ?p ?l }`;
      let rows = [];
      try {
        const r = await fetch(endpoint, { method: "POST", body: query,
          headers: { "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json" } });
        if (!r.ok) continue;  // a name is a nicety: the IRI still shows
        rows = (await r.json()).results.bindings;
      } catch (e) {
        continue;
      }
      const best = new Map();
      for (const row of rows) {
        const lang = row.l["xml:lang"] || "";
        const rank = (LANGS.includes(lang) ? LANGS.indexOf(lang) : LANGS.length) * 10 + LABELS.indexOf(row.p.value);
        const cur = best.get(row.x.value);
        if (!cur || rank < cur[0]) best.set(row.x.value, [rank, row.l.value]);
      }
      for (const [iri, [, label]] of best) state.labels.set(iri, label);
    }
  }

  function registerTable() {
    const Base = Yasr.plugins.table;
    class Tabell extends Base {
      constructor(yasr) {
        super(yasr);
        this.label = "Tabell";
      }
      async draw(config) {
        if (this.yasr.results && this.yasr.results.getBindings()) await fetchLabels(this.yasr.results);
        return super.draw(Object.assign({}, config, { isEllipsed: false }));
      }
      getColumns() {
        const columns = super.getColumns();
        for (const c of columns.slice(1)) c.title = `<span title="?${esc(c.name)}">${esc(header(c.name))}</span>`;
        return columns;
      }
      getCellContent(binding) {
        return `<div>${cell(binding)}</div>`;
      }
    }
    Yasr.registerPlugin("table", Tabell);
  }

  // The editor's syntax check flags a prefix with no PREFIX line; the endpoint declares the
  // project's prefixes, so the check starts knowing them (and the editor need not show them).
  function knowPrefixes(prefixes) {
    const Editor = Yasgui.Yasqe;
    const factory = Editor.modes && Editor.modes.sparql11;
    if (!factory || factory.stafett) return;
    const wrapped = function (config, parserConfig) {
      const mode = factory(config, parserConfig);
      const start = mode.startState;
      mode.startState = function () {
        const s = start.apply(mode, arguments);
        s.prefixes = Object.assign({}, prefixes, s.prefixes);
        return s;
      };
      return mode;
    };
    wrapped.stafett = true;
    Editor.defineMode("sparql11", wrapped);
  }

  // -- errors --------------------------------------------------------------------------------
  async function errorText(error) {
    let body = error && error.text;
    if (!body && error && error.response && typeof error.response.text === "function") {
      try { body = await error.response.text(); } catch (e) { body = ""; }
    }
    if (!body) return undefined;
    let problem;
    try { problem = JSON.parse(body); } catch (e) { return undefined; }
    if (!problem || typeof problem.message !== "string") return undefined;
    const box = document.createElement("div");
    box.className = "stafett-error";
    const head = document.createElement("p");
    head.className = "status";
    head.textContent = (problem.status === 400 ? "Spørringen kunne ikke kjøres" : "Feil") +
      ` (${problem.status} ${problem.error})`;
    const pre = document.createElement("pre");
    pre.className = "message";
    pre.textContent = problem.message;
    box.appendChild(head);
    box.appendChild(pre);
    return box;
  }

  // -- the page ------------------------------------------------------------------------------
  function start(cfg) {
    state.cfg = cfg;
    registerTable();
    knowPrefixes(cfg.prefixes);
    // Yasgui puts its own renderers before Yasr's defaults (and ignores a yasr.errorRenderers).
    Yasr.defaults.errorRenderers = [errorText];
    Yasgui.Yasqe.defaults.value = cfg.default_query;
    // LOV class/property completion calls lov.linkeddata.es: keep only the local completers.
    Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
    const yasgui = new Yasgui(root, {
      requestConfig: { endpoint: endpoint, method: "POST" },
      copyEndpointOnNewTab: false,
      endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
      corsProxy: undefined,
      populateFromUrl: false,
      persistenceId: "stafett-query-v2",
      yasqe: { value: cfg.default_query, createShortLink: undefined, prefixCcApi: null,
               autocompleters: ["prefixes", "variables"] },
      yasr: { prefixes: cfg.prefixes, defaultPlugin: "table" },
    });
    // Tabs kept from an earlier visit must talk to this server too.
    for (const id of yasgui.persistentConfig.getTabs()) {
      const tab = yasgui.getTab(id);
      if (tab) tab.setEndpoint(endpoint);
    }
    const examples = new Map(cfg.examples.map((q) => [q.name, q]));
    document.querySelectorAll("button.example").forEach((button) => {
      button.addEventListener("click", () => {
        const q = examples.get(button.dataset.name);
        if (!q) return;
        state.columns = q.columns || {};
        const tab = yasgui.getTab();
        tab.setEndpoint(endpoint);
        tab.setQuery(q.text);
        tab.query();
      });
    });
    document.getElementById("download-csv").addEventListener("click", () => download(yasgui, "text/csv", "csv"));
    document.getElementById("download-json").addEventListener("click", () => download(yasgui, "application/sparql-results+json", "json"));
    // The graph's own IRIs open their page on this server rather than at the public base.
    root.addEventListener("click", (event) => {
      const a = event.target.closest && event.target.closest("a[href]");
      if (a && cfg.base && a.href.startsWith(cfg.base + "id/")) {
        event.preventDefault();
        window.location.href = "/id/" + a.href.slice(cfg.base.length + 3);
      }
    });
    window.stafettYasgui = yasgui;  // for tests and the console
  }

  async function download(yasgui, accept, ext) {
    const query = yasgui.getTab().getQuery();
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", "Accept": accept },
      body: query,
    });
    const blob = await response.blob();
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "stafett-resultat." + (response.ok ? ext : "error.json");
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  fetch("/queries.json").then((r) => r.json()).then(start);
})();
