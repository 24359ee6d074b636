import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { asItemJson } from '../../api/answers';
import { sendPayout } from '../../api/payouts';
import { withItemOutput, type StoppedRun } from '../../helpers/runItems';
import { optionsCollection } from '../../helpers/sharedProperties';
import { updateDisplayOptions } from '../../helpers/updateDisplayOptions';
import type { SmePayClient } from '../../transport/SmePayClient';
import { OPTIONAL_COLUMNS, REQUIRED_COLUMNS } from './autoMapColumns';
import { readPayoutRows, type Row } from './payoutRow';
import { payRunOptions, payRunRefusal } from './payRunControls';
import { beneficiaryOf, redactBeneficiary } from './redactBeneficiary';
import {
	duplicateItem,
	isDuplicateReference,
	nothingPaidError,
	stoppedAfterPayouts,
} from './sendOutcome';

/** Shown only when the row's fields are mapped one by one (Data Mode "Map Each Field Below"). */
const mappedOneByOne = { show: { dataMode: ['defineBelow'] } };

/**
 * The parameters of one row, shared with Preview Payouts: one definition, so that switching a
 * node between Send and Preview keeps its mapping, and both read the same fields.
 */
const properties: INodeProperties[] = [
	{
		displayName:
			'Every row is checked (IFSC, account number, amount, mode limits, repeated Reference IDs) before any money moves: if a row fails these checks and On Error is "Stop Workflow", nothing is paid. Should SMEPay refuse a row once payouts have started (balance, a limit), the rows already sent stay paid and the error lists them with their payout IDs; re-running the sheet is then safe. With "Continue", the rows that fail come out as error items with their Reference ID and the other rows are paid: use it for sheets, so every row gets its outcome written back.',
		name: 'batchNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['send'] } },
	},
	{
		displayName: 'Data Mode',
		name: 'dataMode',
		type: 'options',
		options: [
			{
				name: 'Map Each Field Below',
				value: 'defineBelow',
				description: 'Set each field, usually by dragging a column onto it',
			},
			{
				name: 'Auto-Map Input Data',
				value: 'autoMapInputData',
				description:
					'Read each row from columns named like the fields (reference_id or "Reference ID", …): no mapping, and the fastest for large sheets',
			},
		],
		default: 'defineBelow',
	},
	{
		displayName: `Each row needs the columns ${REQUIRED_COLUMNS}; ${OPTIONAL_COLUMNS} are optional (where a row has none, Payment Mode and Additional Fields below apply). Case, spaces and underscores do not matter: "Beneficiary IFSC" works too.`,
		name: 'autoMapNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { dataMode: ['autoMapInputData'] } },
	},
	{
		displayName: 'Reference ID',
		name: 'referenceId',
		type: 'string',
		required: true,
		displayOptions: mappedOneByOne,
		default: '',
		placeholder: 'SALARY-2025-04-0017',
		description:
			"Your own unique ID for this payment, e.g. the row's invoice or transaction number. SMEPay takes a Reference ID only once: when the workflow runs again, or a request is retried after a network failure, the row comes out with `duplicate` true instead of being sent twice (that says it was sent before, not that it succeeded). To pay a row whose payout FAILED, give it a new Reference ID. If several rows of one run share a Reference ID, only the first is sent.",
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		required: true,
		displayOptions: mappedOneByOne,
		default: '',
		placeholder: '1500.50',
		description:
			'Amount in rupees, above 0 with at most 2 decimals. IMPS allows up to ₹5,00,000; RTGS starts at ₹2,00,000. SMEPay adds its fee on top.',
	},
	{
		displayName: 'Payment Mode',
		name: 'paymentMode',
		type: 'options',
		options: [
			{
				name: 'IMPS',
				value: 'IMPS',
				description: 'Instant, 24×7, up to ₹5,00,000',
			},
			{
				name: 'NEFT',
				value: 'NEFT',
				description: 'Bank batches, Monday to Saturday 8 AM to 7 PM, no upper limit',
			},
			{
				name: 'RTGS',
				value: 'RTGS',
				description: 'Real time, from ₹2,00,000',
			},
		],
		default: 'IMPS',
		description: 'How the bank transfer is made',
	},
	{
		displayName: 'Beneficiary Name',
		name: 'beneficiaryName',
		type: 'string',
		required: true,
		displayOptions: mappedOneByOne,
		default: '',
		placeholder: 'Ravi Kumar',
		description: 'Name of the bank account holder',
	},
	{
		displayName: 'Beneficiary Account Number',
		name: 'beneficiaryAccount',
		type: 'string',
		required: true,
		displayOptions: mappedOneByOne,
		default: '',
		placeholder: '123456789012',
		description:
			'Bank account number, 9 to 18 digits. Keep it a text column in the sheet, so long numbers keep every digit.',
	},
	{
		displayName: 'Beneficiary IFSC',
		name: 'beneficiaryIfsc',
		type: 'string',
		required: true,
		displayOptions: mappedOneByOne,
		default: '',
		placeholder: 'SBIN0001234',
		description:
			"IFSC of the beneficiary's bank branch: 4 letters, a zero, then 6 letters or digits",
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		options: [
			{
				displayName: 'Remarks',
				name: 'remarks',
				type: 'string',
				default: '',
				placeholder: 'April salary',
				description: "Narration shown on the beneficiary's bank statement, at most 50 characters",
			},
			{
				displayName: 'Callback URL',
				name: 'callbackUrl',
				type: 'string',
				default: '',
				placeholder: 'https://your-n8n.example.com/webhook/…',
				description:
					'Where SMEPay POSTs the final result (SUCCESS or FAILED). Paste the Production URL of an SMEPay Trigger node here to act on it in another workflow.',
			},
		],
	},
];

export const description = [
	...updateDisplayOptions(
		{ show: { resource: ['payout'], operation: ['send', 'preview'] } },
		properties,
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
