#!/usr/bin/env node
'use strict';
// `npm run soak`: a payout batch and webhooks in a real n8n while the sandbox injects faults.
//   npm run soak [-- --short] [-- --seed 7 --rows 1000 --webhooks 500 --skip-build]
// The SMEPay node pays `rows` rows (callback URL: an SMEPay Trigger with verification on) while
// the sandbox answers payout calls with token expiry, 401, 429 + Retry-After, 500/502/503, slow
// answers and dropped connections (before and after the payout is made), and the verification
// calls with the same plus answers slower than the trigger's 5 s budget. Meanwhile payouts are
// settled in shuffled order, `--settle-rate` per second (the sandbox sends their webhooks and
// retries on 5xx and timeouts after 2, 4, 8, 16 s: SMEPay's schedule, shortened), some delivered
// twice, some announced early (out of order), and forged and malformed webhooks are posted.
// Fault positions and every other choice come from `--seed`.
// Exits 1 when a required figure fails: rows out = rows in, every row paid exactly once in the
// ledger, 0 forged runs, 0 events lost, 0 events run twice.

const fs = require('node:fs');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { parseArgs } = require('./lib/args');
const { startSandboxProcess } = require('./lib/sandboxProcess');
const { startBenchN8n } = require('./lib/n8nSetup');
const wf = require('./lib/workflows');
const { postWebhooks } = require('./lib/webhookLoad');
const { listExecutions, waitForExecutions, triggerOutput } = require('./lib/executions');
const { seededRandom, shuffle, faultRules } = require('./lib/faultPlan');
const { countBy } = require('./lib/webhookRuns');
const { markdownTable, verdict } = require('./lib/table');

const log = (line) => console.log(line);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const TRIGGER = 'SMEPay Trigger';

async function main() {
	const opts = parseArgs(process.argv.slice(2), {
		short: false,
		seed: 20250401,
		rows: 1000,
		webhooks: 500,
		concurrency: 10,
		latency: 25,
		// Payouts settled per second. Banks settle a batch over minutes; an unpaced burst of
		// hundreds of verified webhooks at once overloads n8n on a small machine (see docs/soak.md).
		settleRate: 5,
		skipBuild: false,
		n8nVersion: '2.41.0',
		out: '',
	});
	if (opts.short)
		Object.assign(opts, { rows: Math.min(opts.rows, 200), webhooks: Math.min(opts.webhooks, 100) });
	opts.out ||= path.join(
		__dirname,
		'results',
		opts.short ? 'soak-short-latest.json' : 'soak-latest.json',
	);
	const started = Date.now();
	const random = seededRandom(opts.seed);
	const plan = webhookPlan(opts.webhooks);
	const sandbox = await startSandboxProcess({ latencyMs: opts.latency });
	let instance;
	let result;
	try {
		await sandbox.config({
			clients: { [sandbox.disbursement.clientId]: { balance: 1_000_000_000 } },
			webhookRetryDelaysSeconds: [2, 4, 8, 16], // SMEPay's 1 m, 5 m, 25 m, 2 h, shortened
		});
		instance = await startBenchN8n({
			sandbox,
			version: opts.n8nVersion,
			build: !opts.skipBuild,
			log,
		});
		const { api } = instance;
		const trigger = wf.triggerWorkflow({
			verify: true,
			credential: instance.credential,
			name: 'soak: SMEPay Trigger',
		});
		const { webhookPath, ...definition } = trigger;
		const triggerWorkflow = await api.importWorkflow(definition);
		await api.activateWorkflow(triggerWorkflow.id);
		const callbackUrl = `${instance.n8n.baseUrl}/webhook/${webhookPath}`;
		const faults = await injectFaults(sandbox, random, opts.rows, opts.webhooks);
		log(
			`[soak] n8n up; ${faults.length} faults scheduled (seed ${opts.seed}); paying ${opts.rows} rows, ${opts.webhooks} webhooks`,
		);

		const tag = `SOAK${Date.now().toString(36).toUpperCase()}`;
		const amounts = Array.from({ length: 97 }, () => Math.round((1 + random() * 499) * 100) / 100);
		const batch = wf.smePayBatchWorkflow({
			tag,
			count: opts.rows,
			concurrency: opts.concurrency,
			credential: instance.credential,
			callbackUrl,
			amounts,
			continueOnFail: true,
		});
		const { workNodes, ...batchDefinition } = batch;
		const batchWorkflow = await api.importWorkflow(batchDefinition);

		const toSettle = new Set(shuffle(random, [...Array(opts.rows).keys()]).slice(0, plan.settle));
		const direct = []; // what this script posted itself: { kind, body, status }
		const send = async (kind, bodies) => {
			const { results } = await postWebhooks({
				baseUrl: instance.n8n.baseUrl,
				path: webhookPath,
				bodies,
				concurrency: 5,
			});
			results.forEach((r, i) => direct.push({ kind, body: bodies[i], status: r.status }));
		};
		const settler = settlePayouts({
			sandbox,
			tag,
			toSettle,
			random,
			plan,
			send,
			rate: opts.settleRate,
		});
		const execution = await api.runWorkflow(batchWorkflow.id, { timeoutMs: 600_000 });
		settler.batchDone();
		const settled = await settler.finished;
		log(
			`[soak] batch ${execution.status}; ${settled.size} payouts settled; posting forged and malformed webhooks`,
		);
		await send('forged', forgedBodies(random, settled, plan));
		await send('malformed', malformedBodies(plan.malformed));

		await waitForDeliveries(sandbox);
		const runs = await readRuns(api, triggerWorkflow.id);
		result = await tally({
			opts,
			sandbox,
			tag,
			execution,
			workNodes,
			settled,
			runs,
			direct,
			faults,
			started,
		});
	} finally {
		if (instance) await instance.stop();
		await sandbox.stop();
	}
	fs.mkdirSync(path.dirname(opts.out), { recursive: true });
	fs.writeFileSync(opts.out, `${JSON.stringify(result, null, 2)}\n`);
	log(`\n${report(result)}\n`);
	if (!result.passed) process.exitCode = 1;
}

