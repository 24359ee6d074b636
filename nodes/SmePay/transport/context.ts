import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

/** Where a client runs: a node's execution, or the SMEPay Trigger's webhook (its verification). */
export type SmePayContext = IExecuteFunctions | IWebhookFunctions;
