'use strict';
// Brings up the stack once for all e2e files (see stack.js) and hands its state file to the
// test files through SMEPAY_E2E_STATE (jest starts its workers after this, so they inherit it).
// With SMEPAY_E2E_STATE already set (a stack started by `node test/e2e/stack.js`), uses that one.
const { startStack } = require('./stack');

module.exports = async function globalSetup() {
	if (process.env.SMEPAY_E2E_STATE) return;
	const { stateFile, stop } = await startStack({
		log: (line) => process.stderr.write(`${line}\n`),
	});
	globalThis.__SMEPAY_E2E_STOP__ = stop;
	process.env.SMEPAY_E2E_STATE = stateFile;
};
