'use strict';
// What a long-running script started (n8n, the sandbox, databases), stopped in reverse order
// exactly once: on Ctrl-C / SIGTERM, after an error, or when the script is done.

/**
 * @param {string} label  prefix of the log line, e.g. 'start'
 * @param {string} what   what gets stopped, for the log line: 'n8n and the sandbox'
 */
function stopOnExit(label, what) {
	const cleanups = [];
	let stopping = false;
	const stopAll = async () => {
		while (cleanups.length) {
			await cleanups
				.pop()()
				.catch((error) => console.error(error.message));
		}
	};
	const onSignal = (signal) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n[${label}] ${signal}: stopping ${what} ...`);
		stopAll().then(() => process.exit(0));
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	return {
		/** Registers an async stop function; the last registered is stopped first. */
		add: (stop) => cleanups.push(stop),
		stopAll,
		isStopping: () => stopping,
	};
}

module.exports = { stopOnExit };
