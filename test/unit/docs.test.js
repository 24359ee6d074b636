'use strict';
// The repository stands alone: no file cites notes that live outside it, and every relative link
// in the Markdown docs (README.md, CONTRIBUTING.md, docs/**/*.md) leads to a file that exists here,
// and to a heading of it when the link names one. The README stays a user's README: short, its
// link row at the top reaches every section, and the depth lives in docs/ pages that a reader can
// reach by links from the README, CONTRIBUTING.md or docs/ARCHITECTURE.md (no orphan pages).

const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const ROOT = path.join(__dirname, '..', '..');

/** Notes the repository does not contain; spelled in parts so this file does not cite them. */
const OUTSIDE_NOTES = ['SPEC', 'DESIGN', 'AUDIT'].map((name) => `${name}.md`);

function repositoryFiles() {
	return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
		cwd: ROOT,
		encoding: 'utf8',
	})
		.split('\n')
		.filter((file) => file && !file.split('/').includes('node_modules'))
		.filter((file) => fs.existsSync(path.join(ROOT, file)));
}

function readText(file) {
	const bytes = fs.readFileSync(path.join(ROOT, file));
	return bytes.includes(0) ? undefined : bytes.toString('utf8');
}

/** "file:line: NAME" for every line of `text` that names one of the outside notes. */
function citationsIn(file, text) {
	const found = [];
	text.split('\n').forEach((line, index) => {
		for (const note of OUTSIDE_NOTES) {
			if (line.includes(note)) found.push(`${file}:${index + 1}: ${note}`);
		}
	});
	return found;
}

/** GitHub's anchor for a heading: lower case, no punctuation, spaces as hyphens. */
function anchorOf(heading) {
	return heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');
}

function anchorsIn(markdown) {
	const anchors = new Set();
	for (const line of withoutFences(markdown).split('\n')) {
		const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (!heading) continue;
		let anchor = anchorOf(heading[1]);
		for (let n = 1; anchors.has(anchor); n++) anchor = `${anchorOf(heading[1])}-${n}`;
		anchors.add(anchor);
	}
	return anchors;
}

const withoutFences = (markdown) => markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');

