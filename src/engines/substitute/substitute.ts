import type { KubeObject } from '../../api/meta/index.ts';
import { toError } from '../errors/index.ts';
import { parseYaml, toYaml } from '../helm/index.ts';
import { envsubst } from './eval.ts';

/** The label or annotation that opts an object out of substitution when set to `disabled`. */
export const SubstituteAnnotation = 'kustomize.toolkit.fluxcd.io/substitute';

/** The pattern every variable name must match (Flux validates names before substituting). */
export const VariableNamePattern = '^[_[:alpha:]][_[:alpha:][:digit:]]*$';
const variableName = /^[_A-Za-z][_A-Za-z0-9]*$/;

/** Options of {@link substituteObject} and {@link substituteObjects}. */
export interface SubstituteOptions {
  /**
   * Fail on a variable that is referenced without a default but not defined. Flux 2.9 turns this
   * on by default (feature gate `StrictPostBuildSubstitutions`, opt-out).
   */
  strict?: boolean;
  /**
   * Substitute even when there are no variables (`spec.postBuild.substituteStrategy: Always`), so
   * defaults such as `${X:=a}` still apply. Otherwise an empty variable set leaves objects as is.
   */
  always?: boolean;
}

/**
 * Checks every variable name against {@link VariableNamePattern}; throws Flux's error for the
 * first invalid one (`'<name>' var name is invalid, must match '<pattern>'`).
 */
export function validateVariableNames(vars: Record<string, string>): void {
  for (const name of Object.keys(vars)) {
    if (!variableName.test(name)) {
      throw new Error(`'${name}' var name is invalid, must match '${VariableNamePattern}'`);
    }
  }
}

/** Tells whether the object carries `kustomize.toolkit.fluxcd.io/substitute: disabled`. */
export function substitutionDisabled(obj: KubeObject): boolean {
  const meta = (obj.metadata ?? {}) as {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  return (
    meta.labels?.[SubstituteAnnotation] === 'disabled' ||
    meta.annotations?.[SubstituteAnnotation] === 'disabled'
  );
}

/**
 * Applies post-build substitution to one object exactly where Flux applies it: on the object's
 * YAML serialization (JSON round trip, go-yaml v2 output), read back as YAML 1.1. So a value that
 * becomes `true` or `42` after substitution changes type unless the source quoted it in a way that
 * survives serialization. Returns the object unchanged (same reference) when substitution is
 * disabled for it or there is nothing to do. Errors carry Flux's texts, e.g.
 * `envsubst error: variable substitution failed: variable not set (strict mode): "X"`; they never
 * include variable values.
 */
export function substituteObject(
  obj: KubeObject,
  vars: Record<string, string>,
  options: SubstituteOptions = {},
): KubeObject {
  if (substitutionDisabled(obj)) return obj;
  if (Object.keys(vars).length === 0 && !options.always) return obj;
  validateVariableNamesWrapped(vars);
  const text = toYaml(obj);
  const lookup = options.strict
    ? (name: string) => (Object.hasOwn(vars, name) ? vars[name] : undefined)
    : (name: string) => (Object.hasOwn(vars, name) ? vars[name] : '');
  let out: string;
  try {
    out = envsubst(text, lookup);
  } catch (e: unknown) {
    throw new Error(`envsubst error: variable substitution failed: ${toError(e).message}`);
  }
  let value: unknown;
  try {
    value = parseYaml(out);
  } catch (e: unknown) {
    // the YAML reader's message already reads `error converting YAML to JSON: yaml: ...`
    const detail = toError(e).message.replace(/^error converting YAML to JSON: /, '');
    throw new Error(`envsubst error: YAMLToJSON: ${detail}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('UnmarshalJSON: substituted resource is not an object');
  }
  return value as KubeObject;
}

function validateVariableNamesWrapped(vars: Record<string, string>): void {
  try {
    validateVariableNames(vars);
  } catch (e: unknown) {
    throw new Error(`envsubst error: ${toError(e).message}`);
  }
}

/**
 * Substitutes every object (see {@link substituteObject}); an error names the object as the
 * kustomize-controller does: `post build failed for '<group>_<version>_<Kind>/<name>': ...`.
 */
export function substituteObjects(
  objects: KubeObject[],
  vars: Record<string, string>,
  options: SubstituteOptions = {},
): KubeObject[] {
  return objects.map((obj) => {
    try {
      return substituteObject(obj, vars, options);
    } catch (e: unknown) {
      throw new Error(
        `post build failed for '${kustomizeGvk(obj)}/${objectName(obj)}': ${toError(e).message}`,
      );
    }
  });
}

/** kustomize's resid.Gvk string: `group_version_Kind`, `~G` for the core group. */
export function kustomizeGvk(obj: KubeObject): string {
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  return `${group || '~G'}_${version || '~V'}_${kind || '~K'}`;
}

function objectName(obj: KubeObject): string {
  const meta = (obj.metadata ?? {}) as { name?: unknown };
  return typeof meta.name === 'string' ? meta.name : '';
}

/**
 * Variables from a ConfigMap's `data` as Flux reads them: newlines are removed from each value.
 */
export function varsFromConfigMapData(data: Record<string, string> | undefined): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(data ?? {})) vars[k] = v.replaceAll('\n', '');
  return vars;
}

/**
 * Variables from a Secret's `data` (base64 on the wire): each value is decoded, read as UTF-8 and
 * stripped of newlines, as Flux does.
 */
export function varsFromSecretData(data: Record<string, string> | undefined): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(data ?? {}))
    vars[k] = Buffer.from(v, 'base64').toString('utf8').replaceAll('\n', '');
  return vars;
}

/**
 * Merges variable sources in Flux's order: each `substituteFrom` source in list order (later ones
 * win), then the inline `postBuild.substitute` map (newlines removed) over all of them.
 */
export function mergeVariables(
  fromSources: Record<string, string>[],
  inline: Record<string, string> | undefined,
): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const src of fromSources) Object.assign(vars, src);
  for (const [k, v] of Object.entries(inline ?? {})) vars[k] = v.replaceAll('\n', '');
  return vars;
}
