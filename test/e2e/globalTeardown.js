'use strict';
// Stops what globalSetup started (n8n's process group, the sandbox, the temp folder).
module.exports = async function globalTeardown() {
	const stop = globalThis.__SMEPAY_E2E_STOP__;
	if (stop) {
		delete globalThis.__SMEPAY_E2E_STOP__;
		await stop();
	}
};
