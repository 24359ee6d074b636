'use strict';
// Batches of orders through the real n8n engine: one token exchange for 200 items, a token that
// expires in the middle of a batch, item order and pairedItem, and Continue On Fail.
const { useIntegration } = require('../harness/integration');
const { newOrderId, runOrder, failure } = require('./orderSteps');

const it = useIntegration(undefined, { clearFaults: true });

/** A credential with the same keys as `credential` but no stored token yet, as a new one in n8n. */
function freshCredential(credential, id) {
	return it.engine.credentials.add(id, 'smePayApi', {
		...it.engine.credentials.data(credential),
		accessToken: '',
	});
}

function shopRows(count, prefix) {
	return Array.from({ length: count }, (_, index) => ({
		ref: `${prefix}-${index}`,
		total: `${index + 1}.${String(index % 100).padStart(2, '0')}`,
	}));
}

async function createBatch(credentials, rows, node = {}) {
	return await runOrder(
		it,
		credentials,
		'create',
		{ amount: '={{ $json.total }}', orderId: '={{ $json.ref }}' },
		{ input: rows, node },
	);
}

/** Every output item is the order of its own input row, in input order, exactly as sent. */
async function expectOrdersOfRows(items, rows) {
	const bySlug = new Map((await it.ledger()).orders.map((order) => [order.slug, order]));
	expect(items).toHaveLength(rows.length);
	items.forEach((item, index) => {
		expect(item.pairedItem).toEqual({ item: index });
		expect(item.json.error).toBeUndefined();
		const stored = bySlug.get(item.json.slug);
		expect(stored).toMatchObject({ ref_id: rows[index].ref, amount: rows[index].total });
	});
}

describe.each(['wizard', 'inline'])('%s integration', (credential) => {
	test('a batch of 200 orders makes exactly one token exchange', async () => {
		const credentials = freshCredential(credential, `${credential}-batch`);
		const rows = shopRows(200, newOrderId('BATCH'));
		const tokensBefore = (await it.ledger()).tokens.collection;
		const exchangesBefore = it.engine.credentials.preAuthentications.length;

		const items = (await createBatch(credentials, rows)).output('SMEPay');

		await expectOrdersOfRows(items, rows);
		expect((await it.ledger()).tokens.collection - tokensBefore).toBe(1);
		expect(it.engine.credentials.preAuthentications.slice(exchangesBefore)).toEqual([
			{ type: 'smePayApi', expired: false },
		]);

		// The stored token serves the next execution too: no exchange at all.
		const again = (await createBatch(credentials, shopRows(5, newOrderId('AGAIN')))).output(
			'SMEPay',
		);
		expect(again).toHaveLength(5);
		expect((await it.ledger()).tokens.collection - tokensBefore).toBe(1);
	});

	test('tokens expiring in the middle of a batch are renewed and no item is lost', async () => {
		const credentials = freshCredential(credential, `${credential}-expiring`);
		const rows = shopRows(200, newOrderId('EXP'));
		const tokensBefore = (await it.ledger()).tokens.collection;
		const exchangesBefore = it.engine.credentials.preAuthentications.length;
		const path =
			credential === 'wizard' ? '/api/wiz/external/order/create' : '/api/external/order/create';
		// The 101st create finds every token expired (SMEPay's 600 s token lifetime, brought forward).
		await it.control('POST', '/faults', {
			match: { path },
			action: 'expireTokens',
			skip: 100,
			times: 1,
		});

		const items = (await createBatch(credentials, rows)).output('SMEPay');

		await expectOrdersOfRows(items, rows);
		const ledger = await it.ledger();
		expect(ledger.faults[0].fired).toBe(1);
		const renewals = it.engine.credentials.preAuthentications
			.slice(exchangesBefore)
			.filter((p) => p.expired);
		// The calls in flight when the tokens expired all got 401; one exchange renews it for all.
		expect(renewals).toHaveLength(1);
		expect(ledger.tokens.collection - tokensBefore).toBe(1 + renewals.length);
	});
});

describe('items that fail', () => {
	const rows = () => {
		const prefix = newOrderId('MIX');
		return [
			{ ref: `${prefix}-a`, total: '10.00' },
			{ ref: `${prefix}-b`, total: '1.005' }, // three decimals: refused before any request
			{ ref: `${prefix}-c`, total: '12.30' },
			{ ref: `${prefix}-a`, total: '10.00' }, // the same Order ID again: SMEPay refuses it
		];
	};

	test('with Continue On Fail, failed items become error items in place and the rest go on', async () => {
		const input = rows();
		const ordersBefore = (await it.ledger()).orders.length;
		const items = (await createBatch('wizard', input, { continueOnFail: true })).output('SMEPay');
		expect(items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(items[0].json.slug).toBeTruthy();
		expect(items[1].json.error).toBe('Amount "1.005" has more than 2 decimals (item 1)');
		expect(items[1].json.errorDescription).toMatch(/at most 2 decimals/);
		expect(items[2].json.slug).toBeTruthy();
		expect(items[3].json).toMatchObject({
			error: 'SMEPay Create Order failed: order_id already exists',
			httpCode: '400',
		});
		expect(items[3].json.errorDescription).toMatch(/Each Order ID can be used for one order only/);
		expect((await it.ledger()).orders.length - ordersBefore).toBe(2);
	});

	test('without Continue On Fail, the node fails naming the item, and no item starts after it', async () => {
		const ordersBefore = (await it.ledger()).orders.length;
		const result = await runOrder(
			it,
			'wizard',
			'create',
			{ amount: '={{ $json.total }}', orderId: '={{ $json.ref }}', options: { concurrency: 1 } },
			{ input: rows() },
		);
		const error = failure(result);
		expect(error.message).toBe('Amount "1.005" has more than 2 decimals (item 1)');
		expect(error.context.itemIndex).toBe(1);
		// Item 0 was created; item 1 was refused before its request; items 2 and 3 never started.
		expect((await it.ledger()).orders.length - ordersBefore).toBe(1);
	});
});
