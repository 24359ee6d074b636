'use strict';
// Fault injection: status (429/5xx/custom), drop (nothing processed), dropAfter (processed, answer
// lost), delay, trickle, expireTokens, and the matching knobs (times, skip, host, regex, probability).
const { startSandbox } = require('../../sandbox');
const { bearer, del, get, post, waitFor } = require('./helpers');

let sb;
let T;
const DISB = { client_id: 'sandbox_disb_test_client', client_secret: 'sandbox_disb_test_secret' };
const COLL = { client_id: 'sandbox_test_client', client_secret: 'sandbox_test_secret' };
const payout = (reference_id) => ({ reference_id, amount: 100, beneficiary_name: 'A', beneficiary_account: '1234567890', beneficiary_ifsc: 'HDFC0001234' });
const fault = async (rule) => {
	const r = await post(`${sb.controlUrl}/faults`, rule);
	expect(r.status).toBe(201);
	return r.body.fault;
};
const ledger = async () => (await get(`${sb.controlUrl}/ledger`)).body;
const disbToken = async () => (await post(`${T}/api/v1/disbursement/auth`, DISB)).body.data.token;

beforeAll(async () => {
	sb = await startSandbox({ port: 0, livePort: 0 });
	T = sb.testUrl;
});
afterAll(() => sb.close());
beforeEach(() => post(`${sb.controlUrl}/reset`));

test('status 429 answers the default body with Retry-After once, then the API answers', async () => {
	await fault({ match: { path: '/api/external/auth' }, action: 'status', status: 429 });
	const r = await post(`${T}/api/external/auth`, COLL);
	expect([r.status, r.body, r.headers.get('retry-after')]).toEqual([429, { status: false, message: 'rate limit exceeded' }, '1']);
	expect((await post(`${T}/api/external/auth`, COLL)).status).toBe(200);
	const l = await ledger();
	expect(l.faults[0]).toMatchObject({ fired: 1, exhausted: true });
	expect(l.tokens.collection).toBe(1); // the faulted request issued nothing
});

test('5xx default body, custom body/headers, times and skip', async () => {
	await fault({ match: { method: 'POST', path: '/api/v1/disbursement/auth' }, action: 'status', status: 503, times: 2, skip: 1 });
	const codes = [];
	for (let i = 0; i < 4; i++) codes.push((await post(`${T}/api/v1/disbursement/auth`, DISB)).status);
	expect(codes).toEqual([200, 503, 503, 200]);
	await del(`${sb.controlUrl}/faults`);
	await fault({ match: { path: '/api/v1' }, action: 'status', status: 502, body: { oops: 1 }, headers: { 'x-test': 'yes' } });
	const r = await post(`${T}/api/v1/disbursement/auth`, DISB);
	expect([r.status, r.body, r.headers.get('x-test')]).toEqual([502, { oops: 1 }, 'yes']);
	await fault({ match: { path: '/api/v1' }, action: 'status', status: 500 });
	expect((await post(`${T}/api/v1/disbursement/auth`, DISB)).body).toEqual({ status: false, message: 'internal server error' });
});

test('drop: the socket is closed before processing, so no payout exists', async () => {
	const t = await disbToken();
	await fault({ match: { method: 'POST', path: '/api/v1/disbursement/payouts' }, action: 'drop' });
	await expect(post(`${T}/api/v1/disbursement/payouts`, payout('DROP-1'), bearer(t))).rejects.toThrow();
	const l = await ledger();
	expect(l.payouts).toHaveLength(0);
	expect(l.balances[DISB.client_id].lockedPaise).toBe(0);
	expect(l.faults[0].fired).toBe(1);
	// the retry goes through and creates exactly one payout
	expect((await post(`${T}/api/v1/disbursement/payouts`, payout('DROP-1'), bearer(t))).status).toBe(201);
	expect((await ledger()).payouts).toHaveLength(1);
});

