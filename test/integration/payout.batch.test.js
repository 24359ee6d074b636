'use strict';
// The headline use, at size: a 500-row payout sheet through the real n8n engine against the
// sandbox, with every kind of bad row, a repeated Reference ID, the wallet running dry part-way,
// injected 5xx / 429 / dropped connections and a token expiry mid-batch. Every row comes out once;
// the ledger holds exactly one payout per valid Reference ID, also after the batch is run again.
const { useIntegration } = require('../harness/integration');
const { newRef, row, sendRows, ledgerPayouts } = require('./payoutSteps');

const ROWS = 500;
const FEES = { IMPS: 5, NEFT: 3 };
const PAYOUTS = '/api/v1/disbursement/payouts';

const it = useIntegration();

/** Rows with bad ones at fixed places (one per pre-flight rule) and two repeated Reference IDs. */
function buildSheet(prefix) {
	const rows = [];
	for (let i = 0; i < ROWS; i++) {
		rows.push(
			row(`${prefix}-${String(i).padStart(3, '0')}`, {
				amount: `${100 + (i % 50)}.${String(i % 100).padStart(2, '0')}`,
				mode: i % 25 === 0 ? 'NEFT' : 'IMPS',
			}),
		);
	}
	const invalid = {
		40: { ifsc: 'HDFC01234' },
		80: { account: '12AB567890' },
		120: { amount: '0' },
		160: { amount: '12.345' },
		200: { amount: '500000.50', mode: 'IMPS' },
		240: { mode: 'RTGS', amount: '1000' },
		280: { remarks: 'x'.repeat(51) },
		320: { ref: '' },
		360: { account: '12345' },
		400: { name: '' },
		440: { amount: '-10' },
	};
	for (const [index, fields] of Object.entries(invalid)) Object.assign(rows[index], fields);
	const repeats = { 250: 10, 480: 300 };
	for (const [index, first] of Object.entries(repeats)) rows[index].ref = rows[first].ref;
	const valid = rows.filter((_, index) => !(index in invalid) && !(index in repeats));
	return { rows, invalid, repeats, valid };
}

function cost(r) {
	return Math.round(Number(r.amount) * 100) + FEES[r.mode] * 100;
}

async function setBalance(paise) {
	const clientId = it.sandbox.clients.disbursement.test.clientId;
	await it.control('POST', '/config', {
		clients: { [clientId]: { balance: (paise / 100).toFixed(2) } },
	});
}

