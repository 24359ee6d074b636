'use strict';
// In a real n8n: a token exchange that fails is tried a few times per run and honours the node's
// Request Timeout, its message reaches the user in the package's words, and n8n still stores the
// token it renews (one exchange serves the next executions).
const { connectStack, oneSmePayNodeWorkflow } = require('./stackClient');

const AUTH = '/api/v1/disbursement/auth';
const UNKNOWN_PAYOUT = '00000000-0000-4000-8000-000000000000';

let stack;
let credential;
let workflowId;
beforeAll(async () => {
	stack = await connectStack();
	const { clientId, clientSecret } = stack.state.sandbox.clients.disbursement.test;
	// A credential of its own: its token starts empty.
	credential = await stack.api.createCredential({
		name: `SMEPay exchange e2e ${Date.now()}`,
		type: 'smePayDisbursementApi',
		data: { environment: 'custom', baseUrl: stack.state.sandbox.testUrl, clientId, clientSecret },
	});
	const workflow = await stack.api.importWorkflow(
		oneSmePayNodeWorkflow(
			`SMEPay token exchange e2e ${Date.now()}`,
			{
				resource: 'payout',
				operation: 'get',
				payoutId: UNKNOWN_PAYOUT,
				options: { requestTimeout: 1 },
			},
			{ smePayDisbursementApi: { id: credential.id, name: credential.name } },
		),
	);
	workflowId = workflow.id;
});
afterEach(async () => await stack.control('DELETE', '/faults'));

async function run() {
	const started = Date.now();
	const execution = await stack.api.runWorkflow(workflowId);
	const error = execution.data.resultData.runData.SMEPay?.[0]?.error;
	return { execution, error, ms: Date.now() - started };
}

const fired = async () => (await stack.control('GET', '/faults')).faults.map((f) => f.fired);

test("a silent token endpoint: 3 tries of about the Request Timeout, then the package's own message", async () => {
	await stack.control('POST', '/faults', {
		match: { path: AUTH },
		action: 'delay',
		delayMs: 5000,
		times: 0,
	});
	const { error, ms } = await run();
	expect(error.message).toBe(
		"SMEPay disbursement API could not be reached (timed out). Check the Environment / Base URL and this server's network access.",
	);
	expect(error.description).toBe(
		'No Get Payout request was sent: the credential could not get a token.',
	);
	expect(await fired()).toEqual([3]);
	expect(ms).toBeLessThan(12_000);
});

test('503 from the token endpoint: 3 tries, its message; then, once it answers, one exchange serves two executions', async () => {
	await stack.control('POST', '/faults', {
		match: { path: AUTH },
		action: 'status',
		status: 503,
		times: 0,
	});
	const failed = await run();
	expect(failed.error.message).toMatch(
		/^SMEPay disbursement API token exchange failed with HTTP 503/,
	);
	expect(await fired()).toEqual([3]);
	await stack.control('DELETE', '/faults');

	// Counted on arrival (the ledger would also count the slow exchanges of the test before,
	// which SMEPay still answers after the client gave up on them).
	await stack.control('POST', '/faults', {
		match: { path: AUTH },
		action: 'delay',
		delayMs: 0,
		times: 0,
	});
	for (let i = 0; i < 2; i++) {
		const { error } = await run();
		// The call reached SMEPay, which does not know the payout.
		expect(error.message).toBe('SMEPay Get Payout failed: payout not found');
	}
	expect(await fired()).toEqual([1]);
});

test('a token refused mid-run (401) whose renewal gets 503: a bounded number of tries, then its message', async () => {
	await run(); // a stored token first
	await stack.control('POST', '/faults', {
		match: { path: '/api/v1/disbursement/payouts/' },
		action: 'status',
		status: 401,
		times: 1,
	});
	await stack.control('POST', '/faults', {
		match: { path: AUTH },
		action: 'status',
		status: 503,
		times: 0,
	});
	const { error } = await run();
	expect(error.message).toMatch(/^SMEPay disbursement API token exchange failed with HTTP 503/);
	const [refused, exchanges] = await fired();
	expect(refused).toBe(1);
	// 3 tries by the node; n8n 1.x makes one more itself, inside the refused call.
	expect(exchanges).toBeGreaterThanOrEqual(3);
	expect(exchanges).toBeLessThanOrEqual(4);
});
