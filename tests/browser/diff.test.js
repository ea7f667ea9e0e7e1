#!/usr/bin/env node
/*
 * cprof's differential flame graphs in headless Chromium: the tooltip, the
 * colours, the switch between the shapes of B and A, the table of changes.
 *
 * usage: node diff.test.js DIR A.folded B.folded
 *   DIR holds diff.svg (cprof diff A B) and same.svg (cprof diff B B),
 *   made by tests/e2e/diff-browser.sh.
 * Expected numbers are computed here from the folded files, independently
 * of cprof.
 */
'use strict';
const { readFolded, check, frame, text, framesWidth, openPage: open, search, run, overlaps } =
	require('./helpers');

const [dir, pathA, pathB] = process.argv.slice(2);
if (!dir || !pathA || !pathB) {
	console.error('usage: node diff.test.js DIR A.folded B.folded');
	process.exit(2);
}
const openPage = (browser, name, query) => open(browser, dir, name, query);

/* ---- the oracle ---- */

const A = readFolded(pathA);
const B = readFolded(pathB);
const sum = (stacks, pick) => stacks.reduce((a, s) => a + (pick(s) ? s.count : 0), 0);
const totalOf = (stacks) => sum(stacks, () => true);
const ta = totalOf(A);
const tb = totalOf(B);
/* every function here appears once per stack: its frame total is its function total */
const inclusive = (stacks, name) => sum(stacks, (s) => s.frames.includes(name));
const self = (stacks, name) => sum(stacks, (s) => s.frames[s.frames.length - 1] === name);
const pct = (v, t) => ((100 * v) / t).toFixed(2) + '%';
const points = (a, b) => {
	const d = (100 * b) / tb - (100 * a) / ta;
	return (d >= 0 ? '+' : '-') + Math.abs(d).toFixed(2);
};
const names = [...new Set([...A, ...B].flatMap((s) => s.frames))];
function change(name) {
	return (100 * inclusive(B, name)) / tb - (100 * inclusive(A, name)) / ta;
}
/* the colour rule of the man page: grey under 0.1 points or within sampling
 * noise (two-proportion z-test, |z| < 4) */
function expectedHue(name) {
	const a = inclusive(A, name), b = inclusive(B, name), d = change(name);
	const p = (a + b) / (ta + tb);
	const se = Math.sqrt(p * (1 - p) * (1 / ta + 1 / tb));
	const z = se > 0 ? d / 100 / se : Infinity;
	return Math.abs(d) < 0.1 || Math.abs(z) < 4 ? 'grey' : d > 0 ? 'red' : 'blue';
}

function hue(fill) {
	const m = /rgb\((\d+), ?(\d+), ?(\d+)\)/.exec(fill || '');
	if (!m)
		return 'none';
	const [r, g, b] = m.slice(1).map(Number);
	if (r === 190 && g === 190 && b === 190)
		return 'grey';
	if (r === 255 && g === b && g < 255)
		return 'red';
	if (b === 255 && r === g && r < 255)
		return 'blue';
	return 'other';
}

/* counts as the graph shows them: 1,080 */
const n3 = (v) => v.toLocaleString('en-US');
function expectedTitle(name) {
	const [va, vb, sa, sb] = [inclusive(A, name), inclusive(B, name), self(A, name), self(B, name)];
	return `${name} (${n3(vb)} samples, ${pct(vb, tb)}, self ${n3(sb)}, ${pct(sb, tb)} in B; ` +
		`${n3(va)} samples, ${pct(va, ta)}, self ${n3(sa)}, ${pct(sa, ta)} in A; ` +
		`total ${points(va, vb)} points, self ${points(sa, sb)} points` +
		(va === 0 ? '; not in A' : vb === 0 ? '; not in B' : '') + ')';
}

const shown = (page, id) => page.evaluate((i) => {
	const r = document.getElementById(i).getBoundingClientRect();
	return r.width > 0 && r.height > 0 && getComputedStyle(document.getElementById(i)).display !== 'none';
}, id);

/* a frame that only A has, and one that disappeared with all its callees */
const onlyA = names.filter((n) => inclusive(B, n) === 0 && inclusive(A, n) > 0);

