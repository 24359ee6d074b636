'use strict';
// Webhooks to a local receiver: documented payload, TEST_SUCCESS in test mode, retry schedule on
// 5xx/timeouts (scaled by timeScale), no retry on 2xx/4xx, payout webhooks, resend.
const { startSandbox } = require('../../sandbox');
const { bearer, get, post, sleep, waitFor, startReceiver } = require('./helpers');

const SCALE = 0.0002; // retry delays 60/300/1500/7200 s → 12/60/300/1440 ms
let sb;
let rx;
let seq = 0;

beforeAll(async () => {
	// orders must not expire during these tests (300 s × SCALE would be 60 ms)
	sb = await startSandbox({ port: 0, livePort: 0, timeScale: SCALE, seed: { orderTtlSeconds: 1e7 } });
});
afterAll(() => sb.close());
beforeEach(async () => {
	await post(`${sb.controlUrl}/reset`);
	rx = await startReceiver([200]);
});
afterEach(() => rx.close());

async function order({ live = false, amount = '100.00', callback = true } = {}) {
	const base = live ? sb.liveUrl : sb.testUrl;
	const creds = live
		? { client_id: 'sandbox_live_client', client_secret: 'sandbox_live_secret' }
		: { client_id: 'sandbox_test_client', client_secret: 'sandbox_test_secret' };
	const t = (await post(`${base}/api/external/auth`, creds)).body.access_token;
	const ref = `WH-${++seq}`;
	const body = { client_id: creds.client_id, amount, order_id: ref };
	if (callback) body.callback_url = `${rx.url}/hook?x=1`;
	const r = await post(`${base}/api/external/order/create`, body, bearer(t));
	expect(r.status).toBe(200);
	return { slug: r.body.slug, ref };
}
const attempts = async () => (await get(`${sb.controlUrl}/ledger`)).body.webhooks;

test('test-mode SUCCESS posts the documented payload with status TEST_SUCCESS and no slug', async () => {
	const { slug, ref } = await order({ amount: '100.1' });
	await post(`${sb.controlUrl}/orders/${slug}/settle`, { status: 'SUCCESS' });
	await waitFor(() => rx.received.length === 1);
	const { body, headers, path } = rx.received[0];
	expect(path).toBe('/hook?x=1');
	expect(headers['content-type']).toBe('application/json');
	expect(Object.keys(body).sort()).toEqual(['amount', 'created_at', 'processed_at', 'ref_id', 'status', 'transaction_id']);
	expect(body).toMatchObject({ ref_id: ref, status: 'TEST_SUCCESS', amount: '100.10' });
	expect(body.transaction_id).toMatch(/\S+/);
	const ist = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:30$/;
	expect(body.created_at).toMatch(ist);
	expect(body.processed_at).toMatch(ist);
	// +05:30 is really IST: the instant is within seconds of now
	expect(Math.abs(Date.parse(body.processed_at) - Date.now())).toBeLessThan(5000);
	await sleep(50);
	const a = await attempts();
	expect(a).toHaveLength(1);
	expect(a[0]).toMatchObject({ kind: 'order', id: slug, attempt: 1, responseStatus: 200, error: null, nextRetryInMs: null, url: `${rx.url}/hook?x=1` });
	expect(a[0].payload).toEqual(body);
});

test('live mode sends SUCCESS; FAILED is FAILED; the transaction id is the initiate one', async () => {
	const live = await order({ live: true, amount: '5' });
	await post(`${sb.controlUrl}/orders/${live.slug}/settle`, { status: 'SUCCESS' });
	const t = (await post(`${sb.testUrl}/api/external/auth`, { client_id: 'sandbox_test_client', client_secret: 'sandbox_test_secret' })).body.access_token;
	const failed = await order();
	const init = await post(`${sb.testUrl}/api/external/order/initiate`, { client_id: 'sandbox_test_client', slug: failed.slug }, bearer(t));
	await post(`${sb.controlUrl}/orders/${failed.slug}/settle`, { status: 'FAILED' });
	await waitFor(() => rx.received.length === 2);
	const byRef = Object.fromEntries(rx.received.map((r) => [r.body.ref_id, r.body]));
	expect(byRef[live.ref]).toMatchObject({ status: 'SUCCESS', amount: '5.00' });
	expect(byRef[failed.ref]).toMatchObject({ status: 'FAILED', amount: '100.00', transaction_id: init.body.transaction_id });
});

