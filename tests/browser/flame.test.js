#!/usr/bin/env node
/*
 * cprof's flame graph SVGs in headless Chromium: what a user sees and does.
 *
 * usage: node flame.test.js DIR FOLDED
 *   DIR holds the SVGs made by tests/e2e/flame-browser.sh from FOLDED
 *   (flame.svg, icicle.svg, fixed.svg, hostile.svg, narrow.svg, preset.svg).
 * Expected shares are computed here from FOLDED, independently of cprof.
 */
'use strict';
const { readFolded, check, frame, text, framesWidth, openPage: open, search, run, overlaps } =
	require('./helpers');

const [dir, foldedPath] = process.argv.slice(2);
if (!dir || !foldedPath) {
	console.error('usage: node flame.test.js DIR FOLDED');
	process.exit(2);
}
const openPage = (browser, name, query) => open(browser, dir, name, query);

/* The oracle: stacks of the folded file, and the share a search should match. */
const stacks = readFolded(foldedPath);
const total = stacks.reduce((a, s) => a + s.count, 0);
function expectedShare(re) {
	const hit = stacks.filter((s) => s.frames.some((f) => re.test(f)));
	return ((100 * hit.reduce((a, s) => a + s.count, 0)) / total).toFixed(2) + '%';
}
/* Each function's total: the samples of the stacks it is on, recursion once. */
function totals(re) {
	const t = new Map();
	for (const s of stacks)
		for (const f of new Set(s.frames.filter((x) => re.test(x))))
			t.set(f, (t.get(f) || 0) + s.count);
	return t;
}
/* The Matched line: exact share, then how many functions matched. */
function expectedMatch(re) {
	const n = totals(re).size;
	return 'Matched: ' + expectedShare(re) + ` (${n} function${n === 1 ? '' : 's'})`;
}

