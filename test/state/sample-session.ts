import type { SessionRecord } from '../../src/state/session-store.ts';

/** A session as the HTTP transport records it, for the registry tests. */
export const sampleSession: SessionRecord = {
  identity: 'alice',
  profile: 'prod',
  protocolVersion: '2025-06-18',
  clientInfo: { name: 'test-client', version: '1.0.0' },
  clientCapabilities: { elicitation: { form: {} } },
  surface: { tools: 'discovery', toolsets: ['volume'] },
  createdAt: 1_000,
};
