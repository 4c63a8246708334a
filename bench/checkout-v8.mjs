// The V8 setting simulate runs with in checkout `dir` (src/run/v8-tuning.ts), for the instruction
// scripts (bench/*-run.mjs); a checkout from before it existed runs with V8's defaults, as it did.
export async function tuneAsCheckout(dir) {
  try {
    (await import(`${dir}/dist/src/run/v8-tuning.js`)).tuneV8();
  } catch (e) {
    if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
  }
}
