export { Backoff } from './backoff.ts';
export { type InformerKey, SharedInformerFactory } from './factory.ts';
export { type EventHandler, Informer } from './informer.ts';
export { Reflector, type ReflectorOptions, type ReflectorSink, stripManagedFields } from './reflector.ts';
export { type IndexFunc, objectKey, Store, splitKey } from './store.ts';
