export { expandTemplate } from './expand.ts';
export { compileRegex, quoteMeta, Regex, type RegexMatch, RegexSyntaxError } from './regex.ts';
