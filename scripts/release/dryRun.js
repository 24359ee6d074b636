#!/usr/bin/env node
'use strict';
// `npm run release:dry-run`: the release exactly as .github/workflows/publish.yml runs it
// (`n8n-node release` inside GitHub Actions: lint, build, `npm publish` with provenance), but with
// npm's --dry-run, so nothing is published. `n8n-node release` has no dry-run flag of its own and,
// outside GitHub Actions, runs release-it (bump, tag, push) instead, so this sets GITHUB_ACTIONS
// for the child only. npm skips the OIDC exchange (no id-token here) and signs no provenance in a
// dry run; it still packs, checks the login and asks the registry whether this version exists.

const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const bin = path.join(ROOT, 'node_modules', '.bin', 'n8n-node');

const result = spawnSync(bin, ['release'], {
	cwd: ROOT,
	stdio: 'inherit',
	env: {
		...process.env,
		GITHUB_ACTIONS: 'true',
		npm_config_dry_run: 'true',
		NPM_CONFIG_PROVENANCE: 'true',
	},
});
if (result.error) throw result.error;
if (result.status !== 0) {
	console.error(`[release:dry-run] n8n-node release failed (exit ${result.status})`);
	process.exit(result.status ?? 1);
}
console.log('[release:dry-run] done: nothing was published');
