'use strict';
// On Error: Stop after money has moved: the wallet runs dry part-way through a sheet sent five at
// a time. The error that stops the node names every row paid before it (also those paid in other
// lanes that finished after the refusal), with its payout id, and says that re-running is safe.
const { useIntegration } = require('../harness/integration');
const { BENEFICIARY, newRef, row, sendRows, ledgerPayouts, allText } = require('./payoutSteps');

const PAYOUTS = '/api/v1/disbursement/payouts';
const it = useIntegration();
afterEach(async () => {
	await it.control('DELETE', '/faults');
	await it.control('POST', '/config', { latencyMs: 0 });
});

async function setBalance(rupees) {
	const clientId = it.sandbox.clients.disbursement.test.clientId;
	await it.control('POST', '/config', { clients: { [clientId]: { balance: rupees } } });
}

test('balance runs out at row 4 with concurrency 5: the error lists every row paid, the ledger holds exactly those', async () => {
	const prefix = newRef('DRY');
	// Rows cost ₹105 (₹100 + ₹5 fee); row 4 asks ₹5,000 and cannot be covered.
	const rows = Array.from({ length: 12 }, (_, i) =>
		row(`${prefix}-${String(i).padStart(2, '0')}`, i === 4 ? { amount: '5000' } : {}),
	);
	await setBalance('890.00');
	// Answers take a while, so five are in flight at once; the first payout request is held back so
	// that it finishes after the refusal, in another lane.
	await it.control('POST', '/config', { latencyMs: 40 });
	await it.control('POST', '/faults', {
		match: { method: 'POST', path: PAYOUTS },
		action: 'delay',
		delayMs: 400,
		times: 1,
	});

	const result = await sendRows(it, rows, { concurrency: 5 });
	const error = result.nodeError('SMEPay');
	expect(error.message).toMatch(/insufficient balance/);
	expect(error.context.itemIndex).toBe(4);

	const ledger = await ledgerPayouts(it, prefix);
	expect(ledger.length).toBeGreaterThanOrEqual(4);
	expect(ledger.map((payout) => payout.reference_id)).not.toContain(rows[4].ref);
	// Every payout SMEPay holds is named with its row and payout id ...
	for (const payout of ledger) {
		const item = rows.findIndex((r) => r.ref === payout.reference_id);
		expect(error.description).toContain(
			`item ${item} ${payout.reference_id} (payout ${payout.id})`,
		);
	}
	// ... and nothing else is said to be paid.
	const listed = [...error.description.matchAll(/item (\d+) (\S+) \(payout ([0-9a-f-]{36})\)/g)];
	expect(listed.map((m) => m[2]).sort()).toEqual(ledger.map((p) => p.reference_id).sort());
	expect(error.context.paidBeforeStop).toEqual(
		listed.map((m) => ({ item: Number(m[1]), reference_id: m[2], payout_id: m[3] })),
	);
	expect(error.description).toMatch(new RegExp(`${ledger.length} rows? (was|were) paid`));
	expect(error.description).toMatch(/Re-running the sheet is safe/);
	for (const secret of Object.values(BENEFICIARY)) {
		expect(allText(error).toLowerCase()).not.toContain(secret.toLowerCase());
	}

	// The re-run the error promises: paid rows come back duplicate, the rest are paid once.
	await setBalance('100000.00');
	await it.control('POST', '/config', { latencyMs: 0 });
	const again = await sendRows(it, rows, { concurrency: 5 });
	expect(again.error).toBeUndefined();
	const paidBefore = new Set(ledger.map((payout) => payout.reference_id));
	again.output('SMEPay').forEach(({ json }, index) => {
		if (paidBefore.has(rows[index].ref)) expect(json.duplicate).toBe(true);
		else expect(json).toMatchObject({ reference_id: rows[index].ref, status: 'INITIATED' });
	});
	expect(await ledgerPayouts(it, prefix)).toHaveLength(rows.length);
});

test('refused before anything is paid, three rows at once: no row paid, the other refusals named too', async () => {
	const prefix = newRef('DRY0');
	await setBalance('50.00');
	const rows = [row(`${prefix}-0`), row(`${prefix}-1`), row(`${prefix}-2`)];
	const result = await sendRows(it, rows, { concurrency: 3 });
	const error = result.nodeError('SMEPay');
	expect(error.message).toMatch(/insufficient balance/);
	expect(error.context.itemIndex).toBe(0);
	expect(error.description).toMatch(/No row was confirmed paid in this run before it stopped/);
	for (const index of [1, 2]) {
		expect(error.description).toContain(
			`item ${index} ${rows[index].ref} (SMEPay Send Payout failed: insufficient balance`,
		);
	}
	expect(error.context.paidBeforeStop).toEqual([]);
	expect(await ledgerPayouts(it, prefix)).toHaveLength(0);
	await setBalance('100000.00');
});

test('a row paid alongside the refusal but answered wrongly keeps its payout id in the stop error', async () => {
	const prefix = newRef('HALF');
	// Row 0 cannot be covered (SMEPay refuses it); row 1, sent at the same time, is paid, but
	// SMEPay's answer names another amount, so the node takes it for an error, not a payout.
	const rows = [row(`${prefix}-0`, { amount: '5000' }), row(`${prefix}-1`)];
	await setBalance('500.00');
	await it.control('POST', '/faults', {
		match: { method: 'POST', path: PAYOUTS },
		action: 'tamper',
		set: { 'data.amount': 1000 },
		times: 0,
	});
	const result = await sendRows(it, rows, { concurrency: 2 });
	const error = result.nodeError('SMEPay');
	expect(error.context.itemIndex).toBe(0);
	expect(error.message).toMatch(/insufficient balance/);
	const [held] = await ledgerPayouts(it, `${prefix}-1`);
	expect(held).toBeDefined();
	expect(error.description).toContain(`${prefix}-1 with payout ${held.id}, which SMEPay may hold`);
	expect(error.description).not.toMatch(/No row was paid/);
});