test('no webhook for PENDING, EXPIRED, or orders without callback_url', async () => {
	await post(`${sb.controlUrl}/config`, { orderTtlSeconds: 1000 }); // × SCALE = 200 ms
	const a = await order();
	await post(`${sb.controlUrl}/orders/${a.slug}/pay`);
	const b = await order({ callback: false });
	await post(`${sb.controlUrl}/orders/${b.slug}/settle`, { status: 'SUCCESS' });
	await sleep(350);
	expect((await post(`${sb.testUrl}/api/external/qr/status`, { client_id: 'sandbox_test_client', slug: a.slug })).body.payment_status).toBe('EXPIRED');
	await sleep(50);
	expect(rx.received).toHaveLength(0);
	expect(await attempts()).toHaveLength(0);
});

test('5xx is retried on the scaled 1 m / 5 m / 25 m / 2 h schedule: 5 attempts in all', async () => {
	rx.setCodes([500]);
	const { slug } = await order();
	await post(`${sb.controlUrl}/orders/${slug}/settle`, { status: 'SUCCESS' });
	await waitFor(() => rx.received.length === 5, 8000);
	await sleep(300); // nothing after the 5th
	expect(rx.received).toHaveLength(5);
	const gaps = rx.received.slice(1).map((r, i) => r.at - rx.received[i].at);
	const expected = [60, 300, 1500, 7200].map((s) => s * 1000 * SCALE);
	gaps.forEach((g, i) => {
		expect(g).toBeGreaterThanOrEqual(expected[i] - 2);
		expect(g).toBeLessThan(expected[i] + 250);
	});
	const a = await attempts();
	expect(a.map((x) => x.attempt)).toEqual([1, 2, 3, 4, 5]);
	expect(a.map((x) => x.responseStatus)).toEqual([500, 500, 500, 500, 500]);
	expect(a.map((x) => x.nextRetryInMs)).toEqual([...expected, null]);
	expect(new Set(rx.received.map((r) => JSON.stringify(r.body))).size).toBe(1);
});

test('502/503/504 retried until a 200, which ends it', async () => {
	rx.setCodes([502, 503, 504, 200]);
	const { slug } = await order();
	await post(`${sb.controlUrl}/orders/${slug}/settle`, { status: 'SUCCESS' });
	await waitFor(() => rx.received.length === 4, 5000);
	await sleep(1700);
	expect(rx.received).toHaveLength(4);
	expect((await attempts()).map((x) => x.responseStatus)).toEqual([502, 503, 504, 200]);
});

test.each([[400], [404], [201], [302]])('%i is not retried', async (code) => {
	rx.setCodes([code]);
	const { slug } = await order();
	await post(`${sb.controlUrl}/orders/${slug}/settle`, { status: 'FAILED' });
	await waitFor(() => rx.received.length === 1);
	await sleep(150); // past the first scaled retry delay (12 ms)
	expect(rx.received).toHaveLength(1);
	expect((await attempts()).map((x) => [x.responseStatus, x.nextRetryInMs])).toEqual([[code, null]]);
});

test('a timeout and a refused connection are retried', async () => {
	await post(`${sb.controlUrl}/config`, { webhookTimeoutMs: 100, webhookRetryDelaysSeconds: [60, 300] }); // 3 attempts
	rx.setHang(true);
	const { slug } = await order();
	await post(`${sb.controlUrl}/orders/${slug}/settle`, { status: 'SUCCESS' });
	await waitFor(() => rx.received.length === 3, 3000);
	await waitFor(async () => (await attempts()).length === 3, 3000);
	const a = await attempts();
	expect(a.map((x) => x.error)).toEqual(['timeout after 100 ms', 'timeout after 100 ms', 'timeout after 100 ms']);
	expect(a.every((x) => x.responseStatus === null)).toBe(true);

	// a port nobody listens on
	const dead = await startReceiver();
	const deadUrl = dead.url;
	await dead.close();
	const t = (await post(`${sb.testUrl}/api/external/auth`, { client_id: 'sandbox_test_client', client_secret: 'sandbox_test_secret' })).body.access_token;
	const c = await post(`${sb.testUrl}/api/external/order/create`, { client_id: 'sandbox_test_client', amount: '1', order_id: 'DEAD', callback_url: deadUrl }, bearer(t));
	await post(`${sb.controlUrl}/orders/${c.body.slug}/settle`, { status: 'SUCCESS' });
	await waitFor(async () => (await attempts()).filter((x) => x.id === c.body.slug).length === 3, 3000);
	const d = (await attempts()).filter((x) => x.id === c.body.slug);
	expect(d.map((x) => x.error)).toEqual(['ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED']);
});

