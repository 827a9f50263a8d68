#!/usr/bin/env node
// The `live-risk` command. TypeScript runs directly through tsx, so there is no build step to forget.
require('tsx/cjs');
require('../services/cli/main.ts');
