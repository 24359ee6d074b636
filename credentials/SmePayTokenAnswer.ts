import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

/**
 * What each SMEPay token exchange answers, checked rather than trusted: the token, and where the
 * answer says so, the token's lifetime and the keys' mode (Test or Live).
 */

const token = z.string().refine((value) => value.trim() !== '');

/** Seconds the token lives, when the answer says: above 0 (a numeric string counts too). */
const lifetime = z.preprocess(
	(value) =>
		value === null || value === '' ? undefined : typeof value === 'string' ? Number(value) : value,
	z.number().positive().optional(),
);

/** The keys' mode; an answer without it (or with something else there) is not checked. */
const mode = z.string().optional().catch(undefined);

export const TOKEN_ANSWERS = {
	/** Wizard and Inline DQR: `{ access_token, token_type, expires_in: 600, environment }`. */
	collection: z
		.object({ access_token: token, expires_in: lifetime, environment: mode })
		.transform((a) => ({ token: a.access_token, environment: a.environment })),
	/** Disbursement: `{ status, data: { token, expires_in: 3600 } }`. */
	disbursement: z
		.object({ data: z.object({ token, expires_in: lifetime }) })
		.transform((a) => ({ token: a.data.token, environment: undefined })),
	/** Partner: undocumented, so every place a token has been seen, first match wins. */
	partner: z
		.union([
			z.object({ token }).transform((a) => a.token),
			z.object({ access_token: token }).transform((a) => a.access_token),
			z.object({ data: z.object({ token }) }).transform((a) => a.data.token),
			z.object({ data: z.object({ access_token: token }) }).transform((a) => a.data.access_token),
		])
		.transform((found) => ({ token: found, environment: undefined })),
};

export type TokenAnswerKind = keyof typeof TOKEN_ANSWERS;

/** Where each kind of answer has its token, for the message when it has none. */
export const TOKEN_PATHS: Record<TokenAnswerKind, string[]> = {
	collection: ['access_token'],
	disbursement: ['data.token'],
	partner: ['token', 'access_token', 'data.token', 'data.access_token'],
};

export interface TokenAnswerCheck {
	kind: TokenAnswerKind;
	/** "SMEPay collection API" ... */
	apiName: string;
	/** When set, the answer's `environment` must match it (Test keys on the Live host and back). */
	expectedEnvironment?: string;
}

/** The token of an answer, or what is wrong with the answer, said for the user. */
export function readTokenAnswer(
	answer: unknown,
	{ kind, apiName, expectedEnvironment }: TokenAnswerCheck,
): { token: string } | { problem: string } {
	const parsed = TOKEN_ANSWERS[kind].safeParse(answer);
	if (!parsed.success) {
		// Only a bad lifetime is "no lifetime left"; an answer that also lacks the token is told
		// as having no token, with the keys it had (it is most likely not SMEPay's answer at all).
		if (parsed.error.issues.every((issue) => issue.path.includes('expires_in'))) {
			return {
				problem: `${apiName}: the token exchange answered a token that has no lifetime left (expires_in is not a number of seconds above 0). Check the Base URL points at SMEPay; if it does, contact SMEPay support.`,
			};
		}
		return {
			problem: `${apiName}: the token exchange answered without a token (looked for ${TOKEN_PATHS[kind].join(', ')}; the answer had ${describeKeys(answer)}). Check the Base URL points at SMEPay.`,
		};
	}
	const { environment } = parsed.data;
	if (expectedEnvironment && environment !== undefined && environment !== expectedEnvironment) {
		return {
			problem: `${apiName}: these keys belong to ${modeName(environment)} mode but the credential's Environment is ${modeName(expectedEnvironment)}. Set Environment to match the keys.`,
		};
	}
	return { token: parsed.data.token };
}

const modeName = (environment: string) => (environment === 'live' ? 'Live' : 'Test');

function describeKeys(answer: unknown): string {
	if (!answer || typeof answer !== 'object' || Array.isArray(answer)) return 'no JSON object';
	const keys = Object.keys(answer)
		.slice(0, 20)
		.map((key) => {
			const inner = (answer as IDataObject)[key];
			return inner && typeof inner === 'object' && !Array.isArray(inner)
				? `${key}{${Object.keys(inner).join(',')}}`
				: key;
		});
	return keys.length ? `keys ${keys.join(', ')}` : 'an empty object';
}
