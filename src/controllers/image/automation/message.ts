import { ImageAutomationReason } from '../../../api/image/v1/index.ts';
import { type FuncMap, Template } from '../../../engines/gotemplate/index.ts';
import { sprigFuncs } from '../../../engines/sprig/index.ts';
import { StallingError, toError } from '../../../runtime/reconcile/index.ts';
import type { ImageUpdateAutomationObject } from '../env.ts';
import { allObjectChanges } from './changed-objects.ts';
import type { UpdateResult } from './update-files.ts';

// sprig's non-hermetic functions (time, randomness, environment, network), which Flux leaves
// out of its templates so that a message never depends on where or when it is rendered
const NON_HERMETIC = [
  'date',
  'date_in_zone',
  'date_modify',
  'now',
  'htmlDate',
  'htmlDateInZone',
  'dateInZone',
  'dateModify',
  'randAlphaNum',
  'randAlpha',
  'randAscii',
  'randNumeric',
  'randBytes',
  'uuidv4',
  'env',
  'expandenv',
  'getHostByName',
];

/** The functions of the automation's templates: sprig's hermetic ones, as Flux gives them. */
export function hermeticFuncs(): FuncMap {
  const funcs = sprigFuncs();
  for (const name of NON_HERMETIC) delete funcs[name];
  return funcs;
}

/** Flux's commit message when `messageTemplate` is unset. */
export const DefaultMessageTemplate = 'Update from image update automation';

/** `.AutomationObject`: a namespaced name that prints as `namespace/name`, as Go's Stringer. */
export class AutomationObject {
  readonly Namespace: string;
  readonly Name: string;
  constructor(namespace: string, name: string) {
    this.Namespace = namespace;
    this.Name = name;
  }
  String(): string {
    return `${this.Namespace}/${this.Name}`;
  }
}

/**
 * The commit message: `messageTemplate` rendered by the Go template engine with Flux's data,
 * `.AutomationObject`, `.Changed.Changes` (each `.OldValue`, `.NewValue`, `.Setter`),
 * `.Changed.FileChanges` (by file, then by the changed object's identity: `.Kind`, `.Name`,
 * `.Namespace`, `.APIVersion`), `.Changed.Objects` (by object, all files together) and `.Values` (`messageTemplateValues`). A template that does not parse or run stalls.
 */
export function commitMessage(obj: ImageUpdateAutomationObject, result: UpdateResult): string {
  const commit = obj.spec.git?.commit;
  const text = commit?.messageTemplate || DefaultMessageTemplate;
  // v1 dropped `.Updated`: Flux refuses a template that still uses it
  if (/\.Updated\b/.test(text))
    throw new StallingError(
      ImageAutomationReason.RemovedTemplateField,
      "template uses removed '.Updated' field. Please use '.Changed' instead. See: https://fluxcd.io/flux/components/image/imageupdateautomations/#message-template",
    );
  const data = {
    AutomationObject: new AutomationObject(obj.metadata?.namespace ?? '', obj.metadata?.name ?? ''),
    Changed: {
      Changes: result.changes,
      FileChanges: result.fileChanges,
      Objects: allObjectChanges(result.fileChanges),
    },
    Values: { ...(commit?.messageTemplateValues ?? {}) },
  };
  // Flux's words for a template that does not parse and one that does not run
  let template: Template;
  try {
    template = new Template('commit message').funcs(hermeticFuncs()).parse(text);
  } catch (e: unknown) {
    throw new StallingError(
      ImageAutomationReason.UpdateFailed,
      `failed to update source: unable to create commit message template from spec: ${toError(e).message}`,
    );
  }
  try {
    return template.execute(data);
  } catch (e: unknown) {
    throw new StallingError(
      ImageAutomationReason.UpdateFailed,
      `failed to update source: failed to run template from spec: ${toError(e).message}`,
    );
  }
}
