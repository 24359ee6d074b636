// @ts-check
'use strict';
// Every timer the sandbox starts goes through here, so close() and reset can cancel them all and
// jest sees no open handles.

function createScheduler() {
	/** @type {Set<NodeJS.Timeout>} */
	const timers = new Set();
	return {
		/** Run fn after ms (already scaled by the caller). @param {number} ms @param {() => void} fn */
		after(ms, fn) {
			const t = setTimeout(() => {
				timers.delete(t);
				fn();
			}, Math.max(0, ms));
			timers.add(t);
			return t;
		},
		/** @param {number} ms */
		sleep(ms) {
			if (!(ms > 0)) return Promise.resolve(undefined);
			return new Promise((resolve) => this.after(ms, () => resolve(undefined)));
		},
		cancelAll() {
			for (const t of timers) clearTimeout(t);
			timers.clear();
		},
		get pending() {
			return timers.size;
		},
	};
}

module.exports = { createScheduler };
