// Types for TypeScript callers (tests, benchmarks) of the plain-JS sandbox.

export interface SandboxCredentials {
	clientId: string;
	clientSecret: string;
}

export interface SandboxClients {
	collection: { test: SandboxCredentials; live: SandboxCredentials };
	disbursement: { test: SandboxCredentials; live: SandboxCredentials };
	partner: { partnerCode: string; email: string };
}

export interface SandboxOptions {
	host?: string;
	port?: number;
	livePort?: number;
	timeScale?: number;
	latencyMs?: number;
	/** A config patch applied at start and on every /_sandbox/reset (same keys as POST /_sandbox/config). */
	seed?: Record<string, unknown>;
}

export interface SandboxHandle {
	testUrl: string;
	liveUrl: string;
	controlUrl: string;
	clients: SandboxClients;
	/** The in-memory state (orders, payouts, clients with balances in paise, tokens, webhooks, config). */
	state: Record<string, unknown>;
	close(): Promise<void>;
}

export function startSandbox(options?: SandboxOptions): Promise<SandboxHandle>;
