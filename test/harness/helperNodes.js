'use strict';
// Plain n8n nodes the harness registers beside the package's own, for workflows that need a step
// n8n-nodes-base would take (not installed here). Each is a real INodeType the engine executes.

/**
 * "Rows": puts out the rows in its `rows` parameter (JSON), every one paired with its first input
 * item, as a spreadsheet node reading a sheet again after an approval step does.
 */
const rows = {
	description: {
		displayName: 'Rows',
		name: 'rows',
		group: ['transform'],
		version: 1,
		description: 'Test helper: puts out fixed rows',
		defaults: { name: 'Rows' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Rows', name: 'rows', type: 'json', default: '[]' }],
	},
	async execute() {
		const value = this.getNodeParameter('rows', 0);
		const list = typeof value === 'string' ? JSON.parse(value) : value;
		return [list.map((json) => ({ json, pairedItem: { item: 0 } }))];
	},
};

/** type name → node type, as loadNodeTypes takes them. */
const HELPER_NODE_TYPES = { 'test.rows': rows };

module.exports = { HELPER_NODE_TYPES };
