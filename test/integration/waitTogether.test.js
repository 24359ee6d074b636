'use strict';
// Wait for Status over many items through the real n8n engine against the sandbox: all items wait
// together, so the whole input ends within one Timeout (not one per item, as when each item waited
// in turn), each item with its own final status or `timedOut`, one status call per pending item per
// Poll Interval (read back from the sandbox's request log), Continue On Fail per item, and bad
// input refused before any call.
const { useIntegration, smePayNode } = require('../harness/integration');
const { createOrder } = require('./orderSteps');
const { newRef, row, sendRows } = require('./payoutSteps');

const it = useIntegration(undefined, { clearFaults: true });

const POLL_SECONDS = 1;
const TIMEOUT_SECONDS = 4;
const PAYOUT_STATUS_PATH = '/api/v1/disbursement/payouts/';

/** Sends one payout per reference and returns their ids, in order. */
async function sendPayouts(count, prefix) {
	const refs = Array.from({ length: count }, () => newRef(prefix));
	const result = await sendRows(
		it,
		refs.map((ref) => row(ref)),
		{ concurrency: 10 },
	);
	return result.output('SMEPay').map((item) => item.json.id);
}

/**
 * Payout → Wait for Status over `input` (payout ids, or items with an `id`), with the node settings
 * of `node`; `parameters` replaces any of the node's parameters.
 */
async function waitForPayouts(
	input,
	{ concurrency = 2, node = {}, timeout = TIMEOUT_SECONDS, parameters = {} } = {},
) {
	const started = Date.now();
	const result = await it.engine.run({
		nodes: [
			smePayNode(
				{
					resource: 'payout',
					operation: 'waitForStatus',
					payoutId: '={{ $json.id }}',
					pollInterval: POLL_SECONDS,
					timeout,
					options: { concurrency },
					...parameters,
				},
				it.credentials.disbursement,
				node,
			),
		],
		input: input.map((entry) => (typeof entry === 'string' ? { id: entry } : entry)),
	});
	return { result, started, ms: Date.now() - started };
}

/** The sandbox's log of API requests since `since`, grouped by payout id for the status reads. */
async function payoutStatusCalls(since) {
	const { requests } = await it.control('GET', '/requests');
	const calls = new Map();
	for (const request of requests) {
		if (request.at < since || request.method !== 'GET') continue;
		if (!request.path.startsWith(PAYOUT_STATUS_PATH)) continue;
		const id = request.path.slice(PAYOUT_STATUS_PATH.length);
		calls.set(id, [...(calls.get(id) ?? []), request.at]);
	}
	return calls;
}

/**
 * One status call per Poll Interval: consecutive calls of one item at least an interval apart, but
 * for the last one, which may come sooner when it is made at the Timeout. The node's Timeout runs
 * from its first status call (`firstCallAt`, a few ms after the node started waiting).
 */
function expectSpaced(times, firstCallAt, timeoutSeconds = TIMEOUT_SECONDS) {
	const timeoutAt = firstCallAt + timeoutSeconds * 1000 - 100;
	times.forEach((at, i) => {
		if (i === 0) return;
		const last = i === times.length - 1;
		if (!(last && at >= timeoutAt)) {
			expect(at - times[i - 1]).toBeGreaterThanOrEqual(POLL_SECONDS * 1000);
		}
	});
}

const settleAfter = (id, afterMs, status = 'SUCCESS', extra = {}) =>
	it.control('POST', `/payouts/${id}/settle`, { status, afterMs, ...extra });

