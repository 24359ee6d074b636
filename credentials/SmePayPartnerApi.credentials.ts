import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { CREDENTIAL_CHECKS } from './common/credentialChecks';
import { PARTNER_BASE_URL_EXPRESSION, partnerBaseUrl } from './common/environment';
import { accessTokenProperty, bearerAuthentication } from './SmePayCredentialFields';
import { exchangeToken } from './SmePayTokenExchange';

export class SmePayPartnerApi implements ICredentialType {
	name = 'smePayPartnerApi';

	displayName = 'SMEPay Partner API';

	icon: Icon = { light: 'file:../icons/smepay.svg', dark: 'file:../icons/smepay.dark.svg' };

	documentationUrl = 'https://github.com/smepay/n8n-nodes-smepay#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://partner.smepay.in',
			required: true,
		},
		{
			displayName: 'Partner Code',
			name: 'partnerCode',
			type: 'string',
			default: '',
			required: true,
			description: 'The partner (TSP) code SMEPay issued to you',
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			required: true,
			description: 'The email registered with your SMEPay partner account',
		},
		accessTokenProperty,
	];

	// SMEPay does not document the partner auth answer, so the token is looked for under every
	// key seen in practice.
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const accessToken = await exchangeToken(this.helpers, credentials, {
			apiName: 'SMEPay partner API',
			url: `${partnerBaseUrl(credentials)}/api/partner/merchants/tsp/auth`,
			body: { partner_code: credentials.partnerCode, email: credentials.email },
			fieldsToCheck: CREDENTIAL_CHECKS.smePayPartnerApi,
			answer: 'partner',
		});
		return { accessToken };
	}

	authenticate: IAuthenticate = bearerAuthentication;

	test: ICredentialTestRequest = {
		request: {
			baseURL: PARTNER_BASE_URL_EXPRESSION,
			url: '/api/partner/merchants/tsp/auth',
			method: 'POST',
			body: {
				partner_code: '={{$credentials.partnerCode}}',
				email: '={{$credentials.email}}',
			},
		},
	};
}
