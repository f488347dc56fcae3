// The query page: YASGUI bound to this server's /sparql, with the named queries as examples.
// Nothing here or in YASGUI's configuration fetches anything from another server.
(function () {
  "use strict";
  const root = document.getElementById("yasgui");
  const endpoint = new URL(root.dataset.endpoint || "/sparql", window.location.href).href;

  function fixedEndpoint(config) {
    config.requestConfig = Object.assign({}, config.requestConfig || {}, { endpoint: endpoint });
    return config;
  }

  function start(cfg) {
    Yasgui.Yasqe.defaults.value = cfg.default_query;
    // LOV class/property completion calls lov.linkeddata.es: keep only the local completers.
    Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
    const yasgui = new Yasgui(root, {
      requestConfig: { endpoint: endpoint, method: "POST" },
      copyEndpointOnNewTab: false,
      endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
      corsProxy: undefined,
      populateFromUrl: false,
      persistenceId: "stafett-query",
      yasqe: { value: cfg.default_query, createShortLink: undefined, prefixCcApi: null,
               autocompleters: ["prefixes", "variables"] },
      yasr: { prefixes: cfg.prefixes },
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
