'use strict';
// What `npm start` and `npm run start:queue` set up in their n8n the same way: the demo owner,
// one credential of each SMEPay kind pointing at the sandbox's Test host, and example workflows
// pointed at those credentials.

const DEMO_OWNER = {
	email: 'demo@smepay.local',
	password: 'SmePay-Demo-1',
	firstName: 'Demo',
	lastName: 'Merchant',
};

/** The three sandbox credentials to create, named so that a second run can find them again. */
function sandboxCredentialSpecs(sandbox) {
	const { collection, disbursement, partner } = sandbox.clients;
	const custom = { environment: 'custom', baseUrl: sandbox.testUrl };
	return [
		{
			name: 'SMEPay Sandbox (collection)',
			type: 'smePayApi',
			data: { ...custom, integration: 'inline', ...keys(collection.test) },
		},
		{
			name: 'SMEPay Sandbox (disbursement)',
			type: 'smePayDisbursementApi',
			data: { ...custom, ...keys(disbursement.test) },
		},
		{
			name: 'SMEPay Sandbox (partner)',
			type: 'smePayPartnerApi',
			data: { baseUrl: sandbox.testUrl, partnerCode: partner.partnerCode, email: partner.email },
		},
	];
}

function keys({ clientId, clientSecret }) {
	return { clientId, clientSecret };
}

/** Points every node's credential of a type in `credentialsByType` at that credential (in place). */
function pointAtCredentials(workflow, credentialsByType) {
	for (const node of workflow.nodes) {
		for (const type of Object.keys(node.credentials || {})) {
			const ours = credentialsByType[type];
			if (ours) node.credentials[type] = { id: ours.id, name: ours.name };
		}
	}
	return workflow;
}

module.exports = { DEMO_OWNER, sandboxCredentialSpecs, pointAtCredentials };
