/* rnnprog page: a step debugger over the data in #data (see rnnprog/page/data.py for its rows).
   Plain browser JavaScript, no library and nothing fetched: the page works opened from disk. */
"use strict";
(function () {
  const D = JSON.parse(document.getElementById("data").textContent);
  const $ = (id) => document.getElementById(id);
  const H = D.units.length, F = D.fields.length, CHECKPOINT = 32;
  const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 0];  // ticks a second; 0: one per frame
  const fmt = (n) => Number(n).toLocaleString("en-US");

  // ---- the rows, decoded once: fields in full, h(t) as checkpoints plus deltas ---------------
  function decode(rows) {
    const n = rows.length;
    const seq = { n, tick: [], where: [], doing: [], net: [], ref: [], differs: [], acted: [],
                  inputs: [], jump: [], hdelta: [], checks: [] };
    let net = new Array(F).fill(""), ref = net, h = new Float64Array(H);
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      seq.tick.push(r[0]); seq.where.push(r[1] || 0); seq.doing.push(D.strings[r[2] || 0] || "");
      const nd = r[3] || [];
      if (nd.length) { net = net.slice(); for (let k = 0; k < nd.length; k += 2) net[nd[k]] = D.strings[nd[k + 1]]; }
      const rd = r[4];
      if (rd === undefined || rd === 0) ref = net;
      else if (rd.length) { ref = ref.slice(); for (let k = 0; k < rd.length; k += 2) ref[rd[k]] = D.strings[rd[k + 1]]; }
      seq.net.push(net); seq.ref.push(ref);
      const hd = r[5] || [];
      for (let k = 0; k < hd.length; k += 2) h[hd[k]] = hd[k + 1];
      seq.hdelta.push(hd);
      if (i % CHECKPOINT === 0) seq.checks.push(h.slice());
      seq.acted.push(r[6] || []); seq.differs.push(r[7] || []); seq.inputs.push(r[8] || []);
      const j = r[9];
      seq.jump.push(j ? { blocks: j[0], blockTicks: j[1], where: D.strings[j[2]], changes: D.strings[j[3]],
                          first: decode(j[4]) } : null);
    }
    return seq;
  }

  function stateOf(seq, i) {  // h(t) of row i: its checkpoint, then the deltas after it
    const c = Math.floor(i / CHECKPOINT), h = seq.checks[c].slice();
    for (let r = c * CHECKPOINT + 1; r <= i; r++) {
      const hd = seq.hdelta[r];
      for (let k = 0; k < hd.length; k += 2) h[hd[k]] = hd[k + 1];
    }
    return h;
  }

  const S = decode(D.moments);
  const open = new Set();  // top rows whose jump shows its first ticks
  let order = [], at = 0, timer = null, speed = 3;

  function buildOrder() {  // the positions stepped through: top rows, opened jumps' first ticks first
    order = [];
    for (let i = 0; i < S.n; i++) {
      const j = S.jump[i];
      if (j && open.has(i)) for (let k = 0; k < j.first.n; k++) order.push({ seq: j.first, i: k, top: i });
      order.push({ seq: S, i, top: i });
    }
  }

  const tickAt = (p) => p.seq.tick[p.i];
  const isInner = (p) => p.seq !== S;

  // ---- fixed parts: header, source, unit rows ---------------------------------------------
  function header() {
    const verdict = D.agrees
      ? '<span class="ok">\u2713 network = interpreter at every kept tick</span>'
      : '<span class="bad">\u2260 the network differs from the interpreter (marked \u2260 below)</span>';
    const end = D.halted ? "halted" : "still running (step budget spent)";
    $("summary").innerHTML = `\u2014 ${esc(D.kind)} \u00b7 ${esc(D.dtype)} \u00b7 ${fmt(D.ticks)} ticks, ${end} \u00b7 ${verdict}`;
    $("kept").textContent = [`kept: ${D.kept}`, ...D.notes].join(" \u00b7 ");
    $("ticks").textContent = fmt(D.ticks);
    $("units-count").textContent = `${H} units`;
    $("raster-note").textContent = `(x: ${fmt(S.n)} kept ticks, 0 to ${fmt(D.ticks)}; y: the units, in the order of h(t); ` +
      "darker = larger; \u25bc a jump)";
    $("legend").textContent = "\u25b6 where the program is \u00b7 \u21bb lines of a jumped loop \u00b7 " +
      "\u2731 changed this step \u00b7 \u2260 network differs from interpreter \u00b7 \u2192 unit fed this tick \u00b7 " +
      "outlined square: a weight that acted";
  }

  function esc(s) {
    return String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  }

  function sourceLines() {
    const box = $("source");
    D.source.forEach((text, k) => {
      const row = document.createElement("div");
      row.className = "line"; row.id = `line-${k + 1}`;
      row.innerHTML = `<span class="num">${k + 1}</span><span class="mark"></span><span class="text">${esc(text) || " "}</span>`;
      box.appendChild(row);
    });
  }

  function unitRows() {
    const body = $("units").tBodies[0];
    D.units.forEach((u, k) => {
      const tr = document.createElement("tr");
      tr.id = `unit-${k}`; tr.title = `${u[0]} (${u[1]}): ${u[2]}`;
      tr.innerHTML = `<td class="label">${esc(u[0])}</td><td class="value"></td><td class="bar"><span></span></td>`;
      body.appendChild(tr);
    });
    const state = $("state").tBodies[0];
    D.fields.forEach((name, k) => {
      const tr = document.createElement("tr");
      tr.dataset.field = name; tr.id = `field-${k}`;
      tr.innerHTML = `<td class="name">${esc(name)}</td><td class="net"></td><td class="ref"></td><td class="same"></td>`;
      state.appendChild(tr);
    });
  }

  // ---- showing one position ----------------------------------------------------------------
  let marked = [];
  function showSource(p, jump) {
    marked.forEach((el) => { el.classList.remove("now", "loop"); el.querySelector(".mark").textContent = "";
                              const t = el.querySelector(".text"); if (t.dataset.plain !== undefined) t.innerHTML = t.dataset.plain; });
    marked = [];
    const spans = D.spans[p.seq.where[p.i]] || [];
    let first = null;
    for (const [line, start, end] of spans) {
      const el = $(`line-${line}`);
      if (!el) continue;
      el.classList.add(jump ? "loop" : "now");
      el.querySelector(".mark").textContent = jump ? "\u21bb" : "\u25b6";
      if (start > 0) {
        const t = el.querySelector(".text"), text = D.source[line - 1];
        if (t.dataset.plain === undefined) t.dataset.plain = t.innerHTML;
        t.innerHTML = esc(text.slice(0, start - 1)) + "<mark>" + esc(text.slice(start - 1, end - 1)) + "</mark>" +
          esc(text.slice(end - 1));
      }
      marked.push(el); first = first || el;
    }
    if (first) first.scrollIntoView({ block: "nearest" });
  }

  function showState(p, before) {
    const net = p.seq.net[p.i], ref = p.seq.ref[p.i], differs = new Set(p.seq.differs[p.i]);
    const prev = before ? before.seq.net[before.i] : null;
    D.fields.forEach((_, k) => {
      const tr = $(`field-${k}`), bad = differs.has(k);
      tr.classList.toggle("differs", bad);
      const cell = tr.querySelector(".net");
      cell.textContent = net[k];
      cell.classList.toggle("changed", prev !== null && prev[k] !== net[k]);
      tr.querySelector(".ref").textContent = ref[k];
      const same = tr.querySelector(".same");
      same.textContent = bad ? "\u2260" : "\u2713";
      same.title = bad ? "the network's value differs from the interpreter's" : "the same";
      same.className = "same " + (bad ? "same-bad" : "same-ok");
    });
  }

  function showUnits(h, before, acted) {
    const fed = new Set(acted);
    let peak = 0;
    for (let u = 0; u < H; u++) peak = Math.max(peak, Math.abs(h[u]));
    for (let u = 0; u < H; u++) {
      const tr = $(`unit-${u}`), v = h[u];
      tr.children[1].textContent = number(v);
      tr.className = (v === 0 ? "zero" : "active") + (before && before[u] !== v ? " changed" : "") +
        (fed.has(u) ? " fed" : "");
      tr.children[2].firstChild.style.width = `${peak ? Math.round(30 * Math.sqrt(Math.abs(v) / peak)) : 0}px`;
    }
  }

  function number(v) {
    if (Number.isInteger(v)) return fmt(v);
    return Number(v.toPrecision(6)).toString();  // the column is narrow; the fields carry more
  }

  function showJump(p) {
    const box = $("jump"), j = S.jump[p.top];
    if (!j) { box.hidden = true; return; }
    const start = tickAt({ seq: S, i: p.top }) - j.blocks * j.blockTicks;
    const inner = isInner(p);
    box.hidden = false;
    box.innerHTML = (inner
      ? `<b>inside a jump</b>: tick ${fmt(tickAt(p))}, iteration ${fmt(Math.floor((tickAt(p) - start - 1) / j.blockTicks) + 1)} ` +
        `of ${fmt(j.blocks)}, computed one tick at a time<br>`
      : "") +
      `<b>\u00d7 ${fmt(j.blocks)} iterations of ${esc(j.where)}</b> (${fmt(j.blockTicks)} tick${j.blockTicks === 1 ? "" : "s"} each)` +
      (j.changes ? ": " + j.changes.split(", ").map((c) => `<span class="nowrap">${esc(c)}</span>`).join(", ") : "") + `; ticks ${fmt(start + 1)} to ${fmt(start + j.blocks * j.blockTicks)} ` +
      "in one certified step<br>" +
      `<button id="open-jump">${open.has(p.top) ? "close the first ticks (o)" : `open its first ${j.first.n} ticks (o)`}</button>`;
    $("open-jump").onclick = toggleJump;
  }

  function showGap(p, before) {
    const gap = $("gap");
    gap.textContent = "";
    if (!before || S.jump[p.i] && !isInner(p)) return;
    const from = tickAt(before) + 1, to = tickAt(p) - 1;
    if (to >= from) gap.textContent = `ticks ${fmt(from)}\u2013${fmt(to)} are not kept in this page`;
  }

  function show() {
    const p = order[at], before = at > 0 ? order[at - 1] : null;
    const h = stateOf(p.seq, p.i), hb = before ? stateOf(before.seq, before.i) : null;
    const jump = !isInner(p) && S.jump[p.i];
    $("tick").textContent = fmt(tickAt(p));
    $("doing").textContent = p.seq.doing[p.i];
    showGap(p, before);
    showSource(p, jump);
    showState(p, before);
    showJump(p);
    showUnits(h, hb, p.seq.acted[p.i]);
    drawWeights(p.seq.acted[p.i], p.seq.inputs[p.i]);
    drawCursor(p.top);
    writeHash(tickAt(p));
  }

  // ---- W_hh: every entry, those that acted outlined; the same entries listed in words -------
  const weights = $("weights"), W = D.W, FONT = '16px "DejaVu Sans Mono", Consolas, monospace';
  let cell = 8, edge = 4;  // cell size, and the margin left of and above the matrix (its labels)
  function placeWeights() {  // labels of 16 px on both axes where the panel holds them, else none
    const avail = $("weights-wrap").clientWidth - 8, ctx = document.createElement("canvas").getContext("2d");
    ctx.font = FONT;
    ctx.font = "bold " + FONT;  // the widest a label is drawn: bold, after an arrow
    const label = Math.ceil(Math.max(0, ...D.units.map((u) => ctx.measureText("\u2192" + u[0]).width))) + 8;
    const labelled = Math.floor((avail - label) / Math.max(H, 1));
    if (labelled >= 17) { cell = Math.min(24, labelled); edge = label; return true; }
    cell = Math.max(3, Math.min(22, Math.floor(avail / Math.max(H, 1)))); edge = 4;
    return false;
  }

  function drawWeights(acted, inputs) {
    const labelled = placeWeights(), size = edge + cell * H + 4, dpr = window.devicePixelRatio || 1;
    weights.width = size * dpr; weights.height = size * dpr;
    weights.style.width = `${size}px`; weights.style.height = `${size}px`;
    const ctx = weights.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, size, size);
    ctx.strokeStyle = "#ddd"; ctx.lineWidth = 1; ctx.strokeRect(edge - 0.5, edge - 0.5, cell * H + 1, cell * H + 1);
    const fed = new Set(acted), list = [];
    if (labelled) axisLabels(ctx, fed);
    let peak = 0;
    for (const e of W) peak = Math.max(peak, Math.abs(e[2]));
    for (const [i, j, w] of W) {
      const on = fed.has(j), x = edge + j * cell, y = edge + i * cell;
      ctx.globalAlpha = on ? 1 : 0.3;
      ctx.fillStyle = w > 0 ? "#0072B2" : "#D55E00";  // blue +, vermillion - (and a bar below -)
      const inset = Math.max(0, Math.floor(cell * 0.15 * (1 - Math.sqrt(Math.abs(w) / peak))));
      ctx.fillRect(x + inset, y + inset, cell - 2 * inset, cell - 2 * inset);
      if (w < 0 && cell >= 6) { ctx.fillStyle = "#fff"; ctx.fillRect(x + 1, y + cell / 2 - 1, cell - 2, 2); }
      ctx.globalAlpha = 1;
      if (on) {
        ctx.strokeStyle = "#000"; ctx.lineWidth = 2;
        ctx.strokeRect(x - 1, y - 1, cell + 2, cell + 2);
        list.push([i, j, w]);
      }
    }
    const items = list.slice(0, 40).map(([i, j, w]) =>
      `<li>${esc(D.units[i][0])} \u2190 ${weightText(w)} \u00b7 ${esc(D.units[j][0])}</li>`);
    if (list.length > 40) items.push(`<li>\u2026 ${list.length - 40} more</li>`);
    (inputs || []).forEach((x, k) => { if (x !== 0) items.push(`<li>input ${esc(D.inputNames[k] || k)} = ${number(x)}</li>`); });
    $("acted").innerHTML = items.join("") || "<li>none (h(0) comes from the inputs)</li>";
    $("acted").dataset.count = String(list.length);
  }

  function axisLabels(ctx, fed) {  // rows on the left, columns above; a unit that fed: bold, \u2192
    ctx.fillStyle = "#111"; ctx.textBaseline = "middle";
    D.units.forEach((u, k) => {
      ctx.font = (fed.has(k) ? "bold " : "") + FONT;
      ctx.textAlign = "right";
      ctx.fillText(u[0], edge - 4, edge + k * cell + cell / 2);
      ctx.save();
      ctx.translate(edge + k * cell + cell / 2, edge - 4);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = "left";
      ctx.fillText((fed.has(k) ? "\u2192" : "") + u[0], 0, 0);
      ctx.restore();
    });
  }

  function weightText(w) {
    return (w > 0 ? "+" : "\u2212") + number(Math.abs(w));
  }

  weights.addEventListener("mousemove", (ev) => {
    const r = weights.getBoundingClientRect();
    const j = Math.floor((ev.clientX - r.left - edge) / cell), i = Math.floor((ev.clientY - r.top - edge) / cell);
    if (i < 0 || j < 0 || i >= H || j >= H) return;
    const e = W.find((x) => x[0] === i && x[1] === j);
    $("weight-hover").textContent = `row ${D.units[i][0]}, column ${D.units[j][0]}: ${e ? weightText(e[2]) : "0"}`;
  });

  // ---- the raster: painted once, then each step shows the part up to the cursor --------------
  const raster = $("raster"), base = document.createElement("canvas");
  let columns = null;  // top row -> its first pixel column
  function paintRaster() {
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(100, Math.floor(raster.clientWidth * dpr)), ht = Math.max(20, Math.floor(raster.clientHeight * dpr));
    raster.width = w; raster.height = ht; base.width = w; base.height = ht;
    const peak = new Float64Array(H), h = new Float64Array(H);
    for (let i = 0; i < S.n; i++) {
      const hd = S.hdelta[i];
      for (let k = 0; k < hd.length; k += 2) h[hd[k]] = hd[k + 1];
      for (let u = 0; u < H; u++) peak[u] = Math.max(peak[u], Math.abs(h[u]));
    }
    const ctx = base.getContext("2d"), img = ctx.createImageData(w, ht), px = img.data;
    px.fill(255);
    columns = new Int32Array(S.n);
    h.fill(0);
    let painted = -1;
    for (let i = 0; i < S.n; i++) {
      const hd = S.hdelta[i];
      for (let k = 0; k < hd.length; k += 2) h[hd[k]] = hd[k + 1];
      const x0 = Math.floor(i * w / S.n), x1 = Math.max(x0 + 1, Math.floor((i + 1) * w / S.n));
      columns[i] = x0;
      if (x0 <= painted) continue;
      painted = x1 - 1;
      for (let u = 0; u < H; u++) {
        const v = h[u];
        if (v === 0) continue;
        const rgb = ramp(Math.sqrt(Math.min(1, Math.abs(v) / (peak[u] || 1))));
        const y0 = Math.floor(u * ht / H), y1 = Math.max(y0 + 1, Math.floor((u + 1) * ht / H));
        for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) {
          const o = 4 * (y * w + x);
          px[o] = rgb[0]; px[o + 1] = rgb[1]; px[o + 2] = rgb[2];
        }
      }
    }
    ctx.putImageData(img, 0, 0);
    ctx.fillStyle = "#000";
    for (let i = 0; i < S.n; i++) if (S.jump[i]) {
      const x = columns[i];
      ctx.beginPath(); ctx.moveTo(x - 5 * dpr, 0); ctx.lineTo(x + 5 * dpr, 0); ctx.lineTo(x, 8 * dpr); ctx.fill();
    }
  }

  function ramp(t) {  // white -> light blue -> dark blue: one hue, lightness carries the value
    const lo = [198, 219, 239], hi = [8, 48, 107];
    return lo.map((a, k) => Math.round(a + (hi[k] - a) * t));
  }

  function drawCursor(top) {
    if (!columns) return;
    const ctx = raster.getContext("2d"), w = raster.width, ht = raster.height;
    const dpr = window.devicePixelRatio || 1;
    const x = columns[top] + Math.max(1, Math.floor(w / S.n)) - 1;
    ctx.clearRect(0, 0, w, ht);
    ctx.drawImage(base, 0, 0, x + 1, ht, 0, 0, x + 1, ht);
    ctx.fillStyle = "#f2f2f2"; ctx.fillRect(x + 1, 0, w - x - 1, ht);  // the ticks to come
    ctx.fillStyle = "#000"; ctx.fillRect(Math.max(0, x - dpr), 0, 2 * dpr, ht);
  }

  raster.addEventListener("click", (ev) => {
    const r = raster.getBoundingClientRect(), x = (ev.clientX - r.left) / r.width;
    const top = Math.min(S.n - 1, Math.max(0, Math.floor(x * S.n)));
    go(order.findIndex((p) => !isInner(p) && p.i === top));
  });

  // ---- moving ----------------------------------------------------------------------------------
  function go(k) {
    at = Math.max(0, Math.min(order.length - 1, k));
    show();
  }
  const step = () => { if (at >= order.length - 1) pause(); else go(at + 1); };
  const back = () => go(at - 1);

  function whereKey(p) { return JSON.stringify(D.spans[p.seq.where[p.i]]); }
  function nextLine(direction) {  // the next position whose highlighted source differs from this
    const here = whereKey(order[at]);
    for (let k = at + direction; k >= 0 && k < order.length; k += direction) {
      const key = whereKey(order[k]);
      if (key !== here && key !== "[]") return go(k);
    }
    go(direction > 0 ? order.length - 1 : 0);
  }

  function goTick(t) {  // the last position at or before tick t, opening a jump that holds t
    const next = topAtOrBefore(t) + 1, j = next < S.n ? S.jump[next] : null;
    if (j && j.first.n && j.first.tick[0] <= t && !open.has(next)) { open.add(next); buildOrder(); }
    go(lastAtOrBefore(t));
    const shown = tickAt(order[at]);
    if (shown !== t) $("gap").textContent = `tick ${fmt(t)} is not kept in this page: showing tick ${fmt(shown)}, ` +
      "the nearest kept before it";
  }

  function topAtOrBefore(t) {
    let lo = 0, hi = S.n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (S.tick[mid] <= t) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  function lastAtOrBefore(t) {
    let lo = 0, hi = order.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (tickAt(order[mid]) <= t) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  function toggleJump() {
    const p = order[at], top = p.top;
    if (!S.jump[top] || !S.jump[top].first.n) return;
    if (open.has(top)) {
      open.delete(top); buildOrder();
      at = order.findIndex((q) => !isInner(q) && q.i === top);
    } else {
      open.add(top); buildOrder();
      at = order.findIndex((q) => q.top === top);
    }
    show();
  }

  function play() {
    if (timer) return pause();
    if (at >= order.length - 1) go(0);
    $("play").textContent = "\u23f8 pause"; $("play").classList.add("on");
    const every = SPEEDS[speed];
    if (every) timer = setInterval(step, 1000 / every);
    else { const frame = () => { step(); if (timer) timer = requestAnimationFrame(frame); }; timer = requestAnimationFrame(frame); }
  }
  function pause() {
    if (timer) { clearInterval(timer); cancelAnimationFrame(timer); }
    timer = null;
    $("play").textContent = "\u25b6 run"; $("play").classList.remove("on");
  }
  function setSpeed(k) {
    speed = Math.max(0, Math.min(SPEEDS.length - 1, k));
    $("speed").value = String(speed);
    $("speed-text").textContent = SPEEDS[speed] ? `${SPEEDS[speed]} ticks/s` : "max";
    if (timer) { pause(); play(); }
  }

  // ---- the address keeps the tick: #t=12 ----------------------------------------------------
  function writeHash(t) {
    const want = `#t=${t}`;
    if (location.hash === want) return;
    try { history.replaceState(null, "", want); } catch (err) { /* about:srcdoc: no address */ }
  }
  function readHash() {
    const m = /t=(\d+)/.exec(location.hash);
    return m ? Number(m[1]) : null;
  }

  // ---- wiring --------------------------------------------------------------------------------
  function wire() {
    $("first").onclick = () => go(0);
    $("last").onclick = () => go(order.length - 1);
    $("step").onclick = step;
    $("back").onclick = back;
    $("line").onclick = () => nextLine(1);
    $("play").onclick = play;
    $("speed").oninput = (ev) => setSpeed(Number(ev.target.value));
    $("goto").onsubmit = (ev) => {  // then the keys step again (they are off while typing)
      ev.preventDefault();
      const t = Number($("goto-tick").value);
      if (Number.isFinite(t)) goTick(t);
      $("goto-tick").blur();
    };
    $("help-button").onclick = () => { $("help").hidden = !$("help").hidden; };
    window.addEventListener("hashchange", () => { const t = readHash(); if (t !== null && t !== tickAt(order[at])) goTick(t); });
    window.addEventListener("resize", () => { paintRaster(); show(); });
    document.addEventListener("keydown", (ev) => {
      if (ev.target.tagName === "INPUT" && ev.key !== "Escape") return;
      const keys = {
        ArrowRight: step, l: step, ArrowLeft: back, h: back, " ": play, p: play,
        n: () => nextLine(1), N: () => nextLine(-1), Home: () => go(0), End: () => go(order.length - 1),
        "+": () => setSpeed(speed + 1), "=": () => setSpeed(speed + 1), "-": () => setSpeed(speed - 1),
        o: toggleJump, g: () => $("goto-tick").focus(), "?": () => { $("help").hidden = !$("help").hidden; },
        Escape: () => { $("help").hidden = true; ev.target.blur && ev.target.blur(); },
      };
      const act = keys[ev.key];
      if (act && !ev.ctrlKey && !ev.metaKey && !ev.altKey) { ev.preventDefault(); act(); }
    });
  }

  header(); sourceLines(); unitRows(); buildOrder(); wire(); setSpeed(3); paintRaster();
  const start = readHash();
  if (start !== null) goTick(start); else go(0);
  // For tests and for a notebook: where the page stands.
  window.rnnprogPage = {
    ready: performance.now(), moments: S.n,
    now: () => { const p = order[at]; return { tick: tickAt(p), network: p.seq.net[p.i].slice(), interpreter: p.seq.ref[p.i].slice(),
                                              differs: p.seq.differs[p.i].slice(), inner: isInner(p) }; },
  };
})();
