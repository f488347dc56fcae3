/* stafett review: the list of interviews (build every saved record). */
"use strict";
(() => {
  const button = document.getElementById("build-all");
  const out = document.getElementById("build-result");
  if (!button) return;
  button.addEventListener("click", async () => {
    button.disabled = true;
    out.replaceChildren(Review.el("p", {}, "Bygger …"));
    try {
      const r = await Review.api("POST", "/api/build", {});
      out.replaceChildren(Review.buildSummary(r));
    } catch (e) {
      out.replaceChildren(Review.el("p", {class: "alert"}, e.message || "Byggingen feilet"));
    } finally {
      button.disabled = false;
    }
  });
})();
