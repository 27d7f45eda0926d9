export { compileRegex, quoteMeta, Regex, type RegexMatch, RegexSyntaxError } from './regex.ts';
