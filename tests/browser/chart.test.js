#!/usr/bin/env node
/*
 * A flame chart of a real recording in headless Chromium: the time axis,
 * the times on hover, and the small lanes folded into one that opens on a
 * click.
 *
 * usage: node chart.test.js DIR LANES SAMPLES
 *   DIR/chart.svg and DIR/chart-icicle.svg are `cprof flame --flamechart`
 *   (and --icicle) of `threads 1` running beside three short spinners
 *   (spin_a, spin_b, spin_c); LANES and SAMPLES are the number of threads
 *   under 1% of the samples and their samples, from `cprof fold --tid`.
 */
'use strict';
const { check, openPage: open, run } = require('./helpers');

const [dir, lanesArg, samplesArg] = process.argv.slice(2);
if (!dir || !lanesArg) {
	console.error('usage: node chart.test.js DIR LANES SAMPLES');
	process.exit(2);
}
const LANES = Number(lanesArg), SAMPLES = Number(samplesArg);
const openPage = (browser, name, query) => open(browser, dir, name, query);

/* The frames whose name matches re, as a user sees them. */
function frames(page, re) {
	return page.evaluate((src) => {
		const out = [];
		for (const g of document.querySelectorAll('#frames > g')) {
			const t = g.querySelector('title').textContent;
			const name = t.slice(0, t.lastIndexOf(' ('));
			if (!new RegExp(src).test(name))
				continue;
			const b = g.querySelector('rect').getBoundingClientRect();
			out.push({ name: name, title: t, shown: getComputedStyle(g).display !== 'none' && b.width > 0,
				   left: b.left, right: b.right, top: b.top, bottom: b.bottom,
				   cx: b.left + Math.min(b.width / 2, 20), cy: b.top + b.height / 2 });
		}
		return out;
	}, re.source);
}

/* The axis's ticks: centre in pixels and label in nanoseconds, left to right. */
function ticks(page) {
	return page.evaluate(() => {
		const unit = { s: 1e9, ms: 1e6, '\u00b5s': 1e3 };
		return [...document.querySelectorAll('#axis text')].map((t) => {
			const b = t.getBoundingClientRect();
			const m = /^([0-9.]+) (s|ms|\u00b5s)$/.exec(t.textContent);
			return { px: b.left + b.width / 2, label: t.textContent,
				 ns: m ? Number(m[1]) * unit[m[2]] : NaN };
		});
	});
}

/* "0.512 s to 0.730 s, 218.00 ms" of a details line, in nanoseconds. */
function span(details) {
	const unit = { s: 1e9, ms: 1e6, '\u00b5s': 1e3, ns: 1 };
	const m = /([0-9.]+) (s|ms|\u00b5s) to ([0-9.]+) (s|ms|\u00b5s), ([0-9.]+) (s|ms|\u00b5s|ns)\)$/.exec(details);
	check(m, `no time span in the details line: ${details}`);
	return { from: m[1] * unit[m[2]], to: m[3] * unit[m[4]], d: m[5] * unit[m[6]] };
}

const detailsOf = async (page, f) => {
	await page.mouse.move(f.cx, f.cy);
	return page.evaluate(() => document.getElementById('details').textContent);
};

/* A time read off the axis at pixel px, from its first and last ticks. */
function axisTime(tk, px) {
	const a = tk[0], b = tk[tk.length - 1];
	return a.ns + ((px - a.px) * (b.ns - a.ns)) / (b.px - a.px);
}

function checkTicks(tk, what) {
	/* at least 100 px apart at 1, 2 or 5 times a power of ten: 2 or more in 600 px */
	check(tk.length >= 2, `${what}: ${tk.length} ticks (${tk.map((t) => t.label).join(', ')})`);
	check(tk.every((t) => t.ns >= 0), `${what}: a label is not a time in s or ms: ${tk.map((t) => t.label)}`);
	const step = tk[1].ns - tk[0].ns;
	const m = step / Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
	check([1, 2, 5].some((k) => Math.abs(m - k) < 1e-6), `${what}: a step of ${step} ns is not 1, 2 or 5 times a power of ten`);
	for (let i = 1; i < tk.length; i++) {
		check(Math.abs(tk[i].ns - tk[i - 1].ns - step) <= step * 1e-6, `${what}: uneven ticks ${tk.map((t) => t.label)}`);
		/* AXIS_TICK_PX apart, less a pixel of rounding */
		check(tk[i].px - tk[i - 1].px >= 99, `${what}: ticks ${tk[i - 1].label} and ${tk[i].label} are ` +
		      `${(tk[i].px - tk[i - 1].px).toFixed(0)} px apart`);
	}
}

