/**
 * One column's Arrow IPC stream (docs/format.md section 4): the schema message with the column's one field, one
 * record batch message per batch, then the end-of-stream marker FF FF FF FF 00 00 00 00. apache-arrow's stream
 * writer produces the bytes; they are handed out message by message instead of being queued.
 * @module
 */
import { RecordBatch, RecordBatchStreamWriter, Schema, Struct, makeData } from 'apache-arrow';

/** apache-arrow's stream writer, capturing its output instead of queueing it. */
class CapturingStreamWriter extends RecordBatchStreamWriter {
  constructor() {
    super({ autoDestroy: true, writeLegacyIpcFormat: false });
    /** @type {Uint8Array[]} */
    this.captured = [];
  }

  /**
   * Overrides the writer's one output method (apache-arrow is pinned; the interop test guards it).
   * @param {ArrayBufferView} chunk
   */
  _write(chunk) {
    // @ts-ignore: protected members of the writer
    if (this._started && chunk.byteLength > 0) {
      this.captured.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      // @ts-ignore
      this._position += chunk.byteLength;
    }
    return this;
  }
}

/** Writes one column's IPC stream and returns its bytes piece by piece. */
export class ColumnIpc {
  /** @param {import('apache-arrow').Field} field */
  constructor(field) {
    this.schema = new Schema([field]);
    this.structType = new Struct([field]);
    this.writer = new CapturingStreamWriter();
  }

  /** @returns {Uint8Array[]} the schema message */
  start() {
    // @ts-ignore: reset(sink, schema) starts the stream and writes the schema message
    this.writer.reset(undefined, this.schema);
    return this.take();
  }

  /**
   * @param {import('apache-arrow').Data} data the column's values in this batch
   * @returns {Uint8Array[]} the record batch message
   */
  batch(data) {
    const typed = data.type === this.schema.fields[0].type ? data : data.clone(this.schema.fields[0].type);
    const struct = makeData({ type: this.structType, length: data.length, nullCount: 0, children: [typed] });
    this.writer.write(new RecordBatch(this.schema, struct));
    return this.take();
  }

  /** @returns {Uint8Array[]} the end-of-stream marker */
  end() {
    this.writer.finish();
    return this.take();
  }

  take() {
    const out = this.writer.captured;
    this.writer.captured = [];
    return out;
  }
}

/** @param {Uint8Array[]} chunks */
export function byteLength(chunks) {
  return chunks.reduce((n, c) => n + c.byteLength, 0);
}