test('500 rows: one output per row, one payout per valid Reference ID, nothing paid twice on a re-run', async () => {
	const prefix = newRef('SHEET');
	const { rows, invalid, repeats, valid } = buildSheet(prefix);
	const needed = valid.reduce((sum, r) => sum + cost(r), 0);
	// The wallet covers about 60% of the sheet: it runs dry part-way.
	await setBalance(Math.floor(needed * 0.6));

	const rule = (fault) =>
		it.control('POST', '/faults', { match: { method: 'POST', path: PAYOUTS }, ...fault });
	await rule({ action: 'status', status: 500, skip: 20, times: 3 });
	await rule({
		action: 'status',
		status: 429,
		headers: { 'retry-after': '0' },
		skip: 60,
		times: 3,
	});
	await rule({ action: 'drop', skip: 100, times: 2 });
	await rule({ action: 'expireTokens', skip: 120, times: 1 });
	await rule({ action: 'status', status: 502, skip: 150, times: 2 });
	await rule({ action: 'dropAfter', skip: 180, times: 3 });
	const renewalsBefore = it.engine.credentials.preAuthentications.filter((p) => p.expired).length;

	const first = await sendRows(it, rows, { continueOnFail: true, concurrency: 15 });
	const items = first.output('SMEPay');

	// Exactly one output item per input row, in order, each paired with its row.
	expect(items).toHaveLength(ROWS);
	items.forEach((item, index) => expect(item.pairedItem).toEqual({ item: index }));

	// Every fault fired, and the expired token was renewed without losing an item.
	const { faults } = await it.control('GET', '/faults');
	expect(faults.map((fault) => [fault.action, fault.fired])).toEqual([
		['status', 3],
		['status', 3],
		['drop', 2],
		['expireTokens', 1],
		['status', 2],
		['dropAfter', 3],
	]);
	expect(it.engine.credentials.preAuthentications.filter((p) => p.expired).length).toBeGreaterThan(
		renewalsBefore,
	);
	await it.control('DELETE', '/faults');

	// Bad rows and repeats: error items naming their item, carrying the Reference ID when there is one.
	for (const index of Object.keys(invalid).map(Number)) {
		expect(items[index].json.error).toMatch(new RegExp(`\\(item ${index}\\)$`));
		if (rows[index].ref) expect(items[index].json.reference_id).toBe(rows[index].ref);
	}
	for (const [index, firstIndex] of Object.entries(repeats)) {
		expect(items[index].json).toMatchObject({
			reference_id: rows[firstIndex].ref,
			error: expect.stringContaining(`already used by item ${firstIndex}`),
		});
	}

	// Valid rows: paid, duplicate (a retry after a lost answer), or refused for balance. Nothing else.
	const ledger = await ledgerPayouts(it, prefix);
	const ledgerRefs = new Map(ledger.map((payout) => [payout.reference_id, payout]));
	expect(ledgerRefs.size).toBe(ledger.length);
	const outcome = { paid: [], duplicate: [], balance: [] };
	rows.forEach((r, index) => {
		if (index in invalid || index in repeats) return;
		const { json } = items[index];
		if (json.duplicate) outcome.duplicate.push(r.ref);
		else if (json.id) outcome.paid.push(r.ref);
		else {
			expect(json).toMatchObject({
				reference_id: r.ref,
				error: expect.stringContaining('insufficient balance'),
				errorDescription: expect.stringContaining('Top up the SMEPay wallet'),
			});
			outcome.balance.push(r.ref);
		}
		if (json.id) {
			expect(json).toMatchObject({
				reference_id: r.ref,
				amount: Number(r.amount),
				payment_mode: r.mode,
				status: 'INITIATED',
			});
			expect(ledgerRefs.get(r.ref).id).toBe(json.id);
		}
	});
	expect(outcome.duplicate.length).toBeGreaterThanOrEqual(1);
	expect(outcome.balance.length).toBeGreaterThan(50);
	expect(outcome.paid.length).toBeGreaterThan(200);
	expect([...ledgerRefs.keys()].sort()).toEqual([...outcome.paid, ...outcome.duplicate].sort());
	for (const ref of outcome.balance) expect(ledgerRefs.has(ref)).toBe(false);

	// Top up and run the very same sheet again: the rest is paid, nothing twice.
	await setBalance(needed * 2);
	const second = await sendRows(it, rows, { continueOnFail: true, concurrency: 15 });
	const again = second.output('SMEPay');
	expect(again).toHaveLength(ROWS);
	const paidBefore = new Set([...outcome.paid, ...outcome.duplicate]);
	rows.forEach((r, index) => {
		if (index in invalid || index in repeats) {
			expect(again[index].json.error).toBe(items[index].json.error);
		} else if (paidBefore.has(r.ref)) {
			expect(again[index].json).toMatchObject({ duplicate: true, reference_id: r.ref });
		} else {
			expect(again[index].json).toMatchObject({ reference_id: r.ref, status: 'INITIATED' });
		}
	});

	const final = await ledgerPayouts(it, prefix);
	expect(final).toHaveLength(valid.length);
	expect(final.map((payout) => payout.reference_id).sort()).toEqual(valid.map((r) => r.ref).sort());
	// Each payout is its first row's: amounts of repeated rows were never sent.
	const byRef = new Map(final.map((payout) => [payout.reference_id, payout]));
	for (const r of valid)
		expect(byRef.get(r.ref)).toMatchObject({ amount: Number(r.amount), payment_mode: r.mode });
});

test('500 rows without Continue On Fail and one bad row at the end: stopped before any money call', async () => {
	const prefix = newRef('SHEETSTOP');
	const rows = Array.from({ length: ROWS }, (_, i) => row(`${prefix}-${i}`));
	rows[ROWS - 1].ifsc = 'NOTANIFSC';
	const result = await sendRows(it, rows, { concurrency: 15 });
	expect(result.nodeError('SMEPay').message).toBe(
		`Beneficiary IFSC is not a valid IFSC (item ${ROWS - 1})`,
	);
	expect(await ledgerPayouts(it, prefix)).toHaveLength(0);
});
