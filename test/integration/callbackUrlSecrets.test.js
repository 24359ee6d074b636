'use strict';
// A Callback URL carries the SMEPay Trigger's Secret (`?token=…`). No error may repeat it: not the
// check of a malformed URL (Create Order, Send Payout), not SMEPay's refusal that
// echoes the URL back (message or body), not an answer SMEPay gives with status false, not the
// SMEPay Trigger's answers and log lines for a request carrying it. Each path through the real
// engine, the error searched everywhere (cause, body, description).
const { useIntegration } = require('../harness/integration');
const { secretsFound } = require('./secretScan');
const { newOrderId, runOrder } = require('./orderSteps');
const { newRef, row, sendRows, ledgerPayouts, SEND_PARAMETERS } = require('./payoutSteps');
const { logsOfEachTest } = require('../harness/webhook');
const { startTrigger, createOrder, paymentBody } = require('./triggerSteps');

const it = useIntegration(undefined, { clearFaults: true });

const SECRET = 'tok-9f2c7d1e5a3b8c6d';
const GOOD_URL = `https://shop.example/webhook/smepay?slug=abc&token=${SECRET}`;
// Malformed, each still carrying the secret: a typo'd scheme, a space, no scheme, user info.
const BAD_URLS = [
	`htps://shop.example/webhook?token=${SECRET}`,
	`https://shop.example/web hook?token=${SECRET}`,
	`shop.example/webhook?token=${SECRET}`,
	`ftp://n8n:${SECRET}@shop.example/webhook`,
	`https://shop.example/webhook &token=${SECRET}`,
];

/** Send Payout with each row's Callback URL in Additional Fields. */
const SEND_WITH_CALLBACK = {
	...SEND_PARAMETERS,
	additionalFields: { callbackUrl: '={{ $json.callbackUrl }}' },
};

const echoFault = (path, body, status = 400) =>
	it.control('POST', '/faults', {
		match: { method: 'POST', path },
		action: 'status',
		status,
		body,
	});

/** Create Order with this Callback URL; a failure comes out as an error item. */
const createWith = (callbackUrl) =>
	runOrder(
		it,
		'inline',
		'create',
		{ amount: '10.00', orderId: newOrderId(), callbackUrl },
		{ node: { onError: 'continueRegularOutput' } },
	);

/** Every place the run keeps an error: the node's error, each error item, the run's error. */
function leaks(result) {
	const items = result.output('SMEPay') ?? [];
	return [
		...secretsFound(result.nodeError('SMEPay'), [SECRET]),
		...secretsFound(result.error, [SECRET]),
		...items.flatMap((item) => secretsFound(item.json.error ?? '', [SECRET])),
		...items.flatMap((item) => secretsFound(item.json.errorDescription ?? '', [SECRET])),
	];
}

describe('a malformed Callback URL is refused without repeating it', () => {
	test.each(BAD_URLS)('Create Order: %s', async (callbackUrl) => {
		const result = await createWith(callbackUrl);
		expect(result.output('SMEPay')[0].json.error).toMatch(/^Callback URL .* \(item 0\)$/);
		expect(leaks(result)).toEqual([]);
	});

	test.each(BAD_URLS)('Send Payout, Additional Fields → Callback URL: %s', async (callbackUrl) => {
		const ref = newRef('CBURL');
		const result = await sendRows(it, [{ ...row(ref), callbackUrl }], {
			continueOnFail: true,
			parameters: SEND_WITH_CALLBACK,
		});
		expect(result.output('SMEPay')[0].json.error).toMatch(/^Callback URL .* \(item 0\)$/);
		expect(leaks(result)).toEqual([]);
		expect(await ledgerPayouts(it, ref)).toHaveLength(0);
	});
});

