import type { IDataObject, INode } from 'n8n-workflow';

import type { PayoutRequest } from '../../api/payouts';
import { InputChecker } from '../../validation/InputChecker';
import { amountForMode, paymentMode } from '../../validation/paymentMode';
import { referenceId, remarks } from '../../validation/payoutText';

/** One row of Send Payout's parameters as n8n resolved them (from a sheet: strings or numbers). */
export interface PayoutFields {
	referenceId: unknown;
	amount: unknown;
	paymentMode: unknown;
	beneficiaryName: unknown;
	beneficiaryAccount: unknown;
	beneficiaryIfsc: unknown;
	additionalFields: IDataObject;
}

/**
 * The pre-flight checks of one payout row, before any money call: every refusal names the field
 * and the item, and never repeats the beneficiary's name, account or IFSC. The rules themselves
 * are the money model's schemas in validation/.
 */
export function checkPayout(node: INode, itemIndex: number, fields: PayoutFields): PayoutRequest {
	const check = new InputChecker(node, itemIndex);
	const reference = check.parse('Reference ID', referenceId, fields.referenceId);
	const typed = check.amount('Amount', fields.amount);
	const mode = check.parse('Payment Mode', paymentMode, fields.paymentMode);
	const amount = check.parse('Amount', amountForMode(mode), typed);

	const beneficiaryName = check.text('Beneficiary Name', fields.beneficiaryName, {
		maxLength: 100,
	});
	const beneficiaryAccount = check.accountNumber(
		'Beneficiary Account Number',
		fields.beneficiaryAccount,
	);
	const beneficiaryIfsc = check.ifsc('Beneficiary IFSC', fields.beneficiaryIfsc);

	const extra = fields.additionalFields ?? {};
	const narration = check.parse('Remarks', remarks, extra.remarks);
	const callbackUrl =
		extra.callbackUrl === undefined || extra.callbackUrl === ''
			? undefined
			: check.url('Callback URL', extra.callbackUrl);

	return {
		reference_id: reference,
		amount: amount.rupees,
		payment_mode: mode,
		beneficiary_name: beneficiaryName,
		beneficiary_account: beneficiaryAccount,
		beneficiary_ifsc: beneficiaryIfsc,
		...(narration !== undefined && { remarks: narration }),
		...(callbackUrl !== undefined && { callback_url: callbackUrl }),
	};
}

/**
 * Items whose reference id an earlier item of the same input already uses: item → that earlier
 * item. Only the first row with a given reference id is ever sent.
 */
export function findRepeatedReferences(
	referenceIds: Array<string | undefined>,
): Map<number, number> {
	const firstItem = new Map<string, number>();
	const repeats = new Map<number, number>();
	referenceIds.forEach((referenceId, itemIndex) => {
		if (referenceId === undefined || referenceId === '') return;
		const first = firstItem.get(referenceId);
		if (first === undefined) firstItem.set(referenceId, itemIndex);
		else repeats.set(itemIndex, first);
	});
	return repeats;
}