test('payout webhooks carry the GET data object; resend delivers the same payload again', async () => {
	const creds = { client_id: 'sandbox_disb_test_client', client_secret: 'sandbox_disb_test_secret' };
	const t = (await post(`${sb.testUrl}/api/v1/disbursement/auth`, creds)).body.data.token;
	const c = await post(
		`${sb.testUrl}/api/v1/disbursement/payouts`,
		{ reference_id: 'PW-1', amount: 250.5, beneficiary_name: 'A', beneficiary_account: '1234567890', beneficiary_ifsc: 'HDFC0001234', callback_url: `${rx.url}/payout` },
		bearer(t),
	);
	expect(c.status).toBe(201);
	await sleep(30);
	expect(rx.received).toHaveLength(0); // nothing until final
	await post(`${sb.controlUrl}/payouts/${c.body.data.id}/settle`, { status: 'SUCCESS' });
	await waitFor(() => rx.received.length === 1);
	const got = await get(`${sb.testUrl}/api/v1/disbursement/payouts/${c.body.data.id}`, bearer(t));
	expect(rx.received[0].body).toEqual(got.body.data);
	expect(rx.received[0].body.status).toBe('SUCCESS');

	const r = await post(`${sb.controlUrl}/webhooks/resend`, { kind: 'payout', id: c.body.data.id });
	expect(r.status).toBe(200);
	await waitFor(() => rx.received.length === 2);
	expect(rx.received[1].body).toEqual(rx.received[0].body);

	const { slug } = await order();
	await post(`${sb.controlUrl}/orders/${slug}/settle`, { status: 'SUCCESS' });
	await waitFor(() => rx.received.length === 3);
	await post(`${sb.controlUrl}/webhooks/resend`, { kind: 'order', id: slug });
	await waitFor(() => rx.received.length === 4);
	expect(rx.received[3].body).toEqual(rx.received[2].body);
	expect((await post(`${sb.controlUrl}/webhooks/resend`, { kind: 'order', id: 'nothing' })).status).toBe(404);
	expect((await post(`${sb.controlUrl}/webhooks/resend`, { kind: 'x', id: slug })).status).toBe(400);
});

test("config webhookTransactionId 'slug': the payment webhook's transaction_id is the order's slug (as seen live)", async () => {
	await post(`${sb.controlUrl}/config`, { webhookTransactionId: 'slug' });
	const { slug, ref } = await order();
	await post(`${sb.controlUrl}/orders/${slug}/settle`, { status: 'FAILED' });
	await waitFor(() => rx.received.length === 1);
	expect(rx.received[0].body).toMatchObject({ ref_id: ref, transaction_id: slug, status: 'FAILED' });
	expect(slug).toMatch(/^[a-z0-9]{7}$/);
	// The documented shape is the default, and a reset brings it back.
	await post(`${sb.controlUrl}/reset`);
	expect((await get(`${sb.controlUrl}/config`)).body).toMatchObject({ webhookTransactionId: 'txn', orderStatusEndpoint: false });
	for (const bad of [{ webhookTransactionId: 'ref' }, { orderStatusEndpoint: 'yes' }]) {
		expect((await post(`${sb.controlUrl}/config`, bad)).status).toBe(400);
	}
});

test("a non-2xx answer's JSON error is kept with the attempt (responseError); a 2xx's is not", async () => {
	const http = require('node:http');
	const answers = [
		[503, { received: false, error: 'Too many webhooks at once' }],
		[200, { received: true, error: 'not kept' }],
	];
	const server = http.createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			const [code, body] = answers.shift();
			res.writeHead(code, { 'content-type': 'application/json' });
			res.end(JSON.stringify(body));
		});
	});
	await new Promise((r) => server.listen(0, '127.0.0.1', r));
	try {
		rx.url = `http://127.0.0.1:${server.address().port}`;
		const { slug } = await order();
		await post(`${sb.controlUrl}/orders/${slug}/settle`, { status: 'SUCCESS' });
		await waitFor(async () => (await attempts()).length === 2, 5000);
		const a = await attempts();
		expect(a.map((x) => [x.responseStatus, x.responseError])).toEqual([
			[503, 'Too many webhooks at once'],
			[200, undefined],
		]);
	} finally {
		await new Promise((r) => server.close(r));
	}
});
