'use strict';
// The trigger's flood bound in a real n8n: anyone who knows a trigger's URL (no Secret set) can
// post webhooks for payouts SMEPay never made, and each makes n8n ask SMEPay. With SMEPay's
// answers held back (a `hold` fault) the look-ups pile up: the trigger keeps 500 in flight and
// 500 waiting and answers the rest 503 at once, without a call, through n8n's own webhook server
// (the status and body SMEPay gets). A real payout settled during the flood is delivered by the
// sandbox as SMEPay delivers it, with its retries, and runs exactly once; no forged one runs.
//
// On an n8n of its own, with the settings `npm start` gives n8n for bursts (2.x: lazy expression
// isolates): with n8n 2.41's defaults every request to a trigger holds n8n's one expression
// isolate while the trigger works, so 2,000 at once take minutes and n8n's SQLite pool answers
// some `500` (measured; docs/flood-bound.md), which would slow the suite's other files.
const fs = require('node:fs');
const { randomUUID } = require('node:crypto');
const { sandboxCredentialSpecs } = require('../../scripts/lib/demoSetup');
const { webhookIntakeEnv } = require('../../scripts/lib/webhookIntakeEnv');
const {
	connectStack,
	executionsOf,
	waitFor,
	nodeOutput,
	activeTrigger,
	postWebhook,
	sandboxPayout,
} = require('./stackClient');
const { startOwnN8n } = require('./ownN8n');
const { holdPayoutLookups, heldRequests } = require('../harness/sandboxControl');

const BUSY = 'Too many webhooks at once for this trigger; send this one again later';
const LOOKUP = '/api/v1/disbursement/payouts/';
const IN_FLIGHT = 500;
const WAITING = 500;
const PER_ORDER_WAITING = 8;
const state = JSON.parse(fs.readFileSync(process.env.SMEPAY_E2E_STATE, 'utf8'));
let stack; // the suite's sandbox
let own; // this file's n8n
let credentials;
let configBefore;
let counter = 0;

beforeAll(async () => {
	stack = await connectStack();
	own = await startOwnN8n(state, { name: 'flood', env: webhookIntakeEnv(state.version, {}) });
	const spec = sandboxCredentialSpecs(state.sandbox).find(
		(c) => c.type === 'smePayDisbursementApi',
	);
	const credential = await own.api.createCredential(spec);
	credentials = { smePayDisbursementApi: { id: credential.id, name: credential.name } };
	const config = await stack.control('GET', '/config');
	configBefore = {
		autoSettlePayoutsMs: config.autoSettlePayoutsMs,
		webhookRetryDelaysSeconds: config.webhookRetryDelaysSeconds,
	};
	await stack.control('POST', '/config', {
		autoSettlePayoutsMs: null,
		// SMEPay retries after 1 min, 5 min…; here after seconds, so the test can see the retries.
		webhookRetryDelaysSeconds: [2, 5, 10, 30, 60],
	});
});

afterAll(async () => {
	await stack?.control('DELETE', '/faults').catch(() => {});
	if (configBefore) await stack.control('POST', '/config', configBefore).catch(() => {});
	await own?.stop();
});

/** An active workflow of one SMEPay Trigger for payout events in this file's n8n. */
const payoutTrigger = (name) =>
	activeTrigger(
		{ api: own.api, webhookUrl: (path) => `${own.n8n.baseUrl}/webhook/${path}` },
		name,
		{ events: ['payout'] },
		credentials,
	);

/** A payout settled SUCCESS in the sandbox, which then delivers its webhook to callbackUrl. */
async function settledPayout(callbackUrl) {
	const payout = await sandboxPayout(stack, {
		callbackUrl,
		amount: 250,
		reference: `E2E-FLOOD-${Date.now().toString(36)}-${++counter}`,
	});
	await stack.control('POST', `/payouts/${payout.id}/settle`, { status: 'SUCCESS' });
	return payout;
}

const answeredOk = (payoutId) =>
	waitFor(
		`a delivery of ${payoutId} answered 200`,
		async () => {
			const list = await stack.payoutDeliveries(payoutId);
			return list.some((d) => d.responseStatus === 200) && list;
		},
		{ timeoutMs: 60_000 },
	);

const holdLookups = () => holdPayoutLookups(stack.control);
const held = () => heldRequests(stack.control);

async function lookupsSince(since) {
	const { requests } = await stack.control('GET', '/requests');
	return requests.filter((r) => r.at >= since && r.path.startsWith(LOOKUP));
}

/** The payout each run of the workflow started for. */
async function eventIdsOfRuns(workflowId) {
	const ids = [];
	for (const summary of await executionsOf(own.api, workflowId)) {
		const execution = await own.api.waitForExecution(summary.id, { timeoutMs: 30_000 });
		ids.push(nodeOutput(execution, 'SMEPay Trigger')[0].json.eventId);
	}
	return ids.sort();
}

