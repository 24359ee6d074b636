import { sleep } from 'n8n-workflow';

/**
 * Settlement bursts. When a payroll settles, SMEPay sends every payout's webhook at the same moment
 * and waits 10 s for each answer. n8n works on all waiting requests at once, so without a limit
 * each answer waits for nearly all the others and most come too late: SMEPay counts them as
 * failed deliveries, although their runs start.
 *
 * The intake lets a few deliveries in at a time, first come first served, each holding its place
 * until n8n has sent its answer (in n8n 2.x that is after the run is created, the costly part). A
 * delivery that cannot get in within MAX_WAIT_MS is answered 503 at once: it starts nothing and
 * SMEPay sends it again after a minute. So every answer is on time, and a burst is taken in over
 * SMEPay's retries instead of all at once.
 *
 * SMEPay delivers an event five times at most (then 1 min, 5 min, 25 min, 2 h later). An event
 * turned away MAX_TURN_AWAYS times is let in on its next delivery however long it has to wait, ahead
 * of first deliveries: a busy n8n never uses up SMEPay's retries. It still starts its run when its
 * answer comes late, as n8n does, and a later retry of it is then a repeat.
 *
 * One intake per n8n process, for all SMEPay Triggers in it (they share its CPU). A queue-mode
 * setup has one per webhook process.
 */

/** What waits longer than this is turned away, answered well within SMEPay's 10 s. */
export const MAX_WAIT_MS = 5_000;
/** First deliveries that may wait for a place; more are turned away at once. */
export const MAX_WAITING = 5_000;
/** A first delivery and SMEPay's first retry may be turned away; its 5-minute retry gets in. */
export const MAX_TURN_AWAYS = 2;
/** Events whose turn-aways are counted (oldest forgotten first). */
const REMEMBERED_TURN_AWAYS = 10_000;
/**
 * The response n8n answers on: 'finish' when the answer is sent, 'close' when the connection ends
 * (also when SMEPay gave up waiting), so a place always comes back.
 */
export interface AnsweredResponse {
	once(event: 'finish' | 'close', listener: () => void): unknown;
}

interface Waiter {
	atOnce: number;
	admit: () => void;
}

export interface IntakeLimits {
	/** Deliveries handled at once; 0 for no limit. */
	atOnce: number;
	maxWaitMs?: number;
}

export class Intake {
	private inside = 0;
	private readonly firstWaiting: Waiter[] = [];
	private readonly dueWaiting: Waiter[] = [];
	private readonly turnAways = new Map<string, number>();

	constructor(private readonly rememberedTurnAways = REMEMBERED_TURN_AWAYS) {}

	/**
	 * Waits for a place for the delivery of `eventKey` answered on `response`. true: it is in, and
	 * its place is given back when the answer has been sent. false: turn it away (answer 503).
	 */
	async enter(
		eventKey: string,
		response: AnsweredResponse,
		limits: IntakeLimits,
	): Promise<boolean> {
		if (limits.atOnce <= 0) return true;
		if (!(await this.place(eventKey, limits))) {
			const count = this.turnedAway(eventKey) + 1;
			this.turnAways.delete(eventKey); // set again below, as the newest
			this.turnAways.set(eventKey, count);
			if (this.turnAways.size > this.rememberedTurnAways) {
				this.turnAways.delete(this.turnAways.keys().next().value as string);
			}
			return false;
		}
		this.turnAways.delete(eventKey);
		let left = false;
		const leave = () => {
			if (left) return;
			left = true;
			this.inside--;
			this.next();
		};
		response.once('finish', leave);
		response.once('close', leave);
		return true;
	}

	/** Deliveries in, and waiting (for tests and logs). */
	get load(): { inside: number; waiting: number } {
		return { inside: this.inside, waiting: this.firstWaiting.length + this.dueWaiting.length };
	}

	turnedAway(eventKey: string): number {
		return this.turnAways.get(eventKey) ?? 0;
	}

	/** Takes a place (true), at once or once one is free, or gives up waiting (false). */
	private place(
		eventKey: string,
		{ atOnce, maxWaitMs = MAX_WAIT_MS }: IntakeLimits,
	): Promise<boolean> {
		const due = this.turnedAway(eventKey) >= MAX_TURN_AWAYS;
		if (this.inside < atOnce && this.load.waiting === 0) {
			this.inside++;
			return Promise.resolve(true);
		}
		if (!due && this.firstWaiting.length >= MAX_WAITING) return Promise.resolve(false);
		return new Promise((resolve) => {
			const waiter: Waiter = { atOnce, admit: () => resolve(true) };
			if (due) {
				this.dueWaiting.push(waiter);
				return;
			}
			this.firstWaiting.push(waiter);
			void sleep(maxWaitMs).then(() => {
				const at = this.firstWaiting.indexOf(waiter);
				if (at === -1) return; // it got in meanwhile
				this.firstWaiting.splice(at, 1);
				resolve(false);
			});
		});
	}

	/** A place came free: the longest-waiting due delivery takes it, else the longest-waiting first. */
	private next(): void {
		const queue = this.dueWaiting.length > 0 ? this.dueWaiting : this.firstWaiting;
		const waiter = queue[0];
		if (waiter === undefined || this.inside >= waiter.atOnce) return;
		queue.shift();
		this.inside++;
		waiter.admit();
	}
}

/** The process's intake (module state: one per n8n process). */
export const intake = new Intake();
