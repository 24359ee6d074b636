import type { IDataObject, INode } from 'n8n-workflow';

import type { PayoutRequest } from '../../api/payouts';
import { formatRupees } from '../../validation/amount';
import { InputChecker } from '../../validation/InputChecker';

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

const PAYMENT_MODES = ['IMPS', 'NEFT', 'RTGS'] as const;
const IMPS_MAX_PAISE = 5_00_000_00;
const RTGS_MIN_PAISE = 2_00_000_00;

/**
 * The pre-flight checks of one payout row, before any money call: every refusal names the field
 * and the item, and never repeats the beneficiary's name, account or IFSC.
 */
export function checkPayout(node: INode, itemIndex: number, fields: PayoutFields): PayoutRequest {
	const check = new InputChecker(node, itemIndex);
	const referenceId = check.text('Reference ID', fields.referenceId);
	const amount = check.amount('Amount', fields.amount);

	const mode =
		String(fields.paymentMode ?? '')
			.trim()
			.toUpperCase() || 'IMPS';
	if (!(PAYMENT_MODES as readonly string[]).includes(mode)) {
		check.fail('Payment Mode', `"${mode}" is not IMPS, NEFT or RTGS`);
	}
	const paymentMode = mode as PayoutRequest['payment_mode'];
	if (paymentMode === 'IMPS' && amount.paise > IMPS_MAX_PAISE) {
		check.fail(
			'Amount',
			`${formatRupees(amount.paise)} is above the IMPS limit of ${formatRupees(IMPS_MAX_PAISE)}`,
			'Send it by NEFT or RTGS, or split it into several payouts.',
		);
	}
	if (paymentMode === 'RTGS' && amount.paise < RTGS_MIN_PAISE) {
		check.fail(
			'Amount',
			`${formatRupees(amount.paise)} is below the RTGS minimum of ${formatRupees(RTGS_MIN_PAISE)}`,
			'Send it by IMPS or NEFT.',
		);
	}

	const beneficiaryName = check.text('Beneficiary Name', fields.beneficiaryName, {
		maxLength: 100,
	});
	if (
		typeof fields.beneficiaryAccount === 'number' &&
		!Number.isSafeInteger(fields.beneficiaryAccount)
	) {
		// A sheet column read as a number loses the last digits of long account numbers: refuse it
		// rather than pay a different account.
		check.fail(
			'Beneficiary Account Number',
			'arrived as a number too long to be exact',
			'Format the account number column as text in the sheet, so every digit is kept.',
		);
	}
	const beneficiaryAccount = check.accountNumber(
		'Beneficiary Account Number',
		fields.beneficiaryAccount,
	);
	const beneficiaryIfsc = check.ifsc('Beneficiary IFSC', fields.beneficiaryIfsc);

	const extra = fields.additionalFields ?? {};
	const remarks = check.optionalText('Remarks', extra.remarks, { maxLength: 50 });
	const callbackUrl =
		extra.callbackUrl === undefined || extra.callbackUrl === ''
			? undefined
			: check.url('Callback URL', extra.callbackUrl);

	return {
		reference_id: referenceId,
		amount: amount.rupees,
		payment_mode: paymentMode,
		beneficiary_name: beneficiaryName,
		beneficiary_account: beneficiaryAccount,
		beneficiary_ifsc: beneficiaryIfsc,
		...(remarks !== undefined && { remarks }),
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
