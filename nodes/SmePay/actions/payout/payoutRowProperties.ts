import type { INodeProperties } from 'n8n-workflow';

import { OPTIONAL_COLUMNS, REQUIRED_COLUMNS } from './autoMapColumns';

/** Shown only when the row's fields are mapped one by one (Data Mode "Map Each Field Below"). */
const mappedOneByOne = { show: { dataMode: ['defineBelow'] } };

/**
 * The parameters of one row, shared with Preview Payouts: one definition, so that switching a
 * node between Send and Preview keeps its mapping, and both read the same fields.
 */
export const payoutRowProperties: INodeProperties[] = [
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
