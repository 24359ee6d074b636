'use strict';
// What the SMEPay Trigger tells the user when SMEPay cannot confirm an event: a payout SMEPay could
// not be asked about is retried (a warning, not the "wrong credential" error), a payout with
// another reference id is refused with a warning naming it, the "not found" error names the
// credential's host, and a trigger without credentials, or with ?slug= but no SMEPay API
// credential, says so instead of failing. A payment in the shape a live SMEPay sends (transaction_id
// is the slug) checked with the other environment's credential is answered 503 (SMEPay retries)
// with an error naming the credential wherever SMEPay has a look-up that can find the order; where
// it has none, it runs verified: false and the reason says what to check. Refusals that stay until
// someone acts (a refused token exchange, 401, 403, 400) are errors saying what to fix; those that
// pass by themselves (5xx) stay warnings.
const { useIntegration } = require('../harness/integration');
const { logsOfEachTest } = require('../harness/webhook');
const {
	startTrigger,
	useApiShape,
	createOrder,
	paymentBody,
	createPayout,
	settlePayout,
	deliveries,
	waitFor,
} = require('./triggerSteps');

const it = useIntegration({ seed: { orderTtlSeconds: 1e7 } }, { clearFaults: true });

let hook;
const logs = logsOfEachTest();
afterEach(async () => {
	await useApiShape(it, { webhookTransactionId: 'txn', orderStatusEndpoint: false });
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
		const { utr_number: utr } = (await it.ledger()).payouts.find((p) => p.id === payout.id);
		expect(hook.runs[0].items[0]).toMatchObject({
			verified: true,
			status: 'SUCCESS',
			verification: { source: 'SMEPay payout status', utrNumber: utr },
		});
		expect(utr).toMatch(/\S/);
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
			`SMEPay knows no payout ${payout.id.toLowerCase()} for the SMEPay Disbursement API credential "disbursementLive" (custom base URL ${liveHost}). If this event is real`,
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

/** The trigger with the Live environment's SMEPay API credential (the orders are made in Test). */
const liveCredential = () => ({ ...it.credentials.inlineLive, ...it.credentials.disbursement });

async function paidOrder({ callbackUrl } = {}) {
	const order = await createOrder(it, { callbackUrl, amount: '410.00' });
	await it.control('POST', `/orders/${order.slug}/settle`, { status: 'SUCCESS' });
	if (callbackUrl) await waitFor(async () => (await deliveries(it, order.slug)).length === 1);
	return order;
}

describe("a payment without a slug, checked with the other environment's SMEPay API credential", () => {
	test.each([
		['as seen live (transaction_id is the slug, order status by ref_id)', true],
		['as documented, plus the order status by ref_id', false],
	])(
		"%s: SMEPay's own delivery is answered 503 and retried, the error names the credential; the retry with the right one runs verified",
		async (_, slugAsTransactionId) => {
			await useApiShape(it, {
				webhookTransactionId: slugAsTransactionId ? 'slug' : 'txn',
				orderStatusEndpoint: true,
			});
			hook = await startTrigger(it, {}, { credentials: liveCredential() });
			const order = await paidOrder({ callbackUrl: hook.productionUrl() });
			const [attempt] = await deliveries(it, order.slug);
			expect(attempt.responseStatus).toBe(503);
			expect(attempt.nextRetryInMs).toBe(60_000);
			expect(hook.runs).toHaveLength(0);
			expect(hook.nodeStaticData().seenPaid).toBeUndefined();
			const errors = logged('error');
			expect(errors).toHaveLength(1);
			expect(errors[0].message).toContain(
				`SMEPay Trigger could not verify a payment webhook: SMEPay knows no order with the ref_id "${order.orderId}" for the SMEPay API credential "inlineLive" (custom base URL ${new URL(it.sandbox.liveUrl).host}).`,
			);
			expect(errors[0].message).toMatch(/another SMEPay account or environment/);
			expect(errors[0].message).not.toContain(it.sandbox.clients.collection.live.clientSecret);

			// The credential fixed, SMEPay's retry (the same body) runs once, verified.
			await hook.close();
			hook = await startTrigger(it);
			expect((await hook.post(hook.productionUrl(), attempt.payload)).body.result).toBe('accepted');
			expect(hook.runs[0].items[0]).toMatchObject({ verified: true, status: 'SUCCESS' });
		},
	);

	test.each([
		['transaction_id is the slug, no order status by ref_id', 'slug'],
		['as documented', 'txn'],
	])(
		'%s: SMEPay has no look-up that could find the order, so it looks like the documented payload: verified: false, and the reason says to check the credential',
		async (_, webhookTransactionId) => {
			await useApiShape(it, { webhookTransactionId, orderStatusEndpoint: false });
			hook = await startTrigger(it, {}, { credentials: liveCredential() });
			const order = await paidOrder({ callbackUrl: hook.productionUrl() });
			expect((await deliveries(it, order.slug))[0].responseStatus).toBe(200);
			expect(hook.runs[0].items[0]).toMatchObject({
				verified: false,
				verification: {
					reason: expect.stringContaining(
						"check that the trigger's SMEPay API credential is the account and environment (Test/Live) the orders are made with",
					),
				},
			});
			expect(logged('error')).toHaveLength(0);
		},
	);
});

describe('SMEPay refuses the check for good: 503, and an error in the log that says what to fix', () => {
	/** The Test disbursement keys in a credential of their own: no token yet, so one is exchanged. */
	const freshDisbursementCredential = (id) =>
		it.engine.credentials.add(id, 'smePayDisbursementApi', {
			environment: 'custom',
			baseUrl: it.sandbox.testUrl,
			...it.sandbox.clients.disbursement.test,
		});

	async function payoutTrigger(credentials) {
		hook = await startTrigger(it, { events: ['payout'] }, { credentials });
		return await settledPayout();
	}

	test('the disbursement credential has a wrong Client Secret (the token exchange is refused)', async () => {
		const wrong = it.engine.credentials.add('wrongSecret', 'smePayDisbursementApi', {
			environment: 'custom',
			baseUrl: it.sandbox.testUrl,
			clientId: it.sandbox.clients.disbursement.test.clientId,
			clientSecret: 'not-the-secret-4f1e',
		});
		const payout = await payoutTrigger(wrong);
		expect((await hook.post(hook.productionUrl(), payout)).status).toBe(503);
		expect(hook.runs).toHaveLength(0);
		expect(logged('warn')).toHaveLength(0);
		const errors = logged('error');
		expect(errors).toHaveLength(1);
		expect(errors[0].message).toMatch(
			/^SMEPay Trigger could not verify a payout webhook: SMEPay refused to say whether the payout is real, with the SMEPay Disbursement API credential "wrongSecret" \(custom base URL [^)]+\): .*rejected the credentials.*Check .*Client Secret/,
		);
		expect(errors[0].message).toContain('SMEPay retries it for about 2½ hours');
		// The exchange's message, then the client's description, each a sentence.
		expect(errors[0].message).toContain(
			'only with Live. No Get Payout request was sent: the credential could not get a token. Until this is fixed',
		);
		expect(errors[0].message).not.toContain('not-the-secret-4f1e');
	});

	test("the token endpoint refuses this server's IP address (403)", async () => {
		const payout = await payoutTrigger(freshDisbursementCredential('ipRefused'));
		await it.control('POST', '/faults', {
			match: { path: '/api/v1/disbursement/auth' },
			action: 'status',
			status: 403,
			body: {
				status: false,
				error: 'ip_not_whitelisted',
				message: 'IP 203.0.113.42 is not in the allowed list',
			},
		});
		expect((await hook.post(hook.productionUrl(), payout)).status).toBe(503);
		expect(logged('warn')).toHaveLength(0);
		const errors = logged('error');
		expect(errors).toHaveLength(1);
		expect(errors[0].message).toContain(
			'SMEPay refused to say whether the payout is real, with the SMEPay Disbursement API credential "ipRefused"',
		);
		expect(errors[0].message).toContain('Add the public IP of your n8n server to the IP whitelist');
	});

	test.each([400, 401, 403])('the payout look-up answered %i', async (status) => {
		const payout = await payoutTrigger({ ...it.credentials.disbursement });
		await it.control('POST', '/faults', {
			match: { path: '/api/v1/disbursement/payouts/' },
			action: 'status',
			status,
			times: 2,
		});
		expect((await hook.post(hook.productionUrl(), payout)).status).toBe(503);
		const errors = logged('error');
		expect(errors).toHaveLength(1);
		expect(errors[0].message).toContain('SMEPay refused to say whether the payout is real');
		expect(errors[0].message).toContain(`(HTTP ${status})`);
	});

	test('the status call for the slug the request names answered 400', async () => {
		hook = await startTrigger(it);
		const order = await paidOrder();
		await it.control('POST', '/faults', {
			match: { path: '/api/external/qr/status' },
			action: 'status',
			status: 400,
			body: { status: false, message: 'client_id and slug are required' },
		});
		const reply = await hook.post(
			hook.productionUrl({ slug: order.slug }),
			await paymentBody(it, order.slug),
		);
		expect(reply.status).toBe(503);
		const errors = logged('error');
		expect(errors).toHaveLength(1);
		expect(errors[0].message).toContain(
			'SMEPay refused to say whether the order is real, with the SMEPay API credential "wizard"',
		);
		expect(errors[0].message).toContain('client_id and slug are required');
		// Fixed, the retry runs once, verified.
		expect(
			(await hook.post(hook.productionUrl({ slug: order.slug }), await paymentBody(it, order.slug)))
				.body.result,
		).toBe('accepted');
		expect(hook.runs[0].items[0].verified).toBe(true);
	});

	test('the token endpoint answers 503 (it may pass by itself): a warning, not an error', async () => {
		const payout = await payoutTrigger(freshDisbursementCredential('tokenUnavailable'));
		await it.control('POST', '/faults', {
			match: { path: '/api/v1/disbursement/auth' },
			action: 'status',
			status: 503,
			times: 0,
		});
		expect((await hook.post(hook.productionUrl(), payout)).status).toBe(503);
		expect(logged('error')).toHaveLength(0);
		const warnings = logged('warn');
		expect(warnings).toHaveLength(1);
		expect(warnings[0].message).toContain(
			'SMEPay Trigger asked SMEPay to retry a payout webhook: SMEPay could not be asked about the payout',
		);
	});
});

// The errors are written once a minute (rareLog.ts). Payments and payouts are checked with two
// credentials: when both are wrong, the error naming one must not hold back the one naming the
// other ("and 1 more like it"), or the user fixes one while SMEPay gives up on the other's events.
test('both credentials of the other environment: one error names each, within the same minute', async () => {
	await useApiShape(it, { webhookTransactionId: 'txn', orderStatusEndpoint: true });
	hook = await startTrigger(
		it,
		{},
		{ credentials: { ...it.credentials.inlineLive, ...it.credentials.disbursementLive } },
	);
	const order = await createOrder(it, { amount: '55.00' });
	await it.control('POST', `/orders/${order.slug}/settle`, { status: 'SUCCESS' });
	const payout = await createPayout(it, { amount: 55 });
	await settlePayout(it, payout.id, 'SUCCESS');

	const payment = await hook.post(hook.productionUrl(), await paymentBody(it, order.slug));
	const payoutReply = await hook.post(hook.productionUrl(), { ...payout, status: 'SUCCESS' });
	expect([payment.status, payoutReply.status]).toEqual([503, 503]);
	expect(hook.runs).toHaveLength(0);

	const errors = logged('error').map((entry) => entry.message);
	expect(errors).toEqual([
		expect.stringContaining('for the SMEPay API credential "inlineLive"'),
		expect.stringContaining('for the SMEPay Disbursement API credential "disbursementLive"'),
	]);
});
