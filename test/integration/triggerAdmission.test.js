'use strict';
// What a flood can make the trigger do (admission.ts), through n8n-core against the sandbox with a
// slow SMEPay, so that look-ups pile up: a trigger has at most MAX_LOOKUPS_IN_FLIGHT SMEPay
// look-ups in flight and MAX_LOOKUPS_WAITING waiting, one order at most MAX_WAITING_PER_ORDER
// deliveries waiting; a delivery beyond is answered 503 at once (SMEPay sends it again), and a
// real event among a flood runs exactly once: at once, or on its retry.
const { randomUUID } = require('node:crypto');
const { useIntegration } = require('../harness/integration');
const { captureLogs } = require('../harness/webhook');
const { startTrigger, createPayout, settlePayout } = require('./triggerSteps');
const {
	MAX_LOOKUPS_IN_FLIGHT,
	MAX_LOOKUPS_WAITING,
	MAX_WAITING_PER_ORDER,
} = require('../../dist/nodes/SmePayTrigger/admission');

const it = useIntegration({}, { clearFaults: true });
const LOOKUP = '/api/v1/disbursement/payouts/';
const BUSY = 'Too many webhooks at once for this trigger; send this one again later';

let hook;
let logs;
beforeEach(() => {
	logs = captureLogs();
});
afterEach(async () => {
	logs.stop();
	await hook?.close();
	hook = undefined;
});

/** Every payout look-up SMEPay answers after `delayMs`. */
const slowLookups = (delayMs) =>
	it.control('POST', '/faults', { match: { path: LOOKUP }, action: 'delay', delayMs, times: 0 });

async function paidPayout() {
	const payout = await createPayout(it, { amount: 250 });
	await settlePayout(it, payout.id, 'SUCCESS');
	return { ...payout, status: 'SUCCESS' };
}

/** A payout webhook for a payout SMEPay never made: anyone who knows the URL can send it. */
const forged = () => ({
	id: randomUUID(),
	reference_id: `FORGED-${randomUUID().slice(0, 8)}`,
	status: 'SUCCESS',
	amount: 250,
});

/** POSTs, keeping when the answer came. */
async function timedPost(url, body) {
	const reply = await hook.post(url, body);
	return { ...reply, at: Date.now() };
}

async function lookupsSince(since, id) {
	const { requests } = await it.control('GET', '/requests');
	return requests.filter(
		(r) => r.at >= since && r.path.startsWith(LOOKUP) && (id === undefined || r.path.endsWith(id)),
	);
}

test(`a flood of forged payouts at once: at most ${MAX_LOOKUPS_IN_FLIGHT} look-ups in flight, ${MAX_LOOKUPS_WAITING} waiting, the rest 503 at once; a real payout in it runs exactly once`, async () => {
	hook = await startTrigger(it);
	// Warm: the credential holds a token, as it does in the hour after its first use.
	const first = await paidPayout();
	expect((await hook.post(hook.productionUrl(), first)).body.result).toBe('accepted');
	const DELAY_MS = 3000;
	await slowLookups(DELAY_MS);
	const real = await paidPayout();
	const beyond = 120;
	const floodSize = MAX_LOOKUPS_IN_FLIGHT + MAX_LOOKUPS_WAITING + beyond;
	const since = Date.now();
	const flood = Array.from({ length: floodSize }, () => timedPost(hook.productionUrl(), forged()));
	// The real payout arrives among the flood (most likely once the lines are full).
	await new Promise((resolve) => setTimeout(resolve, 50));
	const realDuringFlood = await timedPost(hook.productionUrl(), real);
	const answers = await Promise.all(flood);

	const lookups = await lookupsSince(since);
	const firstLookupAt = Math.min(...lookups.map((r) => r.at));
	// Nothing answered before DELAY_MS: the look-ups that reached SMEPay by then were all in flight.
	expect(lookups.filter((r) => r.at < firstLookupAt + DELAY_MS - 200).length).toBe(
		MAX_LOOKUPS_IN_FLIGHT,
	);
	// The ones in flight and those that waited: one look-up each, no more.
	expect(lookups).toHaveLength(MAX_LOOKUPS_IN_FLIGHT + MAX_LOOKUPS_WAITING);
	expect(answers.every((answer) => answer.status === 503)).toBe(true);
	const turnedAway = answers.filter((answer) => answer.body.error === BUSY);
	expect(turnedAway.length + (realDuringFlood.body.error === BUSY ? 1 : 0)).toBe(beyond + 1);
	// At once: before the first look-up came back.
	expect(Math.max(...turnedAway.map((answer) => answer.at))).toBeLessThan(firstLookupAt + DELAY_MS);
	// Ran at once (its request reached a place), or turned away: never 200 without a run.
	if (realDuringFlood.status === 200) {
		expect(realDuringFlood.body.result).toBe('accepted');
		expect(hook.runs).toHaveLength(2);
	} else {
		expect(realDuringFlood).toMatchObject({ status: 503, body: { error: BUSY } });
		expect(hook.runs).toHaveLength(1);
		// SMEPay's retry, after the flood: the one run.
		await it.control('DELETE', '/faults');
		expect((await hook.post(hook.productionUrl(), real)).body.result).toBe('accepted');
	}
	// Its next retry: a duplicate.
	expect((await hook.post(hook.productionUrl(), real)).body.result).toBe('duplicate');
	expect(hook.runs.map((run) => run.items[0].eventId)).toEqual([first.id, real.id]);

	// n8n's log: one line per kind for the whole flood, not one per webhook.
	const errors = logs.entries.filter((entry) => entry.level === 'error');
	const warnings = logs.entries.filter((entry) => entry.level === 'warn');
	expect(errors).toHaveLength(1);
	expect(errors[0].message).toMatch(/SMEPay knows no payout/);
	expect(warnings).toHaveLength(1);
	expect(warnings[0].message).toMatch(/answered a payout webhook 503 without asking SMEPay/);
}, 120_000);

