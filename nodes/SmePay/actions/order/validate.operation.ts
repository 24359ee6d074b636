import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { getOrderStatus, validateWizardOrder } from '../../api/orders';
import { plainStatus, type OrderStatus, type WizardValidation } from '../../api/schemas';
import { isTestModeStatus, testModeRefusal } from '../../api/testMode';
import { optionsCollection } from '../../helpers/sharedProperties';
import { updateDisplayOptions } from '../../helpers/updateDisplayOptions';
import type { SmePayClient } from '../../transport/SmePayClient';
import { parseAmount, type Amount } from '../../validation/amount';
import { InputChecker } from '../../validation/InputChecker';
import { readSlug, slugField } from './fields';

const properties: INodeProperties[] = [
	slugField,
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		required: true,
		default: '',
		placeholder: '100.50',
		description:
			'The amount the customer had to pay, in rupees (e.g. the shop order total). The order counts as paid only when SMEPay received exactly this amount.',
	},
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['validate'] } },
	properties,
);

/**
 * Validate: is the order paid in full? Wizard asks POST /api/wiz/external/order/validate; Inline
 * DQR reads POST /api/external/qr/status. Output `valid` is the one field to branch on.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: SmePayClient,
): Promise<INodeExecutionData> {
	const check = new InputChecker(this.getNode(), itemIndex);
	const slug = readSlug(check, this.getNodeParameter('slug', itemIndex));
	const amount = check.amount('Amount', this.getNodeParameter('amount', itemIndex));
	const validation = await validateOrder(client, slug, amount, itemIndex);
	return { json: { ...validation, slug, expectedAmount: amount.text } };
}

/** What Validate answers, on either integration. */
export type OrderValidation = (OrderStatus | WizardValidation) & Verdict;

type Verdict = { valid: boolean; payment_status: string; testMode: boolean; message: string };

/**
 * Is this order paid in full? Wizard has a validate endpoint; Inline DQR has none, so its answer is
 * read from the status call. On both, `valid` is true only when SMEPay says SUCCESS for this amount
 * (TEST_SUCCESS in Test mode, `testMode: true`, never on a Live credential: see api/testMode.ts).
 */
export async function validateOrder(
	client: SmePayClient,
	slug: string,
	amount: Amount,
	itemIndex: number,
): Promise<OrderValidation> {
	const credentials = await client.credentials();
	if (credentials.integration === 'inline') {
		const status = await getOrderStatus(client, slug, undefined, itemIndex);
		return { ...status, ...paidInFull(status, amount, credentials.environment) };
	}
	const answer = await validateWizardOrder(client, slug, amount.text, itemIndex);
	return { ...answer, ...wizardVerdict(answer, credentials.environment) };
}

/** The Wizard verdict: SMEPay checked the amount; its `valid` counts only with a paid status. */
export function wizardVerdict(
	answer: { valid?: unknown; payment_status?: unknown; message?: unknown },
	environment: unknown,
): Verdict {
	const paymentStatus = String(answer.payment_status ?? '');
	const testMode = isTestModeStatus(paymentStatus);
	const paid = answer.valid === true && plainStatus(paymentStatus) === 'SUCCESS';
	const refusal = paid && testMode ? testModeRefusal(environment) : undefined;
	const message =
		refusal ??
		(answer.valid === true && !paid
			? `SMEPay answered valid, but payment_status is ${paymentStatus || 'missing'}: not treated as paid`
			: String(answer.message ?? ''));
	return { valid: paid && refusal === undefined, payment_status: paymentStatus, testMode, message };
}

/** The Inline verdict from a status answer: SUCCESS, and the amount equal to the paisa. */
export function paidInFull(
	status: { payment_status?: unknown; amount?: unknown },
	expected: Amount,
	environment: unknown,
): Verdict {
	const paymentStatus = String(status.payment_status ?? '');
	const testMode = isTestModeStatus(paymentStatus);
	const notPaid = (message: string): Verdict => ({
		valid: false,
		payment_status: paymentStatus,
		testMode,
		message,
	});
	if (plainStatus(paymentStatus) !== 'SUCCESS') {
		return notPaid(`Order not paid: payment_status is ${paymentStatus || 'missing'}`);
	}
	const refusal = testMode ? testModeRefusal(environment) : undefined;
	if (refusal !== undefined) return notPaid(refusal);
	const paid = parseAmount(status.amount);
	if (paid === undefined || paid.paise !== expected.paise) {
		return notPaid(
			`Amount mismatch: order amount is ${paid?.text ?? String(status.amount)}, expected ${expected.text}`,
		);
	}
	return {
		valid: true,
		payment_status: paymentStatus,
		testMode,
		message: testMode ? 'Order paid in full (Test mode: no money moves)' : 'Order paid in full',
	};
}