/** A payout webhook for a payout SMEPay never made. */
const forged = () => ({
	id: randomUUID(),
	reference_id: `FORGED-${randomUUID().slice(0, 8)}`,
	status: 'SUCCESS',
	amount: 250,
});

test(`2,000 forged payout webhooks at once: ${IN_FLIGHT} look-ups in flight and ${WAITING} waiting, those beyond 503 at once with no call; none runs, and a real payout settled amid them runs once`, async () => {
	const workflow = await payoutTrigger('flood-bound');
	// Warm: the credential holds a token, as it does in the hour after its first use.
	const warm = await settledPayout(workflow.url);
	await answeredOk(warm.id);

	await holdLookups();
	const since = Date.now();
	const answers = [];
	const floodSize = 2000;
	const flood = Array.from({ length: floodSize }, () =>
		postWebhook(workflow.url, forged(), { timeoutMs: 120_000 }).then((answer) => {
			answers.push(answer);
			return answer;
		}),
	);
	await waitFor('a webhook turned away', () => answers.some((a) => a.body?.error === BUSY), {
		timeoutMs: 60_000,
		intervalMs: 20,
	});
	// Turned away only with every place taken: SMEPay never has more than that at once.
	expect(await held()).toBeLessThanOrEqual(IN_FLIGHT);
	// A real payout settles now: its delivery is turned away or checked, and runs once either way.
	const real = await settledPayout(workflow.url);
	await waitFor(
		'its first delivery',
		async () => (await stack.payoutDeliveries(real.id)).length > 0,
		{
			timeoutMs: 60_000,
		},
	);
	await stack.control('DELETE', '/faults');

	const floodAnswers = await Promise.all(flood);
	const turnedAway = floodAnswers.filter((a) => a.status === 503 && a.body?.error === BUSY);
	expect(turnedAway.length).toBeGreaterThan(0);
	// The others were asked about, and SMEPay knows none of them: 503 (SMEPay sends it again);
	// none is answered as handled.
	expect(floodAnswers.filter((a) => a.status !== 503)).toEqual([]);
	// No look-up for those turned away. (In a real n8n a look-up can also end at its budget
	// before its call reaches SMEPay, so some that got a place make none: docs/flood-bound.md.)
	const forgedLookups = (await lookupsSince(since)).filter(
		(r) => !r.path.endsWith(real.id) && !r.path.endsWith(warm.id),
	);
	expect(forgedLookups.length).toBeLessThanOrEqual(floodSize - turnedAway.length);

	// The real payout: answered 200 on a delivery (its first or a retry), one run; no forged run.
	await answeredOk(real.id);
	const runs = await waitFor('two runs', async () => {
		const ids = await eventIdsOfRuns(workflow.id);
		return ids.length >= 2 && ids;
	});
	expect(runs).toEqual([warm.id, real.id].sort());
	expect(
		(await postWebhook(workflow.url, (await stack.payoutDeliveries(real.id))[0].payload)).body,
	).toEqual({
		received: true,
		result: 'duplicate',
	});
}, 300_000);

test(`14 deliveries of one payout at once: one checked, ${PER_ORDER_WAITING} waiting, 5 turned away 503; one run`, async () => {
	const workflow = await payoutTrigger('flood-one-payout');
	const warm = await settledPayout(workflow.url);
	await answeredOk(warm.id);
	// A real payout settled without a callback: its event is posted here as SMEPay would.
	const payout = await settledPayout(undefined);
	const {
		client_id: _client,
		callback_url: _callback,
		history: _history,
		...body
	} = (await stack.ledger()).payouts.find((p) => p.id === payout.id);

	await holdLookups();
	const beyond = 5;
	const answers = [];
	const all = Array.from({ length: 1 + PER_ORDER_WAITING + beyond }, () =>
		postWebhook(workflow.url, body, { timeoutMs: 60_000 }).then((answer) => {
			answers.push(answer);
			return answer;
		}),
	);
	await waitFor('the ones beyond the line answered', async () => answers.length === beyond, {
		intervalMs: 20,
	});
	expect(answers.every((a) => a.status === 503 && a.body?.error === BUSY)).toBe(true);
	await stack.control('DELETE', '/faults');
	const results = (await Promise.all(all)).map((a) => a.body?.result ?? a.body?.error);
	expect(results.filter((r) => r === 'accepted')).toHaveLength(1);
	expect(results.filter((r) => r === 'duplicate')).toHaveLength(PER_ORDER_WAITING);
	expect(results.filter((r) => r === BUSY)).toHaveLength(beyond);
	// SMEPay's retry of one turned away: a duplicate, no second run.
	expect((await postWebhook(workflow.url, body)).body.result).toBe('duplicate');
	const runs = await waitFor('two runs', async () => {
		const ids = await eventIdsOfRuns(workflow.id);
		return ids.length >= 2 && ids;
	});
	expect(runs).toEqual([warm.id, payout.id].sort());
}, 120_000);
