// The VIAS live view: polls state.json every 2 s, draws the node with its peers and links, the flows and the NAT,
// and keeps per-peer overlay/bypass throughput for the last 10 minutes in uPlot charts. The controller keeps no
// history: the series start when the page is opened.

// ?poll=MS polls at another pace; 2 s otherwise
const POLL_MS = Math.max(250, Number(new URLSearchParams(location.search).get('poll')) || 2000);
const WINDOW_S = 600;
// Relative to the page without its user info: fetch() refuses URLs with credentials, and a page opened as
// http://user:pass@host:8181/vias/ would otherwise resolve "state.json" to one.
const STATE_URL = new URL('state.json', location.origin + location.pathname);

const series = new Map();     // peer -> {t: [], overlay: [], bypass: [], chart, caption}
const lastLinkBytes = new Map(); // peer -> {time, bytes}

const $ = (sel) => document.querySelector(sel);
const short = (uid) => (uid ? uid.slice(0, 8) : '-');

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function svg(tag, attrs = {}, text) {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function rate(bytesPerSecond) {
  const bits = bytesPerSecond * 8;
  if (bits >= 1e9) return (bits / 1e9).toFixed(2) + ' Gbit/s';
  if (bits >= 1e6) return (bits / 1e6).toFixed(1) + ' Mbit/s';
  if (bits >= 1e3) return (bits / 1e3).toFixed(1) + ' kbit/s';
  return bits.toFixed(0) + ' bit/s';
}

// A bypass's rate comes from its rules' counters, which the switch statistics refresh every 10 s: state.json has
// null until the first refresh after the bypass became active.
const MEASURING = 'measuring…';
const MEASURING_TITLE = "bypass rates come from the switch's rule counters, refreshed every 10 s";

function num(cell) {
  return el('td', {class: 'num'}, cell);
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows);
}

/** Link rate (tx + rx) from the difference of the link's byte counters between two polls. */
function linkRate(link, time) {
  const bytes = link.txBytes + link.rxBytes;
  const last = lastLinkBytes.get(link.peer);
  lastLinkBytes.set(link.peer, {time, bytes});
  if (!last || time <= last.time || bytes < last.bytes) return null;
  return (bytes - last.bytes) * 1000 / (time - last.time);
}

function drawTopology(state, rates) {
  const root = $('#topology');
  root.replaceChildren();
  const cx = 320, cy = 180, r = 130;
  const peers = state.peers;
  const links = new Map(state.links.map((l) => [l.peer, l]));
  peers.forEach((p, i) => {
    const a = (2 * Math.PI * i) / Math.max(peers.length, 1) - Math.PI / 2;
    const x = cx + r * Math.cos(a), y = cy + r * Math.sin(a);
    const link = links.get(p.uid);
    if (link) {
      root.append(svg('line', {x1: cx, y1: cy, x2: x, y2: y, class: link.state}));
      const label = [link.pathType || '?', 'RTT -', rates.has(p.uid) ? rate(rates.get(p.uid)) : ''].join(' · ');
      root.append(svg('text', {x: (cx + x) / 2, y: (cy + y) / 2 - 6}, label));
    }
    const g = svg('g', {class: 'peer', 'data-peer': p.uid});
    g.append(svg('circle', {cx: x, cy: y, r: 16}));
    g.append(svg('text', {x, y: y + 30}, short(p.uid) + (p.address ? ' ' + p.address : '')));
    root.append(g);
  });
  const me = svg('g', {class: 'node'});
  me.append(svg('circle', {cx, cy, r: 22}));
  me.append(svg('text', {x: cx, y: cy + 38}, 'this node ' + short(state.node.uid)));
  root.append(me);
}

function drawLinks(state, rates) {
  fill($('#links tbody'), state.links.map((l) => el('tr', {'data-peer': l.peer, 'data-state': l.state},
    el('td', {}, short(l.peer)), el('td', {}, l.state), el('td', {}, l.pathType || '-'),
    el('td', {}, l.local || '-'), el('td', {}, l.remote || '-'), el('td', {}, '-'),
    num(rates.has(l.peer) ? rate(rates.get(l.peer)) : '-'), num(l.txBytes), num(l.rxBytes),
    num(Object.values(l.drops).reduce((a, b) => a + b, 0)))));
}