/** The Markdown without fenced code blocks and inline code, where a link is no link. */
const withoutCode = (markdown) => withoutFences(markdown).replace(/`[^`\n]*`/g, '');

/** The targets of `[text](target)`, `![alt](target)` and `[label]: target` links. */
function linkTargets(markdown) {
	const text = withoutCode(markdown);
	const inline = [...text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)];
	const reference = [...text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)];
	return [...inline, ...reference].map((match) => match[1]);
}

/** The repository path a relative link of `file` leads to, and its anchor; none for a URL. */
function resolveLink(file, target) {
	if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto:, …
	const [rawPath, anchor] = target.split('#');
	const linked = rawPath
		? path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURI(rawPath)))
		: file;
	return { linked, anchor };
}

/**
 * Every relative link of `file` that leads nowhere: "file: target (why)". `exists(repoPath)` and
 * `read(repoPath)` answer for the repository's files.
 */
function brokenLinks(file, markdown, { exists, read }) {
	const broken = [];
	for (const target of linkTargets(markdown)) {
		const resolved = resolveLink(file, target);
		if (!resolved) continue;
		const { linked, anchor } = resolved;
		if (linked.startsWith('..')) {
			broken.push(`${file}: ${target} (outside the repository)`);
		} else if (!exists(linked)) {
			broken.push(`${file}: ${target} (no such file)`);
		} else if (anchor && linked.endsWith('.md') && !anchorsIn(read(linked)).has(anchor)) {
			broken.push(`${file}: ${target} (no such heading)`);
		}
	}
	return broken;
}

const isDoc = (file) => /^(README|CONTRIBUTING)\.md$/.test(file) || /^docs\/.+\.md$/.test(file);

/** Where a reader starts: every page under docs/ must be reachable from these by links. */
const ENTRY_DOCS = ['README.md', 'CONTRIBUTING.md', 'docs/ARCHITECTURE.md'];

/** The README stays what a user reads in ten minutes; the depth goes to docs/. */
const README_MAX_LINES = 520;

/** The Markdown files reachable from `entries` by following relative links. */
function reachableDocs(entries, { exists, read }) {
	const reached = new Set();
	const queue = [...entries];
	while (queue.length > 0) {
		const file = queue.shift();
		if (reached.has(file) || !exists(file)) continue;
		reached.add(file);
		for (const target of linkTargets(read(file))) {
			const linked = resolveLink(file, target)?.linked;
			if (linked?.endsWith('.md') && !linked.startsWith('..')) queue.push(linked);
		}
	}
	return reached;
}

/** The README's link row: the paragraph of `[…](#…) · […](#…)` links before its first section. */
function topLinkRow(markdown) {
	const beforeFirstSection = withoutFences(markdown).split(/^## /m)[0];
	return beforeFirstSection
		.split(/\n\s*\n/)
		.find((paragraph) => paragraph.trim().startsWith('[') && paragraph.includes(' · '));
}

/** The anchors of the `## ` sections of a Markdown file. */
function sectionAnchors(markdown) {
	return withoutFences(markdown)
		.split('\n')
		.filter((line) => /^##\s/.test(line))
		.map((line) => anchorOf(line.replace(/^##\s+/, '')));
}

/**
 * What is wrong with the README's link row: a link that is not to one of its own headings, a
 * heading it does not have, or a section it does not reach.
 */
function linkRowProblems(readme) {
	const row = topLinkRow(readme);
	if (row === undefined) return ['no link row before the first section'];
	const anchors = anchorsIn(readme);
	const targets = linkTargets(row);
	const problems = targets
		.filter((target) => !target.startsWith('#') || !anchors.has(target.slice(1)))
		.map((target) => `${target} (not a heading of the README)`);
	const linked = new Set(targets.map((target) => target.slice(1)));
	for (const section of sectionAnchors(readme)) {
		if (!linked.has(section)) problems.push(`#${section} (a section the link row does not reach)`);
	}
	return problems;
}

describe('the repository stands alone', () => {
	const files = repositoryFiles();
	// A file the repository holds, or a folder holding one.
	const inRepo = (linked) => {
		const target = linked.replace(/\/$/, '');
		return files.some((file) => file === target || file.startsWith(`${target}/`));
	};
	const repo = { exists: inRepo, read: (file) => readText(file) ?? '' };

	test('the docs are there: README.md, CONTRIBUTING.md, docs/ARCHITECTURE.md', () => {
		for (const doc of ['README.md', 'CONTRIBUTING.md', 'docs/ARCHITECTURE.md']) {
			expect(files).toContain(doc);
		}
	});

	test('no file cites notes the repository does not contain', () => {
		const citations = files.flatMap((file) => {
			const text = readText(file);
			return text === undefined ? [] : citationsIn(file, text);
		});
		expect(citations).toEqual([]);
	});

	test('every relative link in README.md, CONTRIBUTING.md and docs/**/*.md leads somewhere', () => {
		const docs = files.filter(isDoc);
		expect(docs.length).toBeGreaterThanOrEqual(3);
		expect(docs).toContain('docs/mutation/README.md');
		expect(docs.flatMap((doc) => brokenLinks(doc, readText(doc), repo))).toEqual([]);
	});

	test('every page under docs/ is reached by links from README, CONTRIBUTING or ARCHITECTURE', () => {
		const reached = reachableDocs(ENTRY_DOCS, repo);
		const pages = files.filter((file) => /^docs\/.+\.md$/.test(file));
		expect(pages.filter((page) => !reached.has(page))).toEqual([]);
	});
});

describe("the README is a user's README", () => {
	const readme = readText('README.md');

	test(`it has at most ${README_MAX_LINES} lines (the depth goes to docs/)`, () => {
		expect(readme.trimEnd().split('\n').length).toBeLessThanOrEqual(README_MAX_LINES);
	});

	test('its first lines are the two commands, npm start and npm test, both scripts of package.json', () => {
		const scripts = JSON.parse(readText('package.json')).scripts;
		const opening = readme.split('\n').slice(0, 6).join('\n');
		expect(opening).toMatch(/^npm start\s+#/m);
		expect(opening).toMatch(/^npm test\s+#/m);
		expect(scripts).toHaveProperty('start');
		expect(scripts).toHaveProperty('test');
	});

	test('the link row at the top reaches every section, each link a heading that exists', () => {
		expect(linkRowProblems(readme)).toEqual([]);
	});
});

describe('the checks catch what they are for', () => {
	const repo = {
		exists: (file) => ['README.md', 'docs/ARCHITECTURE.md', 'docs/node-actions.png'].includes(file),
		read: (file) => (file === 'docs/ARCHITECTURE.md' ? '# Architecture\n\n## Layers\n' : ''),
	};

	test('a citation of an outside note is reported with its line', () => {
		const text = `// fine\n// see ${OUTSIDE_NOTES[1]} "A real n8n"\n`;
		expect(citationsIn('scripts/x.js', text)).toEqual([`scripts/x.js:2: ${OUTSIDE_NOTES[1]}`]);
	});

	test('a link to a missing file, outside the repository or to a missing heading is reported', () => {
		const markdown = [
			'[ok](docs/ARCHITECTURE.md#layers) ![ok](docs/node-actions.png) [web](https://n8n.io)',
			'[gone](docs/DEPLOY.md) [up](../shared/notes.md) [anchor](docs/ARCHITECTURE.md#nowhere)',
			'[ref]: docs/missing.png',
			'```',
			'[in code](not/checked.md)',
			'```',
			'and `[inline](not/checked.md)` code',
		].join('\n');
		expect(brokenLinks('README.md', markdown, repo)).toEqual([
			'README.md: docs/DEPLOY.md (no such file)',
			'README.md: ../shared/notes.md (outside the repository)',
			'README.md: docs/ARCHITECTURE.md#nowhere (no such heading)',
			'README.md: docs/missing.png (no such file)',
		]);
	});

	test('links resolve from the linking file, and headings become GitHub anchors', () => {
		expect(brokenLinks('docs/ARCHITECTURE.md', '[readme](../README.md)', repo)).toEqual([]);
		expect(brokenLinks('docs/ARCHITECTURE.md', '[readme](README.md)', repo)).toEqual([
			'docs/ARCHITECTURE.md: README.md (no such file)',
		]);
		expect(anchorOf('Try it: `npm start`')).toBe('try-it-npm-start');
		expect([...anchorsIn('## Output\n### Output\n')]).toEqual(['output', 'output-1']);
	});

	test('a page no link leads to is not reached; one linked through another page is', () => {
		const pages = {
			'README.md': '[bench](docs/benchmarks.md) [web](https://n8n.io)',
			'docs/benchmarks.md': '[flood](flood-bound.md) [back](../README.md)',
			'docs/flood-bound.md': '',
			'docs/orphan.md': '[readme](../README.md)',
		};
		const site = { exists: (file) => file in pages, read: (file) => pages[file] ?? '' };
		const reached = reachableDocs(['README.md'], site);
		expect([...reached].sort()).toEqual(['README.md', 'docs/benchmarks.md', 'docs/flood-bound.md']);
		expect(reached.has('docs/orphan.md')).toBe(false);
	});

	test('a link row that misses a section, or links to a heading the README lacks, is reported', () => {
		const readme = [
			'# pkg',
			'',
			'[Try it](#try-it) · [Gone](#gone) · [Docs](docs/x.md)',
			'',
			'## Try it',
			'## Troubleshooting',
		].join('\n');
		expect(linkRowProblems(readme)).toEqual([
			'#gone (not a heading of the README)',
			'docs/x.md (not a heading of the README)',
			'#troubleshooting (a section the link row does not reach)',
		]);
		expect(linkRowProblems('# pkg\n\n## Try it\n')).toEqual([
			'no link row before the first section',
		]);
		expect(
			linkRowProblems('# pkg\n\n[Try it](#try-it) · [Help](#help)\n\n## Try it\n## Help\n'),
		).toEqual([]);
	});
});
