/**
 * Messages for a session that must reach the replica where they matter. A client's answer to the
 * server's question (an elicitation response) or its `notifications/cancelled` for a running call
 * may be sent, through a round-robin load balancer, to another replica than the one running that
 * call. The receiving replica publishes them for the session; every replica holding the session
 * hears them and hands them to its copy, and the one with the pending question or running call acts
 * (the others ignore an id they do not know, as the SDK does).
 */
export interface SessionRelay {
  /** Tells every other replica holding the session. */
  publish(sessionId: string, messages: unknown[]): Promise<void>;
  /** Hears what other replicas publish for the session, until the returned function is called. */
  subscribe(sessionId: string, deliver: (message: unknown) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
