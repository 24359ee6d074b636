'use strict';
// `--name value` / `--flag` parsing against a table of defaults; numbers and lists by the default's type.

function parseArgs(argv, defaults) {
	const opts = { ...defaults };
	for (let i = 0; i < argv.length; i++) {
		const key = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
		if (!(key in defaults)) throw new Error(`unknown option ${argv[i]}`);
		const fallback = defaults[key];
		if (typeof fallback === 'boolean') opts[key] = true;
		else {
			const raw = argv[++i];
			if (raw === undefined) throw new Error(`${argv[i - 1]} needs a value`);
			if (Array.isArray(fallback))
				opts[key] = raw.split(',').map((v) => (typeof fallback[0] === 'number' ? Number(v) : v));
			else opts[key] = typeof fallback === 'number' ? Number(raw) : raw;
		}
	}
	return opts;
}

module.exports = { parseArgs };
