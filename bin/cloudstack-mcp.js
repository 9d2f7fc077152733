#!/usr/bin/env node
// The package runs its TypeScript sources directly through tsx: no build step, so
// what a user debugs is exactly what is in the repository.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
