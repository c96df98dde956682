#!/usr/bin/env python3
"""Tiny random decoders in GGUF for the architectures the default models do not cover, with llama.cpp's logits.

The default-model fixtures (make-decoder-fixtures.py) check llama (SmolLM2) and gemma3 (Gemma 3 270M). No Qwen2
GGUF can be fetched here, so this script writes small qwen2 and gemma3 models with seeded random weights and real
metadata (qwen2: q/k/v biases; gemma3: q/k norms, post-norms, sliding-window layers, scaled
embeddings), a separate output head, and a vocabulary cut from SmolLM2's (its first 512 tokens and the merges among them) under the
architecture's own pre-tokenizer. Weights mix Q8_0 (embeddings, output head), Q4_1 and Q5_0
matrices, so both Docent's integer (8-bit activation) kernels and its Float kernels run.

Each model goes through llama.cpp (llama-cpp-python) on a few token sequences; the fixture keeps the last position's
logits over the whole (small) vocabulary and the 16 greedy tokens that follow.

Usage: /work/venv/bin/python scripts/make-tiny-decoder-fixtures.py [MODELS_DIR]
MODELS_DIR (for SmolLM2's vocabulary) defaults to $DOCENT_MODELS or ~/.cache/docent/models. Writes
Tests/InferenceTests/Fixtures/tiny-{qwen2,gemma3}.gguf and tiny-{qwen2,gemma3}.json.
"""

import json
import os
import sys

import numpy as np
import gguf
from gguf import GGMLQuantizationType as Q
from gguf.quants import quantize

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "InferenceTests", "Fixtures")
VOCAB = 512
GREEDY = 16

# Token sequences (ids below VOCAB): short, one token, and long enough to cross gemma3's 8-position window below.
SEQUENCES = [
    [1, 300, 301, 302, 303, 304, 305, 2],
    [17],
    list(range(40, 80)) + [2, 1] + list(range(300, 318)),
]

SHAPES = {
    # C: embedding, F: feed-forward, H/G: query/key-value heads, D: head width, L: layers.
    "qwen2": dict(C=128, F=128, H=4, G=2, D=32, L=2),
    "gemma3": dict(C=128, F=128, H=4, G=1, D=64, L=2, window=8),
}


def smollm_vocabulary(models_dir):
    reader = gguf.GGUFReader(os.path.join(models_dir, "SmolLM2-135M-Instruct.Q4_1.gguf"))
    tokens = reader.fields["tokenizer.ggml.tokens"].contents()[:VOCAB]
    types = reader.fields["tokenizer.ggml.token_type"].contents()[:VOCAB]
    ids = {t: i for i, t in enumerate(tokens)}
    merges = [
        m for m in reader.fields["tokenizer.ggml.merges"].contents()
        if all(p in ids for p in m.split(" ")) and m.replace(" ", "") in ids
    ]
    return tokens, types, merges


def write_model(path, arch, shape, vocabulary, seed):
    rng = np.random.default_rng(seed)
    C, F, H, G, D, L = (shape[k] for k in ("C", "F", "H", "G", "D", "L"))
    tokens, types, merges = vocabulary
    w = gguf.GGUFWriter(path, arch)
    w.add_name(f"tiny-{arch}")
    w.add_context_length(256)
    w.add_embedding_length(C)
    w.add_feed_forward_length(F)
    w.add_block_count(L)
    w.add_head_count(H)
    w.add_head_count_kv(G)
    w.add_key_length(D)
    w.add_value_length(D)
    w.add_layer_norm_rms_eps(1e-6)
    w.add_rope_freq_base(1_000_000.0)
    if arch == "gemma3":
        w.add_sliding_window(shape["window"])
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre("qwen2" if arch == "qwen2" else "smollm")
    w.add_token_list(tokens)
    w.add_token_types(types)
    w.add_token_merges(merges)
    w.add_bos_token_id(1)
    w.add_eos_token_id(2)
    w.add_add_bos_token(False)

    def matrix(name, rows, columns, qtype, scale=None):
        # Scaled so activations stay of order one through the layers (logits then span several units).
        values = rng.standard_normal((rows, columns)).astype(np.float32) * (scale or columns ** -0.5)
        data = quantize(values, qtype)
        w.add_tensor(name, data, raw_shape=data.shape, raw_dtype=qtype)

    def vector(name, count, center=1.0, spread=0.1):
        w.add_tensor(name, (center + spread * rng.standard_normal(count)).astype(np.float32))

    matrix("token_embd.weight", VOCAB, C, Q.Q8_0, scale=1.0 if arch == "qwen2" else 0.1)
    # An output head of its own: tied to the embeddings, a random model only ever predicts its last input token.
    matrix("output.weight", VOCAB, C, Q.Q8_0, scale=2 * C ** -0.5)
    vector("output_norm.weight", C)
    for i in range(L):
        p = f"blk.{i}."
        vector(p + "attn_norm.weight", C)
        matrix(p + "attn_q.weight", H * D, C, Q.Q4_1)
        matrix(p + "attn_k.weight", G * D, C, Q.Q4_1)
        matrix(p + "attn_v.weight", G * D, C, Q.Q8_0)
        if arch == "qwen2":
            vector(p + "attn_q.bias", H * D, 0.0, 0.5)
            vector(p + "attn_k.bias", G * D, 0.0, 0.5)
            vector(p + "attn_v.bias", G * D, 0.0, 0.5)
        else:
            vector(p + "attn_q_norm.weight", D)
            vector(p + "attn_k_norm.weight", D)
            vector(p + "post_attention_norm.weight", C)
            vector(p + "post_ffw_norm.weight", C)
        matrix(p + "attn_output.weight", C, H * D, Q.Q5_0)
        vector(p + "ffn_norm.weight", C)
        matrix(p + "ffn_gate.weight", F, C, Q.Q4_1)
        matrix(p + "ffn_up.weight", F, C, Q.Q4_1)
        matrix(p + "ffn_down.weight", C, F, Q.Q8_0 if i % 2 else Q.Q4_1)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def llama_reference(path):
    from llama_cpp import Llama

    model = Llama(model_path=path, n_ctx=256, n_batch=256, n_threads=2, logits_all=True, verbose=False)
    cases = []
    for sequence in SEQUENCES:
        model.reset()
        model.eval(sequence)
        logits = np.array(model.scores[len(sequence) - 1], dtype=np.float64)
        greedy = []
        for _ in range(GREEDY):
            token = int(np.argmax(model.scores[model.n_tokens - 1]))
            greedy.append(token)
            model.eval([token])
        cases.append({
            "tokens": sequence,
            "logits": [round(float(v), 5) for v in logits],
            "greedy": greedy,
        })
    return cases


def main():
    models_dir = sys.argv[1] if len(sys.argv) > 1 else os.environ.get(
        "DOCENT_MODELS", os.path.expanduser("~/.cache/docent/models"))
    vocabulary = smollm_vocabulary(models_dir)
    for seed, (arch, shape) in enumerate(SHAPES.items(), start=2026):
        path = os.path.join(OUT, f"tiny-{arch}.gguf")
        write_model(path, arch, shape, vocabulary, seed)
        fixture = {"model": os.path.basename(path), "architecture": arch, "cases": llama_reference(path)}
        with open(os.path.join(OUT, f"tiny-{arch}.json"), "w") as f:
            json.dump(fixture, f, separators=(",", ":"))
            f.write("\n")
        print(f"{path}: {os.path.getsize(path)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
