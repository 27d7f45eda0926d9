/** The API group of the source kinds; also the prefix of their event metadata keys. */
export const SourceGroup = 'source.toolkit.fluxcd.io';
