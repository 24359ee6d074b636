'use strict';
// The trigger's memory (memory.ts): three bounded lists in the node's static data, kept apart by
// what may push what out, written in place so that n8n's static data notices every change, and
// this process's memory of the newest keys, written again into a run's static data.
const { createHash } = require('node:crypto');
const { Workflow } = require('n8n-workflow');
const {
	StoredList,
	MEMORY_LIMITS,
	MAX_REMEMBERED_EVENTS,
	HASH_CHARS,
	memoryKeyHash: h,
	RECENT_KEYS,
	memoryKind,
	processMemory,
	remember,
	rememberRecent,
	rememberedAs,
	rememberInRun,
	seenIn,
} = require('../../nodes/SmePayTrigger/memory');

let scopes = 0;
const newScope = () => `wf/n${++scopes}/webhook`;
/** The stored hashes of a list, oldest first. */
const keysOf = (staticData, store) => (staticData[store] ?? '').match(/.{12}/g) ?? [];
const hashes = (...keys) => keys.map(h);

test('which list an accepted event goes to: paid SUCCESS, other confirmed statuses, the rest', () => {
	expect(memoryKind(true, 'SUCCESS')).toBe('paid');
	expect(memoryKind(true, ' success ')).toBe('paid');
	for (const status of ['CREATED', 'INITIATED', 'PENDING', 'EXPIRED', 'FAILED', 'PROCESSING']) {
		expect(memoryKind(true, status)).toBe('confirmed');
	}
	expect(memoryKind(false, 'SUCCESS')).toBe('delivery');
	expect(memoryKind(false, 'FAILED')).toBe('delivery');
});

test('each list lives under its own name, as the 12-character hashes of its keys, in order', () => {
	expect(HASH_CHARS).toBe(12);
	expect(h('payout:x:SUCCESS')).toMatch(/^[A-Za-z0-9_-]{12}$/);
	expect(h('a')).not.toBe(h('b'));
	expect(h('payout:x:SUCCESS')).toBe(
		createHash('sha256').update('payout:x:SUCCESS').digest('base64url').slice(0, 12),
	);
	const staticData = {};
	new StoredList(staticData, 'paid').add(['a', 'b']);
	new StoredList(staticData, 'confirmed').add(['c']);
	new StoredList(staticData, 'delivery').add(['d']);
	expect(staticData).toEqual({
		seenPaid: h('a') + h('b'),
		seenConfirmed: h('c'),
		seenDeliveries: h('d'),
	});
	expect(new StoredList(staticData, 'paid').hasAny(['x', 'b'])).toBe(true);
	expect(new StoredList(staticData, 'paid').hasAny(['c', 'd'])).toBe(false);
	expect(new StoredList(staticData, 'paid').hasAny([])).toBe(false);
	expect(new StoredList({}, 'paid').hasAny(['a'])).toBe(false);
	// Something else under the name (an edited static data) is an empty list.
	for (const odd of [null, { a: 1 }, ['a'], 5]) {
		const data = { seenPaid: odd };
		expect(new StoredList(data, 'paid').hasAny(['a'])).toBe(false);
		new StoredList(data, 'paid').add(['a']);
		expect(data.seenPaid).toBe(h('a'));
	}
	// A list cut short elsewhere loses its partial, oldest key only.
	const cut = { seenPaid: (h('a') + h('b')).slice(5) };
	expect(new StoredList(cut, 'paid').hasAny(['b'])).toBe(true);
	new StoredList(cut, 'paid').add(['c']);
	expect(cut.seenPaid).toBe(h('b') + h('c'));
});

test('a hash is found only where a stored one starts, not across two', () => {
	// Two stored keys whose join contains a third key's hash, off the 12-character grid.
	const third = 'needle';
	const stored = `xxxxxx${h(third)}xxxxxx`;
	const data = { seenPaid: stored };
	expect(stored.indexOf(h(third))).toBe(6);
	expect(new StoredList(data, 'paid').hasAny([third])).toBe(false);
	new StoredList(data, 'paid').addMissing([third]);
	expect(data.seenPaid).toBe(stored + h(third));
	new StoredList(data, 'paid').add([third]);
	expect(data.seenPaid).toBe(stored + h(third));
	expect(new StoredList(data, 'paid').hasAny([third])).toBe(true);
});

