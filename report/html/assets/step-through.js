// The step-through view of a counterexample page: the world after each step, rendered from the
// JSON the report embedded (report/html/world-views.ts computed it by replaying the trace in the
// model). This script only draws; it computes nothing about the model. Plain script, no modules,
// no requests: the page is opened from disk.
(function () {
  'use strict';
  var dataEl = document.getElementById('st-data');
  if (!dataEl) return;
  var data = JSON.parse(dataEl.textContent);
  var last = data.steps.length;
  var slider = document.getElementById('st-slider');
  var label = document.getElementById('st-label');
  var banner = document.getElementById('st-violation');
  var world = document.getElementById('st-world');
  var current = -1;

  function esc(s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  // A table whose rows are marked when they differ from the same row (same key) one step before.
  function table(title, heads, rows, prevRows, key, rowClass) {
    var before = {};
    (prevRows || []).forEach(function (r) { before[key(r)] = JSON.stringify(r); });
    var body = rows.map(function (r) {
      var changed = prevRows && before[key(r)] !== JSON.stringify(r);
      var cls = [changed ? 'changed' : '', rowClass ? rowClass(r) : ''].join(' ').trim();
      var cells = heads.map(function (h, i) {
        return '<td>' + (i === 0 && changed ? '<span class="sr-only">changed: </span>' : '') + h.cell(r) + '</td>';
      });
      return '<tr' + (cls ? ' class="' + cls + '"' : '') + '>' + cells.join('') + '</tr>';
    });
    if (rows.length === 0) body = ['<tr><td colspan="' + heads.length + '">none</td></tr>'];
    return '<div class="scroll"><table><caption>' + esc(title) + '</caption><thead><tr>' +
      heads.map(function (h) { return '<th scope="col">' + esc(h.name) + '</th>'; }).join('') +
      '</tr></thead><tbody>' + body.join('') + '</tbody></table></div>';
  }

  function pairs(title, what, rows, prev) {
    return table(title, [{ name: what, cell: function (r) { return '<code>' + esc(r[0]) + '</code>'; } }, { name: 'value', cell: function (r) { return esc(r[1]); } }], rows, prev, function (r) { return r[0]; });
  }

  function render(k) {
    var w = data.worlds[k];
    var p = k > 0 ? data.worlds[k - 1] : null;
    var threads = table('Threads', [
      { name: 'thread', cell: function (t) { return esc(t.name); } },
      { name: 'pc', cell: function (t) { return esc(t.pc); } },
      { name: 'next instruction', cell: function (t) { return '<code>' + esc(t.next) + '</code>'; } },
      { name: 'state', cell: function (t) { return '<span class="state-' + t.kind + '">' + esc(t.state) + '</span>'; } },
      { name: 'registers', cell: function (t) { return t.regs.map(function (r) { return '<code>' + esc(r[0]) + ' = ' + esc(r[1]) + '</code>'; }).join('<br>') || '—'; } },
    ], w.threads, p && p.threads, function (t) { return t.name; });
    var procs = table('Process table (pid → incarnation)', [
      { name: 'pid', cell: function (x) { return esc(x.pid); } },
      { name: 'incarnation', cell: function (x) { return esc(x.inc); } },
      { name: 'state', cell: function (x) { return '<span class="proc-' + x.state + '">' + esc(x.state === 'reaped' ? 'reaped (gone)' : x.state) + '</span>'; } },
      { name: 'whose child', cell: function (x) { return esc(x.parent); } },
      { name: 'role', cell: function (x) { return esc(x.role); } },
      { name: 'status', cell: function (x) { return esc(x.status || '—'); } },
    ], w.procs, p && p.procs, function (x) { return x.inc; });
    var free = '<p>Free pid numbers: ' + (w.freePids.length ? w.freePids.map(esc).join(', ') : 'none') + '</p>';
    var fds = table('Fds and pidfds of our process', [
      { name: 'fd', cell: function (f) { return esc(f[0]); } },
      { name: 'points to', cell: function (f) { return esc(f[1]); } },
    ], w.fds, p && p.fds, function (f) { return f[0]; });
    var ghost = '<h3>Ghost facts</h3><ul>' + w.ghost.map(function (g) { return '<li>' + esc(g) + '</li>'; }).join('') + '</ul>';
    world.innerHTML = '<div class="wide">' + threads + '</div>' +
      '<div class="wide">' + procs + free + '</div>' +
      '<div>' + pairs('Locks', 'lock', w.locks, p && p.locks) + pairs('Variables', 'variable', w.vars, p && p.vars) + '</div>' +
      '<div>' + fds + ghost + '</div>';
  }

  function go(k) {
    k = Math.max(0, Math.min(last, k));
    if (k === current) return;
    current = k;
    slider.value = String(k);
    var s = data.steps[k - 1];
    var text = k === 0 ? 'Before the first step' : 'Step ' + k + ' of ' + last + ': ' + s.actor + ' — ' + s.action + (s.outcome !== '-' ? ' → ' + s.outcome : '');
    slider.setAttribute('aria-valuetext', text);
    label.textContent = text;
    if (k === last) {
      banner.textContent = 'VIOLATED ' + data.invariant + ' at step ' + last + ': ' + data.message +
        (data.blocked.length ? ' (blocked: ' + data.blocked.map(function (b) { return b.thread + ' waits for ' + b.waitsFor; }).join('; ') + ')' : '');
      banner.hidden = false;
    } else {
      banner.hidden = true;
    }
    document.querySelectorAll('[data-step]').forEach(function (el) {
      var on = Number(el.getAttribute('data-step')) === k;
      el.classList.toggle('current', on);
      if (on) el.setAttribute('aria-current', 'step'); else el.removeAttribute('aria-current');
    });
    render(k);
  }

  slider.addEventListener('input', function () { go(Number(slider.value)); });
  document.getElementById('st-prev').addEventListener('click', function () { go(current - 1); });
  document.getElementById('st-next').addEventListener('click', function () { go(current + 1); });
  document.querySelectorAll('svg.sequence [data-step], table.steps [data-step]').forEach(function (el) {
    el.addEventListener('click', function () { go(Number(el.getAttribute('data-step'))); });
  });
  document.addEventListener('keydown', function (e) {
    // The slider moves itself with the arrows; other form controls keep their keys.
    var t = e.target;
    if (e.altKey || e.ctrlKey || e.metaKey || (t && (t === slider || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))) return;
    var to = { ArrowRight: current + 1, j: current + 1, ArrowLeft: current - 1, k: current - 1, Home: 0, End: last }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    go(to);
  });
  var m = /^#step-(\d+)$/.exec(location.hash);
  go(m ? Number(m[1]) : 0);
})();
