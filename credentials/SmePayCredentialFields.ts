import type {
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { SMEPAY_HOSTS } from './common/environment';
import { readTokenExchangeChannel } from './SmePayTokenExchange';

/** The fields and the Bearer authentication the SMEPay credentials share. */

/** The Environment and Base URL fields shared by the collection and disbursement credentials. */
export const environmentProperties: INodeProperties[] = [
	{
		displayName: 'Environment',
		name: 'environment',
		type: 'options',
		options: [
			{
				name: 'Test',
				value: 'test',
				description: `${SMEPAY_HOSTS.test}, for Test-mode keys: no real money moves`,
			},
			{
				name: 'Live',
				value: 'live',
				description: `${SMEPAY_HOSTS.live}, for Live-mode keys: real money`,
			},
			{
				name: 'Custom',
				value: 'custom',
				description: 'Another host, such as the local SMEPay sandbox (npm run sandbox)',
			},
		],
		default: 'test',
		description:
			'SMEPay binds each Client ID to Test or Live mode; pick the one your keys were issued for',
	},
	{
		displayName: 'Base URL',
		name: 'baseUrl',
		type: 'string',
		default: '',
		placeholder: 'http://127.0.0.1:4010',
		required: true,
		displayOptions: { show: { environment: ['custom'] } },
	},
];

/** Client ID and Client Secret, as the collection and disbursement credentials ask for them. */
export function clientKeyProperties(clientIdDescription?: string): INodeProperties[] {
	return [
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			...(clientIdDescription ? { description: clientIdDescription } : {}),
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
	];
}

/**
 * The token, hidden and expirable: n8n runs the credential's preAuthentication when it is empty,
 * and again after an answer of 401, and stores what it returns with the credential.
 */
export const accessTokenProperty: INodeProperties = {
	displayName: 'Access Token',
	name: 'accessToken',
	type: 'hidden',
	typeOptions: { expirable: true, password: true },
	default: '',
};

/** What the stored token was issued for: a digest, never the secret (SmePayTokenBinding.ts). */
export const accessTokenForProperty: INodeProperties = {
	displayName: 'Access Token Issued For',
	name: 'accessTokenFor',
	type: 'hidden',
	typeOptions: { password: true },
	default: '',
};

/**
 * Sends the stored token as `Authorization: Bearer`. A function rather than n8n's generic
 * `={{$credentials.accessToken}}` form: n8n evaluates a generic expression for every request (in
 * n8n 2.x inside its expression sandbox), which costs a bulk payout more than the request itself.
 */
export async function bearerAuthentication(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	// n8n calls this right before the request, after any token exchange: the node's client cuts the
	// request's timeout to what its time budget has left.
	const timeoutMs = readTokenExchangeChannel(credentials)?.timeoutMs;
	return {
		...requestOptions,
		...(timeoutMs ? { timeout: timeoutMs() } : {}),
		headers: {
			...requestOptions.headers,
			Authorization: `Bearer ${String(credentials.accessToken ?? '')}`,
		},
	};
}
