'use strict';
// The package's layers, read from the TypeScript sources' imports (docs/ARCHITECTURE.md, "Layers").
// A file may import from its own layer or a lower one, never from a higher one, and no files may
// import each other in a circle (type-only imports count: they tie the files together as much).

const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const ROOT = path.join(__dirname, '..', '..');

const NODE_CLASS = /^nodes\/[^/]+\/[^/]+\.node\.ts$/;
/** The classes n8n loads (package.json `n8n`): nothing imports them. */
const ENTRY_POINT = /(\.node|\.credentials)\.ts$/;

/** Lowest first. A file belongs to the first layer whose pattern matches its path. */
const LAYERS = [
	{ name: 'shared (credentials/common)', pattern: /^credentials\/common\// },
	{ name: 'credentials', pattern: /^credentials\// },
	{ name: 'checks and transport', pattern: /^nodes\/SmePay\/(validation|transport)\// },
	{ name: 'SMEPay API', pattern: /^nodes\/SmePay\/api\// },
	{ name: 'node helpers', pattern: /^nodes\/SmePay\/helpers\// },
	{ name: 'operations and trigger parts', pattern: /^nodes\/(SmePay\/actions|SmePayTrigger)\// },
	{ name: 'node classes', pattern: NODE_CLASS },
];

/** The layer's index (0 lowest), or -1 for a file outside them all. */
function layerOf(file) {
	// The node classes sit in the folders of their parts: they are told apart first.
	if (NODE_CLASS.test(file)) return LAYERS.length - 1;
	return LAYERS.findIndex(({ pattern }) => pattern.test(file));
}

const IMPORT =
	/^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** The relative imports of one TypeScript source, as repository paths (with `.ts`). */
function importsOf(file, source, exists) {
	const found = [];
	for (const match of source.matchAll(IMPORT)) {
		const spec = match[1] ?? match[2] ?? match[3];
		if (!spec.startsWith('.')) continue;
		const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
		const target = [`${base}.ts`, `${base}/index.ts`, base].find(exists);
		found.push(target ?? base);
	}
	return [...new Set(found)];
}

/** The import graph of the sources under nodes/ and credentials/: file -> files it imports. */
function readGraph() {
	const files = execFileSync(
		'git',
		['ls-files', '--cached', '--others', '--exclude-standard', 'nodes', 'credentials'],
		{
			cwd: ROOT,
			encoding: 'utf8',
		},
	)
		.split('\n')
		.filter((file) => file.endsWith('.ts') && fs.existsSync(path.join(ROOT, file)));
	const known = new Set(files);
	const exists = (candidate) => known.has(candidate) || fs.existsSync(path.join(ROOT, candidate));
	return new Map(
		files.map((file) => [
			file,
			importsOf(file, fs.readFileSync(path.join(ROOT, file), 'utf8'), exists),
		]),
	);
}

/** Every import that breaks the layer rule, said as "from -> to (why)". */
function layerViolations(graph) {
	const violations = [];
	for (const [from, targets] of graph) {
		for (const to of targets) {
			if (/^credentials\//.test(from) && /^nodes\//.test(to)) {
				violations.push(`${from} -> ${to} (credentials import nothing from nodes/)`);
				continue;
			}
			if (ENTRY_POINT.test(to)) {
				violations.push(
					`${from} -> ${to} (n8n loads node and credential classes; import their parts)`,
				);
				continue;
			}
			const fromLayer = layerOf(from);
			const toLayer = layerOf(to);
			if (toLayer === -1 && fromLayer !== -1) {
				violations.push(`${from} -> ${to} (outside nodes/ and credentials/: not shipped)`);
			} else if (toLayer > fromLayer) {
				violations.push(
					`${from} -> ${to} (upward: ${LAYERS[fromLayer].name} imports ${LAYERS[toLayer].name})`,
				);
			}
		}
	}
	return violations;
}

/** Every import circle, each once, as the list of files round it (the first file repeated last). */
function findCircles(graph) {
	const circles = [];
	const seen = new Set();
	const state = new Map(); // file -> 'open' while on the path, 'done' after
	const stack = [];
	const visit = (file) => {
		state.set(file, 'open');
		stack.push(file);
		for (const next of graph.get(file) ?? []) {
			if (!graph.has(next)) continue;
			if (state.get(next) === 'open') {
				const circle = stack.slice(stack.indexOf(next));
				const key = [...circle].sort().join('|');
				if (!seen.has(key)) {
					seen.add(key);
					circles.push([...circle, next]);
				}
			} else if (!state.has(next)) visit(next);
		}
		stack.pop();
		state.set(file, 'done');
	};
	for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
	return circles;
}

describe('layers: what imports what among nodes/ and credentials/', () => {
	const graph = readGraph();

	test('the graph is read from the real sources (the credential classes and the client are in it)', () => {
		expect(graph.size).toBeGreaterThan(40);
		expect(graph.get('nodes/SmePay/transport/SmePayClient.ts')).toEqual(
			expect.arrayContaining([
				'credentials/common/environment.ts',
				'nodes/SmePay/transport/sharedToken.ts',
			]),
		);
		expect(graph.get('nodes/SmePay/transport/sharedToken.ts')).toContain(
			'credentials/SmePayTokenExchange.ts',
		);
		expect(graph.get('credentials/SmePayTokenExchange.ts')).toContain(
			'credentials/common/httpFailure.ts',
		);
	});

	test('every source file belongs to a layer', () => {
		expect([...graph.keys()].filter((file) => layerOf(file) === -1)).toEqual([]);
	});

	test('nothing imports upward: credentials/common imports only itself, credentials nothing of nodes/, nobody a node or credential class', () => {
		expect(layerViolations(graph)).toEqual([]);
	});

	test('no import circle among nodes/ and credentials/ files', () => {
		expect(findCircles(graph)).toEqual([]);
	});
});

describe('layers: the checks catch what they are for', () => {
	test('a credential importing from nodes/, and anything importing a credential class, are reported', () => {
		const graph = new Map([
			['credentials/SmePayTokenExchange.ts', ['nodes/SmePay/transport/httpFailure.ts']],
			['credentials/common/environment.ts', ['credentials/SmePayApi.credentials.ts']],
			['nodes/SmePay/api/orders.ts', ['credentials/common/environment.ts']],
			['nodes/SmePay/api/orderLookup.ts', ['credentials/SmePayApi.credentials.ts']],
			['nodes/SmePay/transport/httpFailure.ts', []],
			['credentials/SmePayApi.credentials.ts', []],
		]);
		expect(layerViolations(graph)).toEqual([
			'credentials/SmePayTokenExchange.ts -> nodes/SmePay/transport/httpFailure.ts (credentials import nothing from nodes/)',
			'credentials/common/environment.ts -> credentials/SmePayApi.credentials.ts (n8n loads node and credential classes; import their parts)',
			'nodes/SmePay/api/orderLookup.ts -> credentials/SmePayApi.credentials.ts (n8n loads node and credential classes; import their parts)',
		]);
	});

	test('the transport importing an operation, or shared code a credential helper, is upward', () => {
		const graph = new Map([
			['nodes/SmePay/transport/SmePayClient.ts', ['nodes/SmePay/actions/types.ts']],
			['nodes/SmePay/actions/router.ts', ['nodes/SmePay/SmePay.node.ts']],
			['nodes/SmePay/SmePay.node.ts', ['nodes/SmePay/actions/router.ts']],
			['credentials/common/environment.ts', ['credentials/SmePayTokenExchange.ts']],
		]);
		expect(layerViolations(graph)).toEqual([
			'nodes/SmePay/transport/SmePayClient.ts -> nodes/SmePay/actions/types.ts (upward: checks and transport imports operations and trigger parts)',
			'nodes/SmePay/actions/router.ts -> nodes/SmePay/SmePay.node.ts (n8n loads node and credential classes; import their parts)',
			'credentials/common/environment.ts -> credentials/SmePayTokenExchange.ts (upward: shared (credentials/common) imports credentials)',
		]);
	});

	test('a circle of two and a circle of three are each reported once; a diamond is no circle', () => {
		const graph = new Map([
			['nodes/SmePay/transport/SmePayClient.ts', ['nodes/SmePay/transport/errors.ts']],
			['nodes/SmePay/transport/errors.ts', ['nodes/SmePay/transport/SmePayClient.ts']],
			['a.ts', ['b.ts']],
			['b.ts', ['c.ts']],
			['c.ts', ['a.ts']],
			['top.ts', ['left.ts', 'right.ts']],
			['left.ts', ['bottom.ts']],
			['right.ts', ['bottom.ts']],
			['bottom.ts', []],
		]);
		expect(findCircles(graph)).toEqual([
			['a.ts', 'b.ts', 'c.ts', 'a.ts'],
			[
				'nodes/SmePay/transport/SmePayClient.ts',
				'nodes/SmePay/transport/errors.ts',
				'nodes/SmePay/transport/SmePayClient.ts',
			],
		]);
	});

	test('imports are read in every form: type-only, re-export, multi-line, side effect', () => {
		const source = [
			"import type { A } from './a';",
			"export { B } from '../b';",
			'import {',
			'\tC,',
			'\ttype D,',
			"} from './c/d';",
			"import './e';",
			"import { z } from 'zod';",
		].join('\n');
		expect(importsOf('nodes/x/file.ts', source, () => false)).toEqual([
			'nodes/x/a',
			'nodes/b',
			'nodes/x/c/d',
			'nodes/x/e',
		]);
	});
});
