'use strict';
// A dependency-free SVG line chart: one panel per series group, x on a log or linear axis.

const W = 420;
const H = 260;
const M = { left: 56, right: 16, top: 34, bottom: 44 };
const COLORS = ['#1a7f37', '#8250df', '#cf222e', '#0969da'];

function panel({ title, xLabel, yLabel, xs, series, logX, offsetX }) {
	const fx = logX ? Math.log10 : (v) => v;
	const [x0, x1] = [fx(Math.min(...xs)), fx(Math.max(...xs))];
	const yMax = Math.max(...series.flatMap((s) => s.values.filter(Number.isFinite))) * 1.1 || 1;
	const px = (x) => offsetX + M.left + ((fx(x) - x0) / (x1 - x0 || 1)) * (W - M.left - M.right);
	const py = (y) => M.top + (1 - y / yMax) * (H - M.top - M.bottom);
	const out = [
		`<text x="${offsetX + W / 2}" y="18" text-anchor="middle" font-weight="bold">${esc(title)}</text>`,
		`<line x1="${px(xs[0])}" y1="${py(0)}" x2="${offsetX + W - M.right}" y2="${py(0)}" stroke="#888"/>`,
		`<line x1="${offsetX + M.left}" y1="${M.top}" x2="${offsetX + M.left}" y2="${py(0)}" stroke="#888"/>`,
		`<text x="${offsetX + W / 2}" y="${H - 8}" text-anchor="middle">${esc(xLabel)}</text>`,
		`<text transform="translate(${offsetX + 14},${H / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`,
	];
	for (const x of xs) {
		out.push(
			`<text x="${px(x)}" y="${py(0) + 16}" text-anchor="middle" font-size="11">${x}</text>`,
		);
	}
	for (let i = 0; i <= 4; i++) {
		const y = (yMax / 1.1) * (i / 4);
		out.push(
			`<text x="${offsetX + M.left - 6}" y="${py(y) + 4}" text-anchor="end" font-size="11">${Math.round(y)}</text>`,
		);
		out.push(
			`<line x1="${offsetX + M.left}" y1="${py(y)}" x2="${offsetX + W - M.right}" y2="${py(y)}" stroke="#eee"/>`,
		);
	}
	series.forEach((s, i) => {
		const color = COLORS[i % COLORS.length];
		const points = xs.map((x, j) => [x, s.values[j]]).filter(([, y]) => Number.isFinite(y));
		out.push(
			`<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.map(([x, y]) => `${px(x)},${py(y)}`).join(' ')}"/>`,
		);
		for (const [x, y] of points)
			out.push(`<circle cx="${px(x)}" cy="${py(y)}" r="3" fill="${color}"/>`);
		out.push(
			`<text x="${offsetX + M.left + 10}" y="${M.top + 14 + i * 15}" fill="${color}" font-size="12">${esc(s.name)}</text>`,
		);
	});
	return out.join('\n');
}

/** panels: [{ title, xLabel, yLabel, xs, series: [{ name, values }], logX }] */
function lineChartsSvg(panels) {
	const body = panels.map((p, i) => panel({ ...p, offsetX: i * W })).join('\n');
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${W * panels.length}" height="${H}" font-family="system-ui,sans-serif" font-size="13">
<rect width="100%" height="100%" fill="#fff"/>
${body}
</svg>
`;
}

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

module.exports = { lineChartsSvg };
