'use strict';
// The SMEPay node as an AI Agent tool (`n8n-nodes-smepay.smePayTool`, the variant n8n makes of a
// `usableAsTool` node) in n8n's own AI Agent, with n8n's OpenAI Chat Model pointed at a scripted
// model on loopback (fakeOpenAi.js) that plays the LLM: it calls Create Order, then Get Status
// with the slug Create Order returned, then answers. The order must reach the sandbox with the
// arguments the model chose, and the agent's answer must carry what the tools returned.
const { connectStack, nodeOutput } = require('./stackClient');
const { startFakeOpenAi, toolResults, contentText } = require('./fakeOpenAi');

const CREATE_TOOL = 'Create_order';
const STATUS_TOOL = 'Get_order_status';
const AMOUNT = '249.00';

let stack;
let model;
let openAiCredential;
let orderId;

beforeAll(async () => {
	stack = await connectStack();
	orderId = `AGENT-${Date.now().toString(36)}`;
	model = await startFakeOpenAi({ reply: scriptedModel });
	openAiCredential = await stack.api.createCredential({
		name: 'Scripted model (e2e)',
		type: 'openAiApi',
		data: { apiKey: 'sk-e2e-not-a-real-key', url: model.url },
	});
});

afterAll(async () => {
	await model?.close();
});

// The model's side of the conversation: one step per tool result the agent has sent back.
function scriptedModel(request) {
	const prompt = contentText(request.messages.filter((m) => m.role === 'user').pop().content);
	const id = /order ID (\S+?)[,.\s]/.exec(prompt)?.[1];
	if (!id) throw new Error(`no order ID in the prompt: ${prompt}`);
	const tools = (request.tools || []).map((t) => t.function.name);
	for (const name of [CREATE_TOOL, STATUS_TOOL])
		if (!tools.includes(name))
			throw new Error(`tool ${name} not offered (got ${tools.join(', ')})`);

	const results = toolResults(request);
	if (results.length === 0)
		return { toolCalls: [{ name: CREATE_TOOL, arguments: { amount: AMOUNT, order_id: id } }] };
	const slug = /"slug"\s*:\s*"([^"]+)"/.exec(results[0])?.[1];
	if (!slug) throw new Error(`Create order returned no slug: ${results[0]}`);
	if (results.length === 1)
		return { toolCalls: [{ name: STATUS_TOOL, arguments: { slug, order_id: id } }] };
	const status = /"payment_status"\s*:\s*"([^"]+)"/.exec(results[1])?.[1];
	if (!status) throw new Error(`Get order status returned no payment_status: ${results[1]}`);
	return { content: `Order ${id} (slug ${slug}) is ${status}.` };
}

