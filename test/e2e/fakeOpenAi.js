'use strict';
// A scripted OpenAI-compatible chat model on loopback, for driving n8n's AI Agent without a model
// service. n8n's OpenAI Chat Model node (credential `openAiApi`, whose Base URL points here) sends
// POST <base>/chat/completions with the conversation and the tools; `reply(request)` decides the
// next assistant turn: `{ toolCalls: [{ name, arguments }] }` or `{ content }`. The agent run from a
// manual trigger does not stream (n8n 2.41 and 1.123 send `stream: false`), so neither does this:
// a streaming request is refused and recorded. Every request is kept in `requests`; a script error
// is answered 500 and kept in `errors`, so a test can fail on it.

const http = require('node:http');

function startFakeOpenAi({ reply, model = 'gpt-4o-mini' }) {
	const requests = [];
	const errors = [];
	let calls = 0;

	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const path = req.url.split('?')[0];
			if (req.method === 'GET' && path.endsWith('/models'))
				return send(res, 200, { object: 'list', data: [{ id: model, object: 'model' }] });
			if (req.method !== 'POST' || !path.endsWith('/chat/completions'))
				return send(res, 404, { error: { message: `no route ${req.method} ${path}` } });
			let body;
			let turn;
			try {
				body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
				requests.push(body);
				if (body.stream) throw new Error('streaming requested: not scripted');
				turn = reply(body);
			} catch (error) {
				errors.push(error);
				return send(res, 500, { error: { message: `fake model: ${error.message}` } });
			}
			const message = assistantMessage(turn, ++calls);
			send(res, 200, {
				id: `chatcmpl-${calls}`,
				object: 'chat.completion',
				created: Math.floor(Date.now() / 1000),
				model,
				choices: [{ index: 0, message, finish_reason: finishReason(message) }],
				usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
			});
		});
	});

	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			resolve({
				url: `http://127.0.0.1:${port}/v1`,
				requests,
				errors,
				close: () => new Promise((done) => server.close(() => done())),
			});
		});
	});
}

function assistantMessage(turn, call) {
	if (turn.toolCalls)
		return {
			role: 'assistant',
			content: null,
			tool_calls: turn.toolCalls.map((toolCall, i) => ({
				id: `call_${call}_${i}`,
				type: 'function',
				function: { name: toolCall.name, arguments: JSON.stringify(toolCall.arguments) },
			})),
		};
	return { role: 'assistant', content: String(turn.content) };
}

const finishReason = (message) => (message.tool_calls ? 'tool_calls' : 'stop');

function send(res, status, body) {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
}

/** The tool results the agent sent back so far (role "tool" messages), newest last. */
function toolResults(request) {
	return request.messages.filter((m) => m.role === 'tool').map((m) => contentText(m.content));
}

function contentText(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((part) => part.text ?? '').join('');
	return JSON.stringify(content);
}

module.exports = { startFakeOpenAi, toolResults, contentText };
