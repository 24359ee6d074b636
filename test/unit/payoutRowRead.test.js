'use strict';
// Reading one Send Payout row (readPayoutRow) and the error of a repeated Reference ID: which
// Reference ID a row carries decides which rows count as repeats (only the first is sent) and
// what a refused row's output item names.
const {
	readPayoutRow,
	repeatedReferenceError,
} = require('../../nodes/SmePay/actions/payout/payoutRow');
const { NODE: node } = require('./fixtures');

/** The part of n8n's execute context readPayoutRow uses: the node and its parameters. */
function context(parameters = {}) {
	const values = { paymentMode: 'IMPS', additionalFields: {}, ...parameters };
	return {
		getNode: () => node,
		getNodeParameter: (name, _itemIndex, fallback) => (name in values ? values[name] : fallback),
	};
}

/** A valid beneficiary, as mapped fields. */
const MAPPED = {
	beneficiaryName: 'Ravi Kumar',
	beneficiaryAccount: '123456789012',
	beneficiaryIfsc: 'HDFC0001234',
};

/** A valid row as Auto-Map columns, without its Reference ID. */
const COLUMNS = {
	amount: '10',
	beneficiary_name: 'Ravi Kumar',
	beneficiary_account: '123456789012',
	beneficiary_ifsc: 'HDFC0001234',
};

describe('readPayoutRow: the Reference ID a row carries', () => {
	test.each([
		['text, trimmed', ' SAL-001 ', 'SAL-001'],
		['a number-typed id, as text', 4201, '4201'],
		['blank', '   ', undefined],
		['missing', undefined, undefined],
		['an object is no id', { id: 'SAL-001' }, undefined],
		['a boolean is no id', true, undefined],
	])('Auto-Map, %s', (_, referenceId, expected) => {
		const columns = referenceId === undefined ? COLUMNS : { ...COLUMNS, reference_id: referenceId };
		expect(readPayoutRow(context(), 2, columns).referenceId).toBe(expected);
	});

	test('mapped fields: the Reference ID parameter, trimmed', () => {
		const ctx = context({ referenceId: ' SAL-002 ', amount: '10', ...MAPPED });
		const read = readPayoutRow(ctx, 0, undefined);
		expect(read.referenceId).toBe('SAL-002');
		expect(read.row.payout).toMatchObject({ reference_id: 'SAL-002', amount: 10 });
	});

	test("a refused row's output item names its Reference ID, and only when it has one", () => {
		const bad = { ...COLUMNS, amount: '1500,50' };
		const named = readPayoutRow(context(), 3, { ...bad, reference_id: ' SAL-003 ' });
		expect(named.row.problem.context.itemOutput).toEqual({ reference_id: 'SAL-003' });
		const unnamed = readPayoutRow(context(), 3, { ...bad, reference_id: { x: 1 } });
		expect(unnamed.row.problem.context.itemOutput).toEqual({});
	});
});

describe('repeatedReferenceError', () => {
	test('names both items, says the row was not sent and what to do, and keeps the id in the output', () => {
		const error = repeatedReferenceError(node, 'SAL-001', 5, 2);
		expect(error.message).toBe(
			'Reference ID "SAL-001" of item 5 is already used by item 2 of this input',
		);
		expect(error.description).toBe(
			'Only the first row with a given Reference ID is paid; this row was not sent. Give every payment its own Reference ID.',
		);
		expect(error.context).toMatchObject({ itemIndex: 5, itemOutput: { reference_id: 'SAL-001' } });
	});
});

describe('readPayoutRow: Auto-Map columns', () => {
	test.each([
		['empty', ''],
		['null', null],
	])("an %s payment_mode cell takes the node's Payment Mode, not IMPS", (_, cell) => {
		const read = readPayoutRow(context({ paymentMode: 'NEFT' }), 0, {
			...COLUMNS,
			reference_id: 'SAL-005',
			payment_mode: cell,
		});
		expect(read.row.payout.payment_mode).toBe('NEFT');
	});

	test('a column named "undefined" is not a Reference ID', () => {
		expect(readPayoutRow(context(), 0, { ...COLUMNS, undefined: 'SAL-006' }).referenceId).toBe(
			undefined,
		);
	});

	test('a missing column: the hint lists the first 15 column names, then "…"', () => {
		const many = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`c${i}`, 'x']));
		const { problem } = readPayoutRow(context(), 1, { ...many, reference_id: 'SAL-007' }).row;
		expect(problem.message).toMatch(/is missing: the input has no .* column \(item 1\)$/);
		expect(problem.description).toContain('"c13", "c14", …. Rename the columns');
		const few = readPayoutRow(context(), 1, { c0: 'x' }).row.problem;
		expect(few.description).toContain('This item has: "c0". Rename the columns');
	});
});
