import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asItemJson } from '../../api/answers';
import type { PayoutRequest, SendPayoutAnswer } from '../../api/payouts';
import { plainStatus } from '../../api/schemas';
import { listed, rupees } from '../../api/payoutMatch';
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
 * used before, not that this row was paid: it says so only of a payout SMEPay answered with whose
 * amount, mode and beneficiary all match the row (a payout that differs is an error before this).
 */
export function duplicateItem(
	answer: Extract<SendPayoutAnswer, { duplicate: true }>,
	request: PayoutRequest,
): IDataObject {
	const reference = `SMEPay already has a payout with Reference ID "${request.reference_id}"`;
	const { payout, unknown = [] } = answer;
	if (payout === undefined) {
		return {
			duplicate: true,
			reference_id: request.reference_id,
			message: `${reference} (sent by an earlier run or an earlier attempt whose answer was lost, or made for another payment under the same Reference ID), so this row was not sent again. SMEPay's answer says nothing else about it: not its amount, its beneficiary or its outcome, so it does not show that this row's money went out. Check it with Get Payout (by its payout ID, from the run that sent it) or in the SMEPay dashboard. If it FAILED, or was another payment, send this row again with a new Reference ID.`,
		};
	}
	const reason = payout.failure_reason ? ` (${payout.failure_reason})` : '';
	const status = plainStatus(payout.status);
	const said = `${reference}: payout ${payout.id} for ${rupees(payout.amount)}, now ${payout.status}${reason}, so this row was not sent again.`;
	const next =
		unknown.length === 0
			? (NEXT_STEP[status] ?? NEXT_STEP.INITIATED)
			: `Its amount matches this row, but SMEPay's answer does not show its ${listed(unknown)} in a form that can be compared, so whether the money went to this row's beneficiary is not known: check it in the SMEPay dashboard before you count this row as done.`;
	return {
		...asItemJson(payout),
		duplicate: true,
		reference_id: request.reference_id,
		message: `${said} ${next}`,
	};
}

/** What to do next about a payout that matches the row in every field SMEPay's answer shows. */
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
