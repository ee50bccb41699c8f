/** Input limits shared by the API schemas and the console forms; plain constants, so the browser imports them too. */

export const MAX_API_KEY_LENGTH = 4_096;
/** Most model ids one import request takes. */
export const MAX_IMPORT_MODELS = 500;