function agentWorkflow() {
	const smePay = {
		id: stack.state.credentials.smePayApi.id,
		name: stack.state.credentials.smePayApi.name,
	};
	const tool = (name, position, parameters, description) => ({
		name,
		type: 'n8n-nodes-smepay.smePayTool',
		typeVersion: 1,
		position,
		parameters: {
			descriptionType: 'manual',
			toolDescription: description,
			resource: 'order',
			...parameters,
		},
		credentials: { smePayApi: smePay },
	});
	return {
		name: `SMEPay e2e: AI Agent with SMEPay tools ${orderId}`,
		nodes: [
			{
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 3,
				position: [220, 0],
				parameters: {
					promptType: 'define',
					text: `Create a UPI payment order of ${AMOUNT} rupees with order ID ${orderId}, then tell me its payment status.`,
					options: { systemMessage: 'You manage SMEPay orders with the tools you have.' },
				},
			},
			{
				name: 'OpenAI Chat Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.2,
				position: [120, 220],
				parameters: { model: { __rl: true, mode: 'id', value: 'gpt-4o-mini' }, options: {} },
				credentials: { openAiApi: { id: openAiCredential.id, name: openAiCredential.name } },
			},
			tool(
				'Create order',
				[300, 220],
				{
					operation: 'create',
					amount:
						"={{ $fromAI('amount', 'Amount in rupees with 2 decimals, e.g. 249.00', 'string') }}",
					orderId: "={{ $fromAI('order_id', 'The shop order ID, unique per order', 'string') }}",
				},
				'Create an SMEPay UPI order. Returns the order slug.',
			),
			tool(
				'Get order status',
				[480, 220],
				{
					operation: 'getStatus',
					slug: "={{ $fromAI('slug', 'The slug Create order returned', 'string') }}",
					orderId: "={{ $fromAI('order_id', 'The shop order ID of that order', 'string') }}",
				},
				"Get an SMEPay order's payment status.",
			),
		],
		connections: {
			Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'OpenAI Chat Model': {
				ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]],
			},
			'Create order': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
			'Get order status': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** The json items a tool node returned to the agent, and the arguments it was called with. */
function toolRun(execution, nodeName) {
	const runs = execution.data.resultData.runData[nodeName];
	if (!runs) throw new Error(`${nodeName} did not run`);
	expect(runs).toHaveLength(1);
	const [run] = runs;
	const output = (run.data?.ai_tool?.[0] || run.data?.main?.[0] || []).map((item) => item.json);
	const input = (run.inputOverride?.ai_tool?.[0] || []).map((item) => item.json);
	return { run, output, input };
}

// The editor's "Execute workflow". The first agent run on a fresh n8n is slow (n8n loads its
// LangChain modules), and a kept-alive socket may be reset meanwhile: instance.js asks again only
// for its own realm's TypeError, which jest's sandbox does not match, so ask again here.
async function runWorkflow(id) {
	try {
		return await stack.api.runWorkflow(id, { timeoutMs: 120_000 });
	} catch (error) {
		if (!(error?.name === 'TypeError' && /fetch failed/.test(error.message))) throw error;
		const [started] = await stack.executions(id);
		if (!started) throw error;
		return await stack.api.waitForExecution(started.id, { timeoutMs: 120_000 });
	}
}

test('AI Agent: the SMEPay tool creates an order and gets its status, and the agent answers with it', async () => {
	const { id } = await stack.api.importWorkflow(agentWorkflow());
	const execution = await runWorkflow(id);
	expect(model.errors).toEqual([]);
	expect(execution.data.resultData.error).toBeUndefined();
	expect(execution.status).toBe('success');

	// The model was offered both tools with the parameters $fromAI() declares.
	const [first] = model.requests;
	const offered = Object.fromEntries(
		first.tools.map((t) => [t.function.name, t.function.parameters]),
	);
	expect(Object.keys(offered).sort()).toEqual([CREATE_TOOL, STATUS_TOOL]);
	expect(Object.keys(offered[CREATE_TOOL].properties)).toEqual(
		expect.arrayContaining(['amount', 'order_id']),
	);
	expect(Object.keys(offered[STATUS_TOOL].properties)).toEqual(
		expect.arrayContaining(['slug', 'order_id']),
	);
	expect(model.requests).toHaveLength(3);

	// Exactly one order reached SMEPay, with the amount and order ID the model passed.
	const orders = (await stack.ledger()).orders.filter((o) => o.ref_id === orderId);
	expect(orders).toHaveLength(1);
	const [order] = orders;
	expect(order.amount_paise).toBe(24900);
	expect(order.payment_status).toBe('CREATED');

	// Each tool ran once with the model's arguments and returned SMEPay's answer.
	const created = toolRun(execution, 'Create order');
	expect(created.input).toEqual([expect.objectContaining({ amount: AMOUNT, order_id: orderId })]);
	expect(created.output).toEqual([expect.objectContaining({ slug: order.slug })]);
	const status = toolRun(execution, 'Get order status');
	expect(status.input).toEqual([expect.objectContaining({ slug: order.slug, order_id: orderId })]);
	expect(status.output).toEqual([expect.objectContaining({ payment_status: 'CREATED' })]);

	// The agent's answer is the model's last turn, built from what the tools returned.
	const [answer] = nodeOutput(execution, 'AI Agent');
	expect(answer.json.output).toBe(`Order ${orderId} (slug ${order.slug}) is CREATED.`);
});
