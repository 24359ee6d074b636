import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asItemJson } from '../../api/answers';
import { sendPayout } from '../../api/payouts';
import { withItemOutput, type StoppedRun } from '../../helpers/runItems';
import { optionsCollection } from '../../helpers/sharedProperties';
import { updateDisplayOptions } from '../../helpers/updateDisplayOptions';
import type { SmePayClient } from '../../transport/SmePayClient';
import { readPayoutRows, type Row } from './payoutRow';
import { payoutRowProperties } from './payoutRowProperties';
import { payRunOptions, payRunRefusal } from './payRunControls';
import { beneficiaryOf, redactBeneficiary } from './redactBeneficiary';
import {
	duplicateItem,
	isDuplicateReference,
	nothingPaidError,
	stoppedAfterPayouts,
} from './sendOutcome';

export const description = [
	...updateDisplayOptions(
		{ show: { resource: ['payout'], operation: ['send', 'preview'] } },
		payoutRowProperties,
	),
	...updateDisplayOptions({ show: { resource: ['payout'], operation: ['send'] } }, [
		optionsCollection(...payRunOptions),
	]),
];

export interface SendBatch {
	rows: Row[];
}

/**
 * Checks every row, the Reference IDs across rows, and the pay run's controls (Approved
 * Fingerprint, Row Limit, Batch Limit) before the first payout is sent. A control that refuses
 * the run fails every item. Without Continue On Fail any problem stops the node here, so a bad row
 * never leaves the sheet half paid.
 */
export async function prepareBatch(this: IExecuteFunctions, itemCount: number): Promise<SendBatch> {
	const reads = readPayoutRows(this, itemCount);
	const refused = payRunRefusal(this, reads);
	if (refused !== undefined) {
		if (!this.continueOnFail()) throw refused(0);
		return { rows: reads.map((_, itemIndex) => ({ problem: refused(itemIndex) })) };
	}

	const rows = reads.map((read) => read.row);
	if (!this.continueOnFail()) {
		const problems = rows.flatMap((row, itemIndex) =>
			'problem' in row ? [{ itemIndex, error: row.problem }] : [],
		);
		if (problems.length > 0) throw nothingPaidError(this.getNode(), problems);
	}
	return { rows };
}

/**
 * POST /api/v1/disbursement/payouts → the payout, or `duplicate: true` when SMEPay already has the
 * Reference ID (with that payout's status when SMEPay answers with it). Errors never show the
 * beneficiary's details in clear.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: SmePayClient,
	batch: SendBatch,
): Promise<INodeExecutionData> {
	const row = batch.rows[itemIndex];
	if ('problem' in row) throw row.problem;

	let answer;
	try {
		answer = await sendPayout(client, row.payout, itemIndex);
	} catch (caught) {
		// SMEPay refuses a Reference ID it already has: an answer, not an error.
		if (isDuplicateReference(caught)) {
			const refused = { duplicate: true as const, reference_id: row.payout.reference_id };
			return { json: duplicateItem(refused, row.payout) };
		}
		const error = redactBeneficiary(caught as Error, beneficiaryOf(row.payout));
		// An answer SMEPay gave with a payout id it should not have: that payout may exist.
		const payoutId = (error as { context?: IDataObject }).context?.payoutId;
		throw withItemOutput(error, {
			reference_id: row.payout.reference_id,
			...(typeof payoutId === 'string' && { payout_id: payoutId }),
		});
	}
	if (answer.duplicate) return { json: duplicateItem(answer, row.payout) };
	return { json: asItemJson(answer.payout) };
}

/** Without Continue On Fail, after a refusal: the error names the rows paid before it. */
export function describeStop(this: IExecuteFunctions, stop: StoppedRun): Error {
	return stoppedAfterPayouts(stop);
}
