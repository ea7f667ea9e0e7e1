// Two named JavaScript functions that run hot enough to be JIT-compiled;
// under `node --perf-basic-prof` V8 names their code in /tmp/perf-PID.map.
// Usage: node --perf-basic-prof jit.js [SECONDS] (default 1).
'use strict';

function cprofAlphaWork(n) {
	let x = 0;
	for (let i = 0; i < n; i++)
		x = (x * 31 + i) % 1000003;
	return x;
}

function cprofBetaWork(n) {
	let y = 1;
	for (let i = 0; i < n; i++)
		y = (y * 17 + (i ^ y)) % 999983;
	return y;
}

const end = Date.now() + Number(process.argv[2] || 1) * 1000;
let sum = 0;
while (Date.now() < end)
	sum += cprofAlphaWork(100000) + cprofBetaWork(100000);
console.log(sum % 10);
