'use strict';
// The public contract documented in README.md and docs/ARCHITECTURE.md ("The public contract"):
// the names users' saved workflows depend on. This holds the built node to them.
const { SmePay } = require('../../dist/nodes/SmePay/SmePay.node');
const pkg = require('../../package.json');

/** A payout row's parameters: Send's, and Preview Payouts' (the same ones). */
const PAYOUT_ROW = [
	'referenceId',
	'amount',
	'paymentMode',
	'beneficiaryName',
	'beneficiaryAccount',
	'beneficiaryIfsc',
	'additionalFields',
];

const CONTRACT = {
	order: {
		credential: 'smePayApi',
		operations: {
			create: ['amount', 'orderId', 'callbackUrl', 'customerDetails'],
			initiate: ['slug'],
			getStatus: ['slug', 'orderId'],
			validate: ['slug', 'amount'],
			waitForStatus: ['slug', 'orderId', 'pollInterval', 'timeout'],
		},
	},
	payout: {
		credential: 'smePayDisbursementApi',
		operations: {
			send: PAYOUT_ROW,
			preview: ['dataMode', ...PAYOUT_ROW],
			get: ['payoutId'],
			waitForStatus: ['payoutId', 'pollInterval', 'timeout'],
		},
	},
	merchant: {
		credential: 'smePayPartnerApi',
		operations: { create: ['name', 'businessName', 'companyName', 'email', 'mobile'] },
	},
};

const { description } = new SmePay();

function propertiesShownFor(resource, operation) {
	return description.properties.filter((p) => {
		const show = p.displayOptions?.show ?? {};
		return show.resource?.includes(resource) && show.operation?.includes(operation);
	});
}

describe('SMEPay node contract', () => {
	test('type, display name, usable as a tool, one version', () => {
		expect(description.name).toBe('smePay');
		expect(description.displayName).toBe('SMEPay');
		expect(description.usableAsTool).toBe(true);
		expect(pkg.n8n.nodes).toContain('dist/nodes/SmePay/SmePay.node.js');
	});

	test('resources and their credentials', () => {
		const resource = description.properties.find((p) => p.name === 'resource');
		expect(resource.options.map((o) => o.value).sort()).toEqual(Object.keys(CONTRACT).sort());
		for (const [name, spec] of Object.entries(CONTRACT)) {
			const credential = description.credentials.find((c) => c.name === spec.credential);
			expect(credential.displayOptions.show.resource).toEqual([name]);
		}
	});

	test.each(
		Object.entries(CONTRACT).flatMap(([r, s]) =>
			Object.entries(s.operations).map(([o, p]) => [r, o, p]),
		),
	)('%s / %s has the parameters of the public contract', (resource, operation, parameters) => {
		const selector = description.properties.find(
			(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource),
		);
		const option = selector.options.find((o) => o.value === operation);
		expect(option).toBeDefined();
		expect(option.action).toBeTruthy();
		const names = propertiesShownFor(resource, operation).map((p) => p.name);
		for (const parameter of parameters) expect(names).toContain(parameter);
	});

	test('payout paymentMode offers IMPS (default), NEFT and RTGS', () => {
		const mode = propertiesShownFor('payout', 'send').find((p) => p.name === 'paymentMode');
		expect(mode.default).toBe('IMPS');
		expect(mode.options.map((o) => o.value)).toEqual(['IMPS', 'NEFT', 'RTGS']);
	});

	test('Preview Payouts is named so; Send offers the pay run controls as options', () => {
		const selector = description.properties.find(
			(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes('payout'),
		);
		expect(selector.options.find((o) => o.value === 'preview').name).toBe('Preview Payouts');
		const options = propertiesShownFor('payout', 'send').find((p) => p.name === 'options');
		const controls = options.options.filter((o) =>
			['approvedFingerprint', 'batchLimit', 'rowLimit'].includes(o.name),
		);
		expect(controls.map((o) => [o.name, o.type, o.default])).toEqual([
			['approvedFingerprint', 'string', ''],
			['batchLimit', 'string', ''],
			['rowLimit', 'string', ''],
		]);
		// Preview calls nothing: it has no Send options (limits, concurrency) and no credential.
		expect(propertiesShownFor('payout', 'preview').map((p) => p.name)).not.toContain('options');
		const credential = description.credentials.find((c) => c.name === 'smePayDisbursementApi');
		expect(credential.displayOptions.hide).toEqual({ operation: ['preview'] });
	});

	test('wait defaults follow the public contract', () => {
		for (const resource of ['order', 'payout']) {
			const props = propertiesShownFor(resource, 'waitForStatus');
			expect(props.find((p) => p.name === 'pollInterval').default).toBe(4);
		}
		const orderTimeout = propertiesShownFor('order', 'waitForStatus').find(
			(p) => p.name === 'timeout',
		);
		expect(orderTimeout.default).toBe(360);
	});
});
