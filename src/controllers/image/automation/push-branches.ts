/**
 * `git.push.branch` as a template (beyond Flux: image-automation#938, #524). A branch holding
 * `{{` is rendered by the Go template engine once per selected policy, and the policies whose
 * branch renders the same are committed together on it: `image-updates` stays one branch,
 * `image-{{ .Policy.Name }}` makes one branch per policy, `release-{{ .Policy.LatestRef.Tag }}`
 * one per version. A branch without `{{` is used as written, for every policy, as Flux does.
 */
import { ImageAutomationReason, type ImageRef } from '../../../api/image/v1/index.ts';
import { Template } from '../../../engines/gotemplate/index.ts';
import { StallingError, toError } from '../../../runtime/reconcile/index.ts';
import type { ImageUpdateAutomationObject } from '../env.ts';
import { AutomationObject, hermeticFuncs } from './message.ts';

/** The policies one push branch takes, by their markers' key (`namespace:name`). */
export interface PushGroup {
  branch: string;
  policies: Map<string, ImageRef>;
}

/** `.Policy` of the branch template: the policy and the reference it selected. */
interface PolicyData {
  Namespace: string;
  Name: string;
  LatestRef: { Name: string; Tag: string; Digest: string };
}

const isTemplate = (branch: string) => branch.includes('{{');

// what git accepts as a branch name, in short: no spaces, control characters or `~^:?*[\`,
// no `..`, `@{` or `//`, and no leading or trailing `/` or `.`
const validBranch = (b: string) =>
  b !== '' && !/[\s~^:?*[\\\x00-\x1f\x7f]|\.\.|@\{|\/\/|^[/.-]|[/.]$|\.lock$/.test(b);

/**
 * The push groups of one run: one group per distinct branch, in branch order. `branch` is the
 * push branch before rendering (`git.push.branch`, or the checkout branch); a template that does
 * not render, or renders a name git refuses, stalls.
 */
export function pushGroups(
  obj: ImageUpdateAutomationObject,
  branch: string,
  policies: Map<string, ImageRef>,
): PushGroup[] {
  if (!isTemplate(branch)) return [{ branch, policies }];
  let template: Template;
  try {
    template = new Template('push branch').funcs(hermeticFuncs()).parse(branch);
  } catch (e: unknown) {
    throw new StallingError(
      ImageAutomationReason.InvalidSourceConfiguration,
      `failed to parse push branch template: ${toError(e).message}`,
    );
  }
  const automation = new AutomationObject(obj.metadata?.namespace ?? '', obj.metadata?.name ?? '');
  const values = { ...(obj.spec.git?.commit?.messageTemplateValues ?? {}) };
  const groups = new Map<string, Map<string, ImageRef>>();
  for (const [key, ref] of policies) {
    const [namespace, name] = key.split(':');
    const policy: PolicyData = {
      Namespace: namespace,
      Name: name,
      LatestRef: { Name: ref.name, Tag: ref.tag, Digest: ref.digest ?? '' },
    };
    let rendered: string;
    try {
      rendered = template.execute({ AutomationObject: automation, Policy: policy, Values: values }).trim();
    } catch (e: unknown) {
      throw new StallingError(
        ImageAutomationReason.InvalidSourceConfiguration,
        `failed to render push branch template: ${toError(e).message}`,
      );
    }
    if (!validBranch(rendered))
      throw new StallingError(
        ImageAutomationReason.InvalidSourceConfiguration,
        `push branch template rendered an invalid branch name '${rendered}' for policy '${key}'`,
      );
    const group = groups.get(rendered) ?? new Map<string, ImageRef>();
    group.set(key, ref);
    groups.set(rendered, group);
  }
  return [...groups.keys()]
    .sort()
    .map((b) => ({ branch: b, policies: groups.get(b) as Map<string, ImageRef> }));
}