test("an earlier version's lists still count, and move into the new lists on the next write", () => {
	const staticData = {
		seenEvents: { 'payout:p:FAILED': '2025-01-01T00:00:00.000Z', 'ref:r:SUCCESS': 'x' },
		seenUnverified: { '["payment","t","r","SUCCESS"]': 'x' },
	};
	expect(new StoredList(staticData, 'confirmed').hasAny(['ref:r:SUCCESS'])).toBe(true);
	expect(new StoredList(staticData, 'paid').hasAny(['ref:r:SUCCESS'])).toBe(false);
	expect(new StoredList(staticData, 'delivery').hasAny(['["payment","t","r","SUCCESS"]'])).toBe(
		true,
	);
	new StoredList(staticData, 'confirmed').addMissing(['ref:r:SUCCESS']);
	expect(staticData.seenEvents).toBeDefined();
	new StoredList(staticData, 'confirmed').add(['new']);
	expect(staticData.seenEvents).toBeUndefined();
	expect(keysOf(staticData, 'seenConfirmed')).toEqual(
		hashes('payout:p:FAILED', 'ref:r:SUCCESS', 'new'),
	);
	new StoredList(staticData, 'delivery').addMissing(['other']);
	expect(staticData.seenUnverified).toBeUndefined();
	expect(keysOf(staticData, 'seenDeliveries')).toEqual(
		hashes('["payment","t","r","SUCCESS"]', 'other'),
	);
});

test("an earlier version's list of another shape (edited static data) counts for nothing and is not moved in", () => {
	for (const odd of [null, 'ref:r:SUCCESS', ['ref:r:SUCCESS'], 7]) {
		const staticData = { seenEvents: odd, seenUnverified: odd };
		// Its characters or entries are no keys: a key named "0" is not remembered.
		expect(new StoredList(staticData, 'confirmed').hasAny(['0', 'ref:r:SUCCESS'])).toBe(false);
		expect(new StoredList(staticData, 'delivery').hasAny(['0'])).toBe(false);
		new StoredList(staticData, 'confirmed').add(['new']);
		new StoredList(staticData, 'delivery').addMissing(['d']);
		expect(staticData.seenConfirmed).toBe(h('new'));
		expect(staticData.seenDeliveries).toBe(h('d'));
	}
});

test.each([
	['paid', 'seenPaid'],
	['confirmed', 'seenConfirmed'],
	['delivery', 'seenDeliveries'],
])(
	'%s: holds exactly its bound, then drops the oldest; survives a JSON round trip',
	(kind, store) => {
		const limit = MEMORY_LIMITS[kind];
		const staticData = {};
		const list = new StoredList(staticData, kind);
		for (let i = 0; i < limit; i++) list.add([`k${i}`]);
		expect(keysOf(staticData, store)).toHaveLength(limit);
		expect(list.hasAny(['k0'])).toBe(true);
		list.add(['new1', 'new2']);
		const keys = keysOf(staticData, store);
		expect(keys).toHaveLength(limit);
		expect(keys.slice(0, 1)).toEqual(hashes('k2'));
		expect(keys.slice(-2)).toEqual(hashes('new1', 'new2'));
		expect(list.hasAny(['k1'])).toBe(false);
		// n8n's database gives it back as JSON, order included.
		const reloaded = JSON.parse(JSON.stringify(staticData));
		new StoredList(reloaded, kind).addMissing(['new3', 'k5']);
		expect(keysOf(reloaded, store)[0]).toBe(h('k3'));
		expect(keysOf(reloaded, store).at(-1)).toBe(h('new3'));
	},
);

test('the bounds: 1,000 events per list (three keys each for paid and confirmed)', () => {
	expect(MAX_REMEMBERED_EVENTS).toBe(1000);
	expect(MEMORY_LIMITS).toEqual({ paid: 3000, confirmed: 3000, delivery: 1000 });
});

test('a key added again moves to the newest end; addMissing leaves present keys in place', () => {
	const staticData = {};
	const list = new StoredList(staticData, 'paid');
	list.add(['a', 'b', 'c']);
	list.add(['a']);
	expect(keysOf(staticData, 'seenPaid')).toEqual(hashes('b', 'c', 'a'));
	list.add(['c', 'c']);
	expect(keysOf(staticData, 'seenPaid')).toEqual(hashes('b', 'a', 'c'));
	list.addMissing(['b', 'd', 'd', 'e']);
	expect(keysOf(staticData, 'seenPaid')).toEqual(hashes('b', 'a', 'c', 'd', 'e'));
});

