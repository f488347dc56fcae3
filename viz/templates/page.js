// stafett views: one vis-network page driven by the JSON in #stafett-data.
// Every piece of text from the data is put into the page with textContent, never as HTML.
(function () {
  'use strict';
  var marks = { start: performance.now() };
  var data = JSON.parse(document.getElementById('stafett-data').textContent);
  marks.parsed = performance.now();
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function fold(s) {
    return String(s || '').toLowerCase()
      .replace(/æ/g, 'ae').replace(/ø/g, 'o').replace(/å/g, 'a').replace(/đ/g, 'd').replace(/ŋ/g, 'n').replace(/ŧ/g, 't')
      .normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .replace(/aa/g, 'a').replace(/oe/g, 'o').replace(/[^a-z0-9]+/g, ' ').trim();
  }

  function tooltip(label, lines) {
    var box = el('div', null, 'tip');
    box.appendChild(el('strong', label));
    (lines || []).forEach(function (line) { box.appendChild(el('div', line)); });
    return box;
  }

  // -- data --------------------------------------------------------------------------------
  var byId = {};
  var LAYER = data.labels || null;  // labels drawn by this script (by importance, never on top of each other)
  var nodeList = data.nodes.map(function (n) {
    byId[n.id] = n;
    var copy = Object.assign({}, n);
    copy.title = tooltip(n.label, n.tip);
    delete copy.tip; delete copy.info;
    if (LAYER && n.shape !== 'box') { copy.text = n.label; delete copy.label; }
    return copy;
  });
  var edgeList = data.edges.map(function (e, i) {
    var copy = Object.assign({ id: 'e' + i }, e);
    if (e.tip) copy.title = tooltip(e.tip);
    delete copy.tip;
    if (LAYER && e.label) { copy.text = e.label; delete copy.label; }
    return copy;
  });
  var edgeById = {};
  edgeList.forEach(function (e) { edgeById[e.id] = e; });
  var adjacency = {};
  data.edges.forEach(function (e) {
    (adjacency[e.from] = adjacency[e.from] || []).push(e);
    (adjacency[e.to] = adjacency[e.to] || []).push(e);
  });

  // -- filters -----------------------------------------------------------------------------
  var typeOn = {};
  var county = '';
  var nearCounties = {};  // nodes without a county: the counties of their neighbours
  data.nodes.forEach(function (n) {
    typeOn[n.kind] = true;
    if (!n.county) {
      var set = {};
      (adjacency[n.id] || []).forEach(function (e) {
        var other = byId[e.from === n.id ? e.to : e.from];
        if (other && other.county) set[other.county] = true;
      });
      nearCounties[n.id] = set;
    }
  });
  function visible(n) {
    if (typeOn[n.kind] === false) return false;
    if (!county) return true;
    return n.county === county || (!n.county && !!nearCounties[n.id][county]);
  }

  marks.prepared = performance.now();
  var nodes = new vis.DataSet(nodeList);
  var edges = new vis.DataSet(edgeList);
  var nodesView = new vis.DataView(nodes, { filter: visible });
  var container = $('network');
  marks.datasets = performance.now();
  var network = new vis.Network(container, { nodes: nodesView, edges: edges }, data.options || {});
  marks.network = performance.now();

  window.network = network;
  window.nodes = nodes;
  window.edges = edges;
  window.nodesView = nodesView;
  window.stafett = { ready: false, view: data.view, expectedNodes: data.nodes.length, reduced: !!data.notice, marks: marks };

  var padded = !data.fitScale || data.fitScale === 1;
  network.on('afterDrawing', function readyCheck() {
    if (!padded) {  // room round the edges for the labels the layer puts outside the nodes
      padded = true;
      network.moveTo({ scale: network.getScale() * data.fitScale, animation: false });
      return;
    }
    network.off('afterDrawing', readyCheck);
    window.stafett.ready = true;
    window.stafett.readyAt = marks.drawn = performance.now();
  });
  if ((data.captions && data.captions.length) || (data.backdrop && data.backdrop.length)) {
    network.on('beforeDrawing', function (ctx) {
      ctx.save();
      ctx.fillStyle = data.backdropColour || '#dcdcdc';
      (data.backdrop || []).forEach(function (p) { ctx.beginPath(); ctx.arc(p[0], p[1], data.backdropSize || 3, 0, 2 * Math.PI); ctx.fill(); });
      ctx.font = '600 ' + (data.captionSize || 15) + 'px system-ui, sans-serif';
      ctx.fillStyle = '#666';
      (data.captions || []).forEach(function (c) { ctx.fillText(c.text, c.x, c.y); });
      ctx.restore();
    });
  }

  // -- labels --------------------------------------------------------------------------------
  // Each label is placed in screen space beside its node (below, above, right, left), or, where
  // LAYER.leader is set, further out with a leader line; a label that fits nowhere is left out
  // (the tooltip still names the node) and comes back as the view is zoomed in. Nodes are taken
  // in order of importance (data rank), at most LAYER.budget of them; the hovered and selected
  // node always first. window.stafett.labelBoxes() gives the boxes drawn, in page pixels.
  var hovered = null, placedBoxes = [], widthCache = {};
  var byRank = data.nodes.map(function (n) { return n.id; })
    .sort(function (a, b) { return (byId[a].rank || 0) - (byId[b].rank || 0); });
  function drawLabels(ctx) {
    var t0 = performance.now();
    var scale = network.getScale(), W = container.clientWidth, H = container.clientHeight;
    var vp = network.getViewPosition();
    var ratio = ctx.canvas.width / Math.max(1, ctx.canvas.clientWidth);
    var CELL = 40, grid = {};
    var boxes = [];
    function dom(x, y) { return [(x - vp.x) * scale + W / 2, (y - vp.y) * scale + H / 2]; }
    function each(b, f) {
      for (var i = Math.floor(b[0] / CELL); i <= Math.floor(b[2] / CELL); i++)
        for (var j = Math.floor(b[1] / CELL); j <= Math.floor(b[3] / CELL); j++) f(i + ',' + j);
    }
    function free(b) {
      if (b[0] < 0 || b[1] < 0 || b[2] > W || b[3] > H) return false;  // inside the picture
      var ok = true;
      each(b, function (k) {
        var l = grid[k];
        if (ok && l) for (var q = 0; q < l.length; q++) {
          var o = l[q];
          if (b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) { ok = false; break; }
        }
      });
      return ok;
    }
    function take(b) { each(b, function (k) { (grid[k] = grid[k] || []).push(b); }); }
    var body = network.body;
    // what labels must not cover: boxes with their label inside, and (leader mode) every node
    nodesView.getIds().forEach(function (id) {
      var bn = body.nodes[id];
      if (!bn) return;
      if (byId[id].shape === 'box') {
        var bb = network.getBoundingBox(id), a = dom(bb.left, bb.top), c = dom(bb.right, bb.bottom);
        var box = [a[0], a[1], c[0], c[1]];
        take(box);
        if (c[0] > 0 && a[0] < W && c[1] > 0 && a[1] < H) boxes.push({ id: id, kind: 'box', x0: a[0], y0: a[1], x1: c[0], y1: c[1] });
      } else if (LAYER.leader) {
        var p = dom(bn.x, bn.y), r = (bn.options.size || 10) * scale;
        take([p[0] - r, p[1] - r, p[0] + r, p[1] + r]);
      }
    });
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textBaseline = 'top';
    ctx.lineJoin = 'round';
    function measure(key, lines, fonts) {
      if (!widthCache[key]) {
        widthCache[key] = lines.map(function (line, i) { ctx.font = fonts[i]; return ctx.measureText(line).width; });
      }
      return widthCache[key];
    }
    function place(item, force) {
      var lines = String(item.text).split('\n');
      var big = item.size || 12;
      var fonts = lines.map(function (_, i) { return (i === 0 ? (item.bold ? '600 ' : '') + big : Math.round(big * 0.85)) + 'px system-ui, sans-serif'; });
      var widths = measure(item.key + '|' + big, lines, fonts);
      var w = Math.max.apply(null, widths) + 4, lh = big * 1.2, h = lh * lines.length;
      var x = item.x, y = item.y, r = item.r;
      var cands = item.edge
        ? [[x - w / 2, y - h / 2], [x - w / 2, y - h - 4], [x - w / 2, y + 4], [x + 4, y - h / 2], [x - w - 4, y - h / 2]]
        : [[x - w / 2, y + r + 2], [x - w / 2, y - r - 2 - h], [x + r + 4, y - h / 2], [x - r - 4 - w, y - h / 2]];
      var lead = false;
      if (LAYER.leader) {
        [30, 60, 95, 135, 180].forEach(function (d) {
          for (var k = 0; k < 8; k++) {
            var a = Math.PI / 2 + k * Math.PI / 4;  // below first, then round
            var cx = x + Math.cos(a) * (r + d), cy = y + Math.sin(a) * (r + d);
            cands.push([cx - w / 2 + Math.cos(a) * w / 2, cy - h / 2 + Math.sin(a) * h / 2, true]);
          }
        });
      }
      var chosen = null;
      for (var c = 0; c < cands.length; c++) {
        var b = [cands[c][0], cands[c][1], cands[c][0] + w, cands[c][1] + h];
        if (free(b)) { chosen = b; lead = !!cands[c][2]; break; }
      }
      if (!chosen && force) chosen = [cands[0][0], cands[0][1], cands[0][0] + w, cands[0][1] + h];
      if (!chosen) return false;
      take(chosen);
      if (lead) {
        var bx = Math.max(chosen[0], Math.min(x, chosen[2])), by = Math.max(chosen[1], Math.min(y, chosen[3]));
        ctx.strokeStyle = '#8a8a8a'; ctx.lineWidth = 1;
        ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(bx, by); ctx.stroke();
      }
      lines.forEach(function (line, i) {
        ctx.font = fonts[i];
        var tx = chosen[0] + 2 + (w - 4 - widths[i]) / 2, ty = chosen[1] + i * lh;
        ctx.strokeStyle = 'rgba(255,255,255,0.92)'; ctx.lineWidth = 3.5;
        ctx.strokeText(line, tx, ty);
        ctx.fillStyle = i === 0 ? (item.color || '#1d232b') : '#555';
        ctx.fillText(line, tx, ty);
      });
      boxes.push({ id: item.id, kind: item.edge ? 'edge' : 'node', lead: lead, x0: chosen[0], y0: chosen[1], x1: chosen[2], y1: chosen[3] });
      return true;
    }
    function nodeItem(id) {
      var bn = body.nodes[id], n = byId[id];
      if (!bn || !n || n.shape === 'box' || !nodesView.get(id)) return null;
      var p = dom(bn.x, bn.y);
      if (p[0] < -60 || p[0] > W + 60 || p[1] < -60 || p[1] > H + 60) return null;
      return { id: id, key: id, text: n.label, x: p[0], y: p[1], r: (bn.options.size || 10) * scale,
               size: n.lsize || LAYER.font || 12, bold: !!n.lbold };
    }
    function edgeItems() {
      var out = [];
      if (LAYER.edgeMinScale && scale < LAYER.edgeMinScale) return out;  // stage numbers come with zoom
      edges.get({ filter: function (e) { return !!e.text; } }).forEach(function (e) {
        var be = body.edges[e.id];
        if (!be || !be.connected || !nodesView.get(e.from) || !nodesView.get(e.to)) return;
        var pt = be.edgeType && be.edgeType.getPoint ? be.edgeType.getPoint(0.5) : { x: (be.from.x + be.to.x) / 2, y: (be.from.y + be.to.y) / 2 };
        var p = dom(pt.x, pt.y);
        if (p[0] < -40 || p[0] > W + 40 || p[1] < -40 || p[1] > H + 40) return;
        out.push({ id: e.id, key: e.id, text: e.text, x: p[0], y: p[1], r: 0, edge: true, size: LAYER.edgeFont || 13, bold: true,
                   color: e.kind === 'gap' ? '#b45309' : '#222' });
      });
      return out;
    }
    var first = [hovered].concat(network.getSelectedNodes()).filter(Boolean);
    first.forEach(function (id) { var it = nodeItem(id); if (it) place(it, true); });
    if (LAYER.edgesFirst) edgeItems().forEach(function (it) { place(it, false); });
    var budget = LAYER.budget || Infinity, shown = 0;
    for (var i = 0; i < byRank.length && shown < budget; i++) {
      if (first.indexOf(byRank[i]) >= 0) continue;
      var it = nodeItem(byRank[i]);
      if (it && place(it, false)) shown++;
    }
    if (!LAYER.edgesFirst) edgeItems().forEach(function (it) { place(it, false); });
    ctx.restore();
    placedBoxes = boxes;
    marks.labels = performance.now() - t0;
  }
  if (LAYER) {
    network.on('afterDrawing', drawLabels);
    network.on('hoverNode', function (p) { hovered = p.node; network.redraw(); });
    network.on('blurNode', function () { hovered = null; network.redraw(); });
  }

  // -- header, legend, counts --------------------------------------------------------------
  if (data.subtitle) $('subtitle').textContent = data.subtitle;
  if (data.notice) { $('notice').textContent = data.notice; $('notice').hidden = false; }
  if (data.status && data.status.length) {
    // the gaps and the pending stages, at a glance; each button finds its place in the picture
    $('status').hidden = false;
    data.status.slice(0, 40).forEach(function (item) {
      var b = el('button', item.text, item.kind);
      b.type = 'button';
      var ids = (item.ids || [item.id]).filter(function (id) { return id && byId[id]; }), next = 0;
      if (ids.length) b.addEventListener('click', function () { select(ids[next % ids.length]); next++; });
      else b.disabled = true;
      $('status').appendChild(b);
    });
    if (data.status.length > 40) $('status').appendChild(el('span', '… og ' + (data.status.length - 40) + ' til'));
  }
  (data.legend || []).forEach(function (item) {
    var li = el('li');
    var mark;
    if (item.box) { mark = el('span', null, 'box' + (item.dashed ? ' dash' : '')); mark.style.borderColor = item.color; if (!item.dashed) mark.style.background = item.fill || item.color; }
    else if (item.line) { mark = el('span', null, 'line' + (item.dashed ? ' dash' : '')); mark.style.borderTopColor = item.color; }
    else if (item.swatches) {
      mark = el('span', null, 'swatches');
      item.swatches.forEach(function (c) { var sw = el('span', null, 'swatch'); sw.style.background = c; mark.appendChild(sw); });
    }
    else { mark = el('span', item.symbol || '●', 'sym'); mark.style.color = item.color; }
    li.appendChild(mark);
    li.appendChild(document.createTextNode(' ' + item.text));
    $('legend').appendChild(li);
  });
  function refit() {
    // the picture fits what the filters leave, every time they change
    network.fit({ nodes: nodesView.getIds(), animation: false });
    if (data.fitScale) network.moveTo({ scale: network.getScale() * data.fitScale, animation: false });
    window.stafett.fits = (window.stafett.fits || 0) + 1;
  }
  function updateCount() {
    var shown = nodesView.length;
    $('count').textContent = shown === data.nodes.length
      ? data.nodes.length + ' noder'
      : 'Viser ' + shown + ' av ' + data.nodes.length + ' noder';
  }
  updateCount();

  if (data.filters && data.filters.types && data.filters.types.length > 1) {
    $('types').hidden = false;
    data.filters.types.forEach(function (t) {
      var label = el('label');
      var box = el('input');
      box.type = 'checkbox'; box.checked = true; box.value = t.key;
      box.addEventListener('change', function () { typeOn[t.key] = box.checked; nodesView.refresh(); updateCount(); refit(); });
      label.appendChild(box);
      label.appendChild(document.createTextNode(' ' + t.text + ' (' + t.count + ')'));
      $('types').appendChild(label);
    });
  }
  if (data.filters && data.filters.counties && data.filters.counties.length > 1) {
    $('countybox').hidden = false;
    data.filters.counties.forEach(function (c) {
      var opt = el('option', c.text + ' (' + c.count + ')');
      opt.value = c.key;
      $('county').appendChild(opt);
    });
    $('county').addEventListener('change', function () { county = $('county').value; nodesView.refresh(); updateCount(); refit(); });
  }

  if (data.colouring) {
    $('colourbox').hidden = false;
    $('colour').value = data.colouring.default;
    $('colour').addEventListener('change', function () {
      var by = data.colouring[$('colour').value] || {};
      nodes.update(Object.keys(by).map(function (id) { return { id: id, group: by[id] }; }));
    });
  }

  // -- side panel --------------------------------------------------------------------------
  function row(dl, key, value) {
    if (value === undefined || value === null || value === '') return;
    dl.appendChild(el('dt', key));
    dl.appendChild(el('dd', value));
  }
  function showPanel(id) {
    var n = byId[id];
    if (!n) return;
    var info = n.info || {};
    var box = $('details');
    box.textContent = '';
    box.appendChild(el('h2', info.title || n.label));
    var dl = el('dl');
    (info.rows || []).forEach(function (r) { row(dl, r[0], r[1]); });
    box.appendChild(dl);
    var links = adjacency[id] || [];
    if (links.length) {
      box.appendChild(el('h3', 'Forbindelser (' + links.length + ')', 'connections'));
      var ul = el('ul');
      links.slice(0, 40).forEach(function (e) {
        var otherId = e.from === id ? e.to : e.from;
        var other = byId[otherId];
        if (!other) return;
        var li = el('li');
        var words = (data.edgeLabels && data.edgeLabels[e.kind]) || e.kind || '';
        var b = el('button', (other.info && other.info.title) || other.label);
        b.type = 'button';
        b.addEventListener('click', function () { select(otherId); });
        if (e.from === id) { li.appendChild(document.createTextNode(words + ' → ')); li.appendChild(b); }
        else { li.appendChild(b); li.appendChild(document.createTextNode(' ' + words + ' → ' + (info.title || n.label))); }
        ul.appendChild(li);
      });
      if (links.length > 40) ul.appendChild(el('li', '… og ' + (links.length - 40) + ' til'));
      box.appendChild(ul);
    }
    if (info.sources && info.sources.length) {
      // each quote once: the same words from the same interview are one source
      var seenQuote = {}, kept = info.sources.filter(function (src) {
        var k = (src.interview || '') + '|' + (src.quote || (src.field + src.start));
        if (seenQuote[k]) return false;
        seenQuote[k] = true;
        return true;
      });
      box.appendChild(el('h3', 'Kilder (' + kept.length + ')'));
      kept.slice(0, 12).forEach(function (src) {
        var d = el('div', null, 'source');
        d.appendChild(el('div', src.interview || ''));
        var where = [src.file, src.field, (src.start !== null && src.start !== undefined) ? 'tegn ' + src.start + '–' + src.end : null].filter(Boolean).join(' · ');
        if (where) d.appendChild(el('div', where, 'iri'));
        if (src.quote) d.appendChild(el('blockquote', '«' + src.quote + '»'));
        box.appendChild(d);
      });
      if (kept.length > 12) box.appendChild(el('p', '… og ' + (kept.length - 12) + ' til', 'more'));
    }
    if (info.iri) {
      box.appendChild(el('h3', 'IRI'));
      var p = el('p', null, 'iri');
      if (/^https?:\/\//.test(info.iri)) { var a = el('a', info.iri); a.href = info.iri; a.rel = 'noopener noreferrer'; p.appendChild(a); }
      else p.textContent = info.iri;
      box.appendChild(p);
    }
    $('panel').hidden = false;
  }
  function select(id) {
    if (!nodesView.get(id)) { typeOn[byId[id].kind] = true; county = ''; $('county').value = ''; nodesView.refresh(); updateCount(); }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    showPanel(id);
  }
  network.on('click', function (p) {
    if (p.nodes.length) showPanel(p.nodes[0]); else $('panel').hidden = true;
  });
  $('close').addEventListener('click', function () { $('panel').hidden = true; });

  // -- search ------------------------------------------------------------------------------
  if (data.search !== false) {
    $('searchbox').hidden = false;
    var folded = data.nodes.map(function (n) { return [fold(n.label + ' ' + (n.place || '')), n.id]; });
    var results = $('results');
    var first = null;
    $('search').addEventListener('input', function () {
      var q = fold($('search').value);
      results.textContent = '';
      first = null;
      if (!q) { results.hidden = true; return; }
      var hits = [];
      for (var i = 0; i < folded.length && hits.length < 12; i++) if (folded[i][0].indexOf(q) !== -1) hits.push(folded[i][1]);
      hits.forEach(function (id) {
        var n = byId[id];
        var li = el('li');
        var b = el('button', n.label + (n.place ? ' — ' + n.place : ''));
        b.type = 'button';
        b.addEventListener('click', function () { results.hidden = true; select(id); });
        li.appendChild(b);
        results.appendChild(li);
      });
      if (!hits.length) results.appendChild(el('li', 'Ingen treff (no match)'));
      first = hits[0] || null;
      results.hidden = false;
    });
    $('search').addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' && first) { results.hidden = true; select(first); }
      if (ev.key === 'Escape') results.hidden = true;
    });
  }
  window.stafett.select = select;
  window.stafett.labelBoxes = function () { return placedBoxes.slice(); };
  window.stafett.refit = refit;
})();
