/*
 * cprof export --format speedscope, imported by speedscope's own code (the
 * npm package's page, fed the file as its command line tool feeds it): the
 * profiles it lists, and each function's Total and Self in its sandwich
 * table, equal what cprof's folded stacks of the same thread say.
 *
 *	node speedscope.test.js DIR
 *
 * DIR holds all.js and one.js (the exports, wrapped for speedscope's
 * localProfilePath), threads.txt (the number of threads) and one.folded
 * (`cprof fold --tid=TID --period` of the thread in one.js).
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { readFolded, check, openPage, run } = require('./helpers');

const dir = process.argv[2];
const page_ = path.join(path.dirname(require.resolve('speedscope/package.json')),
			'dist', 'release', 'index.html');

/* Total and Self in nanoseconds of every function of a folded thread (root frame dropped). */
function expected(file) {
	const fns = new Map();
	for (const s of readFolded(file)) {
		const frames = s.frames.slice(1);
		for (const f of new Set(frames)) {
			const e = fns.get(f) || { total: 0, self: 0 };
			e.total += s.count;
			fns.set(f, e);
		}
		fns.get(frames[frames.length - 1]).self += s.count;
	}
	return fns;
}

const units = { ns: 1, 'µs': 1e3, us: 1e3, ms: 1e6, s: 1e9, min: 60e9 };
function nanoseconds(text) {
	const m = /^([\d.]+)(ns|µs|us|ms|s|min)/.exec(text.trim());
	check(m, `not a duration: '${text}'`);
	return Number(m[1]) * units[m[2]];
}

/* The sandwich table's rows: name -> { total, self } in nanoseconds, as shown. */
async function table(page) {
	await page.waitForFunction(() => /Symbol Name/.test(document.body.innerText), null,
				   { timeout: 60000 });
	/* The table draws only the rows in view: a tall window shows them all. */
	await page.setViewportSize({ width: 1300, height: 20000 });
	await page.waitForFunction(() => /\n\s*(alpha|beta)_work\s*(\n|$)/.test(document.body.innerText),
				   null, { timeout: 30000 }).catch(() => {});
	const lines = (await page.evaluate(() => document.body.innerText)).split('\n');
	const rows = new Map(), dup = new Set();
	const start = lines.findIndex((l) => /Total\s+Self\s+Symbol Name/.test(l));
	for (let i = start + 1; i + 2 < lines.length; i += 3) {
		const name = lines[i + 2].trim();
		if (rows.has(name))
			dup.add(name);
		rows.set(name, { total: nanoseconds(lines[i]), self: nanoseconds(lines[i + 1]) });
	}
	for (const d of dup)
		rows.delete(d);	/* a kernel and a user function of one name */
	return rows;
}

/* Shown with two decimals in its unit: within half of the last digit. */
function close(shown, want) {
	const unit = want >= 1e9 ? 1e9 : want >= 1e6 ? 1e6 : want >= 1e3 ? 1e3 : 1;
	return Math.abs(shown - want) <= 0.005 * unit + 1e-6 * want;
}

/* speedscope draws with WebGL, which headless Chromium emulates in software
 * and warns about: those warnings are the machine's, not errors of the file. */
async function open(browser, js) {
	const page = await openPage(browser, path.dirname(page_), path.basename(page_),
				    '#view=sandwich&localProfilePath=' + path.join(dir, js));
	const errors = page.errors;
	page.errors = { push: (e) => /WebGL|GPU stall/.test(e) || errors.push(e) };
	page.real_errors = errors;
	return page;
}

/* The page with its real errors, for run()'s check. */
function done(page) {
	page.errors = page.real_errors.filter((e) => !/WebGL|GPU stall/.test(e));
	return page;
}

run({
	'one profile per thread, listed in the toolbar': async (browser) => {
		const page = await open(browser, 'all.js');
		const n = fs.readFileSync(path.join(dir, 'threads.txt'), 'utf8').trim();
		await page.waitForFunction((k) => new RegExp(`\\(1/${k}\\)`).test(document.body.innerText),
					   n, { timeout: 60000 });
		return done(page);
	},
	"a thread's functions: Total and Self as cprof's stacks say": async (browser) => {
		const page = await open(browser, 'one.js');
		const want = expected(path.join(dir, 'one.folded'));
		const rows = await table(page);
		let checked = 0;
		for (const [name, e] of want) {
			const r = rows.get(name);
			if (!r)
				continue;
			check(close(r.total, e.total), `${name}: Total ${r.total} ns, cprof ${e.total}`);
			check(close(r.self, e.self), `${name}: Self ${r.self} ns, cprof ${e.self}`);
			checked++;
		}
		check(checked >= 3 && checked >= 0.8 * want.size,
		      `only ${checked} of ${want.size} functions found in speedscope's table`);
		check(rows.has('burn') && (rows.has('alpha_work') || rows.has('beta_work')),
		      `the workload's functions are missing: ${[...rows.keys()].join(' ')}`);
		return done(page);
	},
});
