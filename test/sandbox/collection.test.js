// Collection API (Wizard + Inline DQR) against a real sandbox over HTTP.
'use strict';
const QRCode = require('qrcode');
const { startSandbox } = require('../../sandbox');
const { bearer, get, post, sleep, readQrPng, waitFor } = require('./helpers');

let sb;
let T; // test host
let L; // live host
const TEST = { client_id: 'sandbox_test_client', client_secret: 'sandbox_test_secret' };
const LIVE = { client_id: 'sandbox_live_client', client_secret: 'sandbox_live_secret' };
let seq = 0;
const ref = () => `ORD-${Date.now()}-${++seq}`;

beforeAll(async () => {
	sb = await startSandbox({ port: 0, livePort: 0 });
	T = sb.testUrl;
	L = sb.liveUrl;
});
afterAll(() => sb.close());
beforeEach(() => post(`${sb.controlUrl}/reset`));

async function token(base, integration, creds = TEST) {
	const r = await post(`${base}/api/${integration}/auth`, creds);
	expect(r.status).toBe(200);
	return r.body.access_token;
}

async function inlineOrder(amount = '100.50', extra = {}) {
	const tok = await token(T, 'external');
	const r = await post(`${T}/api/external/order/create`, { client_id: TEST.client_id, amount, order_id: ref(), ...extra }, bearer(tok));
	expect(r.status).toBe(200);
	return { tok, slug: r.body.slug, orderId: r.body.order_id };
}

describe('auth', () => {
	test.each(['wiz/external', 'external'])('%s/auth answers the documented shape', async (p) => {
		const r = await post(`${T}/api/${p}/auth`, TEST);
		expect(r.status).toBe(200);
		expect(Object.keys(r.body).sort()).toEqual(['access_token', 'environment', 'expires_in', 'token_type']);
		expect(r.body).toMatchObject({ token_type: 'Bearer', expires_in: 600, environment: 'test' });
		expect(typeof r.body.access_token).toBe('string');
		const live = await post(`${L}/api/${p}/auth`, LIVE);
		expect(live.status).toBe(200);
		expect(live.body.environment).toBe('live');
	});

	test('Test client on the Live host and Live client on the Test host are rejected', async () => {
		const a = await post(`${L}/api/external/auth`, TEST);
		expect(a.status).toBe(401);
		expect(a.body).toEqual({ status: false, message: 'client_id is registered for test mode; use https://staging.smepay.in' });
		const b = await post(`${T}/api/wiz/external/auth`, LIVE);
		expect(b.status).toBe(401);
		expect(b.body).toEqual({ status: false, message: 'client_id is registered for live mode; use https://extranet.smepay.in' });
	});

	test('wrong secret, unknown client, disbursement client → 401; missing fields → 400', async () => {
		for (const creds of [
			{ ...TEST, client_secret: 'nope' },
			{ client_id: 'who', client_secret: 'x' },
			{ client_id: 'sandbox_disb_test_client', client_secret: 'sandbox_disb_test_secret' },
		]) {
			const r = await post(`${T}/api/external/auth`, creds);
			expect(r.status).toBe(401);
			expect(r.body).toEqual({ status: false, message: 'invalid client credentials' });
		}
		const m = await post(`${T}/api/wiz/external/auth`, { client_id: TEST.client_id });
		expect(m.status).toBe(400);
		expect(m.body.status).toBe(false);
	});

	test('each exchange issues a new token and earlier ones stay valid; ledger counts exchanges', async () => {
		const a = await token(T, 'external');
		const b = await token(T, 'external');
		expect(a).not.toBe(b);
		for (const t of [a, b]) {
			const r = await post(`${T}/api/external/order/create`, { client_id: TEST.client_id, amount: '1', order_id: ref() }, bearer(t));
			expect(r.status).toBe(200);
		}
		const ledger = (await get(`${sb.controlUrl}/ledger`)).body;
		expect(ledger.tokens.collection).toBe(2);
		expect(ledger.tokensByClient[TEST.client_id]).toBe(2);
	});

	test('missing, unknown, expired, wrong-integration and wrong-host tokens → 401 with the API body', async () => {
		const body = { client_id: TEST.client_id, amount: '10', order_id: ref() };
		const unauthorized = { status: false, message: 'Unauthorized: invalid or expired token' };
		const wiz = await token(T, 'wiz/external');
		const inline = await token(T, 'external');
		const cases = [
			[`${T}/api/external/order/create`, {}],
			[`${T}/api/external/order/create`, bearer('garbage')],
			[`${T}/api/external/order/create`, bearer(wiz)], // Wizard token on Inline
			[`${T}/api/wiz/external/order/create`, bearer(inline)], // Inline token on Wizard
			[`${L}/api/wiz/external/order/create`, bearer(wiz)], // Test token on the Live host
		];
		for (const [url, h] of cases) {
			const r = await post(url, body, h);
			expect([url, r.status, r.body]).toEqual([url, 401, unauthorized]);
		}
		const ok = await post(`${T}/api/external/order/create`, body, bearer(inline));
		expect(ok.status).toBe(200);
		await post(`${sb.controlUrl}/tokens/expire`);
		const r = await post(`${T}/api/external/order/create`, { ...body, order_id: ref() }, bearer(inline));
		expect(r.status).toBe(401);
		expect(r.body).toEqual(unauthorized);
	});

	test('a token past its TTL is refused', async () => {
		await post(`${sb.controlUrl}/config`, { tokenTtlSeconds: { collection: 0.2 } });
		const t = await post(`${T}/api/external/auth`, TEST);
		expect(t.body.expires_in).toBe(0.2);
		await sleep(300);
		const r = await post(`${T}/api/external/order/create`, { client_id: TEST.client_id, amount: '1', order_id: ref() }, bearer(t.body.access_token));
		expect(r.status).toBe(401);
	});
});

