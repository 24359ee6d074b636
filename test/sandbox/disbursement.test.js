'use strict';
// Disbursement API against the sandbox: every example response of the collection's "Disbursement
// Payout" folder is reproduced (same status, same body keys, same message or prefix), plus balance,
// fee and lock accounting, mode rules and idempotency.
const crypto = require('node:crypto');
const path = require('node:path');
const { startSandbox } = require('../../sandbox');
const { bearer, get, post, sleep, waitFor } = require('./helpers');

const collection = require(path.join(__dirname, '../fixtures/smepay-v2.postman_collection.json'));
const folder = collection.item.find((f) => f.name === 'Disbursement Payout');

const TEST = { client_id: 'sandbox_disb_test_client', client_secret: 'sandbox_disb_test_secret' };
const LIVE = { client_id: 'sandbox_disb_live_client', client_secret: 'sandbox_disb_live_secret' };
let sb;
let T;
let L;
let seq = 0;
const refId = () => `TXN-${Date.now()}-${++seq}`;
const payoutBody = (extra = {}) => ({
	reference_id: refId(),
	amount: 10.0,
	payment_mode: 'IMPS',
	beneficiary_name: 'TRILOCHAN PARIDA',
	beneficiary_account: '033325221134005',
	beneficiary_ifsc: 'NESF0000333',
	remarks: 'Testing',
	...extra,
});

beforeAll(async () => {
	sb = await startSandbox({ port: 0, livePort: 0 });
	T = sb.testUrl;
	L = sb.liveUrl;
});
afterAll(() => sb.close());
beforeEach(() => post(`${sb.controlUrl}/reset`));

async function token(base = T, creds = TEST) {
	const r = await post(`${base}/api/v1/disbursement/auth`, creds);
	expect(r.status).toBe(200);
	return r.body.data.token;
}
const ledger = async () => (await get(`${sb.controlUrl}/ledger`)).body;
const denyLocalhost = () => post(`${sb.controlUrl}/config`, { clients: { [LIVE.client_id]: { ipAllowlist: ['203.0.113.42'] } } });

/** Build the situation each documented example describes; returns the sandbox's answer. */
const scenarios = {
	'1. Authenticate|200 – Success': () => post(`${T}/api/v1/disbursement/auth`, TEST),
	'1. Authenticate|401 – Invalid credentials': () => post(`${T}/api/v1/disbursement/auth`, { client_id: '', client_secret: '' }),
	'1. Authenticate|403 – IP not whitelisted': async () => {
		await denyLocalhost();
		return post(`${L}/api/v1/disbursement/auth`, LIVE);
	},
	'2. Initiate Payout - IMPS (Primary)|201 – Payout Initiated': async () =>
		post(`${T}/api/v1/disbursement/payouts`, payoutBody({ amount: 5000.0, remarks: 'Salary March 2024' }), bearer(await token())),
	'2. Initiate Payout - IMPS (Primary)|400 – Insufficient balance': async () => {
		await post(`${sb.controlUrl}/config`, { clients: { [TEST.client_id]: { balance: 1200 } } });
		return post(`${T}/api/v1/disbursement/payouts`, payoutBody({ amount: 5000.0 }), bearer(await token()));
	},
	'2. Initiate Payout - IMPS (Primary)|400 – Disbursement not enabled': async () => {
		await post(`${sb.controlUrl}/config`, { clients: { [TEST.client_id]: { disbursementEnabled: false } } });
		return post(`${T}/api/v1/disbursement/payouts`, payoutBody(), bearer(await token()));
	},
	'2. Initiate Payout - IMPS (Primary)|400 – Duplicate reference_id (idempotency)': async () => {
		const t = await token();
		const body = payoutBody({ reference_id: 'TXN-20240301-001' });
		expect((await post(`${T}/api/v1/disbursement/payouts`, body, bearer(t))).status).toBe(201);
		return post(`${T}/api/v1/disbursement/payouts`, body, bearer(t));
	},
	'2. Initiate Payout - IMPS (Primary)|401 – Token missing / expired': () => post(`${T}/api/v1/disbursement/payouts`, payoutBody()),
	'2. Initiate Payout - IMPS (Primary)|403 – IP not whitelisted': async () => {
		const t = await token(L, LIVE);
		await denyLocalhost();
		return post(`${L}/api/v1/disbursement/payouts`, payoutBody(), bearer(t));
	},
	'3. Check Payout Status|200 – SUCCESS': async () => {
		const t = await token();
		const c = await post(`${T}/api/v1/disbursement/payouts`, payoutBody({ amount: 5000.0, remarks: 'Salary March 2024' }), bearer(t));
		await post(`${sb.controlUrl}/payouts/${c.body.data.id}/settle`, { status: 'SUCCESS' });
		return get(`${T}/api/v1/disbursement/payouts/${c.body.data.id}`, bearer(t));
	},
	'3. Check Payout Status|200 – INITIATED (still processing)': async () => {
		const t = await token();
		const c = await post(`${T}/api/v1/disbursement/payouts`, payoutBody({ amount: 5000.0, remarks: undefined }), bearer(t));
		return get(`${T}/api/v1/disbursement/payouts/${c.body.data.id}`, bearer(t));
	},
	'3. Check Payout Status|200 – FAILED': async () => {
		const t = await token();
		const c = await post(`${T}/api/v1/disbursement/payouts`, payoutBody({ amount: 5000.0, remarks: undefined }), bearer(t));
		await post(`${sb.controlUrl}/payouts/${c.body.data.id}/settle`, { status: 'FAILED' });
		return get(`${T}/api/v1/disbursement/payouts/${c.body.data.id}`, bearer(t));
	},
	'3. Check Payout Status|404 – Payout not found': async () => get(`${T}/api/v1/disbursement/payouts/${crypto.randomUUID()}`, bearer(await token())),
	'3. Check Payout Status|401 – Token missing / expired': async () => {
		const t = await token();
		await post(`${sb.controlUrl}/tokens/expire`);
		return get(`${T}/api/v1/disbursement/payouts/${crypto.randomUUID()}`, bearer(t));
	},
};

