'use strict';
// A Reference ID reused for another payment (invoice "INV-1" paid to vendor A, then a new row
// "INV-1" for vendor B). SMEPay answers a seen reference with the original payout (or refuses it):
// the row must never read as paid unless that payout is this row's in every field SMEPay's answer
// lets us compare (amount, mode, and the beneficiary, whose SHA-256 digests SMEPay returns).
const { useIntegration } = require('../harness/integration');
const {
	BENEFICIARY,
	EARLIER_RUN_MS,
	newRef,
	row,
	sendRows,
	ledgerPayouts,
	allText,
	sleep,
} = require('./payoutSteps');

const PAYOUTS = '/api/v1/disbursement/payouts';
const it = useIntegration(undefined, { clearFaults: true });

const VENDOR_B = { name: 'Sita Devi', account: '998877665544', ifsc: 'ICIC0004321' };

const NOT_PAID =
	/already holds under this Reference ID, and it differs from this row: .*This row was not sent/;

async function paidTo(ref, fields = {}) {
	const first = await sendRows(it, [row(ref, fields)]);
	const { id } = first.output('SMEPay')[0].json;
	await it.control('POST', `/payouts/${id}/settle`, { status: 'SUCCESS' });
	await sleep(EARLIER_RUN_MS);
	return id;
}

describe('SMEPay answering with the original payout', () => {
	beforeAll(async () => {
		await it.control('POST', '/config', { duplicateReference: 'original' });
	});
	afterAll(async () => {
		await it.control('POST', '/config', { duplicateReference: 'refuse' });
	});

	test.each([
		[
			'another beneficiary (all three fields)',
			VENDOR_B,
			/another beneficiary name, beneficiary account number and beneficiary IFSC/,
		],
		[
			'another account number only',
			{ account: '998877665544' },
			/another beneficiary account number than/,
		],
		['another IFSC only', { ifsc: 'ICIC0004321' }, /another beneficiary IFSC than/],
		['another amount', { amount: '250.50' }, /answered for ₹100, but this row sent ₹250\.50/],
		['another payment mode', { mode: 'NEFT' }, /answered for IMPS, but this row sent NEFT/],
	])(
		'INV-1 paid to vendor A, a new row INV-1 with %s: an error, not paid, never "went through"',
		async (_, fields, said) => {
			const ref = newRef('INV');
			const id = await paidTo(ref);
			const result = await sendRows(it, [row(ref, fields)], { continueOnFail: true });
			const item = result.output('SMEPay')[0].json;
			expect(item).not.toHaveProperty('duplicate');
			expect(item).not.toHaveProperty('status');
			expect(item).toMatchObject({ reference_id: ref, payout_id: id });
			expect(item.error).toMatch(said);
			expect(item.error).toMatch(NOT_PAID);
			expect(item.errorDescription).toMatch(/Reference ID of its own/);
			expect(allText(item)).not.toMatch(/went through/);
			for (const secret of [...Object.values(BENEFICIARY), ...Object.values(VENDOR_B)]) {
				expect(allText(result.output('SMEPay')).toLowerCase()).not.toContain(secret.toLowerCase());
			}
			expect(await ledgerPayouts(it, ref)).toHaveLength(1);
		},
	);

	test('without Continue On Fail the reused Reference ID stops the node, naming the item', async () => {
		const ref = newRef('INVSTOP');
		await paidTo(ref);
		const result = await sendRows(it, [row(ref, VENDOR_B)]);
		const error = result.nodeError('SMEPay');
		expect(error.message).toMatch(NOT_PAID);
		expect(error.context.itemIndex).toBe(0);
	});

	// The unluckiest user: the row was paid, then someone corrected its amount or re-typed the
	// name in the sheet, and the run is repeated. The payout SMEPay holds IS this row's payment:
	// an error that calls it "another payment" and says "this row was not paid" sends them to pay
	// it again under a new Reference ID.
	test.each([
		['its amount corrected', { amount: '100.50' }],
		['its name re-typed in capitals', { name: BENEFICIARY.name.toUpperCase() }],
	])(
		'a paid row re-run after %s: never "not paid", and warned that it may already be paid',
		async (_, fields) => {
			const ref = newRef('INVEDIT');
			const id = await paidTo(ref);
			const result = await sendRows(it, [row(ref, fields)], { continueOnFail: true });
			const item = result.output('SMEPay')[0].json;
			expect(item).toMatchObject({ reference_id: ref, payout_id: id });
			expect(item.error).not.toMatch(/not paid|another payment/);
			expect(item.error).toMatch(
				/already holds under this Reference ID, and it differs from this row/,
			);
			expect(item.error).toMatch(/This row was not sent/);
			expect(item.errorDescription).toMatch(
				/If it is this row's payment, sent before the row was changed, it is already paid: do not send it again/,
			);
			expect(await ledgerPayouts(it, ref)).toHaveLength(1);
		},
	);

	test('the same row again: duplicate: true, SUCCESS, "went through" (every field compared)', async () => {
		const ref = newRef('INVSAME');
		const id = await paidTo(ref);
		const json = (await sendRows(it, [row(ref)])).output('SMEPay')[0].json;
		expect(json).toMatchObject({ duplicate: true, reference_id: ref, id, status: 'SUCCESS' });
		expect(json.message).toMatch(/went through/);
	});

	test.each([
		['absent', { remove: ['data.beneficiary_name', 'data.beneficiary_account'] }],
		['masked', { set: { 'data.beneficiary_account': 'XXXXXXXX9012' } }],
	])(
		'a beneficiary SMEPay shows %s: duplicate, what is known said, never "paid"',
		async (_, rule) => {
			const ref = newRef('INVMASK');
			const id = await paidTo(ref);
			await it.control('POST', '/faults', {
				match: { method: 'POST', path: PAYOUTS },
				action: 'tamper',
				...rule,
			});
			const json = (await sendRows(it, [row(ref)])).output('SMEPay')[0].json;
			expect(json).toMatchObject({ duplicate: true, reference_id: ref, id, status: 'SUCCESS' });
			expect(json.message).toMatch(/payout .* for ₹100, now SUCCESS/);
			expect(json.message).toMatch(/beneficiary account number in a form that can be compared/);
			expect(json.message).toMatch(/not known/);
			expect(json.message).not.toMatch(/went through|\bwas paid\b/);
		},
	);
});

