'use strict';
// A seeded fault schedule for the sandbox. The sandbox draws `probability` with Math.random,
// which no seed controls, so the randomness lives here: the seed picks which request numbers
// (the k-th request matching a path) get which fault, and each becomes a one-shot rule
// `{ skip, times: 1 }`. The sandbox fires the rule on exactly that request number; which row's
// request it is still depends on timing, but how many faults of which kind fire does not.

/** mulberry32: small, fast, good enough for shuffling test cases. */
function seededRandom(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function shuffle(random, list) {
	const out = [...list];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

/**
 * Rules for the first `requests` requests matching `match`: about `density` of them get a fault
 * drawn from `kinds` ([{ weight, rule, auth? }]). Faults that make the client renew its token
 * (`auth: true`) are kept `authGap` requests apart, so a renewed request is never refused again
 * by the schedule (the node renews once per refusal, by design).
 */
function faultRules({ random, match, requests, density, kinds, authGap = 60 }) {
	const total = kinds.reduce((s, k) => s + k.weight, 0);
	const weighted = () => {
		let pick = random() * total;
		return kinds.find((k) => (pick -= k.weight) < 0) || kinds[kinds.length - 1];
	};
	// Every kind fires at least once (a short run must still meet each), then by weight.
	const mustHave = shuffle(random, kinds);
	const rules = [];
	let lastAuth = -Infinity;
	for (let position = 0; position < requests; position++) {
		if (random() >= density) continue;
		const canAuth = position - lastAuth >= authGap;
		const owedIndex = mustHave.findIndex((k) => canAuth || !k.auth);
		const kind = owedIndex >= 0 ? mustHave.splice(owedIndex, 1)[0] : weighted();
		if (kind.auth) {
			if (!canAuth) continue;
			lastAuth = position;
		}
		// The i-th rule (0-based) of a match sees every request the earlier ones let through.
		rules.push({ match, ...kind.rule, times: 1, skip: position - rules.length, label: kind.label });
	}
	return rules;
}

module.exports = { seededRandom, shuffle, faultRules };
