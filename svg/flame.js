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
	const fontSize = Number(svg.getAttribute('font-size')) || 12;
	const frameHeight = Number(svg.getAttribute('data-frameheight')) || 16;
	let height = Number(svg.getAttribute('height')) || 0;	/* laid out again by layoutHeader */
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

	/* A frame is <g><title/><rect/><text/>?</g> (write_frame in svg/flame.c): no selector per frame. */
	function readFrame(g, F, index) {
		const titleEl = g.firstElementChild;
		const title = titleEl.textContent;
		const rect = titleEl.nextElementSibling;
		const cut = title.lastIndexOf(' (');
		const f = {
			g: g,
			rect: rect,
			text: rect.nextElementSibling,
			title: title,
			fill: rect.getAttribute('fill'),
			name: cut >= 0 ? title.slice(0, cut) : title,
			narrow: g.classList.contains('narrow'),
			folded: g.classList.contains('folded'),	/* in a small lane of a chart */
			others: g.classList.contains('others'),	/* the small lanes folded into one */
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

	/* ---- the profile tree (write_tree in svg/flame.c): exact search ---- */

	/*
	 * Nodes in preorder in typed arrays: node 0 is the root; end[i] is
	 * the index after i's subtree, so a subtree is skipped in one step.
	 * pruned[i] is the weight of i's children left out of the file.
	 */
	function readTree() {
		const meta = byId('profile');
		if (!meta)
			return null;
		const names = byId('pnames').textContent.split('\n');
		names.pop();
		const src = byId('ptree').textContent;
		const cols = Number(meta.getAttribute('data-cols')) || 1;
		let n = 1;
		for (let i = 0; i < src.length; i++)
			if (src.charCodeAt(i) === 41)	/* ')' closes a node */
				n++;
		const T = { names: names, cols: cols, n: n, name: new Int32Array(n),
			    parent: new Int32Array(n), end: new Int32Array(n),
			    self: new Float64Array(n * cols), total: new Float64Array(n * cols),
			    pruned: new Float64Array(n * cols),
			    minShare: Number(meta.getAttribute('data-min-share')) || 0 };
		T.name[0] = -1;
		T.parent[0] = -1;
		let cur = 0, k = 1, i = 0;
		/*
		 * One number at i, read from its character codes: slices, splits
		 * and Number() per value were most of the time of a big file.
		 * An exponent, or more digits than a double holds exactly, takes
		 * Number() so that the value is the one the file wrote.
		 */
		const number = () => {
			const from = i;
			let c = src.charCodeAt(i), v = 0, digits = 0;
			const neg = c === 45;
			if (neg)
				c = src.charCodeAt(++i);
			for (; c >= 48 && c <= 57; c = src.charCodeAt(++i), digits++)
				v = v * 10 + (c - 48);
			if (c === 46) {
				let f = 0, d = 1;
				for (c = src.charCodeAt(++i); c >= 48 && c <= 57; c = src.charCodeAt(++i), digits++) {
					f = f * 10 + (c - 48);
					d *= 10;
				}
				v += f / d;
			}
			if (c === 101 || c === 69 || digits > 15) {
				for (; c >= 48 && c <= 57 || c === 101 || c === 69 || c === 43 || c === 45 || c === 46;
				     c = src.charCodeAt(++i))
					;
				return Number(src.slice(from, i));
			}
			return neg ? -v : v;
		};
		const values = (into, at) => {
			i++;	/* the ':' or '~' */
			for (let c = 0; c < cols; c++) {
				const v = number();
				into[at * cols + c] = v;
				T.total[at * cols + c] += v;
				if (src.charCodeAt(i) !== 44)	/* ',' between columns */
					break;
				i++;
			}
		};
		while (i < src.length) {
			const ch = src.charCodeAt(i);
			if (ch === 32) {
				i++;
			} else if (ch === 41) {
				T.end[cur] = k;
				const p = T.parent[cur];
				for (let c = 0; c < cols; c++)
					T.total[p * cols + c] += T.total[cur * cols + c];
				cur = p;
				i++;
			} else {
				let v = 0;	/* a base-36 name index */
				const at = i;
				for (let c = ch; c >= 48 && c <= 57 || c >= 97 && c <= 122; c = src.charCodeAt(++i))
					v = v * 36 + (c <= 57 ? c - 48 : c - 87);
				if (i === at) {
					i++;	/* not the writer's: skipped, never a loop */
					continue;
				}
				T.name[k] = v;
				T.parent[k] = cur;
				cur = k++;
				let c = src.charCodeAt(i);
				if (c === 58) {	/* ':' self */
					values(T.self, cur);
					c = src.charCodeAt(i);
				}
				if (c === 126)	/* '~' pruned */
					values(T.pruned, cur);
			}
		}
		T.end[0] = k;
		T.n = k;
		return T;
	}

	/*
	 * Read when first needed, or once the first paint is done: parsing
	 * takes a few hundred milliseconds for a big profile.
	 */
	const hasTree = !!byId('profile');
	let treeData = null;
	function tree() {
		if (!treeData && hasTree)
			treeData = readTree();
		return treeData;
	}

	/* The tree's weight column for the view shown: B is column 1 of a diff. */
	function treeCol() {
		return tree().cols > 1 ? 1 - view : 0;
	}

	/*
	 * Samples whose stack has a matching function, each once however
	 * many matches it has; every matching function's total (its samples,
	 * recursion counted once); and the weight left out of the file that
	 * may or may not match.
	 */
	function treeSearch(re) {
		const T = tree(), cols = T.cols, col = treeCol();
		const hit = new Uint8Array(T.names.length);
		for (let j = 0; j < T.names.length; j++)
			hit[j] = re.test(T.names[j]) ? 1 : 0;
		const fn = new Float64Array(T.names.length);
		const active = new Int32Array(T.names.length);
		const open = [];
		let sum = 0, unknown = 0, under = 0;	/* under: the open match */
		for (let i = 1; i < T.n; i++) {
			while (open.length && T.end[open[open.length - 1]] <= i) {
				const o = open.pop();
				if (hit[T.name[o]])
					active[T.name[o]]--;
				if (o === under)
					under = 0;
			}
			const nm = T.name[i];
			const v = T.total[i * cols + col];
			if (hit[nm]) {
				if (!active[nm])
					fn[nm] += v;
				active[nm]++;
				if (!under) {
					sum += v;
					under = i;	/* the outermost match: its samples count once */
				}
			} else if (!under) {
				unknown += T.pruned[i * cols + col];
			}
			open.push(i);
		}
		/* top-level stacks left out of the file */
		unknown += Math.max(0, total - T.total[col]);
		const fns = [];
		for (let j = 0; j < fn.length; j++)
			if (fn[j] > 0)
				fns.push({ name: T.names[j], t: fn[j] });
		fns.sort((a, b) => b.t - a.t || (a.name < b.name ? -1 : 1));
		return { sum: sum, unknown: unknown, fns: fns, hit: hit };
	}

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

	/* A frame's tooltip as the file writes it: "name (1,234 samples, 5.67%)". */
	function frameTitle(name, v) {
		return name + ' (' + fmtCount(v) + (countname === 'ns' ? '' : ' ' + countname) + ', ' +
			pct(v, total) + ')';
	}

	/*
	 * ---- labels: fitted from the width of each character, measured once ----
	 * Printable ASCII is measured one character at a time; anything else
	 * counts as the widest of them, so a label never runs past its frame.
	 */

	const charW = new Float64Array(128);
	let wideW = fontSize;
	function measureChars() {
		const t = document.createElementNS(NS, 'text');
		let sample = '';
		for (let c = 32; c < 127; c++)
			sample += String.fromCharCode(c);
		t.textContent = sample;
		t.setAttribute('x', '0');
		t.setAttribute('y', '-100');
		t.setAttribute('style', 'white-space: pre');	/* the leading space counts */
		framesEl.appendChild(t);
		let widest = 0;
		try {
			for (let c = 32; c < 127; c++) {
				charW[c] = t.getSubStringLength(c - 32, 1);
				widest = Math.max(widest, charW[c]);
			}
		} catch (e) {
			/* nothing measured (not rendered): keep a generous estimate */
			widest = 0;
		}
		framesEl.removeChild(t);
		if (!(widest > 0)) {
			charW.fill(fontSize * 0.8);
			widest = fontSize;
		}
		wideW = widest;
	}

	function framesWidth() {
		return framesEl.width.baseVal.value;
	}

	/* The width of s from its start up to index end (UTF-16 units). */
	function textWidth(s, from, to) {
		let w = 0;
		for (let i = from; i < to; i++) {
			const c = s.charCodeAt(i);
			if (c >= 0xdc00 && c < 0xe000)
				continue;	/* the second half of a pair: counted with the first */
			w += c < 127 && c >= 32 ? charW[c] : wideW;
		}
		return w;
	}

	/* Where a path-like name's last component starts (after the last '/'
	 * before an argument list), or 0. */
	function lastComponent(name) {
		let end = name.search(/[(<]/);
		if (end < 0)
			end = name.length;
		const at = name.lastIndexOf('/', end - 1) + 1;
		return at < end ? at : 0;
	}

	/* The name, a path's last component, or the name cut at its end, as flamegraph.pl does. */
	function fitLabel(name, px) {
		const avail = px - 6;
		if (avail <= 0)
			return '';
		if (textWidth(name, 0, name.length) <= avail)
			return name;
		const at = lastComponent(name);
		if (at && textWidth(name, at, name.length) <= avail)
			return name.slice(at);
		let w = 2 * charW[46], keep = 0, chars = 0;
		for (let i = 0; i < name.length; i++) {
			const c = name.charCodeAt(i);
			if (c >= 0xdc00 && c < 0xe000)
				continue;
			w += c < 127 && c >= 32 ? charW[c] : wideW;
			if (w > avail)
				break;
			keep = c >= 0xd800 && c < 0xdc00 ? i + 2 : i + 1;
			chars++;
		}
		return chars < 2 ? '' : name.slice(0, keep) + '..';
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
		for (const f of sandwichF)
			setLabel(f, width);
	}

	function resize() {
		pxPerUnit = 0;
		if (!fluid)
			return;
		const cw = Math.max(300, Math.floor(window.innerWidth));
		svg.setAttribute('viewBox', '0 0 ' + cw + ' ' + shownHeight);
		for (const v of views)
			v.el.setAttribute('width', String(cw - 2 * XPAD));
		if (sandwichEl)
			sandwichEl.setAttribute('width', String(cw - 2 * XPAD));
		fitRows();
		layoutHeader();
		if (rssEl)
			rssEl.setAttribute('width', String(cw - 2 * XPAD));
		if (axisEl) {
			axisEl.setAttribute('width', String(cw - 2 * XPAD));
			drawAxis();
		}
		fitAll();
	}

	/*
	 * ---- the header and the footer: laid out for the width, kept on screen ----
	 * Rows of the header, each 1.5 font sizes: the title between Reset Zoom
	 * and the buttons when there is room, else on a row of its own; then the
	 * subtitle, the legend and the notes, the colour scale.  Nothing overlaps
	 * at any width; the frames start under the last row.
	 */

	const headerEl = byId('header');
	const footerEl = byId('footer');

	function viewWidth() {
		const vb = (svg.getAttribute('viewBox') || '').split(/[\s,]+/);
		return Number(vb[2]) || framesWidth() + 2 * XPAD;
	}

	/*
	 * The length of s in el's font (el may be hidden).  Remembered: each
	 * measure lays the whole picture out, and the header is laid out again
	 * on every zoom that changes the graph's height.
	 */
	const textLens = new Map();
	function textLen(el, s) {
		const key = (el.id || '') + '\n' + (el.getAttribute('class') || '') + '\n' + s;
		let n = textLens.get(key);
		if (n === undefined) {
			n = measureText(el, s);
			textLens.set(key, n);
		}
		return n;
	}

	function measureText(el, s) {
		const t = el.cloneNode(false);
		t.removeAttribute('id');
		t.setAttribute('class', (el.getAttribute('class') || '').replace(/\bhide\b/, ''));
		t.setAttribute('visibility', 'hidden');
		t.textContent = s;
		el.parentNode.appendChild(t);
		const n = t.getComputedTextLength();
		t.remove();
		return n;
	}

	/* Buttons whose text changes keep the room of their longest text. */
	const alternatives = { search: ['Search', 'Reset Search'], abswitch: ['Show A', 'Show B'],
			       orderbtn: ['Order: name', 'Order: heaviest'],
			       colorswitch: ['Colour by name', 'Colour by change'] };
	const buttonW = new Map();
	function buttonWidth(el) {
		if (!buttonW.has(el)) {
			const texts = alternatives[el.id] || [el.textContent];
			buttonW.set(el, Math.max(...texts.map((t) => textLen(el, t))));
		}
		return buttonW.get(el);
	}

	function put(el, x, y, anchor) {
		el.setAttribute('x', String(x));
		el.removeAttribute('dx');
		el.setAttribute('y', String(y));
		el.setAttribute('text-anchor', anchor);
	}

	/* A note cut to fit w, its whole text in a tooltip. */
	function fitNote(el, w) {
		if (!el.full)
			el.full = el.textContent;
		const len = textLen(el, el.full);
		/* fitLabel measures in the frames' font: scale w to it */
		const ratio = len / (textWidth(el.full, 0, el.full.length) || len || 1);
		el.textContent = len <= w ? el.full : fitLabel(el.full, w / ratio + 6);
		let tip = el.querySelector('title');
		if (!tip) {
			tip = document.createElementNS(NS, 'title');
			el.appendChild(tip);
		}
		tip.textContent = el.full;
	}

	function layoutHeader() {
		if (!headerEl)
			return;
		const W = viewWidth(), fs = fontSize, gap = fs;
		const row = (k) => 2 * fs + 1.5 * fs * k;
		const right = ['search', 'ignorecase', 'fnbutton', 'orderbtn', 'abswitch', 'colorswitch']
			.map(byId).filter(Boolean);
		const rightW = right.reduce((a, el) => a + buttonWidth(el) + gap, -gap);
		const leftEnd = XPAD + buttonWidth(unzoomBtn);
		const rightStart = W - XPAD - rightW;
		const title = byId('title');
		const tw = textLen(title, title.textContent);
		let k = 0;
		if (W / 2 - tw / 2 >= leftEnd + gap && W / 2 + tw / 2 <= rightStart - gap) {
			put(title, W / 2, row(0), 'middle');
		} else if (leftEnd + gap + tw <= rightStart - gap) {
			put(title, leftEnd + gap, row(0), 'start');
		} else {
			put(title, W / 2, row(0), 'middle');
			k = 1;
		}
		put(unzoomBtn, XPAD, row(k), 'start');
		let x = W - XPAD;
		for (const el of right) {
			put(el, x, row(k), 'end');
			x -= buttonWidth(el) + gap;
		}
		const sub = byId('subtitle');
		if (sub) {
			/* long file names: cut to the width, whole in the tooltip */
			fitNote(sub, W - 2 * XPAD);
			put(sub, W / 2, row(++k), 'middle');
		}
		const legend = byId('legend'), note = byId('narrowinfo');
		let lw = 0;
		if (legend) {
			put(legend, XPAD, row(++k), 'start');
			lw = textLen(legend, legend.textContent) + gap;
		}
		if (note) {
			fitNote(note, W - 2 * XPAD);
			const nw = textLen(note, note.textContent);
			if (!legend || XPAD + lw + nw > W - XPAD)
				k++;
			put(note, W - XPAD, row(k), 'end');
		}
		const scale = byId('scale');
		if (scale) {
			const first = scale.querySelector('rect');
			const top = row(++k) - 0.9 * fs;
			scale.setAttribute('transform', 'translate(0,' + (top - Number(first.getAttribute('y'))) + ')');
			const rule = byId('scalerule');
			if (rule.x0 === undefined) {	/* where the file put it: after the swatches */
				rule.x0 = rule.getAttribute('x');
				rule.y0 = rule.getAttribute('y');
			}
			const sx = Number(rule.x0);
			const ruleW = textLen(rule, rule.full || rule.textContent);
			if (sx + ruleW <= W - XPAD) {
				rule.setAttribute('x', rule.x0);
				rule.setAttribute('y', rule.y0);
				if (rule.full)
					rule.textContent = rule.full;
			} else {
				/* its own row under the swatches, from the left */
				rule.setAttribute('x', String(XPAD));
				rule.setAttribute('y', String(Number(first.getAttribute('y')) + fs * 0.9 + 1.5 * fs));
				fitNote(rule, W - 2 * XPAD);
				k++;
			}
		}
		const top = row(k) + 0.9 * fs;
		byId('headerbg').setAttribute('height', String(top - 0.2 * fs));
		for (const v of views)
			v.el.setAttribute('y', String(top));
		const shown = sandwichEl || framesEl;
		shown.setAttribute('y', String(top));
		height = top + Number(shown.getAttribute('height')) + 2.2 * fs;
		if (axisEl) {	/* under the frames; not a sandwich's */
			axisEl.setAttribute('y', String(height - 2.2 * fs));
			axisEl.setAttribute('display', sandwichEl ? 'none' : 'inline');
			if (!sandwichEl)
				height += AXIS_EM * fs;
		}
		const dy = height - 0.7 * fs;
		byId('details').setAttribute('y', String(dy));
		matchedEl.setAttribute('y', String(dy));
		byId('footerbg').setAttribute('y', String(height - 2 * fs));
		setShownHeight(table ? shownHeight : height);
		stick();
	}

	let pxPerUnit = 0;	/* pixels per unit of the picture, 0 until measured */

	/* Keeps the header at the top of the window and the footer at its bottom. */
	function stick() {
		if (!headerEl)
			return;
		if (!(pxPerUnit > 0)) {	/* measured once per size: it lays the picture out */
			const ctm = svg.getScreenCTM();
			pxPerUnit = ctm && ctm.a > 0 ? ctm.a : 1;
		}
		const k = pxPerUnit;
		const sy = scrollTop;
		const down = Math.max(0, sy / k);
		headerEl.setAttribute('transform', down ? 'translate(0,' + down + ')' : '');
		const up = Math.min(0, (sy + window.innerHeight) / k - shownHeight);
		footerEl.setAttribute('transform', up ? 'translate(0,' + up + ')' : '');
	}
	/* read in the scroll event only: elsewhere reading it lays the picture out */
	let scrollTop = window.scrollY || 0;
	window.addEventListener('scroll', () => {
		scrollTop = window.scrollY || 0;
		stick();
	}, { passive: true });

	/* ---- zoom ---- */

	let zoomed = -1;

	/*
	 * ---- detail on zoom: what the first paint merged into grey narrow
	 * frames is drawn from the embedded tree, as a graph of the zoomed frame
	 * alone would show it, down to --minwidth of the zoomed width ----
	 * New frames are appended to F (parents before children, as in the
	 * file) where the narrow frame was, and the narrow frame keeps what is
	 * still too thin; unzooming removes them and restores the first paint.
	 */

	const N0 = N;	/* the frames of the file */
	const detailOn = hasTree && !diff && !svg.hasAttribute('data-chart');
	const minAttr = svg.getAttribute('data-minwidth') || '1';
	const minIsPct = minAttr.endsWith('%');
	const minVal = parseFloat(minAttr) || 0;
	const DETAIL_MAX = 20000;	/* frames added per zoom: keeps a zoom well under 100 ms */
	const frames0H = Number(framesEl.getAttribute('height')) || 0;
	let nameIdx = null;
	let kidsOf = null;	/* frame -> its children in F */
	const changed = [];	/* narrow frames cut down, with what they were */
	let fills = null;

	function indexNames() {
		if (nameIdx)
			return;
		const names = tree().names;
		nameIdx = new Map();
		for (let k = 0; k < names.length; k++)
			nameIdx.set(names[k], k);
	}

	/* The tree node drawn by frame j of F, or -1 (a narrow frame, a name the tree lacks). */
	function nodeOf(j) {
		const f = F[j];
		if (f.node === undefined) {
			if (f.p < 0) {
				f.node = 0;
			} else {
				const up = nodeOf(f.p), nm = nameIdx.get(f.name);
				f.node = -1;
				if (!f.narrow && up >= 0 && nm !== undefined)
					for (let c = up + 1, T = tree(); c < T.end[up]; c = T.end[c])
						if (T.name[c] === nm) {
							f.node = c;
							break;
						}
			}
		}
		return f.node;
	}

	/* Colours by name as the file has them; a name it does not draw gets a warm one of its own. */
	function nameFill(name) {
		if (!fills) {
			fills = new Map();
			for (let j = 0; j < N0; j++)
				if (!F[j].narrow && !fills.has(F[j].name))
					fills.set(F[j].name, F[j].fill);
		}
		const c = fills.get(name);
		if (c)
			return c;
		let h = 0;
		for (let i = 0; i < name.length; i++)
			h = (h * 31 + name.charCodeAt(i)) >>> 0;
		return 'rgb(' + (205 + h % 50) + ',' + ((h >>> 8) % 230) + ',' + ((h >>> 16) % 55) + ')';
	}

	function narrowName(n) {
		return '(' + n + ' narrow frame' + (n === 1 ? '' : 's') + ')';
	}

	function newFrame(p, name, x, w, v, s, node, narrowN) {
		const f0 = F[p];
		const y = f0.y + (svg.hasAttribute('data-icicle') ? frameHeight : -frameHeight);
		const g = document.createElementNS(NS, 'g');
		g.setAttribute('class', narrowN ? 'detail narrow' : 'detail');
		const nm = narrowN ? narrowName(narrowN) : name;
		const title = document.createElementNS(NS, 'title');
		title.textContent = frameTitle(nm, v);
		g.appendChild(title);
		const rect = document.createElementNS(NS, 'rect');
		rect.setAttribute('y', String(y));
		rect.setAttribute('height', String(frameHeight - 1));
		rect.setAttribute('rx', '2');
		const fill = narrowN ? 'rgb(200,200,200)' : nameFill(name);
		rect.setAttribute('fill', fill);
		g.appendChild(rect);
		framesEl.appendChild(g);
		const f = { g: g, rect: rect, text: null, title: title.textContent, fill: fill, name: nm,
			    narrow: !!narrowN, xs: x + '%', ys: String(y), x: x, w: w, y: y, v: v, s: s, p: p,
			    cx: NaN, cw: NaN, state: 0, label: '', node: narrowN ? -1 : node };
		index.set(g, F.length);
		F.push(f);
		kidsOf.get(p).push(F.length - 1);
		kidsOf.set(F.length - 1, []);
		return F.length - 1;
	}

	/* The children of frame j the first paint (or a wider zoom) merged, drawn if wide enough. */
	function expand(j, minG, budget) {
		const T = tree(), f = F[j], t = nodeOf(j);
		if (t < 0 || budget.n <= 0 || !(f.v > 0))
			return;
		const kids = kidsOf.get(j);
		let box = -1, x = f.x;
		const have = new Set();
		for (const k of kids) {
			if (F[k].narrow)
				box = k;
			else {
				have.add(F[k].name);
				x = Math.max(x, F[k].x + F[k].w);
			}
		}
		const per = f.w / f.v;	/* % of the width per sample */
		const missing = [];
		for (let c = t + 1; c < T.end[t]; c = T.end[c])
			if (!have.has(T.names[T.name[c]]))
				missing.push(c);
		if (missing.length) {
			const name = (c) => T.names[T.name[c]];
			missing.sort((a, b) => (byWeight && T.total[a] !== T.total[b] ? T.total[b] - T.total[a]
				: name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
			let restV = T.pruned[t], restN = 0;
			const shown = [];
			for (const c of missing) {
				if (per * T.total[c] >= minG && budget.n > 0) {
					shown.push(c);
					budget.n--;
				} else {
					restV += T.total[c];
					restN++;
				}
			}
			for (const c of shown) {
				const w = per * T.total[c];
				newFrame(j, name(c), x, w, T.total[c], T.self[c], c, 0);
				x += w;
			}
			if (shown.length || box < 0) {
				/* a frame drawn on zoom gets its grey frame as the file's frames have theirs */
				if (box >= 0) {
					const b = F[box];
					if (!b.saved) {
						b.saved = { x: b.x, w: b.w, v: b.v, name: b.name, title: b.title };
						changed.push(box);
					}
					b.x = x;
					b.w = per * restV;
					b.v = restV;
					b.name = narrowName(restN || 1);
					b.title = frameTitle(b.name, restV);
					b.g.querySelector('title').textContent = b.title;
					b.g.classList.toggle('hide', !(restV > 0));
					b.gone = !(restV > 0);
				} else if (restV > 0 && per * restV >= minG) {
					newFrame(j, '', x, per * restV, restV, 0, -1, restN || 1);
				}
			}
		}
		for (const k of kidsOf.get(j))
			if (!F[k].narrow && F[k].w >= minG)
				expand(k, minG, budget);
	}

	/*
	 * Room for rows beyond the file's (the detail, a chart's small lanes
	 * when opened): the frames' box grows, the header and footer follow.
	 */
	function fitRows() {
		let lo = 0, hi = frames0H;
		const grow = (f) => {
			lo = Math.min(lo, f.y);
			hi = Math.max(hi, f.y + frameHeight);
		};
		for (let j = N0; j < F.length; j++)
			grow(F[j]);
		if (lanesOpen)
			for (const j of foldedF)
				grow(F[j]);
		if (lo === 0 && hi === frames0H) {
			framesEl.removeAttribute('viewBox');
		} else {
			framesEl.setAttribute('viewBox', '0 ' + lo + ' ' + framesWidth() + ' ' + (hi - lo));
		}
		if (Number(framesEl.getAttribute('height')) !== hi - lo) {
			framesEl.setAttribute('height', String(hi - lo));
			layoutHeader();
		}
	}

	function clearDetail() {
		if (F.length === N0 && !changed.length)
			return;
		for (let j = N0; j < F.length; j++) {
			index.delete(F[j].g);
			F[j].g.remove();
		}
		F.length = N0;
		N = N0;
		if (hovered >= N0)
			hovered = -1;	/* the pointer was on a frame removed here */
		for (const b of changed) {
			if (b >= N0)
				continue;	/* a grey frame drawn on zoom, removed above */
			const f = F[b];
			Object.assign(f, { x: f.saved.x, w: f.saved.w, v: f.saved.v, name: f.saved.name,
					   title: f.saved.title, gone: false, saved: null });
			f.g.querySelector('title').textContent = f.title;
			f.g.classList.remove('hide');
			f.state = -1;	/* placed again */
		}
		changed.length = 0;
		if (kidsOf)
			for (const [k, list] of kidsOf) {
				if (k >= N0)
					kidsOf.delete(k);
				else
					while (list.length && list[list.length - 1] >= N0)
						list.pop();
			}
		fitRows();
	}

	function detail(i) {
		/* the tree holds the whole recording: no detail in a narrowed time span */
		if (!detailOn || view !== 0 || narrowed)
			return;
		indexNames();
		if (!kidsOf) {
			kidsOf = new Map();
			for (let j = 0; j < F.length; j++) {
				kidsOf.set(j, []);
				if (F[j].p >= 0)
					kidsOf.get(F[j].p).push(j);
			}
		}
		if (i < N0)
			clearDetail();
		const z = F[i];
		const minG = minIsPct ? (minVal * z.w) / 100 : (minVal * z.w) / framesWidth();
		expand(i, minG, { n: DETAIL_MAX });
		N = F.length;
		fitRows();
	}

	/* state: 0 shown, 1 an ancestor of the zoomed frame, 2 hidden */
	function place(f, x, w, state) {
		if (f.gone)
			state = 2;	/* a narrow frame whose whole weight the detail shows */
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
		detail(i);
		const z = F[i];
		if (z.folded && !lanesOpen)
			openLanes(true);
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
		if (shownRe && detailOn)	/* frames drawn or cut down on zoom */
			markMatches(shownRe, shownHit);
		fitAll();
		drawAxis();
		showDetails();
	}

	function unzoom() {
		clearDetail();
		if (shownRe && detailOn)
			markMatches(shownRe, shownHit);
		for (const f of F)
			place(f, f.x, f.w, 0);
		zoomed = -1;
		unzoomBtn.classList.add('hide');
		fitAll();
		drawAxis();
		showDetails();
	}

	/*
	 * ---- flame charts: the small lanes folded into one, opened by a
	 * click on it; the time axis follows the zoom and the width ----
	 */

	const foldedF = [];
	for (let j = 0; j < N0; j++)
		if (F[j].folded)
			foldedF.push(j);
	let lanesOpen = false;

	function openLanes(open) {
		if (open === lanesOpen || !foldedF.length)
			return;
		/* the others lane stays where it was on the screen: the picture grows above it */
		const lane = F.find((f) => f.others && f.state !== 2);
		const y0 = lane ? lane.rect.getBoundingClientRect().top : 0;
		lanesOpen = open;
		framesEl.classList.toggle('open', open);
		if (!open && zoomed >= 0 && F[zoomed].folded)
			unzoom();
		fitRows();
		if (lane)
			window.scrollBy(0, lane.rect.getBoundingClientRect().top - y0);
	}

	const axisEl = byId('axis');
	const axisT0 = axisEl ? Number(axisEl.getAttribute('data-t0')) : 0;
	const axisSpan = axisEl ? Number(axisEl.getAttribute('data-span')) || 1 : 1;
	const AXIS_EM = 1.6, AXIS_TICK_PX = 100;	/* as svg/flame.c draws it */

	/* A time from the start of the recording, in the unit of the chart's length: "1.234 s". */
	function fmtAt(ns) {
		if (axisSpan >= 1e9)
			return (ns / 1e9).toFixed(3) + ' s';
		if (axisSpan >= 1e6)
			return (ns / 1e6).toFixed(3) + ' ms';
		return (ns / 1e3).toFixed(3) + ' \u00b5s';
	}

	/* The start, end and length of a frame of a chart: "0.512 s to 0.730 s, 218.00 ms". */
	function spanText(f) {
		const a = axisT0 + (f.x / 100) * axisSpan, d = (f.w / 100) * axisSpan;
		return fmtAt(a) + ' to ' + fmtAt(a + d) + ', ' + fmtTime(d);
	}

	function axisEl1(name, attrs, text) {
		const e = document.createElementNS(NS, name);
		for (const k in attrs)
			e.setAttribute(k, String(attrs[k]));
		if (text !== undefined)
			e.textContent = text;
		axisEl.appendChild(e);
	}

	/* Ticks of 1, 2 or 5 times a power of ten, for the time shown (the zoomed frame's). */
	function drawAxis() {
		if (!axisEl)
			return;
		const z = zoomed >= 0 ? F[zoomed] : null;
		const from = axisT0 + ((z ? z.x : 0) / 100) * axisSpan;
		const range = ((z ? z.w : 100) / 100) * axisSpan;
		const px = framesWidth();
		const raw = range / Math.max(1, px / AXIS_TICK_PX);
		const p = Math.pow(10, Math.floor(Math.log10(raw)));
		const step = raw <= p ? p : raw <= 2 * p ? 2 * p : raw <= 5 * p ? 5 * p : 10 * p;
		const unit = range >= 1e9 ? 1e9 : range >= 1e6 ? 1e6 : 1e3;
		const dec = step >= unit ? 0 : Math.ceil(-Math.log10(step / unit) - 1e-9);
		const uname = unit === 1e9 ? ' s' : unit === 1e6 ? ' ms' : ' \u00b5s';
		while (axisEl.lastChild)
			axisEl.lastChild.remove();
		axisEl1('line', { class: 'axisline', x1: 0, x2: '100%', y1: 0.5, y2: 0.5 });
		for (let k = Math.ceil(from / step); k * step <= (from + range) * (1 + 1e-9); k++) {
			const t = k * step, x = ((t - from) / range) * 100 + '%';
			axisEl1('line', { x1: x, x2: x, y1: 0, y2: fontSize * 0.4 });
			axisEl1('text', { x: x, y: fontSize * 1.3, 'text-anchor': 'middle' },
				(t / unit).toFixed(dec) + uname);
		}
	}

	/*
	 * ---- order at view time: siblings by name (graphs compare) or heaviest
	 * first; narrow frames stay last.  Frames keep their rows; only x moves.
	 */

	const orderBtn = byId('orderbtn');
	let byWeight = !!orderBtn && orderBtn.textContent === 'Order: heaviest';

	function reorder(v, heavy) {
		const kids = new Map();
		for (let j = 0; j < v.F.length; j++) {
			const p = v.F[j].p;
			if (p < 0)
				continue;
			if (!kids.has(p))
				kids.set(p, []);
			kids.get(p).push(j);
		}
		const cmp = (a, b) => {
			const x = v.F[a], y = v.F[b];
			if (x.narrow !== y.narrow)
				return x.narrow ? 1 : -1;
			if (heavy && x.v !== y.v)
				return y.v - x.v;
			return x.name < y.name ? -1 : x.name > y.name ? 1 : 0;
		};
		/* parents come before their children in the file */
		for (let j = 0; j < v.F.length; j++) {
			const list = kids.get(j);
			if (!list)
				continue;
			list.sort(cmp);
			let x = v.F[j].x;
			for (const c of list) {
				const f = v.F[c];
				f.x = x;
				f.xs = x + '%';
				x += f.w;
			}
		}
	}

	function setOrder(heavy) {
		if (!orderBtn || heavy === byWeight)
			return;
		byWeight = heavy;
		const z = zoomed;
		for (const v of views)
			reorder(v, heavy);
		orderBtn.textContent = heavy ? 'Order: heaviest' : 'Order: name';
		if (z >= 0)
			zoom(z);
		else
			unzoom();
	}

	/* ---- search ---- */

	let term = '';
	let ignoreCase = false;
	let matches = [];	/* the matched functions, heaviest first */

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
		searchBtn.classList.toggle('active', !!re);
		searchBtn.textContent = re ? 'Reset Search' : 'Search';
		matchedEl.classList.toggle('button', !!re);
		matches = [];
		if (!re) {
			markMatches(null, null);
			matchedEl.textContent = ' ';
			if (tableKind === 'matched')
				showTable(false);
			return;
		}
		const r = treeSearch(re);
		markMatches(re, r.hit);
		matches = r.fns;
		const n = r.fns.length;
		/* what the file left out may hold more matches: say how many at most */
		matchedEl.textContent = 'Matched: ' + pct(r.sum, total) +
			(r.unknown > 0 ? ' to ' + pct(r.sum + r.unknown, total) : '') +
			' (' + n + ' function' + (n === 1 ? '' : 's') + ')';
		if (tableKind === 'matched')
			showTable('matched');
	}

	let shownRe = null, shownHit = null;	/* the search the frames show */
	let holds = null;	/* for shownHit: the subtree of a tree node holds a hit */

	/*
	 * Magenta for matching frames, and for grey frames that merge a
	 * matching function somewhere in what they hold: the parent's tree
	 * children not drawn beside them, whose subtrees hold a hit.  A chart's
	 * grey frames merge runs of time, not children: they are left grey.
	 */
	function markMatches(re, hit) {
		if (hit !== shownHit)
			holds = null;
		shownRe = re;
		shownHit = hit;
		let drawn = null;
		const chart = svg.hasAttribute('data-chart');
		const grey = re && hasTree && !chart && F.some((f) => f.narrow && !f.gone);
		if (grey && !holds) {
			indexNames();
			const T = tree();
			holds = new Uint8Array(T.n);
			for (let i = T.n - 1; i > 0; i--) {
				if (hit[T.name[i]])
					holds[i] = 1;
				if (holds[i])
					holds[T.parent[i]] = 1;
			}
		}
		if (grey) {
			drawn = new Map();	/* frame -> the names of its drawn children */
			for (const f of F)
				if (!f.narrow && f.p >= 0) {
					if (!drawn.has(f.p))
						drawn.set(f.p, new Set());
					drawn.get(f.p).add(f.name);
				}
		}
		const mergedHit = (f) => {
			const t = f.p >= 0 ? nodeOf(f.p) : -1;
			if (t < 0)
				return false;
			const T = tree(), have = drawn.get(f.p);
			for (let c = t + 1; c < T.end[t]; c = T.end[c])
				if (holds[c] && !(have && have.has(T.names[T.name[c]])))
					return true;
			return false;
		};
		for (const f of F)
			f.g.classList.toggle('match', !!re && !f.others &&
				(f.narrow ? !!drawn && mergedHit(f) : re.test(f.name)));
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

	/*
	 * ---- the sandwich view: one function's callers merged above it and its
	 * callees merged below it, from every place it occurs in the tree ----
	 * A sample is counted once: at the function's outermost occurrence on
	 * its stack (recursion below it stays in the callees, as in a graph of
	 * that function alone).  Shown in place of the frames; Back returns.
	 */

	let sandwichName = null;
	let sandwichEl = null;
	let sandwichF = [];	/* the frames drawn, as F's entries for the details line */

	/*
	 * A merged tree in typed arrays: node 0 is the root; each node's name
	 * index, weight, self weight, parent and depth.  A node's child of a
	 * name is found in an open-addressing table keyed by parent and name:
	 * a Map and an object per node were most of a big sandwich's time and
	 * garbage.  It never has more nodes than the tree.
	 */
	const mtrees = [];	/* kept for the next sandwich: megabytes of arrays make garbage */
	function mtree(fn, which) {
		let M = mtrees[which];
		if (!M) {
			const cap = tree().n + 1;
			let size = 1024, bits = 10;
			for (; size < 2 * cap; bits++)
				size *= 2;
			M = { n: 1, name: new Int32Array(cap), parent: new Int32Array(cap), d: new Int32Array(cap),
			      v: new Float64Array(cap), s: new Float64Array(cap), depth: 0,
			      slots: new Int32Array(size), mask: size - 1, shift: 32 - bits };
			mtrees[which] = M;
		} else {
			M.slots.fill(0);
			M.v.fill(0, 0, M.n);
			M.s.fill(0, 0, M.n);
			M.n = 1;
			M.depth = 0;
		}
		M.name[0] = fn;
		M.parent[0] = -1;
		return M;
	}
	function mkid(M, p, nm) {
		/* the high bits of a product depend on every bit of parent and name */
		let h = Math.imul(Math.imul(p, 0x9e3779b1) ^ nm, 0x85ebca6b) >>> M.shift;
		for (;; h = (h + 1) & M.mask) {
			const k = M.slots[h] - 1;
			if (k < 0)
				break;
			if (M.name[k] === nm && M.parent[k] === p)
				return k;
		}
		const k = M.n++;
		M.slots[h] = k + 1;
		M.name[k] = nm;
		M.parent[k] = p;
		const d = M.d[p] + 1;
		M.d[k] = d;
		if (d > M.depth)
			M.depth = d;
		return k;
	}

	/*
	 * The merged callers (an inverted tree) and callees of name index fn,
	 * and the weight the file left out that may hold more of it.  One pass:
	 * an outermost occurrence's subtree is merged, then skipped.
	 */
	function sandwichTrees(fn) {
		const T = tree(), cols = T.cols, col = treeCol();
		const down = mtree(fn, 0), up = mtree(fn, 1);
		const at = new Int32Array(T.n);	/* merged callee node of each node of the occurrence, by offset */
		let unknown = Math.max(0, total - T.total[col]);
		for (let i = 1; i < T.n;) {
			if (T.name[i] !== fn) {
				unknown += T.pruned[i * cols + col];
				i++;
				continue;
			}
			const v = T.total[i * cols + col];
			down.v[0] += v;
			down.s[0] += T.self[i * cols + col];
			up.v[0] += v;
			let m = 0;
			for (let a = T.parent[i]; a > 0; a = T.parent[a]) {
				m = mkid(up, m, T.name[a]);
				up.v[m] += v;
			}
			at[0] = 0;
			for (let j = i + 1; j < T.end[i]; j++) {
				const k = mkid(down, at[T.parent[j] - i], T.name[j]);
				down.v[k] += T.total[j * cols + col];
				down.s[k] += T.self[j * cols + col];
				if (T.name[j] === fn)
					down.s[0] += T.self[j * cols + col];
				at[j - i] = k;
			}
			i = T.end[i];
		}
		return { callees: down, callers: up, unknown: unknown };
	}

	/* Each node's children, for the nodes that have some. */
	function kidLists(M) {
		const kids = new Array(M.n);
		for (let k = 1; k < M.n; k++) {
			const p = M.parent[k];
			if (kids[p])
				kids[p].push(k);
			else
				kids[p] = [k];
		}
		return kids;
	}

	function sandwichFrame(parent, name, v, s, x, w, y, role) {
		const g = document.createElementNS(NS, 'g');
		g.setAttribute('class', role);
		const title = document.createElementNS(NS, 'title');
		title.textContent = frameTitle(name, v);
		g.appendChild(title);
		const rect = document.createElementNS(NS, 'rect');
		rect.setAttribute('x', x + '%');
		rect.setAttribute('y', String(y));
		rect.setAttribute('width', w + '%');
		rect.setAttribute('height', String(frameHeight - 1));
		rect.setAttribute('fill', nameFill(name));
		rect.setAttribute('rx', '2');
		g.appendChild(rect);
		parent.appendChild(g);
		const f = { g: g, rect: rect, text: null, title: title.textContent, name: name,
			    narrow: false, x: x, w: w, y: y, cx: x, cw: w, v: v, s: s, p: -1,
			    state: 0, label: '', role: role };
		sandwichF.push(f);
		return f;
	}

	/*
	 * Draws node m's children from row y, each a row further by dir (-1 up,
	 * 1 down), left to right by name or heaviest first as the order button says.
	 */
	function drawKids(parent, M, kids, m, x, w, y, dir, minW) {
		const list = kids[m];
		if (!list)
			return;
		const names = tree().names;
		list.sort((a, b) => {
			if (byWeight && M.v[a] !== M.v[b])
				return M.v[b] - M.v[a];
			const p = names[M.name[a]], q = names[M.name[b]];
			return p < q ? -1 : p > q ? 1 : 0;
		});
		let cx = x;
		for (const k of list) {
			const kw = (M.v[k] / M.v[m]) * w;
			if (kw >= minW) {
				sandwichFrame(parent, names[M.name[k]], M.v[k], M.s[k], cx, kw, y,
					      dir < 0 ? 'caller' : 'callee');
				drawKids(parent, M, kids, k, cx, kw, y + dir * frameHeight, dir, minW);
			}
			cx += kw;
		}
	}

	function hideSandwich() {
		if (!sandwichEl)
			return;
		sandwichEl.remove();
		sandwichEl = null;
		sandwichName = null;
		sandwichF = [];
		framesEl.removeAttribute('display');
		if (zoomed < 0)
			unzoomBtn.classList.add('hide');
		hovered = -1;
		layoutHeader();
		showDetails();
	}

	function showSandwich(name) {
		if (!hasTree)
			return false;
		const fn = tree().names.indexOf(name);
		if (fn < 0)
			return false;
		if (sandwichEl)
			hideSandwich();
		if (table)
			showTable(false);
		const { callers, callees, unknown } = sandwichTrees(fn);
		const up = callers.depth, down = callees.depth;
		const el = document.createElementNS(NS, 'svg');
		el.setAttribute('id', 'sandwich');
		el.setAttribute('class', 'frames');
		el.setAttribute('x', String(XPAD));
		el.setAttribute('y', framesEl.getAttribute('y'));
		el.setAttribute('width', String(framesWidth()));
		el.setAttribute('height', String((up + down + 3) * frameHeight));
		/* row 0: what is shown; then the callers, the function, its callees */
		const unit = countname === 'ns' ? '' : ' ' + countname;
		const cap = document.createElementNS(NS, 'text');
		cap.setAttribute('id', 'sandwichinfo');
		cap.setAttribute('x', '0');
		cap.setAttribute('y', String(frameHeight * 0.75));
		const tv = callees.v[0], ts = callees.s[0];
		cap.textContent = 'Sandwich of ' + name + ': total ' + fmtCount(tv) + unit + ', ' +
			pct(tv, total) + (unknown > 0 ? ' or more (part of the tree was left out)' : '') +
			'; self ' + fmtCount(ts) + unit + ', ' + pct(ts, total) +
			'. Callers above, callees below; Back returns.';
		el.appendChild(cap);
		sandwichF = [];
		/* --minwidth, as the graph has it */
		const minW = minIsPct ? minVal : (minVal / Math.max(1, framesWidth())) * 100;
		const mid = (up + 1) * frameHeight;
		const f = sandwichFrame(el, name, tv, ts, 0, 100, mid, 'self');
		f.g.classList.add('sandwiched');
		if (callers.v[0] > 0)
			drawKids(el, callers, kidLists(callers), 0, 0, 100, mid - frameHeight, -1, minW);
		if (tv > 0)
			drawKids(el, callees, kidLists(callees), 0, 0, 100, mid + frameHeight, 1, minW);
		framesEl.parentNode.insertBefore(el, framesEl);
		framesEl.setAttribute('display', 'none');
		sandwichEl = el;
		sandwichName = name;
		el.addEventListener('mouseover', (ev) => {
			hovered = sandwichOf(ev);
			showDetails();
		});
		el.addEventListener('mouseout', () => {
			hovered = -1;
			showDetails();
		});
		el.addEventListener('click', (ev) => {
			const j = sandwichOf(ev);
			if (j >= 0 && sandwichF[j].name !== sandwichName && showSandwich(sandwichF[j].name))
				saveState(true);
		});
		unzoomBtn.classList.remove('hide');
		hovered = -1;
		layoutHeader();
		const width = framesWidth();
		for (const s of sandwichF)
			setLabel(s, width);
		showDetails();
		return true;
	}

	function sandwichOf(ev) {
		const g = ev.target.closest ? ev.target.closest('g') : null;
		for (let j = 0; g && j < sandwichF.length; j++)
			if (sandwichF[j].g === g)
				return j;
		return -1;
	}

	/* ---- the URL keeps zoom and search; zooms are history steps ---- */

	function stateUrl() {
		const u = new URL(window.location.href);
		for (const k of ['x', 'y', 'd', 's', 'i', 'view', 'order', 'sw', 'lanes'])
			u.searchParams.delete(k);
		if (lanesOpen)
			u.searchParams.set('lanes', 'all');
		if (orderBtn && byWeight !== (orderBtn.getAttribute('data-heavy0') === '1'))
			u.searchParams.set('order', byWeight ? 'heaviest' : 'name');
		if (view === 1)
			u.searchParams.set('view', 'a');
		if (zoomed >= 0) {
			/* a frame drawn on zoom: the file's frame under it, then the names up to it */
			const path = [];
			let j = zoomed;
			for (; j >= N0; j = F[j].p)
				path.unshift(F[j].name);
			u.searchParams.set('x', F[j].xs);
			u.searchParams.set('y', F[j].ys);
			for (const name of path)
				u.searchParams.append('d', name);
		}
		if (term)
			u.searchParams.set('s', term);
		if (ignoreCase)
			u.searchParams.set('i', '1');
		if (sandwichName !== null)
			u.searchParams.set('sw', sandwichName);
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

	/*
	 * Zooms into frame j of the file, then down through the frames its
	 * zoom draws, by name: a link to a frame that only the detail drew.
	 * Stops at the last name found.
	 */
	function zoomPath(j, path) {
		zoom(j);
		for (const name of path) {
			const k = kidsOf ? kidsOf.get(zoomed).find((c) => !F[c].narrow && F[c].name === name) : undefined;
			if (k === undefined)
				break;
			zoom(k);
		}
	}

	function findFrame(xs, ys) {
		for (let j = 0; j < N0; j++)
			if (F[j].xs === xs && F[j].ys === ys)
				return j;
		return -1;
	}

	function applyUrl(first) {
		const q = new URL(window.location.href).searchParams;
		showView(q.get('view') === 'a' ? 1 : 0);
		if (orderBtn) {
			const o = q.get('order');
			setOrder(o ? o === 'heaviest' : orderBtn.getAttribute('data-heavy0') === '1');
		}
		openLanes(q.get('lanes') === 'all');
		const j = q.has('x') ? findFrame(q.get('x'), q.get('y')) : -1;
		const path = q.getAll('d');
		if (j >= 0 && path.length)
			zoomPath(j, path);
		else if (j >= 0 && j !== zoomed)
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
		const sw = q.get('sw');
		if (sw !== null && sw !== sandwichName)
			showSandwich(sw);
		else if (sw === null)
			hideSandwich();
	}

	/* ---- differential graphs: the shapes of B and A, colours by change or name ---- */

	function showView(k) {
		if (k === view || k >= views.length)
			return;
		hideSandwich();
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
		let d = (f.others ? '' : nametype + ' ') + f.name + ' (' + fmtCount(f.v) + unit +
			', ' + pct(f.v, total);
		if (!f.narrow && !f.others)
			d += '; self ' + fmtCount(f.s) + ', ' + pct(f.s, total);
		if (zoomed >= 0)
			d += '; ' + pct(f.v, F[zoomed].v) + ' of the zoomed frame';
		if (axisEl)
			d += '; ' + spanText(f);
		if (f.others)
			d += lanesOpen ? '; click to fold them' : '; click to show them';
		return d + ')';
	}

	/* A caller: its samples through the function; a callee: its samples under it, and self. */
	function describeSandwich(f) {
		const unit = countname === 'ns' ? '' : ' ' + countname;
		const of = sandwichF[0].v;
		let d = (f.role === 'caller' ? 'Caller: ' : f.role === 'callee' ? 'Callee: ' : nametype + ' ') +
			f.name + ' (' + fmtCount(f.v) + unit + ', ' + pct(f.v, total);
		if (f.role !== 'caller')
			d += '; self ' + fmtCount(f.s) + ', ' + pct(f.s, total);
		if (f.role !== 'self')
			d += '; ' + pct(f.v, of) + ' of ' + sandwichName;
		return d + ')';
	}

	let hovered = -1;
	/* The details line, cut where Matched begins. */
	function showDetails() {
		if (!details)
			return;
		const d = hovered < 0 ? ' ' : sandwichEl ? describeSandwich(sandwichF[hovered])
			: describe(F[hovered]);
		/* measured with the frames' character widths: no layout per hover */
		const mt = matchedEl.textContent;
		const m = mt.trim() ? textWidth(mt, 0, mt.length) + fontSize : 0;
		details.textContent = fitLabel(d, viewWidth() - 2 * XPAD - m + 6) || ' ';
	}

	function frameOf(ev) {
		const g = ev.target.closest ? ev.target.closest('g') : null;
		return g && index.has(g) ? index.get(g) : -1;
	}

	function onClick(ev) {
		const j = frameOf(ev);
		if (j >= 0 && F[j].others) {
			openLanes(!lanesOpen);
			showDetails();
			saveState(true);
			return;
		}
		if (j < 0 || F[j].narrow)
			return;
		if (ev.altKey || ev.ctrlKey || ev.metaKey) {
			/* a modified click: the function's sandwich */
			if (showSandwich(F[j].name))
				saveState(true);
			return;
		}
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
		if (sandwichEl)
			hideSandwich();
		else
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
	if (orderBtn) {
		orderBtn.setAttribute('data-heavy0', byWeight ? '1' : '0');	/* the file's order */
		orderBtn.addEventListener('click', () => {
			setOrder(!byWeight);
			saveState(true);
		});
	}
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
		} else if (ev.key === '/' && !ctrl && !ev.altKey) {
			ev.preventDefault();
			askSearch();
		} else if (ev.key === 'Escape') {
			/* one thing at a time: the panel, the search, then the zoom */
			if (table) {
				showTable(false);
			} else if (term) {
				search('');
				saveState(false);
			} else if (sandwichEl) {
				hideSandwich();
				saveState(true);
			} else if (zoomed >= 0) {
				unzoom();
				saveState(true);
			}
		} else if ((ev.key === 'Enter' || ev.key === ' ') && ev.target.getAttribute &&
			   ev.target.getAttribute('role') === 'button') {
			ev.preventDefault();
			ev.target.dispatchEvent(new MouseEvent('click', { bubbles: true }));
		}
	});

	/* ---- the top functions table ---- */

	let table = null;
	let tableKind = null;	/* what the panel shows: 'fn', 'matched' or null */
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

	/* A panel at the top right of the frames, the texts of its first line given. */
	function panel(id, nrows) {
		const lh = fontSize * 1.6;
		const width = Math.min(640, framesWidth());
		const x0 = framesWidth() + XPAD - width;
		const y0 = Number(framesEl.getAttribute('y')) || 0;
		const g = document.createElementNS(NS, 'g');
		g.setAttribute('id', id);
		g.setAttribute('class', 'table');
		const bg = document.createElementNS(NS, 'rect');
		bg.setAttribute('class', 'panel');
		bg.setAttribute('x', String(x0));
		bg.setAttribute('y', String(y0));
		bg.setAttribute('width', String(width));
		bg.setAttribute('height', String(lh * (nrows + 1.5)));
		g.appendChild(bg);
		return { g: g, lh: lh, width: width, x0: x0, y: y0 + lh };
	}

	/* A row of a panel: two numbers and a name; the whole row is the hit target. */
	function panelRow(P, a, b, name, onClick, onSandwich) {
		P.y += P.lh;
		const row = document.createElementNS(NS, 'g');
		row.setAttribute('class', 'row');
		/* gaps between the texts are part of the target; the texts are decoration */
		const hit = document.createElementNS(NS, 'rect');
		hit.setAttribute('class', 'hit');
		hit.setAttribute('x', String(P.x0));
		hit.setAttribute('y', String(P.y - P.lh * 0.75));
		hit.setAttribute('width', String(P.width));
		hit.setAttribute('height', String(P.lh));
		row.appendChild(hit);
		tableText(row, P.x0 + 80, P.y, a, null, 'end');
		tableText(row, P.x0 + 160, P.y, b, null, 'end');
		const sw = onSandwich ? 70 : 0;
		tableText(row, P.x0 + 175, P.y, fitLabel(name, P.width - 180 - sw) || '..', null, null);
		if (onSandwich) {
			const t = tableText(row, P.x0 + P.width - 8, P.y, 'sandwich', 'sw button', 'end');
			t.setAttribute('role', 'button');
			t.setAttribute('tabindex', '0');
			t.addEventListener('click', (ev) => {
				ev.stopPropagation();
				onSandwich();
			});
		}
		const title = document.createElementNS(NS, 'title');
		title.textContent = name;
		row.appendChild(title);
		row.addEventListener('click', onClick);
		P.g.appendChild(row);
	}

	function sandwichRow(name) {
		return () => {
			if (showSandwich(name))
				saveState(true);
		};
	}

	function searchRow(name) {
		return () => {
			showTable(false);
			search('^' + escapeRegExp(name) + '$');
			saveState(false);
		};
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
		const P = panel('fntable', shown.length);
		const sortCol = (key, label, x) => {
			const t = tableText(P.g, x, P.y, label, 'head sort', 'end');
			t.addEventListener('click', (ev) => {
				ev.stopPropagation();
				tableSort = key;
				showTable(false);
				showTable('fn');
			});
		};
		const [ks, kt] = diff ? ['ds', 'dt'] : ['s', 't'];
		const suffix = diff ? ' chg' : '';
		sortCol(ks, (tableSort === ks ? '\u25bc ' : '') + 'Self' + suffix, P.x0 + 80);
		sortCol(kt, (tableSort === kt ? '\u25bc ' : '') + 'Total' + suffix, P.x0 + 160);
		tableText(P.g, P.x0 + 175, P.y, 'Function', 'head');
		for (const r of shown)
			panelRow(P, diff ? fmtChange(r.ds) : pct(r.s, total),
				 diff ? fmtChange(r.dt) : pct(r.t, total), r.name, searchRow(r.name),
				 hasTree ? sandwichRow(r.name) : null);
		return P.g;
	}

	/* The functions the search matched, with their totals (each sample once). */
	function buildMatchList() {
		const shown = matches.slice(0, 25);
		const more = matches.length - shown.length;
		const P = panel('matchlist', shown.length + (more > 0 ? 1 : 0));
		tableText(P.g, P.x0 + 80, P.y, 'Samples', 'head', 'end');
		tableText(P.g, P.x0 + 160, P.y, 'Total', 'head', 'end');
		tableText(P.g, P.x0 + 175, P.y, 'Matched function', 'head');
		for (const r of shown)
			panelRow(P, fmtCount(r.t), pct(r.t, total), r.name, searchRow(r.name), sandwichRow(r.name));
		if (more > 0) {
			P.y += P.lh;
			tableText(P.g, P.x0 + 175, P.y, 'and ' + more + ' more', null, null);
		}
		return P.g;
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

	/* on: false, 'fn' (the top functions) or 'matched' (the search's functions) */
	function showTable(on) {
		if (table) {
			table.remove();
			table = null;
		}
		tableKind = on || null;
		if (on) {
			table = on === 'matched' ? buildMatchList() : buildTable();
			svg.appendChild(table);
			const panelEl = table.querySelector('.panel');
			setShownHeight(Number(panelEl.getAttribute('y')) +
				       Number(panelEl.getAttribute('height')) + fontSize);
		} else {
			setShownHeight(height);
		}
		fnBtn.classList.toggle('active', on === 'fn');
		matchedEl.classList.toggle('active', on === 'matched');
	}

	fnBtn.addEventListener('click', () => showTable(tableKind === 'fn' ? false : 'fn'));
	matchedEl.addEventListener('click', () => {
		if (term)
			showTable(tableKind === 'matched' ? false : 'matched');
	});

	/* ---- the memory timeline: narrowing the graph to a span of time ---- */

	const rssEl = byId('rss');
	const spans = [];	/* [bucket, [frame, weight, ...]] */
	if (rssEl && rssEl.hasAttribute('data-spans') && !diff) {
		for (const part of rssEl.getAttribute('data-spans').split(';')) {
			const c = part.indexOf(':');
			if (c < 0)
				continue;
			const cells = [];
			for (const item of part.slice(c + 1).split(',')) {
				const e = item.indexOf('=');
				cells.push(Number(item.slice(0, e)), Number(item.slice(e + 1)));
			}
			spans.push([Number(part.slice(0, c)), cells]);
		}
	}
	const base = F.map((f) => ({ x: f.x, w: f.w, v: f.v }));
	const wholeTotal = total;
	let narrowed = null;	/* [from, to] in ns, or null */
	let spanRect = null;

	/* The frames' weights within [t0, t1): each bucket's leaves added up to the root. */
	function narrowTo(t0, t1) {
		clearDetail();	/* the frames of the first paint only */
		const step = Number(rssEl.getAttribute('data-span-ns')) || 1e8;
		const v = new Float64Array(N);
		for (const [b, cells] of spans) {
			if ((b + 1) * step <= t0 || b * step >= t1)
				continue;
			for (let k = 0; k < cells.length; k += 2)
				for (let j = cells[k]; j >= 0 && j < N; j = F[j].p)
					v[j] += cells[k + 1];
		}
		if (!(v[0] > 0))
			return false;
		/* siblings keep their order; each starts where the one before ends */
		const order = F.map((f, j) => j).sort((a, b) => base[a].x - base[b].x);
		const next = new Float64Array(N);
		for (const j of order) {
			const f = F[j];
			f.v = v[j];
			f.w = (v[j] / v[0]) * 100;
			f.x = f.p < 0 ? 0 : next[f.p] + F[f.p].x;
			if (f.p >= 0)
				next[f.p] += f.w;
		}
		total = v[0];
		narrowed = [t0, t1];
		return true;
	}

	function widen() {
		clearDetail();
		F.forEach((f, j) => {
			f.x = base[j].x;
			f.w = base[j].w;
			f.v = base[j].v;
		});
		total = wholeTotal;
		narrowed = null;
	}

	function redraw() {
		for (const f of F)
			place(f, f.x, f.w, f.v > 0 ? 0 : 2);
		zoomed = -1;
		unzoomBtn.classList.add('hide');
		fitAll();
		showDetails();
	}

	function showSpan(x0, x1) {
		if (!spanRect) {
			spanRect = document.createElementNS(NS, 'rect');
			spanRect.setAttribute('class', 'rssspan');
			spanRect.setAttribute('y', '0');
			spanRect.setAttribute('height', '100');
			rssEl.appendChild(spanRect);
		}
		spanRect.setAttribute('x', String(Math.min(x0, x1)));
		spanRect.setAttribute('width', String(Math.max(Math.abs(x1 - x0), 2)));
		spanRect.style.display = x0 === null ? 'none' : '';
	}

	/* x in the timeline's coordinates (0 to 1000) of a mouse event */
	function rssX(ev) {
		const r = rssEl.getBoundingClientRect();
		return Math.min(1000, Math.max(0, ((ev.clientX - r.left) / (r.width || 1)) * 1000));
	}

	if (rssEl && spans.length) {
		const t0 = Number(rssEl.getAttribute('data-start'));
		const t1 = Number(rssEl.getAttribute('data-end'));
		const toTime = (x) => t0 + (x / 1000) * (t1 - t0);
		let down = null;
		rssEl.addEventListener('mousedown', (ev) => {
			down = rssX(ev);
			ev.preventDefault();
		});
		rssEl.addEventListener('mousemove', (ev) => {
			if (down !== null)
				showSpan(down, rssX(ev));
		});
		/* the drag may end outside the timeline */
		window.addEventListener('mouseup', (ev) => {
			if (down === null)
				return;
			let a = Math.min(down, rssX(ev)), b = Math.max(down, rssX(ev));
			down = null;
			if (b - a < 3) {
				if (narrowed) {	/* a click on a narrowed graph shows it whole */
					widen();
					showSpan(null, null);
					spanRect.style.display = 'none';
					redraw();
					return;
				}
				/* a click alone: the tenth of the recording around it */
				a = Math.max(0, a - 50);
				b = Math.min(1000, b + 50);
			}
			showSpan(a, b);
			widen();
			if (!narrowTo(toTime(a), toTime(b)))
				widen();
			redraw();
		});
	}

	/* ---- start ---- */

	measureChars();
	if (fluid) {
		resize();
	} else {
		layoutHeader();
		fitAll();
		drawAxis();
	}
	applyUrl(true);
	/* the tree once the first paint is on screen, so the first click need not wait for it */
	if (hasTree && !treeData) {
		if (window.requestIdleCallback)
			window.requestIdleCallback(() => detailOn ? indexNames() : tree(), { timeout: 3000 });
		else
			window.setTimeout(() => detailOn ? indexNames() : tree(), 200);
	}
	window.cprofFlame = {
		frames: N, zoomed: () => zoomed, view: () => (view ? 'A' : 'B'),
		sandwich: () => sandwichName,
		/* for tests: narrow to [t0, t1) ns (null: the whole recording) */
		narrow: (t0, t1) => {
			widen();
			if (t0 !== null && !narrowTo(t0, t1))
				widen();
			redraw();
			return total;
		},
	};
})();
