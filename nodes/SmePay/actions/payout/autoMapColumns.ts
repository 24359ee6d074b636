import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * One row of Send Payout's parameters as n8n resolved them (from a sheet: strings or numbers), from
 * its mapped fields or its columns; payoutRow.ts checks them.
 */
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
 * Data Mode "Auto-Map Input Data": a row's payout fields read straight from its columns, with no
 * expression per field (n8n evaluates each expression in its sandbox, which in a bulk run costs
 * more than the payout call). A column matches whatever its spelling: `reference_id`,
 * `Reference ID` and `referenceId` are one column.
 */
const COLUMNS = {
	referenceId: { label: 'Reference ID', column: 'reference_id' },
	amount: { label: 'Amount', column: 'amount' },
	paymentMode: { label: 'Payment Mode', column: 'payment_mode' },
	beneficiaryName: { label: 'Beneficiary Name', column: 'beneficiary_name' },
	beneficiaryAccount: {
		label: 'Beneficiary Account Number',
		column: 'beneficiary_account',
		aliases: ['Beneficiary Account Number'],
	},
	beneficiaryIfsc: { label: 'Beneficiary IFSC', column: 'beneficiary_ifsc' },
	remarks: { label: 'Remarks', column: 'remarks' },
	callbackUrl: { label: 'Callback URL', column: 'callback_url' },
} as const;

type Column = keyof typeof COLUMNS;

const REQUIRED: Column[] = [
	'referenceId',
	'amount',
	'beneficiaryName',
	'beneficiaryAccount',
	'beneficiaryIfsc',
];
const OPTIONAL: Column[] = ['paymentMode', 'remarks', 'callbackUrl'];

/** The columns in the API's spelling, for hints and the node's notice. */
export const REQUIRED_COLUMNS = REQUIRED.map((column) => COLUMNS[column].column).join(', ');
export const OPTIONAL_COLUMNS = OPTIONAL.map((column) => COLUMNS[column].column).join(', ');

const normalise = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');

const COLUMN_BY_NAME = new Map<string, Column>(
	(Object.keys(COLUMNS) as Column[]).flatMap((column) => {
		const spec: { column: string; aliases?: readonly string[] } = COLUMNS[column];
		return [spec.column, ...(spec.aliases ?? [])].map((name) => [normalise(name), column] as const);
	}),
);

/** The row's Reference ID column as it is, or undefined: read first, so any failing row names it. */
export function referenceIdFromColumns(row: IDataObject): unknown {
	const key = Object.keys(row).find(
		(name) => COLUMN_BY_NAME.get(normalise(name)) === 'referenceId',
	);
	return key === undefined ? undefined : row[key];
}

/** Where a row has no value of its own: the node's Payment Mode and Additional Fields. */
export interface ColumnDefaults {
	paymentMode: unknown;
	additionalFields: IDataObject;
}

/**
 * One row's payout fields from its columns. Optional columns that are missing or empty take the
 * node's parameters; a required column that is missing fails here, naming it and the item (the
 * values themselves are checked by checkPayout like those of mapped fields).
 */
export function payoutFieldsFromColumns(
	node: INode,
	itemIndex: number,
	row: IDataObject,
	defaults: ColumnDefaults,
): PayoutFields {
	const found: Partial<Record<Column, { key: string; value: unknown }>> = {};
	for (const [key, value] of Object.entries(row)) {
		const column = COLUMN_BY_NAME.get(normalise(key));
		if (column === undefined) continue;
		const earlier = found[column];
		if (earlier !== undefined) {
			throw new NodeOperationError(
				node,
				`${COLUMNS[column].label} is given twice, as "${earlier.key}" and as "${key}" (item ${itemIndex})`,
				{ itemIndex, description: 'Keep one of the two columns, so it is clear which is paid.' },
			);
		}
		found[column] = { key, value };
	}

	const given = (column: Column) => {
		const value = found[column]?.value;
		return value === undefined || value === null || value === '' ? undefined : value;
	};
	const required = (column: Column) => {
		const cell = found[column];
		if (cell === undefined) {
			throw new NodeOperationError(
				node,
				`${COLUMNS[column].label} is missing: the input has no ${COLUMNS[column].column} column (item ${itemIndex})`,
				{
					itemIndex,
					description: `With Data Mode "Auto-Map Input Data", every row needs the columns ${REQUIRED_COLUMNS} (any spelling, e.g. "Reference ID"). This item has: ${columnList(row)}. Rename the columns, or set Data Mode to "Map Each Field Below".`,
				},
			);
		}
		return cell.value;
	};

	const remarks = given('remarks');
	const callbackUrl = given('callbackUrl');
	return {
		referenceId: required('referenceId'),
		amount: required('amount'),
		paymentMode: given('paymentMode') ?? defaults.paymentMode,
		beneficiaryName: required('beneficiaryName'),
		beneficiaryAccount: required('beneficiaryAccount'),
		beneficiaryIfsc: required('beneficiaryIfsc'),
		additionalFields: {
			...defaults.additionalFields,
			...(remarks !== undefined && { remarks: remarks as string }),
			...(callbackUrl !== undefined && { callbackUrl: callbackUrl as string }),
		},
	};
}

/** The row's column names (never their values: they hold beneficiary details). */
function columnList(row: IDataObject): string {
	const keys = Object.keys(row);
	if (keys.length === 0) return 'no columns';
	const shown = keys.slice(0, 15).map((key) => `"${key}"`);
	return keys.length > shown.length ? `${shown.join(', ')}, …` : shown.join(', ');
}
