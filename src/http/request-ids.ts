/**
 * Distinct ids for the server's own requests (elicitation) in each replica's copy of a session.
 * Each copy's SDK server numbers its requests from 0, so two replicas asking in one session at the
 * same time would both ask as id 0, and the user's answer to one question — delivered to both, by
 * the load balancer and the relay — would answer the other too: a confirmation of a call the user
 * never saw. So, with shared sessions, every request a copy sends carries the copy's own prefix,
 * and a copy takes only answers bearing its prefix (the prefix is stripped before the SDK sees it).
 * Only the transport's public send/onmessage are wrapped.
 */
import { randomUUID } from 'node:crypto';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { isJSONRPCErrorResponse, isJSONRPCNotification, isJSONRPCRequest, isJSONRPCResultResponse, type JSONRPCMessage, type RequestId } from '@modelcontextprotocol/sdk/types.js';

/** Call after the server connected to the transport (connecting sets onmessage). */
export function ownRequestIds(transport: Transport): void {
  const prefix = `r${randomUUID().slice(0, 8)}-`;
  const tagged = (id: RequestId) => `${prefix}${String(id)}`;
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    if (isJSONRPCRequest(message)) return send({ ...message, id: tagged(message.id) }, options);
    // The server withdrawing its own question names it by the id the client saw.
    if (isJSONRPCNotification(message) && message.method === 'notifications/cancelled' && options?.relatedRequestId === undefined) {
      const params = message.params as { requestId?: RequestId } | undefined;
      if (params?.requestId !== undefined) return send({ ...message, params: { ...params, requestId: tagged(params.requestId) } } as JSONRPCMessage, options);
    }
    return send(message, options);
  };
  const receive = transport.onmessage;
  if (!receive) throw new Error('ownRequestIds: the server is not connected to the transport yet');
  transport.onmessage = (message, extra) => {
    if (isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) {
      const id = message.id;
      // Another copy's question: not ours to answer.
      if (typeof id !== 'string' || !id.startsWith(prefix)) return;
      const own = id.slice(prefix.length);
      return receive({ ...message, id: /^\d+$/.test(own) ? Number(own) : own } as JSONRPCMessage, extra);
    }
    return receive(message, extra);
  };
}
