import type { IDataObject } from 'n8n-workflow';

/** Where SMEPay lives: the Test and Live hosts, or a custom host such as the local sandbox. */

export const SMEPAY_HOSTS = {
	test: 'https://staging.smepay.in',
	live: 'https://extranet.smepay.in',
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
	return url.replace(/\/+$/, '');
}

/** An n8n expression giving the same base URL, for the credentials' `test` requests. */
export const SMEPAY_BASE_URL_EXPRESSION =
	`={{ $credentials.environment === 'custom' ? $credentials.baseUrl.replace(/\\/+$/, '') : ` +
	`($credentials.environment === 'live' ? '${SMEPAY_HOSTS.live}' : '${SMEPAY_HOSTS.test}') }}`;