const tests = {
	async 'hover shows total and self, counts and shares in B and A, and the change in points'(b) {
		const page = await openPage(b, 'diff.svg');
		for (const name of ['read', 'eval', 'jit_compile']) {
			const f = await frame(page, name);
			check(f, `no frame ${name}`);
			const want = expectedTitle(name);
			check(f.title === want, `tooltip '${f.title}', expected '${want}'`);
			await page.mouse.move(f.cx, f.cy);
			const d = await text(page, 'details');
			check(d === 'Function: ' + want, `details '${d}', expected 'Function: ${want}'`);
		}
		return page;
	},

	async 'grown frames are red, shrunk blue, unchanged grey: by the change of their total'(b) {
		const page = await openPage(b, 'diff.svg');
		let seen = 0;
		for (const name of names) {
			const f = await frame(page, name);
			if (!f)
				continue;
			seen++;
			const want = expectedHue(name);
			check(hue(f.fill) === want, `${name} is ${f.fill}, expected ${want} (${change(name).toFixed(2)} points)`);
		}
		check(seen >= 8, `only ${seen} frames found`);
		check(self(B, 'eval') === 0 && hue((await frame(page, 'eval')).fill) === 'red',
		      'eval, without self time but with callees that grew, is not red');
		const bg = await page.evaluate(() => getComputedStyle(document.querySelector('svg > rect')).fill);
		check(hue(bg) !== 'grey', 'grey frames look like the background');
		return page;
	},

	async 'Show A switches to the shape of A, where what disappeared is visible; Back returns'(b) {
		const page = await openPage(b, 'diff.svg');
		check(onlyA.length > 0, 'the inputs have no stack only in A');
		check(await shown(page, 'frames') && !(await shown(page, 'frames-a')), 'B\'s shape is not the one shown');
		for (const n of onlyA)
			check(!(await frame(page, n)), `${n}, only in A, has a frame in B's shape`);
		check((await text(page, 'abswitch')) === 'Show A', 'no Show A button');
		await page.click('#abswitch');
		check(!(await shown(page, 'frames')) && await shown(page, 'frames-a'), 'the switch did not show A');
		check((await text(page, 'abswitch')) === 'Show B', 'the button does not offer B back');
		check(page.url().includes('view=a'), `the view is not in the URL: ${page.url()}`);
		check((await text(page, 'legend')).startsWith('Shaped like A'), 'the legend still says B');
		const fw = await framesWidth(page, 'frames-a');
		for (const n of onlyA) {
			const f = await frame(page, n, 'frames-a');
			check(f && hue(f.fill) === 'blue', `${n} is not a blue frame in A's shape`);
			const want = (inclusive(A, n) / ta) * fw;
			check(Math.abs(f.pxWidth - want) < 1.5, `${n} is ${f.pxWidth}px wide, expected ${want}`);
			check(f.title === expectedTitle(n), `tooltip of ${n}: '${f.title}'`);
			await page.mouse.move(f.cx, f.cy);
			check((await text(page, 'details')).endsWith('; not in B)'), 'details do not say it is gone');
		}
		await page.goBack();
		await page.waitForFunction(() => getComputedStyle(document.getElementById('frames')).display !== 'none');
		check(!(await shown(page, 'frames-a')) && (await text(page, 'abswitch')) === 'Show A',
		      'Back did not return to B\'s shape');
		await page.click('#abswitch');
		await page.click('#abswitch');
		check(await shown(page, 'frames') && !page.url().includes('view=a'), 'Show B did not switch back');
		return page;
	},

	async 'a URL with ?view=a opens the A shape; search and zoom work there'(b) {
		const gone = onlyA[0];
		let page = await openPage(b, 'diff.svg', '?view=a&s=' + encodeURIComponent('^' + gone + '$'));
		check(await shown(page, 'frames-a') && !(await shown(page, 'frames')), '?view=a did not open A');
		const m = await text(page, 'matched');
		const want = 'Matched: ' + pct(inclusive(A, gone), ta) + ' (1 function)';
		check(m === want, `'${m}' in A's shape, expected '${want}' (a share of A)`);
		const f = await frame(page, gone, 'frames-a');
		await page.mouse.click(f.cx, f.cy);
		check((await frame(page, gone, 'frames-a')).width === '100%', 'click did not zoom in A');
		const zoomedUrl = page.url();
		check(zoomedUrl.includes('x=') && zoomedUrl.includes('view=a'), `URL ${zoomedUrl}`);
		await page.close();
		page = await b.newPage({ viewport: { width: 1300, height: 700 } });
		page.errors = [];
		page.on('pageerror', (e) => page.errors.push(String(e)));
		await page.goto(zoomedUrl);
		check((await frame(page, gone, 'frames-a')).width === '100%', 'the zoomed A view did not reopen');
		await page.click('#abswitch');
		const all = await frame(page, 'all');
		check(all.width === '100%' && !all.hidden, 'switching to B kept a zoom of A');
		return page;
	},

	async 'the legend is a colour scale from blue to red with the noise threshold'(b) {
		const page = await openPage(b, 'diff.svg');
		const sw = await page.evaluate(() => Array.from(document.querySelectorAll('#scale rect'),
			(r) => [r.getAttribute('fill'), r.nextElementSibling.textContent]));
		check(sw.length === 9, `${sw.length} swatches`);
		check(hue(sw[0][0]) === 'blue' && hue(sw[8][0]) === 'red' && hue(sw[4][0]) === 'grey' &&
		      sw[4][1] === 'noise' && sw[0][1] === '-10' && sw[8][1] === '+10',
		      `scale ${JSON.stringify(sw)}`);
		const rule = await text(page, 'scalerule');
		check(rule.includes('two-proportion z-test, |z| < 4'), `the rule says '${rule}'`);
		/* the scale's colours are those of the frames: read grew 11 points, past the full hue */
		check((await frame(page, 'read')).fill === sw[8][0].replace(/,/g, ', '),
		      `read is ${(await frame(page, 'read')).fill}, the scale's +10 is ${sw[8][0]}`);
		return page;
	},

	async 'the same changes in a ninth of the samples are sampling noise: grey'(b) {
		const page = await openPage(b, 'small.svg');
		/* lex fell 14 points, but in 115 and 253 samples: z = -3.4 */
		for (const n of ['lex', 'read', 'parse', 'eval', 'print', 'idle', 'jit_compile'])
			check(hue((await frame(page, n)).fill) === 'grey', `${n} is coloured: ${(await frame(page, n)).fill}`);
		/* legacy, 13 points of A and gone in B, is more than noise (z = -5.9) */
		const legacy = await frame(page, 'legacy', 'frames-a');
		check(hue(legacy.fill) === 'blue', `legacy is ${legacy.fill}, not blue`);
		return page;
	},

	async 'nothing in the header overlaps from 600 px up: buttons, legend, scale, search'(b) {
		const page = await openPage(b, 'diff.svg');
		page.answer = 'e';
		await page.keyboard.press('Control+f');
		for (const w of [600, 800, 1100, 1400]) {
			await page.setViewportSize({ width: w, height: 700 });
			await page.waitForFunction((x) => document.documentElement.getAttribute('viewBox')
				.startsWith('0 0 ' + x + ' '), w);
			const bad = await overlaps(page);
			check(bad.length === 0, `at ${w} px: ${bad.join('; ')}`);
			/* the frames start under the header */
			const gap = await page.evaluate(() => document.getElementById('frames').getBoundingClientRect().top -
				document.getElementById('scale').getBoundingClientRect().bottom);
			check(gap >= 0, `at ${w} px the colour scale runs ${-gap} px into the frames`);
		}
		return page;
	},

	async 'identical profiles: nothing is red or blue, in either shape'(b) {
		const page = await openPage(b, 'same.svg');
		const fills = async () => page.evaluate(() => Array.from(
			document.querySelectorAll('.frames > g > rect'), (r) => getComputedStyle(r).fill));
		const all = await fills();
		check(all.length > 5, `${all.length} frames`);
		const bad = all.filter((c) => hue(c) !== 'grey');
		check(bad.length === 0, `coloured frames: ${bad.join(' ')}`);
		await page.click('#abswitch');
		check((await fills()).every((c) => hue(c) === 'grey'), 'A\'s shape has coloured frames');
		return page;
	},

	async 'Colour by name switches to name colours and back'(b) {
		const page = await openPage(b, 'diff.svg');
		const before = (await frame(page, 'read')).fill;
		await page.click('#colorswitch');
		const byName = (await frame(page, 'read')).fill;
		check(byName !== before && ['red', 'blue', 'grey'].indexOf(hue(byName)) < 0,
		      `by name read is ${byName} (by change ${before})`);
		check((await text(page, 'colorswitch')) === 'Colour by change', 'the button does not offer to switch back');
		await page.click('#colorswitch');
		check((await frame(page, 'read')).fill === before, 'colours by change did not come back');
		return page;
	},

	async 'Top changes lists the functions whose total changed most, with signs'(b) {
		const page = await openPage(b, 'diff.svg');
		await page.click('#fnbutton');
		const rows = await page.evaluate(() => Array.from(document.querySelectorAll('#fntable .row'),
			(r) => [r.querySelector('title').textContent, r.querySelectorAll('text')[1].textContent]));
		const want = names.map((n) => [n, change(n)])
			.sort((x, y) => (Math.abs(Math.abs(y[1]) - Math.abs(x[1])) > 1e-9 ?
				Math.abs(y[1]) - Math.abs(x[1]) : x[0] < y[0] ? -1 : 1));
		check(rows.length >= 5, `${rows.length} rows`);
		for (let i = 0; i < 3; i++) {
			const [n, d] = want[i];
			const s = (d >= 0 ? '+' : '-') + Math.abs(d).toFixed(2);
			check(rows[i][0] === n && rows[i][1] === s,
			      `row ${i + 1} is ${rows[i].join(' ')}, expected ${n} ${s}`);
		}
		return page;
	},
};

run(tests);