test(`a flood naming one payout: the one handled and ${MAX_WAITING_PER_ORDER} waiting, the rest 503 at once; the payout runs once and its retries are duplicates`, async () => {
	hook = await startTrigger(it);
	const warm = await paidPayout();
	expect((await hook.post(hook.productionUrl(), warm)).body.result).toBe('accepted');
	await slowLookups(1000);
	const payout = await paidPayout();
	const since = Date.now();
	const beyond = 5;
	const answers = await Promise.all(
		Array.from({ length: 1 + MAX_WAITING_PER_ORDER + beyond }, () =>
			timedPost(hook.productionUrl(), payout),
		),
	);
	const results = answers.map((answer) => answer.body.result ?? answer.body.error);
	expect(results.filter((r) => r === 'accepted')).toHaveLength(1);
	expect(results.filter((r) => r === 'duplicate')).toHaveLength(MAX_WAITING_PER_ORDER);
	expect(results.filter((r) => r === BUSY)).toHaveLength(beyond);
	expect(answers.filter((a) => a.body.error === BUSY).every((a) => a.status === 503)).toBe(true);
	// One look-up: the waiting ones were repeats once the first had run.
	expect(await lookupsSince(since, payout.id)).toHaveLength(1);
	expect(hook.runs.filter((run) => run.items[0].eventId === payout.id)).toHaveLength(1);
	// SMEPay's retries of the ones turned away: duplicates, no second run.
	for (let i = 0; i < beyond; i++) {
		expect((await hook.post(hook.productionUrl(), payout)).body.result).toBe('duplicate');
	}
	expect(hook.runs.filter((run) => run.items[0].eventId === payout.id)).toHaveLength(1);
}, 60_000);

test("one trigger's flood does not take another trigger's look-up places", async () => {
	hook = await startTrigger(it);
	const other = await startTrigger(it);
	try {
		const warm = await paidPayout();
		expect((await hook.post(hook.productionUrl(), warm)).body.result).toBe('accepted');
		expect((await other.post(other.productionUrl(), warm)).body.result).toBe('accepted');
		await slowLookups(1500);
		const flood = Array.from({ length: MAX_LOOKUPS_IN_FLIGHT + MAX_LOOKUPS_WAITING + 20 }, () =>
			hook.post(hook.productionUrl(), forged()),
		);
		await new Promise((resolve) => setTimeout(resolve, 50));
		const real = await paidPayout();
		expect((await other.post(other.productionUrl(), real)).body.result).toBe('accepted');
		const answers = await Promise.all(flood);
		expect(answers.filter((answer) => answer.body.error === BUSY).length).toBeGreaterThan(0);
	} finally {
		await other.close();
	}
}, 120_000);
