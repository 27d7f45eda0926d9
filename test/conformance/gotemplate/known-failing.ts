/**
 * Conformance cases that fail today, keyed by case id, with the reason. The suite counts and
 * reports them without failing CI; a listed case that starts passing is reported so it can be
 * removed. Shrink to zero. Folder owners may also keep a `known-failing.yaml` (id: reason) beside
 * their case files; the suite merges those in.
 */
export const knownFailing: Record<string, string> = {
  'sprig/lists/concat': 'sprig engine (developed alongside): function or error text not done yet',
  'sprig/lists/initial': 'sprig engine (developed alongside): function or error text not done yet',
  'sprig/lists/rest': 'sprig engine (developed alongside): function or error text not done yet',
  'sprig/lists/slice-empty': 'sprig engine (developed alongside): function or error text not done yet',
  'sprig/reflection/deepEqual-types':
    'sprig engine (developed alongside): function or error text not done yet',
  'sprig/reflection/kindOf': 'sprig engine (developed alongside): function or error text not done yet',
  'sprig/reflection/typeIsLike': 'sprig engine (developed alongside): function or error text not done yet',
  'sprig/reflection/typeOf-results':
    'sprig engine (developed alongside): function or error text not done yet',
  'sprig/reflection/typeOf-semver': 'sprig engine (developed alongside): function or error text not done yet',
};
