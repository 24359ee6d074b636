'use strict';
// Preview Payouts and Send Payout agree on every generated sheet, through the real n8n engine
// against the sandbox: a row Preview accepts is a row Send sends, a row Preview refuses is a row
// Send refuses with the same reason, Preview's totals are what reaches SMEPay's ledger, and the
// fingerprint Preview shows is the one Send computes (so Send, given it as Approved Fingerprint,
// goes ahead). Sheets mix valid and invalid spellings of every field, repeated Reference IDs, and
// both Data Modes.
const fc = require('fast-check');
const { useIntegration } = require('../harness/integration');
const { SEND_PARAMETERS, AUTO_MAP, newRef, sendRows, ledgerPayouts } = require('./payoutSteps');

const it = useIntegration();

beforeAll(async () => {
	const clientId = it.sandbox.clients.disbursement.test.clientId;
	await it.control('POST', '/config', { clients: { [clientId]: { balance: '900000000.00' } } });
});

/** Mostly valid spellings (so most sheets pay something), sometimes invalid ones. */
function field(valid, invalid) {
	return fc.oneof(
		{ arbitrary: fc.constantFrom(...valid), weight: 8 },
		{ arbitrary: fc.constantFrom(...invalid), weight: 1 },
	);
}

const sheetRow = fc.record({
	// An index into the sheet's few Reference IDs (repeats happen), or -1: none.
	ref: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 15 }), weight: 9 }, fc.constant(-1)),
	amount: field(
		['100', '1,500.50', '2,50,000', 250.5, '₹ 99.99', 'Rs. 1,00,000.00'],
		['600000', '12.345', '0', '-5', '1500,50', 'abc', ''],
	),
	mode: field(['IMPS', 'IMPS', 'neft', ' RTGS ', ''], ['UPI', 7]),
	name: field(['Ravi Kumar', ' Asha Rao '], ['', 'x'.repeat(101)]),
	account: field(['123456789012', '0333 2522 1134'], ['12345', 123456789012, '12AB567890']),
	ifsc: field(['HDFC0001234', 'sbin0a01234'], ['HDFC01234', '']),
});

function asInput(rows, prefix, autoMap) {
	return rows.map((r) => {
		const ref = r.ref < 0 ? '' : `${prefix}-${r.ref}`;
		return autoMap
			? {
					'Reference ID': ref,
					Amount: r.amount,
					payment_mode: r.mode,
					beneficiaryName: r.name,
					beneficiary_account: r.account,
					'Beneficiary IFSC': r.ifsc,
				}
			: { ref, amount: r.amount, mode: r.mode, name: r.name, account: r.account, ifsc: r.ifsc };
	});
}

const PREVIEW_PARAMETERS = { ...SEND_PARAMETERS, operation: 'preview' };
const MAPPED = { ...SEND_PARAMETERS, additionalFields: {} };

test('on every generated sheet, Preview accepts exactly the rows Send sends, for the same reasons and totals', async () => {
	const seen = { accepted: 0, refused: 0 };
	await fc.assert(
		fc.asyncProperty(
			fc.array(sheetRow, { minLength: 1, maxLength: 10 }),
			fc.boolean(),
			async (rows, autoMap) => {
				const prefix = newRef('AGREE');
				const input = asInput(rows, prefix, autoMap);
				const parameters = autoMap ? AUTO_MAP : MAPPED;

				const previewRun = await sendRows(it, input, {
					parameters: { ...(autoMap ? AUTO_MAP : PREVIEW_PARAMETERS), operation: 'preview' },
				});
				const [preview] = previewRun.output('SMEPay');
				const sent = await sendRows(it, input, {
					parameters: { ...parameters, options: { approvedFingerprint: preview.json.fingerprint } },
					continueOnFail: true,
				});
				const items = sent.output('SMEPay');
				expect(items).toHaveLength(rows.length);

				// Refused by Preview ⇔ an error item from Send, with the same reason.
				const sendRefused = items.flatMap((item, index) =>
					item.json.error === undefined ? [] : [{ item: index, reason: item.json.error }],
				);
				expect(sendRefused).toEqual(
					preview.json.refused.map(({ item, reason }) => ({ item, reason })),
				);
				items.forEach((item) => expect(item.json.refusedBy).toBeUndefined());
				expect(preview.json.accepted).toBe(rows.length - sendRefused.length);
				seen.accepted += preview.json.accepted;
				seen.refused += sendRefused.length;

				// Accepted by Preview ⇔ a payout in SMEPay's ledger, for the totals Preview showed.
				const ledger = await ledgerPayouts(it, prefix);
				expect(ledger).toHaveLength(preview.json.accepted);
				const paise = (payouts) =>
					payouts.reduce((sum, p) => sum + Math.round(Number(p.amount) * 100), 0);
				expect((paise(ledger) / 100).toFixed(2)).toBe(preview.json.total);
				for (const [mode, { rows: count, total }] of Object.entries(preview.json.totals)) {
					const ofMode = ledger.filter((p) => p.payment_mode === mode);
					expect([ofMode.length, (paise(ofMode) / 100).toFixed(2)]).toEqual([count, total]);
				}
			},
		),
		{ numRuns: 50 },
	);
	// Not a vacuous pass: the sheets paid rows and refused rows, many of each.
	expect(seen.accepted).toBeGreaterThan(40); // typically 80 to 100
	expect(seen.refused).toBeGreaterThan(60); // typically 150 to 220
});
