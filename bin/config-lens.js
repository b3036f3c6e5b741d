#!/usr/bin/env node
// Entry point of the Config Lens CLI. Runs the TypeScript sources through tsx so that
// `npx config-lens` works right after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/app/cli/main.ts');
await main();