describe('Wizard create + validate', () => {
	test('create answers the documented shape with a served payment_url', async () => {
		const tok = await token(T, 'wiz/external');
		const customer = { email: 'customer@example.com', mobile: '9876543210', name: 'Customer Name' };
		const r = await post(
			`${T}/api/wiz/external/order/create`,
			{ client_id: TEST.client_id, amount: '100', order_id: 'ORD__000223', callback_url: 'https://your-domain.com/success', customer_details: customer },
			bearer(tok),
		);
		expect(r.status).toBe(200);
		expect(Object.keys(r.body).sort()).toEqual(
			['amount', 'callback_url', 'customer_details', 'message', 'order_id', 'order_slug', 'payment_status', 'payment_url', 'ref_id', 'status'],
		);
		expect(r.body).toMatchObject({
			amount: 100,
			callback_url: 'https://your-domain.com/success',
			customer_details: customer,
			message: 'Order created successfully. Use initiate payment API to start payment process.',
			payment_status: 'CREATED',
			ref_id: 'ORD__000223',
			status: true,
		});
		expect(r.body.order_id).toMatch(/^HZR\d{13}$/);
		expect(r.body.order_slug).toMatch(/^[a-z0-9]{7}$/);
		expect(r.body.payment_url).toBe(`${T}/@sandbox/${r.body.order_slug}`);
		const page = await get(r.body.payment_url);
		expect(page.status).toBe(200);
		expect(page.headers.get('content-type')).toMatch(/text\/html/);
		expect(page.body).toContain('ORD__000223');
		expect(page.body).toContain('₹100.00');
		expect(page.body).toContain('/settle');
		expect(page.body).toMatch(/>Pay<.*>Fail</s);
	});

	test('validate is true only for SUCCESS with the same amount (compared in paise)', async () => {
		const tok = await token(T, 'wiz/external');
		const c = await post(`${T}/api/wiz/external/order/create`, { client_id: TEST.client_id, amount: '100.10', order_id: ref() }, bearer(tok));
		const slug = c.body.order_slug;
		const validate = (amount) => post(`${T}/api/wiz/external/order/validate`, { client_id: TEST.client_id, amount, slug }, bearer(tok));
		const before = await validate(100.1);
		expect(before.status).toBe(200);
		expect(before.body).toMatchObject({ status: true, valid: false, payment_status: 'CREATED' });
		expect(Object.keys(before.body).sort()).toEqual(['message', 'payment_status', 'status', 'valid']);
		expect((await post(`${sb.controlUrl}/orders/${slug}/settle`, { status: 'SUCCESS' })).status).toBe(200);
		for (const amount of [100.1, '100.10', '100.1']) {
			const v = await validate(amount);
			expect(v.body).toEqual({ status: true, valid: true, payment_status: 'SUCCESS', message: 'Order validated successfully' });
		}
		for (const amount of [100, '100.11', 1001]) {
			const v = await validate(amount);
			expect(v.body).toMatchObject({ status: true, valid: false, payment_status: 'SUCCESS' });
			expect(v.body.message).toMatch(/mismatch/i);
		}
		const other = await post(`${T}/api/wiz/external/order/validate`, { client_id: TEST.client_id, amount: 1, slug: 'zzzzzzz' }, bearer(tok));
		expect(other.status).toBe(404);
		expect(other.body).toEqual({ status: false, message: 'order not found' });
	});

	test('validate reports FAILED as not valid', async () => {
		const tok = await token(T, 'wiz/external');
		const c = await post(`${T}/api/wiz/external/order/create`, { client_id: TEST.client_id, amount: '5', order_id: ref() }, bearer(tok));
		await post(`${sb.controlUrl}/orders/${c.body.order_slug}/settle`, { status: 'FAILED' });
		const v = await post(`${T}/api/wiz/external/order/validate`, { client_id: TEST.client_id, amount: 5, slug: c.body.order_slug }, bearer(tok));
		expect(v.body).toMatchObject({ valid: false, payment_status: 'FAILED' });
	});
});

