'use strict';
// Send Payout through the real n8n engine against the SMEPay sandbox, on the inputs where money
// went wrong before: a decimal comma read as a group (100× the amount), amounts below the
// documented ₹1 minimum reaching SMEPay mid-batch, and account numbers typed as numbers (the
// leading zero already lost). Each is refused before any money call, naming the item and field.
const { useIntegration } = require('../harness/integration');
const {
	BENEFICIARY,
	AUTO_MAP,
	sheetRow,
	newRef,
	row,
	sendRows,
	ledgerPayouts,
	allText,
} = require('./payoutSteps');

const it = useIntegration();

const paidAmounts = async (prefix) =>
	Object.fromEntries(
		(await ledgerPayouts(it, prefix)).map((payout) => [payout.reference_id, payout.amount]),
	);

describe('a decimal comma is refused, never paid 100×', () => {
	test('mapped fields, Stop Workflow: "1500,50" stops the node naming the item and Amount; nothing is paid', async () => {
		const prefix = newRef('COMMA');
		const result = await sendRows(it, [
			row(`${prefix}-0`, { amount: '1,500.50' }),
			row(`${prefix}-1`, { amount: '1500,50' }),
		]);
		const error = result.nodeError('SMEPay');
		expect(error.message).toBe('Amount "1500,50" looks like it has a decimal comma (item 1)');
		expect(error.description).toMatch(/like 1500\.50/);
		expect(error.description).toMatch(/No payout was sent/);
		expect(error.context.itemIndex).toBe(1);
		expect(await ledgerPayouts(it, prefix)).toHaveLength(0);
	});

	test('auto-map, Continue: every malformed amount is an error item; well-formed groups pay exactly what was written', async () => {
		const prefix = newRef('GROUPS');
		const cases = [
			['indian', '1,23,456.78', null],
			['western', '123,456.78', null],
			['rupee', '₹ 1,050.50', null],
			['plain', ' 1500.5 ', null],
			['comma', '1500,50', 'looks like it has a decimal comma'],
			['half', '0,50', 'looks like it has a decimal comma'],
			['ten', '10,5', 'looks like it has a decimal comma'],
			['european', '1.500,50', 'looks like it has a decimal comma'],
			['stray', '1,,0,0', 'has commas that do not group digits'],
			['misplaced', '25,0000', 'has commas that do not group digits'],
			['list', ['250'], 'is a list, not one amount'],
			['object', { rupees: 250 }, 'is an object, not an amount'],
			['yes', true, 'is true or false, not an amount'],
			['exponent', '1e3', 'is written with an exponent'],
			['float', 0.1 + 0.2, 'has more than 2 decimals'],
		];
		const rows = cases.map(([name, amount]) =>
			sheetRow(`${prefix}-${name}`, { amount, payment_mode: 'NEFT' }),
		);
		const result = await sendRows(it, rows, {
			parameters: AUTO_MAP,
			continueOnFail: true,
		});
		const items = result.output('SMEPay').map((item) => item.json);
		expect(items).toHaveLength(cases.length);
		cases.forEach(([name, , problem], index) => {
			if (problem === null) {
				expect(items[index]).toMatchObject({ reference_id: `${prefix}-${name}` });
				expect(items[index].error).toBeUndefined();
			} else {
				expect(items[index]).toMatchObject({ reference_id: `${prefix}-${name}` });
				expect(items[index].error).toMatch(new RegExp(`^Amount .*${problem} \\(item ${index}\\)$`));
			}
		});
		expect(await paidAmounts(prefix)).toEqual({
			[`${prefix}-indian`]: 123456.78,
			[`${prefix}-western`]: 123456.78,
			[`${prefix}-rupee`]: 1050.5,
			[`${prefix}-plain`]: 1500.5,
		});
	});
});

