import { z } from 'zod';

/**
 * How the money model's schemas refuse a value: a zod issue whose message is the problem as the
 * user reads it after the field name ("looks like it has a decimal comma"), with the hint on what
 * to do in its params. InputChecker turns it into the error users see.
 */
export interface Refusal {
	problem: string;
	hint?: string;
}

/** Adds the refusal to the zod context; returns z.NEVER, the value of a refused transform. */
export function refuse(ctx: z.RefinementCtx, problem: string, hint?: string): never {
	ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem, params: { hint } });
	return z.NEVER;
}

/** An empty value: the hint names the field, so the adapter writes it. */
export const EMPTY = 'is empty';

/** The refusal a zod issue carries; an issue of zod's own says only that the value is not valid. */
export function refusalOf(issue: z.ZodIssue | undefined): Refusal {
	if (issue?.code !== z.ZodIssueCode.custom) return { problem: 'is not valid' };
	const hint: unknown = issue.params?.hint;
	return { problem: issue.message, hint: typeof hint === 'string' ? hint : undefined };
}

/** A value as messages quote it: strings in quotes and cut short, numbers as JavaScript prints them. */
export function quoted(value: string | number): string {
	if (typeof value === 'number') return String(value);
	return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
}

/** What kind of non-text, non-number value arrived, for "is a list, not one amount". */
export function kindOf(value: unknown): 'a list' | 'an object' | 'true or false' | 'not text' {
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'boolean') return 'true or false';
	if (typeof value === 'object' && value !== null) return 'an object';
	return 'not text';
}

/** undefined, null, or text that is only spaces. */
export function isBlank(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}
