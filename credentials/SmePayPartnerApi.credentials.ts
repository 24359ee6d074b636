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
	accessTokenForProperty,
	accessTokenProperty,
	bearerAuthentication,
} from './SmePayCredentialFields';
import { exchangeTokenAt, PARTNER_TOKEN, tokenEndpointTest } from './SmePayTokenEndpoints';

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
		// The rule judges by the name; this one is a secret: with the Email (no secret) it is all
		// SMEPay asks for a partner token. The name stays so saved credentials keep working.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{
			displayName: 'Partner Code',
			name: 'partnerCode',
			type: 'string',
			typeOptions: { password: true },
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
		accessTokenForProperty,
	];

	// SMEPay does not document the partner auth answer, so the token is looked for under every
	// key seen in practice.
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await exchangeTokenAt(PARTNER_TOKEN, this.helpers, credentials);
	}

	authenticate: IAuthenticate = bearerAuthentication;

	test: ICredentialTestRequest = tokenEndpointTest(PARTNER_TOKEN);
}
