'use strict';
// SMEPay takes the connection but never answers (a black hole between n8n and SMEPay). With
// Continue On Fail, as the README advises for sheets, every row then waits its own Request Timeout
// on each of its 5 tries: a 500-row sheet at the defaults (30 s, concurrency 5) runs for about
// 500 / 5 × (5 × 30 s + backoff) ≈ 4 hours before it ends, and the token exchange is the only
// call that stops a run early when it keeps failing.
//
// So the client stops waiting once a call has used all its tries without an answer: the calls
// after it fail at once with an error saying they were NOT sent (run them again with the same
// Reference IDs); the rows that were tried say they may have been created. Here: 8 rows, 1 s
// timeout, concurrency 2 took ~30 s before.
const { startIntegration } = require('../harness/integration');
const { newRef, row, sendRows, SEND_PARAMETERS } = require('./payoutSteps');

let it;
beforeAll(async () => {
	it = await startIntegration();
});
afterAll(async () => {
	await it.control('DELETE', '/faults');
	await it.close();
});

test('a batch whose payouts SMEPay never answers ends soon after the first row used its tries', async () => {
	await it.control('POST', '/faults', {
		match: { method: 'POST', path: '/api/v1/disbursement/payouts' },
		action: 'delay',
		delayMs: 120_000,
		times: 0,
	});
	const rows = Array.from({ length: 8 }, () => row(newRef('BLACKHOLE')));
	const started = Date.now();
	const result = await sendRows(it, rows, {
		continueOnFail: true,
		parameters: { ...SEND_PARAMETERS, options: { concurrency: 2, requestTimeout: 1 } },
	});
	const elapsed = Date.now() - started;
	const items = result.output('SMEPay').map((item) => item.json);
	expect(items).toHaveLength(8);
	for (const item of items) expect(item.error).toBeDefined();
	// Each keeps its Reference ID; the ones after the first wave were never sent.
	rows.forEach((sent, index) => expect(items[index].reference_id).toBe(sent.ref));
	const notSent = items.filter((item) => /not sent: SMEPay stopped answering/.test(item.error));
	expect(notSent.length).toBeGreaterThanOrEqual(5);
	for (const item of notSent) expect(item.errorDescription).toMatch(/^Nothing was sent to SMEPay/);
	const tried = items.filter((item) => !notSent.includes(item));
	for (const item of tried)
		expect(item.errorDescription).toMatch(/may or may not have been created/);
	// One wave of tried rows (5 tries of 1 s, each re-send 5 s after the try that timed out, so
	// SMEPay could finish it: about 25 s), then the others at once.
	expect(elapsed).toBeLessThan(40_000);
}, 90_000);
