'use strict';
// What a queue-mode n8n needs before use, done through main's REST API like the editor does:
// the owner account and one credential of each kind pointing at the SMEPay sandbox.

const OWNER = {
	email: 'demo@smepay.local',
	password: 'SmePay-Demo-1',
	firstName: 'Demo',
	lastName: 'Merchant',
};

/** Owner set up and logged in on main; returns the REST client. */
async function ownerSession(main) {
	await main.setupOwner(OWNER);
	return main.login(OWNER);
}

/** A credential of each SMEPay kind, pointing at the sandbox's Test host. Returns them by type. */
async function sandboxCredentials(api, sandbox) {
	const { collection, disbursement, partner } = sandbox.clients;
	const custom = { environment: 'custom', baseUrl: sandbox.testUrl };
	const wanted = [
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
	const byType = {};
	for (const credential of wanted) byType[credential.type] = await api.createCredential(credential);
	return byType;
}

function keys({ clientId, clientSecret }) {
	return { clientId, clientSecret };
}

/** Points every node's credential of a type we created at ours, then imports the workflow. */
async function importWithCredentials(api, workflow, credentialsByType) {
	const copy = JSON.parse(JSON.stringify(workflow));
	for (const node of copy.nodes) {
		for (const type of Object.keys(node.credentials || {})) {
			const ours = credentialsByType[type];
			if (ours) node.credentials[type] = { id: ours.id, name: ours.name };
		}
	}
	return api.importWorkflow(copy);
}

module.exports = { OWNER, ownerSession, sandboxCredentials, importWithCredentials };
