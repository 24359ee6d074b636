'use strict';
// Control API, routing edge cases, keep-alive under load, close() and the CLI.
const { spawn } = require('node:child_process');
const path = require('node:path');
const { Agent, request } = require('undici');
const { startSandbox } = require('../../sandbox');
const { call, get, post } = require('./helpers');

let sb;
beforeAll(async () => {
	sb = await startSandbox({ port: 0, livePort: 0 });
});
afterAll(() => sb.close());
beforeEach(() => post(`${sb.controlUrl}/reset`));

test('handle exposes urls and the seeded clients', () => {
	expect(sb.controlUrl).toBe(`${sb.testUrl}/_sandbox`);
	expect(sb.testUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	expect(sb.liveUrl).not.toBe(sb.testUrl);
	expect(sb.clients).toEqual({
		collection: {
			test: { clientId: 'sandbox_test_client', clientSecret: 'sandbox_test_secret' },
			live: { clientId: 'sandbox_live_client', clientSecret: 'sandbox_live_secret' },
		},
		disbursement: {
			test: { clientId: 'sandbox_disb_test_client', clientSecret: 'sandbox_disb_test_secret' },
			live: { clientId: 'sandbox_disb_live_client', clientSecret: 'sandbox_disb_live_secret' },
			testOther: { clientId: 'sandbox_disb_test_client_2', clientSecret: 'sandbox_disb_test_secret_2' },
		},
		partner: { partnerCode: 'SANDBOX_PARTNER', email: 'partner@sandbox.smepay.test' },
	});
});

test('config: GET, merge, unknown keys and bad values refused, reset restores defaults', async () => {
	const c = (await get(`${sb.controlUrl}/config`)).body;
	expect(c).toMatchObject({ timeScale: 1, orderTtlSeconds: 300, minOrderAmount: 1, maxOrderAmount: 100000, minPayoutAmount: 1, maxPayoutAmount: 1000000, fees: { IMPS: 5, NEFT: 3, RTGS: 25 }, autoSettlePayoutsMs: null, partnerTokenShape: 'data.access_token', tokenTtlSeconds: { collection: 600, disbursement: 3600 }, webhookTimeoutMs: 10000 });
	const m = await post(`${sb.controlUrl}/config`, { fees: { NEFT: 4 }, clients: { sandbox_disb_test_client: { balance: '12.34' } } });
	expect(m.body.fees).toEqual({ IMPS: 5, NEFT: 4, RTGS: 25 });
	expect((await get(`${sb.controlUrl}/ledger`)).body.balances.sandbox_disb_test_client).toMatchObject({ available: 12.34, availablePaise: 1234 });
	for (const bad of [{ timeScal: 1 }, { timeScale: -1 }, { fees: { UPI: 1 } }, { clients: { nobody: {} } }, { clients: { sandbox_test_client: { ipAllowlist: 'x' } } }]) {
		const r = await post(`${sb.controlUrl}/config`, bad);
		expect(r.status).toBe(400);
		expect(r.body.status).toBe(false);
	}
	await post(`${sb.controlUrl}/reset`);
	expect((await get(`${sb.controlUrl}/config`)).body.fees.NEFT).toBe(3);
	expect((await get(`${sb.controlUrl}/ledger`)).body.balances.sandbox_disb_test_client.availablePaise).toBe(100000000);
});

test('reset clears orders, tokens, faults and counters; ledger has every documented key', async () => {
	await post(`${sb.testUrl}/api/external/auth`, { client_id: 'sandbox_test_client', client_secret: 'sandbox_test_secret' });
	await post(`${sb.controlUrl}/faults`, { action: 'delay', delayMs: 1, times: 0 });
	let l = (await get(`${sb.controlUrl}/ledger`)).body;
	expect(Object.keys(l).sort()).toEqual(['balances', 'faults', 'merchants', 'orders', 'payouts', 'requests', 'tokens', 'tokensByClient', 'webhooks']);
	expect(l.requests).toBe(1);
	expect(l.tokens.collection).toBe(1);
	await post(`${sb.controlUrl}/reset`);
	l = (await get(`${sb.controlUrl}/ledger`)).body;
	expect(l).toMatchObject({ orders: [], payouts: [], webhooks: [], merchants: [], faults: [], requests: 0, tokens: { collection: 0, disbursement: 0, partner: 0 }, tokensByClient: {} });
	expect(sb.state.orders).toEqual([]);
});

test('unknown path 404, wrong method 405, bad JSON 400, control and page not on the Live host', async () => {
	expect(await post(`${sb.testUrl}/api/nothing`)).toMatchObject({ status: 404, body: { status: false, message: 'not found' } });
	expect(await get(`${sb.testUrl}/api/external/auth`)).toMatchObject({ status: 405, body: { status: false } });
	expect(await call('POST', `${sb.testUrl}/api/external/auth`, '{"client_id":')).toMatchObject({ status: 400, body: { status: false, message: 'invalid JSON body' } });
	expect(await call('POST', `${sb.testUrl}/api/external/auth`, '[1]')).toMatchObject({ status: 400 });
	expect((await get(`${sb.liveUrl}/_sandbox/ledger`)).status).toBe(404);
	expect((await get(`${sb.testUrl}/@sandbox/nosuchs`)).status).toBe(404);
	expect((await post(`${sb.controlUrl}/orders/nosuchs/settle`, { status: 'SUCCESS' })).status).toBe(404);
	expect((await post(`${sb.controlUrl}/payouts/nosuch/settle`, { status: 'SUCCESS' })).status).toBe(404);
});

test('keep-alive: 1,000 concurrent requests over 20 connections are all answered', async () => {
	const agent = new Agent({ connections: 20, pipelining: 1, keepAliveTimeout: 10_000 });
	const auth = await request(`${sb.testUrl}/api/external/auth`, {
		method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ client_id: 'sandbox_test_client', client_secret: 'sandbox_test_secret' }),
	});
	const token = (await auth.body.json()).access_token;
	const started = Date.now();
	const results = await Promise.all(
		Array.from({ length: 1000 }, async (_, i) => {
			const r = await request(`${sb.testUrl}/api/external/order/create`, {
				method: 'POST', dispatcher: agent,
				headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
				body: JSON.stringify({ client_id: 'sandbox_test_client', amount: '1.00', order_id: `LOAD-${i}` }),
			});
			const body = await r.body.json();
			return [r.statusCode, body.slug];
		}),
	);
	const elapsed = Date.now() - started;
	await agent.close();
	expect(results.every(([s]) => s === 200)).toBe(true);
	expect(new Set(results.map(([, slug]) => slug)).size).toBe(1000);
	expect(elapsed).toBeLessThan(10_000);
	expect(sb.state.ordersBySlug.size).toBe(1000);
});

