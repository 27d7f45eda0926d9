/**
 * Go's text/template in TypeScript: a template set API (Template), the Go value model the
 * executor, Sprig and Helm share (value.ts), and Go's fmt formatting.
 */
export { ExecError } from './exec.ts';
export { formatFloatStrconv, formatValue, printValue, sprint, sprintf, sprintln } from './fmt.ts';
export { goQuote, ParseError } from './parser.ts';
export { type FuncMap, Template } from './template.ts';
export {
  compareGoStrings,
  defineFunc,
  type FuncSignature,
  funcSignature,
  GO_TYPE,
  GoComplex,
  GoFloat32,
  GoInt,
  type GoKind,
  type GoTypeName,
  goInt,
  goKind,
  goTypeName,
  type IntKind,
  intKind,
  isAnyMap,
  isExportedName,
  isInt,
  isMap,
  isStruct,
  isUnsignedKind,
  KeyedMap,
  mapElemType,
  mapEntries,
  mapLookup,
  sliceElemType,
  sortedKeys,
  structFields,
  toBigInt,
  truth,
  typedMap,
  typedSlice,
  wrapInt,
} from './value.ts';