test('a flood of abandoned checkouts or unconfirmed posts never pushes out a paid event', () => {
	const scope = newScope();
	const staticData = {};
	remember('paid', staticData, scope, ['payment:T:SUCCESS', 'ref:r:SUCCESS']);
	for (let i = 0; i < 2 * MAX_REMEMBERED_EVENTS; i++) {
		remember('confirmed', staticData, scope, [`payment:A${i}:CREATED`, `ref:a${i}:CREATED`]);
		remember('delivery', staticData, scope, [`junk${i}`]);
	}
	// After a restart: only the static data is left.
	const reloaded = JSON.parse(JSON.stringify(staticData));
	expect(seenIn(['paid', 'confirmed'], reloaded, newScope(), ['ref:r:SUCCESS'])).toBe(true);
	expect(keysOf(reloaded, 'seenConfirmed')).toHaveLength(MEMORY_LIMITS.confirmed);
	expect(keysOf(reloaded, 'seenDeliveries')).toHaveLength(MEMORY_LIMITS.delivery);
	// Paid events do push out the oldest paid one (they cost real money to make).
	for (let i = 0; i < MAX_REMEMBERED_EVENTS; i++) {
		remember('paid', reloaded, scope, [`payment:P${i}:SUCCESS`, `x${i}`, `ref:p${i}:SUCCESS`]);
	}
	expect(new StoredList(reloaded, 'paid').hasAny(['ref:r:SUCCESS'])).toBe(false);
});

test('seenIn looks in the lists named, in the static data and in this process', () => {
	const scope = newScope();
	processMemory.paid.remember(scope, ['p']);
	const staticData = { seenConfirmed: h('c'), seenDeliveries: h('d') };
	expect(seenIn(['paid', 'confirmed'], staticData, scope, ['p'])).toBe(true);
	expect(seenIn(['paid', 'confirmed'], staticData, scope, ['c'])).toBe(true);
	expect(seenIn(['paid', 'confirmed'], staticData, scope, ['d'])).toBe(false);
	expect(seenIn(['delivery'], staticData, scope, ['d'])).toBe(true);
	expect(seenIn(['delivery'], staticData, scope, ['p', 'c'])).toBe(false);
	// Another workflow, node or mode has a memory of its own.
	expect(seenIn(['paid'], {}, newScope(), ['p'])).toBe(false);
});

test('remember: this process and the static data know the keys, in the list of their kind', () => {
	const scope = newScope();
	const staticData = {};
	remember('confirmed', staticData, scope, ['k1', 'k2']);
	expect(processMemory.confirmed.hasAny(scope, ['k2'])).toBe(true);
	expect(processMemory.paid.hasAny(scope, ['k2'])).toBe(false);
	expect(keysOf(staticData, 'seenConfirmed')).toEqual(hashes('k1', 'k2'));
	expect(staticData.seenPaid).toBeUndefined();
	// A request whose copy of the static data lacks what an overlapping one remembered writes
	// those keys again (n8n saves each request's copy whole).
	const other = {};
	remember('confirmed', other, scope, ['k3']);
	expect(keysOf(other, 'seenConfirmed')).toEqual(hashes('k3', 'k1', 'k2'));
	expect(other.seenPaid).toBeUndefined();
});

test(`rememberRecent writes the ${RECENT_KEYS} newest keys of each list this process remembered`, () => {
	const scope = newScope();
	for (let i = 0; i < RECENT_KEYS + 5; i++) processMemory.paid.remember(scope, [`p${i}`]);
	processMemory.delivery.remember(scope, ['d']);
	const staticData = { seenPaid: h('p10') };
	rememberRecent(staticData, scope);
	const paid = keysOf(staticData, 'seenPaid');
	expect(paid).toHaveLength(RECENT_KEYS);
	expect(paid[0]).toBe(h('p10'));
	expect(paid).not.toContain(h('p4'));
	expect(paid).toContain(h('p5'));
	expect(paid).toContain(h(`p${RECENT_KEYS + 4}`));
	expect(keysOf(staticData, 'seenDeliveries')).toEqual(hashes('d'));
	expect(staticData.seenConfirmed).toBeUndefined();
	// Nothing to add: nothing written (n8n would save the static data for nothing).
	const unchanged = JSON.parse(JSON.stringify(staticData));
	rememberRecent(unchanged, scope);
	expect(unchanged).toEqual(staticData);
	const empty = {};
	rememberRecent(empty, newScope());
	expect(empty).toEqual({});
});

