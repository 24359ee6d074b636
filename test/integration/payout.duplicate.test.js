'use strict';
// What `duplicate: true` means, through the real n8n engine: SMEPay already has the Reference ID,
// which says nothing about whether that payout succeeded. Both ways SMEPay may answer a seen
// reference are run: the 400 "duplicate reference_id" refusal, and the original payout (2xx).
const { useIntegration } = require('../harness/integration');
const { EARLIER_RUN_MS, newRef, row, sendRows, ledgerPayouts, sleep } = require('./payoutSteps');

const it = useIntegration(undefined, { clearFaults: true });

async function failedPayout(ref) {
	const first = await sendRows(it, [row(ref)]);
	const { id } = first.output('SMEPay')[0].json;
	expect(id).toMatch(/^[0-9a-f-]{36}$/);
	await it.control('POST', `/payouts/${id}/settle`, {
		status: 'FAILED',
		failure_reason: 'Account closed',
	});
	await sleep(EARLIER_RUN_MS);
	return id;
}

describe.each(['refuse', 'original'])('SMEPay answering a seen reference: %s', (mode) => {
	beforeAll(async () => {
		await it.control('POST', '/config', { duplicateReference: mode });
	});
	afterAll(async () => {
		await it.control('POST', '/config', { duplicateReference: 'refuse' });
	});

	test('a FAILED payout re-sent with its Reference ID: duplicate: true, never said to be paid', async () => {
		const ref = newRef(`FAILED-${mode}`);
		const id = await failedPayout(ref);

		const again = await sendRows(it, [row(ref)]);
		const json = again.output('SMEPay')[0].json;
		expect(json).toMatchObject({ duplicate: true, reference_id: ref });
		expect(json.message).not.toMatch(/\bpaid\b/i);
		expect(json.message).toMatch(/not sent again/);
		expect(json.message).toMatch(/new Reference ID/);
		if (mode === 'original') {
			expect(json).toMatchObject({ id, status: 'FAILED', failure_reason: 'Account closed' });
			expect(json.message).toMatch(/FAILED/);
		} else {
			expect(json).not.toHaveProperty('status');
			expect(json).not.toHaveProperty('id');
			expect(json.message).toMatch(/Get Payout/);
		}
		expect(await ledgerPayouts(it, ref)).toHaveLength(1);
	});
});

describe('SMEPay answering with the original payout', () => {
	beforeAll(async () => {
		await it.control('POST', '/config', { duplicateReference: 'original' });
	});
	afterAll(async () => {
		await it.control('POST', '/config', { duplicateReference: 'refuse' });
	});

	test('a paid row re-sent: duplicate: true with its payout id, SUCCESS and UTR', async () => {
		const ref = newRef('ORIG-OK');
		const first = await sendRows(it, [row(ref)]);
		const { id } = first.output('SMEPay')[0].json;
		await it.control('POST', `/payouts/${id}/settle`, { status: 'SUCCESS' });
		await sleep(EARLIER_RUN_MS);
		const json = (await sendRows(it, [row(ref)])).output('SMEPay')[0].json;
		expect(json).toMatchObject({
			duplicate: true,
			reference_id: ref,
			id,
			status: 'SUCCESS',
			utr_number: expect.stringMatching(/^UTR/),
		});
		expect(json.message).toMatch(/SUCCESS/);
	});

	test('an earlier payout still INITIATED (created long before this run sent it): duplicate: true', async () => {
		const ref = newRef('ORIG-OLD');
		const { id } = (await sendRows(it, [row(ref)])).output('SMEPay')[0].json;
		await it.control('POST', '/faults', {
			match: { method: 'POST', path: '/api/v1/disbursement/payouts' },
			action: 'tamper',
			set: { 'data.created_at': '2025-01-01T10:00:00Z' },
		});
		const json = (await sendRows(it, [row(ref)])).output('SMEPay')[0].json;
		expect(json).toMatchObject({ duplicate: true, reference_id: ref, id, status: 'INITIATED' });
		expect(await ledgerPayouts(it, ref)).toHaveLength(1);
	});

	test('a row whose amount changed since: an error, the payout SMEPay holds named, this row not paid', async () => {
		const ref = newRef('ORIG-AMT');
		const id = await failedPayout(ref);
		const result = await sendRows(it, [row(ref, { amount: '250.50' })], { continueOnFail: true });
		const json = result.output('SMEPay')[0].json;
		expect(json).toMatchObject({ reference_id: ref, payout_id: id });
		expect(json).not.toHaveProperty('duplicate');
		expect(json.error).toMatch(/answered for ₹100, but this row sent ₹250\.50/);
		expect(json.error).toMatch(/This row was not sent/);
		expect(await ledgerPayouts(it, ref)).toHaveLength(1);
	});

	test('an answer lost after SMEPay created the payout: the retry gets it back, reported as this run’s payout', async () => {
		const ref = newRef('ORIG-LOST');
		await it.control('POST', '/faults', {
			match: { method: 'POST', path: '/api/v1/disbursement/payouts' },
			action: 'dropAfter',
			times: 1,
		});
		const json = (await sendRows(it, [row(ref)])).output('SMEPay')[0].json;
		const [held] = await ledgerPayouts(it, ref);
		expect(json).toMatchObject({ reference_id: ref, id: held.id, status: 'INITIATED' });
		expect(json).not.toHaveProperty('duplicate');
		expect(await ledgerPayouts(it, ref)).toHaveLength(1);
	});
});
