// Writes config/crds/<group>_<plural>.yaml from the TypeBox schemas in src/api (the only source of
// truth). Usage: node scripts/gen-crds.ts [--out DIR] [--webhook-namespace NS] [--webhook-service NAME]
//   [--webhook-url URL] [--ca-bundle-file FILE]
// Kinds with older served versions get a conversion webhook stanza pointing at the given Service
// (default flux-system/tsflux-webhook) or URL; the caBundle is left for the manager to inject
// unless a file is given.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { type ConversionWebhookTarget, crdFileName, generateAllCRDs } from '../src/api/index.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: join(import.meta.dirname, '../config/crds') },
    'webhook-namespace': { type: 'string', default: 'flux-system' },
    'webhook-service': { type: 'string', default: 'tsflux-webhook' },
    'webhook-url': { type: 'string' },
    'ca-bundle-file': { type: 'string' },
  },
});

const conversion: ConversionWebhookTarget = values['webhook-url']
  ? { url: values['webhook-url'] }
  : { service: { namespace: values['webhook-namespace']!, name: values['webhook-service']! } };
if (values['ca-bundle-file']) conversion.caBundle = readFileSync(values['ca-bundle-file'], 'utf8');

mkdirSync(values.out!, { recursive: true });
for (const crd of generateAllCRDs({ conversion })) {
  const file = join(values.out!, crdFileName(crd));
  writeFileSync(file, `---\n${stringify(crd, { lineWidth: 0 })}`);
  console.log(`wrote ${file}`);
}
