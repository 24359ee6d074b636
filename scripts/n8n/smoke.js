#!/usr/bin/env node
'use strict';
// Exercises every helper of instance.js against a throwaway n8n (fresh user folder in /tmp,
// free ports) and prints what each step answered. Run it after changing the harness:
//   node scripts/n8n/smoke.js [--n8n-version 2.41.0|1.123.81] [--package-dir <dir>]
// The package folder must be built (dist/). Exit code 0 means every step passed.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { provisionN8n, DEFAULT_N8N_VERSION, REPO_ROOT } = require('./provision');
const { startN8n } = require('./instance');
const { packPackage } = require('./community-package');

const OWNER = {
	email: 'smoke@smepay.local',
	password: 'Smoke-Test-1',
	firstName: 'Smoke',
	lastName: 'Test',
};

async function main() {
	const args = process.argv.slice(2);
	const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
	const version = opt('--n8n-version', DEFAULT_N8N_VERSION);
	const packageDir = path.resolve(opt('--package-dir', REPO_ROOT));
	const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	const t0 = Date.now();
	const step = (name) => console.log(`[smoke ${((Date.now() - t0) / 1000).toFixed(1)} s] ${name}`);

	const provisioned = await provisionN8n({ version, log: console.log });
	step(`provisioned n8n ${version}`);
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smepay-n8n-smoke-'));
	const tarball = packPackage({ packageDir, outDir: work });
	let sandbox = null;
	try {
		sandbox = await require('../../sandbox').startSandbox({});
	} catch (error) {
		console.log(`[smoke] no sandbox (${error.message.split('\n')[0]}); credential test skipped`);
	}
	let n8n;
	try {
		n8n = await startN8n({
			provisioned,
			userFolder: path.join(work, 'user'),
			communityPackages: [tarball],
		});
	} catch (error) {
		if (sandbox) await sandbox.close();
		fs.rmSync(work, { recursive: true, force: true });
		throw error;
	}
	step(`n8n up on ${n8n.baseUrl}`);
	try {
		assert.equal((await (await fetch(`${n8n.baseUrl}/healthz`)).json()).status, 'ok');
		assert.equal(await n8n.setupOwner(OWNER), true);
		assert.equal(await n8n.setupOwner(OWNER), false, 'second setupOwner is a no-op');
		const api = await n8n.login(OWNER);
		step(`owner set up, logged in as ${api.user.email}`);

		const types = (await api.listNodeTypes())
			.map((t) => t.name)
			.filter((n) => n.startsWith(`${pkg.name}.`));
		step(`node types from ${pkg.name}: ${[...new Set(types)].join(', ')}`);
		assert.ok(types.length > 0, `no node types of ${pkg.name} loaded`);
		const credTypes = (await api.listCredentialTypes()).map((t) => t.name);
		const ownCredTypes = (pkg.n8n.credentials || [])
			.map((f) => path.basename(f, '.credentials.js'))
			.map((b) => b[0].toLowerCase() + b.slice(1));
		assert.deepEqual(
			ownCredTypes.filter((t) => !credTypes.includes(t)),
			[],
			'credential types missing',
		);
		step(`credential types: ${ownCredTypes.join(', ')}`);

		if (sandbox && ownCredTypes.includes('smePayApi')) {
			const data = {
				environment: 'custom',
				baseUrl: sandbox.testUrl,
				integration: 'inline',
				...sandbox.clients.collection.test,
			};
			const credential = await api.createCredential({
				name: 'smoke collection',
				type: 'smePayApi',
				data,
			});
			const good = await api.testCredential({
				id: credential.id,
				name: credential.name,
				type: 'smePayApi',
				data,
			});
			const bad = await api.testCredential({
				id: credential.id,
				name: credential.name,
				type: 'smePayApi',
				data: { ...data, clientSecret: 'wrong' },
			});
			step(
				`credential ${credential.id}; test good → ${JSON.stringify(good)}; wrong secret → ${JSON.stringify(bad)}`,
			);
		}

		const workflow = await api.importWorkflow({
			name: 'smoke: manual run',
			nodes: [
				{
					id: 'a1',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: 'a2',
					name: 'Set',
					type: 'n8n-nodes-base.set',
					typeVersion: 3.4,
					position: [200, 0],
					parameters: {
						assignments: {
							assignments: [{ id: 'x', name: 'hello', value: 'world', type: 'string' }],
						},
						options: {},
					},
				},
			],
			connections: { Start: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
		});
		const execution = await api.runWorkflow(workflow.id);
		const out = execution.data.resultData.runData.Set[0].data.main[0][0].json;
		step(`manual run: execution ${execution.id} ${execution.status}, Set → ${JSON.stringify(out)}`);
		assert.equal(out.hello, 'world');

		const webhook = await api.importWorkflow({
			name: 'smoke: webhook',
			nodes: [
				{
					id: 'w1',
					name: 'Hook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: 'smoke-hook',
					parameters: { path: 'smoke-hook', httpMethod: 'POST' },
				},
			],
			connections: {},
		});
		await api.activateWorkflow(webhook.id);
		const hookRes = await fetch(`${n8n.baseUrl}/webhook/smoke-hook`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"a":1}',
		});
		step(`activated workflow ${webhook.id}; POST /webhook/smoke-hook → ${hookRes.status}`);
		assert.equal(hookRes.status, 200);
	} finally {
		const pid = n8n.pid;
		await n8n.stop();
		if (sandbox) await sandbox.close();
		assert.throws(() => process.kill(-pid, 0), 'n8n process group still alive after stop()');
		step('stopped; no process left in its group');
		fs.rmSync(work, { recursive: true, force: true });
	}
}

if (require.main === module)
	main().catch((error) => {
		console.error(`[smoke] FAILED: ${error.stack || error.message}`);
		process.exitCode = 1;
	});