/** How the webhooks split: real (settled by the sandbox), resent, early, forged, malformed. */
function webhookPlan(total) {
	const part = (share) => Math.max(1, Math.round(total * share));
	const plan = { resend: part(0.1), early: part(0.1), forged: part(0.12), malformed: part(0.08) };
	plan.settle = total - plan.resend - plan.early - plan.forged - plan.malformed;
	return plan;
}

async function injectFaults(sandbox, random, rows, webhooks) {
	const status = (code, extra = {}) => ({ action: 'status', status: code, ...extra });
	const common = [
		{ label: '429 Retry-After 1', weight: 3, rule: status(429) },
		{ label: '500', weight: 2, rule: status(500) },
		{ label: '502', weight: 2, rule: status(502) },
		{ label: '503', weight: 2, rule: status(503) },
		{ label: 'connection dropped', weight: 2, rule: { action: 'drop' } },
		{ label: '401', weight: 1, rule: status(401), auth: true },
	];
	const payoutRules = faultRules({
		random,
		match: { method: 'POST', path: '/api/v1/disbursement/payouts' },
		requests: rows,
		density: 0.08,
		kinds: [
			...common,
			{ label: 'answer lost after the payout was made', weight: 2, rule: { action: 'dropAfter' } },
			// The node's request timeout is 30 s and not a parameter yet: slow, within it.
			{ label: 'slow answer (2 s)', weight: 1, rule: { action: 'delay', delayMs: 2000 } },
			{
				label: 'token expiry (all tokens)',
				weight: 1,
				rule: { action: 'expireTokens' },
				auth: true,
			},
		],
	});
	const verifyRules = faultRules({
		random,
		match: { method: 'GET', path: '/^\\/api\\/v1\\/disbursement\\/payouts\\//' },
		requests: webhooks * 2,
		density: 0.1,
		kinds: [
			...common,
			{
				label: 'slow answer (6 s, beyond the 5 s verification timeout)',
				weight: 1,
				rule: { action: 'delay', delayMs: 6000 },
			},
		],
	});
	const added = [];
	for (const { label, ...rule } of [...payoutRules, ...verifyRules]) {
		const { fault } = await sandbox.addFault(rule);
		added.push({
			id: fault.id,
			label,
			on: rule.match.method === 'POST' ? 'send payout' : 'verification',
		});
	}
	return added;
}

