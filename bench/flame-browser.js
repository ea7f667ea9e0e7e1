#!/usr/bin/env node
/*
 * Opens a (large) flame graph SVG in headless Chromium several times and
 * prints the median of each time: first paint, a zoom until painted (the
 * detail it draws included), the reset, an exact search over the embedded
 * profile tree until its Matched is painted, and a sandwich view.  The
 * machine's load average is printed beside them: these are wall times.
 * Targets: first paint under 1 s, zoom under 100 ms, search under 150 ms,
 * sandwich under 300 ms.
 *
 * usage: node bench/flame-browser.js FILE.svg... [RUNS] [--profile]
 *   FILE.svg several files (the same profile drawn by two versions of
 *            cprof, say) are timed in turns, so a changing load weighs
 *            on each alike
 *   RUNS     fresh pages to time per file (default 5)
 *   --profile  also prints the page script's functions by self time
 *              (Chromium's sampling profiler), for each step
 *   (playwright-core comes from tests/browser/node_modules, see
 *    tests/browser/setup.sh, or from the node_modules BROWSER_MODULES names)
 */
'use strict';
const os = require('os');
const path = require('path');
const modules = process.env.BROWSER_MODULES || path.join(__dirname, '..', 'tests', 'browser', 'node_modules');
const { chromium } = require(path.join(modules, 'playwright-core'));

const args = process.argv.slice(2);
const profile = args.includes('--profile');
const files = args.filter((a) => a.endsWith('.svg'));
const runsArg = args.find((a) => /^[0-9]+$/.test(a));
if (!files.length) {
	console.error('usage: node flame-browser.js FILE.svg... [RUNS] [--profile]');
	process.exit(2);
}
const runs = Math.max(1, Number(runsArg) || 5);

/* The page's functions by self time, from a CPU profile of the devtools protocol. */
function topFunctions(prof, n) {
	const self = new Map();
	const dt = prof.timeDeltas;
	const byId = new Map(prof.nodes.map((x) => [x.id, x]));
	for (let i = 0; i < prof.samples.length; i++) {
		const node = byId.get(prof.samples[i]);
		const cf = node.callFrame;
		const key = (cf.functionName || '(anonymous)') + (cf.lineNumber >= 0 && cf.url ? ':' + (cf.lineNumber + 1) : '');
		self.set(key, (self.get(key) || 0) + (dt[i] || 0) / 1000);
	}
	return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, n)
		.map(([k, ms]) => `    ${ms.toFixed(1).padStart(7)} ms  ${k}`).join('\n');
}