test('dropAfter: the payout is created but the answer is lost; the retry gets duplicate reference_id', async () => {
	const t = await disbToken();
	await fault({ match: { method: 'POST', path: '/api/v1/disbursement/payouts' }, action: 'dropAfter' });
	await expect(post(`${T}/api/v1/disbursement/payouts`, payout('LOST-1'), bearer(t))).rejects.toThrow();
	let l = await ledger();
	expect(l.payouts).toHaveLength(1);
	expect(l.payouts[0].reference_id).toBe('LOST-1');
	const retry = await post(`${T}/api/v1/disbursement/payouts`, payout('LOST-1'), bearer(t));
	expect([retry.status, retry.body]).toEqual([400, { status: false, message: 'duplicate reference_id: LOST-1' }]);
	l = await ledger();
	expect(l.payouts).toHaveLength(1);
	expect(l.balances[DISB.client_id].lockedPaise).toBe(10500); // locked once: 100 + 5 fee
});

test('delay waits, then processes', async () => {
	await fault({ match: { path: '/api/external/qr/status' }, action: 'delay', delayMs: 300 });
	const started = Date.now();
	const r = await post(`${T}/api/external/qr/status`, { client_id: COLL.client_id, slug: 'nosuchs' });
	expect(Date.now() - started).toBeGreaterThanOrEqual(290);
	expect(r.status).toBe(404); // processed normally after the delay
});

test('hold keeps requests unanswered until released (or the faults cleared), then answers them as usual', async () => {
	await fault({ match: { path: '/api/external/qr/status' }, action: 'hold', times: 0 });
	const ask = () => post(`${T}/api/external/qr/status`, { client_id: COLL.client_id, slug: 'nosuchs' });
	let answered = 0;
	const held = [ask(), ask()].map((p) => p.then((r) => (answered++, r)));
	await waitFor(async () => (await get(`${sb.controlUrl}/faults`)).body.held === 2);
	await new Promise((r) => setTimeout(r, 100));
	expect(answered).toBe(0);
	expect((await post(`${sb.controlUrl}/faults/release`, {})).body).toEqual({ status: true, released: 2 });
	expect((await Promise.all(held)).map((r) => r.status)).toEqual([404, 404]);
	// Still holding the next one; clearing the faults lets it go too.
	const next = ask();
	await waitFor(async () => (await get(`${sb.controlUrl}/faults`)).body.held === 1);
	await del(`${sb.controlUrl}/faults`);
	expect((await next).status).toBe(404);
	expect((await get(`${sb.controlUrl}/faults`)).body.held).toBe(0);
});

test('the request log says how many API requests were being handled when each came (inFlight)', async () => {
	await fault({ match: { path: '/api/external/qr/status' }, action: 'hold', times: 0 });
	const ask = () => post(`${T}/api/external/qr/status`, { client_id: COLL.client_id, slug: 'nosuchs' });
	const held = [ask(), ask(), ask()];
	await waitFor(async () => (await get(`${sb.controlUrl}/faults`)).body.held === 3);
	await del(`${sb.controlUrl}/faults`);
	await Promise.all(held);
	await ask();
	const { requests } = (await get(`${sb.controlUrl}/requests`)).body;
	expect(requests.slice(-4).map((r) => r.inFlight)).toEqual([1, 2, 3, 1]);
});

test('expireTokens expires every token so far, and the request itself gets the API 401', async () => {
	const t = await disbToken();
	const ct = (await post(`${T}/api/external/auth`, COLL)).body.access_token;
	await fault({ match: { path: '/api/v1/disbursement/payouts' }, action: 'expireTokens' });
	const r = await post(`${T}/api/v1/disbursement/payouts`, payout('EXP-1'), bearer(t));
	expect([r.status, r.body]).toEqual([401, { status: false, message: 'business_id not found in token' }]);
	const c = await post(`${T}/api/external/order/create`, { client_id: COLL.client_id, amount: '1', order_id: 'E1' }, bearer(ct));
	expect(c.status).toBe(401);
	expect((await post(`${T}/api/v1/disbursement/payouts`, payout('EXP-1'), bearer(await disbToken()))).status).toBe(201);
});

