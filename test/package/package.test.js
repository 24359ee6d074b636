'use strict';
// What users install: the tarball holds the build only, and nothing that n8n Cloud's
// verification refuses (runtime dependencies).
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const pkg = require('../../package.json');

const ROOT = path.join(__dirname, '..', '..');
const packed = JSON.parse(
	execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: ROOT,
		encoding: 'utf8',
	}),
)[0];
const files = packed.files.map((f) => f.path);

describe('npm package', () => {
	test('holds dist/ and the manifest only', () => {
		const outside = files.filter(
			(f) => !f.startsWith('dist/') && !/^(package\.json|README\.md|LICENSE(\.md)?)$/.test(f),
		);
		expect(outside).toEqual([]);
	});

	test('holds only what n8n loads: code, codex and icons (no type declarations or source maps)', () => {
		const unloaded = files.filter(
			(f) =>
				f.startsWith('dist/') &&
				!/\.(js|svg)$/.test(f) &&
				!/^dist\/nodes\/\w+\/\w+\.node\.json$/.test(f),
		);
		expect(unloaded).toEqual([]);
		expect(packed.version).toBe(pkg.version);
	});

	test('ships every node and credential n8n is told to load, with icons and codex', () => {
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(files).toContain(file);
		expect(files).toEqual(
			expect.arrayContaining([
				'dist/nodes/SmePay/SmePay.node.json',
				'dist/nodes/SmePayTrigger/SmePayTrigger.node.json',
				'dist/icons/smepay.svg',
				'dist/icons/smepay.dark.svg',
			]),
		);
	});

	test('has no runtime dependencies and n8n-workflow as a peer', () => {
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.license).toBe('MIT');
		expect(pkg.n8n).toMatchObject({ n8nNodesApiVersion: 1, strict: true });
	});

	test('the sandbox, tests and scripts stay out of the package', () => {
		expect(files.filter((f) => /^(sandbox|test|scripts|examples)\//.test(f))).toEqual([]);
	});
});
