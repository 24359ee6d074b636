'use strict';
// What a queue-mode n8n needs before use, done through main's REST API like the editor does:
// the owner account and one credential of each kind pointing at the SMEPay sandbox.

const {
	DEMO_OWNER: OWNER,
	sandboxCredentialSpecs,
	pointAtCredentials,
	pointAtDataTables,
} = require('../lib/demoSetup');

/** Owner set up and logged in on main; returns the REST client. */
async function ownerSession(main) {
	await main.setupOwner(OWNER);
	return main.login(OWNER);
}

/** A credential of each SMEPay kind, pointing at the sandbox's Test host. Returns them by type. */
async function sandboxCredentials(api, sandbox) {
	const byType = {};
	for (const credential of sandboxCredentialSpecs(sandbox))
		byType[credential.type] = await api.createCredential(credential);
	return byType;
}

/**
 * Points every node's credential of a type we created at ours (and Data Table nodes at the tables
 * they name), then imports the workflow.
 */
async function importWithCredentials(api, workflow, credentialsByType, tablesByName = {}) {
	const copy = JSON.parse(JSON.stringify(workflow));
	return api.importWorkflow(
		pointAtDataTables(pointAtCredentials(copy, credentialsByType), tablesByName),
	);
}

module.exports = { OWNER, ownerSession, sandboxCredentials, importWithCredentials };
