/** The Databricks REST API emulator: public API. */
export {
  startEmulator,
  DEFAULT_EMULATOR_TOKEN,
  type Emulator,
  type EmulatorOptions,
  type RecordedRequest,
  type RequestFilter,
} from './server.js';
export { serveEmulator, type ServeOptions } from './serve.js';
export { seedSampleWorkspace } from './sample.js';
export { seedSample } from './sample-all.js';
export { ApiError } from './errors.js';
export {
  Router,
  Reply,
  type EmulatorRequest,
  type FormPart,
  type Handler,
  type HandlerResult,
  type HttpMethod,
  type RouteOptions,
} from './router.js';
export {
  FaultInjector,
  type FaultOptions,
  type PathMatch,
  type RateLimitFault,
  type ErrorRateFault,
  type FailPathFault,
  type ResetConnectionFault,
  type HangFault,
} from './faults.js';
export { param, optionalString, requiredString, optionalBoolean, optionalInteger } from './params.js';
export { Prng, IdGenerator } from './random.js';
export type { EmulatorContext } from './context.js';
export { API_MODULES, createState, type ApiModule, type EmulatorState } from './apis/index.js';
export {
  WorkspaceStore,
  normalizeWorkspacePath,
  type WorkspaceObject,
  type WorkspaceObjectType,
  type ObjectInfo,
} from './apis/workspace-store.js';
export { MAX_CONTENT_BYTES } from './apis/workspace.js';
export {
  type NotebookLanguage,
  hasNotebookHeader,
  withNotebookHeader,
  sourceToJupyter,
  jupyterToSource,
  languageForFileName,
  notebookExtension,
} from './notebook.js';
