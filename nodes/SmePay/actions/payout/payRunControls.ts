import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { withItemOutput } from '../../helpers/runItems';
import { formatRupees } from '../../validation/amount';
import { isBlank, quoted, refusalOf } from '../../validation/refusal';
import { typedAmount } from '../../validation/typedAmount';
import { FINGERPRINT_PATTERN, payRunOf, plural, type PayRun } from './payRun';
import type { ReadRow } from './payoutRow';

/**
 * Send Payout's controls over the pay run as a whole: the batch a person approved, and what one
 * row and the whole run may pay. Each is off while its option is not added; an option that is
 * added but empty (an expression that gave nothing) refuses the run rather than lifting the
 * control. All are checked on the whole input before the first call to SMEPay.
 */
export const payRunOptions: INodeProperties[] = [
	{
		displayName: 'Approved Fingerprint',
		name: 'approvedFingerprint',
		type: 'string',
		default: '',
		placeholder: "{{ $('Preview Payouts').item.json.fingerprint }}",
		description:
			'The fingerprint of Preview Payouts that a person approved. Nothing is sent unless these rows are exactly the approved ones (Reference IDs, amounts, modes and beneficiaries; in any order).',
	},
	{
		displayName: 'Batch Limit',
		name: 'batchLimit',
		type: 'string',
		default: '',
		placeholder: '500000',
		description:
			"The most this run may pay, in rupees (SMEPay's fees not counted). When the rows to send total more, nothing is sent.",
	},
	{
		displayName: 'Row Limit',
		name: 'rowLimit',
		type: 'string',
		default: '',
		placeholder: '50000',
		description:
			'The most one row may pay, in rupees. When any row to send is above it, nothing is sent.',
	},
];

type Control = 'approvedFingerprint' | 'batchLimit' | 'rowLimit';

const LABEL: Record<Control, string> = {
	approvedFingerprint: 'Approved Fingerprint',
	batchLimit: 'Batch Limit',
	rowLimit: 'Row Limit',
};

/** The controls that are set: the approved fingerprint in lower case, the limits in paise. */
interface Controls {
	approvedFingerprint?: string;
	batchLimit?: number;
	rowLimit?: number;
}

/** Why the whole run is refused: one message for every item. */
interface Refusal {
	control: Control;
	message: string;
	description: string;
}

/**
 * The error of each item when a control refuses the run (a bad option value included), or
 * undefined when the run may go on.
 */
export function payRunRefusal(
	ctx: IExecuteFunctions,
	reads: ReadRow[],
): ((itemIndex: number) => Error) | undefined {
	const controls = readControls(ctx);
	const refusal = 'control' in controls ? controls : checkRun(controls, reads);
	if (refusal === undefined) return undefined;
	const node = ctx.getNode();
	return (itemIndex) => refusedItemError(node, refusal, itemIndex, reads[itemIndex].referenceId);
}

/** The controls whose option is added to the node, read once for the whole run (as item 0). */
function readControls(ctx: IExecuteFunctions): Controls | Refusal {
	// Added or not is what the node holds; its value is what n8n makes of it (an expression).
	const added = (ctx.getNode().parameters.options ?? {}) as IDataObject;
	const controls: Controls = {};
	for (const control of Object.keys(LABEL) as Control[]) {
		if (!(control in added)) continue;
		const value = ctx.getNodeParameter(`options.${control}`, 0, '');
		const read =
			control === 'approvedFingerprint' ? readFingerprint(value) : readLimit(control, value);
		if (typeof read === 'object') return read;
		Object.assign(controls, { [control]: read });
	}
	return controls;
}

function checkRun(controls: Controls, reads: ReadRow[]): Refusal | undefined {
	const run = payRunOf(reads);
	const { approvedFingerprint, rowLimit, batchLimit } = controls;
	if (approvedFingerprint !== undefined && approvedFingerprint !== run.fingerprint) {
		return changedRows(run, approvedFingerprint);
	}
	if (rowLimit !== undefined) {
		const above = run.accepted.filter((row) => row.paise > rowLimit);
		if (above.length > 0) return rowsAboveLimit(run, above, rowLimit);
	}
	if (batchLimit !== undefined && run.totalPaise > BigInt(batchLimit)) {
		return totalAboveLimit(run, batchLimit);
	}
	return undefined;
}

