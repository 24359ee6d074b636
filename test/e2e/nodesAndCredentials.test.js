'use strict';
// n8n loaded the packed package as a community package: the editor's node and credential lists
// have it, and "Test credential" does the real token exchange against the sandbox.
const { connectStack } = require('./stackClient');

let stack;
beforeAll(async () => {
	stack = await connectStack();
});

test('the node panel lists SMEPay and SMEPay Trigger under the package name', async () => {
	const types = await stack.api.listNodeTypes();
	const ours = types.filter(
		(type) => type.name.startsWith('n8n-nodes-smepay.') && !type.name.endsWith('Tool'),
	);
	const byName = Object.fromEntries(ours.map((type) => [type.name, type]));
	expect(Object.keys(byName).sort()).toEqual([
		'n8n-nodes-smepay.smePay',
		'n8n-nodes-smepay.smePayTrigger',
	]);
	expect(byName['n8n-nodes-smepay.smePay'].displayName).toBe('SMEPay');
	expect(byName['n8n-nodes-smepay.smePayTrigger'].displayName).toBe('SMEPay Trigger');
	// usableAsTool: n8n adds the AI-tool variant of the action node.
	expect(types.map((type) => type.name)).toContain('n8n-nodes-smepay.smePayTool');
});

test("the trigger's two credential selectors are labelled for their job", async () => {
	// The editor labels a selector with the credential entry's displayName, else "Credential"
	// (both selectors would then look the same).
	const types = await stack.api.listNodeTypes();
	const trigger = types.find((type) => type.name === 'n8n-nodes-smepay.smePayTrigger');
	expect(trigger.credentials).toEqual([
		expect.objectContaining({
			name: 'smePayApi',
			displayName: 'Credential for payments (SMEPay API)',
		}),
		expect.objectContaining({
			name: 'smePayDisbursementApi',
			displayName: 'Credential for payouts (SMEPay Disbursement API)',
		}),
	]);
});

test('the three credential types are offered', async () => {
	const names = (await stack.api.listCredentialTypes()).map((type) => type.name);
	expect(names).toEqual(
		expect.arrayContaining(['smePayApi', 'smePayDisbursementApi', 'smePayPartnerApi']),
	);
});

describe('Test credential', () => {
	// What the editor sends: the form's values, with n8n's placeholder for secrets it keeps.
	async function storedForm(type) {
		const { id } = stack.state.credentials[type];
		const { data } = await stack.api.get(`/rest/credentials/${id}?includeData=true`);
		return { id, name: data.name, type, data: data.data };
	}

	test.each(['smePayApi', 'smePayDisbursementApi', 'smePayPartnerApi'])(
		'%s with the sandbox keys: Connection successful',
		async (type) => {
			const tokensBefore = (await stack.ledger()).tokens;
			const result = await stack.api.testCredential(await storedForm(type));
			expect(result).toEqual({ status: 'OK', message: expect.any(String) });
			// It was a real token exchange, not a form check.
			const tokensAfter = (await stack.ledger()).tokens;
			expect(sum(tokensAfter)).toBeGreaterThan(sum(tokensBefore));
		},
	);

	test.each([
		[
			'smePayApi',
			{ clientSecret: 'wrong-secret' },
			/SMEPay collection API rejected the credentials \("invalid client credentials"\)\. Check the Client ID and Client Secret/,
		],
		[
			'smePayDisbursementApi',
			{ clientSecret: 'wrong-secret' },
			/SMEPay disbursement API rejected the credentials \("invalid client credentials"\)\. Check the Client ID and Client Secret \(the disbursement keys/,
		],
		[
			'smePayPartnerApi',
			{ email: 'nobody@example.com' },
			/SMEPay partner API rejected the credentials \("invalid partner credentials"\)\. Check the Partner Code and Email/,
		],
	])('%s with a wrong value fails with what to check', async (type, wrong, message) => {
		const form = await storedForm(type);
		const result = await stack.api.testCredential({ ...form, data: { ...form.data, ...wrong } });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
		expect(result.message).not.toContain('wrong-secret');
	});

	test('Test keys against the Live host fail and say the environment does not match', async () => {
		const form = await storedForm('smePayApi');
		const result = await stack.api.testCredential({
			...form,
			data: { ...form.data, baseUrl: stack.state.sandbox.liveUrl },
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/registered for test mode.*Environment matches the keys/);
	});
});

function sum(counts) {
	return Object.values(counts).reduce((total, n) => total + (typeof n === 'number' ? n : 0), 0);
}
