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
  var nodeList = data.nodes.map(function (n) {
    byId[n.id] = n;
    var copy = Object.assign({}, n);
    copy.title = tooltip(n.label, n.tip);
    delete copy.tip; delete copy.info;
    return copy;
  });
  var edgeList = data.edges.map(function (e, i) {
    var copy = Object.assign({ id: 'e' + i }, e);
    if (e.tip) copy.title = tooltip(e.tip);
    delete copy.tip;
    return copy;
  });
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

  network.once('afterDrawing', function () {
    window.stafett.ready = true;
    window.stafett.readyAt = marks.drawn = performance.now();
  });
  if ((data.captions && data.captions.length) || (data.backdrop && data.backdrop.length)) {
    network.on('beforeDrawing', function (ctx) {
      ctx.save();
      ctx.fillStyle = '#dcdcdc';
      (data.backdrop || []).forEach(function (p) { ctx.beginPath(); ctx.arc(p[0], p[1], data.backdropSize || 3, 0, 2 * Math.PI); ctx.fill(); });
      ctx.font = '600 ' + (data.captionSize || 15) + 'px system-ui, sans-serif';
      ctx.fillStyle = '#666';
      (data.captions || []).forEach(function (c) { ctx.fillText(c.text, c.x, c.y); });
      ctx.restore();
    });
  }

  // -- header, legend, counts --------------------------------------------------------------
  if (data.subtitle) $('subtitle').textContent = data.subtitle;
  if (data.notice) { $('notice').textContent = data.notice; $('notice').hidden = false; }
  (data.legend || []).forEach(function (item) {
    var li = el('li');
    var mark;
    if (item.box) { mark = el('span', null, 'box' + (item.dashed ? ' dash' : '')); mark.style.borderColor = item.color; if (!item.dashed) mark.style.background = item.fill || item.color; }
    else if (item.line) { mark = el('span', null, 'line' + (item.dashed ? ' dash' : '')); mark.style.borderTopColor = item.color; }
    else { mark = el('span', item.symbol || '●', 'sym'); mark.style.color = item.color; }
    li.appendChild(mark);
    li.appendChild(document.createTextNode(' ' + item.text));
    $('legend').appendChild(li);
  });
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
      box.addEventListener('change', function () { typeOn[t.key] = box.checked; nodesView.refresh(); updateCount(); });
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
    $('county').addEventListener('change', function () { county = $('county').value; nodesView.refresh(); updateCount(); network.fit(); });
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
    if (info.iri) {
      box.appendChild(el('h3', 'IRI'));
      var p = el('p', null, 'iri');
      if (/^https?:\/\//.test(info.iri)) { var a = el('a', info.iri); a.href = info.iri; a.rel = 'noopener noreferrer'; p.appendChild(a); }
      else p.textContent = info.iri;
      box.appendChild(p);
    }
    if (info.sources && info.sources.length) {
      box.appendChild(el('h3', 'Kilde (source)'));
      info.sources.forEach(function (s) {
        var d = el('div');
        d.appendChild(el('div', s.interview || ''));
        var where = [s.file, s.field, (s.start !== null && s.start !== undefined) ? 'tegn ' + s.start + '–' + s.end : null].filter(Boolean).join(' · ');
        if (where) d.appendChild(el('div', where, 'iri'));
        if (s.quote) d.appendChild(el('blockquote', '«' + s.quote + '»'));
        box.appendChild(d);
      });
    }
    var links = adjacency[id] || [];
    if (links.length) {
      box.appendChild(el('h3', 'Forbindelser (' + links.length + ')'));
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
})();
