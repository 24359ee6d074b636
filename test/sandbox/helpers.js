'use strict';
// Shared helpers for the sandbox suites: JSON over real HTTP, and a local webhook receiver.
const http = require('node:http');
const zlib = require('node:zlib');

/**
 * @param {string} method @param {string} url @param {unknown} [body] @param {Record<string, string>} [headers]
 * @returns {Promise<{ status: number, headers: Headers, body: any }>}
 */
async function call(method, url, body, headers = {}) {
	const res = await fetch(url, {
		method,
		headers: { 'content-type': 'application/json', ...headers },
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await res.text();
	let parsed = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		// HTML pages stay text
	}
	return { status: res.status, headers: res.headers, body: parsed };
}

const post = (url, body, headers) => call('POST', url, body ?? {}, headers);
const get = (url, headers) => call('GET', url, undefined, headers);
const del = (url) => call('DELETE', url);
const bearer = (token) => ({ authorization: `Bearer ${token}` });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Poll fn until it returns something truthy. */
async function waitFor(fn, timeoutMs = 5000) {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const v = await fn();
		if (v) return v;
		if (Date.now() > end) throw new Error('waitFor: timed out');
		await sleep(10);
	}
}

/** A webhook receiver answering with the next code of `codes` (the last one repeats). */
async function startReceiver(codes = [200]) {
	const received = [];
	let plan = [...codes];
	let hang = false;
	const server = http.createServer((req, res) => {
		let data = '';
		req.on('data', (c) => (data += c));
		req.on('end', () => {
			received.push({ at: Date.now(), path: req.url || '', headers: req.headers, body: JSON.parse(data) });
			if (hang) return; // never answer: the sender's timeout must fire
			const code = plan.length > 1 ? plan.shift() : plan[0];
			res.writeHead(code, { 'content-type': 'application/json' });
			res.end('{}');
		});
	});
	await new Promise((r) => server.listen(0, '127.0.0.1', r));
	const port = server.address().port;
	return {
		url: `http://127.0.0.1:${port}`,
		received,
		setCodes(next) {
			plan = [...next];
		},
		setHang(v) {
			hang = v;
		},
		close: () =>
			new Promise((r) => {
				server.closeAllConnections();
				server.close(() => r());
			}),
	};
}

/**
 * Decode an 8-bit greyscale, unfiltered PNG (what the sandbox writes) and read its QR modules back,
 * sampling the centre of each module. Checks the PNG's signature and every chunk's CRC.
 */
function readQrPng(dataUrl, moduleCount, scale, margin) {
	const png = Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64');
	if (png.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error('not a PNG');
	let off = 8;
	let width = 0;
	const idat = [];
	while (off < png.length) {
		const len = png.readUInt32BE(off);
		const type = png.subarray(off + 4, off + 8).toString('ascii');
		const data = png.subarray(off + 8, off + 8 + len);
		const crc = png.readUInt32BE(off + 8 + len);
		if (zlib.crc32 && zlib.crc32(png.subarray(off + 4, off + 8 + len)) !== crc) throw new Error(`bad CRC in ${type}`);
		if (type === 'IHDR') {
			width = data.readUInt32BE(0);
			if (data[8] !== 8 || data[9] !== 0) throw new Error('expected 8-bit greyscale');
		}
		if (type === 'IDAT') idat.push(data);
		off += 12 + len;
	}
	const raw = zlib.inflateSync(Buffer.concat(idat));
	const stride = width + 1;
	if (raw.length !== stride * width) throw new Error('bad image data length');
	const modules = [];
	for (let my = 0; my < moduleCount; my++) {
		for (let mx = 0; mx < moduleCount; mx++) {
			const y = (my + margin) * scale + Math.floor(scale / 2);
			const x = (mx + margin) * scale + Math.floor(scale / 2);
			if (raw[y * stride] !== 0) throw new Error('unexpected PNG filter');
			modules.push(raw[y * stride + 1 + x] === 0 ? 1 : 0);
		}
	}
	return { width, modules };
}

module.exports = { readQrPng, call, post, get, del, bearer, sleep, waitFor, startReceiver };
