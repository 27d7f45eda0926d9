/**
 * Sprig v3, the template function library of Helm, for the gotemplate engine. {@link sprigFuncs}
 * returns the FuncMap as Helm v4 exposes it: every sprig function except `env` and `expandenv`,
 * with `getHostByName` returning an empty string (Helm without --enable-dns; tsflux never resolves
 * names while rendering). Helm's own functions (toYaml, include, tpl, required, lookup, and its
 * toJson/fromJson overrides) belong to the Helm engine, which merges them over this map.
 */

import { certFuncs } from './certs.ts';
import { cryptoFuncs } from './crypto.ts';
import { dateFuncs } from './dates.ts';
import { defaultFuncs } from './defaults.ts';
import { dictFuncs } from './dicts.ts';
import { decodeBase64, encodingFuncs } from './encoding.ts';
import { listFuncs } from './lists.ts';
import { mathFuncs } from './math.ts';
import { pathFuncs } from './paths.ts';
import { randomFuncs } from './random.ts';
import { reflectionFuncs } from './reflection.ts';
import { regexFuncs } from './regex.ts';
import { semverFuncs } from './semver.ts';
import { type FuncMap, goFunc } from './signature.ts';
import { stringFuncs } from './strings.ts';
import { urlFuncs } from './url.ts';

/** The sprig FuncMap (a fresh object on every call, so callers may add to it). */
export function sprigFuncs(): FuncMap {
  return {
    ...stringFuncs(),
    ...randomFuncs(),
    ...listFuncs(),
    ...dictFuncs(),
    ...defaultFuncs(),
    ...mathFuncs(),
    ...reflectionFuncs(),
    ...semverFuncs(),
    ...regexFuncs(),
    ...encodingFuncs(),
    ...pathFuncs(),
    ...urlFuncs(),
    ...certFuncs(),
    ...dateFuncs(),
    ...cryptoFuncs((s) => decodeBase64(Buffer.from(s, 'utf8'))),
    // Helm without --enable-dns: no lookups while rendering.
    getHostByName: goFunc(['string'], (_name: string) => ''),
  };
}

export { deepCopy } from './dicts.ts';
export { durationString, GoTime, parseDuration } from './go-time.ts';
export { type EncodeOptions, encodeJson, type GoStruct } from './json.ts';
// Building blocks the Helm engine's own functions need (toJson/fromJson overrides, duration helpers).
export { decodeJson, unmarshalJson } from './json-decode.ts';
export { SPRIG_NAMES } from './names.ts';
