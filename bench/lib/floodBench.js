'use strict';
// `npm run bench -- --only flood`: what a flood of forged payout webhooks makes an SMEPay Trigger
// in a real n8n do (docs/flood-bound.md). Anyone who knows the trigger's URL can post; with no
// Secret set, each post would make n8n ask SMEPay about a payout SMEPay never made. `count`
// forged posts go to the trigger at once, each on its own connection, with SMEPay answering
// every call after `latencyMs` (a slow SMEPay, so look-ups pile up); while they are in n8n, a real
// payout settles and SMEPay delivers its webhook (and retries it after a 5xx or a timeout).
// Counted: the calls that reached SMEPay and how many were in flight at once, the answers to the
// forged posts, n8n's peak memory, and the runs the real payout started (one, never two).
// One n8n per setting (burstBench.js's settings, e.g. `package=<folder>` for an earlier build).

const http = require('node:http');
const { randomUUID } = require('node:crypto');
const { parseSetting, startInstances } = require('./burstBench');
const {
	burstWorkflow,
	createPayouts,
	settleAll,
	deliveryAttempts,
	warmUp,
	settledRuns,
	eventRunsOf,
} = require('./burst');
const { resetPeak, peakMb } = require('./memory');
const { percentile, round } = require('./stats');
const { markdownTable } = require('./table');
const { countBy } = require('./webhookRuns');

const POST_TIMEOUT_MS = 60_000;
const REAL_AFTER_MS = 200; // the real payout settles this long after the flood began
const SMEPAY_RETRY_DELAYS_S = [60, 300, 1500, 7200];
const BUSY = /Too many webhooks at once/;

async function floods({ opts, sandbox, tag, log, build }) {
	const settings = opts.floodSettings.map(parseSetting);
	if (settings.some((setting) => setting.queue)) throw new Error('--flood-settings: no queue mode');
	const instances = [];
	try {
		await startInstances({ part: 'flood', settings, instances, opts, sandbox, log, build });
		const results = [];
		for (const [i, setting] of settings.entries()) {
			log(
				`[bench] flood: ${opts.flood} forged payout webhooks at once, SMEPay latency ${opts.floodLatency} ms, ${setting.label}`,
			);
			const result = await runFlood({
				sandbox,
				instance: instances[i],
				tag: tag('F'),
				count: opts.flood,
				latencyMs: opts.floodLatency,
				restoreLatencyMs: opts.latency,
			}).catch((error) => ({ error: error.message }));
			results.push({ setting: setting.label, ...result });
			log(`[bench]   ${JSON.stringify(results.at(-1))}`);
		}
		return {
			forged: opts.flood,
			latencyMs: opts.floodLatency,
			workflow: 'SMEPay Trigger (payout events, Verify With SMEPay on, no Secret) → Set',
			floods: results,
		};
	} finally {
		for (const instance of instances) await instance.stop();
	}
}

