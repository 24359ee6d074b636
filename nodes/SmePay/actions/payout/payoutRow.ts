import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { PayoutRequest } from '../../api/payouts';
import { withItemOutput } from '../../helpers/runItems';
import { InputChecker } from '../../validation/InputChecker';
import { amountForMode, paymentMode } from '../../validation/paymentMode';
import { referenceId, remarks } from '../../validation/payoutText';
import {
	payoutFieldsFromColumns,
	referenceIdFromColumns,
	type PayoutFields,
} from './autoMapColumns';

// Send Payout's rows: each one read (mapped fields or Auto-Map columns) and checked.

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

/** Each item's checked payout, or why it will not be sent. */
export type Row = { payout: PayoutRequest } | { problem: Error };

/** One item as read: its row, its Reference ID, and its fields as n8n gave them, before any check. */
export interface ReadRow {
	row: Row;
	referenceId: string | undefined;
	/** Absent when the fields could not be read at all (a missing column, a failing expression). */
	fields?: PayoutFields;
	/** With Auto-Map: the item's columns. */
	columns?: IDataObject;
}

/**
 * Every item of the input read and checked, and the Reference IDs across items: an item whose
 * Reference ID an earlier item uses is refused. The one path by which Send Payout and Preview
 * Payouts see rows, so a row Preview accepts is a row Send sends.
 */
export function readPayoutRows(ctx: IExecuteFunctions, itemCount: number): ReadRow[] {
	const autoMap = ctx.getNodeParameter('dataMode', 0, 'defineBelow') === 'autoMapInputData';
	const items = ctx.getInputData();
	const reads: ReadRow[] = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		reads.push(readPayoutRow(ctx, itemIndex, autoMap ? items[itemIndex].json : undefined));
	}
	const referenceIds = reads.map((read) => read.referenceId);
	for (const [itemIndex, firstItem] of findRepeatedReferences(referenceIds)) {
		const referenceId = referenceIds[itemIndex] as string;
		reads[itemIndex].row = {
			problem: repeatedReferenceError(ctx.getNode(), referenceId, itemIndex, firstItem),
		};
	}
	return reads;
}

/**
 * One item's row, read from its mapped fields or, with Auto-Map, from `columns` (the item's JSON),
 * and checked. A row that fails comes back as its problem, carrying the Reference ID when it has
 * one.
 */
export function readPayoutRow(
	ctx: IExecuteFunctions,
	itemIndex: number,
	columns: IDataObject | undefined,
): ReadRow {
	const node = ctx.getNode();
	let rowReference: string | undefined;
	let fields: PayoutFields | undefined;
	try {
		// Read first and on its own, so that an item failing any later check still names it.
		const reference = columns
			? referenceIdFromColumns(columns)
			: ctx.getNodeParameter('referenceId', itemIndex);
		rowReference = referenceText(reference);
		fields = columns
			? payoutFieldsFromColumns(node, itemIndex, columns, {
					paymentMode: ctx.getNodeParameter('paymentMode', itemIndex, 'IMPS'),
					additionalFields: readAdditionalFields(ctx, itemIndex),
				})
			: { referenceId: reference, ...readOtherFields(ctx, itemIndex) };
		const row = { payout: checkPayout(node, itemIndex, fields) };
		return { row, referenceId: rowReference, fields, columns };
	} catch (error) {
		return {
			row: { problem: withItemOutput(error as Error, itemOutput(rowReference)) },
			referenceId: rowReference,
			fields,
			columns,
		};
	}
}

/** The error of a row whose Reference ID an earlier row of this input already uses. */
export function repeatedReferenceError(
	node: INode,
	referenceId: string,
	itemIndex: number,
	firstItem: number,
): Error {
	const error = new NodeOperationError(
		node,
		`Reference ID "${referenceId}" of item ${itemIndex} is already used by item ${firstItem} of this input`,
		{
			itemIndex,
			description:
				'Only the first row with a given Reference ID is paid; this row was not sent. Give every payment its own Reference ID.',
		},
	);
	return withItemOutput(error, { reference_id: referenceId });
}

function readOtherFields(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Omit<PayoutFields, 'referenceId'> {
	return {
		amount: ctx.getNodeParameter('amount', itemIndex),
		paymentMode: ctx.getNodeParameter('paymentMode', itemIndex, 'IMPS'),
		beneficiaryName: ctx.getNodeParameter('beneficiaryName', itemIndex),
		beneficiaryAccount: ctx.getNodeParameter('beneficiaryAccount', itemIndex),
		beneficiaryIfsc: ctx.getNodeParameter('beneficiaryIfsc', itemIndex),
		additionalFields: readAdditionalFields(ctx, itemIndex),
	};
}

function readAdditionalFields(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	return ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
}

function referenceText(value: unknown): string | undefined {
	const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : '';
	return text === '' ? undefined : text;
}

function itemOutput(referenceId: string | undefined): IDataObject {
	return referenceId === undefined ? {} : { reference_id: referenceId };
}
