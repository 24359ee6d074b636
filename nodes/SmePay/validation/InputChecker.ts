import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseAmount, type Amount } from './amount';

const IFSC = /^[A-Z]{4}0[A-Z0-9]{6}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URL_PATTERN = /^https?:\/\/[^\s]+$/i;

/**
 * Checks one item's inputs before any request. Every refusal names the field and the item and
 * says what a valid value looks like. Values marked `private` (beneficiary details) are never
 * repeated in the message.
 */
export class InputChecker {
	constructor(
		private readonly node: INode,
		readonly itemIndex: number,
	) {}

	fail(field: string, problem: string, description?: string): never {
		throw new NodeOperationError(this.node, `${field} ${problem} (item ${this.itemIndex})`, {
			itemIndex: this.itemIndex,
			description,
		});
	}

	text(field: string, value: unknown, { maxLength }: { maxLength?: number } = {}): string {
		const text =
			typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
		if (text === '')
			this.fail(field, 'is empty', `Fill in ${field}, or map it from the input data.`);
		if (maxLength !== undefined && text.length > maxLength) {
			this.fail(field, `is ${text.length} characters long; SMEPay accepts at most ${maxLength}`);
		}
		return text;
	}

	optionalText(field: string, value: unknown, options: { maxLength?: number } = {}) {
		if (value === undefined || value === null || value === '') return undefined;
		return this.text(field, value, options);
	}

	amount(field: string, value: unknown): Amount {
		const amount = parseAmount(value);
		if (amount === undefined) {
			this.fail(
				field,
				`"${String(value ?? '')}" is not a valid amount`,
				'Use a number above 0 in rupees with at most 2 decimals, like 100 or 100.50.',
			);
		}
		return amount;
	}

	ifsc(field: string, value: unknown): string {
		const ifsc = this.text(field, value).toUpperCase();
		if (!IFSC.test(ifsc)) {
			this.fail(
				field,
				'is not a valid IFSC',
				'An IFSC has 11 characters: 4 letters, a zero, then 6 letters or digits (like SBIN0001234).',
			);
		}
		return ifsc;
	}

	accountNumber(field: string, value: unknown): string {
		const account = this.text(field, value).replace(/\s/g, '');
		if (!/^\d{9,18}$/.test(account)) {
			this.fail(
				field,
				'is not a valid bank account number',
				'Use 9 to 18 digits, with no letters or symbols.',
			);
		}
		return account;
	}

	uuid(field: string, value: unknown): string {
		const id = this.text(field, value);
		if (!UUID.test(id)) {
			this.fail(
				field,
				`"${id}" is not a UUID`,
				'Use the `id` that SMEPay returned, like 7e9d3c12-a4f1-4b2e-9c3d-8e7f6a5b4c3d.',
			);
		}
		return id;
	}

	email(field: string, value: unknown): string {
		const email = this.text(field, value);
		if (!EMAIL.test(email)) this.fail(field, `"${email}" is not a valid email address`);
		return email;
	}

	mobile(field: string, value: unknown): string {
		const mobile = this.text(field, value).replace(/[\s-]/g, '');
		if (!/^(\+?91)?[6-9]\d{9}$/.test(mobile)) {
			this.fail(
				field,
				`"${mobile}" is not a valid Indian mobile number`,
				'Use 10 digits, optionally with +91.',
			);
		}
		return mobile;
	}

	url(field: string, value: unknown): string {
		const url = this.text(field, value);
		if (!URL_PATTERN.test(url)) this.fail(field, `"${url}" is not an http(s) URL`);
		return url;
	}

	/** A whole number of seconds within [min, max]. */
	seconds(field: string, value: unknown, min: number, max: number): number {
		const seconds = Number(value);
		if (!Number.isFinite(seconds) || seconds < min || seconds > max) {
			this.fail(field, `must be between ${min} and ${max} seconds`);
		}
		return seconds;
	}
}