/** Settles the chosen payouts as they appear, shuffled; some early-announced, some resent. */
function settlePayouts({ sandbox, tag, toSettle, random, plan, send, rate }) {
	let batchFinished = false;
	const settled = new Map(); // payout id → { status, amount, reference_id }
	let early = plan.early;
	let resend = plan.resend;
	const finished = (async () => {
		const deadline = Date.now() + 600_000;
		for (;;) {
			const done = batchFinished;
			const payouts = (await sandbox.ledger()).payouts.filter((p) =>
				p.reference_id.startsWith(`${tag}-`),
			);
			const due = shuffle(
				random,
				payouts.filter(
					(p) => toSettle.has(Number(p.reference_id.slice(tag.length + 1))) && !settled.has(p.id),
				),
			);
			for (const payout of due) {
				const status = random() < 0.1 ? 'FAILED' : 'SUCCESS';
				if (early > 0) {
					early--; // out of order: the final status announced before SMEPay shows it
					await send('early', [JSON.stringify({ ...payout, status })]);
				}
				await sandbox.settlePayout(payout.id, status);
				await sleep(1000 / rate);
				settled.set(payout.id, {
					status,
					amount: payout.amount,
					reference_id: payout.reference_id,
				});
				if (resend > 0 && random() < 0.3) {
					resend--; // delivered twice, the second racing the first
					await sandbox.resendWebhook('payout', payout.id);
				}
			}
			if (done) {
				// Rows whose payout was never made cannot be settled; they show up as rows missing.
				for (const [id] of settled)
					if (resend > 0) (resend--, await sandbox.resendWebhook('payout', id));
				return settled;
			}
			if (Date.now() > deadline) throw new Error('settling did not finish within 10 minutes');
			await sleep(700);
		}
	})();
	return { batchDone: () => (batchFinished = true), finished };
}

function forgedBodies(random, settled, plan) {
	const real = [...settled.entries()].filter(([, p]) => p.status === 'SUCCESS');
	const bodies = [];
	for (let i = 0; i < plan.forged; i++) {
		const [id, p] = real[Math.floor(random() * real.length)];
		const kind = i % 3;
		if (kind === 0)
			bodies.push({
				id: randomUUID(),
				reference_id: `FORGED-${i}`,
				amount: 999.99,
				status: 'SUCCESS',
			});
		if (kind === 1)
			bodies.push({ id, reference_id: p.reference_id, amount: p.amount + 1000, status: 'SUCCESS' });
		if (kind === 2)
			bodies.push({
				id,
				reference_id: p.reference_id,
				amount: p.amount,
				status: 'FAILED',
				failure_reason: 'forged',
			});
	}
	return bodies.map((b) => JSON.stringify(b));
}

function malformedBodies(count) {
	const id = randomUUID();
	const kinds = [
		'{"id": "not json',
		'[]',
		'"SUCCESS"',
		JSON.stringify({ id, reference_id: 'X', status: 'SUCCESS' }),
		JSON.stringify({ id: '12345', reference_id: 'X', status: 'SUCCESS', amount: 10 }),
		JSON.stringify({ id, reference_id: 'X', status: 'SUCCESS', amount: 'ten' }),
		JSON.stringify({
			id,
			reference_id: 'X',
			status: 'SUCCESS',
			amount: 10,
			extra: { a: { b: { c: { d: 1 } } } },
		}),
		JSON.stringify({
			id,
			reference_id: 'X',
			status: 'SUCCESS',
			amount: 10,
			pad: 'x'.repeat(70_000),
		}),
	];
	return Array.from({ length: count }, (_, i) => kinds[i % kinds.length]);
}