function drawFlows(state) {
  fill($('#flows tbody'), state.flows.map((f) => el('tr',
    {'data-flow': f.id, 'data-path': f.path, 'data-rate': f.rate === null ? '' : f.rate},
    el('td', {}, f.id), el('td', {}, short(f.peer)), el('td', {class: 'path'}, f.path),
    f.rate === null ? el('td', {class: 'num', title: MEASURING_TITLE}, MEASURING) : num(rate(f.rate)),
    num(f.bytes), num((f.ageMs / 1000).toFixed(1) + ' s'),
    el('td', {}, f.bypassId ? `#${f.bypassId} ${f.state}` : '-'),
    num(f.setupMs >= 0 ? f.setupMs + ' ms' : '-'), el('td', {}, f.reason || ''))));
}

function drawNat(nat) {
  const c = nat.counters;
  const drops = Object.entries(nat.drops).map(([k, v]) => `${k}=${v}`).join(' ') || 'none';
  $('#nat-summary').textContent = !nat.enabled ? 'NAT is off' + (nat.lastError ? ` (${nat.lastError})` : '')
    : `ports in use ${c.active}, allocated ${c.allocated}, reused ${c.reused}, static ${c.static}, ` +
      `released ${c.released + c.expired}, exhausted ${c.exhausted}, echo ${c.echo}; drops: ${drops}`;
  fill($('#nat tbody'), nat.mappings.map((m) => el('tr', {},
    num(m.id), el('td', {}, m.protocol), el('td', {}, m.internal), el('td', {}, m.external),
    el('td', {}, m.static ? 'static' : 'dynamic'), num(m.idleS >= 0 ? m.idleS + ' s' : '-'),
    num(m.packetsOut), num(m.packetsIn))));
}

function plotFor(peer) {
  let s = series.get(peer);
  if (s) return s;
  const box = el('div', {class: 'plot', 'data-peer': peer});
  const caption = el('div', {class: 'caption'}, 'peer ' + short(peer));
  box.append(caption);
  $('#plots').append(box);
  s = {t: [], overlay: [], bypass: [], caption, box};
  s.chart = new uPlot({
    width: 560, height: 220,
    scales: {x: {time: true}},
    axes: [{}, {label: 'Mbit/s'}],
    series: [{}, {label: 'overlay', stroke: '#b35c00', width: 2}, {label: 'bypass', stroke: '#0a7d28', width: 2}],
  }, [s.t, s.overlay, s.bypass], box);
  series.set(peer, s);
  return s;
}

function record(state) {
  const t = state.time / 1000;
  for (const tp of state.throughput) {
    const s = plotFor(tp.peer);
    s.t.push(t);
    s.overlay.push(tp.overlay * 8 / 1e6);
    // null (not measured yet) leaves a gap in the bypass line
    s.bypass.push(tp.bypass === null ? null : tp.bypass * 8 / 1e6);
    while (s.t.length && s.t[0] < t - WINDOW_S) {
      s.t.shift(); s.overlay.shift(); s.bypass.shift();
    }
    s.chart.setData([s.t, s.overlay, s.bypass]);
    // the figures in the DOM too, for a reader without the canvas (and the browser test)
    const max = (a) => a.reduce((m, v) => (v === null ? m : Math.max(m, v)), 0);
    const bypass = s.bypass[s.bypass.length - 1];
    s.box.dataset.overlayMbps = s.overlay[s.overlay.length - 1].toFixed(1);
    if (bypass === null) delete s.box.dataset.bypassMbps; else s.box.dataset.bypassMbps = bypass.toFixed(1);
    s.box.dataset.bypassMaxMbps = max(s.bypass).toFixed(1);
    s.box.dataset.points = s.t.length;
    s.caption.title = bypass === null ? MEASURING_TITLE : '';
    s.caption.textContent = `peer ${short(tp.peer)}: overlay ${s.box.dataset.overlayMbps} Mbit/s, bypass ` +
      (bypass === null ? MEASURING : `${s.box.dataset.bypassMbps} Mbit/s`) +
      ` (max ${s.box.dataset.bypassMaxMbps})`;
  }
}

async function poll() {
  try {
    const response = await fetch(STATE_URL, {cache: 'no-store', credentials: 'same-origin'});
    if (!response.ok) throw new Error(`state.json: HTTP ${response.status}`);
    const state = await response.json();
    const rates = new Map();
    for (const l of state.links) {
      const r = linkRate(l, state.time);
      if (r !== null) rates.set(l.peer, r);
    }
    $('#self').textContent = state.node.running ? state.node.uid : 'overlay not running';
    drawTopology(state, rates);
    drawLinks(state, rates);
    drawFlows(state);
    drawNat(state.nat);
    record(state);
    const status = $('#status');
    status.textContent = 'updated ' + new Date(state.time).toLocaleTimeString();
    status.dataset.updated = String(Number(status.dataset.updated) + 1);
  } catch (e) {
    $('#status').textContent = 'error: ' + e.message;
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

poll();