async function runFlood({ sandbox, instance, tag, count, latencyMs, restoreLatencyMs }) {
	const { api, credential } = instance;
	const { webhookPath, triggerName, ...definition } = burstWorkflow({
		credential,
		name: `bench: flood ${tag}`,
	});
	const created = await api.importWorkflow(definition);
	await api.activateWorkflow(created.id);
	const url = `${instance.n8n.baseUrl}/webhook/${webhookPath}`;
	try {
		await sandbox.config({
			latencyMs: 0,
			webhookRetryDelaysSeconds: SMEPAY_RETRY_DELAYS_S,
			webhookTimeoutMs: 10_000,
		});
		const [warmId, realId] = await createPayouts({ sandbox, tag, count: 2, callbackUrl: url });
		const warm = await warmUp(sandbox, warmId, 'flood');
		await sandbox.config({ latencyMs });
		resetPeak(instance.n8n.pid);
		const since = Date.now();
		const posts = Array.from({ length: count }, () => postOnce(url, forgedLike(warm.payload)));
		await sleep(REAL_AFTER_MS);
		await settleAll(sandbox, [realId]);
		const answers = await Promise.all(posts);
		const floodMs = Date.now() - since;
		// The real payout: its first delivery, and SMEPay's retry a minute later if it needed one.
		const { attempts: real, pending } = await deliveryAttempts(sandbox, [realId], {
			deadline: Date.now() + (SMEPAY_RETRY_DELAYS_S[0] + 30) * 1000,
		});
		const memoryPeakMb = peakMb(instance.n8n.pid);
		const calls = (await sandbox.requests()).requests.filter((r) => r.at >= since);
		const forgedCalls = calls.filter((r) => !r.path.includes(realId));
		const runs = await settledRuns(api, created.id, { expected: 2 });
		const unfinished = [];
		const eventIds = (await eventRunsOf(api, runs, triggerName, unfinished))
			.map((r) => r.eventId)
			.filter(Boolean);
		const busy = answers.filter((a) => a.status === 503 && BUSY.test(a.error ?? ''));
		return {
			latencyMs,
			forged: count,
			floodMs,
			smePayCalls: forgedCalls.length,
			smePayCallsByPath: countBy(forgedCalls.map((r) => r.path.replace(/[0-9a-f-]{36}$/, ':id'))),
			// What SMEPay (the sandbox) was handling at once: calls that reached it, not yet answered.
			peakCallsInFlight: Math.max(0, ...calls.map((r) => r.inFlight)),
			turnedAway503: busy.length,
			otherAnswers: countBy(
				answers.filter((a) => !busy.includes(a)).map((a) => a.status ?? a.failure),
			),
			turnedAwayMs: spread(busy.map((a) => a.ms)),
			otherMs: spread(answers.filter((a) => !busy.includes(a)).map((a) => a.ms)),
			memoryPeakMb,
			realDeliveries: real.map((a) => a.responseStatus ?? a.error),
			realPending: pending.length,
			realRuns: eventIds.filter((id) => id === realId).length,
			forgedRuns: eventIds.filter((id) => id !== realId && id !== warmId).length,
			runsUnfinished: unfinished.length,
		};
	} finally {
		await api.deactivateWorkflow(created.id).catch(() => undefined);
		await sandbox.config({ latencyMs: restoreLatencyMs });
	}
}

/** A payout webhook shaped like SMEPay's, for a payout SMEPay never made. */
function forgedLike(payload) {
	return { ...payload, id: randomUUID(), reference_id: `FORGED-${randomUUID().slice(0, 12)}` };
}

/** One POST on its own connection: { status, error (the answer's), ms } or { failure, ms }. */
function postOnce(url, body) {
	const started = Date.now();
	const json = JSON.stringify(body);
	return new Promise((resolve) => {
		const req = http.request(
			url,
			{
				method: 'POST',
				agent: false,
				headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) },
				timeout: POST_TIMEOUT_MS,
			},
			(res) => {
				const chunks = [];
				res.on('data', (chunk) => chunks.push(chunk));
				res.on('end', () => {
					let error;
					try {
						error = JSON.parse(Buffer.concat(chunks).toString('utf8')).error;
					} catch {
						// not JSON
					}
					resolve({ status: res.statusCode, error, ms: Date.now() - started });
				});
			},
		);
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', (error) =>
			resolve({ failure: error.code ?? error.message, ms: Date.now() - started }),
		);
		req.end(json);
	});
}

function spread(ms) {
	if (ms.length === 0) return '';
	return `${round(percentile(ms, 50), 0)} / ${round(percentile(ms, 99), 0)}`;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const COLUMNS = [
	'package (n8n setting)',
	'forged posts',
	'SMEPay latency (ms)',
	'calls to SMEPay',
	'peak calls SMEPay handled at once',
	'503 turned away at once',
	'their answer p50 / p99 (ms)',
	'other answers',
	'their answer p50 / p99 (ms) ',
	'n8n peak RSS (MB)',
	'real payout: deliveries',
	'its runs',
	'forged runs',
];

function floodRow(f) {
	if (f.error)
		return [f.setting, `failed: ${f.error.split('\n')[0]}`, ...COLUMNS.slice(2).map(() => '')];
	return [
		f.setting,
		f.forged,
		f.latencyMs,
		f.smePayCalls,
		f.peakCallsInFlight,
		f.turnedAway503,
		f.turnedAwayMs,
		Object.entries(f.otherAnswers)
			.map(([answer, n]) => `${n} × ${answer}`)
			.join(', '),
		f.otherMs,
		f.memoryPeakMb,
		`${f.realDeliveries.join(', ')}${f.realPending ? ' (still retried)' : ''}`,
		f.realRuns,
		f.forgedRuns,
	];
}

function floodReport(r) {
	return [
		`### Flood: ${r.forged} forged payout webhooks at once, SMEPay answering after ${r.latencyMs} ms (${r.workflow})`,
		markdownTable(COLUMNS, r.floods.map(floodRow)),
	].join('\n\n');
}

module.exports = { floods, floodReport };
