'use strict';
// A loopback HTTP server playing two outside systems of the queue-mode workflows: the payout
// sheet (GET /sheet answers the rows set by the test, as a Google Sheet lookup would) and the
// fulfilment system the webhook workflow calls (POST /effect, every call recorded).
const http = require('node:http');

async function startRecorder() {
	let rows = [];
	const effects = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			if (req.method === 'GET' && req.url === '/sheet') return reply(res, 200, rows);
			if (req.method === 'POST' && req.url === '/effect') {
				effects.push({ at: Date.now(), ...JSON.parse(body || '{}') });
				return reply(res, 200, { ok: true });
			}
			reply(res, 404, { message: 'not found' });
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${server.address().port}`;
	return {
		sheetUrl: `${url}/sheet`,
		effectUrl: `${url}/effect`,
		setRows: (next) => (rows = next),
		effects,
		close: () =>
			new Promise((resolve) => {
				server.close(resolve);
				server.closeAllConnections();
			}),
	};
}

function reply(res, status, json) {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(json));
}

module.exports = { startRecorder };
