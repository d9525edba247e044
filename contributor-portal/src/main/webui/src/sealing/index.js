/**
 * Sealing a table in the browser (or Node.js 20+): CSV or Arrow in, the sealed dataset of docs/format.md out,
 * with WebCrypto and apache-arrow only. See docs/format.md, "Sealing in the browser".
 * @module
 */
export { sealFile, openInput } from './seal.js';
export { csvToArrowBatches, csvRecords, CsvTokenizer } from './csv.js';
export { columnsFromSchema, parseType } from './types.js';
export { keyId, headerTag, generateDek } from './keys.js';
export { canonicalJson } from './canonical-json.js';
export { ciphertextLength } from './streaming-aead.js';
