import { createHmac } from 'node:crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { TokenExchange } from './SmePayTokenExchange';

/**
 * What a stored token was issued for. n8n keeps the hidden token when someone edits a saved
 * credential, so after the Client ID and Secret (or the environment, Base URL or integration)
 * change, the old account's token would go on being sent until it expires: payouts from the
 * other merchant's wallet. So the token is stored with a digest of the exchange that issued it,
 * and a token whose digest no longer matches the credential's fields is exchanged again. A token
 * stored before there was a digest has none: it is exchanged again once.
 *
 * The digest is an HMAC-SHA256 keyed with the token itself over the exchange's URL and body
 * (environment or Base URL, integration, Client ID and Secret; partner code and email). It never
 * lets anyone recover the secret: it is a one-way function, and without the token it cannot even
 * be checked against a guess; the token is a random value SMEPay issues, changes with every
 * exchange, and is stored beside it in n8n's encrypted credential data.
 */
const VERSION = 'v1';

export function tokenBinding(token: string, exchange: Pick<TokenExchange, 'url' | 'body'>): string {
	const digest = createHmac('sha256', token)
		.update(JSON.stringify([exchange.url, exchange.body]))
		.digest('hex');
	return `${VERSION}:${digest}`;
}

/** Whether the stored token was issued for the credential's fields as they are now. */
export function isTokenFor(
	credentials: ICredentialDataDecryptedObject,
	exchange: Pick<TokenExchange, 'url' | 'body'>,
): boolean {
	const token = credentials.accessToken;
	if (typeof token !== 'string' || token === '') return false;
	return credentials.accessTokenFor === tokenBinding(token, exchange);
}
