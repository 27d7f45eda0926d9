/**
 * The conversion webhook's logic as a pure function: a ConversionReview in, the answering
 * ConversionReview out. Every conversion goes through the storage version (the hub), so any two
 * served versions convert to each other.
 */

import { toError } from '../../engines/errors/index.ts';
import { findKind } from '../registry.ts';
import { converters, identityConverter } from './converters.ts';
import { takePreserved, writePreserved } from './preserve.ts';
import { ConversionError, type ConversionReview, type KubeJson } from './types.ts';

/** Converts one object to `desiredAPIVersion`; throws ConversionError when it cannot. */
export function convertObject(object: KubeJson, desiredAPIVersion: string): KubeJson {
  const [group, fromVersion] = splitApiVersion(object.apiVersion);
  const [desiredGroup, toVersion] = splitApiVersion(desiredAPIVersion);
  if (group !== desiredGroup) {
    throw new ConversionError(
      `cannot convert ${object.apiVersion} to ${desiredAPIVersion}: different API groups`,
    );
  }
  const kind = findKind(group, object.kind);
  if (!kind) throw new ConversionError(`unknown kind ${object.kind} in group ${group}`);
  for (const version of [fromVersion, toVersion]) {
    if (!kind.servedVersions.includes(version)) {
      throw new ConversionError(`${group}/${version} ${object.kind} is not a served version`);
    }
  }
  const converter = converters[`${group}/${object.kind}`] ?? identityConverter;
  const copy: KubeJson = structuredClone(object);
  if (fromVersion === toVersion) return copy;
  if (fromVersion !== kind.storageVersion) {
    writePreserved(copy, fromVersion, converter.toStorage(copy, fromVersion));
  }
  copy.apiVersion = `${group}/${kind.storageVersion}`;
  if (toVersion !== kind.storageVersion) {
    converter.fromStorage(copy, toVersion, takePreserved(copy, toVersion));
    copy.apiVersion = desiredAPIVersion;
  }
  return copy;
}

/** Answers a ConversionReview: all objects converted, or a Failure naming the first object that could not be. */
export function convert(review: ConversionReview): ConversionReview {
  const request = review.request;
  const uid = request?.uid ?? '';
  const answer = (response: ConversionReview['response']): ConversionReview => ({
    apiVersion: review.apiVersion ?? 'apiextensions.k8s.io/v1',
    kind: 'ConversionReview',
    response,
  });
  if (!request)
    return answer({ uid, result: { status: 'Failure', message: 'conversion review has no request' } });
  const convertedObjects: KubeJson[] = [];
  for (const object of request.objects ?? []) {
    try {
      convertedObjects.push(convertObject(object, request.desiredAPIVersion));
    } catch (error: unknown) {
      const name = [object.metadata?.namespace, object.metadata?.name].filter(Boolean).join('/');
      const message = toError(error).message;
      return answer({
        uid,
        result: {
          status: 'Failure',
          message: `converting ${object.kind} '${name}' to ${request.desiredAPIVersion}: ${message}`,
        },
      });
    }
  }
  return answer({ uid, convertedObjects, result: { status: 'Success' } });
}

function splitApiVersion(apiVersion: string): [string, string] {
  const slash = apiVersion.lastIndexOf('/');
  if (slash < 0) throw new ConversionError(`apiVersion '${apiVersion}' has no group`);
  return [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}