describe('SMEPay echoing the Callback URL back: its words kept, the URL’s query not', () => {
	test('Create Order refused with the URL in the message and the body', async () => {
		await echoFault('/api/external/order/create', {
			status: false,
			message: `The callback url ${GOOD_URL} is not reachable`,
			errors: { callback_url: [`${GOOD_URL} did not answer`] },
		});
		const result = await createWith(GOOD_URL);
		expect(result.output('SMEPay')[0].json.error).toMatch(
			/^SMEPay Create Order failed: The callback url https:\/\/shop\.example\/webhook\/smepay\?… is not reachable$/,
		);
		expect(leaks(result)).toEqual([]);
	});

	test('Create Order answered 200 with status false and the URL in the message', async () => {
		await echoFault(
			'/api/external/order/create',
			{ status: false, message: `callback_url ${GOOD_URL} refused` },
			200,
		);
		const result = await createWith(GOOD_URL);
		expect(result.output('SMEPay')[0].json.error).toMatch(/says status false/);
		expect(leaks(result)).toEqual([]);
	});

	test('Send Payout refused with the URL in the message and the body', async () => {
		const ref = newRef('CBECHO');
		await echoFault('/api/v1/disbursement/payouts', {
			message: `invalid callback_url: ${GOOD_URL}`,
			data: { callback_url: GOOD_URL },
		});
		const result = await sendRows(it, [{ ...row(ref), callbackUrl: GOOD_URL }], {
			continueOnFail: true,
			parameters: SEND_WITH_CALLBACK,
		});
		expect(result.output('SMEPay')[0].json.error).toMatch(/invalid callback_url: https:\/\//);
		expect(leaks(result)).toEqual([]);
	});

	test('Create Order whose connection drops after sending: the error does not hold the request', async () => {
		await it.control('POST', '/faults', {
			match: { method: 'POST', path: '/api/external/order/create' },
			action: 'dropAfter',
		});
		const result = await createWith(GOOD_URL);
		expect(result.output('SMEPay')[0].json.error).toMatch(/no answer/);
		expect(leaks(result)).toEqual([]);
	});
});

describe('the SMEPay Trigger: a request carrying ?token= is refused without repeating it', () => {
	let hook;
	const logs = logsOfEachTest();
	beforeEach(async () => {
		hook = await startTrigger(it, { options: { secret: SECRET } });
	});
	afterEach(async () => {
		await hook.close();
	});

	/** The trigger's answer and every line it logged hold no secret. */
	const noLeak = (answer) => {
		expect(secretsFound(answer, [SECRET])).toEqual([]);
		expect(secretsFound(logs.entries, [SECRET])).toEqual([]);
	};

	test('400 for a body that is not a webhook, and for a slug with unexpected characters', async () => {
		noLeak(await hook.post(hook.productionUrl({ token: SECRET }), { hello: 'world' }));
		const { slug } = await createOrder(it, { amount: '10.00' });
		const body = await paymentBody(it, slug);
		const bad = await hook.post(hook.productionUrl({ token: SECRET, slug: 'a/b' }), body);
		expect(bad.status).toBe(400);
		noLeak(bad);
	});

	test('503 when SMEPay fails with the URL in its message: logged in its words, the query cut', async () => {
		const { slug } = await createOrder(it, { amount: '10.00' });
		await it.control('POST', `/orders/${slug}/settle`, { status: 'SUCCESS' });
		const url = hook.productionUrl({ slug, token: SECRET });
		await it.control('POST', '/faults', {
			match: { method: 'POST', path: '/api/external/qr/status' },
			action: 'status',
			status: 500,
			body: { message: `callback ${url} is being retried` },
		});
		const answer = await hook.post(url, await paymentBody(it, slug));
		expect(answer.status).toBe(503);
		expect(logs.entries.map((entry) => entry.message).join('\n')).toMatch(
			/callback http:\/\/127\.0\.0\.1:\d+\/webhook\/\S+\/webhook\?… is being retried/,
		);
		noLeak(answer);
	});

	test('422 for an amount SMEPay does not show, 503 for a slug SMEPay does not know', async () => {
		const { slug } = await createOrder(it, { amount: '10.00' });
		await it.control('POST', `/orders/${slug}/settle`, { status: 'SUCCESS' });
		const url = hook.productionUrl({ slug, token: SECRET });
		const forged = await hook.post(url, await paymentBody(it, slug, { amount: '9999.00' }));
		expect(forged.status).toBe(422);
		noLeak(forged);
		const unknown = await hook.post(
			hook.productionUrl({ slug: 'nosuchslug', token: SECRET }),
			await paymentBody(it, slug),
		);
		expect(unknown.status).toBe(503);
		noLeak(unknown);
		expect(hook.runs).toHaveLength(0);
	});
});
