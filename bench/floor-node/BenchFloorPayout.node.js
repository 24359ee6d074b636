'use strict';
// The floor for bulk payouts inside n8n: what any community node must do at the least to send a
// payout per row. One `httpRequestWithAuthentication` per row with the SMEPay Disbursement
// credential, read and decrypted once per run (like the SMEPay node), `concurrency` calls in
// flight, the row's columns sent as they are. No checks, no retries, no error mapping. The
// first row goes alone so that n8n exchanges the token once for the run (the credential's
// preAuthentication writes it into the shared copy); the SMEPay node also makes one exchange.
// n8n's request helper builds a new HTTP agent (a new connection) per call: that cost is the
// floor's too, which is what makes it the fair bound for the SMEPay node.

const CREDENTIAL = 'smePayDisbursementApi';
const PAYOUTS_PATH = '/api/v1/disbursement/payouts';

class BenchFloorPayout {
	description = {
		displayName: 'Bench Floor Payout',
		name: 'benchFloorPayout',
		icon: 'fa:tachometer-alt',
		group: ['output'],
		version: 1,
		description: "Bench only: one SMEPay payout call per row through n8n's request helper",
		defaults: { name: 'Bench Floor Payout' },
		inputs: ['main'],
		outputs: ['main'],
		usableAsTool: false,
		credentials: [{ name: CREDENTIAL, required: true }],
		properties: [
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				default: 5,
				description: 'Calls in flight at once',
			},
		],
	};

	async execute() {
		const items = this.getInputData();
		const concurrency = Math.max(1, Number(this.getNodeParameter('concurrency', 0)) || 1);
		const credentials = await this.getCredentials(CREDENTIAL);
		if (credentials.environment !== 'custom')
			throw new Error('The bench floor node talks to a custom base URL only');
		const url = `${String(credentials.baseUrl).replace(/\/+$/, '')}${PAYOUTS_PATH}`;
		const decrypted = { id: '', name: '', type: CREDENTIAL, data: credentials };
		const send = (i) => {
			const row = items[i].json;
			return this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL,
				{
					method: 'POST',
					url,
					json: true,
					body: {
						reference_id: row.reference_id,
						amount: row.amount,
						payment_mode: 'IMPS',
						beneficiary_name: row.beneficiary_name,
						beneficiary_account: row.beneficiary_account,
						beneficiary_ifsc: row.beneficiary_ifsc,
						remarks: row.remarks,
					},
				},
				{ credentialsDecrypted: decrypted },
			);
		};
		const out = new Array(items.length);
		if (items.length > 0) out[0] = await send(0);
		let next = 1;
		const lane = async () => {
			while (next < items.length) {
				const i = next++;
				out[i] = await send(i);
			}
		};
		await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
		return [out.map((json, i) => ({ json, pairedItem: { item: i } }))];
	}
}

module.exports = { BenchFloorPayout };
