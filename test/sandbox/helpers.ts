// Shared helpers for the sandbox suites: JSON over real HTTP, and a local webhook receiver.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface JsonAnswer {
	status: number;
	headers: Headers;
	body: any;
}

export async function call(
	method: string,
	url: string,
	body?: unknown,
	headers: Record<string, string> = {},
): Promise<JsonAnswer> {
	const res = await fetch(url, {
		method,
		headers: { 'content-type': 'application/json', ...headers },
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await res.text();
	let parsed: any = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		// HTML pages stay text
	}
	return { status: res.status, headers: res.headers, body: parsed };
}

export const post = (url: string, body?: unknown, headers?: Record<string, string>) =>
	call('POST', url, body ?? {}, headers);
export const get = (url: string, headers?: Record<string, string>) =>
	call('GET', url, undefined, headers);
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(fn: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const v = fn();
		if (v) return v;
		if (Date.now() > end) throw new Error('waitFor: timed out');
		await sleep(10);
	}
}

export interface Received {
	at: number;
	path: string;
	headers: http.IncomingHttpHeaders;
	body: any;
}

/** A webhook receiver answering with the next code of `codes` (the last one repeats). */
export async function startReceiver(codes: number[] = [200]) {
	const received: Received[] = [];
	let plan = [...codes];
	let hang = false;
	const server = http.createServer((req, res) => {
		let data = '';
		req.on('data', (c) => (data += c));
		req.on('end', () => {
			received.push({ at: Date.now(), path: req.url || '', headers: req.headers, body: JSON.parse(data) });
			if (hang) return; // never answer: the sender's timeout must fire
			const code = plan.length > 1 ? (plan.shift() as number) : plan[0];
			res.writeHead(code, { 'content-type': 'application/json' });
			res.end('{}');
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	const port = (server.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}`,
		received,
		setCodes(next: number[]) {
			plan = [...next];
		},
		setHang(v: boolean) {
			hang = v;
		},
		close: () =>
			new Promise<void>((r) => {
				server.closeAllConnections();
				server.close(() => r());
			}),
	};
}
