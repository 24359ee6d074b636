'use strict';
// Merchant Create through the real n8n engine against the sandbox's partner API: every token shape
// the undocumented partner auth may answer with, the clear error when it has none, SMEPay's
// 400 / 409 / 401 answers, and no blind retry of a call that creates a merchant.
const { useIntegration, smePayNode } = require('../harness/integration');
const { secretsFound } = require('./secretScan');

const CREATE = '/api/partner/merchants/extended';

let counter = 0;
const it = useIntegration();
afterEach(async () => {
	await it.control('DELETE', '/faults');
	await it.control('POST', '/config', { partnerTokenShape: 'data.access_token' });
});

function merchantRow(fields = {}) {
	const n = ++counter;
	return {
		name: 'Asha Verma',
		business: `Asha Sweets ${n}`,
		company: `Asha Foods ${n} Pvt Ltd`,
		email: `asha.${n}.${Date.now().toString(36)}@example.com`,
		mobile: '+91 98765 43210',
		...fields,
	};
}

/** A partner credential of its own, so each test starts with no token. */
function freshPartner() {
	const id = `partner-${++counter}`;
	return it.engine.credentials.add(id, 'smePayPartnerApi', {
		baseUrl: it.sandbox.testUrl,
		...it.sandbox.clients.partner,
	});
}

async function createMerchants(
	rows,
	{ credentials = it.credentials.partner, continueOnFail = false } = {},
) {
	const parameters = {
		resource: 'merchant',
		operation: 'create',
		name: '={{ $json.name }}',
		businessName: '={{ $json.business }}',
		companyName: '={{ $json.company }}',
		email: '={{ $json.email }}',
		mobile: '={{ $json.mobile }}',
	};
	return await it.engine.run({
		nodes: [
			smePayNode(
				parameters,
				credentials,
				continueOnFail ? { onError: 'continueRegularOutput' } : {},
			),
		],
		input: rows,
	});
}

async function ledgerMerchants(email) {
	return (await it.ledger()).merchants.filter((merchant) => merchant.email === email);
}

test.each(['token', 'access_token', 'data.token', 'data.access_token'])(
	'partner auth answering the token at %s: merchant created, business_id and kyc_url out',
	async (shape) => {
		await it.control('POST', '/config', { partnerTokenShape: shape });
		const credentials = freshPartner();
		const input = merchantRow();
		const result = await createMerchants([input], { credentials });
		const item = result.output('SMEPay')[0];
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toEqual({
			message: 'Merchant created successfully',
			business_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
			kyc_url: `https://kyc.smepay.in/kyc/${item.json.business_id}`,
		});
		const [stored] = await ledgerMerchants(input.email);
		expect(stored).toMatchObject({
			business_id: item.json.business_id,
			name: 'Asha Verma',
			business_name: input.business,
			company_name: input.company,
			mobile: '9876543210',
		});
	},
);

test('partner auth answering without a token: a clear error naming the keys it saw, nothing created', async () => {
	await it.control('POST', '/config', { partnerTokenShape: 'none' });
	const input = merchantRow();
	const result = await createMerchants([input], { credentials: freshPartner() });
	const error = result.nodeError('SMEPay');
	expect(error.message).toMatch(/answered without a token/);
	expect(error.message).toMatch(/looked for token, access_token, data\.token, data\.access_token/);
	expect(error.message).toMatch(/the answer had keys status, message/);
	expect(await ledgerMerchants(input.email)).toHaveLength(0);
});

test('a refused Partner Code (a secret) is named as the field to check, never shown', async () => {
	const partnerCode = 'PARTNER-SECRET-7391-not-registered';
	const credentials = it.engine.credentials.add(`partner-${++counter}`, 'smePayPartnerApi', {
		baseUrl: it.sandbox.testUrl,
		...it.sandbox.clients.partner,
		partnerCode,
	});
	const input = merchantRow();
	const result = await createMerchants([input], { credentials });
	const error = result.nodeError('SMEPay');
	expect(error.message).toMatch(/rejected the credentials.*Check the Partner Code and Email/);
	expect(secretsFound(error, [partnerCode])).toEqual([]);
	expect(secretsFound(result.error, [partnerCode])).toEqual([]);
	expect(await ledgerMerchants(input.email)).toHaveLength(0);
});

test('one token exchange serves a batch of merchants', async () => {
	const credentials = freshPartner();
	const before = it.engine.credentials.preAuthentications.length;
	const rows = [merchantRow(), merchantRow(), merchantRow()];
	const result = await createMerchants(rows, { credentials });
	expect(result.output('SMEPay').map((item) => item.json.message)).toEqual(
		Array(3).fill('Merchant created successfully'),
	);
	expect(it.engine.credentials.preAuthentications.length - before).toBe(1);
});

