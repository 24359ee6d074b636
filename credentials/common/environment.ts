import type { IDataObject } from 'n8n-workflow';

import type { SmePayCredentialType } from './credentialChecks';

/** Where SMEPay lives: the Test and Live hosts, or a custom host such as the local sandbox. */

export const SMEPAY_HOSTS = {
	test: 'https://staging.smepay.in',
	live: 'https://extranet.smepay.in',
} as const;

/** The path prefix of each collection integration: Wizard (checkout widget) or Inline DQR. */
export const INTEGRATION_PREFIX = {
	wizard: '/api/wiz/external',
	inline: '/api/external',
} as const;

/** The base URL a credential points at: Test, Live, or a custom host such as the local sandbox. */
export function smePayBaseUrl(credentials: IDataObject): string {
	const environment = credentials.environment as string;
	const url =
		environment === 'custom'
			? String(credentials.baseUrl ?? '')
			: SMEPAY_HOSTS[environment as keyof typeof SMEPAY_HOSTS];
	if (!url) {
		throw new Error('SMEPay credential: set a Base URL when Environment is "Custom"');
	}
	return trimSlashes(url);
}

/** The partner credential's base URL: its Base URL field, as typed. */
export function partnerBaseUrl(credentials: IDataObject): string {
	return trimSlashes(String(credentials.baseUrl));
}

/** The base URL of any of the three credentials. */
export function credentialBaseUrl(type: SmePayCredentialType, credentials: IDataObject): string {
	return type === 'smePayPartnerApi' ? partnerBaseUrl(credentials) : smePayBaseUrl(credentials);
}

/** The path prefix of the collection credential's integration (Wizard unless Inline DQR). */
export function collectionPrefix(credentials: IDataObject): string {
	return credentials.integration === 'inline'
		? INTEGRATION_PREFIX.inline
		: INTEGRATION_PREFIX.wizard;
}

const trimSlashes = (url: string) => url.replace(/\/+$/, '');

/** n8n expressions giving the same base URLs and prefix, for the credentials' `test` requests. */
export const SMEPAY_BASE_URL_EXPRESSION =
	`={{ $credentials.environment === 'custom' ? $credentials.baseUrl.replace(/\\/+$/, '') : ` +
	`($credentials.environment === 'live' ? '${SMEPAY_HOSTS.live}' : '${SMEPAY_HOSTS.test}') }}`;

export const PARTNER_BASE_URL_EXPRESSION = '={{$credentials.baseUrl.replace(/\\/+$/, "")}}';

export const COLLECTION_PREFIX_EXPRESSION = `={{ $credentials.integration === 'inline' ? '${INTEGRATION_PREFIX.inline}' : '${INTEGRATION_PREFIX.wizard}' }}`;