const examples = folder.item.flatMap((req) => (req.response || []).map((resp) => ({ key: `${req.name}|${resp.name}`, resp })));

describe('every documented disbursement example', () => {
	test('the collection has the examples this suite knows (and no others)', () => {
		expect(examples.map((e) => e.key).sort()).toEqual(Object.keys(scenarios).sort());
	});

	test.each(examples.map((e) => [e.key, e.resp]))('%s', async (key, resp) => {
		const expected = JSON.parse(resp.body);
		const r = await scenarios[key]();
		expect(r.status).toBe(resp.code);
		expect(Object.keys(r.body).sort()).toEqual(Object.keys(expected).sort());
		expect(r.body.status).toBe(expected.status);
		if (expected.error) expect(r.body.error).toBe(expected.error);
		if (expected.message) {
			// Messages with variable parts (amounts, ids, IPs) must keep the documented prefix.
			const prefix = expected.message.split(/[:\d]/)[0];
			expect(r.body.message.startsWith(prefix)).toBe(true);
		}
		if (expected.data) {
			expect(Object.keys(r.body.data).sort()).toEqual(Object.keys(expected.data).sort());
			for (const k of ['status', 'provider', 'payment_mode', 'failure_reason', 'expires_in']) {
				if (k in expected.data) expect(r.body.data[k]).toBe(expected.data[k]);
			}
		}
	});

	test('exact messages where the example has no variable part, or reproducible ones', async () => {
		expect((await scenarios['2. Initiate Payout - IMPS (Primary)|400 – Insufficient balance']()).body.message).toBe(
			'insufficient balance: available 1200.00, required 5005.00 (amount + fee)',
		);
		await post(`${sb.controlUrl}/reset`);
		expect((await scenarios['2. Initiate Payout - IMPS (Primary)|400 – Duplicate reference_id (idempotency)']()).body.message).toBe(
			'duplicate reference_id: TXN-20240301-001',
		);
		await post(`${sb.controlUrl}/reset`);
		expect((await scenarios['1. Authenticate|403 – IP not whitelisted']()).body.message).toBe('IP 127.0.0.1 is not in the allowed list');
	});
});

