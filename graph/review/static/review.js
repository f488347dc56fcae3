/* stafett review: one interview's page. The text on the left with every fact highlighted at its
   span, the record on the right as a form. Offsets are code points (as Python counts them), never
   UTF-16 units. Every string from the interview is put into the page as text, never as markup. */
"use strict";
(() => {
  const {el, api, buildSummary} = Review;
  const root = document.getElementById("review");
  const ID = root.dataset.id;
  const $ = id => document.getElementById(id);
  const textBox = $("text");
  const PEOPLE = ["interviewee", "baton_from", "baton_to"];
  const MAIN_PARTS = new Set(["", "name", "role_as_written"]);
  const NUMERIC = new Set(["stage", "integer", "number"]);

  let D = null;            // what the server sent
  let rec = null;          // the record being edited
  let cps = [];            // the text as code points
  let spec = null;
  const KIND = {}, LABEL = {}, GROUP = {};
  let LISTS = {};
  let accepted = new Set(), touched = new Set();
  let selection = null;    // {start, end} in code points
  let dirty = false, flagIndex = -1;
  let validateTimer = null, textTimer = null;

  // -- small helpers --------------------------------------------------------------------------
  const words = span => cps.slice(span[0], span[1]).join("");
  const norm = s => String(s ?? "").normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();
  const safe = key => key.replace(/[^A-Za-z0-9_]/g, "-");
  const itemKey = key => /^(\w+)\[(\d+)\]$/.exec(key);
  const status = msg => { $("status").textContent = msg; };

  function showAlert(message, ...extra) {
    const box = $("alert");
    box.replaceChildren(el("p", {}, message), ...extra);
    box.hidden = false;
  }
  function hideAlert() { $("alert").hidden = true; }

  function setDirty(value) {
    dirty = value;
    $("dirty").hidden = !value;
  }

  function labelOf(key) {
    const m = itemKey(key);
    if (m) return `${spec.groups[m[1]]} · ${LISTS[m[1]].label} ${Number(m[2]) + 1}`;
    if (LISTS[key]) return spec.groups[key];
    return `${spec.groups[GROUP[key]] || ""} · ${LABEL[key] || key}`;
  }

  function validSpan(span) {
    return Array.isArray(span) && span.length === 2 && Number.isInteger(span[0]) && Number.isInteger(span[1])
      && 0 <= span[0] && span[0] < span[1] && span[1] <= cps.length ? span : null;
  }

  function ensurePerson(who) {
    if (!rec[who]) rec[who] = {name: "", role: null, role_as_written: null, organisation: null, since: null, county: null, span: null};
    return rec[who];
  }

  // -- reading and writing fields --------------------------------------------------------------
  function currentSpan(key) {
    const m = itemKey(key);
    if (m) { const it = (rec[m[1]] || [])[Number(m[2])]; return validSpan(it && it.span); }
    const [head, name] = key.split(".");
    const own = ((rec.evidence || {})[key] || {}).span || (rec.spans || {})[key];
    if (PEOPLE.includes(head) && name === "name") return validSpan((rec[head] || {}).span || own);
    return validSpan(own);
  }

  function setSpan(key, span) {
    const m = itemKey(key);
    if (m) { rec[m[1]][Number(m[2])].span = span; return; }
    rec.evidence = rec.evidence || {};
    const [head, name] = key.split(".");
    if (PEOPLE.includes(head) && name === "name" && rec[head]) rec[head].span = span;
    // The reviewer's span is the field's evidence now (the server quotes its words on save).
    if (span) rec.evidence[key] = {span, quote: null, cue: "chosen by the reviewer", confidence: 1};
    else delete rec.evidence[key];
    if (rec.spans) delete rec.spans[key];
  }

  function getPart(key, sub) {
    const m = itemKey(key);
    if (m) return ((rec[m[1]] || [])[Number(m[2])] || {})[sub];
    const [head, name] = key.split(".");
    if (key === "stage") return rec.stage;
    if (PEOPLE.includes(head)) {
      const p = rec[head] || {};
      if (name === "role") return p[sub];
      if (name === "organisation") return (p.organisation || {})[sub];
      return p[name];
    }
    if (head === "facts") {
      const v = (rec.facts || {})[name];
      if (sub) return v && typeof v === "object" ? v[sub] : null;
      return v;
    }
    return null;
  }

  function valueText(key) {
    const m = itemKey(key);
    if (m) { const it = (rec[m[1]] || [])[Number(m[2])] || {}; return it[LISTS[m[1]].main] || ""; }
    const kind = KIND[key];
    if (kind === "role") return getPart(key, "role_as_written") || getPart(key, "role") || "";
    if (kind === "organisation") {
      const n = getPart(key, "name"), k = getPart(key, "kommunenummer") || getPart(key, "fylkesnummer");
      return n ? (k ? `${n} (${k})` : n) : "";
    }
    if (kind === "mayor") {
      const n = getPart(key, "name"), p = getPart(key, "party");
      return n ? (p ? `${n} (${p})` : n) : "";
    }
    const v = getPart(key, "");
    return v === null || v === undefined ? "" : String(v);
  }

  function typed(kind, raw) {
    if (raw.trim() === "") return null;
    if (NUMERIC.has(kind)) {
      const t = raw.replace(/[\s\u00a0\u202f\u2009]/g, "").replace(",", ".");
      if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
    }
    return raw;
  }

  /** Whether the words at a span still state a value typed over it. */
  function wordsState(span, value) {
    if (value === null || value === undefined || value === "") return false;
    const w = norm(words(span)), v = norm(value);
    if (typeof value === "number") return w.replace(/\D/g, "").includes(String(value).replace(/\D/g, ""));
    return w.includes(v) || v.includes(w);
  }

  function setPart(key, sub, raw) {
    const kind = KIND[key];
    const value = typed(kind, raw);
    const [head, name] = key.split(".");
    if (key === "stage") rec.stage = value;
    else if (PEOPLE.includes(head)) {
      const p = ensurePerson(head);
      if (name === "role") p[sub] = value;
      else if (name === "organisation") {
        p.organisation = p.organisation || {name: null, kommunenummer: null, fylkesnummer: null};
        p.organisation[sub] = value;
      } else p[name] = value === null && name === "name" ? "" : value;
    } else if (head === "facts") {
      rec.facts = rec.facts || {};
      if (kind === "organisation" || kind === "mayor") {
        const o = rec.facts[name] || {};
        o[sub] = value;
        rec.facts[name] = o;
      } else rec.facts[name] = value;
    }
    afterTyping(key, sub, value);
  }

  function setItem(key, part, raw) {
    const m = itemKey(key);
    const item = rec[m[1]][Number(m[2])];
    item[part] = raw.trim() === "" ? (part === LISTS[m[1]].main ? "" : null) : raw;
    afterTyping(key, part === LISTS[m[1]].main ? "" : part, item[part]);
  }

  function afterTyping(key, sub, value) {
    // The evidence follows the words: a value typed over a span its words do not state loses it.
    const span = currentSpan(key);
    if (MAIN_PARTS.has(sub) && span && !wordsState(span, value)) {
      setSpan(key, null);
      status(`${labelOf(key)}: skrevet inn for hånd, uten belegg i teksten (marker ordene for å knytte det til teksten)`);
    }
    touched.add(key);
    setDirty(true);
    refreshSpanInfo(key);
    refreshFlags();
    clearTimeout(textTimer);
    textTimer = setTimeout(renderText, 200);
    scheduleValidate();
  }

  // -- from a selection in the text ------------------------------------------------------------
  function setFromSelection(key, value, span) {
    if (LISTS[key]) {
      rec[key] = rec[key] || [];
      rec[key].push({...value, span});
      return `${key}[${rec[key].length - 1}]`;
    }
    const [head, name] = key.split(".");
    if (key === "stage") rec.stage = value;
    else if (PEOPLE.includes(head)) {
      const p = ensurePerson(head);
      if (name === "role") { p.role = value.role; p.role_as_written = value.role_as_written; }
      else p[name] = value;
    } else if (head === "facts") {
      rec.facts = rec.facts || {};
      rec.facts[name] = value;
    }
    setSpan(key, span);
    return key;
  }

  async function applySelection(key) {
    if (!selection) { status("Marker ordene i teksten først."); textBox.focus(); return; }
    let r;
    try {
      r = await api("POST", `/api/interview/${ID}/interpret`,
        {field: key, span: [selection.start, selection.end], sha256: D.sha256, origin: D.origin});
    } catch (e) { showAlert(e.message || "Kunne ikke lese markeringen"); return; }
    const newKey = setFromSelection(key, r.value, r.span);
    touched.add(newKey);
    setDirty(true);
    clearSelection();
    renderForm();
    renderText();
    scheduleValidate();
    focusField(newKey);
    status(`${labelOf(newKey)} satt til «${r.words}» [${r.span[0]}, ${r.span[1]})` + (r.note ? ` – ${r.note}` : ""));
  }

  function pointOffset(node, offset) {
    if (!textBox.contains(node)) return null;
    if (node.nodeType === Node.TEXT_NODE) {
      const seg = node.parentElement.closest("[data-s]");
      return seg ? Number(seg.dataset.s) + Array.from(node.data.slice(0, offset)).length : null;
    }
    if (node === textBox) {
      if (offset >= textBox.childNodes.length) return cps.length;
      return Number(textBox.childNodes[offset].dataset.s);
    }
    const seg = node.closest("[data-s]");
    if (!seg) return null;
    return Number(seg.dataset.s) + (offset === 0 ? 0 : Array.from(seg.textContent).length);
  }

  function readSelection() {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const range = sel.getRangeAt(0);
    const a = pointOffset(range.startContainer, range.startOffset);
    const b = pointOffset(range.endContainer, range.endOffset);
    if (a === null || b === null || a >= b) return null;
    return {start: a, end: b};
  }

  function showSelection(s) {
    selection = s;
    const bar = $("selbar");
    if (!s) { bar.hidden = true; return; }
    $("sel-words").textContent = words([s.start, s.end]);
    $("sel-span").textContent = `[${s.start}, ${s.end})`;
    bar.hidden = false;
  }

  function clearSelection() {
    showSelection(null);
    const sel = window.getSelection();
    if (sel) sel.removeAllRanges();
  }

  function selectionActions() {
    const actions = [
      ["baton_from.name", "Giver (fikk pinnen fra)"], ["baton_to.name", "Mottaker (gir pinnen til)"],
      ["interviewee.name", "Intervjuobjekt"], ["stage", "Etappe"], ["partners", "Ny partner"],
      ["projects", "Nytt prosjekt"], ["needs", "Nytt behov"], ["methods", "Ny metode"], ["organisations", "Ny organisasjon"],
    ];
    const box = $("sel-actions");
    box.replaceChildren(...actions.map(([key, label], i) =>
      el("button", {type: "button", "data-action": "from-selection", "data-target": key, "aria-keyshortcuts": String(i + 1)},
        el("kbd", {}, String(i + 1)), " ", label)));
    const select = el("select", {id: "sel-other", "aria-label": "Annet felt"},
      spec.fields.map(f => el("option", {value: f.key}, `${spec.groups[f.group]} · ${f.label}`)));
    box.append(el("span", {class: "other"}, select,
      el("button", {type: "button", "data-action": "from-selection-other"}, "Sett feltet")));
    return actions;
  }

  // -- the text with its facts -----------------------------------------------------------------
  function factSpans() {
    const out = [];
    const push = (key, group, span) => { if (validSpan(span)) out.push({key, group, s: span[0], e: span[1]}); };
    for (const f of spec.fields) push(f.key, f.group, currentSpan(f.key));
    for (const l of spec.lists) (rec[l.key] || []).forEach((it, i) => push(`${l.key}[${i}]`, l.key, it && it.span));
    return out;
  }

  function renderText() {
    const facts = factSpans();
    const cuts = new Set([0, cps.length]);
    for (const f of facts) { cuts.add(f.s); cuts.add(f.e); }
    const points = [...cuts].sort((a, b) => a - b);
    const flagged = new Set(openFlags().map(e => e.key));
    const seen = new Set();
    const frag = document.createDocumentFragment();
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i], b = points[i + 1];
      const covering = facts.filter(f => f.s <= a && f.e >= b).sort((x, y) => (x.e - x.s) - (y.e - y.s));
      const chunk = cps.slice(a, b).join("");
      if (!covering.length) { frag.append(el("span", {"data-s": a}, chunk)); continue; }
      const top = covering[0];
      const first = !seen.has(top.key);
      seen.add(top.key);
      frag.append(el("mark", {
        "data-s": a, "data-keys": covering.map(f => f.key).join(" "),
        class: `hl g-${top.group}` + (covering.length > 1 ? " multi" : "") + (flagged.has(top.key) ? " flag" : ""),
        title: covering.map(f => labelOf(f.key)).join(" · "), tabindex: first ? "0" : "-1",
      }, chunk));
    }
    textBox.replaceChildren(frag);
  }

  function flash(key) {
    const span = currentSpan(key);
    textBox.querySelectorAll("mark.current").forEach(m => m.classList.remove("current"));
    if (!span) return;
    let firstMark = null;
    textBox.querySelectorAll("mark[data-keys]").forEach(m => {
      if (m.dataset.keys.split(" ").includes(key)) { m.classList.add("current"); firstMark = firstMark || m; }
    });
    if (firstMark) firstMark.scrollIntoView({block: "center"});
  }

  function renderLegend() {
    $("legend").replaceChildren(...Object.entries(spec.groups).map(([g, label]) => el("span", {class: `key g-${g}`}, label)));
  }

  // -- where a fact came from ------------------------------------------------------------------
  function evidenceOf(key) { return (D.evidence || []).find(e => e.key === key) || null; }

  function showSource(keys) {
    const panel = $("source-panel");
    panel.replaceChildren(el("h2", {}, "Hvor det står"), ...keys.map(sourceCard),
      el("button", {type: "button", "data-action": "close-source"}, "Lukk"));
    panel.hidden = false;
    if (keys.length) flash(keys[0]);
  }

  function sourceCard(key) {
    const span = currentSpan(key);
    const ev = evidenceOf(key);
    const card = el("article", {class: "source-card", "data-key": key});
    const group = itemKey(key) ? itemKey(key)[1] : GROUP[key];
    card.append(el("h3", {class: `g-${group}`}, labelOf(key)));
    card.append(el("p", {}, "Verdi: ", el("strong", {}, valueText(key) || "–")));
    if (span) {
      const s = span[0], e = span[1];
      card.append(el("p", {}, "Ordene: ", el("q", {}, words(span)), el("span", {class: "small"}, ` tegn ${s}–${e}`)));
      card.append(el("p", {class: "context"}, "…", cps.slice(Math.max(0, s - 80), s).join(""),
        el("mark", {class: `hl g-${group}`}, words(span)), cps.slice(e, e + 80).join(""), "…"));
    } else {
      card.append(el("p", {class: "none"}, "Ingen ord i teksten er knyttet til verdien."));
    }
    let cue;
    if (touched.has(key)) cue = "satt av deg i denne gjennomgangen";
    else if (ev && ev.cue) cue = ev.cue;
    else cue = "uthentingen oppga ikke hvilket stikkord som valgte verdien; se ordene rundt";
    card.append(el("p", {}, "Valgt av: ", cue));
    card.append(el("p", {}, "Sikkerhet: ", ev && ev.confidence !== null ? ev.confidence.toFixed(2) : "ikke oppgitt"));
    if (ev && ev.flag && !touched.has(key)) card.append(el("p", {class: "flag-note"}, `${spec.flags[ev.flag]}: ${ev.reasons.join("; ")}`));
    const buttons = el("div", {class: "buttons"},
      el("button", {type: "button", "data-action": "goto", "data-target": key}, "Gå til feltet"),
      el("button", {type: "button", "data-action": "accept", "data-target": key}, accepted.has(key) ? "Godtatt ✓" : "Godta"));
    if (itemKey(key)) buttons.append(el("button", {type: "button", "data-action": "remove-item", "data-target": key}, "Fjern"));
    card.append(buttons);
    return card;
  }

  // -- what to check first ---------------------------------------------------------------------
  function openFlags() {
    return (D.evidence || []).filter(e => e.flag && !accepted.has(e.key) && !touched.has(e.key));
  }

  function refreshFlags() {
    const all = (D.evidence || []).filter(e => e.flag);
    const box = $("flagged");
    if (!all.length && !(D.general_warnings || []).length) {
      box.replaceChildren(el("h2", {}, "Sjekk først"), el("p", {class: "small"}, "Uthentingen var ikke usikker på noe felt."));
      return;
    }
    const list = el("ol", {});
    for (const e of all) {
      const done = accepted.has(e.key) || touched.has(e.key);
      list.append(el("li", {class: done ? "done" : "", "data-key": e.key},
        el("strong", {}, labelOf(e.key)), ` – ${spec.flags[e.flag]}`, e.reasons.length ? `: ${e.reasons.join("; ")}` : "", " ",
        el("button", {type: "button", "data-action": "goto", "data-target": e.key}, "Gå til"), " ",
        el("button", {type: "button", "data-action": "accept", "data-target": e.key, disabled: done}, done ? "OK" : "Godta")));
    }
    const general = (D.general_warnings || []).map(w => el("li", {}, w));
    box.replaceChildren(el("h2", {}, `Sjekk først (${openFlags().length} igjen)`), list,
      general.length ? el("div", {}, el("h3", {}, "Andre advarsler"), el("ul", {}, general)) : "");
  }

  // -- the form --------------------------------------------------------------------------------
  function partsOf(kind) {
    if (kind === "role") return [["role_as_written", "Tittel slik den står"], ["role", "Stilling (normalisert)"]];
    if (kind === "organisation") return [["name", "Navn"], ["kommunenummer", "Kommunenr."], ["fylkesnummer", "Fylkesnr."]];
    if (kind === "mayor") return [["name", "Navn"], ["party", "Parti"]];
    return [["", null]];
  }

  function button(label, action, target, extra) {
    return el("button", {type: "button", "data-action": action, "data-target": target, ...(extra || {})}, label);
  }

  function spanInfo(key) {
    const node = el("div", {class: "span-info", id: `span-${safe(key)}`});
    fillSpanInfo(node, key);
    return node;
  }

  function fillSpanInfo(node, key) {
    const span = currentSpan(key);
    if (span) node.replaceChildren(el("q", {}, words(span)), el("span", {class: "small"}, ` [${span[0]}, ${span[1]})`));
    else node.replaceChildren(el("span", {class: "small none"}, "ingen belegg i teksten"));
  }

  function refreshSpanInfo(key) {
    const node = $(`span-${safe(key)}`);
    if (node) fillSpanInfo(node, key);
  }

  function fieldRow(key) {
    const kind = KIND[key];
    const id = `f-${safe(key)}`;
    const ev = evidenceOf(key);
    const row = el("div", {class: "row" + (ev && ev.flag ? " flagged-row" : ""), "data-key": key});
    row.append(el("label", {for: id}, LABEL[key]));
    const inputs = el("div", {class: "inputs"});
    partsOf(kind).forEach(([sub, aria], n) => {
      const input = el("input", {id: n === 0 ? id : `${id}-${sub}`, type: "text", "data-key": key, "data-part": sub,
        "aria-label": aria ? `${labelOf(key)}: ${aria}` : null, placeholder: aria,
        inputmode: NUMERIC.has(kind) ? "decimal" : null, class: sub === "kommunenummer" || sub === "fylkesnummer" ? "short" : null,
        "aria-describedby": `msg-${safe(key)}`});
      const v = getPart(key, sub);
      input.value = v === null || v === undefined ? "" : String(v);
      inputs.append(input);
    });
    row.append(inputs, el("div", {class: "meta"}, spanInfo(key), el("div", {class: "buttons"},
      button("Fra markering", "from-selection", key, {title: "Sett feltet og spennet til ordene du har markert"}),
      button("Vis", "show", key), button(accepted.has(key) ? "Godtatt ✓" : "Godta", "accept", key))),
      el("div", {class: "msg", id: `msg-${safe(key)}`}));
    return row;
  }

  function groupBox(group, rows) {
    return el("fieldset", {class: `group group-${group}`, "data-group": group},
      el("legend", {class: `g-${group}`}, spec.groups[group]), ...rows);
  }

  function personBox(who) {
    const box = groupBox(who, []);
    if (!rec[who]) {
      box.append(el("p", {class: "none"}, "Ingen registrert."), el("div", {class: "buttons"},
        button("Fra markering", "from-selection", `${who}.name`), button("Skriv inn", "add-person", who)),
        el("div", {class: "msg", id: `msg-${safe(who + ".name")}`}));
      return box;
    }
    for (const f of spec.fields.filter(f => f.group === who)) box.append(fieldRow(f.key));
    if (who !== "interviewee") box.append(el("div", {class: "buttons"}, button("Fjern personen", "remove-person", who)));
    return box;
  }

  function itemRow(list, item, i) {
    const key = `${list.key}[${i}]`;
    const id = `f-${safe(key)}`;
    const ev = evidenceOf(key);
    const row = el("div", {class: "row item" + (ev && ev.flag ? " flagged-row" : ""), "data-key": key});
    row.append(el("label", {for: id}, `${list.label} ${i + 1}`));
    const main = el("input", {id, type: "text", "data-key": key, "data-part": list.main, "aria-describedby": `msg-${safe(key)}`});
    main.value = item[list.main] || "";
    const inputs = el("div", {class: "inputs"}, main);
    for (const extra of list.extra) {
      if (extra === "kind") {
        const sel = el("select", {"data-key": key, "data-part": "kind", "aria-label": `${labelOf(key)}: slag`},
          el("option", {value: "organisation"}, "organisasjon"), el("option", {value: "category"}, "gruppe (kategori)"));
        sel.value = item.kind || "organisation";
        inputs.append(sel);
      } else {
        const input = el("input", {type: "text", "data-key": key, "data-part": extra,
          placeholder: extra === "description" ? "beskrivelse" : "land (to bokstaver)", "aria-label": `${labelOf(key)}: ${extra}`,
          class: extra === "country" ? "short" : null});
        input.value = item[extra] || "";
        inputs.append(input);
      }
    }
    row.append(inputs, el("div", {class: "meta"}, spanInfo(key), el("div", {class: "buttons"},
      button("Vis", "show", key), button(accepted.has(key) ? "Godtatt ✓" : "Godta", "accept", key), button("Fjern", "remove-item", key))),
      el("div", {class: "msg", id: `msg-${safe(key)}`}));
    return row;
  }

  function listBox(list) {
    const items = rec[list.key] || [];
    const box = groupBox(list.key, items.map((it, i) => itemRow(list, it, i)));
    if (!items.length) box.append(el("p", {class: "none"}, "Ingen."));
    box.append(el("div", {class: "buttons add"},
      button(`Legg til fra markering`, "from-selection", list.key),
      button("Legg til tom", "add-item", list.key)), el("div", {class: "msg", id: `msg-${safe(list.key)}`}));
    return box;
  }

  function warningsBox() {
    const box = el("fieldset", {class: "group"}, el("legend", {}, "Advarsler i posten"));
    const ws = rec.warnings || [];
    if (!ws.length) box.append(el("p", {class: "none"}, "Ingen."));
    ws.forEach((w, i) => box.append(el("div", {class: "row"}, el("span", {}, w), " ",
      button("Løst – fjern", "resolve-warning", String(i)))));
    return box;
  }

  function renderForm() {
    const form = $("record");
    const parts = [groupBox("stage", [fieldRow("stage")])];
    for (const who of PEOPLE) parts.push(personBox(who));
    parts.push(groupBox("facts", spec.fields.filter(f => f.group === "facts").map(f => fieldRow(f.key))));
    for (const list of spec.lists) parts.push(listBox(list));
    parts.push(warningsBox());
    form.replaceChildren(...parts);
    refreshFlags();
  }

  function focusField(key) {
    const row = document.querySelector(`#record [data-key="${CSS.escape(key)}"]`)
      || document.querySelector(`#record [data-group="${CSS.escape(key.split(/[.[]/)[0])}"]`);
    if (!row) return;
    row.scrollIntoView({block: "center"});
    const input = row.querySelector("input, select, button");
    if (input) input.focus();
    flash(key);
  }

  // -- validation ------------------------------------------------------------------------------
  function scheduleValidate() {
    clearTimeout(validateTimer);
    validateTimer = setTimeout(validate, 300);
  }

  async function validate() {
    try {
      const r = await api("POST", `/api/interview/${ID}/validate`,
        {record: rec, sha256: D.sha256, origin: D.origin, reviewer: $("reviewer").value});
      showProblems(r.problems);
    } catch (e) { showAlert(e.message || "Kunne ikke sjekke posten"); }
  }

  function problemKey(field) {
    const m = /^(\w+)\[(\d+)\]/.exec(field);
    if (m && LISTS[m[1]]) return `${m[1]}[${m[2]}]`;
    const keys = Object.keys(KIND).sort((a, b) => b.length - a.length);
    for (const k of keys) if (field === k || field.startsWith(k + ".")) return k;
    if (PEOPLE.includes(field)) return `${field}.name`;
    if (field.startsWith("facts.")) return null;
    return null;
  }

  function showProblems(problems) {
    document.querySelectorAll("#record .msg").forEach(m => m.replaceChildren());
    document.querySelectorAll("#record [aria-invalid]").forEach(i => i.removeAttribute("aria-invalid"));
    for (const p of problems) {
      const key = problemKey(p.field);
      const msg = key && $(`msg-${safe(key)}`);
      if (msg) {
        msg.append(el("div", {}, `${p.field}: ${p.message}`));
        msg.parentElement.querySelectorAll("input").forEach(i => i.setAttribute("aria-invalid", "true"));
      }
    }
    const box = $("problems");
    if (!problems.length) box.replaceChildren(el("p", {class: "ok"}, "Posten er gyldig."));
    else box.replaceChildren(el("h3", {}, `${problems.length} feil (slik stafett build melder dem)`),
      el("ul", {}, problems.map(p => el("li", {}, el("code", {}, p.line)))));
  }

  // -- saving and building ---------------------------------------------------------------------
  async function save() {
    const reviewer = $("reviewer").value.trim();
    if (!reviewer) { showAlert("Skriv navnet ditt i «Gjennomgått av» før du lagrer."); $("reviewer").focus(); return; }
    $("save").disabled = true;
    status("Lagrer …");
    try {
      const r = await api("POST", `/api/interview/${ID}/save`,
        {record: rec, version: D.version, sha256: D.sha256, origin: D.origin, reviewer, accepted: [...accepted]});
      hideAlert();
      await load(false);
      status(`Lagret i ${r.saved} (${r.review.changes.length} endring(er) og godkjenninger registrert, av ${r.review.by}).`);
      $("build").disabled = false;
      $("build").focus();
    } catch (e) {
      if (e.problems) showProblems(e.problems);
      const reload = e.error === "edited-elsewhere" || e.error === "text-changed"
        ? el("button", {type: "button", "data-action": "reload"}, "Last inn på nytt (forkaster endringene her)") : "";
      showAlert(`Ikke lagret: ${e.message}`, reload);
      status("Ikke lagret.");
    } finally {
      $("save").disabled = false;
    }
  }

  async function build() {
    $("build").disabled = true;
    status(dirty ? "Bygger den lagrede posten (ulagrede endringer er ikke med) …" : "Bygger …");
    $("build-result").replaceChildren(el("p", {}, "Bygger …"));
    try {
      const r = await api("POST", "/api/build", {ids: [ID]});
      $("build-result").replaceChildren(buildSummary(r));
      status(`Bygget: +${r.triples_added} / −${r.triples_removed} tripler.`);
    } catch (e) {
      $("build-result").replaceChildren();
      showAlert(`Ikke bygget: ${e.message}`);
      status("Ikke bygget.");
    } finally {
      $("build").disabled = false;
    }
  }

  // -- list items and people -------------------------------------------------------------------
  function renumber(field, removed) {
    const shift = set => new Set([...set].flatMap(k => {
      const m = itemKey(k);
      if (!m || m[1] !== field) return [k];
      const i = Number(m[2]);
      return i === removed ? [] : [i > removed ? `${field}[${i - 1}]` : k];
    }));
    accepted = shift(accepted);
    touched = shift(touched);
    D.evidence = (D.evidence || []).flatMap(e => {
      const m = itemKey(e.key);
      if (!m || m[1] !== field) return [e];
      const i = Number(m[2]);
      return i === removed ? [] : [{...e, key: i > removed ? `${field}[${i - 1}]` : e.key}];
    });
  }

  function removeItem(key) {
    const m = itemKey(key);
    const [item] = rec[m[1]].splice(Number(m[2]), 1);
    renumber(m[1], Number(m[2]));
    touched.add(m[1]);
    setDirty(true);
    renderForm();
    renderText();
    scheduleValidate();
    status(`Fjernet ${LISTS[m[1]].label.toLowerCase()} «${item[LISTS[m[1]].main] || ""}».`);
    $("source-panel").hidden = true;
    focusField(m[1]);
  }

  function accept(key) {
    accepted.add(key);
    setDirty(true);
    refreshFlags();
    renderText();
    document.querySelectorAll(`[data-action="accept"][data-target="${CSS.escape(key)}"]`).forEach(b => { b.textContent = "Godtatt ✓"; });
    status(`${labelOf(key)} godtatt.`);
  }

  function moveFlag(step) {
    const open = openFlags();
    if (!open.length) { status("Ingen felt igjen å sjekke."); return; }
    flagIndex = (flagIndex + step + open.length) % open.length;
    const key = open[flagIndex].key;
    focusField(key);
    showSource([key]);
  }

  // -- events ----------------------------------------------------------------------------------
  document.addEventListener("click", e => {
    const mark = e.target.closest("#text mark[data-keys]");
    if (mark && window.getSelection().isCollapsed) { showSource(mark.dataset.keys.split(" ")); return; }
    const b = e.target.closest("button[data-action]");
    if (!b) return;
    const key = b.dataset.target;
    switch (b.dataset.action) {
      case "from-selection": applySelection(key); break;
      case "from-selection-other": applySelection($("sel-other").value); break;
      case "show": flash(key); showSource([key]); break;
      case "goto": focusField(key); break;
      case "accept": accept(key); break;
      case "remove-item": removeItem(key); break;
      case "add-item": {
        const list = LISTS[key];
        rec[key] = rec[key] || [];
        const item = {[list.main]: "", span: null};
        if (list.extra.includes("kind")) item.kind = "organisation";
        rec[key].push(item);
        touched.add(`${key}[${rec[key].length - 1}]`);
        setDirty(true); renderForm(); focusField(`${key}[${rec[key].length - 1}]`); scheduleValidate();
        break;
      }
      case "add-person": ensurePerson(key); touched.add(`${key}.name`); setDirty(true); renderForm(); focusField(`${key}.name`); scheduleValidate(); break;
      case "remove-person":
        rec[key] = null;
        for (const table of [rec.spans || {}, rec.evidence || {}])
          for (const k of Object.keys(table)) if (k.startsWith(key + ".")) delete table[k];
        touched.add(`${key}.name`); setDirty(true); renderForm(); renderText(); scheduleValidate();
        status(`${spec.groups[key]}: fjernet.`);
        break;
      case "resolve-warning": rec.warnings.splice(Number(key), 1); setDirty(true); renderForm(); scheduleValidate(); break;
      case "close-source": $("source-panel").hidden = true; break;
      case "reload": load(false); break;
    }
  });

  $("record").addEventListener("input", e => {
    const t = e.target;
    if (!t.dataset || !t.dataset.key) return;
    if (itemKey(t.dataset.key)) setItem(t.dataset.key, t.dataset.part, t.value);
    else setPart(t.dataset.key, t.dataset.part, t.value);
  });
  $("record").addEventListener("submit", e => e.preventDefault());
  $("reviewer").addEventListener("input", () => scheduleValidate());

  textBox.addEventListener("mouseup", () => setTimeout(() => {
    const s = readSelection();
    if (s) showSelection(s);
  }, 0));
  textBox.addEventListener("keyup", e => {
    if (e.shiftKey || e.key.startsWith("Arrow")) { const s = readSelection(); if (s) showSelection(s); }
  });
  document.addEventListener("selectionchange", () => {
    const s = readSelection();
    if (s) showSelection(s);
  });

  let ACTIONS = [];
  document.addEventListener("keydown", e => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") { e.preventDefault(); save(); return; }
    if (e.key === "Escape") { clearSelection(); $("source-panel").hidden = true; return; }
    const t = e.target;
    if (t.matches && t.matches("input, select, textarea")) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "Enter" && t.matches && t.matches("#text mark[data-keys]")) { e.preventDefault(); showSource(t.dataset.keys.split(" ")); return; }
    if (selection && /^[1-9]$/.test(e.key) && ACTIONS[Number(e.key) - 1]) { e.preventDefault(); applySelection(ACTIONS[Number(e.key) - 1][0]); return; }
    if (e.key === "?") { toggleHelp(); return; }
    if (e.key === "j") moveFlag(1);
    else if (e.key === "k") moveFlag(-1);
    else if (e.key === "a") { const open = openFlags(); if (open.length) accept(open[Math.max(0, Math.min(flagIndex, open.length - 1))].key); }
  });

  function toggleHelp() {
    const help = $("help");
    help.hidden = !help.hidden;
    $("help-toggle").setAttribute("aria-expanded", String(!help.hidden));
  }

  let freshArmed = false;
  $("save").addEventListener("click", save);
  $("build").addEventListener("click", build);
  $("help-toggle").addEventListener("click", toggleHelp);
  $("fresh").addEventListener("click", () => {
    if (dirty && !freshArmed) {
      freshArmed = true;
      $("fresh").textContent = "Bekreft: forkast endringene og hent ut på nytt";
      return;
    }
    freshArmed = false;
    $("fresh").textContent = "Hent ut på nytt";
    load(true);
  });

  // -- loading ---------------------------------------------------------------------------------
  async function load(fresh) {
    try {
      D = await api("GET", `/api/interview/${ID}` + (fresh ? "?fresh=1" : ""));
    } catch (e) { showAlert(e.message || "Kunne ikke hente intervjuet"); return; }
    spec = D.spec;
    for (const f of spec.fields) { KIND[f.key] = f.kind; LABEL[f.key] = f.label; GROUP[f.key] = f.group; }
    LISTS = Object.fromEntries(spec.lists.map(l => [l.key, l]));
    rec = JSON.parse(JSON.stringify(D.record || {}));
    rec.evidence = rec.evidence || {};
    cps = Array.from(D.text || "");
    accepted = new Set();
    touched = new Set();
    flagIndex = -1;
    setDirty(!!fresh);
    hideAlert();
    const st = $("state");
    st.className = `state state-${D.state}`;
    st.textContent = D.state_label + (D.reason ? ` – ${D.reason}` : "");
    if (D.review) st.title = `gjennomgått av ${D.review.by}, ${D.review.at}`;
    if (!$("reviewer").value && D.reviewer) $("reviewer").value = D.reviewer;
    $("build").disabled = !(D.version && D.origin === "record");
    if (D.error) showAlert(`${D.error}. Fyll inn posten ved å markere ordene i teksten.`);
    else if (D.state === "changed" && D.origin === "record")
      showAlert(`Merk: ${D.reason}. Spennene kan peke feil; «Hent ut på nytt» starter fra en ny uthenting.`);
    ACTIONS = selectionActions();
    renderLegend();
    renderText();
    renderForm();
    showProblems(D.problems || []);
    showSelection(null);
    $("source-panel").hidden = true;
    root.dataset.ready = "true";
  }

  load(false);
})();
