/*
 * The interactive part of cprof's flame graphs, embedded in every SVG.
 *
 * Names come from profiled programs and may be anything: they are read and
 * written only as text (textContent), never parsed as markup or code.
 * Frames are read once into arrays; zoom and search then work on those,
 * touching the DOM only where something changes.
 *
 * A differential graph holds two views of the same frames: shaped like the
 * second profile (B, shown first) and like the first (A, where stacks that
 * disappeared are still visible); one is shown at a time.
 */
'use strict';
(function () {
	const NS = 'http://www.w3.org/2000/svg';
	const XPAD = 10;
	const svg = document.documentElement;
	const byId = (id) => document.getElementById(id);
	const details = byId('details');
	const matchedEl = byId('matched');
	const unzoomBtn = byId('unzoom');
	const searchBtn = byId('search');
	const icBtn = byId('ignorecase');
	const fnBtn = byId('fnbutton');
	const abBtn = byId('abswitch');
	const colorBtn = byId('colorswitch');
	const legend = byId('legend');

	const diff = svg.getAttribute('data-diff');
	const countname = svg.getAttribute('data-countname') || 'samples';
	const nametype = svg.getAttribute('data-nametype') || 'Function:';
	const fluid = svg.hasAttribute('data-fluid');
	const truncRight = svg.hasAttribute('data-truncate-right');
	const fontSize = Number(svg.getAttribute('font-size')) || 12;
	const frameHeight = Number(svg.getAttribute('data-frameheight')) || 16;
	const height = Number(svg.getAttribute('height')) || 0;
	let shownHeight = height;	/* taller while the table needs it */

	/* ---- the frames, read once ---- */

	function readFrames(el) {
		const F = [];
		const index = new Map();
		for (const g of el.children) {
			if (g.tagName === 'g')
				readFrame(g, F, index);
		}
		return { el: el, F: F, index: index };
	}

	function readFrame(g, F, index) {
		const title = g.querySelector('title').textContent;
		const rect = g.querySelector('rect');
		const cut = title.lastIndexOf(' (');
		const f = {
			g: g,
			rect: rect,
			text: g.querySelector('text'),
			title: title,
			fill: rect.getAttribute('fill'),
			name: cut >= 0 ? title.slice(0, cut) : title,
			narrow: g.classList.contains('narrow'),
			xs: rect.getAttribute('x'),
			ys: rect.getAttribute('y'),
			x: parseFloat(rect.getAttribute('x')),
			w: parseFloat(rect.getAttribute('width')),
			y: parseFloat(rect.getAttribute('y')),
			v: Number(g.getAttribute('data-v')),
			s: Number(g.getAttribute('data-s')),
			p: g.hasAttribute('data-p') ? Number(g.getAttribute('data-p')) : -1,
			cx: 0, cw: 0, state: 0, label: null,
		};
		f.cx = f.x;
		f.cw = f.w;
		f.label = f.text ? f.text.textContent : '';
		index.set(g, F.length);
		F.push(f);
	}

	const views = [readFrames(byId('frames'))];
	views[0].total = Number(svg.getAttribute('data-total')) || 1;
	if (byId('frames-a')) {
		views.push(readFrames(byId('frames-a')));
		views[1].total = Number(svg.getAttribute('data-total-a')) || 1;
	}
	/* the view shown: 0 is B's shape (or the only one), 1 is A's */
	let view = 0;
	let framesEl = views[0].el;
	let F = views[0].F;
	let N = F.length;
	let index = views[0].index;
	let total = views[0].total;

	/* ---- numbers ---- */

	/* Nanoseconds (off-CPU and wall time) are shown as times. */
	function fmtTime(ns) {
		const a = Math.abs(ns);
		if (a >= 1e9)
			return (ns / 1e9).toFixed(2) + ' s';
		if (a >= 1e6)
			return (ns / 1e6).toFixed(2) + ' ms';
		if (a >= 1e3)
			return (ns / 1e3).toFixed(2) + ' \u00b5s';
		return Math.round(ns) + ' ns';
	}

	function fmtCount(v) {
		if (countname === 'ns')
			return fmtTime(v);
		if (Math.abs(v - Math.round(v)) > 1e-9)
			return v.toFixed(2);
		return Math.round(v).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	}

	function pct(part, whole) {
		return (whole > 0 ? (100 * part) / whole : 0).toFixed(2) + '%';
	}

	/* ---- labels: fitted from an average character width, measured once ---- */

	let charWidth = fontSize * 0.59;
	function measureCharWidth() {
		const t = document.createElementNS(NS, 'text');
		const sample = 'std::vector<int>::push_back(unsigned long) main_loop_Handler';
		t.textContent = sample;
		t.setAttribute('x', '0');
		t.setAttribute('y', '-100');
		framesEl.appendChild(t);
		const len = t.getComputedTextLength();
		framesEl.removeChild(t);
		if (len > 0)
			charWidth = len / sample.length;
	}

	function framesWidth() {
		return framesEl.width.baseVal.value;
	}

	function fitLabel(name, px) {
		const fit = Math.floor((px - 6) / charWidth);
		if (fit < 3)
			return '';
		const chars = Array.from(name);
		if (chars.length <= fit)
			return name;
		const keep = fit - 2;
		if (truncRight)
			return chars.slice(0, keep).join('') + '..';
		return '..' + chars.slice(chars.length - keep).join('');
	}

	function setLabel(f, width) {
		const label = fitLabel(f.name, (f.cw / 100) * width);
		if (!f.text) {
			if (!label)
				return;
			f.text = document.createElementNS(NS, 'text');
			f.text.setAttribute('dx', '3');
			f.text.setAttribute('y', String(f.y + frameHeight / 2 + fontSize * 0.35));
			f.g.appendChild(f.text);
		}
		f.text.setAttribute('x', f.cx + '%');
		if (label !== f.label) {
			f.text.textContent = label;
			f.label = label;
		}
	}

	function fitAll() {
		const width = framesWidth();
		for (const f of F)
			if (f.state !== 2)
				setLabel(f, width);
	}

	function resize() {
		if (!fluid)
			return;
		const cw = Math.max(300, Math.floor(window.innerWidth));
		svg.setAttribute('viewBox', '0 0 ' + cw + ' ' + shownHeight);
		for (const v of views)
			v.el.setAttribute('width', String(cw - 2 * XPAD));
		fitAll();
	}

	/* ---- zoom ---- */

	let zoomed = -1;

	/* state: 0 shown, 1 an ancestor of the zoomed frame, 2 hidden */
	function place(f, x, w, state) {
		if (f.state !== state) {
			f.g.classList.toggle('hide', state === 2);
			f.g.classList.toggle('parent', state === 1);
			f.state = state;
		}
		if (state === 2 || (f.cx === x && f.cw === w))
			return;
		f.cx = x;
		f.cw = w;
		f.rect.setAttribute('x', x + '%');
		f.rect.setAttribute('width', w + '%');
	}

	function zoom(i) {
		const z = F[i];
		const inside = new Uint8Array(N);
		const above = new Uint8Array(N);
		for (let a = z.p; a >= 0; a = F[a].p)
			above[a] = 1;
		for (let j = 0; j < N; j++) {
			const f = F[j];
			inside[j] = j === i || (f.p >= 0 && inside[f.p]) ? 1 : 0;
			if (inside[j])
				place(f, ((f.x - z.x) / z.w) * 100, (f.w / z.w) * 100, 0);
			else if (above[j])
				place(f, 0, 100, 1);
			else
				place(f, f.x, f.w, 2);
		}
		zoomed = i;
		unzoomBtn.classList.remove('hide');
		fitAll();
		showDetails();
	}

	function unzoom() {
		for (const f of F)
			place(f, f.x, f.w, 0);
		zoomed = -1;
		unzoomBtn.classList.add('hide');
		fitAll();
		showDetails();
	}

	/* ---- search ---- */

	let term = '';
	let ignoreCase = false;

	function search(t) {
		term = t || '';
		let re = null;
		if (term) {
			try {
				re = new RegExp(term, ignoreCase ? 'i' : '');
			} catch (e) {
				matchedEl.textContent = 'Invalid regular expression: ' + term;
				return;
			}
		}
		const hit = new Uint8Array(N);
		const under = new Uint8Array(N);
		let sum = 0;
		for (let j = 0; j < N; j++) {
			const f = F[j];
			hit[j] = re && !f.narrow && re.test(f.name) ? 1 : 0;
			under[j] = f.p >= 0 && (hit[f.p] || under[f.p]) ? 1 : 0;
			if (hit[j] && !under[j])
				sum += f.v;	/* nested matches count once */
			f.g.classList.toggle('match', hit[j] === 1);
		}
		searchBtn.classList.toggle('active', !!re);
		searchBtn.textContent = re ? 'Reset Search' : 'Search';
		matchedEl.textContent = re ? 'Matched: ' + pct(sum, total) : ' ';
	}

	function askSearch() {
		const t = window.prompt('Search for (a regular expression' +
			(ignoreCase ? ', ignoring case' : '') + '):', term);
		if (t !== null) {
			search(t);
			saveState(false);
		}
	}

	function toggleCase() {
		ignoreCase = !ignoreCase;
		icBtn.classList.toggle('active', ignoreCase);
		if (term)
			search(term);
		saveState(false);
	}

	/* ---- the URL keeps zoom and search; zooms are history steps ---- */

	function stateUrl() {
		const u = new URL(window.location.href);
		for (const k of ['x', 'y', 's', 'i', 'view'])
			u.searchParams.delete(k);
		if (view === 1)
			u.searchParams.set('view', 'a');
		if (zoomed >= 0) {
			u.searchParams.set('x', F[zoomed].xs);
			u.searchParams.set('y', F[zoomed].ys);
		}
		if (term)
			u.searchParams.set('s', term);
		if (ignoreCase)
			u.searchParams.set('i', '1');
		return u.toString();
	}

	function saveState(step) {
		try {
			if (step)
				window.history.pushState({ zoom: zoomed }, '', stateUrl());
			else
				window.history.replaceState({ zoom: zoomed }, '', stateUrl());
		} catch (e) {
			/* some viewers forbid history changes: zoom still works */
		}
	}

	function findFrame(xs, ys) {
		for (let j = 0; j < N; j++)
			if (F[j].xs === xs && F[j].ys === ys)
				return j;
		return -1;
	}

	function applyUrl(first) {
		const q = new URL(window.location.href).searchParams;
		showView(q.get('view') === 'a' ? 1 : 0);
		const j = q.has('x') ? findFrame(q.get('x'), q.get('y')) : -1;
		if (j >= 0 && j !== zoomed)
			zoom(j);
		else if (j < 0 && zoomed >= 0)
			unzoom();
		ignoreCase = q.get('i') === '1';
		icBtn.classList.toggle('active', ignoreCase);
		let s = q.get('s');
		if (s === null && first)
			s = svg.getAttribute('data-search');
		if ((s || '') !== term)
			search(s || '');
	}

	/* ---- differential graphs: the shapes of B and A, colours by change or name ---- */

	function showView(k) {
		if (k === view || k >= views.length)
			return;
		if (zoomed >= 0)
			unzoom();
		views[view].el.setAttribute('display', 'none');
		view = k;
		({ el: framesEl, F: F, index: index, total: total } = views[k]);
		N = F.length;
		framesEl.removeAttribute('display');
		hovered = -1;
		fitAll();
		search(term);
		abBtn.textContent = k ? 'Show B' : 'Show A';
		abBtn.classList.toggle('active', k === 1);
		legend.textContent = legend.textContent.replace(/^Shaped like [AB] \([a-z]+\)/,
			k ? 'Shaped like A (before)' : 'Shaped like B (after)');
		showDetails();
	}

	function colorByName(on) {
		for (const v of views)
			for (const f of v.F)
				f.rect.setAttribute('fill', on ? f.g.getAttribute('data-c') : f.fill);
		colorBtn.classList.toggle('active', on);
		colorBtn.textContent = on ? 'Colour by change' : 'Colour by name';
	}

	if (abBtn) {
		abBtn.addEventListener('click', () => {
			showView(1 - view);
			saveState(true);
		});
	}
	if (colorBtn)
		colorBtn.addEventListener('click', () => colorByName(!colorBtn.classList.contains('active')));

	/* "+1.25" points, or "+1,234" counts when raw counts are compared */
	function fmtChange(v) {
		if (diff === 'shares')
			return (v >= 0 ? '+' : '') + v.toFixed(2);
		return (v < 0 ? '-' : '+') + fmtCount(Math.abs(v));
	}

	/* ---- details line ---- */

	function describe(f) {
		if (diff) {
			/* the tooltip has both profiles: counts, shares, changes */
			const z = zoomed >= 0 ? '; ' + pct(f.v, F[zoomed].v) + ' of the zoomed frame' : '';
			return nametype + ' ' + f.title.slice(0, -1) + z + ')';
		}
		const unit = countname === 'ns' ? '' : ' ' + countname;
		let d = nametype + ' ' + f.name + ' (' + fmtCount(f.v) + unit +
			', ' + pct(f.v, total);
		if (!f.narrow)
			d += '; self ' + fmtCount(f.s) + ', ' + pct(f.s, total);
		if (zoomed >= 0)
			d += '; ' + pct(f.v, F[zoomed].v) + ' of the zoomed frame';
		return d + ')';
	}

	let hovered = -1;
	function showDetails() {
		if (details)
			details.textContent = hovered >= 0 ? describe(F[hovered]) : ' ';
	}

	function frameOf(ev) {
		const g = ev.target.closest ? ev.target.closest('g') : null;
		return g && index.has(g) ? index.get(g) : -1;
	}

	function onClick(ev) {
		const j = frameOf(ev);
		if (j < 0 || F[j].narrow)
			return;
		if (F[j].p < 0 && zoomed < 0)
			return;
		if (F[j].p < 0 && F[j].x === 0 && F[j].w >= 100)
			unzoom();
		else
			zoom(j);
		saveState(true);
	}
	for (const v of views) {
		v.el.addEventListener('mouseover', (ev) => {
			hovered = frameOf(ev);
			showDetails();
		});
		v.el.addEventListener('mouseout', () => {
			hovered = -1;
			showDetails();
		});
		v.el.addEventListener('click', onClick);
	}
	unzoomBtn.addEventListener('click', () => {
		unzoom();
		saveState(true);
	});
	searchBtn.addEventListener('click', () => {
		if (term) {
			search('');
			saveState(false);
		} else {
			askSearch();
		}
	});
	icBtn.addEventListener('click', toggleCase);
	window.addEventListener('popstate', () => applyUrl(false));
	window.addEventListener('resize', resize);
	window.addEventListener('keydown', (ev) => {
		const ctrl = ev.ctrlKey || ev.metaKey;
		if (ev.key === 'F3' || (ctrl && (ev.key === 'f' || ev.key === 'F'))) {
			ev.preventDefault();
			askSearch();
		} else if (ctrl && (ev.key === 'i' || ev.key === 'I')) {
			ev.preventDefault();
			toggleCase();
		} else if (ev.key === 'Escape') {
			showTable(false);
			if (term) {
				search('');
				saveState(false);
			}
		}
	});

	/* ---- the top functions table ---- */

	let table = null;
	let tableSort = diff ? 'dt' : 's';

	function escapeRegExp(s) {
		return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	}

	function tableText(parent, x, y, s, cls, anchor) {
		const t = document.createElementNS(NS, 'text');
		t.setAttribute('x', String(x));
		t.setAttribute('y', String(y));
		if (cls)
			t.setAttribute('class', cls);
		if (anchor)
			t.setAttribute('text-anchor', anchor);
		t.textContent = s;
		parent.appendChild(t);
		return t;
	}

	function buildTable() {
		const rows = [];
		for (const t of byId('fndata').children)
			rows.push({ name: t.textContent, s: Number(t.getAttribute('data-s')),
				    t: Number(t.getAttribute('data-t')),
				    ds: Number(t.getAttribute('data-ds')),
				    dt: Number(t.getAttribute('data-dt')) });
		/* a differential table lists the biggest changes, either way */
		const key = (r) => (diff ? Math.abs(r[tableSort]) : r[tableSort]);
		rows.sort((a, b) => key(b) - key(a));
		const shown = rows.slice(0, 25);
		const lh = fontSize * 1.6;
		const width = Math.min(640, framesWidth());
		const x0 = framesWidth() + XPAD - width;
		const y0 = Number(framesEl.getAttribute('y')) || 0;
		const g = document.createElementNS(NS, 'g');
		g.setAttribute('id', 'fntable');
		const bg = document.createElementNS(NS, 'rect');
		bg.setAttribute('class', 'panel');
		bg.setAttribute('x', String(x0));
		bg.setAttribute('y', String(y0));
		bg.setAttribute('width', String(width));
		bg.setAttribute('height', String(lh * (shown.length + 1.5)));
		g.appendChild(bg);
		let y = y0 + lh;
		const sortCol = (key, label, x) => {
			const t = tableText(g, x, y, label, 'head sort', 'end');
			t.addEventListener('click', (ev) => {
				ev.stopPropagation();
				tableSort = key;
				showTable(false);
				showTable(true);
			});
		};
		const [ks, kt] = diff ? ['ds', 'dt'] : ['s', 't'];
		const suffix = diff ? ' chg' : '';
		sortCol(ks, (tableSort === ks ? '\u25bc ' : '') + 'Self' + suffix, x0 + 80);
		sortCol(kt, (tableSort === kt ? '\u25bc ' : '') + 'Total' + suffix, x0 + 160);
		tableText(g, x0 + 175, y, 'Function', 'head');
		for (const r of shown) {
			y += lh;
			const row = document.createElementNS(NS, 'g');
			row.setAttribute('class', 'row');
			/* The whole row is the hit target, gaps between its texts
			 * included; the texts are decoration. */
			const hit = document.createElementNS(NS, 'rect');
			hit.setAttribute('class', 'hit');
			hit.setAttribute('x', String(x0));
			hit.setAttribute('y', String(y - lh * 0.75));
			hit.setAttribute('width', String(width));
			hit.setAttribute('height', String(lh));
			row.appendChild(hit);
			tableText(row, x0 + 80, y, diff ? fmtChange(r.ds) : pct(r.s, total), null, 'end');
			tableText(row, x0 + 160, y, diff ? fmtChange(r.dt) : pct(r.t, total), null, 'end');
			tableText(row, x0 + 175, y, fitLabel(r.name, width - 180) || '..', null, null);
			const title = document.createElementNS(NS, 'title');
			title.textContent = r.name;
			row.appendChild(title);
			row.addEventListener('click', () => {
				showTable(false);
				search('^' + escapeRegExp(r.name) + '$');
				saveState(false);
			});
			g.appendChild(row);
		}
		return g;
	}

	/* The picture grows to hold what is drawn on it (the table of a
	 * shallow graph), so nothing is cut off or out of the pointer's reach. */
	function setShownHeight(h) {
		shownHeight = Math.max(height, Math.ceil(h));
		const vb = (svg.getAttribute('viewBox') || '').split(/[\s,]+/);
		if (vb.length === 4) {
			vb[3] = String(shownHeight);
			svg.setAttribute('viewBox', vb.join(' '));
		}
		svg.setAttribute('height', String(shownHeight));
	}

	function showTable(on) {
		if (table) {
			table.remove();
			table = null;
		}
		if (on) {
			table = buildTable();
			svg.appendChild(table);
			const panel = table.querySelector('.panel');
			setShownHeight(Number(panel.getAttribute('y')) +
				       Number(panel.getAttribute('height')) + fontSize);
		} else {
			setShownHeight(height);
		}
		fnBtn.classList.toggle('active', on);
	}

	fnBtn.addEventListener('click', () => showTable(!table));

	/* ---- start ---- */

	measureCharWidth();
	if (fluid)
		resize();
	else
		fitAll();
	applyUrl(true);
	window.cprofFlame = { frames: N, zoomed: () => zoomed, view: () => (view ? 'A' : 'B') };
})();
