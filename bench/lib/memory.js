'use strict';
// The n8n process's peak resident memory (VmHWM in /proc/<pid>/status). Writing 5 to
// /proc/<pid>/clear_refs resets the peak to the current size (Linux ≥ 4.0), so each phase can
// report its own peak; where that is not allowed, the peak since n8n started is reported.

const fs = require('node:fs');

function readStatusKb(pid, key) {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
	return match ? Number(match[1]) : NaN;
}

function resetPeak(pid) {
	try {
		fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

const peakMb = (pid) => Math.round(readStatusKb(pid, 'VmHWM') / 1024);
const rssMb = (pid) => Math.round(readStatusKb(pid, 'VmRSS') / 1024);

module.exports = { resetPeak, peakMb, rssMb };
