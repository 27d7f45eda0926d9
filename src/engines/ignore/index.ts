export { IgnoreMatcher, parseIgnore } from './gitignore.ts';
export {
  EXCLUDE_CI,
  EXCLUDE_EXTRA,
  EXCLUDE_VCS,
  SOURCE_IGNORE_FILE,
  sourceIgnoreMatcher,
} from './source-ignore.ts';
