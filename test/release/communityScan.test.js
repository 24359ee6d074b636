'use strict';
// n8n's community-package scan (@n8n/scan-community-package, the gate for verification and
// n8n Cloud), run as n8n runs it: over the source (package.json, nodes/**, credentials/**) and over
// the packed tarball's JS (scripts/release/scan.mjs). Plus `n8n-node cloud-support`.
// Needs dist/ (npm run build): the tarball is packed from it.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { promisify } = require('node:util');

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');
const SCAN = path.join(ROOT, 'scripts', 'release', 'scan.mjs');

async function scan(dir) {
	// The scanner exits 1 on findings: that is an answer, not a crash.
	const { stdout } = await run(process.execPath, [SCAN, dir, '--json'], { cwd: ROOT }).catch(
		(error) => (error.code === 1 && error.stdout ? error : Promise.reject(error)),
	);
	return JSON.parse(stdout.trim().split('\n').pop());
}

// A community package that breaks the rules in both places n8n looks: a runtime dependency and
// `process.env` in the node's source, `setTimeout` and `console.log` in the published JS.
function writeBadPackage(dir) {
	const files = {
		'package.json': JSON.stringify(
			{
				name: 'n8n-nodes-scan-fixture',
				version: '0.0.1',
				license: 'MIT',
				keywords: ['n8n-community-node-package'],
				files: ['dist'],
				n8n: { n8nNodesApiVersion: 1, strict: true, nodes: ['dist/nodes/Bad/Bad.node.js'] },
				dependencies: { axios: '1.7.0' },
				peerDependencies: { 'n8n-workflow': '*' },
			},
			null,
			2,
		),
		'nodes/Bad/Bad.node.ts': [
			"import type { INodeType } from 'n8n-workflow';",
			'export class Bad implements Partial<INodeType> {',
			'\tkey = process.env.BAD_KEY;',
			'}',
			'',
		].join('\n'),
		'dist/nodes/Bad/Bad.node.js': [
			"'use strict';",
			'class Bad {',
			'\tasync execute() {',
			'\t\tconsole.log(this);',
			'\t\tawait new Promise((resolve) => setTimeout(resolve, 10));',
			'\t\treturn [[]];',
			'\t}',
			'}',
			'exports.Bad = Bad;',
			'',
		].join('\n'),
	};
	for (const [name, text] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
		fs.writeFileSync(path.join(dir, name), text);
	}
}

describe("n8n's community-package scan", () => {
	test('this package passes, source and published tarball', async () => {
		const result = await scan(ROOT);
		// On failure the scanner's own report (file, line, rule) is the message.
		expect([result.source.details, result.tarball.details].filter(Boolean).join('\n')).toBe('');
		expect(result).toMatchObject({
			passed: true,
			source: { passed: true },
			tarball: { passed: true },
		});
	});

	test('the scan fails a package that breaks the rules, in its source and in its tarball', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smepay-scan-fixture-'));
		try {
			writeBadPackage(dir);
			const result = await scan(dir);
			expect(result.passed).toBe(false);
			expect(result.source).toMatchObject({ passed: false, message: 'ESLint violations found' });
			expect(result.tarball).toMatchObject({ passed: false, message: 'ESLint violations found' });
			expect(result.source.details).toMatch(/Bad\.node\.ts/);
			expect(result.source.details).toMatch(/no-restricted-globals|process/);
			expect(result.source.details).toMatch(/no-runtime-dependencies/);
			expect(result.tarball.details).toMatch(/dist\/nodes\/Bad\/Bad\.node\.js/);
			expect(result.tarball.details).toMatch(/no-console/);
			expect(result.tarball.details).toMatch(/setTimeout/);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('n8n-node cloud-support', () => {
	test('reports the package eligible for n8n Cloud verification', async () => {
		const { stdout } = await run(
			path.join(ROOT, 'node_modules', '.bin', 'n8n-node'),
			['cloud-support'],
			{
				cwd: ROOT,
				env: { ...process.env, NO_COLOR: '1' },
			},
		);
		expect(stdout).toMatch(/Cloud support is ENABLED/);
		expect(stdout).toMatch(/Strict mode: enabled/);
		expect(stdout).toMatch(/ESLint config: using default config/);
		expect(stdout).toMatch(/Status: eligible for n8n Cloud verification/);
	});
});