/* One fresh page: the times of each step. */
async function once(browser, file, cdp) {
	const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
	const errors = [];
	page.on('pageerror', (e) => errors.push(String(e)));
	let session = null;
	const profiles = {};
	const step = async (name, fn) => {
		if (!session)
			return fn();
		await session.send('Profiler.start');
		const r = await fn();
		profiles[name] = (await session.send('Profiler.stop')).profile;
		return r;
	};
	if (cdp) {
		session = await page.context().newCDPSession(page);
		await session.send('Profiler.enable');
		await session.send('Profiler.setSamplingInterval', { interval: 200 });
	}
	const t0 = Date.now();
	await step('load', async () => {
		await page.goto('file://' + path.resolve(file), { waitUntil: 'load' });
		await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
	});
	const r = { first: Date.now() - t0 };
	r.paint = await page.evaluate(() => {
		const e = performance.getEntriesByName('first-paint')[0];
		return e ? e.startTime : null;
	});
	r.frames = await page.evaluate(() => document.querySelectorAll('#frames > g').length);
	/* zoom into the widest frame under 60% of the width, then back */
	const z = await step('zoom', () => page.evaluate(async () => {
		const painted = () => new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
		let best = null, bw = -1;
		for (const g of document.querySelectorAll('#frames > g')) {
			const w = parseFloat(g.querySelector('rect').getAttribute('width'));
			if (w > bw && w < 60 && !g.classList.contains('narrow')) {
				bw = w;
				best = g;
			}
		}
		const t = performance.now();
		best.dispatchEvent(new MouseEvent('click', { bubbles: true }));
		await painted();
		const zoomMs = performance.now() - t;
		const added = document.querySelectorAll('#frames > g.detail').length;
		const t2 = performance.now();
		document.getElementById('unzoom').dispatchEvent(new MouseEvent('click', { bubbles: true }));
		await painted();
		return { zoomMs, unzoomMs: performance.now() - t2, added };
	}));
	Object.assign(r, { zoom: z.zoomMs, reset: z.unzoomMs, added: z.added });
	/* a search that matches about half the names: '/' asks, the answer is 'a.*e' */
	const s = await step('search', () => page.evaluate(async () => {
		const painted = () => new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
		window.prompt = () => 'a.*e';
		const t = performance.now();
		window.dispatchEvent(new KeyboardEvent('keydown', { key: '/' }));
		await painted();
		const ms = performance.now() - t;
		const matched = document.getElementById('matched').textContent;
		window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
		await painted();
		return { ms, matched };
	}));
	Object.assign(r, { search: s.ms, matched: s.matched });
	/* the sandwich of the widest frame under 60%: an Alt-click, until painted */
	const w = await step('sandwich', () => page.evaluate(async () => {
		const painted = () => new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
		let best = null, bw = -1;
		for (const g of document.querySelectorAll('#frames > g')) {
			const wd = parseFloat(g.querySelector('rect').getAttribute('width'));
			if (wd > bw && wd < 60 && !g.classList.contains('narrow')) {
				bw = wd;
				best = g;
			}
		}
		const t = performance.now();
		best.dispatchEvent(new MouseEvent('click', { bubbles: true, altKey: true }));
		await painted();
		const el = document.getElementById('sandwich');
		return { ms: performance.now() - t, frames: el ? el.querySelectorAll('g').length : 0 };
	}));
	Object.assign(r, { sandwich: w.ms, swFrames: w.frames, errors: errors, profiles: profiles });
	await page.close();
	return r;
}

const median = (v) => {
	const s = v.filter((x) => x !== null).sort((a, b) => a - b);
	return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

function report(file, all, load) {
	const m = (k) => median(all.map((r) => r[k]));
	const line = (name, v, target) => `  ${name.padEnd(12)} ${v.toFixed(0).padStart(6)} ms  ` +
		`(target ${target} ms: ${v <= target ? 'met' : 'not met'})`;
	console.log(`${path.basename(file)}: ${all[0].frames} frames; ${all[0].matched}`);
	console.log(`medians of ${all.length} runs, load average ${load} on ${os.cpus().length} CPUs:`);
	console.log(line('first paint', m('first'), 1000) + `, paint timing ${m('paint').toFixed(0)} ms`);
	console.log(line('zoom', m('zoom'), 100) + `, reset ${m('reset').toFixed(0)} ms`);
	console.log(line('search', m('search'), 150));
	console.log(line('sandwich', m('sandwich'), 300));
	if (profile) {
		for (const [name, prof] of Object.entries(all[all.length - 1].profiles))
			console.log(`  ${name}: the page's functions by self time (last run)\n` + topFunctions(prof, 12));
	}
}

(async () => {
	const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
						args: ['--no-sandbox'] });
	const load0 = os.loadavg()[0];
	const results = files.map(() => []);
	for (let i = 0; i < runs; i++) {
		for (let k = 0; k < files.length; k++) {
			const r = await once(browser, files[k], profile && i === runs - 1);
			results[k].push(r);
			console.log(`${path.basename(files[k])} run ${i + 1}: first paint ${r.first} ms` +
				    (r.paint !== null ? ` (paint timing ${r.paint.toFixed(0)} ms)` : '') +
				    `, zoom ${r.zoom.toFixed(0)} ms (${r.added} frames drawn), reset ${r.reset.toFixed(0)} ms, ` +
				    `search ${r.search.toFixed(0)} ms, sandwich ${r.sandwich.toFixed(0)} ms (${r.swFrames} frames)`);
			if (r.errors.length)
				console.log('  page errors: ' + r.errors.join(' | '));
		}
	}
	const load = `${load0.toFixed(1)} to ${os.loadavg()[0].toFixed(1)}`;
	files.forEach((f, k) => report(f, results[k], load));
	await browser.close();
})().catch((e) => {
	console.error('flame-browser:', e.message);
	process.exit(1);
});
