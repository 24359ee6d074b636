'use strict';
// What a flood can make the trigger do (admission.ts), through n8n-core against the sandbox, with
// SMEPay's answers to payout look-ups held back (a `hold` fault) so that look-ups pile up for as
// long as the test needs: a trigger has at most MAX_LOOKUPS_IN_FLIGHT SMEPay look-ups in flight
// and MAX_LOOKUPS_WAITING waiting, one order at most MAX_WAITING_PER_ORDER deliveries waiting; a
// delivery beyond is answered 503 at once (SMEPay sends it again), and a real event among a flood
// runs exactly once: in its turn, or on its retry.
const { randomUUID } = require('node:crypto');
const { useIntegration } = require('../harness/integration');
const { logsOfEachTest } = require('../harness/webhook');
const { holdPayoutLookups, heldRequests } = require('../harness/sandboxControl');
const { startTrigger, createPayout, settlePayout, waitFor } = require('./triggerSteps');
const {
	MAX_LOOKUPS_IN_FLIGHT,
	MAX_LOOKUPS_WAITING,
	MAX_WAITING_PER_ORDER,
	admissionState,
} = require('../../dist/nodes/SmePayTrigger/admission');

const it = useIntegration({}, { clearFaults: true });
const LOOKUP = '/api/v1/disbursement/payouts/';
const BUSY = 'Too many webhooks at once for this trigger; send this one again later';

let hook;
const logs = logsOfEachTest();
afterEach(async () => {
	await hook?.close();
	hook = undefined;
});

const holdLookups = (except) => holdPayoutLookups(it.control, except);
const held = () => heldRequests(it.control);
/** Lets the held look-ups go, and those that come after them. */
const answerLookups = () => it.control('DELETE', '/faults');

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

/** Posts to a trigger, counting the answers as they come. */
function poster(trigger) {
	const answers = [];
	const post = async (body) => {
		const reply = await trigger.post(trigger.productionUrl(), body);
		answers.push(reply);
		return reply;
	};
	return { post, answers };
}

async function lookupsSince(since, id) {
	const { requests } = await it.control('GET', '/requests');
	return requests.filter(
		(r) => r.at >= since && r.path.startsWith(LOOKUP) && (id === undefined || r.path.endsWith(id)),
	);
}

/** Warm: the credential holds a token, as it does in the hour after its first use. */
async function warm(trigger) {
	expect((await trigger.post(trigger.productionUrl(), await paidPayout())).body.result).toBe(
		'accepted',
	);
}

