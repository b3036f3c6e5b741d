/** Forge entry points, as `manifest.yml` names them (`index.handler`, `index.consumer`, `index.scheduled`). */
export { consumer, handler, scheduled } from './app/forge/entry';
