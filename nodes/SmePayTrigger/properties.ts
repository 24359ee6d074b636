import type { INodeProperties } from 'n8n-workflow';

/** The SMEPay Trigger's parameters (SPEC.md: events, statuses, verify; options secret, dedupe). */

export const OTHER_STATUSES = 'other';
/** The statuses the Statuses filter lists by name; any other one counts as "Other Statuses". */
export const LISTED_STATUSES = ['FAILED', 'INITIATED', 'PENDING', 'PROCESSING', 'SUCCESS'];

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'Paste this node\'s Production URL as the Callback URL in SMEPay → Create Order or Send Payout (the Test URL only while you click "Listen for test event"). Payment webhooks do not say which order slug they belong to: keep the slug Create Order returns, and before fulfilling look it up by the order ID (ref_id) and run SMEPay → Validate Order.',
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
				description: 'Includes TEST_SUCCESS from Test mode (the output says testMode: true)',
			},
		],
		default: [],
		description:
			'Only these statuses start the workflow; others are answered "200 OK" and ignored. Leave empty for every status.',
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
			'Verification asks SMEPay with the credentials selected above: an SMEPay API credential for payments, an SMEPay Disbursement API credential for payouts. Without the one an event needs, SMEPay is answered "retry later" (503) and the workflow does not start.',
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
				displayName: 'Payments Without Order Slug',
				name: 'unverifiablePayments',
				type: 'options',
				options: [
					{
						name: 'Start Workflow, Marked Unverified',
						value: 'emit',
						description:
							'The output says verified: false and why. Look the slug up and run SMEPay → Validate Order before fulfilling.',
					},
					{
						name: 'Reject',
						value: 'reject',
						description:
							"Answer 422 and start nothing. Only when every order's callback URL carries ?slug=….",
					},
				],
				default: 'emit',
				description:
					"What to do with a payment webhook that cannot be verified because it does not name its order slug (SMEPay's documented payload does not). Applies when Verify With SMEPay is on.",
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
					'Whether an event already received (SMEPay retries, resends) is answered "200 OK" without starting the workflow again. Remembers the last 1,000 events of this workflow.',
			},
		],
	},
];
