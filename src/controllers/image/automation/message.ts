import { ImageAutomationReason } from '../../../api/image/v1/index.ts';
import { Template } from '../../../engines/gotemplate/index.ts';
import { StallingError, toError } from '../../../runtime/reconcile/index.ts';
import type { ImageUpdateAutomationObject } from '../env.ts';
import type { UpdateResult } from './update-files.ts';

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
 * `.Changed.FileChanges` (by file, then by `Kind/namespace/name` of the changed document) and
 * `.Values` (`messageTemplateValues`). A template that does not parse or run stalls.
 */
export function commitMessage(obj: ImageUpdateAutomationObject, result: UpdateResult): string {
  const commit = obj.spec.git?.commit;
  const text = commit?.messageTemplate || DefaultMessageTemplate;
  // v1 dropped `.Updated`: Flux refuses a template that still uses it
  if (/\.Updated\b/.test(text))
    throw new StallingError(
      ImageAutomationReason.RemovedTemplateField,
      "template uses a removed field: '.Updated' is no longer supported, use '.Changed'",
    );
  const data = {
    AutomationObject: new AutomationObject(obj.metadata?.namespace ?? '', obj.metadata?.name ?? ''),
    Changed: { Changes: result.changes, FileChanges: result.fileChanges },
    Values: { ...(commit?.messageTemplateValues ?? {}) },
  };
  try {
    return new Template('commit message').parse(text).execute(data);
  } catch (e: unknown) {
    throw new StallingError(
      ImageAutomationReason.UpdateFailed,
      `failed to create commit message: ${toError(e).message}`,
    );
  }
}
