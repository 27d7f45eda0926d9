/**
 * References to other objects, shared by all Flux APIs.
 */
import Type from 'typebox';

/** A reference by name to an object in the same namespace. */
export const LocalObjectReference = Type.Object({
  name: Type.String(),
});
/** LocalObjectReference, as TypeScript. */
export type LocalObjectReference = Type.Static<typeof LocalObjectReference>;

/** A reference to an object of any kind, optionally in another namespace. */
export const NamespacedObjectKindReference = Type.Object({
  apiVersion: Type.Optional(Type.String()),
  kind: Type.String(),
  name: Type.String(),
  namespace: Type.Optional(Type.String()),
});
/** NamespacedObjectKindReference, as TypeScript. */
export type NamespacedObjectKindReference = Type.Static<typeof NamespacedObjectKindReference>;

/** A key in a Secret of the same namespace (the key defaults per use). */
export const SecretKeyReference = Type.Object({
  key: Type.Optional(Type.String()),
  name: Type.String(),
});
/** SecretKeyReference, as TypeScript. */
export type SecretKeyReference = Type.Static<typeof SecretKeyReference>;

/** Where a kubeconfig for a remote cluster is found (Secret, or ConfigMap for workload identity). */
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
