#!/usr/bin/env node
/*
 * Opens a (large) flame graph SVG in headless Chromium and reports the time
 * to first paint, the time a zoom takes to be painted, and the time of an
 * exact search over the embedded profile tree until its Matched is painted,
 * and the time of a sandwich view.  A zoom includes the detail it draws.
 * Targets: first paint under 1 s, zoom under 100 ms, search under 150 ms,
 * sandwich under 300 ms.
 *
 * usage: node bench/flame-browser.js FILE.svg
 *   (run from anywhere; playwright-core comes from tests/browser/node_modules,
 *    see tests/browser/setup.sh)
 */
'use strict';
const path = require('path');
const { chromium } = require(path.join(__dirname, '..', 'tests', 'browser', 'node_modules', 'playwright-core'));

const file = process.argv[2];
if (!file) {
	console.error('usage: node flame-browser.js FILE.svg');
	process.exit(2);
}

const painted = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

(async () => {
	const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
						args: ['--no-sandbox'] });
	const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
	const errors = [];
	page.on('pageerror', (e) => errors.push(String(e)));
	const t0 = Date.now();
	await page.goto('file://' + path.resolve(file), { waitUntil: 'load' });
	await page.evaluate(painted);
	const firstPaint = Date.now() - t0;
	const fp = await page.evaluate(() => {
		const e = performance.getEntriesByName('first-paint')[0];
		return e ? e.startTime : null;
	});
	const info = await page.evaluate(() => ({ frames: document.querySelectorAll('#frames > g').length }));
	/* zoom into the widest frame under 60% of the width, then back */
	const zoom = await page.evaluate(async () => {
		const painted = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
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
		const t2 = performance.now();
		document.getElementById('unzoom').dispatchEvent(new MouseEvent('click', { bubbles: true }));
		await painted();
		return { zoomMs, unzoomMs: performance.now() - t2, width: bw };
	});
	/* a search that matches about half the names: '/' asks, the answer is 'a.*e' */
	const search = await page.evaluate(async () => {
		const painted = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
		window.prompt = () => 'a.*e';
		const t = performance.now();
		window.dispatchEvent(new KeyboardEvent('keydown', { key: '/' }));
		await painted();
		return { ms: performance.now() - t, matched: document.getElementById('matched').textContent };
	});
	/* the sandwich of the widest frame under 60%: an Alt-click, until painted */
	const sandwich = await page.evaluate(async () => {
		const painted = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
		let best = null, bw = -1;
		for (const g of document.querySelectorAll('#frames > g')) {
			const w = parseFloat(g.querySelector('rect').getAttribute('width'));
			if (w > bw && w < 60 && !g.classList.contains('narrow')) {
				bw = w;
				best = g;
			}
		}
		const t = performance.now();
		best.dispatchEvent(new MouseEvent('click', { bubbles: true, altKey: true }));
		await painted();
		const el = document.getElementById('sandwich');
		return { ms: performance.now() - t, frames: el ? el.querySelectorAll('g').length : 0 };
	});
	console.log(`search: ${search.ms.toFixed(0)} ms (target 150 ms), ${search.matched}`);
	console.log(`sandwich: ${sandwich.ms.toFixed(0)} ms (target 300 ms), ${sandwich.frames} frames`);
	console.log(`${path.basename(file)}: ${info.frames} frames; first paint ${firstPaint} ms` +
		    (fp !== null ? ` (paint timing ${fp.toFixed(0)} ms)` : '') +
		    `; zoom ${zoom.zoomMs.toFixed(0)} ms, reset ${zoom.unzoomMs.toFixed(0)} ms` +
		    ` (targets: 1000 ms, 100 ms)`);
	if (errors.length)
		console.log('page errors: ' + errors.join(' | '));
	await browser.close();
})().catch((e) => {
	console.error('flame-browser:', e.message);
	process.exit(1);
});
