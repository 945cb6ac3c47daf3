/** `import source from './field-worker?worker-source'`: the worker bundled as text (see field-worker-build.ts). */
declare module '*?worker-source' {
  const source: string;
  export default source;
}
