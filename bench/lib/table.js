'use strict';
// Markdown tables: printed as the run's report and pasted into docs/benchmarks.md as they are.

function markdownTable(headers, rows) {
	const cells = rows.map((row) =>
		row.map((cell) => (cell === undefined || cell === null ? '' : String(cell))),
	);
	const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
	const line = (row) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
	return [
		line(headers),
		`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
		...cells.map(line),
	].join('\n');
}

const verdict = (ok) => (ok ? 'met' : '**missed**');

module.exports = { markdownTable, verdict };
