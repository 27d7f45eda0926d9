/** Why a call was refused: answered 401 and nothing is annotated. */
export class SignatureError extends Error {}