test('matching: host, regex path, method, times 0 = always, probability 0 never', async () => {
	await fault({ match: { host: 'live', path: '/api/external/auth' }, action: 'status', status: 500, times: 0 });
	await fault({ match: { path: '/\\/qr\\/stat/' }, action: 'status', status: 429, times: 0 });
	await fault({ match: { method: 'GET', path: '/api/external/auth' }, action: 'status', status: 418 });
	await fault({ match: { path: '/api/v1/disbursement/auth' }, action: 'status', status: 500, probability: 0, times: 0 });
	for (let i = 0; i < 3; i++) {
		expect((await post(`${sb.liveUrl}/api/external/auth`, { client_id: 'sandbox_live_client', client_secret: 'sandbox_live_secret' })).status).toBe(500);
		expect((await post(`${T}/api/external/auth`, COLL)).status).toBe(200);
		expect((await post(`${T}/api/external/qr/status`, { client_id: 'x', slug: 'y' })).status).toBe(429);
		expect((await post(`${T}/api/v1/disbursement/auth`, DISB)).status).toBe(200);
	}
	const l = await ledger();
	expect(l.faults.map((f) => f.fired)).toEqual([3, 3, 0, 0]);
	expect((await get(`${sb.controlUrl}/faults`)).body.faults).toHaveLength(4);
	expect((await del(`${sb.controlUrl}/faults`)).body).toEqual({ status: true, removed: 4 });
	expect((await post(`${T}/api/external/qr/status`, { client_id: 'x', slug: 'y' })).status).toBe(404);
});

test('tamper: the request is processed, the real answer comes back with fields set and removed', async () => {
	const t = await disbToken();
	await fault({ match: { method: 'POST', path: '/api/v1/disbursement/payouts' }, action: 'tamper', set: { 'data.amount': 99.5, 'data.extra.x': 1 }, remove: ['data.id'] });
	const r = await post(`${T}/api/v1/disbursement/payouts`, payout('TAMPER-1'), bearer(t));
	expect(r.status).toBe(201);
	expect(r.body.data).toMatchObject({ reference_id: 'TAMPER-1', amount: 99.5, extra: { x: 1 }, status: 'INITIATED' });
	expect(r.body.data).not.toHaveProperty('id');
	// The sandbox itself holds the real payout.
	const [held] = (await ledger()).payouts;
	expect(held).toMatchObject({ reference_id: 'TAMPER-1', amount: 100 });
	expect(held.id).toMatch(/^[0-9a-f-]{36}$/);
	expect((await post(`${T}/api/v1/disbursement/payouts`, payout('TAMPER-2'), bearer(t))).body.data.amount).toBe(100);
});

test('status with html: a page instead of JSON, as a proxy answers', async () => {
	await fault({ match: { path: '/api/external/qr/status' }, action: 'status', status: 200, html: '<html><body>Login</body></html>' });
	const r = await post(`${T}/api/external/qr/status`, { client_id: 'x', slug: 'y' });
	expect([r.status, r.headers.get('content-type'), r.body]).toEqual([200, 'text/html; charset=utf-8', '<html><body>Login</body></html>']);
});

test('trickle: the real answer, one byte every intervalMs (the connection never idle)', async () => {
	await fault({ match: { path: '/api/external/qr/status' }, action: 'trickle', intervalMs: 5 });
	const started = Date.now();
	const r = await post(`${T}/api/external/qr/status`, { client_id: COLL.client_id, slug: 'nosuchs' });
	const bytes = Buffer.byteLength(JSON.stringify(r.body));
	expect(Date.now() - started).toBeGreaterThanOrEqual(bytes * 5 - 10);
	expect(r.status).toBe(404); // processed normally, answered slowly
});

test('invalid rules are refused; control paths are never faulted', async () => {
	for (const bad of [{ action: 'explode' }, { action: 'status' }, { action: 'delay' }, { action: 'trickle' }, { action: 'tamper' }, { action: 'tamper', set: [] }, { action: 'drop', match: { host: 'prod' } }, { action: 'drop', times: -1 }]) {
		expect((await post(`${sb.controlUrl}/faults`, bad)).status).toBe(400);
	}
	await fault({ match: {}, action: 'status', status: 500, times: 0 });
	expect((await get(`${sb.controlUrl}/ledger`)).status).toBe(200);
	expect((await post(`${T}/api/external/auth`, COLL)).status).toBe(500);
});

test('latencyMs delays API answers but not control calls', async () => {
	await post(`${sb.controlUrl}/config`, { latencyMs: 1000 });
	let started = Date.now();
	await post(`${T}/api/external/auth`, COLL);
	expect(Date.now() - started).toBeGreaterThanOrEqual(990);
	started = Date.now();
	await get(`${sb.controlUrl}/ledger`);
	// Well under the latency even on a loaded machine.
	expect(Date.now() - started).toBeLessThan(800);
});
