'use strict';
// Review of the SMEPay Trigger's payment verification: forged webhooks that try to come out
// verified through the check that SMEPay ties a slug to the webhook's ref_id (the second status
// call, with a ref_id no order has).
const { useIntegration } = require('../harness/integration');
const {
	startTrigger,
	useApiShape,
	createOrder,
	paymentBody,
	createPayout,
	settlePayout,
} = require('./triggerSteps');

const it = useIntegration({ seed: { orderTtlSeconds: 1e7 } });
const DOCUMENTED = { webhookTransactionId: 'txn', orderStatusEndpoint: false };

let hook;
afterEach(async () => {
	await it.control('POST', '/config', { ...DOCUMENTED, qrStatusRefId: 'checked' });
	await it.control('DELETE', '/faults');
	await hook?.close();
	hook = undefined;
});

/**
 * SMEPay answering the status call for the slug alone (names no ref_id), a paid order and an
 * unpaid one, and a webhook for the unpaid one that names the paid one's slug and amount.
 */
async function forgedWithPaidSlug() {
	await useApiShape(it, DOCUMENTED);
	await it.control('POST', '/config', { qrStatusRefId: 'ignored' });
	hook = await startTrigger(it);
	const paid = await createOrder(it, { amount: '310.00' });
	await it.control('POST', `/orders/${paid.slug}/settle`, { status: 'SUCCESS' });
	const unpaid = await createOrder(it, { amount: '310.00' });
	const body = { ...(await paymentBody(it, paid.slug)), ref_id: unpaid.orderId, slug: paid.slug };
	return { paid, unpaid, body };
}

/** The second status call (the tie check) answered by `fault`; the first one goes through. */
async function tieCheckAnswered(fault) {
	await it.control('POST', '/faults', {
		match: { path: '/api/external/qr/status' },
		skip: 1,
		times: 1,
		...fault,
	});
}

describe('the tie check cannot be fooled into confirming a forged payment', () => {
	test('rate-limited with 429 → 503 (SMEPay retries), no run', async () => {
		const { body } = await forgedWithPaidSlug();
		await tieCheckAnswered({ action: 'status', status: 429 });
		expect((await hook.post(hook.productionUrl(), body)).status).toBe(503);
		expect(hook.runs).toHaveLength(0);
	});

	test('rate-limited with 200 and status false (an error envelope, not "no such order") → never verified: true', async () => {
		const { body } = await forgedWithPaidSlug();
		await tieCheckAnswered({
			action: 'status',
			status: 200,
			body: { status: false, message: 'rate limit exceeded' },
		});
		await hook.post(hook.productionUrl(), body);
		expect(hook.runs.map((run) => run.items[0].verified)).not.toContain(true);
	});
});

// The claim (README "Repeats and queue mode") matches the event's ref_id / reference_id as the
// body spells it, and the trigger's memory takes another spelling of the same order or payout for
// a repeat. A respelled copy that came out verified first would be the run, claim no row, and
// make SMEPay's own webhook a "duplicate": the payment never fulfilled.
describe('an order or payout id spelled otherwise than SMEPay has it is never the verified run', () => {
	const verifiedRuns = () =>
		hook.runs.map((run) => run.items[0]).filter((item) => item.verified === true);

	test.each([
		['in other letter case', (ref) => ref.toLowerCase(), 'answered'],
		['with spaces around it', (ref) => ` ${ref} `, 'answered'],
		['with spaces around it', (ref) => ` ${ref} `, 'checked'],
	])(
		"payment: the order's slug with its ref_id %s first, then SMEPay's own webhook → one verified run, with SMEPay's ref_id (status call: %s)",
		async (_, respell, qrStatusRefId) => {
			await it.control('POST', '/config', { qrStatusRefId });
			hook = await startTrigger(it);
			const order = await createOrder(it, { amount: '45.00' });
			await it.control('POST', `/orders/${order.slug}/settle`, { status: 'SUCCESS' });
			const real = { ...(await paymentBody(it, order.slug)), slug: order.slug };
			await hook.post(hook.productionUrl(), { ...real, ref_id: respell(real.ref_id) });
			await hook.post(hook.productionUrl(), real);
			expect(verifiedRuns().map((item) => item.payload.ref_id)).toEqual([order.orderId]);
		},
	);

	test.each([
		['in other letter case', (ref) => ref.toLowerCase()],
		['with spaces around it', (ref) => ` ${ref} `],
	])(
		"payout: its reference_id %s first, then SMEPay's own webhook → one verified run, with SMEPay's reference_id",
		async (_, respell) => {
			hook = await startTrigger(it);
			const payout = await createPayout(it, { amount: 120 });
			await settlePayout(it, payout.id);
			const real = {
				id: payout.id,
				reference_id: payout.reference_id,
				amount: payout.amount,
				status: 'SUCCESS',
			};
			await hook.post(hook.productionUrl(), {
				...real,
				reference_id: respell(real.reference_id),
			});
			await hook.post(hook.productionUrl(), real);
			expect(verifiedRuns().map((item) => item.payload.reference_id)).toEqual([
				payout.reference_id,
			]);
		},
	);
});