/** The approved fingerprint in lower case, or why it is no fingerprint. */
function readFingerprint(value: unknown): string | Refusal {
	if (isBlank(value)) {
		return badOption(
			'approvedFingerprint',
			'is empty',
			"Map the fingerprint of the Preview Payouts node that was approved, e.g. {{ $('Preview Payouts').item.json.fingerprint }}. To send without an approval, remove the option.",
		);
	}
	const text = String(value).trim();
	if (!FINGERPRINT_PATTERN.test(text.toLowerCase())) {
		return badOption(
			'approvedFingerprint',
			`${quoted(text)} is not a fingerprint`,
			"A fingerprint is sha256: and 64 hex digits, the `fingerprint` of Preview Payouts: map it, e.g. {{ $('Preview Payouts').item.json.fingerprint }}.",
		);
	}
	return text.toLowerCase();
}

/** The limit in paise, or why it is no amount. */
function readLimit(control: 'batchLimit' | 'rowLimit', value: unknown): number | Refusal {
	const parsed = typedAmount.safeParse(value);
	if (parsed.success) return parsed.data.paise;
	const { problem, hint } = refusalOf(parsed.error.issues[0]);
	const remove = `To send without ${LABEL[control]}, remove the option.`;
	return badOption(
		control,
		problem,
		`${hint ?? 'Enter an amount in rupees, like 50000.'} ${remove}`,
	);
}

function badOption(control: Control, problem: string, hint: string): Refusal {
	return {
		control,
		message: `${LABEL[control]} ${problem}, so nothing was sent`,
		description: `${hint} No row was sent: the option is checked before any payout.`,
	};
}

function changedRows(run: PayRun, approved: string): Refusal {
	return {
		control: 'approvedFingerprint',
		message: `These rows changed since they were approved, so nothing was sent: ${rowsAndTotal(run)}, and their fingerprint is not the Approved Fingerprint`,
		description: `A Reference ID, an amount, a payment mode or a beneficiary changed, or a row was added or removed, after Preview Payouts showed them (approved ${approved}, these rows ${run.fingerprint}). Run Preview Payouts on the rows as they are now and have that preview approved; do not copy a new fingerprint into the option by hand.`,
	};
}

function rowsAboveLimit(run: PayRun, above: PayRun['accepted'], limitPaise: number): Refusal {
	const shown = above
		.slice(0, 10)
		.map((row) => `item ${row.itemIndex} (${row.payout.reference_id}) ${formatRupees(row.paise)}`)
		.join(', ');
	const more = above.length > 10 ? `, and ${above.length - 10} more` : '';
	return {
		control: 'rowLimit',
		message: `Row Limit refused the run: ${above.length} ${plural(above.length, 'row is', 'rows are')} above ${formatRupees(limitPaise)}, so nothing was sent`,
		description: `Above the limit: ${shown}${more}. The run had ${rowsAndTotal(run)}. Check these amounts; if they are right, pay them in a run whose Row Limit allows them.`,
	};
}

function totalAboveLimit(run: PayRun, limitPaise: number): Refusal {
	return {
		control: 'batchLimit',
		message: `Batch Limit refused the run: the rows to send total ${formatRupees(run.totalPaise)}, above ${formatRupees(limitPaise)}, so nothing was sent`,
		description: `The run had ${rowsAndTotal(run)}. Check the sheet for a wrong amount or rows that do not belong to this run; split it into runs within the limit, or raise Batch Limit if this total is expected.`,
	};
}

function rowsAndTotal(run: PayRun): string {
	return `${run.rows} ${plural(run.rows, 'row', 'rows')}, ${run.accepted.length} to send totalling ${formatRupees(run.totalPaise)}`;
}

function refusedItemError(
	node: INode,
	refusal: Refusal,
	itemIndex: number,
	referenceId: string | undefined,
): Error {
	const error = new NodeOperationError(node, refusal.message, {
		itemIndex,
		description: refusal.description,
	});
	return withItemOutput(error, {
		...(referenceId !== undefined && { reference_id: referenceId }),
		refusedBy: refusal.control,
	});
}