describe('auth', () => {
	test('mode binding, TTL and counts', async () => {
		const ok = await post(`${T}/api/v1/disbursement/auth`, TEST);
		expect(ok.body).toEqual({ status: true, data: { token: expect.any(String), expires_in: 3600 } });
		const wrongHost = await post(`${L}/api/v1/disbursement/auth`, TEST);
		expect(wrongHost.status).toBe(401);
		expect(wrongHost.body.message).toBe('client_id is registered for test mode; use https://staging.smepay.in');
		const wrongHost2 = await post(`${T}/api/v1/disbursement/auth`, LIVE);
		expect(wrongHost2.body.message).toBe('client_id is registered for live mode; use https://extranet.smepay.in');
		// collection credentials are not disbursement credentials
		const coll = await post(`${T}/api/v1/disbursement/auth`, { client_id: 'sandbox_test_client', client_secret: 'sandbox_test_secret' });
		expect(coll.status).toBe(401);
		// a collection token is not a disbursement token
		const ct = await post(`${T}/api/external/auth`, { client_id: 'sandbox_test_client', client_secret: 'sandbox_test_secret' });
		const x = await post(`${T}/api/v1/disbursement/payouts`, payoutBody(), bearer(ct.body.access_token));
		expect([x.status, x.body]).toEqual([401, { status: false, message: 'business_id not found in token' }]);
		expect((await ledger()).tokens).toEqual({ collection: 1, disbursement: 1, partner: 0 });
	});

	test('a Test token does not work on the Live host', async () => {
		const t = await token();
		const r = await post(`${L}/api/v1/disbursement/payouts`, payoutBody(), bearer(t));
		expect(r.status).toBe(401);
	});
});

