import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { SmePayCredentialType } from '../../../credentials/common/credentialChecks';
import { credentialBaseUrl } from '../../../credentials/common/environment';
import {
	isNetworkFailure,
	isRetryable,
	readHttpFailure,
	type HttpFailure,
} from '../../../credentials/common/httpFailure';
import {
	TokenExchangeError,
	tokenExchangeChannel,
	type TokenExchangeChannel,
} from '../../../credentials/SmePayTokenExchange';
import {
	smePayApiError,
	smePayNotSentError,
	smePayStoppedError,
	type UnansweredCall,
} from './errors';
import { backoffMs, TimeBudget } from './timing';

export type { SmePayCredentialType };

/** Where a client runs: a node's execution, or the SMEPay Trigger's webhook (its verification). */
export type SmePayContext = IExecuteFunctions | IWebhookFunctions;

export interface SmePayRequest {
	method: IHttpRequestMethods;
	/** Path under the credential's base URL, e.g. `/api/v1/disbursement/payouts`. */
	path: string;
	body?: IDataObject;
	/** Bearer token from the credential (default), or none (the public status call). */
	authenticated?: boolean;
	/**
	 * `safe`: repeating the call cannot move money twice (reads; payout send, guarded by its
	 * reference id), so 429, 5xx and network failures are retried with backoff. `never`: one try.
	 */
	retry: 'safe' | 'never';
	/** Names the call in errors: "Create Order". */
	action: string;
	itemIndex: number;
	/** Said instead of the generic hint when the call ends without an answer. */
	noAnswerDescription?: string;
}

export interface SmePayClientOptions {
	maxAttempts?: number;
	/** How long one call, or one token exchange, may take. */
	timeoutMs?: number;
	/** Everything this client does, token exchange and retries included, ends this long after it was made. */
	budgetMs?: number;
}

const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_TIMEOUT_MS = 30_000;
/** Tries of a token exchange that got no answer, 429 or 5xx, for all the calls of a run. */
export const TOKEN_EXCHANGE_ATTEMPTS = 3;

/**
 * The one place that talks to SMEPay: base URL from the credential, Bearer token through n8n's
 * credential, retries of safe calls, and SMEPay's refusals turned into NodeApiErrors that say
 * what to do.
 *
 * Authenticated calls of a run share one copy of the credential (n8n would otherwise read and
 * decrypt it from its database for every call) and renew its token once for all of them: a call
 * that finds the token empty goes alone, n8n runs the credential's preAuthentication, stores the
 * new token in its credential store and writes it into this copy, and the other calls wait for
 * it. After a 401 the first call to see it empties the token, so a batch of calls refused at the
 * same moment makes one token exchange, not one each. An exchange that gets no answer, 429 or 5xx
 * is tried again a few times; once it has failed, every call of the run fails with its error.
 */
export class SmePayClient {
	private credentialsPromise?: Promise<ICredentialDataDecryptedObject>;

	private tokenFetch?: Promise<unknown>;

	private exchangeFailure?: TokenExchangeError;

	/** The first call of this run that used all its tries without an answer. */
	private unanswered?: UnansweredCall;

	private readonly time: TimeBudget;

	constructor(
		private readonly ctx: SmePayContext,
		readonly credentialType: SmePayCredentialType,
		private readonly options: SmePayClientOptions = {},
	) {
		this.time = new TimeBudget(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, options.budgetMs);
	}

	async credentials(): Promise<ICredentialDataDecryptedObject> {
		this.credentialsPromise ??= this.ctx.getCredentials(this.credentialType);
		return await this.credentialsPromise;
	}

	async baseUrl(): Promise<string> {
		return credentialBaseUrl(this.credentialType, await this.credentials());
	}

	async request<T = IDataObject>(request: SmePayRequest): Promise<T> {
		const maxAttempts =
			request.retry === 'safe' ? (this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS) : 1;
		const url = `${await this.baseUrl()}${request.path}`;
		if (this.unanswered !== undefined) {
			// SMEPay stopped answering this run: don't make every later item wait out its own tries.
			throw smePayNotSentError(this.ctx.getNode(), this.unanswered, {
				itemIndex: request.itemIndex,
				credentialType: this.credentialType,
				action: request.action,
			});
		}
		for (let attempt = 1; ; attempt++) {
			const options: IHttpRequestOptions = {
				method: request.method,
				url,
				body: request.body,
				json: true,
				timeout: this.time.timeoutMs(),
			};
			try {
				return (await (request.authenticated === false
					? this.ctx.helpers.httpRequest(options)
					: this.sendAuthenticated(options))) as T;
			} catch (error) {
				const failure = readHttpFailure(error);
				const context = {
					itemIndex: request.itemIndex,
					credentialType: this.credentialType,
					action: request.action,
				};
				if (isStopped(failure))
					throw smePayStoppedError(this.ctx.getNode(), error, failure, context);
				const wait = backoffMs(attempt, failure);
				const givenUp = this.unanswered !== undefined;
				if (
					attempt < maxAttempts &&
					isRetryable(failure) &&
					this.time.hasTimeFor(wait) &&
					!givenUp
				) {
					await sleep(wait);
					continue;
				}
				if (isNetworkFailure(failure) && maxAttempts > 1 && !givenUp) {
					this.unanswered = {
						itemIndex: request.itemIndex,
						action: request.action,
						attempts: attempt,
					};
				}
				throw smePayApiError(this.ctx.getNode(), failure, {
					...context,
					description: isNetworkFailure(failure) ? request.noAnswerDescription : undefined,
				});
			}
		}
	}

	private async sendAuthenticated(options: IHttpRequestOptions): Promise<unknown> {
		const credentials = await this.credentials();
		const channel = tokenExchangeChannel(credentials);
		channel.timeoutMs = () => this.time.timeoutMs();
		for (let renewed = false; ; renewed = true) {
			while (this.tokenFetch !== undefined) await this.tokenFetch;
			if (this.exchangeFailure !== undefined) throw this.exchangeFailure;
			const tokenUsed = credentials.accessToken;
			const call = tokenUsed
				? this.send(credentials, options)
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
			// Anything but a 401 on a token that was not new goes to request(), which maps it.
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
				return await this.send(credentials, options);
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

	private async send(
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

/** Neither an answer nor a network failure (a cancelled execution, an answer that is not HTTP). */
function isStopped(failure: HttpFailure): boolean {
	return (
		failure.status === undefined &&
		failure.tokenExchangeMessage === undefined &&
		!isNetworkFailure(failure)
	);
}
