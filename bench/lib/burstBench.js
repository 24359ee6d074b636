'use strict';
// `npm run bench -- --only burst`: settlement bursts (burst.js) against one n8n per setting of
// n8n's expression engine, all started at once, at each SMEPay latency; the settings take turns
// (rotated per latency) so load from elsewhere falls on all of them alike. A setting that starts
// with `queue` runs n8n in queue mode instead (queueBenchN8n.js: the webhooks go to a webhook
// processor, a worker runs them).

const { startBenchN8n } = require('./n8nSetup');
const { startQueueBenchN8n } = require('./queueBenchN8n');
const { runBurst, absorbed } = require('./burst');
const { markdownTable, verdict } = require('./table');

/**
 * `defaults` → {}; `A=1+B=2` → { A: '1', B: '2' }; `queue+A=1` → queue mode with A=1;
 * `package=<folder>+A=1` → that folder's build of the package installed instead of this one's
 * (`,` separates settings on the command line).
 */
function parseSetting(text) {
	const parts = text.split('+').filter((part) => part !== '' && part !== 'defaults');
	const queue = parts[0] === 'queue';
	if (queue) parts.shift();
	const packageAt = parts.findIndex((part) => part.startsWith('package='));
	const packageDir = packageAt < 0 ? undefined : parts.splice(packageAt, 1)[0].slice(8);
	if (queue && packageDir) throw new Error('--burst-settings: package= is not taken in queue mode');
	const mode = [
		queue ? 'queue mode (1 webhook processor, 1 worker)' : '',
		packageDir ? `package from ${packageDir}` : '',
	]
		.filter(Boolean)
		.join(', ');
	if (parts.length === 0) return { label: mode || "n8n's defaults", env: {}, queue, packageDir };
	const env = Object.fromEntries(
		parts.map((pair) => {
			const at = pair.indexOf('=');
			if (at < 1)
				throw new Error(`--burst-settings takes [queue+]KEY=VALUE[+KEY=VALUE], not "${pair}"`);
			return [pair.slice(0, at), pair.slice(at + 1)];
		}),
	);
	const label = [
		mode,
		...Object.entries(env).map(
			([key, value]) => `${key.replace(/^N8N_EXPRESSION_ENGINE_/, '')}=${value}`,
		),
	]
		.filter(Boolean)
		.join(', ');
	return { label, env, queue, packageDir };
}

/**
 * One n8n per setting, pushed onto `instances` as each is up (the caller stops them, also when a
 * later one fails to start); the package is built for the first only.
 */
async function startInstances({ part, settings, instances, opts, sandbox, log, build }) {
	for (const [i, setting] of settings.entries()) {
		log(`[bench] ${part}: starting n8n ${opts.n8nVersion} with ${setting.label}`);
		const start = setting.queue ? startQueueBenchN8n : startBenchN8n;
		instances.push(
			await start({
				sandbox,
				version: opts.n8nVersion,
				build: build && i === 0,
				log,
				env: setting.env,
				...(setting.packageDir ? { packageDir: setting.packageDir } : {}),
			}),
		);
	}
}

async function settlementBursts({ opts, sandbox, tag, log, build }) {
	const settings = opts.burstSettings.map(parseSetting);
	const instances = [];
	try {
		await startInstances({ part: 'burst', settings, instances, opts, sandbox, log, build });
		const bursts = [];
		for (const [l, latencyMs] of opts.burstLatencies.entries()) {
			for (let k = 0; k < settings.length; k++) {
				const s = (k + l) % settings.length;
				log(
					`[bench] burst: ${opts.burst} payouts settled at once, SMEPay latency ${latencyMs} ms, ${settings[s].label}`,
				);
				// A burst that breaks the bench's n8n is a result too: the others still run.
				const result = await runBurst({
					sandbox,
					instance: instances[s],
					tag: tag('B'),
					count: opts.burst,
					latencyMs,
					restoreLatencyMs: opts.latency,
				}).catch((error) => ({ latencyMs, webhooks: opts.burst, error: error.message }));
				bursts.push({ setting: settings[s].label, env: settings[s].env, ...result });
				if (result.error) {
					log(`[bench]   FAILED: ${result.error}`);
					continue;
				}
				const b = bursts.at(-1);
				log(
					`[bench]   ${b.answered200AtFirst}/${b.webhooks} answered 200 at once, ${b.answered503} answered 503, ${b.timeouts} timeouts, ${b.eventsLost} lost, p99 ${b.p99Ms} ms, all run in ${b.allRunsStartedInS} s`,
				);
				log(`[bench]   ${JSON.stringify(b)}`); // kept in the log should a later burst fail
			}
		}
		const order = (b) => settings.findIndex((s) => s.label === b.setting);
		bursts.sort((a, b) => a.latencyMs - b.latencyMs || order(a) - order(b));
		return {
			webhooks: opts.burst,
			workflow: 'SMEPay Trigger (payout events, Verify With SMEPay on) → Set (one expression)',
			bursts: bursts.map((b) => ({ ...b, absorbed: !b.error && absorbed(b) })),
		};
	} finally {
		for (const instance of instances) await instance.stop();
	}
}

const COLUMNS = [
	'n8n setting',
	'SMEPay latency (ms)',
	'answered 200 at first delivery',
	'503 (sent again)',
	'most deliveries of one event',
	'answer p50 / p99 / max (ms)',
	'timeouts (> 10 s)',
	'other non-200',
	'events lost',
	'run twice',
	'runs failed',
	'all events run in (s)',
	'n8n peak RSS (MB)',
	'absorbed',
];

function burstRow(b) {
	if (b.error) {
		return [
			b.setting,
			b.latencyMs,
			`failed: ${b.error.split('\n')[0]}`,
			...COLUMNS.slice(3).map(() => ''),
		];
	}
	const other = Object.values(b.otherAnswers ?? {}).reduce((sum, n) => sum + n, 0);
	// Beside the events lost (0 included): what makes that count uncertain.
	const uncertain = [
		b.runsUnfinished ? `+${b.runsUnfinished} runs unfinished` : '',
		b.pending ? `+${b.pending} still being retried` : '',
		b.runsNotListed ? `+${b.runsNotListed} runs n8n counts but does not list` : '',
	].filter(Boolean);
	return [
		b.setting,
		b.latencyMs,
		b.answered200AtFirst,
		b.turnedAway ? `${b.answered503} (${b.turnedAway} turned away at once)` : b.answered503,
		b.mostAttempts,
		`${b.p50Ms} / ${b.p99Ms} / ${b.maxMs}`,
		b.timeouts,
		other,
		uncertain.length ? `${b.eventsLost} (${uncertain.join(', ')})` : b.eventsLost,
		b.eventsRunTwice,
		b.runsFailed,
		b.allRunsStartedInS,
		b.memoryPeakMb,
		verdict(b.absorbed),
	];
}

function burstReport(r) {
	// Why runs failed, by n8n's error: a count alone cannot tell the trigger's fault from n8n's.
	const failures = r.bursts
		.filter((b) => Object.keys(b.failures ?? {}).length)
		.map(
			(b) =>
				`- runs failed, ${b.setting}: ` +
				Object.entries(b.failures)
					.map(([why, n]) => `${n} × ${why}`)
					.join('; '),
		);
	return [
		`### Settlement burst: ${r.webhooks} payout webhooks delivered at once (${r.workflow})`,
		markdownTable(COLUMNS, r.bursts.map(burstRow)),
		...(failures.length ? [failures.join('\n')] : []),
	].join('\n\n');
}

module.exports = { settlementBursts, burstReport, parseSetting, startInstances };
