#!/usr/bin/env node
// Reference runner of the conformance harness: runs a TF.js graph model with
// a TF.js backend (cpu by default, or wasm) on .npy inputs and writes the
// requested outputs as .npy files.
//
//   node reference.js [--backend cpu|wasm] [--iterations N]
//                     MODEL.json INPUT_DIR OUT_DIR NAME=FILE.npy...
//
// With --iterations N the model runs once more to warm up, then N times
// timed (inference plus reading the outputs back), and the median is
// printed as `median_ms: X`.  The wasm backend runs single-threaded SIMD
// in Node (no worker threads).
//
// INPUT_DIR/inputs.json lists the feeds: [{"name": "x", "file": "x.npy"}, ...]
// (file relative to INPUT_DIR).  Every NAME is an output tensor ("Identity",
// "node:1"); its value is written to OUT_DIR/FILE.npy.  The TF.js packages
// are loaded from $TFJS_NODE_MODULES (default
// ${TGC_CACHE:-$HOME/.cache/tgc}/tfjs-node-modules/node_modules, made by
// setup.sh).
'use strict';
const fs = require('fs');
const path = require('path');
const os = require('os');

const nodeModules = process.env.TFJS_NODE_MODULES ||
    path.join(process.env.TGC_CACHE || path.join(os.homedir(), '.cache', 'tgc'),
              'tfjs-node-modules', 'node_modules');
const load = (pkg) => require(path.join(nodeModules, pkg));
const tf = load('@tensorflow/tfjs-core');
tf.env().set('IS_TEST', true);  // no "install the node backend" banner
load('@tensorflow/tfjs-backend-cpu');
const tfconv = load('@tensorflow/tfjs-converter');

// ---- .npy ------------------------------------------------------------------
const DESCR_TO_DTYPE = {
  '<f4': 'float32', '<f8': 'float64', '<i4': 'int32', '<i8': 'int64',
  '|u1': 'uint8', '<u1': 'uint8', '|i1': 'int8', '|b1': 'bool',
};

function readNpy(file) {
  const buf = fs.readFileSync(file);
  if (buf.toString('latin1', 0, 6) !== '\x93NUMPY')
    throw new Error(`${file}: not a .npy file`);
  const major = buf[6];
  const hlen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const hstart = major === 1 ? 10 : 12;
  const header = buf.toString('latin1', hstart, hstart + hlen);
  const descr = /'descr':\s*'([^']*)'/.exec(header)[1];
  if (/'fortran_order':\s*True/.test(header))
    throw new Error(`${file}: fortran order is not supported`);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)[1];
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s)
                    .map(Number);
  const dtype = DESCR_TO_DTYPE[descr];
  if (!dtype) throw new Error(`${file}: unsupported dtype ${descr}`);
  const data = buf.subarray(hstart + hlen);
  const ab = data.buffer.slice(data.byteOffset, data.byteOffset + data.length);
  let values;
  switch (dtype) {
    case 'float32': values = new Float32Array(ab); break;
    case 'float64': values = Float32Array.from(new Float64Array(ab)); break;
    case 'int32': values = new Int32Array(ab); break;
    case 'int64':
      values = Int32Array.from(new BigInt64Array(ab), (v) => Number(v)); break;
    case 'uint8': case 'int8': values = Int32Array.from(new Uint8Array(ab)); break;
    case 'bool': values = Uint8Array.from(new Uint8Array(ab)); break;
  }
  const tfDtype = dtype === 'float64' ? 'float32' :
      (dtype === 'bool' ? 'bool' : (dtype === 'float32' ? 'float32' : 'int32'));
  return {values, shape, dtype: tfDtype};
}

function writeNpy(file, values, shape, dtype) {
  let descr, bytes;
  if (dtype === 'float32') {
    descr = '<f4'; bytes = Buffer.from(Float32Array.from(values).buffer);
  } else if (dtype === 'int32') {
    descr = '<i4'; bytes = Buffer.from(Int32Array.from(values).buffer);
  } else if (dtype === 'bool') {
    descr = '|b1'; bytes = Buffer.from(Uint8Array.from(values).buffer);
  } else {
    throw new Error(`cannot write dtype ${dtype} as .npy`);
  }
  const shapeText = shape.length === 0 ? '()' :
      shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const pre = Buffer.alloc(10);
  pre.write('\x93NUMPY', 0, 'latin1');
  pre[6] = 1; pre[7] = 0;
  pre.writeUInt16LE(header.length, 8);
  fs.writeFileSync(file, Buffer.concat([pre, Buffer.from(header, 'latin1'), bytes]));
}

