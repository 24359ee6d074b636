'use strict';
// Where n8n 2.41.x and 1.123.x differ, for the rest of scripts/n8n: the settings each reads, and
// how a workflow is activated and deactivated through the REST API.

const major = (version) => Number(String(version).split('.')[0]);
const nodeMajor = (provisioned) =>
	major(String(provisioned.nodeVersion || process.version).replace(/^v/, ''));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The settings of an n8n on `baseUrl` that depend on its version (and the Node that runs it). */
function versionEnv(provisioned, baseUrl) {
	const v2 = major(provisioned.version) >= 2;
	return {
		// 2.x reads N8N_WEBHOOK_URL (and warns about WEBHOOK_URL); 1.x reads WEBHOOK_URL.
		...(v2 ? { N8N_WEBHOOK_URL: `${baseUrl}/` } : { WEBHOOK_URL: `${baseUrl}/` }),
		// Task runners (Code node): 1.x warns unless enabled; 2.x always runs them and warns if set.
		...(v2 ? {} : { N8N_RUNNERS_ENABLED: 'true' }),
		// 2.x fetches MCP servers from api.n8n.io every start and logs stack traces when offline.
		// (Module names are checked: an unknown one stops n8n, so 2.x only.)
		...(v2 ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
		// 1.123.x evaluates expressions in isolated-vm by default, which has no build for Node 20
		// (its prebuilds start at Node 22) and exits at startup; n8n's in-process engine works.
		...(nodeMajor(provisioned) < 22 ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {}),
	};
}

/** POST /rest/login's body: 2.x and late 1.x read `emailOrLdapLoginId`, older 1.x `email`. */
function loginBody({ email, password }) {
	// Unknown keys are ignored, so both are sent.
	return { emailOrLdapLoginId: email, email, password };
}

// 2.x: POST /rest/workflows/:id/activate { versionId } publishes that version; the
// triggers/webhooks are then registered asynchronously (publication outbox), so wait for
// GET /rest/workflows/:id/publication-status to settle. Before that, webhooks answer 404.
// 1.x: PATCH /rest/workflows/:id { active: true, versionId } activates synchronously.
async function activateWorkflow(client, version, id, { timeoutMs = 30_000 } = {}) {
	const { versionId } = await client.getWorkflow(id);
	if (major(version) < 2) {
		return (await client.patch(`/rest/workflows/${id}`, { active: true, versionId })).data;
	}
	const { data } = await client.post(`/rest/workflows/${id}/activate`, { versionId });
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const { data: publication } = await client.get(`/rest/workflows/${id}/publication-status`);
		if (publication.status === 'published' && publication.liveVersionId === versionId) return data;
		if (publication.status === 'failed' || publication.status === 'partial') {
			const reasons = publication.triggers
				.filter((t) => t.status === 'failed')
				.map((t) => t.errorMessage);
			throw new Error(`Activating workflow ${id} failed: ${reasons.join('; ')}`);
		}
		if (Date.now() > deadline)
			throw new Error(`Workflow ${id} still ${publication.status} after ${timeoutMs} ms`);
		await sleep(200);
	}
}

// 2.x: POST /rest/workflows/:id/deactivate; 1.x: PATCH { active: false, versionId }.
async function deactivateWorkflow(client, version, id) {
	if (major(version) >= 2) return (await client.post(`/rest/workflows/${id}/deactivate`, {})).data;
	const { versionId } = await client.getWorkflow(id);
	return (await client.patch(`/rest/workflows/${id}`, { active: false, versionId })).data;
}

module.exports = { versionEnv, loginBody, activateWorkflow, deactivateWorkflow };