const tests = {
	async 'hover shows name, samples, share and self in the details line'(b) {
		const page = await openPage(b, 'flame.svg');
		const f = await frame(page, 'parse');
		await page.mouse.move(f.cx, f.cy);
		const d = await text(page, 'details');
		const parse = stacks.filter((s) => s.frames[1] === 'parse').reduce((a, s) => a + s.count, 0);
		const want = `Function: parse (${parse} samples, ${(100 * parse / total).toFixed(2)}%; self 0`;
		check(d.startsWith(want), `details '${d}', expected it to start with '${want}'`);
		return page;
	},

	async 'a click zooms: the frame takes the full width, callers fade, Reset Zoom restores'(b) {
		const page = await openPage(b, 'flame.svg');
		const before = await frame(page, 'eval');
		const fw = await framesWidth(page);
		check(before.pxWidth < fw * 0.9, 'eval is not narrower than the graph to begin with');
		await page.mouse.click(before.cx, before.cy);
		const z = await frame(page, 'eval');
		check(z.width === '100%' && Math.abs(z.pxWidth - fw) < 1,
		      `zoomed width ${z.width} (${z.pxWidth}px), graph ${fw}px`);
		const main = await frame(page, 'main');
		check(main.parent && !main.hidden, 'the caller main is not kept at 50% opacity');
		check((await frame(page, 'print')).hidden, 'a sibling of the zoomed frame is still shown');
		await page.mouse.move(z.cx, z.cy);
		check((await text(page, 'details')).includes('100.00% of the zoomed frame'),
		      'details do not give the share of the zoomed frame');
		check(!(await page.evaluate(() => document.getElementById('unzoom').classList.contains('hide'))),
		      'Reset Zoom is not offered');
		await page.click('#unzoom');
		const after = await frame(page, 'eval');
		check(after.width === before.width && Math.abs(after.pxWidth - before.pxWidth) < 0.5,
		      `after Reset Zoom eval is ${after.width}, was ${before.width}`);
		check(!(await frame(page, 'print')).hidden, 'print stays hidden after Reset Zoom');
		return page;
	},

	async 'the Back button undoes a zoom'(b) {
		const page = await openPage(b, 'flame.svg');
		const before = await frame(page, 'print');
		await page.mouse.click(before.cx, before.cy);
		check((await frame(page, 'print')).width === '100%', 'click did not zoom');
		check(page.url().includes('x='), `zoom is not in the URL: ${page.url()}`);
		const inner = await frame(page, 'format_number');
		await page.mouse.click(inner.cx, inner.cy);
		check((await frame(page, 'format_number')).width === '100%', 'second zoom failed');
		await page.goBack();
		await page.waitForFunction(() => true);
		check((await frame(page, 'print')).width === '100%' &&
		      (await frame(page, 'format_number')).width !== '100%',
		      'Back did not return to the first zoom');
		await page.goBack();
		const after = await frame(page, 'print');
		check(after.width === before.width, `Back did not unzoom: print is ${after.width}`);
		return page;
	},

	async 'a regex search gives the Matched share, nested matches once'(b) {
		const page = await openPage(b, 'flame.svg');
		const m = await search(page, 'ev|apply', 'ctrl');
		const want = expectedMatch(/ev|apply/);
		check(m === want, `'${m}', expected '${want}'`);
		check((await frame(page, 'apply')).match, 'apply is not highlighted');
		check(!(await frame(page, 'print')).match, 'print is highlighted');
		check(page.url().includes('s=ev%7Capply'), `search is not in the URL: ${page.url()}`);
		const m3 = await search(page, 'read_token', 'F3');
		check(m3 === expectedMatch(/read_token/), `F3 search gave '${m3}'`);
		return page;
	},

	async 'Ctrl-I makes the search ignore case'(b) {
		const page = await openPage(b, 'flame.svg');
		const m = await search(page, 'APPLY', 'button');
		check(m === 'Matched: 0.00% (0 functions)', `case-sensitive search gave '${m}'`);
		await page.keyboard.press('Control+i');
		const m2 = await text(page, 'matched');
		const want = expectedMatch(/APPLY/i);
		check(m2 === want, `after Ctrl-I '${m2}', expected '${want}'`);
		return page;
	},

	async 'a URL with ?s= opens with the search applied, ?x=&y= with the zoom'(b) {
		let page = await openPage(b, 'flame.svg', '?s=' + encodeURIComponent('^write$'));
		const m = await text(page, 'matched');
		check(m === expectedMatch(/^write$/), `opened with '${m}'`);
		check((await frame(page, 'write')).match, 'write is not highlighted');
		const f = await frame(page, 'lex');
		await page.close();
		page = await openPage(b, 'flame.svg', `?x=${encodeURIComponent(f.x)}&y=${f.y}`);
		check((await frame(page, 'lex')).width === '100%', 'the URL zoom was not applied');
		return page;
	},

	async '--search is applied when the graph opens'(b) {
		const page = await openPage(b, 'preset.svg');
		const m = await text(page, 'matched');
		check(m === expectedMatch(/compute/), `preset search gave '${m}'`);
		return page;
	},

	async 'the icicle graph has its root at the top'(b) {
		const page = await openPage(b, 'icicle.svg');
		const all = await frame(page, 'all');
		const main = await frame(page, 'main');
		const leaf = await frame(page, 'read_token');
		check(all.pxTop < main.pxTop && main.pxTop < leaf.pxTop,
		      `tops: all ${all.pxTop}, main ${main.pxTop}, read_token ${leaf.pxTop}`);
		const flame = await openPage(b, 'flame.svg');
		const fall = await frame(flame, 'all');
		const fmain = await frame(flame, 'main');
		check(fall.pxTop > fmain.pxTop, 'the flame graph does not have its root at the bottom');
		await flame.close();
		return page;
	},

	async 'a fluid graph follows the window; a fixed one keeps its width'(b) {
		const page = await openPage(b, 'flame.svg');
		const w1 = (await frame(page, 'all')).pxWidth;
		await page.setViewportSize({ width: 900, height: 700 });
		/* the resize event comes when the browser gets to it: wait for it, not for a time */
		await page.waitForFunction(() => /^0 0 900 /.test(document.documentElement.getAttribute('viewBox')));
		const w2 = (await frame(page, 'all')).pxWidth;
		check(Math.abs(w1 - 1280) < 2 && Math.abs(w2 - 880) < 2, `root widths ${w1}, ${w2}`);
		const fixed = await openPage(b, 'fixed.svg');
		const w3 = (await frame(fixed, 'all')).pxWidth;
		check(Math.abs(w3 - 780) < 2, `--width 800 root is ${w3}px`);
		await fixed.close();
		return page;
	},

	async 'labels fit their frames'(b) {
		const page = await openPage(b, 'flame.svg');
		const bad = await page.evaluate(() => {
			const out = [];
			for (const g of document.querySelectorAll('#frames > g')) {
				const t = g.querySelector('text');
				if (!t || !t.textContent)
					continue;
				const r = g.querySelector('rect').getBoundingClientRect();
				if (t.getComputedTextLength() > r.width)
					out.push(t.textContent);
			}
			return out;
		});
		check(bad.length === 0, `labels wider than their frames: ${bad.join(', ')}`);
		return page;
	},

	async 'labels are cut at their end, a path keeps its last component, none overflows'(b) {
		const names = readFolded(require('path').join(__dirname, '..', 'data', 'flame-labels.folded'))
			.flatMap((s) => s.frames);
		const labels = (page) => page.evaluate(() => Array.from(document.querySelectorAll('#frames > g'), (g) => {
			const t = g.querySelector('text');
			const r = g.querySelector('rect').getBoundingClientRect();
			const title = g.querySelector('title').textContent;
			const tb = t && t.textContent ? t.getBoundingClientRect() : null;
			return { name: title.slice(0, title.lastIndexOf(' (')), label: t ? t.textContent : '',
				 over: tb ? tb.right - r.right : -1, hidden: g.classList.contains('hide') };
		}));
		const judge = (ls, when) => {
			for (const l of ls) {
				if (!l.label || l.hidden)
					continue;
				check(l.over <= 0.5, `${when}: '${l.label}' runs ${l.over.toFixed(1)} px past its frame`);
				const cut = l.label.endsWith('..') && l.name.startsWith(l.label.slice(0, -2));
				const last = l.name.endsWith('/' + l.label);
				check(l.label === l.name || cut || last, `${when}: '${l.label}' for '${l.name}'`);
			}
		};
		/* without the script (an <img>, a converter): the labels written in the file */
		const ctx = await b.newContext({ javaScriptEnabled: false, viewport: { width: 700, height: 400 } });
		const still = await ctx.newPage();
		await still.goto('file://' + require('path').resolve(dir, 'labels.svg'));
		judge(await labels(still), 'static');
		await ctx.close();
		const page = await openPage(b, 'labels.svg');
		const ls = await labels(page);
		judge(ls, 'scripted');
		const by = (n) => ls.find((l) => l.name === n).label;
		check(by('sun/nio/ch/Dispatcher.write0') === 'Dispatcher.write0',
		      `the path's label is '${by('sun/nio/ch/Dispatcher.write0')}'`);
		check(by('compute_block_464') === 'compute_block_464', `'${by('compute_block_464')}' lost its end`);
		check(/^std::vector<int, .*\.\.$/.test(by(names[9])), `C++ name cut as '${by(names[9])}'`);
		check(ls.filter((l) => l.label.endsWith('..')).length >= 3, 'too few labels were cut to test anything');
		const f = await frame(page, 'compute_block_464');
		await page.mouse.click(f.cx, f.cy);
		judge(await labels(page), 'zoomed');
		return page;
	},

	async 'nothing in the header or the footer overlaps, from 600 px up, search active'(b) {
		const page = await openPage(b, 'narrow.svg');
		await search(page, 'a', 'ctrl');
		for (const w of [600, 700, 800, 1000, 1300]) {
			await page.setViewportSize({ width: w, height: 700 });
			await page.waitForFunction((x) => document.documentElement.getAttribute('viewBox')
				.startsWith('0 0 ' + x + ' '), w);
			const f = await frame(page, 'main');
			await page.mouse.move(f.cx, f.cy);
			const bad = await overlaps(page);
			check(bad.length === 0, `at ${w} px: ${bad.join('; ')}`);
		}
		return page;
	},

	async 'header and details line stay on screen while a tall graph scrolls'(b) {
		const page = await openPage(b, 'tall.svg');
		const h = await page.evaluate(() => document.documentElement.getBoundingClientRect().height);
		check(h > 3000, `the tall graph is only ${h} px`);
		await page.evaluate(() => window.scrollTo(0, 2000));
		await page.waitForFunction(() => document.getElementById('search').getBoundingClientRect().top >= 0);
		const f = await page.evaluate(() => {
			/* a frame in the middle of the window, under where header and footer are */
			const el = document.elementFromPoint(300, 350);
			const g = el && el.closest('g');
			return g ? g.querySelector('title').textContent : null;
		});
		check(f && f.startsWith('deep_function_'), `no frame under the pointer: ${f}`);
		await page.mouse.move(300, 350);
		const box = (id) => page.evaluate((i) => {
			const r = document.getElementById(i).getBoundingClientRect();
			return { top: r.top, bottom: r.bottom };
		}, id);
		for (const id of ['search', 'fnbutton', 'title', 'details']) {
			const r = await box(id);
			check(r.top >= 0 && r.bottom <= 700, `${id} is off screen after scrolling: ${r.top}..${r.bottom}`);
		}
		check((await text(page, 'details')).startsWith('Function: deep_function_'),
		      `details while scrolled: '${await text(page, 'details')}'`);
		return page;
	},

	async 'keyboard: / searches, Escape clears the search then zooms out, buttons take Enter'(b) {
		const page = await openPage(b, 'flame.svg');
		const f = await frame(page, 'parse');
		await page.mouse.click(f.cx, f.cy);
		check((await frame(page, 'parse')).width === '100%', 'click did not zoom');
		page.answer = 'lex';
		await page.keyboard.press('/');
		await page.waitForFunction(() => document.getElementById('matched').textContent.trim() !== '');
		check((await text(page, 'matched')) === expectedMatch(/lex/), '/ did not search');
		await page.keyboard.press('Escape');
		check((await text(page, 'matched')).trim() === '', 'Escape did not clear the search');
		check((await frame(page, 'parse')).width === '100%', 'the first Escape also zoomed out');
		await page.keyboard.press('Escape');
		check((await frame(page, 'parse')).width !== '100%', 'the second Escape did not zoom out');
		/* buttons: reached by Tab, named by their text, pressed with Enter */
		const names = [];
		for (let i = 0; i < 6; i++) {
			await page.keyboard.press('Tab');
			names.push(await page.evaluate(() => {
				const e = document.activeElement;
				return e && e.getAttribute('role') === 'button' ? e.textContent : null;
			}));
		}
		check(names.includes('Top functions') && names.includes('Search') && names.includes('ic'),
		      `Tab reached ${JSON.stringify(names)}`);
		await page.focus('#fnbutton');
		await page.keyboard.press('Enter');
		check(await page.evaluate(() => !!document.getElementById('fntable')), 'Enter on Top functions did nothing');
		await page.keyboard.press('Escape');
		check(await page.evaluate(() => !document.getElementById('fntable')), 'Escape did not close the table');
		return page;
	},

	async 'dark mode follows the system'(b) {
		const page = await openPage(b, 'flame.svg');
		const look = () => page.evaluate(() => ({
			bg: getComputedStyle(document.querySelector('rect[fill="url(#background)"]')).fill,
			title: getComputedStyle(document.getElementById('title')).fill }));
		const light = await look();
		await page.emulateMedia({ colorScheme: 'dark' });
		const dark = await look();
		const lum = (c) => (/(\d+), (\d+), (\d+)/.exec(c) || [0, 0, 0, 0]).slice(1).reduce((a, v) => a + Number(v), 0);
		check(light.bg.startsWith('url') && lum(light.title) < 100, `light: ${JSON.stringify(light)}`);
		check(lum(dark.bg) < 150 && lum(dark.title) > 500, `dark: ${JSON.stringify(dark)}`);
		return page;
	},

	async 'the order button switches between name order and heaviest first, Back returns'(b) {
		const page = await openPage(b, 'flame.svg');
		const lefts = async () => {
			const o = {};
			for (const n of ['eval', 'parse', 'print', 'lex', 'read_token', 'main'])
				o[n] = await frame(page, n);
			return o;
		};
		const a = await lefts();
		check(a.eval.pxLeft < a.parse.pxLeft && a.parse.pxLeft < a.print.pxLeft, 'not in name order to begin with');
		check((await text(page, 'orderbtn')) === 'Order: name', `button says '${await text(page, 'orderbtn')}'`);
		await page.click('#orderbtn');
		const h = await lefts();
		/* parse 42, eval 38.5, print 14.5 under main; read_token 30 before lex 12 under parse */
		check(h.parse.pxLeft < h.eval.pxLeft && h.eval.pxLeft < h.print.pxLeft,
		      `heaviest first: parse ${h.parse.pxLeft}, eval ${h.eval.pxLeft}, print ${h.print.pxLeft}`);
		check(Math.abs(h.parse.pxLeft - h.main.pxLeft) < 0.5, 'the heaviest child does not start at its parent');
		check(h['read_token'].pxLeft < h.lex.pxLeft, 'read_token (30) is not before lex (12)');
		for (const n of Object.keys(a))
			check(Math.abs(a[n].pxWidth - h[n].pxWidth) < 0.01, `${n} changed width`);
		check(page.url().includes('order=heaviest'), `order not in the URL: ${page.url()}`);
		/* a zoom in that order, then Back twice: name order again */
		await page.mouse.click(h.eval.cx, h.eval.cy);
		check((await frame(page, 'eval')).width === '100%', 'zoom failed in heaviest order');
		await page.goBack();
		await page.goBack();
		const back = await lefts();
		check(back.eval.pxLeft < back.parse.pxLeft, 'Back did not return to name order');
		check((await text(page, 'orderbtn')) === 'Order: name', 'the button did not follow Back');
		return page;
	},

	async 'the top functions table lists functions and its rows search'(b) {
		const page = await openPage(b, 'flame.svg');
		await page.click('#fnbutton');
		const rows = await page.evaluate(() => Array.from(document.querySelectorAll('#fntable .row title'),
			(t) => t.textContent));
		const selfOf = (n) => stacks.filter((s) => s.frames[s.frames.length - 1] === n)
			.reduce((a, s) => a + s.count, 0);
		check(rows[0] === 'read_token' && selfOf('read_token') === 42,
		      `first row by self is '${rows[0]}'`);
		/* Each row is what the pointer hits anywhere across it. */
		const missed = await page.evaluate(() => {
			const out = [];
			for (const row of document.querySelectorAll('#fntable .row')) {
				const b = row.getBoundingClientRect();
				for (const fx of [0.02, 0.3, 0.5, 0.7, 0.98]) {
					const el = document.elementFromPoint(b.left + b.width * fx,
									     b.top + b.height / 2);
					if (!el || el.closest('.row') !== row)
						out.push(`${row.querySelector('title').textContent} at ${fx}: ` +
							 (el ? el.getAttribute('class') || el.tagName : 'nothing'));
				}
			}
			return out;
		});
		check(missed.length === 0, `rows are not the hit target: ${missed.slice(0, 3).join('; ')}`);
		await page.click('#fntable .row >> nth=1');
		const m = await text(page, 'matched');
		const re = new RegExp('^' + rows[1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$');
		check(m === expectedMatch(re), `row search gave '${m}'`);
		return page;
	},

	async 'hostile names stay text: no script runs, the names show literally'(b) {
		const page = await openPage(b, 'hostile.svg');
		await page.waitForTimeout(100);
		check(page.dialogs.length === 0, `a dialog opened: ${JSON.stringify(page.dialogs)}`);
		const scripts = await page.evaluate(() => document.querySelectorAll('script').length);
		check(scripts === 1, `${scripts} script elements`);
		const f = await frame(page, '<script>alert(1)</script>');
		check(f, 'the <script> frame is not there under its own name');
		await page.mouse.move(f.cx, f.cy);
		check((await text(page, 'details')).includes('<script>alert(1)</script>'),
		      'details do not show the name literally');
		check(await frame(page, ']]></script><script>alert(3)</script>'), 'CDATA-breaking name lost');
		const imgs = await page.evaluate(() => document.querySelectorAll('img').length);
		check(imgs === 0, 'an <img> element appeared');
		await page.click('#fnbutton');
		check(page.dialogs.length === 0, 'a dialog opened from the function table');
		return page;
	},

	async 'Matched is exact when the matches are inside merged narrow frames'(b) {
		const page = await openPage(b, 'narrow.svg');
		/* at --minwidth 4%, wait (2.4%) and Apply_Closure (3.3%) are only in grey frames */
		check(!(await frame(page, 'wait')) && !(await frame(page, 'Apply_Closure')),
		      'wait or Apply_Closure is drawn: the test needs them merged');
		for (const re of [/wait|Apply_Closure/, /wait|compute|Closure/, /a/]) {
			const m = await search(page, re.source, 'ctrl');
			check(m === expectedMatch(re), `'${m}' for ${re}, expected '${expectedMatch(re)}'`);
		}
		return page;
	},

	async 'a click on Matched lists the matched functions with their totals'(b) {
		const page = await openPage(b, 'narrow.svg');
		const re = /ea|pp|wait/;
		await search(page, re.source, 'ctrl');
		await page.click('#matched');
		const rows = await page.evaluate(() => Array.from(document.querySelectorAll('#matchlist .row'),
			(r) => [r.querySelector('title').textContent,
				Array.from(r.querySelectorAll('text'), (t) => t.textContent)]));
		const want = [...totals(re)].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
		check(rows.length === want.length, `${rows.length} rows, expected ${want.length}: ${JSON.stringify(rows)}`);
		want.forEach(([name, t], i) => {
			const [rn, [count, share]] = rows[i];
			const wc = Number.isInteger(t) ? String(t) : t.toFixed(2);
			const ws = (100 * t / total).toFixed(2) + '%';
			check(rn === name && count === wc && share === ws,
			      `row ${i}: ${rn} ${count} ${share}, expected ${name} ${wc} ${ws}`);
		});
		/* a row searches for that function alone */
		await page.click('#matchlist .row >> nth=0');
		const only = new RegExp('^' + want[0][0] + '$');
		check((await text(page, 'matched')) === expectedMatch(only), 'a row did not search for its function');
		return page;
	},

	async 'narrow frames are merged, not dropped'(b) {
		const page = await openPage(b, 'narrow.svg');
		const names = await page.evaluate(() => Array.from(document.querySelectorAll('#frames > g.narrow title'),
			(t) => t.textContent));
		check(names.length > 0 && /^\(\d+ narrow frames?\) \(/.test(names[0]), `narrow frames: ${names}`);
		const sums = await page.evaluate(() => {
			const bad = [];
			const gs = Array.from(document.querySelectorAll('#frames > g'));
			const kids = new Map();
			gs.forEach((g, i) => {
				const p = g.getAttribute('data-p');
				if (p !== null)
					kids.set(Number(p), (kids.get(Number(p)) || 0) + Number(g.getAttribute('data-v')));
			});
			gs.forEach((g, i) => {
				const v = Number(g.getAttribute('data-v')), s = Number(g.getAttribute('data-s'));
				if (!g.classList.contains('narrow') && Math.abs((kids.get(i) || 0) + s - v) > 1e-6)
					bad.push(g.querySelector('title').textContent);
			});
			return bad;
		});
		check(sums.length === 0, `children do not add up for: ${sums}`);
		return page;
	},

	async 'the sandwich view: callers above, callees below, totals as the folded text gives them'(b) {
		const page = await openPage(b, 'flame.svg');
		/* eval is recursive (main;eval;apply;eval;apply): each sample counts once */
		for (const [name, how] of [['eval', 'alt'], ['apply', 'sandwich'], ['read_token', 'table']]) {
			if (how === 'alt') {
				const f = await frame(page, name);
				await page.keyboard.down('Alt');
				await page.mouse.click(f.cx, f.cy);
				await page.keyboard.up('Alt');
			} else if (how === 'table') {
				await page.click('#fnbutton');
				const i = await page.evaluate((n) => Array.from(document.querySelectorAll('#fntable .row title'),
					(t) => t.textContent).indexOf(n), name);
				check(i >= 0, `${name} is not in Top functions`);
				await page.click(`#fntable .row >> nth=${i} >> text=sandwich`);
			} else {
				/* a click on a callee inside a sandwich: that function's sandwich */
				const g = await page.evaluate((n) => {
					for (const e of document.querySelectorAll('#sandwich > g.callee')) {
						const t = e.querySelector('title').textContent;
						if (t.slice(0, t.lastIndexOf(' (')) === n) {
							const r = e.querySelector('rect').getBoundingClientRect();
							return { x: r.left + 5, y: r.top + r.height / 2 };
						}
					}
					return null;
				}, name);
				check(g, `${name} is not a callee in the sandwich`);
				await page.mouse.click(g.x, g.y);
			}
			check((await page.evaluate(() => window.cprofFlame.sandwich())) === name, `no sandwich of ${name} (${how})`);
			check(await page.evaluate(() => document.getElementById('frames').getAttribute('display') === 'none'),
			      'the graph is still shown under the sandwich');
			/* the oracle: stacks cut at the function's first (outermost) occurrence */
			let t = 0, self = 0;
			const want = new Map();
			const add = (k, c) => want.set(k, (want.get(k) || 0) + c);
			for (const s of stacks) {
				const k = s.frames.indexOf(name);
				if (k < 0)
					continue;
				t += s.count;
				if (s.frames[s.frames.length - 1] === name)
					self += s.count;
				for (let i = k - 1; i >= 0; i--)
					add('caller:' + s.frames.slice(i, k).reverse().join(';'), s.count);
				for (let i = k + 2; i <= s.frames.length; i++)
					add('callee:' + s.frames.slice(k + 1, i).join(';'), s.count);
			}
			add('self:', t);
			/* what is drawn: each frame's path from the function, read from the geometry */
			const got = await page.evaluate(() => {
				const fs = Array.from(document.querySelectorAll('#sandwich > g'), (g) => {
					const r = g.querySelector('rect'), t = g.querySelector('title').textContent;
					const m = / \(([\d,.]+) samples, [\d.]+%\)$/.exec(t);
					return { role: g.getAttribute('class').split(' ')[0], name: t.slice(0, t.lastIndexOf(' (')),
						 x: parseFloat(r.getAttribute('x')), w: parseFloat(r.getAttribute('width')),
						 y: Number(r.getAttribute('y')), v: m ? Number(m[1].replace(/,/g, '')) : NaN };
				});
				const mid = fs.find((f) => f.role === 'self');
				/* a frame's chain: the frames of its side between it and the function that span it */
				const path = (f) => {
					if (f.role === 'self')
						return [];
					const chain = fs.filter((q) => q.role === f.role &&
						(f.role === 'caller' ? q.y > f.y : q.y < f.y) &&
						q.x <= f.x + 1e-6 && f.x + f.w <= q.x + q.w + 1e-6);
					chain.sort((p, q) => Math.abs(p.y - mid.y) - Math.abs(q.y - mid.y));
					return chain.map((q) => q.name).concat([f.name]);
				};
				return {
					info: document.getElementById('sandwichinfo').textContent,
					frames: fs.map((f) => [f.role + ':' + path(f).join(';'), f.v]),
				};
			});
			const seen = new Map(got.frames);
			check(seen.size === got.frames.length, `a path is drawn twice: ${JSON.stringify(got.frames)}`);
			for (const [k, v] of want)
				check(Math.abs((seen.get(k) || 0) - v) < 1e-9, `${name}: ${k} is ${seen.get(k)}, folded text gives ${v}`);
			for (const [k] of seen)
				check(want.has(k), `${name}: ${k} drawn, not in the folded text`);
			const fmt = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(2));
			const wantInfo = `Sandwich of ${name}: total ${fmt(t)} samples, ${(100 * t / total).toFixed(2)}%; ` +
				`self ${fmt(self)} samples, ${(100 * self / total).toFixed(2)}%.`;
			check(got.info.startsWith(wantInfo), `'${got.info}', expected '${wantInfo}'`);
		}
		/* Back returns: to the previous sandwich, then to the graph */
		await page.goBack();
		check((await page.evaluate(() => window.cprofFlame.sandwich())) === 'apply', 'Back did not return to the sandwich before');
		await page.goBack();
		await page.goBack();
		check((await page.evaluate(() => window.cprofFlame.sandwich())) === null, 'Back did not leave the sandwich');
		check(await page.evaluate(() => !document.getElementById('sandwich') &&
			document.getElementById('frames').getAttribute('display') === null), 'the graph did not come back');
		check((await frame(page, 'eval')).pxWidth > 0, 'eval not drawn after Back');
		return page;
	},

	async 'a zoom draws what the first paint merged into narrow frames, from the embedded tree'(b) {
		const page = await openPage(b, 'narrow.svg');
		/* at --minwidth 4%: wait (3 of run job's 28) and Apply_Closure (4 of eval's 38.5) are grey */
		check(!(await frame(page, 'wait')) && !(await frame(page, 'Apply_Closure')),
		      'wait or Apply_Closure is drawn at first: the test needs them merged');
		const fw = await framesWidth(page);
		const sum = (pre, name) => stacks.filter((s) => s.frames.includes(name) &&
			pre.every((p, i) => s.frames[i] === p)).reduce((a, s) => a + s.count, 0);
		for (const [zoomTo, pre, name] of [['run job', ['worker thread', 'run job'], 'wait'],
						   ['eval', ['main', 'eval'], 'Apply_Closure']]) {
			if (await page.evaluate(() => window.cprofFlame.zoomed() >= 0))
				await page.click('#unzoom');
			const z = await frame(page, zoomTo);
			await page.mouse.click(z.cx, z.cy);
			const f = await frame(page, name);
			check(f && !f.hidden, `${name} is not drawn after a zoom into ${zoomTo}`);
			const want = sum(pre, name) / sum(pre.slice(0, -1), zoomTo) * fw;
			check(Math.abs(f.pxWidth - want) < 1, `${name} is ${f.pxWidth} px wide, the folded text gives ${want}`);
			check(f.title === `${name} (${sum(pre, name)} samples, ${(100 * sum(pre, name) / total).toFixed(2)}%)`,
			      `${name}'s title is '${f.title}'`);
			/* it is a frame like the others: hover describes it */
			await page.mouse.move(f.cx, f.cy);
			check((await text(page, 'details')).startsWith(`Function: ${name} (`), 'no details on hover');
		}
		/* no visible narrow frame is left where everything fits */
		const grey = await page.evaluate(() => Array.from(document.querySelectorAll('#frames > g.narrow'))
			.filter((g) => !g.classList.contains('hide')).length);
		check(grey === 0, `${grey} narrow frames still shown inside eval`);
		await page.click('#unzoom');
		check(!(await frame(page, 'Apply_Closure')), 'Reset Zoom kept the detail: the first paint is not back');
		const n = await page.evaluate(() => document.querySelectorAll('#frames > g.narrow:not(.hide)').length);
		check(n === 2, `${n} narrow frames after Reset Zoom, the file has 2`);
		return page;
	},

	async 'a link to a zoom on a frame only the detail drew opens zoomed into it'(b) {
		const page = await openPage(b, 'deep.svg');
		check(!(await frame(page, 'cold')), 'cold is drawn at first: the test needs it merged');
		const mid = await frame(page, 'mid');
		await page.mouse.click(mid.cx, mid.cy);
		const cold = await frame(page, 'cold');
		check(cold && !cold.hidden && !(await frame(page, 'leaf_a')), 'a zoom into mid does not draw cold alone');
		await page.mouse.click(cold.cx, cold.cy);
		const leaf = await frame(page, 'leaf_a');
		check(leaf && !leaf.hidden, 'a zoom into cold does not draw leaf_a');
		await page.mouse.click(leaf.cx, leaf.cy);
		const url = await page.evaluate(() => location.href);
		check(/[?&]d=cold&d=leaf_a/.test(url), `the address does not name the frames drawn on zoom: ${url}`);
		const fw = await framesWidth(page);
		for (const p of [page, await b.newPage({ viewport: { width: 1300, height: 700 } })]) {
			if (p !== page)
				await p.goto(url);
			const z = await frame(p, 'leaf_a');
			check(z && !z.hidden && Math.abs(z.pxWidth - fw) < 1, `leaf_a is not zoomed to the full width from ${url}`);
			check(z.title === 'leaf_a (3 samples, 0.30%)', `leaf_a's title is '${z.title}'`);
			for (const [name, share] of [['cold', '0.60%'], ['mid', '10.00%']]) {
				const a = await frame(p, name);
				check(a && a.parent && a.title === `${name} (${name === 'cold' ? 6 : 100} samples, ${share})`,
				      `${name} is not shown as a caller of the zoomed leaf_a: ${JSON.stringify(a)}`);
			}
			check(!(await frame(p, 'hot')) || (await frame(p, 'hot')).hidden, 'hot is shown beside the zoomed leaf_a');
			if (p !== page)
				await p.close();
		}
		/* Back returns to cold, then to mid (popstate may come after goBack returns) */
		const zoomedTo = (name) => page.waitForFunction((n) => {
			const z = window.cprofFlame.zoomed();
			const t = z >= 0 ? document.querySelectorAll('#frames > g')[z].querySelector('title').textContent : '';
			return t.startsWith(n + ' (');
		}, name, { timeout: 10000 }).then(() => true, () => false);
		await page.goBack();
		check(await zoomedTo('cold'), 'Back does not return to the zoom into cold');
		const c2 = await frame(page, 'cold');
		check(c2 && Math.abs(c2.pxWidth - fw) < 1, 'after Back, cold does not take the full width');
		await page.goBack();
		check(await zoomedTo('mid'), 'Back does not return to the zoom into mid');
		return page;
	},

	async 'grey frames that merge a match are highlighted, also those drawn on zoom'(b) {
		const page = await openPage(b, 'narrow.svg');
		/* the grey frame above eval merges Apply_Closure, the one above run job merges wait */
		const greys = () => page.evaluate(() => Array.from(document.querySelectorAll('#frames > g.narrow'))
			.filter((g) => !g.classList.contains('hide')).map((g) => {
				const p = document.querySelectorAll('#frames > g')[Number(g.getAttribute('data-p'))];
				const t = p.querySelector('title').textContent;
				return { over: t.slice(0, t.lastIndexOf(' (')), match: g.classList.contains('match'),
					 fill: getComputedStyle(g.querySelector('rect')).fill };
			}));
		const grey0 = await greys();
		check(grey0.length === 2, `${grey0.length} grey frames, the test needs 2`);
		for (const [re, holds] of [['Closure', 'eval'], ['^wait$', 'run job'], ['Clo|wai', 'both'], ['^nothing', '']]) {
			await search(page, re, 'ctrl');
			for (const g of await greys()) {
				const want = holds === 'both' || g.over === holds;
				check(g.match === want, `search ${re}: the grey frame over ${g.over} is ` +
				      (g.match ? 'highlighted' : 'not highlighted'));
				check(want ? g.fill !== grey0[0].fill : g.fill === grey0[0].fill, `search ${re}: the grey frame over ${g.over} is ${g.fill}`);
			}
		}
		/* drawn on zoom: a grey frame inside cold holds leaf_b; the match in it once drawn */
		const deep = await openPage(b, 'deep.svg');
		await search(deep, 'leaf_b', 'ctrl');
		const g0 = await deep.evaluate(() => document.querySelector('#frames > g.narrow').classList.contains('match'));
		check(g0, 'the grey frame that merges mid\'s cold is not highlighted for leaf_b');
		const mid = await frame(deep, 'mid');
		await deep.mouse.click(mid.cx, mid.cy);
		const inCold = await deep.evaluate(() => Array.from(document.querySelectorAll('#frames > g.narrow.detail'))
			.filter((g) => !g.classList.contains('hide')).map((g) => g.classList.contains('match')));
		check(inCold.length === 1 && inCold[0], `the grey frame drawn inside cold: ${JSON.stringify(inCold)}`);
		const cold = await frame(deep, 'cold');
		await deep.mouse.click(cold.cx, cold.cy);
		check((await frame(deep, 'leaf_b')).match && !(await frame(deep, 'leaf_a')).match,
		      'leaf_b drawn on zoom is not highlighted, or leaf_a is');
		await deep.close();
		return page;
	},
};

run(tests);
