'use strict';
// The trigger's log lines about webhooks (rareLog.ts): the first of a kind at once, then at most
// one a minute per trigger and kind, each saying how many were held back since the last.
const fc = require('fast-check');
const { logNow, heldBackNote, LOG_INTERVAL_MS } = require('../../nodes/SmePayTrigger/rareLog');

test('first at once, then one per interval with the count held back; keys apart', () => {
	expect(logNow('wf/1|unknown', 1_000)).toBe(0);
	expect(logNow('wf/1|unknown', 1_001)).toBeUndefined();
	expect(logNow('wf/2|unknown', 1_001)).toBe(0);
	expect(logNow('wf/1|refused', 1_002)).toBe(0);
	expect(logNow('wf/1|unknown', 1_000 + LOG_INTERVAL_MS - 1)).toBeUndefined();
	expect(logNow('wf/1|unknown', 1_000 + LOG_INTERVAL_MS)).toBe(2);
	expect(logNow('wf/1|unknown', 1_000 + 2 * LOG_INTERVAL_MS)).toBe(0);
	expect(heldBackNote(0)).toBe('');
	expect(heldBackNote(2)).toBe(' (and 2 more like it since the last such message)');
});

test('property: every message is written or counted in the next one written, none twice', () => {
	let key = 0;
	fc.assert(
		fc.property(
			fc.array(fc.integer({ min: 0, max: 3 * LOG_INTERVAL_MS }), { minLength: 1 }),
			(gaps) => {
				const name = `property-${++key}`;
				let now = 0;
				let written = 0;
				let counted = 0;
				let lastWrittenAt = -Infinity;
				for (const gap of gaps) {
					now += gap;
					const heldBack = logNow(name, now);
					if (heldBack === undefined) {
						expect(now - lastWrittenAt).toBeLessThan(LOG_INTERVAL_MS);
						continue;
					}
					expect(now - lastWrittenAt).toBeGreaterThanOrEqual(LOG_INTERVAL_MS);
					lastWrittenAt = now;
					written++;
					counted += heldBack;
				}
				// What is still held back shows in the next message written.
				const pending = logNow(name, now + LOG_INTERVAL_MS);
				expect(written + counted + pending).toBe(gaps.length);
			},
		),
	);
});
