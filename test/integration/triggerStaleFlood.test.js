'use strict';
// Events of abandoned orders cannot push a paid order out of the trigger's memory. CREATED,
// INITIATED, PENDING and EXPIRED events of real orders are confirmed by SMEPay too (it shows those
// statuses), so anyone who opens checkouts and leaves them unpaid can make the trigger remember as
// many of them as they like. A paid order's SUCCESS must still be a repeat afterwards, also after a
// restart of n8n, when only the saved static data remembers it: only other paid events, which cost
// real money to make, may push it out (memory.ts, the `paid` list).
const path = require('node:path');
const { useIntegration } = require('../harness/integration');
const {
	startTrigger,
	useApiShape,
	createOrder,
	openCheckouts,
	deliveries,
	waitFor,
} = require('./triggerSteps');

const it = useIntegration({ seed: { orderTtlSeconds: 1e7 } });
let hook;
afterEach(async () => {
	await it.control('POST', '/config', { webhookTransactionId: 'txn', orderStatusEndpoint: false });
	await hook?.close();
	hook = undefined;
});

/** The trigger's memory module, as the build n8n loads has it. */
const memory = () => require(path.join(__dirname, '../../dist/nodes/SmePayTrigger/memory.js'));

/** What a restart of n8n forgets: the trigger's process memory (the static data stays saved). */
function restart() {
	for (const list of Object.values(memory().processMemory)) list.forget();
}

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
		const abandoned = await openCheckouts(it, memory().MAX_REMEMBERED_EVENTS + 1);
		const replies = await postAll(hook.productionUrl(), abandoned.map(createdEvent));
		expect(replies.filter((reply) => reply.body.result !== 'accepted')).toEqual([]);
		expect(hook.runs).toHaveLength(abandoned.length + 1);
		expect(hook.runs.at(-1).items[0]).toMatchObject({ status: 'CREATED', verified: true });

		// n8n restarts (or another process receives it): A's SUCCESS delivered again is a repeat.
		restart();
		const again = await hook.post(hook.productionUrl(), success.payload);
		expect(again.body.result).toBe('duplicate');
		expect(hook.runs).toHaveLength(abandoned.length + 1);
	},
);
