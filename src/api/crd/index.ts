/**
 * CRD generation: kind definitions in, CustomResourceDefinition objects out.
 */

export { applyDefaults } from './defaults.ts';
export { deriveSchema, legacyVersion, type SchemaEdit } from './derive.ts';
export {
  type ConversionWebhookTarget,
  type CustomResourceDefinition,
  componentOf,
  conversionStanza,
  crdFileName,
  type GenerateCRDOptions,
  generateCRD,
} from './generate.ts';
export { defineKind, type KindVersion, type PrinterColumn } from './kind-definition.ts';
export { type OpenAPISchema, toOpenAPISchema } from './openapi.ts';
export { AgeColumn, ReadyColumns } from './printer-columns.ts';
export { type FieldError, validateAgainstSchema } from './validate.ts';
