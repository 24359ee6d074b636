import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { updateDisplayOptions } from '../../helpers/updateDisplayOptions';
import { formatRupees, rupeesText } from '../../validation/amount';
import { payRunOf, plural, type PayRun } from './payRun';
import { readPayoutRows } from './payoutRow';

// The row parameters are Send's (payoutRowProperties.ts; send.operation.ts shows them for both).
export const description = updateDisplayOptions(
	{ show: { resource: ['payout'], operation: ['preview'] } },
	[
		{
			displayName:
				"Checks every row exactly as Send would and calls nothing: one item comes out for the whole input, with the rows that would be paid, the refused ones and why, the totals, and the batch's fingerprint. Have a person approve it, then give Send its fingerprint in the Approved Fingerprint option: Send pays nothing if the rows changed in between. No beneficiary name or account number is in the output.",
			name: 'previewNotice',
			type: 'notice',
			default: '',
		},
	],
);

/**
 * One item for the whole input (paired with every input item): what Send Payout would do with
 * these rows, and the fingerprint that binds an approval to them. No call to SMEPay.
 */
export async function executeInput(
	this: IExecuteFunctions,
	itemCount: number,
): Promise<INodeExecutionData[]> {
	const run = payRunOf(readPayoutRows(this, itemCount));
	return [
		{
			json: previewJson(run),
			pairedItem: Array.from({ length: itemCount }, (_, item) => ({ item })),
		},
	];
}

/** The preview: counts, refusals, exact totals and the fingerprint; never a beneficiary. */
export function previewJson(run: PayRun): IDataObject {
	return {
		summary: summaryOf(run),
		fingerprint: run.fingerprint,
		rows: run.rows,
		accepted: run.accepted.length,
		refused: run.refused.map(({ itemIndex, referenceId, problem }) => ({
			item: itemIndex,
			referenceId: referenceId ?? null,
			reason: problem.message,
		})),
		total: rupeesText(run.totalPaise),
		totals: Object.fromEntries(
			run.byMode.map(({ mode, rows, paise }) => [mode, { rows, total: rupeesText(paise) }]),
		),
	};
}

/** One line a person reads in a form, an email or Slack: "3 rows: 2 to pay, ₹…; 1 refused". */
function summaryOf(run: PayRun): string {
	const modes = run.byMode
		.map(({ mode, rows, paise }) => `${mode} ${count(rows, 'row')} ${formatRupees(paise)}`)
		.join(', ');
	const pay =
		run.accepted.length === 0
			? 'nothing to pay'
			: `${run.accepted.length} to pay, ${formatRupees(run.totalPaise)} (${modes})`;
	const refused = run.refused.length === 0 ? 'none refused' : `${run.refused.length} refused`;
	return `${count(run.rows, 'row')}: ${pay}; ${refused}`;
}

function count(n: number, noun: string): string {
	return `${n} ${plural(n, noun, `${noun}s`)}`;
}
