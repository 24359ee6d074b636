'use strict';

function percentile(values, p) {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[rank];
}

const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const ratio = (a, b) => (b > 0 ? round(a / b, 3) : NaN);

module.exports = { percentile, round, ratio };
