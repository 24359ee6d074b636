'use strict';
// What the trigger remembers, through the harness that saves static data as n8n 2.x does (the
// webhook's own changes are lost once its run started; the run's are saved when it ends):
// - events delivered before a restart are still repeats after it;
// - an event that carries the Secret but that SMEPay cannot confirm does not stand for its order:
//   SMEPay's real, verified delivery of that order still runs;
// - events of abandoned orders cannot push a paid order out: CREATED, INITIATED, PENDING and
//   EXPIRED events of real orders are confirmed by SMEPay too (it shows those statuses), so anyone
//   who opens checkouts and leaves them unpaid can make the trigger remember as many as they like.
//   Only other paid events, which cost real money to make, may push a paid one out (memory.ts).
const { useIntegration } = require('../harness/integration');
const {
	startTrigger,
	useApiShape,
	createOrder,
	openCheckouts,
	paymentBody,
	createPayout,
	settlePayout,
	deliveries,
	builtMemory,
	restartN8n,
	waitFor,
} = require('./triggerSteps');

const it = useIntegration({ seed: { orderTtlSeconds: 1e7 } });
let hook;
afterEach(async () => {
	await it.control('POST', '/config', { webhookTransactionId: 'txn', orderStatusEndpoint: false });
	await hook?.close();
	hook = undefined;
});

test.each([2, 1])(
	'n8n %i.x: events delivered by SMEPay before a restart are repeats after it',
	async (n8nMajor) => {
		hook = await startTrigger(it, {}, {});
		hook.n8nMajor = n8nMajor;
		const payouts = [];
		for (let i = 0; i < 3; i++) {
			payouts.push(await createPayout(it, { amount: 100 + i, callbackUrl: hook.productionUrl() }));
		}
		for (const payout of payouts) await settlePayout(it, payout.id, 'SUCCESS');
		const delivered = [];
		for (const payout of payouts) {
			await waitFor(async () => (await deliveries(it, payout.id)).length === 1);
			delivered.push((await deliveries(it, payout.id))[0]);
		}
		expect(delivered.map((d) => d.responseStatus)).toEqual([200, 200, 200]);
		expect(hook.runs).toHaveLength(3);

		restartN8n();
		for (const { payload } of delivered) {
			expect((await hook.post(hook.productionUrl(), payload)).body.result).toBe('duplicate');
		}
		expect(hook.runs).toHaveLength(3);
		expect(hook.nodeStaticData().seenConfirmed).toBeUndefined();
		// Deliveries race each other: the order they were remembered in may differ.
		expect(hook.nodeStaticData().seenPaid.match(/.{12}/g).sort()).toEqual(
			payouts.map((p) => builtMemory().memoryKeyHash(`payout:${p.id}:SUCCESS`)).sort(),
		);
	},
);

test('a forged event with the Secret for an unpaid order cannot make its real payment a repeat', async () => {
	const secret = 'a-long-random-secret-7d1f';
	// SMEPay's webhooks name the order's slug as transaction_id (as seen live), so the real one
	// can be confirmed; nothing can look an order up by its id.
	await useApiShape(it, { webhookTransactionId: 'slug', orderStatusEndpoint: false });
	hook = await startTrigger(it, { options: { secret } });
	const order = await createOrder(it, {
		callbackUrl: hook.productionUrl({ token: secret }),
		amount: '250.00',
	});
	// Someone who learnt the secret (the callback URL reaches the payer's browser in the Wizard
	// flow) posts a SUCCESS for the order before it is paid, without the slug: SMEPay cannot
	// confirm it (the documented API has no look-up by order id), so it runs unverified.
	const forged = await paymentBody(it, order.slug, {
		status: 'SUCCESS',
		transaction_id: 'SME_TXN_FORGED_1',
		amount: '250.00',
	});
	const reply = await hook.post(hook.productionUrl({ token: secret }), forged);
	expect(reply.body.result).toBe('accepted');
	expect(hook.runs[0].items[0].verified).toBe(false);

	// The payer pays; SMEPay delivers the real event, which it confirms: it runs.
	await it.control('POST', `/orders/${order.slug}/settle`, { status: 'SUCCESS' });
	await waitFor(async () => (await deliveries(it, order.slug)).length === 1);
	const [real] = await deliveries(it, order.slug);
	expect(real.responseStatus).toBe(200);
	expect(hook.responses.at(-1).body.result).toBe('accepted');
	expect(hook.runs).toHaveLength(2);
	expect(hook.runs[1].items[0]).toMatchObject({ status: 'SUCCESS', verified: true });
	// And it stands for the order from now on, also after a restart.
	restartN8n();
	const again = await hook.post(hook.productionUrl({ token: secret }), real.payload);
	expect(again.body.result).toBe('duplicate');
	expect(hook.runs).toHaveLength(2);
});

/** A CREATED webhook for an unpaid order, as anyone who knows its slug can post one. */
function createdEvent(order) {
	return {
		ref_id: order.refId,
		transaction_id: order.slug,
		slug: order.slug,
		status: 'CREATED',
		amount: order.amount,
		processed_at: '2025-01-01T12:00:00+05:30',
		created_at: '2025-01-01T11:55:00+05:30',
	};
}

/** POSTs `bodies` to the trigger, a few at a time, as a flood of webhooks arrives. */
async function postAll(url, bodies, atOnce = 4) {
	const replies = [];
	for (let i = 0; i < bodies.length; i += atOnce) {
		const batch = bodies.slice(i, i + atOnce).map((body) => hook.post(url, body));
		replies.push(...(await Promise.all(batch)));
	}
	return replies;
}

test.each([2, 1])(
	'n8n %i.x: a paid order stays a repeat after a restart, however many abandoned orders SMEPay confirmed since',
	async (n8nMajor) => {
		// The live API shape: transaction_id is the order's slug, so each event can be confirmed.
		await useApiShape(it, { webhookTransactionId: 'slug', orderStatusEndpoint: false });
		hook = await startTrigger(it);
		hook.n8nMajor = n8nMajor;

		// Order A is paid; SMEPay delivers its SUCCESS, which runs once.
		const paid = await createOrder(it, { callbackUrl: hook.productionUrl(), amount: '499.00' });
		await it.control('POST', `/orders/${paid.slug}/settle`, { status: 'SUCCESS' });
		await waitFor(async () => (await deliveries(it, paid.slug)).length === 1);
		const [success] = await deliveries(it, paid.slug);
		expect(success.responseStatus).toBe(200);
		expect(hook.runs).toHaveLength(1);
		expect(hook.runs[0].items[0]).toMatchObject({ status: 'SUCCESS', verified: true });

		// More checkouts than the memory holds events are opened and abandoned, and a CREATED
		// event of each is posted: SMEPay shows each order CREATED, so each is confirmed and runs.
		const abandoned = await openCheckouts(it, builtMemory().MAX_REMEMBERED_EVENTS + 1);
		const replies = await postAll(hook.productionUrl(), abandoned.map(createdEvent));
		expect(replies.filter((reply) => reply.body.result !== 'accepted')).toEqual([]);
		expect(hook.runs).toHaveLength(abandoned.length + 1);
		expect(hook.runs.at(-1).items[0]).toMatchObject({ status: 'CREATED', verified: true });

		// n8n restarts (or another process receives it): A's SUCCESS delivered again is a repeat.
		restartN8n();
		const again = await hook.post(hook.productionUrl(), success.payload);
		expect(again.body.result).toBe('duplicate');
		expect(hook.runs).toHaveLength(abandoned.length + 1);
	},
);
