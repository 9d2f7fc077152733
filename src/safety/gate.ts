/**
 * The confirmation gate in front of every call that the policy says must be confirmed.
 *
 * With a client that declared elicitation, the user is asked directly. Otherwise (and when asking
 * fails) the call answers — as a normal result, not an error — with the warning, the resolved
 * target and a one-time token; the same call repeated with `confirm: <token>` runs. The token path
 * is complete on its own: several major clients have no elicitation.
 *
 * Besides what the policy asks for, a call against the server's own identity (its user's keys,
 * credentials or state, its account's state or role: src/safety/own-identity.ts) always needs
 * confirmation, unless `--confirm never`, and its warning says the server may lose access.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ApiModel, DangerPolicy } from '../model/types.ts';
import type { ConfirmPolicy } from '../config.ts';
import type { Confirmation } from './audit.ts';
import { MemoryConfirmationStore, explainRefusal, type ConfirmationStore } from './confirm.ts';
import { OWN_IDENTITY_ACTIONS, ownIdentityRisk, type IdentitySource, type OwnIdentityRisk } from './own-identity.ts';
import { dangerOf, needsConfirmation } from './policy.ts';
import type { TargetDescription } from './target.ts';

/** Asks the user; `undefined` when the client cannot be asked. */
export type AskUser = (message: string) => Promise<'accept' | 'decline' | 'cancel' | undefined>;

export type Admission = { proceed: true; confirmation: Confirmation } | { proceed: false; result: CallToolResult };

export interface GateContext {
  /** The MCP tool the call came through: a token confirms a call of that tool only. */
  tool: string;
  /** The token the caller passed as `confirm`, if any. */
  token?: string;
  askUser?: AskUser;
  /** Looks up what the call would act on (read-only). */
  target: () => Promise<TargetDescription | undefined>;
}

/**
 * Whether a call of the API may need confirmation (so its tool takes `confirm`): every call the
 * policy names, and calls of the APIs that can act on the server's own identity.
 */
export function confirmationRequired(api: ApiModel, policy: ConfirmPolicy): boolean {
  return needsConfirmation(api, policy) || (policy !== 'never' && Object.hasOwn(OWN_IDENTITY_ACTIONS, api.name));
}

export class ConfirmationGate {
  /**
   * @param ownIdentity tells the server's own user, account and role; without it, every call that
   *   may target them needs confirmation.
   * @param session the MCP session the gate serves (HTTP): its tokens confirm calls of that session
   *   only, even in a store shared by every session (and every replica). Absent over stdio, where
   *   the process is the session.
   */
  constructor(
    private readonly policy: ConfirmPolicy,
    private readonly tokens: ConfirmationStore = new MemoryConfirmationStore(),
    private readonly ownIdentity?: IdentitySource,
    private readonly session?: string,
  ) {}

  requires(api: ApiModel): boolean {
    return confirmationRequired(api, this.policy);
  }

  async admit(api: ApiModel, params: Record<string, unknown>, context: GateContext): Promise<Admission> {
    const own = this.policy === 'never' ? undefined : await ownIdentityRisk(api.name, params, this.ownIdentity);
    if (!own && !needsConfirmation(api, this.policy)) return { proceed: true, confirmation: 'not-required' };

    if (context.token !== undefined) {
      const outcome = await this.tokens.redeem(context.token, this.actionOf(context.tool, api), params);
      if (outcome === 'ok') return { proceed: true, confirmation: 'token' };
      // A token of another session is a mismatch to the store; say so, since the arguments may be the same.
      const why = outcome === 'mismatch' && this.session !== undefined ? `${explainRefusal(outcome)} (a token confirms calls of the session it was issued in only)` : explainRefusal(outcome);
      return {
        proceed: false,
        result: {
          isError: true,
          content: [{ type: 'text', text: `${api.name} was not run: ${why}.` }],
          structuredContent: { confirmation: { executed: false, refused: outcome } },
        },
      };
    }

    const target = await context.target();
    const danger = own ? againstOwnIdentity(dangerOf(api), own) : dangerOf(api);
    const summary = [
      `${api.name}: ${danger.whatItDoes}`,
      target ? `Target: ${target.text}` : undefined,
      `Warning (${danger.severity}): ${danger.warning}`,
      `Scope: ${danger.scope}. ${danger.reversible ? 'It can be undone.' : 'It cannot be undone.'}`,
    ]
      .filter(Boolean)
      .join('\n');

    if (context.askUser) {
      const answer = await context.askUser(`${summary}\n\nRun it?`).catch(() => undefined);
      if (answer === 'accept') return { proceed: true, confirmation: 'elicitation' };
      if (answer === 'decline' || answer === 'cancel') {
        return {
          proceed: false,
          result: {
            content: [{ type: 'text', text: `${api.name} was not run: the user ${answer === 'decline' ? 'declined' : 'dismissed the question'}.` }],
            structuredContent: { confirmation: { executed: false, userAnswer: answer } },
          },
        };
      }
      // The client could not ask after all: fall through to the token.
    }

    const { token, expiresAt } = await this.tokens.issue(this.actionOf(context.tool, api), params);
    return {
      proceed: false,
      result: {
        content: [
          {
            type: 'text',
            text:
              `Confirmation needed; nothing was run.\n${summary}\n` +
              `To run it, show this to the user and, if they agree, repeat the same call with the same arguments ` +
              `plus confirm: "${token}" (valid once, until ${expiresAt.toISOString()}).`,
          },
        ],
        // Two top-level names only, so no API's own answer fields can clash with them.
        structuredContent: {
          confirmationToken: token,
          confirmation: {
            executed: false,
            api: api.name,
            expiresAt: expiresAt.toISOString(),
            severity: danger.severity,
            reversible: danger.reversible,
            scope: danger.scope,
            warning: danger.warning,
            ...(own ? { ownIdentity: { target: own.target, certain: own.certain } } : {}),
            ...(target ? { target } : {}),
          },
        },
      },
    };
  }

  /** What a token is bound to besides the arguments: the session (when there are several), the tool and the API it runs. */
  private actionOf(tool: string, api: ApiModel): string {
    return this.session === undefined ? `${tool} ${api.name}` : `session ${this.session} ${tool} ${api.name}`;
  }
}

/** The danger shown for a call against the server's own identity: that first, at least high. */
function againstOwnIdentity(danger: DangerPolicy, own: OwnIdentityRisk): DangerPolicy {
  return {
    ...danger,
    severity: danger.severity === 'critical' ? 'critical' : 'high',
    category: 'access',
    warning: `${own.warning} ${danger.warning}`,
  };
}
