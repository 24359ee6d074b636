'use strict';
// n8n Data Tables through the REST API the editor uses (/rest/projects/:projectId/data-tables),
// the same in n8n 2.41.x and 1.123.x (n8n's public API has data tables only from 2.x on). Used by
// `npm start` to set up the pay-run table and by the e2e suite to read and edit it as a person
// would in the editor's table view.
//   const tables = dataTables(api);   // api: a logged-in client from restApi.js
//   const table = await tables.ensure({ name, columns: [{ name: 'amount', type: 'string' }] });
//   await tables.insertRows(table.id, [{ amount: '10.00' }]);
//   await tables.listRows(table.id, { filter: { type: 'and', filters: [...] } });
//   await tables.updateRow(table.id, rowId, { amount: '12.00' });
// Filters: { type: 'and' | 'or', filters: [{ columnName, condition, value }] }; conditions both
// versions know: eq, neq, like, ilike, gt, gte, lt, lte (value null: IS NULL / IS NOT NULL).

const PAGE = 500;

function dataTables(client) {
	let projectId;

	// Tables belong to a project; the logged-in user's own one is where the editor creates them.
	async function base() {
		if (!projectId) ({ id: projectId } = (await client.get('/rest/projects/personal')).data);
		return `/rest/projects/${projectId}/data-tables`;
	}

	const api = {
		/** The table of this name in the user's project, or undefined. */
		async find(name) {
			const filter = encodeURIComponent(JSON.stringify({ name }));
			const { data } = await client.get(`${await base()}?filter=${filter}&take=${PAGE}`);
			return data.data.find((table) => table.name === name);
		},

		/** Creates the table: columns [{ name, type: 'string' | 'number' | 'boolean' | 'date' }]. */
		async create({ name, columns }) {
			const { data } = await client.post(await base(), { name, columns });
			return data;
		},

		/**
		 * The table of this name, created when it is not there. A table that exists but lacks some of
		 * the columns gets them (a person may have deleted one); columns it has are left as they are.
		 */
		async ensure({ name, columns }) {
			const found = await api.find(name);
			if (!found) return { ...(await api.create({ name, columns })), created: true };
			const have = new Set((await api.columns(found.id)).map((column) => column.name));
			for (const column of columns.filter((c) => !have.has(c.name)))
				await client.post(`${await base()}/${found.id}/columns`, column);
			return { ...found, created: false };
		},

		async columns(tableId) {
			const { data } = await client.get(`${await base()}/${tableId}/columns`);
			return data;
		},

		/** Inserts rows ({ column: value }); returns them as stored (with id, createdAt, updatedAt). */
		async insertRows(tableId, rows) {
			const { data } = await client.post(`${await base()}/${tableId}/insert`, {
				data: rows,
				returnType: 'all',
			});
			return data;
		},

		/** Every row (or those a filter selects), in id order. */
		async listRows(tableId, { filter } = {}) {
			const rows = [];
			const query = filter ? `&filter=${encodeURIComponent(JSON.stringify(filter))}` : '';
			for (;;) {
				const url = `${await base()}/${tableId}/rows?skip=${rows.length}&take=${PAGE}&sortBy=id:asc${query}`;
				const { data } = await client.get(url);
				rows.push(...data.data);
				// n8n caps a page (1.123: 50, 2.41: 250), so a short page is not the last one.
				if (!data.data.length || rows.length >= data.count) return rows;
			}
		},

		/** Sets `values` on the rows a filter selects; returns them as they are now. */
		async updateRows(tableId, filter, values) {
			const { data } = await client.patch(`${await base()}/${tableId}/rows`, {
				filter,
				data: values,
				returnData: true,
			});
			return data;
		},

		/** Sets `values` on one row, by its id; returns the row as it is now (undefined: no such row). */
		async updateRow(tableId, rowId, values) {
			const filter = {
				type: 'and',
				filters: [{ columnName: 'id', condition: 'eq', value: rowId }],
			};
			const [row] = await api.updateRows(tableId, filter, values);
			return row;
		},

		async delete(tableId) {
			await client.delete(`${await base()}/${tableId}`);
		},
	};
	return api;
}

module.exports = { dataTables };