describe('payouts', () => {
	test('balance: amount + fee locked on initiate, debited on SUCCESS, released on FAILED (exact paise)', async () => {
		await post(`${sb.controlUrl}/config`, { clients: { [TEST.client_id]: { balance: 50000 } } });
		const t = await token();
		const a = await post(`${T}/api/v1/disbursement/payouts`, payoutBody({ amount: 5000.1 }), bearer(t));
		expect(a.status).toBe(201);
		expect(a.body.data).toMatchObject({ amount: 5000.1, fee_amount: 5, status: 'INITIATED', available_balance: 44994.9, locked_balance: 5005.1 });
		const b = await post(`${T}/api/v1/disbursement/payouts`, payoutBody({ amount: 1000, payment_mode: 'NEFT' }), bearer(t));
		expect(b.body.data).toMatchObject({ fee_amount: 3, payment_mode: 'NEFT', available_balance: 43991.9, locked_balance: 6008.1 });
		expect((await ledger()).balances[TEST.client_id]).toMatchObject({ availablePaise: 4399190, lockedPaise: 600810 });

		const s = await post(`${sb.controlUrl}/payouts/${a.body.data.id}/settle`, { status: 'SUCCESS' });
		expect(s.body).toMatchObject({ status: true, payout_status: 'SUCCESS' });
		const f = await post(`${sb.controlUrl}/payouts/${b.body.data.id}/settle`, { status: 'FAILED', failure_reason: 'Account closed' });
		expect(f.body.payout_status).toBe('FAILED');
		expect((await ledger()).balances[TEST.client_id]).toEqual({ available: 44994.9, locked: 0, availablePaise: 4499490, lockedPaise: 0 });

		const ga = (await get(`${T}/api/v1/disbursement/payouts/${a.body.data.id}`, bearer(t))).body.data;
		expect(ga.status).toBe('SUCCESS');
		expect(ga.utr_number).toMatch(/^UTR\d{12}$/);
		expect(ga.provider_reference_id).toMatch(/^PAYWIZE-/);
		expect(ga.processed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		expect(ga.failure_reason).toBeUndefined();
		const gb = (await get(`${T}/api/v1/disbursement/payouts/${b.body.data.id}`, bearer(t))).body.data;
		expect(gb).toMatchObject({ status: 'FAILED', failure_reason: 'Account closed' });
		expect(gb.utr_number).toBeUndefined();
		// settle goes through PROCESSING and final payouts cannot be settled again
		const hist = (await ledger()).payouts.find((p) => p.id === a.body.data.id).history.map((h) => h.status);
		expect(hist).toEqual(['INITIATED', 'PROCESSING', 'SUCCESS']);
		expect((await post(`${sb.controlUrl}/payouts/${a.body.data.id}/settle`, { status: 'FAILED' })).status).toBe(409);
	});

	test('duplicate reference_id: 400, no second payout, no balance change', async () => {
		const t = await token();
		const body = payoutBody({ reference_id: 'DUP-1', amount: 100 });
		expect((await post(`${T}/api/v1/disbursement/payouts`, body, bearer(t))).status).toBe(201);
		const before = (await ledger()).balances[TEST.client_id];
		const again = await post(`${T}/api/v1/disbursement/payouts`, { ...body, amount: 200 }, bearer(t));
		expect([again.status, again.body]).toEqual([400, { status: false, message: 'duplicate reference_id: DUP-1' }]);
		const after = await ledger();
		expect(after.payouts).toHaveLength(1);
		expect(after.balances[TEST.client_id]).toEqual(before);
		// another business may reuse the reference
		const lt = await token(L, LIVE);
		expect((await post(`${L}/api/v1/disbursement/payouts`, body, bearer(lt))).status).toBe(201);
	});

	test("duplicateReference 'original': the original payout (200), its real status, no second payout", async () => {
		expect((await post(`${sb.controlUrl}/config`, { duplicateReference: 'nope' })).status).toBe(400);
		await post(`${sb.controlUrl}/config`, { duplicateReference: 'original' });
		const t = await token();
		const body = payoutBody({ reference_id: 'DUP-ORIG-1', amount: 100 });
		const first = await post(`${T}/api/v1/disbursement/payouts`, body, bearer(t));
		expect(first.status).toBe(201);
		await post(`${sb.controlUrl}/payouts/${first.body.data.id}/settle`, { status: 'FAILED' });
		const before = (await ledger()).balances[TEST.client_id];
		const again = await post(`${T}/api/v1/disbursement/payouts`, { ...body, amount: 200 }, bearer(t));
		expect(again.status).toBe(200);
		expect(again.body).toMatchObject({ status: true, data: { id: first.body.data.id, reference_id: 'DUP-ORIG-1', amount: 100, status: 'FAILED', created_at: first.body.data.created_at } });
		const after = await ledger();
		expect(after.payouts).toHaveLength(1);
		expect(after.balances[TEST.client_id]).toEqual(before);
	});

	test.each([
		['atomic', 1],
		['racy', 2],
	])('payoutProcessingMs with a %s reference check: two requests at once make %i payout(s)', async (check, payouts) => {
		expect((await post(`${sb.controlUrl}/config`, { payoutReferenceCheck: 'nope' })).status).toBe(400);
		await post(`${sb.controlUrl}/config`, { payoutProcessingMs: 300, payoutReferenceCheck: check });
		try {
			const t = await token();
			const body = payoutBody({ reference_id: `SLOW-${check}` });
			const first = post(`${T}/api/v1/disbursement/payouts`, body, bearer(t));
			await sleep(100);
			const second = await post(`${T}/api/v1/disbursement/payouts`, body, bearer(t));
			expect((await first).status).toBe(201);
			expect(second.status).toBe(check === 'atomic' ? 400 : 201);
			expect((await ledger()).payouts).toHaveLength(payouts);
		} finally {
			await post(`${sb.controlUrl}/config`, { payoutProcessingMs: 0, payoutReferenceCheck: 'atomic' });
		}
	});

	test.each([
		[{ amount: 0.5 }, 'amount below minimum'],
		[{ amount: 1000000.01, payment_mode: 'NEFT' }, 'amount above maximum'],
		[{ amount: 500000.01 }, 'amount above IMPS limit of 500000.00'],
		[{ amount: 199999.99, payment_mode: 'RTGS' }, 'amount below RTGS minimum of 200000.00'],
		[{ payment_mode: 'UPI' }, 'payment_mode must be one of IMPS, NEFT, RTGS'],
		[{ beneficiary_ifsc: 'nesf0000333' }, 'beneficiary_ifsc must be'],
		[{ beneficiary_ifsc: 'NESF1000333' }, 'beneficiary_ifsc must be'],
		[{ remarks: 'x'.repeat(51) }, 'remarks must be at most 50 characters'],
		[{ amount: '10' }, 'amount must be a number'],
		[{ amount: 10.123 }, 'amount must be a positive number with at most 2 decimals'],
		[{ amount: -1 }, 'amount must be a positive number'],
		[{ reference_id: '' }, 'reference_id is required'],
		[{ beneficiary_name: undefined }, 'beneficiary_name is required'],
		[{ beneficiary_account: undefined }, 'beneficiary_account is required'],
		[{ beneficiary_ifsc: undefined }, 'beneficiary_ifsc is required'],
		[{ callback_url: 'nope' }, 'callback_url must be a valid http(s) URL'],
	])('%j → 400 %s', async (patch, message) => {
		const r = await post(`${T}/api/v1/disbursement/payouts`, payoutBody(patch), bearer(await token()));
		expect(r.status).toBe(400);
		expect(r.body.status).toBe(false);
		expect(r.body.message.startsWith(message)).toBe(true);
		expect((await ledger()).payouts).toHaveLength(0);
	});

	test('mode limits accept the boundaries; RTGS fee 25; payment_mode defaults to IMPS', async () => {
		const t = await token();
		const imps = await post(`${T}/api/v1/disbursement/payouts`, payoutBody({ amount: 500000 }), bearer(t));
		expect(imps.status).toBe(201);
		const rtgs = await post(`${T}/api/v1/disbursement/payouts`, payoutBody({ amount: 200000, payment_mode: 'RTGS' }), bearer(t));
		expect(rtgs.body.data).toMatchObject({ payment_mode: 'RTGS', fee_amount: 25 });
		const def = await post(`${T}/api/v1/disbursement/payouts`, payoutBody({ amount: 1, payment_mode: undefined }), bearer(t));
		expect(def.body.data).toMatchObject({ payment_mode: 'IMPS', fee_amount: 5 });
		expect((await ledger()).balances[TEST.client_id].availablePaise).toBe(100000000 - (50000000 + 500) - (20000000 + 2500) - (100 + 500));
	});

	test('min/max payout amounts and fees are configurable', async () => {
		await post(`${sb.controlUrl}/config`, { minPayoutAmount: 100, maxPayoutAmount: 200, fees: { IMPS: 2.5 } });
		const t = await token();
		expect((await post(`${T}/api/v1/disbursement/payouts`, payoutBody({ amount: 99.99 }), bearer(t))).body.message).toMatch(/^amount below minimum/);
		expect((await post(`${T}/api/v1/disbursement/payouts`, payoutBody({ amount: 200.01 }), bearer(t))).body.message).toMatch(/^amount above maximum/);
		const ok = await post(`${T}/api/v1/disbursement/payouts`, payoutBody({ amount: 150 }), bearer(t));
		expect(ok.body.data.fee_amount).toBe(2.5);
	});

	test('beneficiary fields are SHA-256 of the raw values and raw values are never echoed or kept', async () => {
		const t = await token();
		const r = await post(`${T}/api/v1/disbursement/payouts`, payoutBody({ callback_url: 'http://127.0.0.1:9/hook' }), bearer(t));
		const sha = (s) => crypto.createHash('sha256').update(s).digest('hex');
		expect(r.body.data.beneficiary_name).toBe(sha('TRILOCHAN PARIDA'));
		expect(r.body.data.beneficiary_account).toBe(sha('033325221134005'));
		expect(r.body.data.beneficiary_ifsc).toBe(sha('NESF0000333'));
		const all = JSON.stringify(await ledger()) + JSON.stringify(r.body) + JSON.stringify([...sb.state.payoutsById.values()]);
		for (const raw of ['TRILOCHAN', '033325221134005', 'NESF0000333']) expect(all).not.toContain(raw);
	});

	test('GET: non-UUID → 400, another merchant\'s payout → 404', async () => {
		const t = await token();
		const bad = await get(`${T}/api/v1/disbursement/payouts/not-a-uuid`, bearer(t));
		expect([bad.status, bad.body]).toEqual([400, { status: false, message: 'invalid payout id: must be a UUID' }]);
		const c = await post(`${T}/api/v1/disbursement/payouts`, payoutBody(), bearer(t));
		const lt = await token(L, LIVE);
		const foreign = await get(`${L}/api/v1/disbursement/payouts/${c.body.data.id}`, bearer(lt));
		expect([foreign.status, foreign.body]).toEqual([404, { status: false, message: 'payout not found' }]);
		expect((await get(`${T}/api/v1/disbursement/payouts/${c.body.data.id}`, bearer(t))).status).toBe(200);
	});

	test('Live GET from a non-allowed IP → 403; Test-mode businesses skip the check', async () => {
		const lt = await token(L, LIVE);
		const c = await post(`${L}/api/v1/disbursement/payouts`, payoutBody(), bearer(lt));
		expect(c.status).toBe(201);
		await denyLocalhost();
		const r = await get(`${L}/api/v1/disbursement/payouts/${c.body.data.id}`, bearer(lt));
		expect([r.status, r.body]).toEqual([403, { status: false, error: 'ip_not_whitelisted', message: 'IP 127.0.0.1 is not in the allowed list' }]);
		await post(`${sb.controlUrl}/config`, { clients: { [TEST.client_id]: { ipAllowlist: [] } } });
		expect((await post(`${T}/api/v1/disbursement/payouts`, payoutBody(), bearer(await token()))).status).toBe(201);
	});

	test('autoSettlePayoutsMs: INITIATED → PROCESSING → SUCCESS on its own', async () => {
		await post(`${sb.controlUrl}/config`, { autoSettlePayoutsMs: 300 });
		const t = await token();
		const c = await post(`${T}/api/v1/disbursement/payouts`, payoutBody({ amount: 10 }), bearer(t));
		const id = c.body.data.id;
		const status = async () => (await get(`${T}/api/v1/disbursement/payouts/${id}`, bearer(t))).body.data.status;
		expect(await status()).toBe('INITIATED');
		await waitFor(async () => (await status()) === 'PROCESSING', 2000);
		await waitFor(async () => (await status()) === 'SUCCESS', 2000);
		expect((await ledger()).balances[TEST.client_id].lockedPaise).toBe(0);
		await sleep(10);
	});

	test('settle with afterMs: answered 202 at once, settled that much later; bad afterMs refused', async () => {
		const t = await token();
		const c = await post(`${T}/api/v1/disbursement/payouts`, payoutBody({ amount: 10 }), bearer(t));
		const id = c.body.data.id;
		const status = async () => (await get(`${T}/api/v1/disbursement/payouts/${id}`, bearer(t))).body.data;
		const asked = Date.now();
		const r = await post(`${sb.controlUrl}/payouts/${id}/settle`, { status: 'FAILED', failure_reason: 'Account closed', afterMs: 300 });
		expect([r.status, r.body]).toEqual([202, { status: true, id, payout_status: 'INITIATED', webhook: false, scheduled: true, afterMs: 300 }]);
		expect((await status()).status).toBe('INITIATED');
		await waitFor(async () => (await status()).status === 'FAILED', 3000);
		expect(Date.now() - asked).toBeGreaterThanOrEqual(290);
		expect((await status()).failure_reason).toBe('Account closed');
		const other = (await post(`${T}/api/v1/disbursement/payouts`, payoutBody({ amount: 10 }), bearer(t))).body.data.id;
		for (const afterMs of [-1, 'soon', null]) {
			const bad = await post(`${sb.controlUrl}/payouts/${other}/settle`, { status: 'SUCCESS', afterMs });
			expect([bad.status, bad.body.message]).toEqual([400, 'afterMs must be a number of milliseconds >= 0']);
		}
	});

	test('a scheduled settle does nothing to a payout settled meanwhile', async () => {
		const t = await token();
		const id = (await post(`${T}/api/v1/disbursement/payouts`, payoutBody({ amount: 10 }), bearer(t))).body.data.id;
		await post(`${sb.controlUrl}/payouts/${id}/settle`, { status: 'SUCCESS', afterMs: 100 });
		await post(`${sb.controlUrl}/payouts/${id}/settle`, { status: 'FAILED' });
		await sleep(250);
		const l = await ledger();
		expect(l.payouts.find((p) => p.id === id).status).toBe('FAILED');
		expect(l.balances[TEST.client_id].lockedPaise).toBe(0);
	});

	test('/_sandbox/requests: every API request with its time, method, path and answer status (control calls not)', async () => {
		const t = await token();
		const id = (await post(`${T}/api/v1/disbursement/payouts`, payoutBody({ amount: 10 }), bearer(t))).body.data.id;
		const before = Date.now();
		await get(`${T}/api/v1/disbursement/payouts/${id}`, bearer(t));
		await post(`${sb.controlUrl}/faults`, { match: { method: 'GET' }, action: 'status', status: 503, times: 1 });
		await get(`${T}/api/v1/disbursement/payouts/${id}`, bearer(t));
		await post(`${sb.controlUrl}/faults`, { match: { method: 'GET' }, action: 'drop', times: 1 });
		await get(`${T}/api/v1/disbursement/payouts/${id}`, bearer(t)).catch(() => undefined);
		const { requests } = (await get(`${sb.controlUrl}/requests`)).body;
		expect(requests.map(({ method, path, status }) => `${method} ${path} ${status}`)).toEqual([
			'POST /api/v1/disbursement/auth 200',
			'POST /api/v1/disbursement/payouts 201',
			`GET /api/v1/disbursement/payouts/${id} 200`,
			`GET /api/v1/disbursement/payouts/${id} 503`,
			`GET /api/v1/disbursement/payouts/${id} undefined`,
		]);
		expect(requests[2].at).toBeGreaterThanOrEqual(before);
		expect(JSON.stringify(requests)).not.toMatch(/TRILOCHAN|033325221134005/);
		await post(`${sb.controlUrl}/reset`);
		expect((await get(`${sb.controlUrl}/requests`)).body.requests).toEqual([]);
	});
});
