'use strict';
// What the SMEPay Trigger tells the user when SMEPay cannot confirm an event: a payout SMEPay could
// not be asked about is retried (a warning, not the "wrong credential" error), a payout with
// another reference id is refused with a warning naming it, the "not found" error names the
// credential's host, and a trigger without credentials, or with ?slug= but no SMEPay API
// credential, says so instead of failing.
const { useIntegration } = require('../harness/integration');
const { captureLogs } = require('../harness/webhook');
const {
	startTrigger,
	createOrder,
	paymentBody,
	createPayout,
	settlePayout,
} = require('./triggerSteps');

const it = useIntegration({ seed: { orderTtlSeconds: 1e7 } }, { clearFaults: true });

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

const logged = (level) => logs.entries.filter((entry) => entry.level === level);

async function settledPayout(status = 'SUCCESS') {
	const payout = await createPayout(it, { amount: 150 });
	await settlePayout(it, payout.id, status);
	return { ...payout, status };
}

describe('payouts SMEPay cannot confirm', () => {
	test('SMEPay answers 502 to the payout lookup → 503 and a warning that it could not be asked, no credential error', async () => {
		hook = await startTrigger(it);
		const payout = await settledPayout();
		await it.control('POST', '/faults', {
			match: { path: '/api/v1/disbursement/payouts/' },
			action: 'status',
			status: 502,
			times: 1,
		});
		const reply = await hook.post(hook.productionUrl(), payout);
		expect(reply.status).toBe(503);
		expect(hook.runs).toHaveLength(0);
		expect(logged('error')).toHaveLength(0);
		const warnings = logged('warn');
		expect(warnings).toHaveLength(1);
		expect(warnings[0].message).toContain(
			'SMEPay Trigger asked SMEPay to retry a payout webhook: SMEPay could not be asked about the payout: ',
		);
		// Retried, the same webhook is verified and runs once.
		expect((await hook.post(hook.productionUrl(), payout)).body.result).toBe('accepted');
		expect(hook.runs[0].items[0]).toMatchObject({ verified: true, status: 'SUCCESS' });
	});

	test('a payout webhook with another reference id than SMEPay shows → 422, no run, a warning naming the payout', async () => {
		hook = await startTrigger(it);
		const payout = await settledPayout();
		const forged = { ...payout, reference_id: `${payout.reference_id}-FORGED` };
		const reply = await hook.post(hook.productionUrl(), forged);
		expect(reply).toEqual({
			status: 422,
			body: { received: false, error: 'SMEPay does not confirm this event' },
		});
		expect(hook.runs).toHaveLength(0);
		const warnings = logged('warn');
		expect(warnings).toHaveLength(1);
		expect(warnings[0].message).toBe(
			`SMEPay Trigger refused a payout webhook: SMEPay's payout ${payout.id.toLowerCase()} has another reference id than the webhook`,
		);
	});

	test('not found with a custom-host credential: the error names that host (not Test, Live or unknown)', async () => {
		hook = await startTrigger(
			it,
			{},
			{ credentials: { ...it.credentials.wizard, ...it.credentials.disbursementLive } },
		);
		const payout = await settledPayout();
		const reply = await hook.post(hook.productionUrl(), payout);
		expect(reply.status).toBe(503);
		expect(hook.runs).toHaveLength(0);
		const errors = logged('error');
		expect(errors).toHaveLength(1);
		const liveHost = new URL(it.sandbox.liveUrl).host;
		expect(errors[0].message).toContain(
			`for the SMEPay Disbursement API credential "disbursementLive" (custom base URL ${liveHost}). If this event is real`,
		);
	});

	test('not found with a credential reference that has no name: the error names the type and an empty name', async () => {
		const { id } = it.credentials.disbursementLive.smePayDisbursementApi;
		hook = await startTrigger(
			it,
			{},
			{ credentials: { ...it.credentials.wizard, smePayDisbursementApi: { id } } },
		);
		const payout = await settledPayout();
		expect((await hook.post(hook.productionUrl(), payout)).status).toBe(503);
		const errors = logged('error');
		expect(errors).toHaveLength(1);
		expect(errors[0].message).toContain(
			'for the SMEPay Disbursement API credential "" (custom base URL',
		);
	});
});

describe('payments and the credentials selected in the trigger', () => {
	test('a trigger with no credentials at all: a payment runs with verified: false and the reason, answered 200', async () => {
		hook = await startTrigger(it, {}, { credentials: {} });
		// As n8n stores a node that never had a credential: no credentials property.
		delete hook.node.credentials;
		const order = await createOrder(it, { amount: '25.00' });
		await it.control('POST', `/orders/${order.slug}/settle`, { status: 'SUCCESS' });
		const reply = await hook.post(hook.productionUrl(), await paymentBody(it, order.slug));
		expect(reply.status).toBe(200);
		expect(reply.body.result).toBe('accepted');
		expect(hook.errors).toHaveLength(0);
		expect(hook.runs).toHaveLength(1);
		expect(hook.runs[0].items[0]).toMatchObject({
			verified: false,
			verification: { reason: expect.stringContaining('no SMEPay API credential is selected') },
		});
	});

	test('?slug= without an SMEPay API credential → 503 (never runs unverified) and a warning', async () => {
		hook = await startTrigger(it, {}, { credentials: { ...it.credentials.disbursement } });
		const order = await createOrder(it, { amount: '26.00' });
		await it.control('POST', `/orders/${order.slug}/settle`, { status: 'SUCCESS' });
		const reply = await hook.post(
			hook.productionUrl({ slug: order.slug }),
			await paymentBody(it, order.slug),
		);
		expect(reply.status).toBe(503);
		expect(hook.runs).toHaveLength(0);
		const warnings = logged('warn');
		expect(warnings).toHaveLength(1);
		// What to fix, not n8n's "Node does not require credentials".
		expect(warnings[0].message).toBe(
			'SMEPay Trigger asked SMEPay to retry a payment webhook: no SMEPay API credential is selected in the trigger, so SMEPay cannot be asked',
		);
	});

	test('?slug= with the SMEPay API credential: the same kind of payment runs verified', async () => {
		hook = await startTrigger(it);
		const order = await createOrder(it, { amount: '27.00' });
		await it.control('POST', `/orders/${order.slug}/settle`, { status: 'SUCCESS' });
		const reply = await hook.post(
			hook.productionUrl({ slug: order.slug }),
			await paymentBody(it, order.slug),
		);
		expect(reply.body.result).toBe('accepted');
		expect(hook.runs[0].items[0]).toMatchObject({
			verified: true,
			verification: { lookupBy: 'slug', slug: order.slug, status: 'SUCCESS' },
		});
	});
});
