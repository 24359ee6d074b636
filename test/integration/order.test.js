'use strict';
// The order resource end to end, on both integrations, through the real n8n engine against the
// SMEPay sandbox: create → initiate → pay → status / wait → validate, expiry and mismatches.
const { useIntegration } = require('../harness/integration');
const { newOrderId, runOrder, createOrder, settle, ledgerOrder } = require('./orderSteps');

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const it = useIntegration();

function connect(from, to) {
	return { [from]: { main: [[{ node: to, type: 'main', index: 0 }]] } };
}

describe.each(['wizard', 'inline'])('%s integration', (credential) => {
	test('create → (initiate) → pay → status → wait → validate, amounts kept exact', async () => {
		// A shop order becomes an SMEPay order; on Inline the next node initiates it from the slug.
		const ref = newOrderId('SHOP');
		const nodes = [
			{
				name: 'Create',
				type: 'smePay',
				parameters: {
					resource: 'order',
					operation: 'create',
					amount: '={{ $json.total }}',
					orderId: '={{ $json.ref }}',
				},
				credentials: it.credentials[credential],
			},
		];
		if (credential === 'inline') {
			nodes.push({
				name: 'Initiate',
				type: 'smePay',
				parameters: { resource: 'order', operation: 'initiate', slug: '={{ $json.slug }}' },
				credentials: it.credentials[credential],
			});
		}
		const first = await it.engine.run({
			nodes,
			connections: credential === 'inline' ? connect('Create', 'Initiate') : {},
			input: [{ total: '100.10', ref }],
		});
		const created = first.output('Create')[0].json;
		expect(created.slug).toMatch(/^\w+$/);
		const slug = created.slug;
		const stored = await ledgerOrder(it, slug);
		expect(stored).toMatchObject({
			ref_id: ref,
			amount: '100.10',
			amount_paise: 10010,
			integration: credential,
		});

		if (credential === 'wizard') {
			expect(created.order_slug).toBe(slug);
			expect(created.payment_url).toContain(slug);
		} else {
			const initiated = first.output('Initiate')[0];
			expect(initiated.pairedItem).toEqual({ item: 0 });
			expect(initiated.json).toMatchObject({
				slug,
				payment_status: 'INITIATED',
				external_reference_id: ref,
			});
			expect(initiated.json.payment_link).toMatch(/^upi:\/\/pay\?.*am=100\.10/);
			expect(Object.keys(initiated.json.intents).sort()).toEqual(['gpay', 'paytm', 'phonepe']);
			// The QR is a file under `qr`, and the data URL is not repeated in the JSON.
			expect(initiated.json.qr_code).toBeUndefined();
			const qr = initiated.binary.qr;
			expect(qr).toMatchObject({
				mimeType: 'image/png',
				fileName: `smepay-qr-${slug}.png`,
				fileExtension: 'png',
			});
			const png = Buffer.from(qr.data, 'base64');
			expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
			expect(png.length).toBeGreaterThan(200);
		}

		await settle(it, slug, 'SUCCESS');

		const second = await it.engine.run({
			nodes: [
				{
					name: 'Status',
					type: 'smePay',
					parameters: {
						resource: 'order',
						operation: 'getStatus',
						slug: '={{ $json.slug }}',
						orderId: '={{ $json.ref }}',
					},
					credentials: it.credentials[credential],
				},
				{
					name: 'Wait',
					type: 'smePay',
					parameters: {
						resource: 'order',
						operation: 'waitForStatus',
						slug: '={{ $json.slug }}',
						pollInterval: 1,
						timeout: 5,
					},
					credentials: it.credentials[credential],
				},
				{
					name: 'Validate',
					type: 'smePay',
					parameters: {
						resource: 'order',
						operation: 'validate',
						slug: '={{ $json.slug }}',
						amount: '100.10',
					},
					credentials: it.credentials[credential],
				},
			],
			connections: { ...connect('Status', 'Wait'), ...connect('Wait', 'Validate') },
			input: [{ slug, ref }],
		});
		expect(second.output('Status')[0].json).toMatchObject({
			slug,
			payment_status: 'SUCCESS',
			amount: 100.1,
		});
		expect(second.output('Wait')[0].json).toMatchObject({
			slug,
			payment_status: 'SUCCESS',
			timedOut: false,
		});
		expect(second.output('Validate')[0].json).toMatchObject({
			valid: true,
			payment_status: 'SUCCESS',
			slug,
			expectedAmount: '100.10',
		});
	});

	test('validate: valid only for SUCCESS with the same amount in paise', async () => {
		const paid = await createOrder(it, credential, '100.10');
		const unpaid = await createOrder(it, credential, '100.10');
		const failed = await createOrder(it, credential, '100.10');
		await settle(it, paid.slug, 'SUCCESS');
		await settle(it, failed.slug, 'FAILED');

		const cases = [
			{ slug: paid.slug, amount: '100.1', valid: true, status: 'SUCCESS' }, // same paise, other spelling
			{ slug: paid.slug, amount: 100.1, valid: true, status: 'SUCCESS' }, // a number from a sheet
			{
				slug: paid.slug,
				amount: '100.00',
				valid: false,
				status: 'SUCCESS',
				message: /amount mismatch/i,
			},
			{
				slug: paid.slug,
				amount: '100.11',
				valid: false,
				status: 'SUCCESS',
				message: /amount mismatch/i,
			},
			{
				slug: unpaid.slug,
				amount: '100.10',
				valid: false,
				status: 'CREATED',
				message: /not paid/i,
			}, // another order's slug
			{ slug: failed.slug, amount: '100.10', valid: false, status: 'FAILED', message: /not paid/i },
		];
		const result = await runOrder(
			it,
			credential,
			'validate',
			{ slug: '={{ $json.slug }}', amount: '={{ $json.amount }}' },
			{ input: cases.map(({ slug, amount }) => ({ slug, amount })) },
		);
		const items = result.output('SMEPay');
		expect(items).toHaveLength(cases.length);
		cases.forEach((expected, index) => {
			expect(items[index].pairedItem).toEqual({ item: index });
			expect(items[index].json).toMatchObject({
				valid: expected.valid,
				payment_status: expected.status,
				slug: expected.slug,
			});
			if (expected.message) expect(items[index].json.message).toMatch(expected.message);
		});
	});

	test('wait for status sees a payment made while it waits', async () => {
		const order = await createOrder(it, credential, '250.00');
		const started = Date.now();
		const waiting = runOrder(it, credential, 'waitForStatus', {
			slug: order.slug,
			orderId: order.orderId,
			pollInterval: 1,
			timeout: 20,
		});
		await new Promise((resolve) => setTimeout(resolve, 1300));
		await settle(it, order.slug, 'FAILED');
		const item = (await waiting).output('SMEPay')[0];
		expect(item.json).toMatchObject({
			slug: order.slug,
			payment_status: 'FAILED',
			timedOut: false,
		});
		expect(Date.now() - started).toBeGreaterThanOrEqual(1300);
		// Ended by the order window, far from the 360 s default timeout (bound loose for busy CI).
		expect(Date.now() - started).toBeLessThan(30_000);
	});

	test('wait for status gives the last status with timedOut: true at the timeout', async () => {
		const order = await createOrder(it, credential, '1.00');
		const started = Date.now();
		const item = (
			await runOrder(it, credential, 'waitForStatus', {
				slug: order.slug,
				pollInterval: 1,
				timeout: 2,
			})
		).output('SMEPay')[0];
		expect(item.json).toMatchObject({
			slug: order.slug,
			payment_status: 'CREATED',
			timedOut: true,
		});
		expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
		expect(Date.now() - started).toBeLessThan(30_000);
	});

	test('an unpaid order ends EXPIRED after the order window, and is then not valid', async () => {
		await it.control('POST', '/config', { orderTtlSeconds: 2 });
		let order;
		try {
			order = await createOrder(it, credential, '75.50');
		} finally {
			await it.control('POST', '/config', { orderTtlSeconds: 300 });
		}
		const item = (
			await runOrder(it, credential, 'waitForStatus', {
				slug: order.slug,
				pollInterval: 1,
				timeout: 20,
			})
		).output('SMEPay')[0];
		expect(item.json).toMatchObject({ payment_status: 'EXPIRED', timedOut: false });
		const validation = (
			await runOrder(it, credential, 'validate', { slug: order.slug, amount: '75.50' })
		).output('SMEPay')[0];
		expect(validation.json).toMatchObject({ valid: false, payment_status: 'EXPIRED' });
	});

	test('status reads are retried through 503 and 429 answers', async () => {
		const order = await createOrder(it, credential, '10.00');
		const before = (await it.ledger()).requests;
		await it.control('POST', '/faults', {
			match: { path: '/api/external/qr/status' },
			action: 'status',
			status: 503,
			times: 1,
		});
		await it.control('POST', '/faults', {
			match: { path: '/api/external/qr/status' },
			action: 'status',
			status: 429,
			times: 1,
		});
		const item = (await runOrder(it, credential, 'getStatus', { slug: order.slug })).output(
			'SMEPay',
		)[0];
		expect(item.json).toMatchObject({ payment_status: 'CREATED', slug: order.slug });
		expect((await it.ledger()).requests - before).toBe(3);
	});
});

