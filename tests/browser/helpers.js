/*
 * What the browser tests of cprof's SVGs share: reading folded stacks (the
 * tests' oracle), opening a page that records errors and dialogs, reading
 * frames as a user sees them, and running a list of tests in one Chromium.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

/* Stacks of a folded file: frames without their _[k]-style suffix, and the counts. */
function readFolded(file) {
	const stacks = [];
	for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
		const m = /^(.*\S)\s+(\d+(?:\.\d*)?)$/.exec(line.trim());
		if (m)
			stacks.push({ frames: m[1].split(';').map((f) => f.replace(/_\[[kjiw]\]$/, '')),
				      count: Number(m[2]) });
	}
	return stacks;
}

function check(cond, what) {
	if (!cond)
		throw new Error(what);
}

/* Geometry and state of the first frame named name in a frames view. */
async function frame(page, name, view) {
	return page.evaluate(([n, v]) => {
		for (const g of document.querySelectorAll('#' + v + ' > g')) {
			const t = g.querySelector('title').textContent;
			if (t.slice(0, t.lastIndexOf(' (')) !== n)
				continue;
			const r = g.querySelector('rect');
			const box = r.getBoundingClientRect();
			return { width: r.getAttribute('width'), x: r.getAttribute('x'),
				 y: Number(r.getAttribute('y')), pxWidth: box.width, pxLeft: box.left,
				 pxTop: box.top, hidden: g.classList.contains('hide'),
				 parent: g.classList.contains('parent'),
				 match: g.classList.contains('match'),
				 title: t, fill: getComputedStyle(r).fill,
				 cx: box.left + Math.min(box.width / 2, 20), cy: box.top + box.height / 2 };
		}
		return null;
	}, [name, view || 'frames']);
}

const text = (page, id) => page.evaluate((i) => document.getElementById(i).textContent, id);
const framesWidth = (page, view) => page.evaluate((v) =>
	document.getElementById(v).getBoundingClientRect().width, view || 'frames');

/* A page of dir/name?query that collects console errors and answers prompts with page.answer. */
async function openPage(browser, dir, name, query) {
	const page = await browser.newPage({ viewport: { width: 1300, height: 700 } });
	page.errors = [];
	page.dialogs = [];
	page.on('console', (m) => {
		if (m.type() === 'error' || m.type() === 'warning')
			page.errors.push(m.text());
	});
	page.on('pageerror', (e) => page.errors.push(String(e)));
	page.answer = null;
	page.on('dialog', async (d) => {
		page.dialogs.push({ type: d.type(), message: d.message() });
		if (d.type() === 'prompt' && page.answer !== null)
			await d.accept(page.answer);
		else
			await d.dismiss();
	});
	await page.goto('file://' + path.resolve(dir, name) + (query || ''));
	return page;
}

/* Searches for term by Ctrl-F, F3 or the button (how); returns the Matched line. */
async function search(page, term, how) {
	page.answer = term;
	if (how === 'F3')
		await page.keyboard.press('F3');
	else if (how === 'button')
		await page.click('#search');
	else
		await page.keyboard.press('Control+f');
	await page.waitForFunction(() => document.getElementById('matched').textContent.trim() !== '');
	return text(page, 'matched');
}

/* Pairs of header or footer items that overlap, and items outside the picture. */
function overlaps(page) {
	return page.evaluate(() => {
		const ids = ['title', 'subtitle', 'unzoom', 'search', 'ignorecase', 'fnbutton', 'abswitch',
			     'colorswitch', 'legend', 'narrowinfo', 'scale', 'details', 'matched'];
		const W = document.documentElement.getBoundingClientRect().width;
		const boxes = [];
		for (const id of ids) {
			const el = document.getElementById(id);
			if (!el || el.classList.contains('hide') || !el.textContent.trim())
				continue;
			const r = el.getBoundingClientRect();
			if (r.width > 0)
				boxes.push({ id: id, r: r });
		}
		const out = [];
		for (const a of boxes) {
			if (a.r.left < -0.5 || a.r.right > W + 0.5)
				out.push(`${a.id} leaves the picture (${a.r.left.toFixed(0)}..${a.r.right.toFixed(0)} of ${W})`);
			for (const c of boxes) {
				if (a.id < c.id && a.r.left < c.r.right - 0.5 && c.r.left < a.r.right - 0.5 &&
				    a.r.top < c.r.bottom - 0.5 && c.r.top < a.r.bottom - 0.5)
					out.push(`${a.id} overlaps ${c.id}`);
			}
		}
		return out;
	});
}

/*
 * Runs each test (an async function of the browser returning its page),
 * fails it on console errors, prints one line per test and exits 0 or 1.
 */
function run(tests) {
	(async () => {
		const browser = await chromium.launch({
			executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
			/* No background connections: this machine's network is closed. */
			args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
			       '--disable-component-update', '--disable-sync', '--no-first-run'],
		});
		/* A failure after an update of either says which versions ran. */
		console.log(`# chromium ${browser.version()}, node ${process.version}`);
		const results = [];
		let failures = 0;
		for (const [name, fn] of Object.entries(tests)) {
			let page = null;
			try {
				page = await fn(browser);
				check(page.errors.length === 0, `console errors: ${page.errors.join(' | ')}`);
				results.push('ok - ' + name);
			} catch (e) {
				failures++;
				results.push('not ok - ' + name + ': ' + e.message.split('\n')[0]);
			}
			if (page)
				await page.close();
		}
		await browser.close();
		console.log(results.join('\n'));
		const n = Object.keys(tests).length;
		console.log(`${n - failures}/${n} browser tests passed`);
		process.exit(failures ? 1 : 0);
	})().catch((e) => {
		console.error('browser test harness failed:', e.message);
		process.exit(1);
	});
}

module.exports = { readFolded, check, frame, text, framesWidth, openPage, search, run, overlaps };