run({
	async 'the axis and the times on hover agree with the frames'(browser) {
		const page = await openPage(browser, 'chart.svg');
		const tk = await ticks(page);
		checkTicks(tk, 'first paint');
		const [alpha] = await frames(page, /^alpha-\d+\/\d+$/);
		check(alpha && alpha.shown, 'no lane for the thread alpha');
		const t = span(await detailsOf(page, alpha));
		/* alpha burns 1 s of CPU time: its lane lasts at least that long, less a sample or two */
		check(t.to - t.from >= 0.9e9, `alpha's lane lasts ${(t.to - t.from) / 1e6} ms, under 1 s`);
		check(Math.abs(t.d - (t.to - t.from)) <= 0.01 * t.d + 1e6, `duration ${t.d} is not end - start`);
		/* the hover's times are where the axis puts the frame's edges */
		const range = tk[tk.length - 1].ns - tk[0].ns;
		for (const [px, ns, edge] of [[alpha.left, t.from, 'start'], [alpha.right, t.to, 'end']]) {
			const at = axisTime(tk, px);
			check(Math.abs(at - ns) <= 0.01 * range, `alpha's ${edge}: ${ns / 1e6} ms on hover, ` +
			      `${(at / 1e6).toFixed(1)} ms on the axis`);
		}
		/* a zoom shows the zoomed frame's time on the axis */
		const [work] = (await frames(page, /^alpha_work$/)).filter((f) => f.shown)
			.sort((a, b) => b.right - b.left - (a.right - a.left));
		check(work, 'no alpha_work frame');
		const w = span(await detailsOf(page, work));
		await page.mouse.click(work.cx, work.cy);
		const zt = await ticks(page);
		checkTicks(zt, 'zoomed');
		check(zt[0].ns >= w.from - 1e-6 * w.from && zt[zt.length - 1].ns <= w.to * (1 + 1e-6),
		      `the zoomed axis (${zt[0].label} to ${zt[zt.length - 1].label}) leaves alpha_work's span ` +
		      `(${w.from / 1e6} to ${w.to / 1e6} ms)`);
		const [zw] = (await frames(page, /^alpha_work$/)).filter((f) => f.shown && f.right - f.left > 500);
		check(zw && Math.abs(axisTime(zt, zw.left) - w.from) <= 0.01 * (w.to - w.from) &&
		      Math.abs(axisTime(zt, zw.right) - w.to) <= 0.01 * (w.to - w.from),
		      'the zoomed frame is not where the axis puts its times');
		await page.click('#unzoom');
		/* a narrower window: fewer ticks, still apart */
		await page.setViewportSize({ width: 650, height: 700 });
		await page.waitForTimeout(100);
		const nt = await ticks(page);
		checkTicks(nt, 'at 650 px');
		check(nt.length <= tk.length, `${nt.length} ticks at 650 px, ${tk.length} at 1300 px`);
		return page;
	},

	async 'the small lanes are folded into one that opens on a click'(browser) {
		for (const [file, icicle] of [['chart.svg', false], ['chart-icicle.svg', true]]) {
			const page = await openPage(browser, file);
			const others = await frames(page, /^\(\d+ other threads\)$/);
			check(others.length >= 1, `${file}: no others lane`);
			check(others.every((f) => f.name === `(${LANES} other threads)`),
			      `${file}: ${others[0].name}, but ${LANES} threads have under 1% of the samples`);
			const n = others.reduce((a, f) => a + Number(/\(([\d,]+) samples/.exec(f.title)[1].replace(/,/g, '')), 0);
			check(n === SAMPLES, `${file}: the others lane holds ${n} samples, the small threads ${SAMPLES}`);
			for (const re of [/^alpha-/, /^beta-/])
				check((await frames(page, re)).some((f) => f.shown), `${file}: ${re} is not shown`);
			for (const c of ['a', 'b', 'c'])
				check((await frames(page, new RegExp('^spin_' + c + '-'))).every((f) => !f.shown),
				      `${file}: spin_${c} is shown before the others lane is opened`);
			const d = await detailsOf(page, others[0]);
			check(/click to show them/.test(d) && / to .*, /.test(d), `${file}: details of the others lane: ${d}`);
			await page.mouse.click(others[0].cx, others[0].cy);
			const url = await page.evaluate(() => location.href);
			check(/lanes=all/.test(url), `${file}: the address does not keep the open lanes: ${url}`);
			const [oth] = await frames(page, /^\(\d+ other threads\)$/);
			const big = [...await frames(page, /^alpha-/), ...await frames(page, /^beta-/)];
			const frameBox = await page.evaluate(() => {
				const b = document.getElementById('frames').getBoundingClientRect();
				return { top: b.top, bottom: b.bottom };
			});
			for (const c of ['a', 'b', 'c']) {
				const lane = (await frames(page, new RegExp('^spin_' + c + '-'))).filter((f) => f.shown);
				check(lane.length, `${file}: spin_${c} is not shown once the lanes are open`);
				for (const f of lane) {
					/* beyond the others lane, away from the busy lanes, inside the picture */
					check(icicle ? f.top >= oth.bottom : f.bottom <= oth.top,
					      `${file}: spin_${c}'s lane is not ${icicle ? 'below' : 'above'} the others lane`);
					check(big.every((b) => f.bottom <= b.top || f.top >= b.bottom),
					      `${file}: spin_${c}'s lane overlaps a busy lane`);
					check(f.top >= frameBox.top - 0.5 && f.bottom <= frameBox.bottom + 0.5,
					      `${file}: spin_${c}'s lane is outside the frames' box`);
				}
			}
			/* the axis stays under the frames */
			const axisTop = await page.evaluate(() => document.getElementById('axis').getBoundingClientRect().top);
			check(axisTop >= frameBox.bottom - 0.5, `${file}: the axis is not under the opened lanes`);
			/* a link keeps them open; a click folds them again */
			const again = await openPage(browser, file, '?lanes=all');
			check((await frames(again, /^spin_a-/)).some((f) => f.shown), `${file}: ?lanes=all does not open the lanes`);
			await again.close();
			const [o2] = await frames(page, /^\(\d+ other threads\)$/);
			await page.mouse.click(o2.cx, o2.cy);
			check((await frames(page, /^spin_a-/)).every((f) => !f.shown), `${file}: a second click does not fold the lanes`);
			if (!icicle)
				await page.close();
			else
				return page;
		}
		return null;
	},
});
