import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { SmePayCredentialType } from '../../../credentials/common/credentialChecks';
import { readHttpFailure } from '../../../credentials/common/httpFailure';
import { hasTokenForItsFields } from '../../../credentials/SmePayTokenEndpoints';
import {
	TokenExchangeError,
	tokenExchangeChannel,
	type TokenExchangeChannel,
} from '../../../credentials/SmePayTokenExchange';
import type { SmePayContext } from './context';
import { backoffMs, type TimeBudget } from './timing';

/** Tries of a token exchange that got no answer, 429 or 5xx, for all the calls of a run. */
export const TOKEN_EXCHANGE_ATTEMPTS = 3;

/**
 * The authenticated calls of one run, sharing one copy of the credential (n8n would otherwise read
 * and decrypt it from its database for every call) and renewing its token once for all of them: a
 * call that finds the token empty goes alone, n8n runs the credential's preAuthentication, stores
 * the new token in its credential store and writes it into this copy, and the other calls wait
 * for it. After a 401 the first call to see it empties the token, so a batch of calls refused at
 * the same moment makes one token exchange, not one each. An exchange that gets no answer, 429 or
 * 5xx is tried again a few times; once it has failed, every call of the run fails with its error.
 * A stored token that was issued for other keys than the credential's own is treated as empty.
 */
export class SharedToken {
	private tokenFetch?: Promise<unknown>;

	private exchangeFailure?: TokenExchangeError;

	constructor(
		private readonly ctx: SmePayContext,
		private readonly credentialType: SmePayCredentialType,
		private readonly credentials: () => Promise<ICredentialDataDecryptedObject>,
		private readonly time: TimeBudget,
	) {}

	/** The token exchange that failed for this run's calls, if one did. */
	get failure(): TokenExchangeError | undefined {
		return this.exchangeFailure;
	}

	async send(options: IHttpRequestOptions): Promise<unknown> {
		const credentials = await this.credentials();
		const channel = tokenExchangeChannel(credentials);
		channel.timeoutMs = () => this.time.timeoutMs();
		for (let renewed = false; ; renewed = true) {
			while (this.tokenFetch !== undefined) await this.tokenFetch;
			if (this.exchangeFailure !== undefined) throw this.exchangeFailure;
			// A token issued for other keys (the credential was edited since), or stored before
			// tokens said what they were issued for, is exchanged again, never sent.
			if (credentials.accessToken && !hasTokenForItsFields(this.credentialType, credentials)) {
				credentials.accessToken = '';
			}
			const tokenUsed = credentials.accessToken;
			const call = tokenUsed
				? this.call(credentials, options)
				: this.sendWithNewToken(credentials, channel, options);
			if (!tokenUsed) this.holdOthersUntilSettled(call);
			let refusal: unknown;
			try {
				return await call;
			} catch (error) {
				refusal = error;
			}
			const exchangeFailure = exchangeFailureIn(refusal, channel);
			if (exchangeFailure !== undefined) {
				// n8n 1.x renews a token SMEPay refused (401) within the call: a renewal that may
				// get through next time is tried again the way an empty token is, alone.
				if (tokenUsed && !renewed && exchangeFailure.retryable) {
					if (credentials.accessToken === tokenUsed) credentials.accessToken = '';
					continue;
				}
				throw (this.exchangeFailure ??= exchangeFailure);
			}
			// Anything but a 401 on a token that was not new goes to the client's request(), which maps it.
			if (renewed || !tokenUsed || readHttpFailure(refusal).status !== 401) throw refusal;
			if (credentials.accessToken === tokenUsed) credentials.accessToken = '';
		}
	}

	/**
	 * A call while the token is empty: n8n exchanges first. An exchange that failed sent nothing,
	 * so it is tried again where that can help, within the attempts and the budget.
	 */
	private async sendWithNewToken(
		credentials: ICredentialDataDecryptedObject,
		channel: TokenExchangeChannel,
		options: IHttpRequestOptions,
	): Promise<unknown> {
		for (let attempt = 1; ; attempt++) {
			channel.failure = undefined;
			let refusal: unknown;
			try {
				return await this.call(credentials, options);
			} catch (error) {
				refusal = error;
			}
			const failure = exchangeFailureIn(refusal, channel);
			if (failure === undefined) throw refusal;
			const wait = backoffMs(attempt, { retryAfterMs: failure.retryAfterMs });
			if (!failure.retryable || attempt >= TOKEN_EXCHANGE_ATTEMPTS || !this.time.hasTimeFor(wait)) {
				this.exchangeFailure = failure;
				throw failure;
			}
			await sleep(wait);
		}
	}

	private async call(
		credentials: ICredentialDataDecryptedObject,
		options: IHttpRequestOptions,
	): Promise<unknown> {
		// n8n writes the Authorization header into the options it is given: a fresh copy each time.
		return await this.ctx.helpers.httpRequestWithAuthentication.call(
			this.ctx,
			this.credentialType,
			{ ...options, headers: { ...options.headers } },
			{
				credentialsDecrypted: { id: '', name: '', type: this.credentialType, data: credentials },
				// 401s are handled above, once for all calls, instead of by n8n once per call.
				preAuthenticationRetryStatusCode: [],
			},
		);
	}

	private holdOthersUntilSettled(call: Promise<unknown>) {
		const settled = call.then(
			() => undefined,
			() => undefined,
		);
		this.tokenFetch = settled;
		void settled.then(() => {
			if (this.tokenFetch === settled) this.tokenFetch = undefined;
		});
	}
}

/**
 * The failed exchange behind an error, if any: the exchange's own error from the channel (n8n
 * may have rewritten the message of the error it threw), else one made from n8n's error.
 */
function exchangeFailureIn(
	error: unknown,
	channel: TokenExchangeChannel,
): TokenExchangeError | undefined {
	const message = readHttpFailure(error).tokenExchangeMessage;
	if (message === undefined) return undefined;
	return channel.failure ?? new TokenExchangeError(message);
}
