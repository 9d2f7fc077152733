/** A doctored copy of generated/ for coverage tests: some tools removed, some params taken out of schemas. */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const GENERATED_DIR = fileURLToPath(new URL('../../generated', import.meta.url));

export interface Doctoring {
  /** APIs whose tool is dropped from `tools`. */
  dropTools: string[];
  /** [API, param]: the param is deleted from that tool's inputSchema.properties. */
  dropParams: Array<[string, string]>;
}

/** Copies model/ and tools/ into `dir/generated` and edits the copy's tools at load time. */
export function doctoredGenerated(dir: string, doctoring: Doctoring): string {
  const target = join(dir, 'generated');
  mkdirSync(target, { recursive: true });
  cpSync(join(GENERATED_DIR, 'model'), join(target, 'model'), { recursive: true });
  cpSync(join(GENERATED_DIR, 'tools'), join(target, 'tools'), { recursive: true });
  const indexPath = join(target, 'tools', 'index.ts');
  // Appended statements run when the copy is imported, before anyone reads `tools`.
  const edit = `
const doctored = tools as GeneratedTool[];
for (const api of ${JSON.stringify(doctoring.dropTools)}) doctored.splice(doctored.findIndex((tool) => tool.apiName === api), 1);
for (const [api, param] of ${JSON.stringify(doctoring.dropParams)} as Array<[string, string]>) {
  const tool = doctored.find((candidate) => candidate.apiName === api)!;
  const schema = JSON.parse(JSON.stringify(tool.inputSchema));
  delete schema.properties[param];
  Object.assign(tool, { inputSchema: schema });
}
`;
  writeFileSync(indexPath, readFileSync(indexPath, 'utf8') + edit);
  return target;
}