/** Until the sandbox has no webhook delivery with a retry still to come (bounded). */
async function waitForDeliveries(sandbox, timeoutMs = 240_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const last = new Map();
		for (const attempt of (await sandbox.ledger()).webhooks) last.set(attempt.deliveryId, attempt);
		const pending = [...last.values()].filter((a) => a.nextRetryInMs !== null).length;
		// A delivery whose first attempt is still in flight has no record yet: wait a moment more.
		if (pending === 0)
			return sleep(12_000).then(async () => {
				const again = new Map();
				for (const a of (await sandbox.ledger()).webhooks) again.set(a.deliveryId, a);
				if ([...again.values()].some((a) => a.nextRetryInMs !== null))
					return waitForDeliveries(sandbox, deadline - Date.now());
			});
		if (Date.now() > deadline)
			throw new Error(`${pending} webhook deliveries still retrying after ${timeoutMs} ms`);
		await sleep(1000);
	}
}

/** Every run of the trigger workflow, with what the trigger emitted. */
async function readRuns(api, workflowId) {
	const summaries = await listExecutions(api, workflowId);
	await waitForExecutions(api, workflowId, summaries.length);
	const runs = [];
	for (const s of summaries)
		runs.push({ id: s.id, status: s.status, event: await triggerOutput(api, s.id, TRIGGER) });
	return runs;
}

async function tally({
	opts,
	sandbox,
	tag,
	execution,
	workNodes,
	settled,
	runs,
	direct,
	faults,
	started,
}) {
	const items = execution.data.resultData.runData[workNodes[0]]?.[0]?.data.main[0] || [];
	const ledger = await sandbox.ledger();
	const payouts = ledger.payouts.filter((p) => p.reference_id.startsWith(`${tag}-`));
	const perReference = countBy(payouts.map((p) => p.reference_id));
	const runsPerEvent = countBy(runs.map((r) => r.event && `${r.event.eventId}:${r.event.status}`));
	const genuine = (r) => {
		const p = r.event && settled.get(r.event.eventId);
		return (
			p &&
			p.status === r.event.status &&
			Number(r.event.payload.amount) === p.amount &&
			r.event.verified === true
		);
	};
	const deliveries = countBy(ledger.webhooks.map((a) => a.deliveryId));
	const firedById = new Map(ledger.faults.map((f) => [f.id, f.fired]));
	const faultsFired = {};
	for (const f of faults)
		if (firedById.get(f.id))
			faultsFired[`${f.on}: ${f.label}`] =
				(faultsFired[`${f.on}: ${f.label}`] || 0) + firedById.get(f.id);
	const figures = {
		rowsIn: opts.rows,
		rowsOut: items.filter((i) => i.json.error === undefined).length,
		rowsOutDuplicateMarked: items.filter((i) => i.json.duplicate === true).length,
		rowErrors: items
			.filter((i) => i.json.error !== undefined)
			.map((i) => i.json.error)
			.slice(0, 10),
		payoutsInLedger: payouts.length,
		payoutsDuplicated: Object.values(perReference).filter((n) => n > 1).length,
		webhooksSent: {
			bySandbox: Object.keys(deliveries).length,
			bySandboxAttempts: ledger.webhooks.length,
			bySandboxAnswers: countBy(ledger.webhooks.map((a) => a.responseStatus ?? a.error)),
			direct: countBy(direct.map((d) => d.kind)),
			directAnswers: countBy(direct.map((d) => `${d.kind} ${d.status}`)),
		},
		payoutsSettled: settled.size,
		// How long n8n took to answer the sandbox's deliveries (its webhook timeout is 10 s).
		sandboxDeliveryAckMs: ackSpread(ledger.webhooks),
		webhooksAccepted: runs.length,
		forgedRuns: runs.filter((r) => !genuine(r)).length,
		eventsLost: [...settled.entries()].filter(([id, p]) => !runsPerEvent[`${id}:${p.status}`])
			.length,
		eventsRunTwice: Object.values(runsPerEvent).filter((n) => n > 1).length,
		faultsScheduled: faults.length,
		faultsFired,
	};
	const required = {
		'rows out = rows in': figures.rowsOut === figures.rowsIn,
		'payouts in the ledger = rows in': figures.payoutsInLedger === figures.rowsIn,
		'payouts duplicated = 0': figures.payoutsDuplicated === 0,
		'forged webhooks that started a run = 0': figures.forgedRuns === 0,
		'events lost = 0': figures.eventsLost === 0,
		'events run twice = 0': figures.eventsRunTwice === 0,
	};
	return {
		command: `npm run soak -- ${process.argv.slice(2).join(' ')}`.trim(),
		at: new Date().toISOString(),
		seed: opts.seed,
		n8nVersion: opts.n8nVersion,
		durationS: Math.round((Date.now() - started) / 1000),
		batchExecution: {
			id: execution.id,
			status: execution.status,
			ms: new Date(execution.stoppedAt) - new Date(execution.startedAt),
		},
		figures,
		required,
		passed: Object.values(required).every(Boolean),
	};
}

