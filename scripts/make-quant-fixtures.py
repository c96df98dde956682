#!/usr/bin/env python3
"""Writes the dequantization fixtures of Tests/KernelsTests/Fixtures from the `gguf` package.

For every tensor type Docent reads, two files: `<TYPE>.blocks` (raw GGUF blocks, as they sit in a file) and
`<TYPE>.f32` (little-endian float32, what `gguf.quants.dequantize` makes of those blocks). The blocks are
  - values quantized by `gguf.quants.quantize` (types the package can quantize),
  - random bytes with finite half-precision scales (every bit pattern of the quants is legal),
  - real blocks from the default models for the K-quants (the package cannot quantize those).
Run in the fixture venv: `/work/venv/bin/python scripts/make-quant-fixtures.py [models-dir]`.
"""
import os
import sys

import numpy as np
from gguf import GGMLQuantizationType as T
from gguf import GGUFReader
from gguf.constants import GGML_QUANT_SIZES
from gguf.quants import dequantize, quantize

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "KernelsTests", "Fixtures")
MODELS = sys.argv[1] if len(sys.argv) > 1 else os.environ.get(
    "DOCENT_MODELS", os.path.expanduser("~/.cache/docent/models"))

# Byte offsets of the half-precision scale fields in each block (so random blocks have finite scales).
HALF_FIELDS = {
    T.Q4_0: [0], T.Q4_1: [0, 2], T.Q5_0: [0], T.Q5_1: [0, 2], T.Q8_0: [0],
    T.Q4_K: [0, 2], T.Q5_K: [0, 2], T.Q6_K: [208],
}
QUANTIZABLE = [T.Q4_0, T.Q4_1, T.Q5_0, T.Q5_1, T.Q8_0]
# Real blocks: (model file, tensor type) -> taken from the first tensor of that type.
REAL = {T.Q4_K: "gemma-3-270m-q4_k_m.gguf", T.Q6_K: "gemma-3-270m-q4_k_m.gguf",
        T.Q5_0: "gemma-3-270m-q4_k_m.gguf", T.Q4_1: "SmolLM2-135M-Instruct.Q4_1.gguf"}

rng = np.random.default_rng(20261202)


def random_blocks(qtype, count):
    block_values, block_bytes = GGML_QUANT_SIZES[qtype]
    raw = rng.integers(0, 256, size=(count, block_bytes), dtype=np.uint8)
    for offset in HALF_FIELDS[qtype]:
        halves = (rng.standard_normal(count) * 0.05).astype(np.float16)
        raw[:, offset:offset + 2] = halves.view(np.uint8).reshape(count, 2)
    return raw


def real_blocks(qtype, count):
    path = os.path.join(MODELS, REAL[qtype])
    reader = GGUFReader(path)
    for tensor in reader.tensors:
        if tensor.tensor_type == qtype:
            _, block_bytes = GGML_QUANT_SIZES[qtype]
            data = np.asarray(tensor.data, dtype=np.uint8).reshape(-1)
            return data[: count * block_bytes].reshape(count, block_bytes)
    raise SystemExit(f"no {qtype.name} tensor in {path}")


def write(name, blocks, values):
    with open(os.path.join(OUT, f"{name}.blocks"), "wb") as f:
        f.write(np.ascontiguousarray(blocks, dtype=np.uint8).tobytes())
    with open(os.path.join(OUT, f"{name}.f32"), "wb") as f:
        f.write(np.ascontiguousarray(values, dtype="<f4").tobytes())
    print(f"{name}: {blocks.size} bytes -> {values.size} values", file=sys.stderr)


def main():
    os.makedirs(OUT, exist_ok=True)
    for qtype in [T.Q4_0, T.Q4_1, T.Q5_0, T.Q5_1, T.Q8_0, T.Q4_K, T.Q5_K, T.Q6_K]:
        block_values, block_bytes = GGML_QUANT_SIZES[qtype]
        parts = []
        if qtype in QUANTIZABLE:
            # Rows of varied scale, including an all-zero block and a constant block.
            x = rng.standard_normal((48, block_values)).astype(np.float32) * rng.uniform(0.01, 4, (48, 1)).astype(np.float32)
            x[0] = 0
            x[1] = 0.75
            parts.append(quantize(x, qtype).reshape(-1, block_bytes))
        if qtype in REAL:
            parts.append(real_blocks(qtype, 16))
        parts.append(random_blocks(qtype, 32 if block_values == 256 else 64))
        blocks = np.concatenate(parts, axis=0)
        values = dequantize(blocks.reshape(-1), qtype).reshape(-1)
        assert values.size == blocks.shape[0] * block_values and np.isfinite(values).all()
        write(qtype.name, blocks, values)
    # Half and bfloat16: quantized from values that include signed zeros, subnormals, and large magnitudes.
    x = np.concatenate([rng.standard_normal(1000).astype(np.float32) * 3,
                        np.array([0.0, -0.0, 6e-8, -6e-8, 1e-5, 65504.0, -65504.0, 1.5e-3], dtype=np.float32),
                        rng.uniform(-1e4, 1e4, 16).astype(np.float32)])
    half = x.astype(np.float16)
    write("F16", half.view(np.uint8), half.astype(np.float32))
    bf = quantize(x, T.BF16)
    write("BF16", bf.reshape(-1), dequantize(bf, T.BF16).reshape(-1))


if __name__ == "__main__":
    main()