/** The most look-ups in flight and waiting the trigger had at once, sampled until stop(). */
function watchLines(trigger) {
	const scope = `${trigger.workflowId}/${trigger.node.id}/webhook`;
	const most = { inFlight: 0, waiting: 0 };
	let watching = true;
	const done = (async () => {
		while (watching) {
			const now = admissionState().lookups[scope] ?? { inFlight: 0, waiting: 0 };
			most.inFlight = Math.max(most.inFlight, now.inFlight);
			most.waiting = Math.max(most.waiting, now.waiting);
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
	})();
	return {
		stop: async () => {
			watching = false;
			await done;
			return most;
		},
	};
}

/** SMEPay's retries of a real payout until one is answered 200: its answer then. */
async function retried(trigger, payout, answer) {
	while (answer.status === 503) answer = await trigger.post(trigger.productionUrl(), payout);
	return answer;
}

test(`a flood of forged payouts at once: ${MAX_LOOKUPS_IN_FLIGHT} look-ups in flight, ${MAX_LOOKUPS_WAITING} waiting, the rest 503 at once; real payouts in it run exactly once`, async () => {
	hook = await startTrigger(it);
	await warm(hook);
	const runsBefore = hook.runs.length;
	await holdLookups();
	const { post, answers } = poster(hook);
	const since = Date.now();
	// A real payout first: it takes a place and runs in its turn (or on a retry).
	const first = await paidPayout();
	const firstAnswer = post(first);
	await waitFor(async () => (await held()) === 1);
	const watch = watchLines(hook);
	const floodSize = 1500;
	const flood = Array.from({ length: floodSize }, () => post(forged()));
	// Every place is taken and the line is full: the next ones are answered without a look-up.
	await waitFor(async () => answers.some((a) => a.body.error === BUSY), 60_000);
	// A real payout now: turned away too (or, should a place have come free, checked in its turn).
	const late = await paidPayout();
	const lateAnswer = await post(late);
	await new Promise((resolve) => setTimeout(resolve, 200));
	// A webhook is turned away only when both are full; sampled, never above.
	const most = await watch.stop();
	expect(most.inFlight).toBe(MAX_LOOKUPS_IN_FLIGHT);
	expect(most.waiting).toBeGreaterThan(0);
	expect(most.waiting).toBeLessThanOrEqual(MAX_LOOKUPS_WAITING);
	expect(await held()).toBeLessThanOrEqual(MAX_LOOKUPS_IN_FLIGHT);

	await answerLookups();
	const floodAnswers = await Promise.all(flood);
	expect(floodAnswers.every((a) => a.status === 503)).toBe(true);
	const turnedAway = floodAnswers.filter((a) => a.body.error === BUSY).length;
	// All of those beyond 1,000 at once, had every look-up been held throughout; on a slow machine
	// look-ups end at their 5 s budget meanwhile and more get a place.
	expect(turnedAway).toBeGreaterThan(0);
	// One look-up for each that got a place, in flight or in line; none for those turned away.
	const lookups = await lookupsSince(since);
	expect(
		lookups.filter((r) => !r.path.endsWith(first.id) && !r.path.endsWith(late.id)),
	).toHaveLength(floodSize - turnedAway);
	// Each real payout: 200 accepted in its turn or on SMEPay's retry, one run; then duplicates.
	expect((await retried(hook, first, await firstAnswer)).body.result).toBe('accepted');
	expect((await retried(hook, late, lateAnswer)).body.result).toBe('accepted');
	expect((await hook.post(hook.productionUrl(), late)).body.result).toBe('duplicate');
	expect((await hook.post(hook.productionUrl(), first)).body.result).toBe('duplicate');
	expect(hook.runs.slice(runsBefore).map((run) => run.items[0].eventId)).toEqual([
		first.id,
		late.id,
	]);

	// n8n's log: at most one line per kind for the whole flood, not one per webhook.
	const lines = (pattern) => logs.entries.filter((entry) => pattern.test(entry.message));
	expect(lines(/answered a payout webhook 503 without asking SMEPay/)).toHaveLength(1);
	expect(lines(/set a Secret in the trigger/)).toHaveLength(1);
	expect(lines(/SMEPay knows no payout/).length).toBeLessThanOrEqual(1);
	expect(lines(/asked SMEPay to retry/).length).toBeLessThanOrEqual(1);
	expect(logs.entries.length).toBeLessThanOrEqual(3);
}, 180_000);

test(`a flood naming one payout: the one checked and ${MAX_WAITING_PER_ORDER} waiting, the rest 503 at once; the payout runs once and its retries are duplicates`, async () => {
	hook = await startTrigger(it);
	await warm(hook);
	await holdLookups();
	const payout = await paidPayout();
	const since = Date.now();
	const { post, answers } = poster(hook);
	const beyond = 5;
	const all = Array.from({ length: 1 + MAX_WAITING_PER_ORDER + beyond }, () => post(payout));
	await waitFor(async () => answers.length === beyond && (await held()) === 1, 30_000);
	expect(answers.every((a) => a.status === 503 && a.body.error === BUSY)).toBe(true);
	await answerLookups();
	const results = (await Promise.all(all)).map((a) => a.body.result ?? a.body.error);
	expect(results.filter((r) => r === 'accepted')).toHaveLength(1);
	expect(results.filter((r) => r === 'duplicate')).toHaveLength(MAX_WAITING_PER_ORDER);
	expect(results.filter((r) => r === BUSY)).toHaveLength(beyond);
	// One look-up: those that waited were repeats once the first had run.
	expect(await lookupsSince(since, payout.id)).toHaveLength(1);
	// SMEPay's retries of those turned away: duplicates, no second run.
	for (let i = 0; i < beyond; i++) {
		expect((await hook.post(hook.productionUrl(), payout)).body.result).toBe('duplicate');
	}
	expect(hook.runs.filter((run) => run.items[0].eventId === payout.id)).toHaveLength(1);
}, 60_000);

test("one trigger's flood does not take another trigger's look-up places", async () => {
	hook = await startTrigger(it);
	const other = await startTrigger(it);
	try {
		await warm(hook);
		await warm(other);
		const real = await paidPayout();
		await holdLookups(real.id);
		const { post, answers } = poster(hook);
		const flood = Array.from({ length: 1500 }, () => post(forged()));
		await waitFor(async () => answers.some((a) => a.body.error === BUSY), 60_000);
		// The first trigger's lines are full; the other's payout is checked and runs.
		expect((await other.post(other.productionUrl(), real)).body.result).toBe('accepted');
		await answerLookups();
		await Promise.all(flood);
	} finally {
		await other.close();
	}
}, 120_000);

// A place is handed on when a look-up ends, and the lines' lengths rest on every look-up ending
// within its 5 s budget. A timeout on idleness (n8n's HTTP timeout) never fires while SMEPay's
// answer trickles in byte by byte (a stalled proxy, a bad network): the look-up must end anyway,
// or 500 such look-ups would keep the trigger answering 503 for as long as they trickle.
test('a look-up whose answer trickles in ends within its budget: 503, its place handed back; the retry runs once', async () => {
	hook = await startTrigger(it);
	await warm(hook);
	const scope = `${hook.workflowId}/${hook.node.id}/webhook`;
	const payout = await paidPayout();
	await it.control('POST', '/faults', {
		match: { path: LOOKUP },
		action: 'trickle',
		intervalMs: 15,
		times: 1,
	});
	const started = Date.now();
	const reply = await hook.post(hook.productionUrl(), payout);
	expect({ status: reply.status, withinBudget: Date.now() - started < 7_000 }).toEqual({
		status: 503,
		withinBudget: true,
	});
	expect(admissionState().lookups[scope]).toBeUndefined();
	expect(hook.runs.filter((run) => run.items[0].eventId === payout.id)).toHaveLength(0);
	// SMEPay's retry is checked again and runs; the next is a repeat.
	expect((await hook.post(hook.productionUrl(), payout)).body.result).toBe('accepted');
	expect((await hook.post(hook.productionUrl(), payout)).body.result).toBe('duplicate');
	expect(hook.runs.filter((run) => run.items[0].eventId === payout.id)).toHaveLength(1);
}, 60_000);