test("409: a merchant with the same email is refused with SMEPay's message", async () => {
	const input = merchantRow();
	await createMerchants([input]);
	const again = await createMerchants([input], { continueOnFail: true });
	expect(again.output('SMEPay')[0].json).toMatchObject({
		error: 'SMEPay Create Merchant failed: merchant with this email already exists',
		httpCode: '409',
	});
	expect(await ledgerMerchants(input.email)).toHaveLength(1);
});

test('400: SMEPay refusing the data comes out with its message', async () => {
	await it.control('POST', '/faults', {
		match: { method: 'POST', path: CREATE },
		action: 'status',
		status: 400,
		body: { status: false, message: 'company_name is required' },
		times: 1,
	});
	const result = await createMerchants([merchantRow()]);
	const error = result.nodeError('SMEPay');
	expect(error.message).toBe('SMEPay Create Merchant failed: company_name is required');
	expect(error.httpCode).toBe('400');
	expect(error.context.itemIndex).toBe(0);
});

test('401 once: the token is renewed and the merchant created; 401 again: an error, created nothing', async () => {
	const credentials = freshPartner();
	await createMerchants([merchantRow()], { credentials });
	const renewals = () =>
		it.engine.credentials.preAuthentications.filter(
			(p) => p.type === 'smePayPartnerApi' && p.expired,
		).length;

	const before = renewals();
	await it.control('POST', '/faults', {
		match: { method: 'POST', path: CREATE },
		action: 'status',
		status: 401,
		times: 1,
	});
	const renewed = merchantRow();
	const ok = await createMerchants([renewed], { credentials });
	expect(ok.output('SMEPay')[0].json.business_id).toBeTruthy();
	expect(renewals()).toBe(before + 1);

	await it.control('POST', '/faults', {
		match: { method: 'POST', path: CREATE },
		action: 'status',
		status: 401,
		times: 2,
	});
	const refused = merchantRow();
	const result = await createMerchants([refused], { credentials });
	const error = result.nodeError('SMEPay');
	expect(error.message).toBe(
		'SMEPay Create Merchant failed: Unauthorized: invalid or expired token',
	);
	expect(error.httpCode).toBe('401');
	expect(await ledgerMerchants(refused.email)).toHaveLength(0);
});

test('not retried: a 500 or a lost answer is one request, and the lost answer says to check first', async () => {
	const requests = async () => (await it.ledger()).requests;
	await createMerchants([merchantRow()]); // the token exchange is done before counting

	await it.control('POST', '/faults', {
		match: { method: 'POST', path: CREATE },
		action: 'status',
		status: 500,
		times: 1,
	});
	let before = await requests();
	const failed = await createMerchants([merchantRow()], { continueOnFail: true });
	expect(failed.output('SMEPay')[0].json).toMatchObject({
		error: 'SMEPay Create Merchant failed: internal server error',
		httpCode: '500',
	});
	expect((await requests()) - before).toBe(1);

	await it.control('POST', '/faults', {
		match: { method: 'POST', path: CREATE },
		action: 'dropAfter',
		times: 1,
	});
	const lost = merchantRow();
	before = await requests();
	const result = await createMerchants([lost], { continueOnFail: true });
	expect(result.output('SMEPay')[0].json.errorDescription).toMatch(
		/may have been created.*Check the SMEPay partner dashboard/,
	);
	expect((await requests()) - before).toBe(1);
	expect(await ledgerMerchants(lost.email)).toHaveLength(1);
});

test('inputs are checked before any request, naming the field and the item', async () => {
	const before = (await it.ledger()).requests;
	const result = await createMerchants(
		[merchantRow(), merchantRow({ mobile: '12345' }), merchantRow({ email: 'not-an-email' })],
		{
			continueOnFail: true,
		},
	);
	const items = result.output('SMEPay').map((item) => item.json);
	expect(items[0].business_id).toBeTruthy();
	expect(items[1].error).toBe('Mobile "12345" is not a valid Indian mobile number (item 1)');
	expect(items[2].error).toBe('Email "not-an-email" is not a valid email address (item 2)');
	expect((await it.ledger()).requests - before).toBe(1);
});

test('an answer without business_id is an error that says the merchant may exist, not a success', async () => {
	await it.control('POST', '/faults', {
		match: { method: 'POST', path: CREATE },
		action: 'tamper',
		remove: ['business_id'],
	});
	const input = merchantRow();
	const result = await createMerchants([input], { continueOnFail: true });
	const item = result.output('SMEPay')[0].json;
	expect(item.error).toMatch(/Create Merchant answer .*business_id is missing/);
	expect(item.errorDescription).toMatch(/partner dashboard/);
	expect(item).not.toHaveProperty('kyc_url');
	expect(await ledgerMerchants(input.email)).toHaveLength(1);
});
