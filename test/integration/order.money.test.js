'use strict';
// Order amounts typed in a sheet or a form, through the real n8n engine against the sandbox: a
// well-formed amount creates the order for exactly that amount; a decimal comma or a list is
// refused before any request, naming the item and Amount.
const { useIntegration } = require('../harness/integration');
const { newOrderId, runOrder, createOrder, settle } = require('./orderSteps');

const it = useIntegration();

const ordersOf = async (prefix) =>
	Object.fromEntries(
		(await it.ledger()).orders
			.filter((order) => order.ref_id.startsWith(prefix))
			.map((order) => [order.ref_id, order.amount_paise]),
	);

test('Create Order: grouped amounts are created exactly; a decimal comma and a list are error items, never orders', async () => {
	const prefix = newOrderId('AMT');
	const rows = [
		{ ref: `${prefix}-lakh`, total: '₹1,00,000.00' },
		{ ref: `${prefix}-western`, total: '1,249.00' },
		{ ref: `${prefix}-comma`, total: '249,00' },
		{ ref: `${prefix}-list`, total: ['249'] },
		{ ref: `${prefix}-number`, total: 249.5 },
	];
	const result = await runOrder(
		it,
		'wizard',
		'create',
		{ amount: '={{ $json.total }}', orderId: '={{ $json.ref }}' },
		{ input: rows, node: { onError: 'continueRegularOutput' } },
	);
	const items = result.output('SMEPay').map((item) => item.json);
	expect(items[2].error).toBe('Amount "249,00" looks like it has a decimal comma (item 2)');
	expect(items[3].error).toBe('Amount is a list, not one amount (item 3)');
	expect(await ordersOf(prefix)).toEqual({
		[`${prefix}-lakh`]: 10000000,
		[`${prefix}-western`]: 124900,
		[`${prefix}-number`]: 24950,
	});
});

test('Validate: the expected amount is read the same way; "100,10" is refused before any request', async () => {
	const order = await createOrder(it, 'inline', '100.10');
	await settle(it, order.slug);
	const validate = (amount) =>
		runOrder(it, 'inline', 'validate', { slug: order.slug, amount }).then((result) => result);

	const grouped = await validate('₹ 100.10');
	expect(grouped.output('SMEPay')[0].json).toMatchObject({ valid: true, expectedAmount: '100.10' });

	const requestsBefore = (await it.ledger()).requests;
	const comma = await validate('100,10');
	expect(comma.nodeError('SMEPay').message).toBe(
		'Amount "100,10" looks like it has a decimal comma (item 0)',
	);
	expect((await it.ledger()).requests).toBe(requestsBefore); // no API request at all
});
