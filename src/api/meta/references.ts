/**
 * Schemas shared by several Flux kinds (LocalObjectReference, NamespacedObjectKindReference, SecretKeyReference, KubeConfigReference).
 */
import Type from 'typebox';

/** LocalObjectReference: shared by several Flux kinds. */
export const LocalObjectReference = Type.Object({
  name: Type.String(),
});
/** LocalObjectReference, as TypeScript. */
export type LocalObjectReference = Type.Static<typeof LocalObjectReference>;

/** NamespacedObjectKindReference: shared by several Flux kinds. */
export const NamespacedObjectKindReference = Type.Object({
  apiVersion: Type.Optional(Type.String()),
  kind: Type.String(),
  name: Type.String(),
  namespace: Type.Optional(Type.String()),
});
/** NamespacedObjectKindReference, as TypeScript. */
export type NamespacedObjectKindReference = Type.Static<typeof NamespacedObjectKindReference>;

/** SecretKeyReference: shared by several Flux kinds. */
export const SecretKeyReference = Type.Object({
  key: Type.Optional(Type.String()),
  name: Type.String(),
});
/** SecretKeyReference, as TypeScript. */
export type SecretKeyReference = Type.Static<typeof SecretKeyReference>;

/** KubeConfigReference: shared by several Flux kinds. */
export const KubeConfigReference = Type.Object(
  {
    configMapRef: Type.Optional(LocalObjectReference),
    secretRef: Type.Optional(SecretKeyReference),
  },
  {
    'x-kubernetes-validations': [
      {
        message: 'exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be specified',
        rule: 'has(self.configMapRef) || has(self.secretRef)',
      },
      {
        message: 'exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be specified',
        rule: '!has(self.configMapRef) || !has(self.secretRef)',
      },
    ],
  },
);
/** KubeConfigReference, as TypeScript. */
export type KubeConfigReference = Type.Static<typeof KubeConfigReference>;
