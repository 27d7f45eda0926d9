export {
  type LabelSelector,
  LabelSelectorError,
  matchesLabelSelector,
  parseLabelSelector,
} from './label-selector.ts';
export {
  matchesResource,
  type ResourceSelector,
  resourceMatcher,
  type SelectableObject,
} from './resource-selector.ts';
