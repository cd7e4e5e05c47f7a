import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * zod for code that runs in the Lambdas: `import * as z from '../zod.js'`. It is `zod/mini`,
 * the functional API (`z.optional(s)`, `s.check(z.regex(...))`), which bundles to ~25 KB
 * where classic zod takes ~90 KB and `import { z } from 'zod'` ~440 KB (it keeps every
 * locale): issue 5's bundle budget. English messages are set here, so an issue reads as it
 * would with classic zod ("Too small: expected string to have >=8 characters").
 *
 * Build-time code (content schemas, CDK and local config) keeps classic zod; both share
 * zod's core, so a classic object may hold the schemas defined with this one.
 */
export * from 'zod/mini';

config(en());
