'use strict';
// Settlement bursts: the trigger lets a few deliveries in at a time (Options → Deliveries Handled
// At Once) and answers one that waited too long "retry later" (503) at once, so SMEPay gets every
// answer within its 10 s and sends the turned-away event again. Here the sandbox is SMEPay: it
// delivers the webhooks when payouts settle and retries a 503 after 1 s.
const { useIntegration } = require('../harness/integration');
const { startTrigger, createPayout, settlePayout, deliveries, waitFor } = require('./triggerSteps');

const PAYOUTS = '/api/v1/disbursement/payouts/';
const it = useIntegration({ seed: { webhookRetryDelaysSeconds: [1, 1] } }, { clearFaults: true });
let hook;
afterEach(async () => {
	await hook?.close();
});

const ranFor = (id) => hook.runs.filter((run) => run.items[0].eventId === id);

test('a delivery that waits its turn for more than 5 s is answered 503 at once, and runs when SMEPay sends it again', async () => {
	hook = await startTrigger(it, { events: ['payout'], options: { deliveriesAtOnce: 1 } });
	const callbackUrl = hook.productionUrl();
	const [first, second, third] = [
		await createPayout(it, { callbackUrl }),
		await createPayout(it, { callbackUrl }),
		await createPayout(it, { callbackUrl }),
	];
	// One at a time, and the first two take 3 s each to verify: the third waits behind both.
	for (const slow of [first, second]) {
		await it.control('POST', '/faults', {
			match: { method: 'GET', path: `${PAYOUTS}${slow.id}` },
			action: 'delay',
			delayMs: 3000,
			times: 1,
		});
	}
	for (const payout of [first, second, third]) {
		await settlePayout(it, payout.id);
		await new Promise((resolve) => setTimeout(resolve, 100)); // delivered in this order
	}

	const attempts = await waitFor(async () => {
		const all = await Promise.all([first, second, third].map((p) => deliveries(it, p.id)));
		return all[2].length === 2 && all[1].length === 1 && all;
	}, 20_000);
	expect(attempts.map((each) => each.map((a) => a.responseStatus))).toEqual([
		[200],
		[200],
		[503, 200],
	]);
	const [turnedAway] = attempts[2];
	expect(turnedAway.durationMs).toBeGreaterThanOrEqual(4900);
	expect(turnedAway.durationMs).toBeLessThan(7000);
	expect(hook.responses.find((r) => r.status === 503).body).toEqual({
		received: false,
		error: 'Busy with other SMEPay deliveries; send this event again later',
	});
	for (const payout of [first, second, third]) expect(ranFor(payout.id)).toHaveLength(1);
});

test('under the default limit, 40 webhooks at once are all let in: each runs once, none is turned away', async () => {
	hook = await startTrigger(it, { events: ['payout'] });
	const callbackUrl = hook.productionUrl();
	const payouts = [];
	for (let i = 0; i < 40; i++) payouts.push(await createPayout(it, { callbackUrl }));
	await Promise.all(payouts.map((p) => settlePayout(it, p.id)));
	await waitFor(() => hook.runs.length >= payouts.length, 20_000);
	const attempts = (await it.ledger()).webhooks.filter((w) => payouts.some((p) => p.id === w.id));
	expect(attempts.map((a) => a.responseStatus)).toEqual(payouts.map(() => 200));
	for (const p of payouts) expect(ranFor(p.id)).toHaveLength(1);
});
