'use strict';
// Auto-Map's pure part: which sheet column feeds which payout field, what a row lacks taking the
// node's parameters, and the errors that name the column and the item before any money call.
// The engine-level side (what gets paid) is in test/integration/payout.autoMap.test.js.
const {
	payoutFieldsFromColumns,
	referenceIdFromColumns,
} = require('../../nodes/SmePay/actions/payout/autoMapColumns');
const { checkPayout } = require('../../nodes/SmePay/actions/payout/payoutRow');
const { SmePay } = require('../../nodes/SmePay/SmePay.node');

const { NODE: node, refusal } = require('./fixtures');

const DEFAULTS = { paymentMode: 'IMPS', additionalFields: { remarks: 'Payout from n8n' } };

const ROW = {
	reference_id: 'SAL-1',
	amount: '100',
	beneficiary_name: 'Ravi Kumar',
	beneficiary_account: '123456789012',
	beneficiary_ifsc: 'HDFC0001234',
};

/** The request body Send Payout would send for the row. */
function requestFor(row, defaults = DEFAULTS, itemIndex = 0) {
	return checkPayout(node, itemIndex, payoutFieldsFromColumns(node, itemIndex, row, defaults));
}

describe('payoutFieldsFromColumns', () => {
	test('a row with every column: its own payment mode, remarks and callback URL are sent', () => {
		expect(
			requestFor({
				...ROW,
				payment_mode: 'neft',
				remarks: 'April salary',
				callback_url: 'https://n8n.example.com/webhook/payout',
			}),
		).toEqual({
			reference_id: 'SAL-1',
			amount: 100,
			payment_mode: 'NEFT',
			beneficiary_name: 'Ravi Kumar',
			beneficiary_account: '123456789012',
			beneficiary_ifsc: 'HDFC0001234',
			remarks: 'April salary',
			callback_url: 'https://n8n.example.com/webhook/payout',
		});
	});

	test("a row's callback URL column wins over the node's, and a bad one is refused naming it", () => {
		const defaults = {
			paymentMode: 'IMPS',
			additionalFields: { callbackUrl: 'https://n8n.example.com/webhook/node' },
		};
		expect(requestFor(ROW, defaults).callback_url).toBe('https://n8n.example.com/webhook/node');
		expect(
			requestFor({ ...ROW, 'Callback URL': 'https://n8n.example.com/webhook/row' }, defaults)
				.callback_url,
		).toBe('https://n8n.example.com/webhook/row');
		const error = refusal(() =>
			requestFor({ ...ROW, callbackUrl: 'n8n.example.com/hook' }, defaults, 3),
		);
		expect(error.message).toBe('Callback URL does not start with http:// or https:// (item 3)');
	});

	test('an optional cell that is empty or null takes the node parameter, as a missing one does', () => {
		const defaults = {
			paymentMode: 'NEFT',
			additionalFields: {
				remarks: 'Payout from n8n',
				callbackUrl: 'https://n8n.example.com/webhook/node',
			},
		};
		for (const empty of [undefined, null, '']) {
			const row = { ...ROW, payment_mode: empty, remarks: empty, callback_url: empty };
			const request = requestFor(row, defaults);
			expect(request.payment_mode).toBe('NEFT');
			expect(request.remarks).toBe('Payout from n8n');
			expect(request.callback_url).toBe('https://n8n.example.com/webhook/node');
		}
		// A value of its own, however short, is the row's.
		expect(requestFor({ ...ROW, remarks: 0 }, defaults).remarks).toBe('0');
	});

	test('without remarks or callback URL anywhere, none are sent', () => {
		const request = requestFor(ROW, { paymentMode: 'IMPS', additionalFields: {} });
		expect(request).not.toHaveProperty('remarks');
		expect(request).not.toHaveProperty('callback_url');
		expect(request.payment_mode).toBe('IMPS');
	});

	test('columns that are not payout fields are left alone, however many', () => {
		const request = requestFor({ Notes: 'x', Department: 'Sales', ...ROW, 'Row #': 7 });
		expect(request.reference_id).toBe('SAL-1');
		expect(request.amount).toBe(100);
	});

	test('a column given twice stops the row, naming both spellings and what to do', () => {
		const error = refusal(() =>
			payoutFieldsFromColumns(node, 5, { ...ROW, Amount: '1000' }, DEFAULTS),
		);
		expect(error.message).toBe('Amount is given twice, as "amount" and as "Amount" (item 5)');
		expect(error.description).toBe('Keep one of the two columns, so it is clear which is paid.');
		expect(error.context.itemIndex).toBe(5);
	});

	test('a missing required column stops the row, naming it and listing the columns the row has', () => {
		const { beneficiary_account: _, ...row } = ROW;
		const error = refusal(() => payoutFieldsFromColumns(node, 2, row, DEFAULTS));
		expect(error.message).toBe(
			'Beneficiary Account Number is missing: the input has no beneficiary_account column (item 2)',
		);
		expect(error.description).toBe(
			'With Data Mode "Auto-Map Input Data", every row needs the columns reference_id, amount, beneficiary_name, beneficiary_account, beneficiary_ifsc (any spelling, e.g. "Reference ID"). This item has: "reference_id", "amount", "beneficiary_name", "beneficiary_ifsc". Rename the columns, or set Data Mode to "Map Each Field Below".',
		);
		expect(error.context.itemIndex).toBe(2);
		expect(refusal(() => payoutFieldsFromColumns(node, 0, {}, DEFAULTS)).description).toMatch(
			/This item has: no columns\./,
		);
		const wide = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`col${i}`, i]));
		const listed = refusal(() => payoutFieldsFromColumns(node, 0, wide, DEFAULTS)).description;
		expect(listed).toMatch(/"col14", …\. Rename/);
		expect(listed).not.toMatch(/col15/);
	});

	test('"Beneficiary Account Number", the field\'s label, is the account column too', () => {
		const { beneficiary_account: account, ...row } = ROW;
		expect(requestFor({ ...row, 'Beneficiary Account Number': account }).beneficiary_account).toBe(
			'123456789012',
		);
	});
});

describe('referenceIdFromColumns', () => {
	test("the row's Reference ID column, wherever it is and however it is spelled", () => {
		expect(referenceIdFromColumns({ Notes: 'x', amount: '5', 'Reference ID': 'SAL-9' })).toBe(
			'SAL-9',
		);
		expect(referenceIdFromColumns({ amount: '5', referenceId: 1001 })).toBe(1001);
		expect(referenceIdFromColumns({ amount: '5', Notes: 'x' })).toBeUndefined();
		expect(referenceIdFromColumns({})).toBeUndefined();
	});
});

test('the Auto-Map notice lists the required and the optional columns', () => {
	const notice = new SmePay().description.properties.find((p) => p.name === 'autoMapNotice');
	expect(notice.displayName).toMatch(
		/^Each row needs the columns reference_id, amount, beneficiary_name, beneficiary_account, beneficiary_ifsc; payment_mode, remarks, callback_url are optional /,
	);
});