describe('Payout → Wait for Status over many payouts', () => {
	test('ends within one Timeout: settled payouts with their final status, the others timedOut', async () => {
		// 16 payouts, 2 status calls at a time: 6 settle at their own times within the Timeout, 10
		// never do. Waiting one item after another took 10 timeouts / 2 = 5 × Timeout here.
		const ids = await sendPayouts(16, 'WTOG');
		const settling = new Map([
			[ids[1], { afterMs: 400, status: 'SUCCESS' }],
			[ids[4], { afterMs: 1200, status: 'FAILED', failure_reason: 'Account closed' }],
			[ids[6], { afterMs: 1900, status: 'SUCCESS' }],
			[ids[9], { afterMs: 2500, status: 'SUCCESS' }],
			[ids[12], { afterMs: 700, status: 'FAILED', failure_reason: 'Invalid IFSC' }],
			[ids[15], { afterMs: 3000, status: 'SUCCESS' }],
		]);
		for (const [id, { afterMs, status, ...extra }] of settling) {
			await settleAfter(id, afterMs, status, extra);
		}

		const { result, started, ms } = await waitForPayouts(ids);
		const items = result.output('SMEPay');
		expect(items.map((item) => item.pairedItem)).toEqual(ids.map((_, item) => ({ item })));
		items.forEach((item, index) => {
			expect(item.json.id).toBe(ids[index]);
			const settled = settling.get(ids[index]);
			if (settled) {
				expect(item.json).toMatchObject({ status: settled.status, timedOut: false });
				if (settled.failure_reason) expect(item.json.failure_reason).toBe(settled.failure_reason);
				if (settled.status === 'SUCCESS') expect(item.json.utr_number).toMatch(/^UTR\d{12}$/);
			} else {
				expect(item.json).toMatchObject({ status: 'INITIATED', timedOut: true });
			}
		});
		expect(ms).toBeGreaterThanOrEqual(TIMEOUT_SECONDS * 1000);
		// One Timeout and the last reads (loose for a busy machine); waiting in turn took 5 Timeouts.
		expect(ms).toBeLessThan(2 * TIMEOUT_SECONDS * 1000);

		// At most one status call per pending payout per Poll Interval, none after its end.
		const calls = await payoutStatusCalls(started);
		const { payouts } = await it.ledger();
		const firstCallAt = Math.min(...[...calls.values()].map((times) => times[0]));
		for (const id of ids) {
			const times = calls.get(id);
			expectSpaced(times, firstCallAt);
			if (settling.has(id)) {
				// Calls stop at the first one that sees the final status, one Poll Interval after
				// the settle at most. (The ledger gives the settle time to the second: S ≤ settle < S + 1 s.)
				const final = payouts.find((payout) => payout.id === id).history.at(-1);
				const settleSecond = Date.parse(final.at);
				expect(times.filter((at) => at >= settleSecond).length).toBeLessThanOrEqual(2);
				const lastCall = times.at(-1);
				expect(lastCall).toBeLessThan(settleSecond + 1000 + POLL_SECONDS * 1000 + 500);
			} else {
				// Reads at 0, 1, 2, 3 s and a last one at the Timeout: Timeout / Poll Interval + 1.
				expect(times.length).toBeLessThanOrEqual(TIMEOUT_SECONDS / POLL_SECONDS + 1);
				expect(times.length).toBeGreaterThanOrEqual(TIMEOUT_SECONDS / POLL_SECONDS - 1);
			}
		}
	});

	test('Continue On Fail: a payout whose status call fails becomes its own error item, the others go on', async () => {
		const ids = await sendPayouts(4, 'WCOF');
		await settleAfter(ids[0], 300);
		await settleAfter(ids[3], 800, 'FAILED');
		const unknown = '00000000-0000-4000-8000-000000000000';
		const input = [ids[0], unknown, ids[1], 'not-a-uuid', ids[2], ids[3]];
		// Every status call of ids[2] answers 500, past the transport's retries.
		await it.control('POST', '/faults', {
			match: { method: 'GET', path: `${PAYOUT_STATUS_PATH}${ids[2]}` },
			action: 'status',
			status: 500,
			times: 0,
		});

		const { result, ms } = await waitForPayouts(input, {
			node: { onError: 'continueRegularOutput' },
			concurrency: 5,
			timeout: 3,
		});
		const items = result.output('SMEPay');
		expect(items.map((item) => item.pairedItem)).toEqual(input.map((_, item) => ({ item })));
		expect(items[0].json).toMatchObject({ id: ids[0], status: 'SUCCESS', timedOut: false });
		expect(items[1].json).toMatchObject({
			error: 'SMEPay Get Payout failed: payout not found',
			httpCode: '404',
		});
		expect(items[2].json).toMatchObject({ id: ids[1], status: 'INITIATED', timedOut: true });
		expect(items[3].json.error).toBe('Payout ID "not-a-uuid" is not a UUID (item 3)');
		expect(items[4].json).toMatchObject({ httpCode: '500' });
		expect(items[4].json.error).toMatch(/^SMEPay Get Payout failed/);
		expect(items[5].json).toMatchObject({ id: ids[3], status: 'FAILED', timedOut: false });
		expect(ms).toBeLessThan((3 + 3) * 1000);
	});

	test('without Continue On Fail, a bad id refuses the run before any status call, naming the item', async () => {
		const ids = await sendPayouts(3, 'WBAD');
		const since = Date.now();
		const { result } = await waitForPayouts([...ids, '12345']);
		expect(result.nodeError('SMEPay').message).toBe('Payout ID "12345" is not a UUID (item 3)');
		expect((await payoutStatusCalls(since)).size).toBe(0);
	});

	test.each([
		['pollInterval', 0, 'Poll Interval'],
		['timeout', 7200, 'Timeout'],
	])(
		'a bad %s on one item is refused for that item, before any call',
		async (name, value, label) => {
			const ids = await sendPayouts(2, 'WPAR');
			const since = Date.now();
			const fallback = name === 'timeout' ? 2 : POLL_SECONDS;
			const { result } = await waitForPayouts([{ id: ids[0] }, { id: ids[1], bad: true }], {
				timeout: 2,
				parameters: { [name]: `={{ $json.bad ? ${value} : ${fallback} }}` },
			});
			expect(result.nodeError('SMEPay').message).toMatch(new RegExp(`^${label}.*\\(item 1\\)$`));
			expect((await payoutStatusCalls(since)).size).toBe(0);
		},
	);

	test('without Continue On Fail, a status call that fails for good stops the node with that item', async () => {
		const ids = await sendPayouts(3, 'WSTOP');
		const unknown = '00000000-0000-4000-8000-00000000beef';
		const { result, ms } = await waitForPayouts([ids[0], unknown, ids[1]], { timeout: 20 });
		const error = result.nodeError('SMEPay');
		expect(error.message).toBe('SMEPay Get Payout failed: payout not found');
		expect(error.context.itemIndex).toBe(1);
		// Stopped at the first round, not after the 20 s Timeout of the others.
		expect(ms).toBeLessThan(5_000);
	});
});

