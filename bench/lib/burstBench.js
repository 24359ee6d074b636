'use strict';
// `npm run bench -- --only burst`: settlement bursts (burst.js) against one n8n per setting of
// n8n's expression engine, all started at once, at each SMEPay latency; the settings take turns
// (rotated per latency) so load from elsewhere falls on all of them alike.

const { startBenchN8n } = require('./n8nSetup');
const { runBurst, absorbed } = require('./burst');
const { markdownTable, verdict } = require('./table');

/** `defaults` → {}; `A=1+B=2` → { A: '1', B: '2' } (`,` separates settings on the command line). */
function parseSetting(text) {
	if (text === 'defaults' || text === '') return { label: "n8n's defaults", env: {} };
	const env = Object.fromEntries(
		text.split('+').map((pair) => {
			const at = pair.indexOf('=');
			if (at < 1) throw new Error(`--burst-settings takes KEY=VALUE[+KEY=VALUE], not "${pair}"`);
			return [pair.slice(0, at), pair.slice(at + 1)];
		}),
	);
	const label = Object.entries(env)
		.map(([key, value]) => `${key.replace(/^N8N_EXPRESSION_ENGINE_/, '')}=${value}`)
		.join(', ');
	return { label, env };
}

async function settlementBursts({ opts, sandbox, tag, log, build }) {
	const settings = opts.burstSettings.map(parseSetting);
	const instances = [];
	try {
		for (const [i, setting] of settings.entries()) {
			log(`[bench] burst: starting n8n ${opts.n8nVersion} with ${setting.label}`);
			instances.push(
				await startBenchN8n({
					sandbox,
					version: opts.n8nVersion,
					build: build && i === 0,
					log,
					env: setting.env,
				}),
			);
		}
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
					`[bench]   ${b.answered200}/${b.webhooks} answered 200, ${b.timeouts} timeouts, ${b.eventsLost} lost, p99 ${b.p99Ms} ms, runs started in ${b.allRunsStartedInS} s`,
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

function burstReport(r) {
	const rows = r.bursts.map((b) =>
		b.error
			? [
					b.setting,
					b.latencyMs,
					`failed: ${b.error.split('\n')[0]}`,
					'',
					'',
					'',
					'',
					'',
					'',
					'',
					'',
					'',
				]
			: [
					b.setting,
					b.latencyMs,
					b.runsPerSecond,
					`${b.p50Ms} / ${b.p99Ms} / ${b.maxMs}`,
					b.timeouts,
					b.webhooks - b.answered200 - b.timeouts,
					b.runsUnfinished
						? `${b.eventsLost} (+${b.runsUnfinished} runs unfinished)`
						: b.eventsLost,
					b.eventsRunTwice,
					b.runsFailed,
					b.allRunsStartedInS,
					b.memoryPeakMb,
					verdict(b.absorbed),
				],
	);
	return [
		`### Settlement burst: ${r.webhooks} payout webhooks delivered at once (${r.workflow})`,
		markdownTable(
			[
				'n8n setting',
				'SMEPay latency (ms)',
				'runs started/s',
				'answer p50 / p99 / max (ms)',
				'timeouts (> 10 s)',
				'other non-200',
				'events lost',
				'run twice',
				'runs failed',
				'all runs started in (s)',
				'n8n peak RSS (MB)',
				'absorbed',
			],
			rows,
		),
	].join('\n\n');
}

module.exports = { settlementBursts, burstReport, parseSetting };
