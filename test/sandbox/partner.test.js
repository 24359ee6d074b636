'use strict';
// Partner onboarding API: token shapes, merchant creation and its errors.
const path = require('node:path');
const { startSandbox } = require('../../sandbox');
const { bearer, get, post } = require('./helpers');

const collection = require(path.join(__dirname, '../fixtures/smepay-v2.postman_collection.json'));
const created = JSON.parse(
	collection.item.find((f) => f.name === 'Onboarding').item.find((r) => r.name === 'Create Merchant').response[0].body,
);
const PARTNER = { partner_code: 'SANDBOX_PARTNER', email: 'partner@sandbox.smepay.test' };
const merchant = (extra = {}) => ({ name: 'John Doe', business_name: 'Doe Shop', company_name: 'Doe Enterprises', email: 'john@example.com', mobile: '8593052627', ...extra });
let sb;
let T;

beforeAll(async () => {
	sb = await startSandbox({ port: 0, livePort: 0 });
	T = sb.testUrl;
});
afterAll(() => sb.close());
beforeEach(() => post(`${sb.controlUrl}/reset`));

const auth = () => post(`${T}/api/partner/merchants/tsp/auth`, PARTNER);

test.each([
	['data.access_token', (b) => b.data.access_token, ['data', 'status']],
	['data.token', (b) => b.data.token, ['data', 'status']],
	['access_token', (b) => b.access_token, ['access_token', 'status']],
	['token', (b) => b.token, ['status', 'token']],
])('partnerTokenShape %s', async (shape, pick, keys) => {
	if (shape !== 'data.access_token') await post(`${sb.controlUrl}/config`, { partnerTokenShape: shape });
	const r = await auth();
	expect(r.status).toBe(200);
	expect(Object.keys(r.body).sort()).toEqual(keys);
	const token = pick(r.body);
	expect(typeof token).toBe('string');
	expect((await post(`${T}/api/partner/merchants/extended`, merchant(), bearer(token))).status).toBe(201);
});

test("partnerTokenShape none answers without a token; bad shape is refused", async () => {
	await post(`${sb.controlUrl}/config`, { partnerTokenShape: 'none' });
	expect((await auth()).body).toEqual({ status: true, message: 'ok' });
	expect((await post(`${sb.controlUrl}/config`, { partnerTokenShape: 'jwt' })).status).toBe(400);
});

test('unknown partner or wrong email → 401; missing → 400; not on the Live host', async () => {
	for (const body of [{ ...PARTNER, email: 'x@y.z' }, { ...PARTNER, partner_code: 'NOPE' }]) {
		const r = await post(`${T}/api/partner/merchants/tsp/auth`, body);
		expect([r.status, r.body]).toEqual([401, { status: false, message: 'invalid partner credentials' }]);
	}
	expect((await post(`${T}/api/partner/merchants/tsp/auth`, { partner_code: 'SANDBOX_PARTNER' })).status).toBe(400);
	expect((await post(`${sb.liveUrl}/api/partner/merchants/tsp/auth`, PARTNER)).status).toBe(404);
	expect((await post(`${T}/api/partner/merchants/tsp/auth`, { ...PARTNER, email: 'PARTNER@sandbox.smepay.test' })).status).toBe(200);
});

test('create merchant answers the documented 201 body; ledger keeps it; duplicate email → 409', async () => {
	const token = (await auth()).body.data.access_token;
	const r = await post(`${T}/api/partner/merchants/extended`, merchant(), bearer(token));
	expect(r.status).toBe(201);
	expect(Object.keys(r.body).sort()).toEqual(Object.keys(created).sort());
	expect(r.body.message).toBe(created.message);
	expect(r.body.business_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
	expect(r.body.kyc_url).toBe(`https://kyc.smepay.in/kyc/${r.body.business_id}`);
	const l = (await get(`${sb.controlUrl}/ledger`)).body;
	expect(l.merchants).toHaveLength(1);
	expect(l.merchants[0]).toMatchObject({ business_id: r.body.business_id, email: 'john@example.com', partner_code: 'SANDBOX_PARTNER' });
	expect(l.tokens.partner).toBe(1);
	const dup = await post(`${T}/api/partner/merchants/extended`, merchant({ email: 'JOHN@example.com' }), bearer(token));
	expect([dup.status, dup.body]).toEqual([409, { status: false, message: 'merchant with this email already exists' }]);
});

test.each([
	[{ name: '' }, 'name is required'],
	[{ business_name: undefined }, 'business_name is required'],
	[{ company_name: '  ' }, 'company_name is required'],
	[{ email: 'not-an-email' }, 'email is not a valid email address'],
	[{ mobile: '12345' }, 'mobile must be a 10-digit Indian mobile number'],
	[{ mobile: '+918593052627' }, 'mobile must be a 10-digit Indian mobile number'],
])('%j → 400', async (patch, message) => {
	const token = (await auth()).body.data.access_token;
	const r = await post(`${T}/api/partner/merchants/extended`, merchant(patch), bearer(token));
	expect([r.status, r.body]).toEqual([400, { status: false, message }]);
});

test('bad, missing, expired or non-partner token → 401', async () => {
	const coll = (await post(`${T}/api/external/auth`, { client_id: 'sandbox_test_client', client_secret: 'sandbox_test_secret' })).body.access_token;
	const token = (await auth()).body.data.access_token;
	await post(`${sb.controlUrl}/tokens/expire`);
	for (const h of [{}, bearer('x'), bearer(coll), bearer(token)]) {
		const r = await post(`${T}/api/partner/merchants/extended`, merchant(), h);
		expect(r.status).toBe(401);
		expect(r.body.status).toBe(false);
	}
});
