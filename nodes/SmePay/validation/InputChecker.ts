import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { z } from 'zod';

import type { Amount } from './amount';
import { accountNumber, ifsc } from './beneficiary';
import { EMPTY, refusalOf } from './refusal';
import { typedAmount } from './typedAmount';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URL_PATTERN = /^https?:\/\/[^\s]+$/i;

/**
 * Checks one item's inputs before any request. Every refusal names the field and the item and
 * says what a valid value looks like. Beneficiary details are never repeated in the message.
 * The money model's rules are zod schemas (typedAmount.ts, beneficiary.ts, paymentMode.ts,
 * payoutText.ts); `parse` is the one adapter from their refusals to the error users see.
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

	/** The schema's value, or the error "<field> <problem> (item N)" with what to do. */
	parse<Output>(
		field: string,
		schema: z.ZodType<Output, z.ZodTypeDef, unknown>,
		value: unknown,
	): Output {
		const result = schema.safeParse(value);
		if (result.success) return result.data;
		const { problem, hint } = refusalOf(result.error.issues[0]);
		return this.fail(
			field,
			problem,
			hint ?? (problem === EMPTY ? `Fill in ${field}, or map it from the input data.` : undefined),
		);
	}

	/** An amount a person or a sheet typed (see typedAmount.ts). */
	amount(field: string, value: unknown): Amount {
		return this.parse(field, typedAmount, value);
	}

	ifsc(field: string, value: unknown): string {
		return this.parse(field, ifsc, value);
	}

	accountNumber(field: string, value: unknown): string {
		return this.parse(field, accountNumber, value);
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

	/**
	 * A URL to send: never repeated in the error, since a callback URL may carry the SMEPay
	 * Trigger's Secret (?token=…). The error says what is wrong instead.
	 */
	url(field: string, value: unknown): string {
		const url = this.text(field, value);
		if (!URL_PATTERN.test(url)) {
			this.fail(
				field,
				/\s/.test(url) ? 'contains a space' : 'does not start with http:// or https://',
				`Paste the SMEPay Trigger's Production URL as it is (with ?token=… when the trigger has a Secret), like https://n8n.example.com/webhook/…/webhook. The value is not shown here because it may hold that Secret.`,
			);
		}
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
