import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import {
	accessTokenProperty,
	bearerAuthentication,
	clientKeyProperties,
	clientKeysTestBody,
	environmentProperties,
} from './SmePayCredentialFields';
import { CREDENTIAL_CHECKS } from './common/credentialChecks';
import { SMEPAY_BASE_URL_EXPRESSION, smePayBaseUrl } from './common/environment';
import { exchangeToken } from './SmePayTokenExchange';

export class SmePayDisbursementApi implements ICredentialType {
	name = 'smePayDisbursementApi';

	displayName = 'SMEPay Disbursement API';

	icon: Icon = { light: 'file:../icons/smepay.svg', dark: 'file:../icons/smepay.dark.svg' };

	documentationUrl = 'https://github.com/smepay/n8n-nodes-smepay#credentials';

	properties: INodeProperties[] = [
		{
			displayName:
				'Payouts use their own keys, issued by the SMEPay admin per merchant — not the collection keys',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		...environmentProperties,
		...clientKeyProperties(),
		accessTokenProperty,
	];

	// The disbursement token lives 1 hour; n8n renews it when empty or after a 401.
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const accessToken = await exchangeToken(this.helpers, credentials, {
			apiName: 'SMEPay disbursement API',
			url: `${smePayBaseUrl(credentials)}/api/v1/disbursement/auth`,
			body: { client_id: credentials.clientId, client_secret: credentials.clientSecret },
			fieldsToCheck: CREDENTIAL_CHECKS.smePayDisbursementApi,
			answer: 'disbursement',
		});
		return { accessToken };
	}

	authenticate: IAuthenticate = bearerAuthentication;

	test: ICredentialTestRequest = {
		request: {
			baseURL: SMEPAY_BASE_URL_EXPRESSION,
			url: '/api/v1/disbursement/auth',
			method: 'POST',
			body: clientKeysTestBody,
		},
	};
}
