/**
 * Ranked keyword search over the API model: what the `search_apis` discovery tool answers.
 *
 * People ask in their words ("create a vm", "public ip"), CloudStack names things its way
 * (deployVirtualMachine, associateIpAddress). Query words are expanded through a small synonym table
 * into *concepts*; an API scores for every concept it matches, most in its name, less in its
 * category, description and parameter names, and APIs whose names are fully covered rank first.
 */
import type { ApiModel } from '../model/types.ts';
import { compareNames } from '../model/load.ts';

/** Words people use → CloudStack's words. Multi-word entries match as phrases in API names. */
const SYNONYMS: Record<string, string[]> = {
  vm: ['virtual machine', 'instance'],
  vms: ['virtual machine', 'instance'],
  instance: ['virtual machine', 'vm'],
  server: ['virtual machine', 'host'],
  machine: ['virtual machine'],
  create: ['deploy', 'add', 'register', 'new'],
  new: ['create', 'deploy', 'add'],
  make: ['create', 'deploy'],
  launch: ['deploy', 'start'],
  spin: ['deploy'],
  provision: ['deploy', 'create'],
  delete: ['destroy', 'remove', 'expunge'],
  remove: ['delete', 'destroy'],
  kill: ['destroy', 'stop'],
  show: ['list', 'get'],
  acquire: ['associate', 'reserve'],
  allocate: ['associate', 'acquire'],
  get: ['list', 'query'],
  find: ['list', 'search'],
  describe: ['list', 'get'],
  boot: ['start'],
  restart: ['reboot'],
  shutdown: ['stop'],
  disk: ['volume', 'disk offering'],
  disks: ['volume'],
  image: ['template', 'iso'],
  images: ['template', 'iso'],
  ip: ['ip address', 'ipaddress', 'public ip'],
  address: ['ip address'],
  key: ['ssh key pair', 'keypair', 'keys'],
  ssh: ['ssh key pair', 'keypair'],
  size: ['service offering', 'scale', 'resize'],
  flavor: ['service offering'],
  plan: ['service offering', 'offering'],
  datacenter: ['zone'],
  region: ['zone', 'region'],
  hypervisor: ['host'],
  node: ['host', 'kubernetes'],
  k8s: ['kubernetes'],
  job: ['async job'],
  jobs: ['async job'],
  user: ['user', 'account'],
  tenant: ['account', 'domain', 'project'],
  permission: ['role', 'permission'],
  setting: ['configuration'],
  settings: ['configuration'],
  config: ['configuration'],
  log: ['event', 'audit'],
  alert: ['alert', 'event'],
  lb: ['load balancer'],
  balancer: ['load balancer'],
  port: ['port forwarding', 'firewall'],
  backup: ['backup', 'snapshot'],
  quota: ['quota', 'resource limit'],
  limit: ['resource limit'],
  usage: ['usage record'],
};

const STOPWORDS = new Set(
  'a an the of for to in on at by with and or my me i all any some this that these those is are be please how do can you'.split(' '),
);

/** Lower-cased word stems; strips the plural and a few verb endings so "creates" meets "create". */
export function stem(word: string): string {
  const w = word.toLowerCase();
  if (w.length > 4 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
  if (w.length > 4 && /(ss|sh|ch|x)es$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ed')) return w.slice(0, -2);
  return w;
}

/** Splits camelCase and acronym runs: `listHostHAProviders` → list host ha providers. */
export function splitIdentifier(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

function words(text: string): string[] {
  return splitIdentifier(text).map(stem);
}

interface IndexedApi {
  api: ApiModel;
  nameWords: string[];
  nameJoined: string;
  category: Set<string>;
  description: Set<string>;
  descriptionJoined: string;
  params: Set<string>;
}

/** One alternative spelling of a concept: its stems in order. */
type Alternative = { stems: string[]; original: boolean };

export interface SearchOptions {
  category?: string;
  /** Only APIs of these access classes. */
  access?: Array<ApiModel['access']>;
  limit?: number;
}

export interface SearchHit {
  api: ApiModel;
  score: number;
}

// Field weights: a match in the name says most about what an API does.
const WEIGHT = { name: 4, category: 2, description: 1, params: 0.5 };

export class ApiSearchIndex {
  private readonly entries: IndexedApi[];

  constructor(apis: readonly ApiModel[]) {
    this.entries = apis.map((api) => {
      const nameWords = words(api.name);
      const descriptionWords = words(api.description);
      return {
        api,
        nameWords,
        nameJoined: ` ${nameWords.join(' ')} `,
        category: new Set(words(api.category)),
        description: new Set(descriptionWords),
        descriptionJoined: ` ${descriptionWords.join(' ')} `,
        params: new Set(api.params.flatMap((p) => words(p.name))),
      };
    });
  }

  search(query: string, options: SearchOptions = {}): SearchHit[] {
    const concepts = toConcepts(query);
    const candidates = this.entries.filter(
      (e) =>
        (!options.category || e.api.category === options.category) &&
        (!options.access || options.access.includes(e.api.access)),
    );
    if (concepts.length === 0) {
      // No words, just a filter: list the category alphabetically.
      return candidates.slice(0, options.limit ?? 20).map((e) => ({ api: e.api, score: 0 }));
    }
    const hits: SearchHit[] = [];
    for (const entry of candidates) {
      let score = 0;
      const covered = new Set<string>();
      for (const alternatives of concepts) {
        let best = 0;
        for (const alt of alternatives) {
          const factor = alt.original ? 1 : 0.85;
          const phrase = ` ${alt.stems.join(' ')} `;
          if (entry.nameJoined.includes(phrase)) {
            best = Math.max(best, WEIGHT.name * factor * alt.stems.length);
            alt.stems.forEach((s) => covered.add(s));
          } else if (alt.stems.every((s) => entry.category.has(s))) {
            best = Math.max(best, WEIGHT.category * factor);
          } else if (entry.descriptionJoined.includes(phrase)) {
            best = Math.max(best, WEIGHT.description * factor * alt.stems.length);
          } else if (alt.stems.every((s) => entry.description.has(s))) {
            best = Math.max(best, WEIGHT.description * factor * 0.5);
          } else if (alt.stems.every((s) => entry.params.has(s))) {
            best = Math.max(best, WEIGHT.params * factor);
          }
        }
        score += best;
      }
      if (score === 0) continue;
      // Prefer APIs whose whole name is explained by the query: "create vm" → deployVirtualMachine
      // (every name word matched) before createVMSchedule (one word left over).
      const coverage = entry.nameWords.filter((w) => covered.has(w)).length / entry.nameWords.length;
      score += coverage * 3;
      hits.push({ api: entry.api, score: Math.round(score * 100) / 100 });
    }
    hits.sort((a, b) => b.score - a.score || compareNames(a.api.name, b.api.name));
    return hits.slice(0, options.limit ?? 10);
  }
}

/** Query → concepts, each a list of alternative stem sequences (the word itself first). */
function toConcepts(query: string): Alternative[][] {
  const raw = splitIdentifier(query).filter((w) => !STOPWORDS.has(w));
  return raw.map((word) => {
    const alternatives: Alternative[] = [{ stems: [stem(word)], original: true }];
    for (const synonym of SYNONYMS[word] ?? SYNONYMS[stem(word)] ?? []) {
      alternatives.push({ stems: synonym.split(' ').map(stem), original: false });
    }
    return alternatives;
  });
}
