'use strict';
// `--only memory`: what the SMEPay Trigger's memory costs per webhook, at an empty and at a full
// memory. The trigger's own calls, as n8n 2.x makes them for one accepted event: the webhook
// request (a Workflow over the static data as saved, the repeat check, remembering the event)
// and the run (a Workflow over the static data as saved, rememberInRun), each over n8n-workflow's
// real static data proxies; CPU time (process.cpuUsage) of the trigger's calls only, so that load
// from elsewhere on a shared machine weighs less than on wall-clock time. "Bytes written" is the JSON of the workflow's static data that n8n
// writes to its database when the run ends (n8n saves static data as one object).

const path = require('node:path');
const { Workflow } = require('n8n-workflow');
const { round, percentile } = require('./stats');
const { markdownTable } = require('./table');

const DIST = path.join(__dirname, '../../dist/nodes/SmePayTrigger');
const NODE = 'SMEPay Trigger';
const SCOPE = 'bench-wf/bench-node/webhook';
const EVENTS = 2000;

function loadMemory() {
	return {
		memory: require(path.join(DIST, 'memory.js')),
		dedupe: require(path.join(DIST, 'dedupe.js')),
		payload: require(path.join(DIST, 'payload.js')),
	};
}

function workflowOver(staticData) {
	return new Workflow({
		id: 'bench-wf',
		name: 'bench',
		nodes: [],
		connections: {},
		active: true,
		nodeTypes: { getByName: () => undefined, getByNameAndVersion: () => undefined },
		staticData,
	});
}

/** A settled payout's webhook body (SUCCESS, confirmed) with a fresh id. */
function payoutBody(i) {
	const hex = i.toString(16).padStart(12, '0');
	return {
		id: `5f0c2d1e-7a4b-4c3d-9e8f-${hex}`,
		reference_id: `BENCH-${i}`,
		amount: 100,
		status: 'SUCCESS',
	};
}

/** Every list filled to its bound, with keys shaped like real ones. */
function fullStaticData({ memory }) {
	const list = (count, key) =>
		Array.from({ length: count }, (_, i) => memory.memoryKeyHash(key(i))).join('');
	const { paid, confirmed, delivery } = memory.MEMORY_LIMITS;
	return {
		[`node:${NODE}`]: {
			seenPaid: list(paid, (i) => `payment:SMEPAY_TXN_${1e9 + i}:SUCCESS`),
			seenConfirmed: list(confirmed, (i) => `ref:abandoned-${1e9 + i}:CREATED`),
			seenDeliveries: list(delivery, (i) => `["payment","junk-${i}","order-${i}","SUCCESS"]`),
		},
	};
}

/** One accepted, confirmed event as n8n 2.x handles it; returns trigger µs and bytes written. */
function oneEvent(mods, saved, body) {
	const { memory, dedupe, payload } = mods;
	const { event } = payload.parseWebhookBody(body, {}, undefined);
	// The webhook request.
	const request = workflowOver(structuredClone(saved.data));
	const c0 = process.cpuUsage();
	const staticData = request.getStaticData('node', { name: NODE });
	const keys = dedupe.dedupeKeys(event);
	if (memory.seenIn(memory.ORDER_LISTS, staticData, SCOPE, keys)) throw new Error('repeat?');
	memory.remember(memory.memoryKind(true, event.status), staticData, SCOPE, keys);
	const c1 = process.cpuUsage(c0);
	// The run (its Workflow over the static data as saved; the webhook's own save is lost).
	const run = workflowOver(structuredClone(saved.data));
	const c2 = process.cpuUsage();
	const item = {
		event: 'payout',
		status: event.status,
		eventId: event.eventId,
		verified: true,
		payload: body,
	};
	memory.rememberInRun(run.getStaticData('node', { name: NODE }), SCOPE, [item]);
	const c3 = process.cpuUsage(c2);
	let bytes = 0;
	if (run.staticData.__dataChanged === true) {
		const json = JSON.stringify(run.staticData);
		bytes = Buffer.byteLength(json);
		saved.data = JSON.parse(json);
	}
	const cpu = (c) => c.user + c.system;
	return { us: cpu(c1) + cpu(c3), bytes };
}

function measure(mods, label, initial) {
	for (const memory of Object.values(mods.memory.processMemory)) memory.forget();
	const saved = { data: initial };
	const samples = [];
	for (let i = 0; i < EVENTS; i++) samples.push(oneEvent(mods, saved, payoutBody(i)));
	const us = samples.map((s) => s.us);
	const bytes = samples.map((s) => s.bytes);
	return {
		memory: label,
		events: EVENTS,
		triggerCpuUsPerEventMean: round(us.reduce((a, b) => a + b, 0) / us.length, 1),
		triggerCpuUsPerEventP50: round(percentile(us, 50), 1),
		bytesWrittenFirst: bytes[0],
		bytesWrittenLast: bytes.at(-1),
		bytesWrittenMax: Math.max(...bytes),
	};
}

async function triggerMemory() {
	const mods = loadMemory();
	// Warm up the JIT on a throwaway memory first.
	measure(mods, 'warm-up', {});
	return {
		events: EVENTS,
		empty: measure(mods, 'empty', {}),
		full: measure(mods, 'full (every list at its bound)', fullStaticData(mods)),
	};
}

function memoryReport(m) {
	return [
		`### Trigger memory: ${m.events} confirmed payout events, one after the other`,
		markdownTable(
			[
				'memory at start',
				'trigger CPU µs/event: mean',
				'p50',
				'bytes written by n8n: first',
				'last',
				'max',
			],
			[m.empty, m.full].map((r) => [
				r.memory,
				r.triggerCpuUsPerEventMean,
				r.triggerCpuUsPerEventP50,
				r.bytesWrittenFirst,
				r.bytesWrittenLast,
				r.bytesWrittenMax,
			]),
		),
	].join('\n\n');
}

module.exports = { triggerMemory, memoryReport };