describe('Initiate options', () => {
	test('qrBinary off keeps the data URL in the JSON and attaches no file', async () => {
		const order = await createOrder(it, 'inline', '20.00');
		const item = (
			await runOrder(it, 'inline', 'initiate', { slug: order.slug, options: { qrBinary: false } })
		).output('SMEPay')[0];
		expect(item.binary).toBeUndefined();
		expect(item.json.qr_code).toMatch(/^data:image\/png;base64,/);
	});

	test('binaryPropertyName puts the PNG under another field', async () => {
		const order = await createOrder(it, 'inline', '20.00');
		const item = (
			await runOrder(it, 'inline', 'initiate', {
				slug: order.slug,
				options: { binaryPropertyName: 'attachment' },
			})
		).output('SMEPay')[0];
		expect(Object.keys(item.binary)).toEqual(['attachment']);
		expect(
			Buffer.from(item.binary.attachment.data, 'base64').subarray(0, 8).equals(PNG_SIGNATURE),
		).toBe(true);
	});
});

describe('Wizard validate', () => {
	test('an answer saying valid without payment_status SUCCESS is not trusted', async () => {
		const order = await createOrder(it, 'wizard', '100.10');
		await it.control('POST', '/faults', {
			match: { path: '/api/wiz/external/order/validate' },
			action: 'status',
			status: 200,
			body: {
				status: true,
				valid: true,
				payment_status: 'PENDING',
				message: 'Order validated successfully',
			},
			times: 1,
		});
		const item = (
			await runOrder(it, 'wizard', 'validate', { slug: order.slug, amount: '100.10' })
		).output('SMEPay')[0];
		expect(item.json).toMatchObject({ valid: false, payment_status: 'PENDING' });
		expect(item.json.message).toMatch(/not treated as paid/);
	});
});
