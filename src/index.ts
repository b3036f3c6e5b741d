/** Forge entry points, as `manifest.yml` names them (`index.handler`, `index.consumer`). */
export { consumer, handler } from './app/forge/entry';
