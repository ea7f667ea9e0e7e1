#!/usr/bin/env node
/*
 * The memory timeline of a flame graph in headless Chromium: a drag over a
 * span of it narrows the graph to that time, a click shows it whole again.
 *
 * usage: node memory.test.js DIR
 *   DIR/faults.svg is the page-fault graph of `memwork touch`: big() touches
 *   100 MB first, then small() 10 MB, then it holds them 0.3 s.  Where these
 *   fall on the timeline is read from the graph, not assumed.
 */
'use strict';
const { check, frame, openPage: open, run } = require('./helpers');

const [dir] = process.argv.slice(2);
if (!dir) {
	console.error('usage: node memory.test.js DIR');
	process.exit(2);
}
const openPage = (browser, name) => open(browser, dir, name);

/* Drags over the timeline from fraction a to fraction b of its width. */
async function drag(page, a, b) {
	const box = await page.evaluate(() => {
		const r = document.getElementById('rss').getBoundingClientRect();
		return { left: r.left, top: r.top, width: r.width, height: r.height };
	});
	const y = box.top + box.height / 2;
	await page.mouse.move(box.left + box.width * a, y);
	await page.mouse.down();
	await page.mouse.move(box.left + box.width * b, y, { steps: 4 });
	await page.mouse.up();
}

const share = (f) => parseFloat(f.width);

/*
 * The timeline's times, and the start of the first 100 ms span in which
 * small() ran, found through the page's own narrowing: on a loaded machine
 * the workload's phases fall anywhere on the timeline.
 */
async function phases(page) {
	const t = await page.evaluate(() => {
		const r = document.getElementById('rss');
		const spans = r.getAttribute('data-spans').split(';');
		return { step: Number(r.getAttribute('data-span-ns')) || 1e8,
			 t0: Number(r.getAttribute('data-start')), t1: Number(r.getAttribute('data-end')),
			 buckets: [...new Set(spans.map((x) => Number(x.slice(0, x.indexOf(':')))))]
				 .sort((a, b) => a - b) };
	});
	for (const bk of t.buckets) {
		await page.evaluate(([a, z]) => window.cprofFlame.narrow(a, z),
				    [bk * t.step, (bk + 1) * t.step]);
		if (!(await frame(page, 'small')).hidden) {
			t.small = bk * t.step;
			break;
		}
	}
	await page.evaluate(() => window.cprofFlame.narrow(null));
	check(t.small !== undefined, 'no span of the timeline holds small()');
	/* a time as a fraction of the timeline's width */
	t.at = (ns) => Math.min(1, Math.max(0, (ns - t.t0) / (t.t1 - t.t0 || 1)));
	return t;
}

const tests = {
	async 'the timeline is drawn under the title, with memory in its tooltip'(b) {
		const page = await openPage(b, 'faults.svg');
		const t = await page.evaluate(() => {
			const r = document.getElementById('rss');
			return { title: r.querySelector('title').textContent,
				 top: r.getBoundingClientRect().top,
				 frames: document.getElementById('frames').getBoundingClientRect().top };
		});
		check(/^resident memory: .* MiB, growth \+/.test(t.title), `title '${t.title}'`);
		check(t.top < t.frames, 'the timeline is not above the frames');
		return page;
	},

	async 'dragging over the start narrows the graph to big() alone'(b) {
		const page = await openPage(b, 'faults.svg');
		const whole = await frame(page, 'big');
		check(!(await frame(page, 'small')).hidden, 'small() is not drawn to begin with');
		const t = await phases(page);
		/* from the start to just before small()'s first span */
		await drag(page, 0, t.at(t.small) - 0.004);
		/* Most of the span is big(): not more than of the whole, as the
		 * start-up's faults all fall in it and big()'s last ones can share
		 * small()'s first span (82% against 90.6% on a loaded machine). */
		const big = await frame(page, 'big');
		check(!big.hidden && share(big) > 50,
		      `big() is ${big.width} of the span, ${whole.width} of the whole`);
		check((await frame(page, 'small')).hidden, 'small() is drawn in a span before it ran');
		return page;
	},

	async 'dragging over the end shows small(), and a click shows the whole again'(b) {
		const page = await openPage(b, 'faults.svg');
		const whole = await frame(page, 'small');
		const t = await phases(page);
		/* from small()'s first span to the end */
		await drag(page, t.at(t.small) + 0.002, 1);
		const small = await frame(page, 'small');
		check(!small.hidden && share(small) > share(whole),
		      `small() is ${small.width} of the span, ${whole.width} of the whole`);
		const box = await page.evaluate(() => {
			const r = document.getElementById('rss').getBoundingClientRect();
			return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
		});
		await page.mouse.click(box.x, box.y);
		const again = await frame(page, 'small');
		check(again.width === whole.width, `after the click small() is ${again.width}, ` +
		      `whole ${whole.width}`);
		return page;
	},
};

run(tests);
