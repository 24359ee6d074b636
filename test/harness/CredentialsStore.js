'use strict';
const { ICredentialsHelper, NodeHelpers } = require('n8n-workflow');
const { Credentials } = require('n8n-core');

/**
 * The credentials helper n8n-core calls while a node runs, doing what n8n's own
 * CredentialsHelper (packages/cli) does: decrypt (here: read) with defaults applied, run the
 * credential's `preAuthentication` when its expirable field is empty or after a 401, store the
 * refreshed token (n8n keeps it in its database; here it stays in this store, so one exchange
 * serves every later item and execution), and apply the generic `authenticate` expressions.
 */
class CredentialsStore extends ICredentialsHelper {
	constructor(credentialTypes) {
		super();
		this.credentialTypes = credentialTypes;
		this.records = new Map();
		this.preAuthentications = [];
	}

	/** Stores a credential under an id; nodes refer to it as { [type]: { id, name } }. */
	add(id, type, data) {
		this.records.set(id, { type, data: { ...data } });
		return { [type]: { id, name: id } };
	}

	data(id) {
		return this.records.get(id).data;
	}

	type(name) {
		const type = this.credentialTypes[name];
		if (!type) throw new Error(`Unknown credential type ${name}`);
		return type;
	}

	getParentTypes() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	getCredentialsProperties(type) {
		return this.type(type).properties;
	}

	async getCredentials(nodeCredentials, type) {
		return new Credentials({ id: nodeCredentials.id, name: nodeCredentials.name }, type, '');
	}

	async getDecrypted(_additionalData, nodeCredentials, type) {
		const record = this.records.get(nodeCredentials.id);
		if (!record || record.type !== type) {
			throw new Error(`No credential of type ${type} with id ${nodeCredentials.id}`);
		}
		const withDefaults = NodeHelpers.getNodeParameters(
			this.type(type).properties,
			record.data,
			true,
			false,
			null,
			null,
		);
		return { ...withDefaults, ...record.data };
	}

	async updateCredentials(nodeCredentials, type, data) {
		const record = this.records.get(nodeCredentials.id);
		record.data = { ...record.data, ...data };
	}

	async updateCredentialsOauthTokenData() {}

	async preAuthentication(helpers, credentials, typeName, node, credentialsExpired) {
		const type = this.type(typeName);
		const expirable = type.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;

		// `expired`: this exchange replaces a token (n8n's 401 path, or the node emptying a refused
		// token itself), as opposed to the first exchange of an empty credential.
		const stored = node.credentials?.[typeName] && this.records.get(node.credentials[typeName].id);
		const replacesToken = Boolean(stored?.data[expirable.name]);
		this.preAuthentications.push({ type: typeName, expired: credentialsExpired || replacesToken });
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		if (node.credentials?.[typeName]) {
			await this.updateCredentials(node.credentials[typeName], typeName, output);
		}
		return Object.assign(credentials, output);
	}

	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		const { authenticate } = this.type(typeName);
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate?.type !== 'generic') return requestOptions;
		for (const [section, entries] of Object.entries(authenticate.properties)) {
			requestOptions[section] ??= {};
			for (const [key, value] of Object.entries(entries)) {
				const resolve = (v) =>
					typeof v === 'string' && v.startsWith('=')
						? String(
								workflow.expression.getSimpleParameterValue(
									node,
									v,
									'internal',
									{ $credentials: credentials },
									undefined,
									'',
								) ?? '',
							)
						: v;
				requestOptions[section][resolve(key)] = resolve(value);
			}
		}
		return requestOptions;
	}
}

module.exports = { CredentialsStore };
