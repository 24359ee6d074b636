'use strict';
// A second n8n of the tested version for a test file that cannot share the suite's one: its own
// user folder, the same packed package, the suite's sandbox. triggerRestart.test.js restarts it;
// triggerFlood.test.js floods it.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { provisionN8n } = require('../../scripts/n8n/provision');
const { startN8n } = require('../../scripts/n8n/instance');
const { OWNER } = require('./stack');

/**
 * Starts it (with `env` added to n8n's environment) and installs the package; `restart()` starts
 * it again on the same user folder and port; `stop()` also removes the folder.
 */
async function startOwnN8n(state, { name, env = {} }) {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), `smepay-${name}-`));
	const userFolder = path.join(work, 'user');
	const provisioned = await provisionN8n({ version: state.version, log: () => {} });
	const start = (communityPackages, port) =>
		startN8n({
			provisioned,
			userFolder,
			port,
			communityPackages,
			env: { NODE_ENV: 'production', ...env },
			log: () => {},
		});
	const tarball = path.join(path.dirname(process.env.SMEPAY_E2E_STATE), state.tarball);
	const own = { n8n: await start([tarball]) };
	await own.n8n.setupOwner(OWNER);
	own.api = await own.n8n.login(OWNER);
	own.restart = async () => {
		const { port } = own.n8n;
		await own.n8n.stop();
		own.n8n = await start([], port);
		own.api = await own.n8n.login(OWNER);
	};
	own.stop = async () => {
		await own.n8n.stop();
		fs.rmSync(work, { recursive: true, force: true });
	};
	return own;
}

module.exports = { startOwnN8n };
