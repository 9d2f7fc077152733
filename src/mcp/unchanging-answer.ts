/**
 * Answers that never change once built, serialised once. A surface's tools/list answer is built
 * once per surface and role; on `--tools all` it is a megabyte of JSON, and JSON.stringify of it
 * was most of what a later tools/list cost (a host asks again after every list_changed). The stdio
 * transport writes the remembered text instead. A marked answer must not be changed afterwards:
 * it is frozen (its top level) so that an attempt fails loudly instead of sending stale text.
 */
const unchanging = new WeakSet<object>();
const texts = new WeakMap<object, string>();

export function markUnchanging<T extends object>(answer: T): T {
  unchanging.add(Object.freeze(answer));
  return answer;
}

/** The JSON text of a marked answer (serialised on first use), else undefined. */
export function unchangingJson(answer: unknown): string | undefined {
  if (typeof answer !== 'object' || answer === null || !unchanging.has(answer)) return undefined;
  let text = texts.get(answer);
  if (text === undefined) {
    text = JSON.stringify(answer);
    texts.set(answer, text);
  }
  return text;
}
