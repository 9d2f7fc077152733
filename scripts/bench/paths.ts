/** Where the bench finds the server binary, the floor server and the files it writes. */
import { fileURLToPath } from 'node:url';

const at = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

export const ROOT = at('../../');
export const BIN = at('../../bin/cloudstack-mcp.js');
export const FLOOR_SERVER = at('./floor-server.mjs');
export const RESULTS_FILE = at('../../bench/results.json');
export const README_FILE = at('../../README.md');
export const SEEDED_SIMULATOR = at('./seeded-simulator.mjs');