describe('the documented limits of each mode are checked before any money call', () => {
	test('0.50 by IMPS, Stop Workflow: refused in pre-flight, the valid row before it is not paid', async () => {
		const prefix = newRef('MIN');
		const result = await sendRows(it, [
			row(`${prefix}-0`),
			row(`${prefix}-1`, { amount: '0.50', mode: 'IMPS' }),
		]);
		const error = result.nodeError('SMEPay');
		expect(error.message).toBe('Amount ₹0.50 is below the IMPS minimum of ₹1 (item 1)');
		expect(error.description).toMatch(/No payout was sent/);
		expect(await ledgerPayouts(it, prefix)).toHaveLength(0);
	});

	test('one paisa either side of every edge: IMPS ₹1–₹5,00,000, NEFT from ₹1, RTGS from ₹2,00,000', async () => {
		const prefix = newRef('EDGE');
		const cases = [
			['imps-min-below', 'IMPS', '0.99', /below the IMPS minimum of ₹1/],
			['imps-min', 'IMPS', '1.00', null],
			['imps-max', 'IMPS', '500000.00', null],
			['imps-max-above', 'IMPS', '500000.01', /above the IMPS limit of ₹5,00,000/],
			['neft-min-below', 'NEFT', '0.99', /below the NEFT minimum of ₹1/],
			['neft-min', 'NEFT', '1', null],
			['rtgs-min-below', 'RTGS', '199999.99', /below the RTGS minimum of ₹2,00,000/],
			['rtgs-min', 'RTGS', '2,00,000', null],
		];
		const rows = cases.map(([name, mode, amount]) => row(`${prefix}-${name}`, { mode, amount }));
		const result = await sendRows(it, rows, { continueOnFail: true });
		const items = result.output('SMEPay').map((item) => item.json);
		cases.forEach(([name, , , problem], index) => {
			expect(items[index].reference_id).toBe(`${prefix}-${name}`);
			if (problem === null) expect(items[index].error).toBeUndefined();
			else expect(items[index].error).toMatch(problem);
		});
		expect(await paidAmounts(prefix)).toEqual({
			[`${prefix}-imps-min`]: 1,
			[`${prefix}-imps-max`]: 500000,
			[`${prefix}-neft-min`]: 1,
			[`${prefix}-rtgs-min`]: 200000,
		});
	});
});

describe('an account number that arrives as a number is refused in both data modes', () => {
	const LOST_ZERO = 33325221134005; // 033325221134005 typed into a number column

	test('mapped field: an expression that resolves to a number stops the node; nothing is paid', async () => {
		const prefix = newRef('ACCNUM');
		const result = await sendRows(it, [
			row(`${prefix}-0`),
			row(`${prefix}-1`, { account: LOST_ZERO }),
		]);
		const error = result.nodeError('SMEPay');
		expect(error.message).toBe(
			'Beneficiary Account Number arrived as a number, so a leading zero may already be lost (item 1)',
		);
		expect(error.description).toMatch(/column as text/);
		expect(allText(error)).not.toContain(String(LOST_ZERO));
		expect(await ledgerPayouts(it, prefix)).toHaveLength(0);
	});

	test('auto-map: a number cell is an error item, the text one beside it is paid digit for digit', async () => {
		const prefix = newRef('ACCAUTO');
		const result = await sendRows(
			it,
			[
				sheetRow(`${prefix}-number`, { beneficiary_account: LOST_ZERO }),
				sheetRow(`${prefix}-small`, { beneficiary_account: 123456789012 }),
				sheetRow(`${prefix}-text`, { beneficiary_account: '033325221134005' }),
			],
			{ parameters: AUTO_MAP, continueOnFail: true },
		);
		const items = result.output('SMEPay').map((item) => item.json);
		for (const index of [0, 1]) {
			expect(items[index].error).toBe(
				`Beneficiary Account Number arrived as a number, so a leading zero may already be lost (item ${index})`,
			);
		}
		expect(items[2].error).toBeUndefined();
		const ledger = await ledgerPayouts(it, prefix);
		expect(ledger.map((payout) => payout.reference_id)).toEqual([`${prefix}-text`]);
		const { createHash } = require('node:crypto');
		expect(ledger[0].beneficiary_account).toBe(
			createHash('sha256').update('033325221134005').digest('hex'),
		);
	});
});
