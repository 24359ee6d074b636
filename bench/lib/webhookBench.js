'use strict';
// `--only webhooks`: settled-payout webhooks into n8n's Webhook node and the SMEPay Trigger
// (verification off and on, plus two diagnostics), the variants taking turns round by round.

const wf = require('./workflows');
const { settledPayoutBodies, webhookPhase } = require('./webhookRuns');
const { ratio } = require('./stats');
const { perSecond, median } = require('./benchRuns');

const log = (line) => console.log(line);

async function webhookIntake(ctx) {
	const { opts, sandbox, instance } = ctx;
	const concurrency = opts.concurrency;
	log(`[bench] webhook intake: creating and settling ${opts.webhooks} payouts for the bodies`);
	const bodies = await settledPayoutBodies({ sandbox, tag: ctx.tag('W'), count: opts.webhooks });
	const variants = [
		['plainWebhook', wf.plainWebhookWorkflow()],
		['triggerVerifyOff', wf.triggerWorkflow({ verify: false, credential: instance.credential })],
		['triggerVerifyOn', wf.triggerWorkflow({ verify: true, credential: instance.credential })],
		// Diagnostic: what remembering events (Skip Repeated Deliveries) costs per webhook.
		[
			'triggerVerifyOffNoDedupe',
			wf.triggerWorkflow({ verify: false, dedupe: false, credential: instance.credential }),
		],
		// Diagnostic: the same trigger saved at node version 1 (n8n evaluates an expression for
		// every request to a version-1 webhook node).
		[
			'triggerVerifyOffV1',
			wf.triggerWorkflow({ verify: false, typeVersion: 1, credential: instance.credential }),
		],
	];
	const phases = Object.fromEntries(variants.map(([key]) => [key, []]));
	const slice = Math.ceil(bodies.length / opts.rounds);
	for (let r = 0; r < opts.rounds; r++) {
		const part = bodies.slice(r * slice, (r + 1) * slice);
		// Rotate who goes first, so no variant always meets the same moment of the machine's load.
		for (let k = 0; k < variants.length; k++) {
			const [key, workflow] = variants[(k + r) % variants.length];
			log(`[bench] webhooks round ${r + 1}/${opts.rounds}: ${part.length} to ${key}`);
			phases[key].push(
				await webhookPhase({
					api: instance.api,
					n8nPid: instance.n8n.pid,
					baseUrl: instance.n8n.baseUrl,
					workflow: { ...workflow, nodes: workflow.nodes.map((n) => ({ ...n })) },
					bodies: part,
					concurrency,
				}),
			);
		}
	}
	const sum = (key) => {
		const runs = phases[key];
		const ms = runs.reduce((s, p) => s + p.ms, 0);
		const count = runs.reduce((s, p) => s + p.webhooks, 0);
		return {
			webhooks: count,
			acknowledged200: runs.reduce((s, p) => s + p.acknowledged200, 0),
			runs: runs.reduce((s, p) => s + p.runs, 0),
			webhooksPerSecond: perSecond(count, ms),
			p50Ms: median(runs, 'p50Ms'),
			p99Ms: Math.max(...runs.map((p) => p.p99Ms)),
			memoryPeakMb: Math.max(...runs.map((p) => p.memoryPeakMb)),
		};
	};
	const summary = Object.fromEntries(variants.map(([key]) => [key, sum(key)]));
	const offRatio = ratio(
		summary.triggerVerifyOff.webhooksPerSecond,
		summary.plainWebhook.webhooksPerSecond,
	);
	return {
		webhooks: bodies.length,
		concurrency,
		...summary,
		ratioVerifyOffToPlain: offRatio,
		ratioVerifyOnToPlain: ratio(
			summary.triggerVerifyOn.webhooksPerSecond,
			summary.plainWebhook.webhooksPerSecond,
		),
		targets: { 'verify off ≥ 0.9 × plain Webhook': offRatio >= 0.9 },
		phases,
	};
}

module.exports = { webhookIntake };