describe('Inline create rules', () => {
	test('create answers the documented shape and keeps the amount string exact', async () => {
		const tok = await token(T, 'external');
		const r = await post(`${T}/api/external/order/create`, { client_id: TEST.client_id, amount: '100.10', order_id: 'EXACT-1' }, bearer(tok));
		expect(r.status).toBe(200);
		expect(Object.keys(r.body).sort()).toEqual(['message', 'order_id', 'slug', 'status']);
		expect(r.body.status).toBe(true);
		expect(r.body.message).toBe('Order created');
		expect(r.body.order_id).toMatch(/^INT-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
		const ledger = (await get(`${sb.controlUrl}/ledger`)).body;
		expect(ledger.orders[0]).toMatchObject({ amount: '100.10', amount_paise: 10010, ref_id: 'EXACT-1', payment_status: 'CREATED' });
	});

	test.each([
		[{ amount: 100 }, 400, /amount must be a string/],
		[{ amount: '100.123' }, 400, /at most 2 decimals/],
		[{ amount: '-5' }, 400, /positive/],
		[{ amount: '0' }, 400, /positive/],
		[{ amount: 'abc' }, 400, /positive/],
		[{ amount: '0.50' }, 400, /below minimum order amount 1\.00/],
		[{ amount: '100000.01' }, 400, /above maximum order amount 100000\.00/],
		[{ order_id: undefined }, 400, /order_id is required/],
		[{ client_id: 'sandbox_live_client' }, 400, /client_id does not match/],
		[{ callback_url: 'not a url' }, 400, /callback_url/],
		[{ callback_url: 'ftp://x.test/a' }, 400, /callback_url/],
	])('%j → %i %s', async (patch, code, message) => {
		const tok = await token(T, 'external');
		const body = { client_id: TEST.client_id, amount: '10', order_id: ref(), ...patch };
		const r = await post(`${T}/api/external/order/create`, body, bearer(tok));
		expect(r.status).toBe(code);
		expect(r.body.status).toBe(false);
		expect(r.body.message).toMatch(message);
	});

	test('order_id is unique per business, across both integrations', async () => {
		const tok = await token(T, 'external');
		const wiz = await token(T, 'wiz/external');
		const body = { client_id: TEST.client_id, amount: '10', order_id: 'DUP-1' };
		expect((await post(`${T}/api/external/order/create`, body, bearer(tok))).status).toBe(200);
		for (const [url, t] of [[`${T}/api/external/order/create`, tok], [`${T}/api/wiz/external/order/create`, wiz]]) {
			const again = await post(url, body, bearer(t));
			expect(again.status).toBe(400);
			expect(again.body).toEqual({ status: false, message: 'order_id already exists' });
		}
		// another business may use the same order_id
		const live = await token(L, 'external', LIVE);
		const other = await post(`${L}/api/external/order/create`, { ...body, client_id: LIVE.client_id }, bearer(live));
		expect(other.status).toBe(200);
		expect((await get(`${sb.controlUrl}/ledger`)).body.orders).toHaveLength(2);
	});

	test('min/max order amounts are configurable', async () => {
		await post(`${sb.controlUrl}/config`, { minOrderAmount: 50, maxOrderAmount: 60 });
		const tok = await token(T, 'external');
		const mk = (amount) => post(`${T}/api/external/order/create`, { client_id: TEST.client_id, amount, order_id: ref() }, bearer(tok));
		expect((await mk('49.99')).body.message).toBe('amount below minimum order amount 50.00');
		expect((await mk('60.01')).body.message).toBe('amount above maximum order amount 60.00');
		expect((await mk('60')).status).toBe(200);
	});
});

describe('Inline initiate + status', () => {
	test('initiate answers the documented shape with a real PNG QR of payment_link', async () => {
		const { tok, slug, orderId } = await inlineOrder('100.50', { order_id: 'YOUR_ORDER_123' });
		const r = await post(`${T}/api/external/order/initiate`, { slug, client_id: TEST.client_id }, bearer(tok));
		expect(r.status).toBe(200);
		expect(Object.keys(r.body).sort()).toEqual(
			['expires_at', 'external_reference_id', 'intents', 'message', 'order_id', 'payment_link', 'payment_status', 'provider', 'qr_code', 'status', 'transaction_id'],
		);
		expect(r.body).toMatchObject({
			status: true,
			order_id: orderId,
			external_reference_id: 'YOUR_ORDER_123',
			provider: 'phonepe',
			payment_status: 'INITIATED',
			message: 'Payment initiated successfully. Payment will be monitored for 5 minutes.',
		});
		const link = r.body.payment_link;
		expect(link.startsWith('upi://pay?')).toBe(true);
		const q = new URLSearchParams(link.slice('upi://pay?'.length));
		expect(q.get('am')).toBe('100.50');
		expect(q.get('tr')).toBe(r.body.transaction_id);
		expect(q.get('pa')).toMatch(/@/);
		expect(r.body.intents.gpay).toMatch(/^tez:\/\/upi\/pay\?/);
		expect(r.body.intents.phonepe).toMatch(/^phonepe:\/\/pay\?/);
		expect(r.body.intents.paytm).toMatch(/^paytmmp:\/\/pay\?/);
		expect(r.body.intents.gpay).toContain('am=100.50');
		// The PNG holds exactly the QR matrix of payment_link.
		expect(r.body.qr_code.startsWith('data:image/png;base64,')).toBe(true);
		const expected = QRCode.create(link, { errorCorrectionLevel: 'M' }).modules;
		const { width, modules } = readQrPng(r.body.qr_code, expected.size, 6, 2);
		expect(width).toBe((expected.size + 4) * 6);
		expect(modules).toEqual(Array.from(expected.data));
		const otherLink = QRCode.create(link.replace('am=100.50', 'am=100.51'), { errorCorrectionLevel: 'M' }).modules;
		expect(modules).not.toEqual(Array.from(otherLink.data));
		const now = Math.floor(Date.now() / 1000);
		expect(r.body.expires_at).toBeGreaterThan(now + 250);
		expect(r.body.expires_at).toBeLessThanOrEqual(now + 301);
	});

	test('initiate preconditions: status CREATED, own order, not expired', async () => {
		const { tok, slug } = await inlineOrder();
		const body = { slug, client_id: TEST.client_id };
		expect((await post(`${T}/api/external/order/initiate`, body, bearer(tok))).status).toBe(200);
		const again = await post(`${T}/api/external/order/initiate`, body, bearer(tok));
		expect(again.status).toBe(400);
		expect(again.body.message).toMatch(/INITIATED/);
		// another business's order → 404
		const live = await token(L, 'external', LIVE);
		const foreign = await post(`${L}/api/external/order/initiate`, { slug, client_id: LIVE.client_id }, bearer(live));
		expect(foreign.status).toBe(404);
		expect(foreign.body).toEqual({ status: false, message: 'order not found' });
		// expired
		await post(`${sb.controlUrl}/config`, { orderTtlSeconds: 0.15 });
		const o2 = await inlineOrder();
		await sleep(250);
		const exp = await post(`${T}/api/external/order/initiate`, { slug: o2.slug, client_id: TEST.client_id }, bearer(tok));
		expect(exp.status).toBe(400);
		expect(exp.body.status).toBe(false);
		expect(exp.body.message).toMatch(/EXPIRED/);
	});

	test('qr/status needs no auth, answers the documented shape and hides other businesses\' orders', async () => {
		const { slug, orderId } = await inlineOrder('100.50', { order_id: 'STATUS-1' });
		const r = await post(`${T}/api/external/qr/status`, { client_id: TEST.client_id, slug, ref_id: 'STATUS-1' });
		expect(r.status).toBe(200);
		expect(Object.keys(r.body).sort()).toEqual(['amount', 'created_at', 'order_id', 'payment_status', 'processed_at', 'provider', 'status']);
		expect(r.body).toMatchObject({ status: true, order_id: orderId, payment_status: 'CREATED', amount: 100.5, provider: 'phonepe', processed_at: null });
		expect(Math.abs(r.body.created_at - Date.now() / 1000)).toBeLessThan(5);
		const notFound = { status: false, message: 'order not found' };
		for (const body of [
			{ client_id: TEST.client_id, slug: 'nosuchs', ref_id: 'STATUS-1' },
			{ client_id: LIVE.client_id, slug, ref_id: 'STATUS-1' },
			{ client_id: TEST.client_id, slug, ref_id: 'OTHER-REF' },
		]) {
			const x = await post(`${T}/api/external/qr/status`, body);
			expect([x.status, x.body]).toEqual([404, notFound]);
		}
	});

	test('qr/status with config qrStatusRefId "answered": answers for the slug alone and names the order\'s ref_id', async () => {
		await post(`${sb.controlUrl}/config`, { qrStatusRefId: 'answered' });
		const { slug, orderId } = await inlineOrder('100.50', { order_id: 'STATUS-2' });
		for (const refId of ['OTHER-REF', 'STATUS-2', undefined]) {
			const r = await post(`${T}/api/external/qr/status`, { client_id: TEST.client_id, slug, ref_id: refId });
			expect([r.status, r.body]).toEqual([200, expect.objectContaining({ order_id: orderId, ref_id: 'STATUS-2' })]);
		}
		// Other businesses' orders stay hidden; a value it does not know is refused.
		expect((await post(`${T}/api/external/qr/status`, { client_id: LIVE.client_id, slug })).status).toBe(404);
		expect((await post(`${sb.controlUrl}/config`, { qrStatusRefId: 'unknown' })).status).toBe(400);
	});

	test('qr/status with config qrStatusRefId "ignored": answers for the slug alone and names no ref_id (the documented answer)', async () => {
		await post(`${sb.controlUrl}/config`, { qrStatusRefId: 'ignored' });
		const { slug, orderId } = await inlineOrder('100.50', { order_id: 'STATUS-3' });
		for (const refId of ['OTHER-REF', 'STATUS-3', undefined]) {
			const r = await post(`${T}/api/external/qr/status`, { client_id: TEST.client_id, slug, ref_id: refId });
			expect([r.status, r.body.order_id, 'ref_id' in r.body]).toEqual([200, orderId, false]);
		}
		expect((await post(`${T}/api/external/qr/status`, { client_id: LIVE.client_id, slug })).status).toBe(404);
	});

	test('qr/status works for Wizard orders too', async () => {
		const tok = await token(T, 'wiz/external');
		const c = await post(`${T}/api/wiz/external/order/create`, { client_id: TEST.client_id, amount: '7.25', order_id: 'WIZ-S' }, bearer(tok));
		const r = await post(`${T}/api/external/qr/status`, { client_id: TEST.client_id, slug: c.body.order_slug, ref_id: 'WIZ-S' });
		expect(r.body).toMatchObject({ status: true, order_id: c.body.order_id, payment_status: 'CREATED', amount: 7.25 });
	});
});

describe('order lifecycle', () => {
	const status = (slug) => post(`${T}/api/external/qr/status`, { client_id: TEST.client_id, slug });

	test('CREATED → INITIATED → PENDING → SUCCESS, then final', async () => {
		const { tok, slug } = await inlineOrder();
		expect((await status(slug)).body.payment_status).toBe('CREATED');
		await post(`${T}/api/external/order/initiate`, { slug, client_id: TEST.client_id }, bearer(tok));
		expect((await status(slug)).body.payment_status).toBe('INITIATED');
		const pay = await post(`${sb.controlUrl}/orders/${slug}/pay`);
		expect(pay.body).toMatchObject({ status: true, payment_status: 'PENDING' });
		expect((await status(slug)).body.payment_status).toBe('PENDING');
		const settle = await post(`${sb.controlUrl}/orders/${slug}/settle`, { status: 'SUCCESS' });
		expect(settle.body.payment_status).toBe('SUCCESS');
		const s = (await status(slug)).body;
		expect(s.payment_status).toBe('SUCCESS');
		expect(typeof s.processed_at).toBe('number');
		expect(s.processed_at).toBeGreaterThanOrEqual(s.created_at);
		const again = await post(`${sb.controlUrl}/orders/${slug}/settle`, { status: 'FAILED' });
		expect(again.status).toBe(409);
		expect((await post(`${sb.controlUrl}/orders/${slug}/pay`)).status).toBe(409);
		expect((await post(`${sb.controlUrl}/orders/${slug}/settle`, { status: 'MAYBE' })).status).toBe(400);
		const hist = (await get(`${sb.controlUrl}/ledger`)).body.orders[0].history.map((h) => h.status);
		expect(hist).toEqual(['CREATED', 'INITIATED', 'PENDING', 'SUCCESS']);
	});

	test('an order not final after 5 minutes × timeScale reads EXPIRED and cannot be settled', async () => {
		await post(`${sb.controlUrl}/config`, { timeScale: 0.001 }); // 300 s → 300 ms
		const a = await inlineOrder();
		const b = await inlineOrder();
		await post(`${sb.controlUrl}/orders/${b.slug}/pay`);
		const done = await inlineOrder();
		await post(`${sb.controlUrl}/orders/${done.slug}/settle`, { status: 'SUCCESS' });
		expect((await status(a.slug)).body.payment_status).toBe('CREATED');
		await sleep(400);
		expect((await status(a.slug)).body.payment_status).toBe('EXPIRED');
		expect((await status(b.slug)).body.payment_status).toBe('EXPIRED'); // PENDING expires too
		expect((await status(done.slug)).body.payment_status).toBe('SUCCESS'); // final stays
		const s = await post(`${sb.controlUrl}/orders/${a.slug}/settle`, { status: 'SUCCESS' });
		expect(s.status).toBe(409);
		expect(s.body.message).toMatch(/EXPIRED/);
		expect((await post(`${sb.controlUrl}/orders/${a.slug}/pay`)).status).toBe(409);
	});
});

describe('IP whitelist', () => {
	test('Live Inline calls from a non-allowed IP → 403; Wizard and qr/status are not checked', async () => {
		const liveInline = await token(L, 'external', LIVE);
		const liveWiz = await token(L, 'wiz/external', LIVE);
		const c = await post(`${L}/api/external/order/create`, { client_id: LIVE.client_id, amount: '10', order_id: 'IP-1' }, bearer(liveInline));
		expect(c.status).toBe(200);
		await post(`${sb.controlUrl}/config`, { clients: { sandbox_live_client: { ipAllowlist: ['203.0.113.7'] } } });
		const denied = { status: false, error: 'ip_not_whitelisted', message: 'IP 127.0.0.1 is not in the allowed list' };
		const auth = await post(`${L}/api/external/auth`, LIVE);
		expect([auth.status, auth.body]).toEqual([403, denied]);
		const create = await post(`${L}/api/external/order/create`, { client_id: LIVE.client_id, amount: '10', order_id: 'IP-2' }, bearer(liveInline));
		expect([create.status, create.body]).toEqual([403, denied]);
		const init = await post(`${L}/api/external/order/initiate`, { client_id: LIVE.client_id, slug: c.body.slug }, bearer(liveInline));
		expect([init.status, init.body]).toEqual([403, denied]);
		expect((await post(`${L}/api/external/qr/status`, { client_id: LIVE.client_id, slug: c.body.slug })).status).toBe(200);
		expect((await post(`${L}/api/wiz/external/auth`, LIVE)).status).toBe(200);
		const wiz = await post(`${L}/api/wiz/external/order/create`, { client_id: LIVE.client_id, amount: '10', order_id: 'IP-3' }, bearer(liveWiz));
		expect(wiz.status).toBe(200);
	});

	test('Test-mode businesses skip the check', async () => {
		await post(`${sb.controlUrl}/config`, { clients: { sandbox_test_client: { ipAllowlist: ['203.0.113.7'] } } });
		const { tok, slug } = await inlineOrder();
		expect((await post(`${T}/api/external/order/initiate`, { client_id: TEST.client_id, slug }, bearer(tok))).status).toBe(200);
	});
});

describe('order/status by order_id, slug or ref_id (seen live; config orderStatusEndpoint)', () => {
	const byKey = (body) => post(`${T}/api/external/order/status`, { client_id: TEST.client_id, ...body });

	test('off (the default): an unknown path, as on a SMEPay without it', async () => {
		const { slug } = await inlineOrder();
		const r = await byKey({ slug });
		expect(r.status).toBe(404);
		expect(r.body).toEqual({ status: false, message: 'not found' });
	});

	test('on: any one key, or several naming the same order, finds it without auth; other businesses\' orders stay hidden', async () => {
		await post(`${sb.controlUrl}/config`, { orderStatusEndpoint: true });
		const refId = ref();
		const { slug, orderId } = await inlineOrder('42.10', { order_id: refId });
		await post(`${sb.controlUrl}/orders/${slug}/settle`, { status: 'SUCCESS' });
		for (const body of [{ slug }, { ref_id: refId }, { order_id: orderId }, { slug, ref_id: refId, order_id: orderId }]) {
			const r = await byKey(body);
			expect(r.status).toBe(200);
			expect(r.body).toMatchObject({ status: true, order_id: orderId, slug, ref_id: refId, payment_status: 'SUCCESS', amount: 42.1 });
		}
		// Keys of two orders, an unknown key, another client's id → not found.
		const other = await inlineOrder();
		for (const body of [{ slug: other.slug, ref_id: refId }, { ref_id: 'NO-SUCH' }, { slug: 'zzzzzzz' }]) {
			expect((await byKey(body)).status).toBe(404);
		}
		expect((await post(`${T}/api/external/order/status`, { client_id: LIVE.client_id, ref_id: refId })).status).toBe(404);
		expect((await post(`${T}/api/external/order/status`, { client_id: 'sandbox_test_client' })).status).toBe(400);
		expect((await post(`${T}/api/external/order/status`, { ref_id: refId })).status).toBe(400);
	});
});

describe('scheduled settle and the request log', () => {
	test('orders/{slug}/settle with afterMs settles later; the status call is logged with its slug', async () => {
		const { slug } = await inlineOrder('10.00');
		const status = async () => (await post(`${T}/api/external/qr/status`, { client_id: TEST.client_id, slug })).body.payment_status;
		const r = await post(`${sb.controlUrl}/orders/${slug}/settle`, { status: 'SUCCESS', afterMs: 200 });
		expect([r.status, r.body.scheduled, r.body.payment_status]).toEqual([202, true, 'CREATED']);
		expect(await status()).toBe('CREATED');
		await waitFor(async () => (await status()) === 'SUCCESS', 3000);
		const { requests } = (await get(`${sb.controlUrl}/requests`)).body;
		const statusCalls = requests.filter((entry) => entry.path === '/api/external/qr/status');
		expect(statusCalls.length).toBeGreaterThanOrEqual(2);
		expect(statusCalls.every((entry) => entry.slug === slug && entry.method === 'POST')).toBe(true);
	});
});
