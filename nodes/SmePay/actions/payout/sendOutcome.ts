import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asItemJson } from '../../api/answers';
import type { PayoutRequest, SendPayoutAnswer } from '../../api/payouts';
import { plainStatus } from '../../api/schemas';
import { rupees } from '../../api/sentPayout';
import type { StoppedRun } from '../../helpers/runItems';

/** What Send Payout says about its rows: duplicates, and the errors that stop the node. */

const RERUN_IS_SAFE =
	'Re-running the sheet is safe: SMEPay refuses a Reference ID it already has, so the rows paid come back as duplicate: true and only the others are sent.';

/** SMEPay's 400 "duplicate reference_id: X", as the transport's NodeApiError carries it. */
export function isDuplicateReference(error: unknown): boolean {
	const { httpCode, message } = (error ?? {}) as { httpCode?: unknown; message?: unknown };
	return String(httpCode) === '400' && /duplicate reference_id/i.test(String(message));
}

/**
 * The item of a row whose Reference ID SMEPay already had. `duplicate` says that the reference was
 * used before, not that it was paid: with SMEPay's payout at hand, its real status comes out too.
 */
export function duplicateItem(
	answer: Extract<SendPayoutAnswer, { duplicate: true }>,
	request: PayoutRequest,
): IDataObject {
	const reference = `SMEPay already has a payout with Reference ID "${request.reference_id}"`;
	const { payout } = answer;
	if (payout === undefined) {
		return {
			duplicate: true,
			reference_id: request.reference_id,
			message: `${reference} (sent by an earlier run, or by an earlier attempt whose answer was lost), so this row was not sent again. Its outcome is not in SMEPay's answer: see the output of the run that sent it, Get Payout with its payout ID, or the SMEPay dashboard. If that payout FAILED, send this row again with a new Reference ID.`,
		};
	}
	const reason = payout.failure_reason ? ` (${payout.failure_reason})` : '';
	const amounts =
		rupees(payout.amount) === rupees(request.amount)
			? ''
			: ` SMEPay holds ${rupees(payout.amount)} for this Reference ID; this row's ${rupees(request.amount)} was not sent.`;
	return {
		...asItemJson(payout),
		duplicate: true,
		reference_id: request.reference_id,
		message: `${reference}: payout ${payout.id}, now ${payout.status}${reason}, so this row was not sent again.${amounts} ${NEXT_STEP[plainStatus(payout.status)] ?? NEXT_STEP.INITIATED}`,
	};
}

const NEXT_STEP: Record<string, string> = {
	SUCCESS: 'The bank transfer went through.',
	FAILED: 'To pay this row after all, send it again with a new Reference ID.',
	INITIATED:
		'It is still on its way: follow it with Wait for Status. If it ends FAILED, send this row again with a new Reference ID.',
};

/**
 * The error that stops Send Payout after payouts were sent: it names every row paid in this run
 * (also those that finished in other lanes after the refusal) by item, Reference ID and payout ID,
 * and the rows SMEPay already had. Never a beneficiary detail.
 */
export function stoppedAfterPayouts({ error, completed, otherFailures }: StoppedRun): Error {
	const paid: Array<{ item: number; reference_id: string; payout_id: string }> = [];
	const sentBefore: string[] = [];
	for (const [item, outputs] of [...completed.entries()].sort(([a], [b]) => a - b)) {
		const json = outputs[0]?.json ?? {};
		if (json.duplicate === true) sentBefore.push(`item ${item} ${String(json.reference_id)}`);
		else if (typeof json.id === 'string') {
			paid.push({ item, reference_id: String(json.reference_id), payout_id: json.id });
		}
	}
	const paidText =
		paid.length === 0
			? 'No row was confirmed paid in this run before it stopped.'
			: `${paid.length} ${paid.length === 1 ? 'row was' : 'rows were'} paid in this run before it stopped, and stay paid: ${paid
					.map((row) => `item ${row.item} ${row.reference_id} (payout ${row.payout_id})`)
					.join(', ')}.`;
	const sentBeforeText =
		sentBefore.length === 0
			? ''
			: ` SMEPay already had ${sentBefore.length === 1 ? 'this row' : 'these rows'} from before: ${sentBefore.join(', ')}.`;
	const failedText =
		otherFailures.length === 0
			? ''
			: ` Other rows running at the same time stopped with an error too: ${otherFailures
					.map(
						({ itemIndex, error: failure }) =>
							`item ${itemIndex} ${referenceOf(failure)}(${failure.message})`,
					)
					.join(', ')}.`;
	const target = error as Error & { description?: string; context?: IDataObject };
	target.description = `${target.description ? `${target.description} ` : ''}${paidText}${sentBeforeText}${failedText} Rows that had not started were not sent. ${RERUN_IS_SAFE}`;
	target.context = { ...target.context, paidBeforeStop: paid };
	return error;
}

function referenceOf(error: Error & { context?: IDataObject }): string {
	const output = error.context?.itemOutput as IDataObject | undefined;
	const reference = output?.reference_id === undefined ? '' : `${String(output.reference_id)} `;
	const payout =
		output?.payout_id === undefined
			? ''
			: `with payout ${String(output.payout_id)}, which SMEPay may hold: check it before sending this row again `;
	return `${reference}${payout}`;
}

/** Without Continue On Fail: the first problem, saying that nothing was paid and what else is wrong. */
export function nothingPaidError(
	node: INode,
	problems: Array<{ itemIndex: number; error: Error }>,
) {
	const [first, ...others] = problems;
	const listed = others.slice(0, 20).map((problem) => problem.itemIndex);
	const more =
		others.length === 0
			? ''
			: ` ${others.length} more item${others.length === 1 ? ' has' : 's have'} problems too: item${others.length === 1 ? '' : 's'} ${listed.join(', ')}${others.length > listed.length ? ', …' : ''}.`;
	const said = (first.error as Error & { description?: string }).description;
	return new NodeOperationError(node, first.error.message, {
		itemIndex: first.itemIndex,
		description: `${said ? `${said} ` : ''}No payout was sent: every item is checked before any money moves.${more} To pay the valid items and get the others as error items, set the node's On Error setting to Continue.`,
	});
}