test('close() is idempotent and frees the ports', async () => {
	const other = await startSandbox({ port: 0, livePort: 0 });
	await other.close();
	await other.close();
	await expect(fetch(`${other.testUrl}/_sandbox/ledger`)).rejects.toThrow();
});

test('cli starts on the given ports, prints the credentials and stops on SIGINT', async () => {
	const child = spawn(process.execPath, [path.join(__dirname, '../../sandbox/cli.js')], {
		env: { ...process.env, SANDBOX_PORT: '0', SANDBOX_LIVE_PORT: '0', SANDBOX_TIME_SCALE: '0.5' },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let out = '';
	child.stdout.on('data', (d) => (out += d));
	await new Promise((resolve, reject) => {
		const t = setTimeout(() => reject(new Error(`cli did not start: ${out}`)), 10_000);
		child.stdout.on('data', () => out.includes('Ctrl-C') && (clearTimeout(t), resolve()));
		child.on('exit', (code) => reject(new Error(`cli exited ${code}: ${out}`)));
	});
	for (const s of ['sandbox_test_client', 'sandbox_live_secret', 'sandbox_disb_test_secret', 'sandbox_disb_live_client', 'SANDBOX_PARTNER', 'partner@sandbox.smepay.test', 'timeScale 0.5']) {
		expect(out).toContain(s);
	}
	const control = /Control .*?(http:\/\/\S+)/.exec(out)[1];
	expect((await get(`${control}/config`)).body.timeScale).toBe(0.5);
	const code = await new Promise((resolve) => {
		child.removeAllListeners('exit');
		child.on('exit', resolve);
		child.kill('SIGINT');
	});
	expect(code).toBe(0);
});
