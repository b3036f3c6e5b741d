export * from './render';
export { adfToText } from './adf';