// ---- model -----------------------------------------------------------------
function loadModelArtifacts(jsonPath) {
  const json = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
  const dir = path.dirname(jsonPath);
  const weightSpecs = [];
  const shards = [];
  for (const group of json.weightsManifest || []) {
    for (const p of group.paths) shards.push(fs.readFileSync(path.join(dir, p)));
    weightSpecs.push(...group.weights);
  }
  const all = Buffer.concat(shards);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.length);
  return {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    signature: json.signature,
    userDefinedMetadata: json.userDefinedMetadata,
    modelInitializer: json.modelInitializer,
    weightSpecs,
    weightData,
  };
}

function usage() {
  console.error('usage: reference.js [--backend cpu|wasm] [--iterations N] ' +
                'MODEL.json INPUT_DIR OUT_DIR NAME=FILE.npy...');
  process.exit(2);
}

async function runOnce(model, inputs, names) {
  // execute() handles graphs without control flow or dynamic shapes;
  // executeAsync() the others.
  let outs;
  try {
    outs = model.execute(inputs, names);
  } catch (e) {
    if (!/executeAsync|dynamic|control flow/i.test(String(e && e.message)))
      throw e;
    outs = await model.executeAsync(inputs, names);
  }
  if (!Array.isArray(outs)) outs = [outs];
  const data = [];
  for (const t of outs) data.push(await t.data());
  return {outs, data};
}

async function main() {
  const argv = process.argv.slice(2);
  let backend = 'cpu', iterations = 0;
  while (argv.length && argv[0].startsWith('--')) {
    const flag = argv.shift();
    if (flag === '--backend') backend = argv.shift();
    else if (flag === '--iterations') iterations = Number(argv.shift());
    else usage();
  }
  if (!['cpu', 'wasm'].includes(backend) || !(iterations >= 0)) usage();
  const [modelPath, inputDir, outDir, ...outSpecs] = argv;
  if (!modelPath || !inputDir || !outDir || outSpecs.length === 0) usage();
  if (backend === 'wasm') {
    const wasm = load('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(path.join(nodeModules, '@tensorflow', 'tfjs-backend-wasm',
                                'dist') + path.sep);
  }
  if (!(await tf.setBackend(backend)))
    throw new Error(`backend ${backend} failed to initialise`);
  await tf.ready();
  const artifacts = loadModelArtifacts(modelPath);
  const model = await tfconv.loadGraphModel({load: async () => artifacts});

  const feeds = JSON.parse(fs.readFileSync(path.join(inputDir, 'inputs.json'), 'utf8'));
  const inputs = {};
  for (const f of feeds) {
    const a = readNpy(path.join(inputDir, f.file));
    inputs[f.name] = tf.tensor(a.values, a.shape, a.dtype);
  }
  const names = [], files = [];
  for (const s of outSpecs) {
    const eq = s.lastIndexOf('=');
    names.push(s.slice(0, eq));
    files.push(s.slice(eq + 1));
  }
  const {outs, data} = await runOnce(model, inputs, names);
  fs.mkdirSync(outDir, {recursive: true});
  for (let i = 0; i < outs.length; ++i)
    writeNpy(path.join(outDir, files[i]), data[i], outs[i].shape, outs[i].dtype);
  if (iterations > 0) {
    tf.dispose(outs);
    const times = [];
    for (let i = 0; i < iterations; ++i) {
      const t0 = process.hrtime.bigint();
      const r = await runOnce(model, inputs, names);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      tf.dispose(r.outs);
    }
    times.sort((a, b) => a - b);
    console.log(`median_ms: ${times[Math.floor(times.length / 2)]}`);
  }
}

main().catch((e) => {
  console.error(`reference.js: ${e && e.message ? e.message : e}`);
  process.exit(1);
});
