import type { INodeProperties } from 'n8n-workflow';

/** The SMEPay Trigger's parameters (README "SMEPay Trigger": events, statuses, verify; options secret, dedupe). */

export const OTHER_STATUSES = 'other';
/** The statuses the Statuses filter lists by name; any other one counts as "Other Statuses". */
export const LISTED_STATUSES = ['FAILED', 'INITIATED', 'PENDING', 'PROCESSING', 'SUCCESS'];

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'Paste this node\'s Production URL as the Callback URL in SMEPay → Create Order or Send Payout (the Test URL only while you click "Listen for test event"). With Verify With SMEPay on, each event is checked with SMEPay before the workflow starts (payouts by their ID; payments by the order slug when the request names one, else by SMEPay\'s transaction_id or the Order ID, ref_id): a confirmed one runs with verified: true, a forged one never. A payment SMEPay cannot confirm at all is handled as Options → Payments SMEPay Cannot Confirm says.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		options: [
			{
				name: 'Payment',
				value: 'payment',
				description: 'A customer payment for an order changed status (SUCCESS, FAILED, …)',
			},
			{
				name: 'Payout',
				value: 'payout',
				description: 'A bank payout reached its final status (SUCCESS or FAILED)',
			},
		],
		default: ['payment'],
		description:
			'Which SMEPay webhooks start the workflow. Others are answered "200 OK" and ignored.',
	},
	{
		displayName: 'Statuses',
		name: 'statuses',
		type: 'multiOptions',
		options: [
			{ name: 'Failed', value: 'FAILED' },
			{ name: 'Initiated (Payouts)', value: 'INITIATED' },
			{
				name: 'Other Statuses',
				value: OTHER_STATUSES,
				description: 'Any status not listed here, passed through exactly as SMEPay sent it',
			},
			{ name: 'Pending', value: 'PENDING' },
			{ name: 'Processing (Payouts)', value: 'PROCESSING' },
			{
				name: 'Success',
				value: 'SUCCESS',
				description:
					'Includes TEST_SUCCESS from Test mode (the output says testMode: true); refused under a Live credential',
			},
		],
		default: [],
		description:
			'Only these statuses start the workflow; others are answered "200 OK" and ignored. Leave empty for every status. A Pending, Initiated or Processing event that arrives after SMEPay already shows a later status still starts it once, with verification.stale: true and SMEPay\'s current status in verification.status.',
	},
	{
		displayName: 'Verify With SMEPay',
		name: 'verify',
		type: 'boolean',
		default: true,
		description:
			'Whether to ask SMEPay about the order or payout before the workflow starts, and start it only when SMEPay shows the same status and amount. SMEPay does not sign its webhooks, so without this anyone who learns the URL can send a fake "SUCCESS".',
	},
	{
		displayName:
			'Verification asks SMEPay with the credentials selected above: an SMEPay API credential for payments, an SMEPay Disbursement API credential for payouts, of the account and environment (Test/Live) the orders and payouts are made with. When SMEPay cannot be asked, or knows no such order or payout for the credential, SMEPay is answered "retry later" (503, it retries for about 2½ hours), the workflow does not start, and a wrong credential is reported in n8n\'s log.',
		name: 'verifyCredentialsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { verify: [true] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Payments SMEPay Cannot Confirm',
				name: 'unverifiablePayments',
				type: 'options',
				options: [
					{
						name: 'Start Workflow, Marked Unverified',
						value: 'emit',
						description:
							'The output says verified: false and why. Look the slug up by ref_id and run SMEPay → Validate Order before fulfilling.',
					},
					{
						name: 'Reject',
						value: 'reject',
						description:
							'Answer 422 and start nothing: SMEPay does not send it again. Only when SMEPay can confirm every real payment (its webhooks carry the slug, or every callback URL has ?slug=…).',
					},
				],
				default: 'emit',
				description:
					'What to do with a payment webhook SMEPay cannot confirm: it names no order slug, and SMEPay finds no order by its transaction_id or ref_id (or does not offer those lookups). Applies when Verify With SMEPay is on.',
			},
			{
				displayName: 'Secret',
				name: 'secret',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description:
					'When set, a request must carry it, as ?token=… at the end of the callback URL or in an x-smepay-token header; others are answered 401. Use a long random text.',
			},
			{
				displayName: 'Skip Repeated Deliveries',
				name: 'dedupe',
				type: 'boolean',
				default: true,
				description:
					'Whether an event already received (SMEPay retries, resends, the same order and status under another transaction ID) is answered "200 OK" without starting the workflow again. Remembers the last 1,000 paid events, 1,000 other events SMEPay confirmed and 1,000 deliveries it could not confirm. A fast first filter: for exactly once across n8n processes, claim each order or payout in a Data Table right after the trigger (see the fulfilment example).',
			},
		],
	},
];