function ackSpread(attempts) {
	const ms = attempts.map((a) => a.durationMs).sort((a, b) => a - b);
	const at = (p) => ms[Math.min(ms.length - 1, Math.floor((p / 100) * ms.length))];
	return {
		p50: at(50),
		p90: at(90),
		max: ms[ms.length - 1],
		timeouts: attempts.filter((a) => /timeout/.test(String(a.error))).length,
	};
}

function report(r) {
	const f = r.figures;
	const lines = [
		`### Fault-injection soak (seed ${r.seed}, n8n ${r.n8nVersion}, ${r.durationS} s)`,
		markdownTable(
			['figure', 'value'],
			[
				['rows in', f.rowsIn],
				[
					'rows out',
					`${f.rowsOut} (${f.rowsOutDuplicateMarked} of them \`duplicate: true\` after a lost answer)`,
				],
				['payouts in the ledger', f.payoutsInLedger],
				['payouts duplicated', f.payoutsDuplicated],
				['payouts settled (real webhooks)', f.payoutsSettled],
				[
					'webhooks delivered by the sandbox (attempts)',
					`${f.webhooksSent.bySandbox} (${f.webhooksSent.bySandboxAttempts})`,
				],
				[
					'n8n answer time to the sandbox: p50 / p90 / max (ms), timeouts',
					`${f.sandboxDeliveryAckMs.p50} / ${f.sandboxDeliveryAckMs.p90} / ${f.sandboxDeliveryAckMs.max}, ${f.sandboxDeliveryAckMs.timeouts}`,
				],
				[
					'webhooks posted directly',
					Object.entries(f.webhooksSent.direct)
						.map(([k, v]) => `${k} ${v}`)
						.join(', '),
				],
				['webhooks accepted (runs started)', f.webhooksAccepted],
				['forged webhooks that started a run', f.forgedRuns],
				['events lost', f.eventsLost],
				['events run twice', f.eventsRunTwice],
				[
					'faults fired / scheduled',
					`${Object.values(f.faultsFired).reduce((a, b) => a + b, 0)} / ${f.faultsScheduled}`,
				],
			],
		),
		markdownTable(['fault', 'fired'], Object.entries(f.faultsFired).sort()),
		markdownTable(
			['required', 'verdict'],
			Object.entries(r.required).map(([k, ok]) => [k, verdict(ok)]),
		),
		r.passed ? 'SOAK PASSED' : 'SOAK FAILED',
	];
	if (f.rowErrors.length) lines.push(`row errors: ${f.rowErrors.join(' | ')}`);
	return lines.join('\n\n');
}

main().catch((error) => {
	console.error(`[soak] FAILED: ${error.stack || error.message}`);
	process.exitCode = 1;
});
