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
	clientKeyProperties,
	environmentProperties,
} from './SmePayCredentialFields';
import { DISBURSEMENT_TOKEN, exchangeTokenAt, tokenEndpointTest } from './SmePayTokenEndpoints';

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
		accessTokenForProperty,
	];

	// The disbursement token lives 1 hour; n8n renews it when empty or after a 401.
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await exchangeTokenAt(DISBURSEMENT_TOKEN, this.helpers, credentials);
	}

	authenticate: IAuthenticate = bearerAuthentication;

	test: ICredentialTestRequest = tokenEndpointTest(DISBURSEMENT_TOKEN);
}