test('writes in place mark n8n static data changed, and only writes do', () => {
	const workflow = () =>
		new Workflow({
			id: 'wf',
			nodes: [],
			connections: {},
			active: true,
			nodeTypes: { getByNameAndVersion: () => undefined, getByName: () => undefined },
			staticData: saved,
		});
	let saved = { 'node:T': { seenPaid: h('a') } };
	let wf = workflow();
	const node = wf.staticData['node:T'];
	expect(new StoredList(node, 'paid').hasAny(['a'])).toBe(true);
	new StoredList(node, 'paid').addMissing(['a']);
	expect(wf.staticData.__dataChanged).toBe(false);
	new StoredList(node, 'paid').add(['b']);
	expect(wf.staticData.__dataChanged).toBe(true);
	// A new list in an existing node's data, and a trimmed one.
	saved = JSON.parse(JSON.stringify(wf.staticData));
	wf = workflow();
	new StoredList(wf.staticData['node:T'], 'delivery').add(['d']);
	expect(wf.staticData.__dataChanged).toBe(true);
});

const payoutPayload = (status = 'SUCCESS') => ({
	id: '0B5D6A3E-1C2F-4A7B-9D8E-123456789ABC',
	reference_id: 'R-1',
	amount: 100,
	status,
});
const paymentPayload = (status = 'SUCCESS') => ({
	ref_id: 'Shop-1',
	transaction_id: 'TXN-1',
	status,
	amount: '10.00',
});

test('rememberedAs reads an emitted item back into its list and keys', () => {
	expect(rememberedAs({ verified: true, payload: payoutPayload() })).toEqual({
		kind: 'paid',
		keys: ['payout:0b5d6a3e-1c2f-4a7b-9d8e-123456789abc:SUCCESS'],
	});
	expect(rememberedAs({ verified: true, payload: paymentPayload('TEST_SUCCESS') })).toEqual({
		kind: 'paid',
		keys: ['payment:TXN-1:SUCCESS', 'ref:shop-1:SUCCESS'],
	});
	expect(rememberedAs({ verified: true, payload: payoutPayload('FAILED') })).toEqual({
		kind: 'confirmed',
		keys: ['payout:0b5d6a3e-1c2f-4a7b-9d8e-123456789abc:FAILED'],
	});
	// Not confirmed (verified false, or anything but true): its delivery only.
	for (const verified of [false, 'true', undefined]) {
		expect(rememberedAs({ verified, payload: paymentPayload() })).toEqual({
			kind: 'delivery',
			keys: ['["payment","txn-1","shop-1","SUCCESS"]'],
		});
	}
	// Not an item of this trigger: nothing.
	for (const payload of [undefined, null, 'text', [paymentPayload()], { status: 'SUCCESS' }]) {
		expect(rememberedAs({ verified: true, payload })).toBeUndefined();
	}
});

test("rememberInRun writes the run's events and this process's newest keys, once", () => {
	const scope = newScope();
	processMemory.confirmed.remember(scope, ['other-request']);
	const paidKey = 'payout:0b5d6a3e-1c2f-4a7b-9d8e-123456789abc:SUCCESS';
	const staticData = { seenPaid: h(paidKey) };
	rememberInRun(staticData, scope, [
		{ verified: true, payload: payoutPayload() },
		{ verified: false, payload: paymentPayload() },
		{ json: 'not an event' },
	]);
	expect(staticData.seenPaid).toBe(h(paidKey));
	expect(keysOf(staticData, 'seenDeliveries')).toEqual(
		hashes('["payment","txn-1","shop-1","SUCCESS"]'),
	);
	expect(keysOf(staticData, 'seenConfirmed')).toEqual(hashes('other-request'));
});
