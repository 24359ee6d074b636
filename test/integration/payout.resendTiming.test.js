'use strict';
// A payout send that got no answer may still be running at SMEPay. Re-sent within milliseconds,
// it is safe only if SMEPay checks and records the Reference ID in one atomic step; the sandbox
// models a SMEPay that does not (payoutReferenceCheck 'racy': it checks the reference, takes
// payoutProcessingMs, then records the payout without checking again). The node re-sends only after
// SMEPay has had seconds to finish the first attempt, so the slow first attempt is recorded first
// and the re-send is refused as a duplicate: one payout.
const { useIntegration } = require('../harness/integration');
const { newRef, row, sendRows, ledgerPayouts, sleep, SEND_PARAMETERS } = require('./payoutSteps');

const PAYOUTS = '/api/v1/disbursement/payouts';
const it = useIntegration(undefined, { clearFaults: true });

afterEach(async () => {
	await it.control('POST', '/config', { payoutProcessingMs: 0, payoutReferenceCheck: 'atomic' });
});

/** Counts the payout requests that reach the sandbox, with their arrival times. */
async function countSends() {
	await it.control('POST', '/faults', {
		match: { method: 'POST', path: PAYOUTS },
		action: 'delay',
		delayMs: 0,
		times: 0,
	});
}

test('a send that timed out while SMEPay was still processing it is not re-sent until SMEPay finished: one payout', async () => {
	const ref = newRef('SLOW');
	// SMEPay takes 2.5 s to process a payout; the node waits 1 s for an answer.
	await it.control('POST', '/config', { payoutProcessingMs: 2500, payoutReferenceCheck: 'racy' });
	await countSends();
	const started = Date.now();
	const result = await sendRows(it, [row(ref)], {
		parameters: { ...SEND_PARAMETERS, options: { requestTimeout: 1 } },
	});
	const elapsed = Date.now() - started;
	// Every try the node gave up on has been processed by now.
	await sleep(3000);
	expect(await ledgerPayouts(it, ref)).toHaveLength(1);
	expect(result.output('SMEPay')[0].json).toMatchObject({ duplicate: true, reference_id: ref });
	const { faults } = await it.control('GET', '/faults');
	expect(faults[0].fired).toBe(2);
	// The re-send waited at least 5 s after the attempt that timed out.
	expect(elapsed).toBeGreaterThanOrEqual(1000 + 5000);
}, 60_000);

// A gateway in front of SMEPay that gives up on a slow request answers a status of its own while
// SMEPay goes on processing it: Cloudflare 524 (and 520 for a connection reset), Heroku 503
// (request timeout), Envoy 503 (reset before headers). Re-sent within the usual backoff, the
// repeat reaches a SMEPay whose reference check is not atomic before the first is recorded.
test.each([503, 520, 524])(
	'a %i from a gateway while SMEPay goes on processing the send: not re-sent until SMEPay finished, one payout',
	async (status) => {
		const ref = newRef(`GW${status}`);
		await it.control('POST', '/config', { payoutProcessingMs: 2500, payoutReferenceCheck: 'racy' });
		await it.control('POST', '/faults', {
			match: { method: 'POST', path: PAYOUTS },
			action: 'status',
			status,
			forward: true,
			times: 1,
		});
		const json = (await sendRows(it, [row(ref)])).output('SMEPay')[0].json;
		// Every request the sandbox was sent has been processed by now.
		await sleep(3000);
		expect(await ledgerPayouts(it, ref)).toHaveLength(1);
		expect(json).toMatchObject({ reference_id: ref });
	},
	60_000,
);

test('a 500 (SMEPay itself answered, so it finished with the request) is retried within the usual backoff', async () => {
	const ref = newRef('RETRY500');
	await it.control('POST', '/faults', {
		match: { method: 'POST', path: PAYOUTS },
		action: 'status',
		status: 500,
		times: 2,
	});
	const started = Date.now();
	const json = (await sendRows(it, [row(ref)])).output('SMEPay')[0].json;
	expect(json).toMatchObject({ reference_id: ref, status: 'INITIATED' });
	expect(Date.now() - started).toBeLessThan(4000);
});
