'use strict';
// What SMEPay's answer means for a webhook: the same status and amount (confirmed), a later stage
// of the same order or payout (confirmed, stale), another final status or amount (contradicted),
// an earlier stage (not yet), an answer without status or amount (not yet).
const { compare, ORDER_STAGES, PAYOUT_STAGES } = require('../../nodes/SmePayTrigger/verdict');
const { parseAmount } = require('../../nodes/SmePay/validation/amount');

const FINAL_ORDER = ['SUCCESS', 'FAILED', 'EXPIRED'];
const FINAL_PAYOUT = ['SUCCESS', 'FAILED'];
const event = (status, amount = '100.50') => ({ status, amount: parseAmount(amount) });
const payout = (webhook, shown, amount = 100.5) =>
	compare(event(webhook), FINAL_PAYOUT, PAYOUT_STAGES, { source: 'x', status: shown, amount });
const order = (webhook, shown, amount = 100.5) =>
	compare(event(webhook), FINAL_ORDER, ORDER_STAGES, { source: 'x', status: shown, amount });

test('same status and amount → confirmed, with what SMEPay showed, no stale flag', () => {
	const verdict = payout('SUCCESS', 'SUCCESS', '100.5');
	expect(verdict.kind).toBe('confirmed');
	expect(verdict.verification).toEqual({
		source: 'x',
		status: 'SUCCESS',
		amount: '100.50',
		checkedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
	});
	expect(order('SUCCESS', 'TEST_SUCCESS').kind).toBe('confirmed');
});

test.each([
	['PROCESSING', 'SUCCESS', payout],
	['INITIATED', 'PROCESSING', payout],
	['INITIATED', 'FAILED', payout],
	['PENDING', 'SUCCESS', order],
	['INITIATED', 'PENDING', order],
	['CREATED', 'EXPIRED', order],
])('a %s webhook while SMEPay shows %s → confirmed, stale', (webhook, shown, check) => {
	const verdict = check(webhook, shown);
	expect(verdict).toMatchObject({
		kind: 'confirmed',
		verification: { stale: true, status: shown },
	});
});

test.each([
	['SUCCESS', 'FAILED', payout],
	['FAILED', 'SUCCESS', payout],
	['PENDING', 'SUCCESS', payout],
	['SUCCESS', 'EXPIRED', order],
	['FAILED', 'SUCCESS', order],
	['REVERSED', 'SUCCESS', payout],
])('a %s webhook while SMEPay shows the final %s → contradicted', (webhook, shown, check) => {
	expect(check(webhook, shown)).toEqual({
		kind: 'contradicted',
		reason: `SMEPay shows ${shown}, the webhook says ${webhook}`,
	});
});

test.each([
	['SUCCESS', 'PROCESSING', payout],
	['PROCESSING', 'INITIATED', payout],
	['SUCCESS', 'PENDING', order],
	['PENDING', 'CREATED', order],
	['SUCCESS', 'ON_HOLD', payout],
])('a %s webhook while SMEPay still shows %s → not yet', (webhook, shown, check) => {
	expect(check(webhook, shown)).toEqual({
		kind: 'notYet',
		reason: `SMEPay still shows ${shown}, the webhook says ${webhook}`,
	});
});

test('another amount → contradicted, whatever the status', () => {
	for (const shown of ['SUCCESS', 'PROCESSING']) {
		expect(payout('SUCCESS', shown, 100.51)).toEqual({
			kind: 'contradicted',
			reason: 'SMEPay shows the amount 100.51, the webhook says 100.50',
		});
	}
	expect(payout('PROCESSING', 'SUCCESS', 1).kind).toBe('contradicted');
});

test.each([
	['no status', { amount: 100.5 }],
	['an empty status', { status: '  ', amount: 100.5 }],
	['a status that is not text', { status: 1, amount: 100.5 }],
	['no amount', { status: 'SUCCESS' }],
	['an amount that is not one', { status: 'SUCCESS', amount: 'lots' }],
])('an answer with %s → not yet (never a verdict on a broken answer)', (_, seen) => {
	expect(compare(event('SUCCESS'), FINAL_PAYOUT, PAYOUT_STAGES, seen)).toEqual({
		kind: 'notYet',
		reason: "SMEPay's answer shows no status or amount",
	});
});
