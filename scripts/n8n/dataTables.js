'use strict';
// n8n Data Tables through the REST API the editor uses (/rest/projects/:projectId/data-tables,
// the same on n8n 2.41.x and 1.123.x): create a table once by name, insert rows, list rows.
// `api` is a logged-in client from restApi.js; tables live in the user's personal project.

/** The logged-in user's personal project id (data tables belong to a project). */
async function personalProjectId(api) {
	const { data } = await api.get('/rest/projects/personal');
	return data.id;
}

const base = async (api) => `/rest/projects/${await personalProjectId(api)}/data-tables`;

/** The table with exactly this name, or undefined. */
async function findDataTable(api, name) {
	const filter = encodeURIComponent(JSON.stringify({ name }));
	const { data } = await api.get(`${await base(api)}?filter=${filter}&take=100`);
	return data.data.find((table) => table.name === name);
}

/**
 * The table named `name`, created with `columns` ([{ name, type: 'string'|'number'|'boolean'|'date' }])
 * when it does not exist yet. An existing table is returned as it is (its rows are kept).
 */
async function ensureDataTable(api, { name, columns }) {
	const found = await findDataTable(api, name);
	if (found) return found;
	const { data } = await api.post(await base(api), { name, columns });
	return data;
}

/** Inserts rows (objects by column name); returns them as stored (with id). */
async function insertRows(api, table, rows) {
	const { data } = await api.post(`${await base(api)}/${table.id}/insert`, {
		data: rows,
		returnType: 'all',
	});
	return data;
}

/** Every row of the table, oldest first (n8n serves at most 50 a page on 1.123, 250 on 2.41). */
async function listRows(api, table) {
	const url = `${await base(api)}/${table.id}/rows`;
	const rows = [];
	for (;;) {
		const { data } = await api.get(`${url}?take=50&skip=${rows.length}`);
		rows.push(...data.data);
		if (!data.data.length || rows.length >= data.count) return rows;
	}
}

module.exports = { personalProjectId, findDataTable, ensureDataTable, insertRows, listRows };
