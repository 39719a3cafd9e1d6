/* The what-if page's script: every change of a control asks the server for
 * the what-if (the newest request wins; the server cancels older runs) and
 * shows it in place: headline cards, fan charts drawn as SVG, and the table.
 * Data from the server is only ever put in the page as text (textContent),
 * never as HTML. Without this script the page still works as a form. */
(function () {
  'use strict';

  var SVG = 'http://www.w3.org/2000/svg';
  var GOOD_WHEN_HIGHER = { 'net.cumulative': true, 'savings.total': true, 'mtfp.p_meet': true };
  var controls = [];
  var sequence = 0;       // the number of the latest request
  var timer = null;
  var last = null;        // the latest answer
  var chosenYear = null;  // index of the year the cards show

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function svg(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }

  /* ---- numbers as people read them ---- */

  function money(x) {
    var m = Math.abs(x) / 1e6;
    return (x < 0 ? '\u2212\u2060' : '') + '\u00a3' + m.toFixed(m >= 10 ? 1 : 2) + 'm';
  }

  function count(x) {
    return Math.round(x).toLocaleString('en-GB').replace('-', '\u2212');
  }

  function percent(p) {
    var s = Math.round(100 * p) + '%';
    if (p > 0 && s === '0%') return '<1%';
    if (p < 1 && s === '100%') return '>99%';
    return s;
  }

  function value(h, x) {
    if (x === null || x === undefined) return '\u2013';
    if (h.money) return money(x);
    if (h.chance) return percent(x);
    if (h.unit === 'FTE') return x.toFixed(1).replace('-', '\u2212');
    return count(x);
  }

  function signed(h, x) {
    if (h.chance) {
      var pts = Math.round(100 * x * 10) / 10;
      return (pts > 0 ? '+' : pts < 0 ? '\u2212' : '') + Math.abs(pts).toFixed(1) + ' points';
    }
    var text = value(h, Math.abs(x));
    return (x > 0 ? '+\u2060' : x < 0 ? '\u2212\u2060' : '') + text; /* no change: no sign */
  }

  /* ---- controls ---- */

  function readControls() {
    var nodes = document.querySelectorAll('.control[data-key]');
    Array.prototype.forEach.call(nodes, function (node) {
      var c = {
        node: node,
        key: node.getAttribute('data-key'),
        base: node.getAttribute('data-base'),
        scale: parseFloat(node.getAttribute('data-scale')) || 1,
        input: node.querySelector('input[name]'),
        slider: node.querySelector('input.slider')
      };
      if (c.slider) {
        c.shown = el('span', 'shown');
        c.slider.parentNode.insertBefore(c.shown, c.slider.nextSibling);
        c.slider.addEventListener('input', function () {
          c.input.value = c.slider.value;
          changed(c);
        });
      }
      c.input.addEventListener('input', function () {
        if (c.slider && c.input.value !== '') c.slider.value = c.input.value;
        changed(c);
      });
      controls.push(c);
      showValue(c);
    });
  }

  function showValue(c) {
    var differs = c.input.value !== '' && !sameValue(c);
    c.node.classList.toggle('changed', differs);
    if (!c.shown) return;
    var v = parseFloat(c.input.value);
    c.shown.textContent = isNaN(v) ? '' : (c.scale === 100 ? Math.round(v * 100) + '%' : '');
  }

  function sameValue(c) {
    if (c.input.type === 'month') return c.input.value === c.base;
    return parseFloat(c.input.value) === parseFloat(c.base);
  }

  /* The changes as URL parameters: only values that differ from the scenario. */
  function changes() {
    var params = new URLSearchParams();
    controls.forEach(function (c) {
      if (c.input.value !== '' && !sameValue(c)) params.append(c.key, c.input.value);
    });
    return params;
  }

  function changed(c) {
    showValue(c);
    clearTimeout(timer);
    timer = setTimeout(ask, 120);
  }

  /* A link to this what-if: #key=value&key=value. Opened, it moves the
   * controls as a person would (an input event on the slider, or on the box),
   * and says whether it moved any. */
  function fromHash() {
    var text = location.hash.replace(/^#/, ''), moved = false;
    if (!text) return false;
    new URLSearchParams(text).forEach(function (v, k) {
      controls.forEach(function (c) {
        if (c.key !== k) return;
        /* the slider when the value is on it, else the box (exact beyond its range) */
        var onSlider = c.slider && +v >= +c.slider.min && +v <= +c.slider.max;
        var target = onSlider ? c.slider : c.input;
        target.value = v;
        target.dispatchEvent(new Event('input', { bubbles: true }));
        moved = true;
      });
    });
    return moved;
  }

  /* ---- asking ---- */

  function setStatus(text, cls) {
    var s = document.getElementById('status');
    s.textContent = text;
    s.className = 'status' + (cls ? ' ' + cls : '');
  }

  function ask() {
    var params = changes();
    var mine = ++sequence;
    var query = params.toString();
    history.replaceState(null, '', query ? '#' + query : location.pathname);
    updateLinks(params);
    setStatus('Working out the what-if\u2026', 'busy');
    document.body.setAttribute('data-state', 'busy');
    fetch('/api/whatif?' + query, { credentials: 'same-origin' })
      .then(function (r) { return r.json().then(function (j) { return { status: r.status, body: j }; }); })
      .then(function (a) {
        if (mine !== sequence || a.status === 409) return; /* a newer change is on its way */
        if (a.status !== 200) {
          showErrors(a.body.errors || ['the server answered ' + a.status]);
          return;
        }
        showErrors([]);
        show(a.body);
      })
      .catch(function (e) {
        if (mine === sequence) showErrors(['no answer from carecast: ' + e.message]);
      });
  }

  function showErrors(list) {
    var old = document.querySelector('.errors');
    if (old) old.parentNode.removeChild(old);
    if (list.length === 0) return;
    var box = el('div', 'errors');
    box.setAttribute('role', 'alert');
    box.appendChild(el('p', '', 'The what-if was not run:'));
    var ul = el('ul');
    list.forEach(function (m) { ul.appendChild(el('li', '', m)); });
    box.appendChild(ul);
    var status = document.getElementById('status');
    status.parentNode.insertBefore(box, status.nextSibling);
    setStatus('Check the values in red above.', 'error');
    document.body.setAttribute('data-state', 'error');
  }

  function updateLinks(params) {
    var p = new URLSearchParams(params.toString());
    var name = document.getElementById('save-name').value;
    if (/^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/.test(name)) p.set('name', name);
    var q = p.toString();
    var links = {'dl-report': 'report.html', 'dl-workbook': 'carecast.xlsx',
                 'dl-compare': 'compare.csv', 'dl-annual': 'annual.csv',
                 'dl-monthly': 'monthly.csv'};
    Object.keys(links).forEach(function (id) {
      document.getElementById(id).href = '/download/' + links[id] + (q ? '?' + q : '');
    });
  }

  /* ---- showing an answer ---- */

  function show(data) {
    last = data;
    if (chosenYear === null || chosenYear >= data.years.length) {
      chosenYear = data.years.length - 1;
      while (chosenYear > 0 && data.months_in_year[chosenYear] < 12) chosenYear--;
    }
    var n = data.changes.length;
    setStatus(n === 0 ? 'The scenario as it is. Move a lever to see a what-if.'
                      : 'What-if with ' + n + ' change' + (n === 1 ? '' : 's') +
                        ', answered in ' + data.seconds.toFixed(2) + ' s.', '');
    document.body.setAttribute('data-state', n === 0 ? 'base' : 'whatif');
    showCards(data);
    showCharts(data);
    showTable(data);
    showNote(data);
  }

  function yearPicker(data) {
    var label = el('label', 'year', 'Financial year ');
    var select = el('select');
    data.years.forEach(function (y, i) {
      var o = el('option', '', y + (data.months_in_year[i] < 12 ? ' (part)' : ''));
      o.value = String(i);
      if (i === chosenYear) o.selected = true;
      select.appendChild(o);
    });
    select.addEventListener('change', function () {
      chosenYear = parseInt(select.value, 10);
      showCards(last);
    });
    label.appendChild(select);
    return label;
  }

  function card(data, h, row) {
    var y = chosenYear, changedRun = data.changes.length > 0;
    var c = el('div', 'card');
    c.setAttribute('data-metric', h.metric);
    c.appendChild(el('h3', '', h.label + ', ' + data.years[y]));
    var alt = row.alt, base = row.base, diff = row.diff;
    var centre = function (f) { return h.chance ? f.mean : f.p50; };
    var big = el('div', 'big', value(h, centre(alt)));
    big.setAttribute('data-value', String(centre(alt)));
    c.appendChild(big);
    var context = h.chance ? '\u00b1' + (100 * alt.se).toFixed(1) + ' points (Monte Carlo error)'
                           : 'P10\u2013P90: ' + value(h, alt.p10) + ' to ' + value(h, alt.p90);
    if (h.metric === 'budget.total.spend' && data.budget_gbp[y] !== null)
      context += '; budget ' + money(data.budget_gbp[y]);
    if (h.metric === 'savings.total' && data.target_gbp[y] !== null)
      context += '; target ' + money(data.target_gbp[y]);
    c.appendChild(el('div', 'was', context));
    if (changedRun) {
      var d = centre(diff), better = GOOD_WHEN_HIGHER[h.metric] ? d > 0 : d < 0;
      var text = signed(h, d) + ' against the scenario\u2019s ' + value(h, centre(base));
      if (!h.chance) text += ' (P10\u2013P90 of the change: ' + signed(h, diff.p10) + ' to ' + signed(h, diff.p90) + ')';
      c.appendChild(el('div', 'delta ' + (d === 0 ? 'same' : better ? 'good' : 'bad'), text));
    }
    return c;
  }

  function showCards(data) {
    var box = document.getElementById('cards');
    box.textContent = '';
    var picker = el('div', 'picker');
    picker.appendChild(yearPicker(data));
    box.appendChild(picker);
    shownHeadlines(data).forEach(function (h) {
      var row = h.years[chosenYear];
      if (row && row.alt && row.base) box.appendChild(card(data, h, row));
    });
  }

  /* ---- fan charts ---- */

  function extent(fan) {
    var lo = Infinity, hi = -Infinity;
    ['base', 'alt'].forEach(function (run) {
      fan[run].p10.concat(fan[run].p90).forEach(function (v) {
        if (v !== null) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      });
    });
    if (lo === hi) { lo -= 1; hi += 1; }
    var pad = 0.05 * (hi - lo);
    return [lo - pad, hi + pad];
  }

  function bandPath(xs, ys, lower, upper) {
    var d = '', i;
    for (i = 0; i < xs.length; i++) d += (i ? 'L' : 'M') + xs[i] + ',' + ys(upper[i]);
    for (i = xs.length - 1; i >= 0; i--) d += 'L' + xs[i] + ',' + ys(lower[i]);
    return d + 'Z';
  }

  function linePath(xs, ys, v) {
    return v.map(function (y, i) { return (i ? 'L' : 'M') + xs[i] + ',' + ys(y); }).join('');
  }

  function fanChart(data, fan) {
    var W = 480, H = 210, L = 58, R = 8, T = 8, B = 24;
    var n = data.months.length, ext = extent(fan);
    var xs = data.months.map(function (m, i) { return (L + (W - L - R) * i / Math.max(1, n - 1)).toFixed(1); });
    var ys = function (v) { return (T + (H - T - B) * (ext[1] - v) / (ext[1] - ext[0])).toFixed(1); };
    var s = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img' });
    s.appendChild(svg('title')).textContent = fan.label;
    for (var k = 0; k <= 4; k++) {
      var v = ext[0] + (ext[1] - ext[0]) * k / 4, y = ys(v);
      s.appendChild(svg('line', { x1: L, x2: W - R, y1: y, y2: y, stroke: '#e3e6ea' }));
      var t = s.appendChild(svg('text', { x: L - 4, y: Number(y) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#555' }));
      t.textContent = value(fan, v);
    }
    data.months.forEach(function (m, i) {
      if (m.slice(5) !== '04') return;
      s.appendChild(svg('line', { x1: xs[i], x2: xs[i], y1: T, y2: H - B, stroke: '#e3e6ea' }));
      var t = s.appendChild(svg('text', { x: xs[i], y: H - 8, 'font-size': 11, fill: '#555' }));
      t.textContent = m.slice(0, 4) + '/' + String(Number(m.slice(2, 4)) + 1).padStart(2, '0');
    });
    s.appendChild(svg('path', { d: bandPath(xs, ys, fan.base.p10, fan.base.p90), fill: '#b9c3cc', 'fill-opacity': 0.6 }));
    s.appendChild(svg('path', { d: linePath(xs, ys, fan.base.p50), fill: 'none', stroke: '#4d5a66', 'stroke-width': 1.6, 'stroke-dasharray': '5 3' }));
    if (data.changes.length > 0) {
      s.appendChild(svg('path', { d: bandPath(xs, ys, fan.alt.p10, fan.alt.p90), fill: '#e39a4f', 'fill-opacity': 0.35 }));
      s.appendChild(svg('path', { d: linePath(xs, ys, fan.alt.p50), fill: 'none', stroke: '#c0620c', 'stroke-width': 2 }));
    }
    var fig = el('figure', 'fan');
    fig.appendChild(el('figcaption', '', fan.label + ', by month'));
    fig.appendChild(s);
    var legend = el('div', 'legend');
    legend.appendChild(el('span', 'base'));
    legend.appendChild(document.createTextNode('scenario, P10\u2013P90 and median (dashed)'));
    if (data.changes.length > 0) {
      legend.appendChild(el('span', 'alt'));
      legend.appendChild(document.createTextNode('what-if'));
    }
    fig.appendChild(legend);
    return fig;
  }

  function showCharts(data) {
    var box = document.getElementById('charts');
    box.textContent = '';
    data.fans.forEach(function (fan) { box.appendChild(fanChart(data, fan)); });
  }

  /* ---- the table and the note ---- */

  function cellText(h, f, diff) {
    if (!f) return ['\u2013', ''];
    if (h.chance) return [diff ? signed(h, f.mean) : value(h, f.mean), '\u00b1' + (100 * f.se).toFixed(1) + ' points'];
    var mid = diff ? signed(h, f.p50) : value(h, f.p50);
    return [mid, (diff ? signed(h, f.p10) : value(h, f.p10)) + ' to ' + (diff ? signed(h, f.p90) : value(h, f.p90))];
  }

  /* Total spend is left out when a budget covers it (the same figures). */
  function shownHeadlines(data) {
    var budget = data.headline.some(function (h) { return h.metric === 'budget.total.spend'; });
    return data.headline.filter(function (h) { return !(budget && h.metric === 'cost.total'); });
  }

  function showTable(data) {
    var table = el('table');
    table.id = 'table';
    var head = el('tr');
    head.appendChild(el('th', '', 'By financial year'));
    data.years.forEach(function (y) { head.appendChild(el('th', '', y)); });
    table.appendChild(el('thead')).appendChild(head);
    var body = table.appendChild(el('tbody'));
    var rows = data.changes.length > 0 ? ['base', 'alt', 'diff'] : ['base'];
    var names = { base: 'scenario', alt: 'what-if', diff: 'change' };
    shownHeadlines(data).forEach(function (h) {
      rows.forEach(function (r) {
        var tr = el('tr', r);
        var th = el('th', '', h.label + ' ');
        if (rows.length > 1) th.appendChild(el('span', 'row', names[r]));
        tr.appendChild(th);
        h.years.forEach(function (row) {
          var t = cellText(h, row[r], r === 'diff');
          var td = el('td', '', t[0]);
          td.appendChild(el('span', 'range', t[1]));
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
    });
    var box = document.getElementById('table-box');
    box.textContent = '';
    box.appendChild(table);
  }

  function showNote(data) {
    var se = (100 * data.chance_se_max).toFixed(1);
    document.getElementById('note').textContent =
      'Every figure is over the same ' + count(data.paths) + ' simulated futures (seed ' + data.seed +
      '): the scenario and the what-if meet the same chances, so a change is the levers\u2019 doing, ' +
      'not luck. Ranges run from the 10th to the 90th percentile. Monte Carlo error (one standard ' +
      'error): a chance is within ' +
      '\u00b1' + se + ' points at most, and a median within about ' +
      (100 * 1.2533 / Math.sqrt(data.paths) / 2.5631).toFixed(1) + '% of its P10\u2013P90 range.';
  }

  /* ---- saving ---- */

  function save(event, overwrite) {
    if (event) event.preventDefault();
    var params = changes();
    var name = document.getElementById('save-name').value;
    params.set('name', name);
    if (overwrite) params.set('overwrite', '1');
    var status = document.getElementById('save-status');
    status.textContent = 'Saving\u2026';
    fetch('/api/save', { method: 'POST', credentials: 'same-origin',
                         headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
                         body: params.toString() })
      .then(function (r) { return r.json().then(function (j) { return { status: r.status, body: j }; }); })
      .then(function (a) {
        if (a.status === 201) status.textContent = 'Saved as ' + a.body.file + '.';
        else if (a.status === 409 && window.confirm(a.body.file + ' exists already. Replace it?')) save(null, true);
        else if (a.status === 409) status.textContent = 'Not saved: ' + a.body.file + ' exists already.';
        else status.textContent = 'Not saved: ' + (a.body.errors || []).join('; ');
      })
      .catch(function (e) { status.textContent = 'Not saved: ' + e.message; });
  }

  /* ---- start ---- */

  readControls();
  var moved = fromHash();
  document.getElementById('controls').addEventListener('submit', function (e) {
    e.preventDefault();
    ask();
  });
  document.getElementById('reset').addEventListener('click', function (e) {
    e.preventDefault();
    controls.forEach(function (c) {
      c.input.value = c.input.type === 'month' ? c.base : c.base;
      if (c.slider) c.slider.value = c.base;
      showValue(c);
    });
    ask();
  });
  document.getElementById('save').addEventListener('submit', save);
  document.getElementById('save-name').addEventListener('input', function () { updateLinks(changes()); });
  if (!moved) ask(); /* a link's changes ask once they are made */
}());
