/**
 * Any transformers.js / ONNX sentence-embedding model from a local directory (EMBEDDING_MODEL_DIR): the
 * layout `huggingface-cli download` or `optimum` export produces (config.json, tokenizer.json,
 * onnx/model.onnx). Mean pooling and L2 normalisation, as sentence-transformers do. Never touches the network.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { EmbeddingProvider } from './provider.js';

type Extractor = (texts: string[], opts: { pooling: 'mean'; normalize: boolean }) => Promise<{ data: Float32Array; dims: number[] }>;

/**
 * What a usable model directory must hold; the first missing file is named in the error. Returns the
 * folder holding model.onnx relative to the directory: 'onnx' (transformers.js layout) or '' (top level).
 */
export function checkModelDir(dir: string): 'onnx' | '' {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new Error(`EMBEDDING_MODEL_DIR ${dir} is not a directory; point it at a downloaded sentence model (config.json, tokenizer.json, onnx/model.onnx)`);
  }
  for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) {
    if (!fs.existsSync(path.join(dir, file))) throw new Error(`the model directory ${dir} has no ${file}; it needs config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx`);
  }
  if (fs.existsSync(path.join(dir, 'onnx', 'model.onnx'))) return 'onnx';
  if (fs.existsSync(path.join(dir, 'model.onnx'))) return '';
  throw new Error(`the model directory ${dir} has no onnx/model.onnx (transformers.js layout) or model.onnx; export the model to ONNX first`);
}

export class OnnxDirProvider implements EmbeddingProvider {
  readonly model: string;
  readonly version: string;
  readonly dimensions: number;
  private extractor: Promise<Extractor> | undefined;
  private readonly subfolder: 'onnx' | '';

  constructor(private readonly dir: string) {
    this.dir = path.resolve(dir);
    this.subfolder = checkModelDir(this.dir);
    const config = JSON.parse(fs.readFileSync(path.join(this.dir, 'config.json'), 'utf8')) as { hidden_size?: number; dim?: number; d_model?: number };
    const dims = config.hidden_size ?? config.dim ?? config.d_model;
    if (!dims) throw new Error(`${path.join(this.dir, 'config.json')} does not say the model's width (hidden_size)`);
    this.dimensions = dims;
    this.model = `onnx:${path.basename(this.dir)}`;
    // A different model.onnx under the same name must not mix with old vectors.
    const stat = fs.statSync(path.join(this.dir, this.subfolder, 'model.onnx'));
    this.version = `${stat.size}-${Math.round(stat.mtimeMs)}`;
  }

  private load(): Promise<Extractor> {
    this.extractor ??= (async () => {
      const { env, pipeline } = await import('@huggingface/transformers');
      env.allowRemoteModels = false;
      env.allowLocalModels = true;
      env.localModelPath = `${path.dirname(this.dir)}${path.sep}`;
      const extractor = await pipeline('feature-extraction', path.basename(this.dir), { dtype: 'fp32', local_files_only: true, subfolder: this.subfolder });
      return extractor as unknown as Extractor;
    })();
    return this.extractor;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const extractor = await this.load();
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += 32) {
      const result = await extractor(texts.slice(i, i + 32).map((t) => (t.length > 0 ? t : ' ')), { pooling: 'mean', normalize: true });
      const width = result.dims.at(-1)!;
      for (let j = 0; j < result.data.length; j += width) out.push(Float32Array.from(result.data.subarray(j, j + width)));
    }
    return out;
  }

  async close(): Promise<void> {
    const extractor = (await this.extractor?.catch(() => undefined)) as unknown as { dispose?: () => Promise<void> } | undefined;
    await extractor?.dispose?.();
    this.extractor = undefined;
  }
}