// A new payout, made by this very request, whose beneficiary digest is not the row's: SMEPay may
// write the beneficiary differently before hashing it (a bank's capitals), or have paid another
// payee. Either way the request made a payout: "this row was not sent", or a new Reference ID, may
// pay the row twice.
describe('a payout made by this request that differs from the row', () => {
	test('a new payout answered with another beneficiary name digest: never "not sent", check before sending again', async () => {
		const ref = newRef('NEWDIFF');
		const upperCased = require('node:crypto')
			.createHash('sha256')
			.update(BENEFICIARY.name.toUpperCase())
			.digest('hex');
		await it.control('POST', '/faults', {
			match: { method: 'POST', path: PAYOUTS },
			action: 'tamper',
			set: { 'data.beneficiary_name': upperCased },
		});
		const result = await sendRows(it, [row(ref)], { continueOnFail: true });
		const item = result.output('SMEPay')[0].json;
		const [held] = await ledgerPayouts(it, ref);
		expect(item).toMatchObject({ reference_id: ref, payout_id: held.id });
		expect(item.error).not.toMatch(/not sent|not paid|another payment/);
		expect(item.error).toMatch(/made for this request/);
		expect(item.errorDescription).toMatch(/may have paid this row/);
		expect(item.errorDescription).not.toMatch(/Reference ID of its own/);
		expect(await ledgerPayouts(it, ref)).toHaveLength(1);
	});
});

describe('SMEPay refusing a seen reference ("duplicate reference_id" only)', () => {
	test('INV-1 paid to vendor A, a new row INV-1 for vendor B: duplicate, never said to be paid', async () => {
		const ref = newRef('INVREF');
		await paidTo(ref);
		const json = (await sendRows(it, [row(ref, VENDOR_B)])).output('SMEPay')[0].json;
		expect(json).toMatchObject({ duplicate: true, reference_id: ref });
		expect(json).not.toHaveProperty('status');
		expect(json.message).toMatch(/another payment/);
		expect(json.message).toMatch(/does not show that this row's money went out/);
		expect(json.message).not.toMatch(/went through|\bwas paid\b/);
		expect(await ledgerPayouts(it, ref)).toHaveLength(1);
	});
});
