'use strict';
// The pure parts of Send Payout: the pre-flight checks of one row, repeated reference ids across
// rows, recognising SMEPay's duplicate answer, and blanking beneficiary details out of errors.
const {
	checkPayout,
	findRepeatedReferences,
} = require('../../nodes/SmePay/actions/payout/payoutRow');
const { isDuplicateReference } = require('../../nodes/SmePay/actions/payout/sendOutcome');
const { redactBeneficiary } = require('../../nodes/SmePay/actions/payout/redactBeneficiary');
const { NodeApiError } = require('n8n-workflow');

const { NODE: node } = require('./fixtures');

const valid = {
	referenceId: ' SAL-001 ',
	amount: '1,500.50',
	paymentMode: 'IMPS',
	beneficiaryName: 'Ravi Kumar',
	beneficiaryAccount: '1234 5678 9012',
	beneficiaryIfsc: 'hdfc0001234',
	additionalFields: {},
};

function refusal(fields, itemIndex = 4) {
	try {
		checkPayout(node, itemIndex, { ...valid, ...fields });
	} catch (error) {
		return error;
	}
	throw new Error(`expected a refusal for ${JSON.stringify(fields)}`);
}

describe('checkPayout', () => {
	test('a valid row becomes the request body: amount a number, IFSC upper case, spaces gone', () => {
		expect(
			checkPayout(node, 0, {
				...valid,
				additionalFields: {
					remarks: 'April salary',
					callbackUrl: 'https://n8n.example.com/webhook/x',
				},
			}),
		).toEqual({
			reference_id: 'SAL-001',
			amount: 1500.5,
			payment_mode: 'IMPS',
			beneficiary_name: 'Ravi Kumar',
			beneficiary_account: '123456789012',
			beneficiary_ifsc: 'HDFC0001234',
			remarks: 'April salary',
			callback_url: 'https://n8n.example.com/webhook/x',
		});
	});

	test('mode defaults to IMPS, accepts lower case from a sheet, and the mode limits are inclusive', () => {
		expect(checkPayout(node, 0, { ...valid, paymentMode: '' }).payment_mode).toBe('IMPS');
		expect(
			checkPayout(node, 0, { ...valid, paymentMode: 'neft', amount: 900000 }).payment_mode,
		).toBe('NEFT');
		expect(checkPayout(node, 0, { ...valid, amount: '500000' }).amount).toBe(500000);
		expect(checkPayout(node, 0, { ...valid, paymentMode: 'RTGS', amount: 200000 }).amount).toBe(
			200000,
		);
		expect(checkPayout(node, 0, { ...valid, paymentMode: undefined }).payment_mode).toBe('IMPS');
		expect(
			checkPayout(node, 0, { ...valid, paymentMode: ' rtgs ', amount: '2,00,000' }).amount,
		).toBe(200000);
	});

	test.each([
		['IMPS', '1.00', 1],
		['IMPS', '5,00,000.00', 500000],
		['NEFT', '1', 1],
		['NEFT', '10,00,00,000.00', 100000000],
		['RTGS', '200000.00', 200000],
		['RTGS', '25,00,000', 2500000],
	])('%s pays %s: the documented limits are inclusive', (paymentMode, amount, rupees) => {
		expect(checkPayout(node, 0, { ...valid, paymentMode, amount }).amount).toBe(rupees);
	});

	test('a Beneficiary Name of 100 characters, the most SMEPay accepts, passes', () => {
		const name = 'a'.repeat(100);
		expect(checkPayout(node, 0, { ...valid, beneficiaryName: name }).beneficiary_name).toBe(name);
	});

	test('remarks and callback URL are sent only when given: empty ones are left out, not sent blank', () => {
		for (const additionalFields of [
			{},
			{ remarks: '', callbackUrl: '' },
			{ remarks: '   ', callbackUrl: undefined },
			{ remarks: null },
		]) {
			const request = checkPayout(node, 0, { ...valid, additionalFields });
			expect(Object.keys(request).sort()).toEqual([
				'amount',
				'beneficiary_account',
				'beneficiary_ifsc',
				'beneficiary_name',
				'payment_mode',
				'reference_id',
			]);
		}
		const withCallback = checkPayout(node, 0, {
			...valid,
			additionalFields: { callbackUrl: 'https://n8n.example.com/webhook/x' },
		});
		expect(withCallback.callback_url).toBe('https://n8n.example.com/webhook/x');
		expect(withCallback).not.toHaveProperty('remarks');
		const withRemarks = checkPayout(node, 0, { ...valid, additionalFields: { remarks: 'April' } });
		expect(withRemarks.remarks).toBe('April');
		expect(withRemarks).not.toHaveProperty('callback_url');
		// Additional Fields that n8n left out altogether.
		expect(checkPayout(node, 0, { ...valid, additionalFields: undefined })).not.toHaveProperty(
			'remarks',
		);
	});

	test('the leading zero of an account number in text is kept', () => {
		expect(
			checkPayout(node, 0, { ...valid, beneficiaryAccount: '033325221134005' }).beneficiary_account,
		).toBe('033325221134005');
	});

	test('remarks and the reference id: trimmed, a whole-number reference id becomes its digits', () => {
		const request = checkPayout(node, 0, {
			...valid,
			referenceId: 1001,
			additionalFields: { remarks: '  April  ' },
		});
		expect(request.reference_id).toBe('1001');
		expect(request.remarks).toBe('April');
		expect(
			'remarks' in checkPayout(node, 0, { ...valid, additionalFields: { remarks: '  ' } }),
		).toBe(false);
	});

	test.each([
		['empty reference id', { referenceId: '  ' }, /^Reference ID is empty \(item 4\)$/],
		['amount 0', { amount: 0 }, /^Amount 0 is not above 0/],
		['negative amount', { amount: '-5' }, /^Amount "-5" is negative/],
		['three decimals', { amount: '10.005' }, /^Amount "10.005" has more than 2 decimals/],
		['float noise', { amount: 0.1 + 0.2 }, /^Amount 0.30000000000000004 has more than 2 decimals/],
		[
			'a decimal comma',
			{ amount: '1500,50' },
			/^Amount "1500,50" looks like it has a decimal comma/,
		],
		['an amount in a list', { amount: ['250'] }, /^Amount is a list, not one amount/],
		[
			'IMPS below ₹1',
			{ amount: '0.99' },
			/^Amount ₹0.99 is below the IMPS minimum of ₹1 \(item 4\)$/,
		],
		[
			'NEFT below ₹1',
			{ paymentMode: 'NEFT', amount: 0.5 },
			/^Amount ₹0.50 is below the NEFT minimum of ₹1 \(item 4\)$/,
		],
		[
			'IMPS above ₹5,00,000',
			{ amount: '500000.01' },
			/^Amount ₹5,00,000.01 is above the IMPS limit of ₹5,00,000/,
		],
		[
			'RTGS below ₹2,00,000',
			{ paymentMode: 'RTGS', amount: '199999.99' },
			/^Amount ₹1,99,999.99 is below the RTGS minimum of ₹2,00,000/,
		],
		['unknown mode', { paymentMode: 'UPI' }, /^Payment Mode "UPI" is not IMPS, NEFT or RTGS/],
		['mode not text', { paymentMode: 1 }, /^Payment Mode is not text, not IMPS, NEFT or RTGS/],
		['reference id a list', { referenceId: ['A'] }, /^Reference ID is a list, not a Reference ID/],
		[
			'reference id beyond exact numbers',
			{ referenceId: 1e21 },
			/^Reference ID arrived as a number that is not a whole number/,
		],
		['empty name', { beneficiaryName: '' }, /^Beneficiary Name is empty/],
		[
			'name over 100 characters',
			{ beneficiaryName: 'a'.repeat(101) },
			/^Beneficiary Name is 101 characters long; SMEPay accepts at most 100/,
		],
		[
			'account with letters',
			{ beneficiaryAccount: '12345ABC9012' },
			/^Beneficiary Account Number is not a valid bank account number/,
		],
		[
			'account too short',
			{ beneficiaryAccount: '12345678' },
			/^Beneficiary Account Number is not a valid bank account number/,
		],
		[
			'account too long',
			{ beneficiaryAccount: '1234567890123456789' },
			/^Beneficiary Account Number is not a valid bank account number/,
		],
		[
			'account beyond exact numbers',
			{ beneficiaryAccount: 12345678901234567 },
			/^Beneficiary Account Number arrived as a number, so a leading zero may already be lost/,
		],
		[
			'account typed as a number, however short',
			{ beneficiaryAccount: 123456789012 },
			/^Beneficiary Account Number arrived as a number, so a leading zero may already be lost/,
		],
		[
			'IFSC without the zero',
			{ beneficiaryIfsc: 'HDFC1001234' },
			/^Beneficiary IFSC is not a valid IFSC/,
		],
		[
			'remarks of 51 characters',
			{ additionalFields: { remarks: 'x'.repeat(51) } },
			/^Remarks is 51 characters long; SMEPay accepts at most 50/,
		],
		[
			'callback not a URL',
			{ additionalFields: { callbackUrl: 'n8n.example.com' } },
			/^Callback URL does not start with http:\/\/ or https:\/\//,
		],
	])('refuses %s, naming the field and the item', (_, fields, message) => {
		const error = refusal(fields);
		expect(error.message).toMatch(message);
		expect(error.message).toMatch(/\(item 4\)$/);
		expect(error.context.itemIndex).toBe(4);
	});

	test('refusals never repeat the beneficiary name, account or IFSC', () => {
		const secrets = {
			beneficiaryName: 'Zubeida Farooqui',
			beneficiaryAccount: '99887766554433X',
			beneficiaryIfsc: 'ZZZZ1ABCDEF',
		};
		for (const fields of [
			{ ...secrets, beneficiaryName: 'Z'.repeat(101) },
			{ ...secrets },
			{ ...secrets, beneficiaryAccount: '998877665544331' },
		]) {
			const error = refusal(fields);
			const text = `${error.message} ${error.description}`;
			for (const secret of [
				fields.beneficiaryName,
				fields.beneficiaryAccount,
				fields.beneficiaryIfsc,
			]) {
				expect(text).not.toContain(secret);
			}
		}
	});
});

