/*
 * cprof export --format speedscope, imported by speedscope's own code (the
 * npm package's page, fed the file as its command line tool feeds it): the
 * profiles it lists, and each function's Total and Self in its sandwich
 * table, equal what cprof's folded stacks of the same thread say.
 *
 *	node speedscope.test.js DIR
 *
 * DIR holds all.js and one.js (the exports, wrapped for speedscope's
 * localProfilePath), threads.txt (each thread's root frame and time in
 * nanoseconds, from `cprof fold --tid --period`) and one.folded
 * (`cprof fold --tid=TID --period` of the thread in one.js).
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { check, openPage, run } = require('./helpers');

const dir = process.argv[2];
const page_ = path.join(path.dirname(require.resolve('speedscope/package.json')),
			'dist', 'release', 'index.html');

/*
 * Total and Self in nanoseconds of every function of a folded thread (root
 * frame dropped).  A name that is both a kernel and a user function (the
 * kernel's __clone3 and glibc's) is two rows in speedscope: left out.
 */
function expected(file) {
	const fns = new Map(), kinds = new Map();
	for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
		const m = /^(.*\S)\s+(\d+)$/.exec(line.trim());
		if (!m)
			continue;
		const count = Number(m[2]);
		const frames = m[1].split(';').slice(1).map((f) => {
			const k = /_\[k\]$/.test(f);
			const name = f.replace(/_\[[kjiw]\]$/, '');
			kinds.set(name, (kinds.get(name) || new Set()).add(k));
			return name;
		});
		for (const f of new Set(frames)) {
			const e = fns.get(f) || { total: 0, self: 0 };
			e.total += count;
			fns.set(f, e);
		}
		fns.get(frames[frames.length - 1]).self += count;
	}
	for (const [name, k] of kinds)
		if (k.size > 1)
			fns.delete(name);
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
	/* A row: Total, Self, then the name with its file as title. */
	const cells = await page.evaluate(() => Array.from(document.querySelectorAll('tr'))
		.map((tr) => Array.from(tr.children))
		.filter((td) => td.length === 3 && td.every((c) => c.tagName === 'TD') &&
			td[2].hasAttribute('title'))
		.map((td) => [td[0].textContent, td[1].textContent, td[2].textContent.trim()]));
	const rows = new Map(), dup = new Set();
	for (const [total, self, name] of cells) {
		if (rows.has(name))
			dup.add(name);
		rows.set(name, { total: nanoseconds(total), self: nanoseconds(self) });
	}
	for (const d of dup)
		rows.delete(d);	/* two functions of one name in different files */
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
	'one profile per thread, with its time, in the profile list': async (browser) => {
		const page = await open(browser, 'all.js');
		const want = new Map(fs.readFileSync(path.join(dir, 'threads.txt'), 'utf8').trim()
			.split('\n').map((l) => [l.slice(0, l.lastIndexOf(' ')),
						 Number(l.slice(l.lastIndexOf(' ') + 1))]));
		await page.waitForFunction((k) => new RegExp(`\\(1/${k}\\)`).test(document.body.innerText),
					   want.size, { timeout: 60000 });
		/* The list's rows: number, name, total; titled with the name. */
		const got = await page.evaluate(() => Array.from(document.querySelectorAll('tr[title]'))
			.map((tr) => [tr.getAttribute('title'), tr.lastElementChild.textContent]));
		check(got.length === want.size, `${got.length} profiles listed, ${want.size} threads`);
		for (const [name, total] of got) {
			check(want.has(name), `profile ${name} is no thread of cprof's`);
			check(close(nanoseconds(total), want.get(name)),
			      `${name}: ${total}, cprof ${want.get(name)} ns`);
		}
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
