import type { IDataObject } from 'n8n-workflow';
import type { z } from 'zod';

import { redactUrls } from '../../../credentials/common/redactUrls';

/**
 * SMEPay answered, but not with what it documents (or not for what was asked): what happened is
 * not known from the answer. Thrown by the api functions, which have no node; runItems turns it
 * into a NodeOperationError, or an error item under Continue On Fail.
 */
export class UnexpectedAnswerError extends Error {
	description: string;

	context: IDataObject;

	constructor(message: string, description: string, itemIndex: number) {
		super(message);
		this.name = 'UnexpectedAnswerError';
		this.description = description;
		this.context = { itemIndex };
	}
}

export interface AnswerContext {
	/** Names the call: "Send Payout". */
	action: string;
	itemIndex: number;
	/** What to do, for this call: did it change anything, where to look before trying again. */
	whatToDo: string;
}

/**
 * SMEPay's answer checked against its schema: the typed answer (fields SMEPay adds beyond the
 * schema kept), or an UnexpectedAnswerError saying what is wrong with it.
 */
export function readAnswer<S extends z.ZodTypeAny>(
	schema: S,
	answer: unknown,
	context: AnswerContext,
): z.infer<S> {
	if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) {
		throw unexpectedAnswer(
			context,
			`is not JSON${preview(answer)}: it did not come from SMEPay (a proxy or captive portal in between?)`,
		);
	}
	const { status, message } = answer as { status?: unknown; message?: unknown };
	if (status === false) {
		const said = typeof message === 'string' && message !== '' ? `: "${message}"` : '';
		throw unexpectedAnswer(context, `says status false${said}`);
	}
	const parsed = schema.safeParse(answer);
	if (!parsed.success) {
		throw unexpectedAnswer(
			context,
			`is not what SMEPay documents: ${describeIssues(parsed.error.issues)}`,
		);
	}
	return parsed.data;
}

/** "SMEPay's Send Payout answer <what> (item 3)", with the call's what-to-do. */
export function unexpectedAnswer(context: AnswerContext, what: string): UnexpectedAnswerError {
	// `what` may quote the answer, and an answer may quote the callback URL with its ?token=.
	return new UnexpectedAnswerError(
		`SMEPay's ${context.action} answer ${redactUrls(what)} (item ${context.itemIndex})`,
		context.whatToDo,
		context.itemIndex,
	);
}

/** An answer as an output item's JSON: it came from JSON, so it is one. */
export function asItemJson(answer: object): IDataObject {
	return answer as IDataObject;
}

function describeIssues(issues: z.ZodIssue[]): string {
	return issues
		.slice(0, 3)
		.map((issue) => {
			const field = issue.path.join('.');
			const named = field === '' ? '' : `${field} `;
			if (issue.code === 'invalid_type' && issue.received === 'undefined') {
				return `${field || 'the answer'} is missing`;
			}
			if (issue.code === 'too_small' && issue.type === 'string') return `${named}is empty`;
			if (issue.code === 'custom') return `${named}${issue.message}`;
			return `${named}${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`;
		})
		.join('; ');
}

function preview(answer: unknown): string {
	if (typeof answer !== 'string' || answer.trim() === '') return '';
	const text = answer.replace(/\s+/g, ' ').trim();
	return ` ("${text.length > 60 ? `${text.slice(0, 60)}…` : text}")`;
}