describe('findRepeatedReferences', () => {
	test('maps every later use of a reference id to its first item; empty ids are not compared', () => {
		const repeats = findRepeatedReferences(['A', 'B', 'A', undefined, undefined, 'B', 'A', 'a']);
		expect([...repeats]).toEqual([
			[2, 0],
			[5, 1],
			[6, 0],
		]);
		// Rows without a Reference ID fail on their own ("is empty"), not as repeats of each other.
		expect([...findRepeatedReferences(['', 'A', '', ''])]).toEqual([]);
	});
});

describe('SMEPay answers', () => {
	const smepayNode = { ...node };
	const apiError = (body, httpCode, message) =>
		new NodeApiError(smepayNode, body, { message, httpCode });

	test('isDuplicateReference: only the 400 "duplicate reference_id" answer', () => {
		expect(
			isDuplicateReference(
				apiError(
					{ message: 'duplicate reference_id: X' },
					'400',
					'SMEPay Send Payout failed: duplicate reference_id: X',
				),
			),
		).toBe(true);
		expect(
			isDuplicateReference(
				apiError(
					{ message: 'insufficient balance' },
					'400',
					'SMEPay Send Payout failed: insufficient balance',
				),
			),
		).toBe(false);
		expect(
			isDuplicateReference(
				apiError({ message: 'x' }, '500', 'SMEPay Send Payout failed: duplicate reference_id: X'),
			),
		).toBe(false);
		expect(isDuplicateReference(undefined)).toBe(false);
	});

	test('redactBeneficiary blanks the details everywhere the error carries them, any case', () => {
		const error = apiError(
			{
				message: 'bad account 123456789012 at hdfc0001234 for RAVI KUMAR',
				data: { echo: ['Ravi Kumar'] },
			},
			'400',
			'SMEPay Send Payout failed: bad account 123456789012 at hdfc0001234 for RAVI KUMAR',
		);
		error.description = 'account 123456789012';
		redactBeneficiary(error, ['Ravi Kumar', '123456789012', 'HDFC0001234']);
		const everything = JSON.stringify({
			...error,
			message: error.message,
			stack: error.stack,
			errorResponse: error.errorResponse,
		});
		expect(everything).not.toMatch(/123456789012|hdfc0001234|ravi kumar/i);
		expect(error.message).toBe(
			'SMEPay Send Payout failed: bad account [redacted] at [redacted] for [redacted]',
		);
		expect(error.errorResponse.data.echo).toEqual(['[redacted]']);
	});
});
