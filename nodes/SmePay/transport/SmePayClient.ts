import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
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
	smePayApiError,
	smePayNotSentError,
	smePayStoppedError,
	type UnansweredCall,
} from './errors';
import type { SmePayContext } from './context';
import { SharedToken } from './sharedToken';
import { backoffMs, mayStillBeRunning, resendAfterNoAnswerMs, TimeBudget } from './timing';

export type { SmePayCredentialType, SmePayContext };
export { TOKEN_EXCHANGE_ATTEMPTS } from './sharedToken';

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
	/**
	 * The call moves money once per reference (payout send): after a try that got no answer it is
	 * sent again only once SMEPay has had time to finish that try (resendAfterNoAnswerMs).
	 */
	waitOutLostTries?: boolean;
	/** Answer `{ body, headers, statusCode }` instead of the body alone. */
	fullResponse?: boolean;
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

/**
 * The one place that talks to SMEPay: base URL from the credential, Bearer token through n8n's
 * credential, retries of safe calls, and SMEPay's refusals turned into NodeApiErrors that say
 * what to do. Authenticated calls of a run share one credential copy and one token renewal
 * (sharedToken.ts).
 */
export class SmePayClient {
	private credentialsPromise?: Promise<ICredentialDataDecryptedObject>;

	/** The first call of this run that used all its tries without an answer. */
	private unanswered?: UnansweredCall;

	private readonly time: TimeBudget;

	private readonly token: SharedToken;

	constructor(
		private readonly ctx: SmePayContext,
		readonly credentialType: SmePayCredentialType,
		private readonly options: SmePayClientOptions = {},
	) {
		this.time = new TimeBudget(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, options.budgetMs);
		this.token = new SharedToken(
			ctx,
			credentialType,
			async () => await this.credentials(),
			this.time,
		);
	}

	async credentials(): Promise<ICredentialDataDecryptedObject> {
		this.credentialsPromise ??= this.ctx.getCredentials(this.credentialType);
		return await this.credentialsPromise;
	}

	/**
	 * Whether this client's token exchange failed in a way another try cannot change (keys or IP
	 * refused, no token endpoint): undefined when no exchange failed.
	 */
	tokenRefusedForGood(): boolean | undefined {
		const failure = this.token.failure;
		return failure === undefined ? undefined : !failure.retryable;
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
				...(request.fullResponse && { returnFullResponse: true }),
			};
			const startedAt = Date.now();
			try {
				return (await (request.authenticated === false
					? this.ctx.helpers.httpRequest(options)
					: this.token.send(options))) as T;
			} catch (error) {
				const failure = readHttpFailure(error);
				const context = {
					itemIndex: request.itemIndex,
					credentialType: this.credentialType,
					action: request.action,
				};
				if (isStopped(failure))
					throw smePayStoppedError(this.ctx.getNode(), error, failure, context);
				const wait =
					request.waitOutLostTries && mayStillBeRunning(failure)
						? Math.max(backoffMs(attempt, failure), resendAfterNoAnswerMs(Date.now() - startedAt))
						: backoffMs(attempt, failure);
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
}

/** Neither an answer nor a network failure (a cancelled execution, an answer that is not HTTP). */
function isStopped(failure: HttpFailure): boolean {
	return (
		failure.status === undefined &&
		failure.tokenExchangeMessage === undefined &&
		!isNetworkFailure(failure)
	);
}