describe('Order → Wait for Status over many orders', () => {
	test('ends within one Timeout: paid, failed and expired orders final, the unpaid ones timedOut', async () => {
		await it.control('POST', '/config', { orderTtlSeconds: 2 });
		let expiring;
		try {
			expiring = await createOrder(it, 'inline', '5.00');
		} finally {
			await it.control('POST', '/config', { orderTtlSeconds: 300 });
		}
		const orders = [];
		for (let i = 0; i < 7; i++) orders.push(await createOrder(it, 'inline', `${10 + i}.00`));
		orders.splice(3, 0, expiring);
		const settling = new Map([
			[orders[0].slug, { afterMs: 500, status: 'SUCCESS' }],
			[orders[2].slug, { afterMs: 1500, status: 'FAILED' }],
			[orders[6].slug, { afterMs: 2500, status: 'SUCCESS' }],
		]);
		for (const [slug, body] of settling) await it.control('POST', `/orders/${slug}/settle`, body);

		const started = Date.now();
		const result = await it.engine.run({
			nodes: [
				smePayNode(
					{
						resource: 'order',
						operation: 'waitForStatus',
						slug: '={{ $json.slug }}',
						orderId: '={{ $json.orderId }}',
						pollInterval: POLL_SECONDS,
						timeout: TIMEOUT_SECONDS,
						options: { concurrency: 1 },
					},
					it.credentials.inline,
				),
			],
			input: orders.map(({ slug, orderId }) => ({ slug, orderId })),
		});
		const ms = Date.now() - started;
		const items = result.output('SMEPay');
		expect(items.map((item) => item.pairedItem)).toEqual(orders.map((_, item) => ({ item })));
		items.forEach((item, index) => {
			const { slug } = orders[index];
			expect(item.json.slug).toBe(slug);
			const settled = settling.get(slug);
			if (settled) {
				expect(item.json).toMatchObject({ payment_status: settled.status, timedOut: false });
			} else if (slug === expiring.slug) {
				expect(item.json).toMatchObject({ payment_status: 'EXPIRED', timedOut: false });
			} else {
				expect(item.json).toMatchObject({ payment_status: 'CREATED', timedOut: true });
			}
		});
		expect(ms).toBeGreaterThanOrEqual(TIMEOUT_SECONDS * 1000);
		// Waiting in turn, one at a time, took a Timeout for each of the 4 unpaid orders.
		expect(ms).toBeLessThan(2 * TIMEOUT_SECONDS * 1000);

		// One status call per pending order per Poll Interval (the log names each call's slug).
		const { requests } = await it.control('GET', '/requests');
		const callsOf = (slug) =>
			requests
				.filter((request) => request.at >= started && request.slug === slug)
				.map((request) => request.at);
		const firstCallAt = Math.min(...orders.map(({ slug }) => callsOf(slug)[0]));
		for (const { slug } of orders) {
			const times = callsOf(slug);
			expect(times.length).toBeGreaterThanOrEqual(1);
			expect(times.length).toBeLessThanOrEqual(TIMEOUT_SECONDS / POLL_SECONDS + 1);
			expectSpaced(times, firstCallAt);
		}
	});
});
