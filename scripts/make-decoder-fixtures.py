#!/usr/bin/env python3
"""Reference fixtures for Docent's decoder, from llama.cpp (through llama-cpp-python).

For each default model and each prompt, records the prompt's token ids (as llama.cpp tokenizes it, so the decoder
test does not depend on Docent's tokenizer), the last position's logits (the 50 largest as id/value pairs plus
mean, standard deviation, min and max over the whole vocabulary, to keep the files small) and the 32 tokens of
greedy decoding (argmax of llama.cpp's logits, evaluated one token at a time).

Second, an exact reference: the same prompts through a float64 numpy transcription of each architecture over the
weights as the `gguf` package dequantizes them, stored as `exactLogits` at the same 50 ids. llama.cpp rounds
activations to 8 bits for its quantized products and keeps the KV cache in F16, which moves its logits by up to
about 0.5 from the exact values; Docent computes in Float32 and must stay within a few hundredths of them.

Usage: /work/venv/bin/python scripts/make-decoder-fixtures.py [--exact-only] [MODELS_DIR]
MODELS_DIR defaults to $DOCENT_MODELS or ~/.cache/docent/models. Writes Tests/InferenceTests/Fixtures/decoder-*.json
(--exact-only adds the exact logits to existing files without running llama.cpp).
"""

import json
import os
import sys

import numpy as np

MODELS = {
    "smollm2": "SmolLM2-135M-Instruct.Q4_1.gguf",
    "gemma3": "gemma-3-270m-q4_k_m.gguf",
}

LONG_CODE = "\n".join(
    f"func add{i}(_ a: Int, _ b: Int) -> Int {{\n    // adds two numbers, variant {i}\n    return a + b + {i}\n}}"
    for i in range(12)
)

PROMPTS = [
    "The capital of France is",
    "def fibonacci(n):\n    \"\"\"Return the n-th Fibonacci number.\"\"\"\n",
    "<|im_start|>user\nWrite a haiku about compilers.<|im_end|>\n<|im_start|>assistant\n",
    "Unicode: naïve café, 東京, emoji 🙂 — and tabs\tand  double  spaces.",
    LONG_CODE + "\nfunc add12(",
]

TOP = 50
GREEDY = 32


def exact_logits(path: str, tokens: list) -> np.ndarray:
    """Last-position logits of `tokens` in float64 (float32 for the vocabulary projection), from the GGUF file's
    metadata and dequantized tensors: an independent transcription of llama.cpp's llama and gemma3 graphs."""
    from gguf import GGUFReader
    from gguf.quants import dequantize

    reader = GGUFReader(path)
    tensors = {t.name: t for t in reader.tensors}

    def field(key, default=None):
        f = reader.fields.get(key)
        return default if f is None else f.contents()

    def weight(name, dtype=np.float64):
        t = tensors[name]
        a = dequantize(t.data, t.tensor_type).astype(dtype)
        return a.reshape([int(x) for x in reversed(t.shape)]) if len(t.shape) > 1 else a.reshape(-1)

    arch = field("general.architecture")
    C = field(f"{arch}.embedding_length")
    L = field(f"{arch}.block_count")
    H = field(f"{arch}.attention.head_count")
    G = field(f"{arch}.attention.head_count_kv", H)
    D = field(f"{arch}.attention.key_length", C // H)
    eps = field(f"{arch}.attention.layer_norm_rms_epsilon")
    base = field(f"{arch}.rope.freq_base", 10000.0)
    window = field(f"{arch}.attention.sliding_window") if arch == "gemma3" else None
    gemma = arch == "gemma3"
    n = len(tokens)
    embedding = weight("token_embd.weight", np.float32)
    x = embedding[tokens].astype(np.float64) * (np.sqrt(C) if gemma else 1.0)

    def rms(v, w):
        return v / np.sqrt((v * v).mean(-1, keepdims=True) + eps) * w

    def rope(q, heads, theta_base):
        inv = theta_base ** (-np.arange(0, D, 2) / D)
        angle = np.arange(n)[:, None] * inv[None, :]
        cos, sin = np.cos(angle)[:, None], np.sin(angle)[:, None]
        q = q.reshape(n, heads, D).copy()
        if gemma:  # NeoX halves
            a, b = q[..., : D // 2].copy(), q[..., D // 2 :].copy()
            q[..., : D // 2], q[..., D // 2 :] = a * cos - b * sin, a * sin + b * cos
        else:  # adjacent pairs
            a, b = q[..., 0::2].copy(), q[..., 1::2].copy()
            q[..., 0::2], q[..., 1::2] = a * cos - b * sin, a * sin + b * cos
        return q

    positions = np.arange(n)
    for l in range(L):
        p = f"blk.{l}."
        local = gemma and window and (l % 6 < 5)
        h = rms(x, weight(p + "attn_norm.weight"))
        q = h @ weight(p + "attn_q.weight").T
        k = h @ weight(p + "attn_k.weight").T
        v = (h @ weight(p + "attn_v.weight").T).reshape(n, G, D)
        if gemma:
            q = rms(q.reshape(n, H, D), weight(p + "attn_q_norm.weight")).reshape(n, H * D)
            k = rms(k.reshape(n, G, D), weight(p + "attn_k_norm.weight")).reshape(n, G * D)
        theta_base = 10000.0 if local else base
        q, k = rope(q, H, theta_base), rope(k, G, theta_base)
        mask = positions[None, :] > positions[:, None]
        if local:
            mask |= positions[:, None] - positions[None, :] >= window
        out = np.zeros((n, H, D))
        for head in range(H):
            g = head // (H // G)
            scores = q[:, head] @ k[:, g].T / np.sqrt(D)
            scores[mask] = -np.inf
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            out[:, head] = (scores / scores.sum(-1, keepdims=True)) @ v[:, g]
        attn = out.reshape(n, H * D) @ weight(p + "attn_output.weight").T
        if gemma:
            attn = rms(attn, weight(p + "post_attention_norm.weight"))
        x = x + attn
        h = rms(x, weight(p + "ffn_norm.weight"))
        gate = h @ weight(p + "ffn_gate.weight").T
        up = h @ weight(p + "ffn_up.weight").T
        if gemma:
            act = 0.5 * gate * (1 + np.tanh(np.sqrt(2 / np.pi) * (gate + 0.044715 * gate**3)))
        else:
            act = gate / (1 + np.exp(-gate))
        ffn = (act * up) @ weight(p + "ffn_down.weight").T
        if gemma:
            ffn = rms(ffn, weight(p + "post_ffw_norm.weight"))
        x = x + ffn
    h = rms(x[-1], weight("output_norm.weight"))
    head = weight("output.weight", np.float32) if "output.weight" in tensors else embedding
    return head.astype(np.float64) @ h if head.shape[0] < 100000 else np.concatenate(
        [head[i : i + 65536].astype(np.float64) @ h for i in range(0, head.shape[0], 65536)])


def add_exact(models_dir: str, out_dir: str) -> None:
    for key, file in MODELS.items():
        path = os.path.join(out_dir, f"decoder-{key}.json")
        with open(path) as f:
            fixture = json.load(f)
        for case in fixture["cases"]:
            logits = exact_logits(os.path.join(models_dir, file), case["tokens"])
            case["exactLogits"] = [round(float(logits[i]), 5) for i in case["topIDs"]]
            print(f"{key}: llama.cpp vs exact max |diff| over top-50: "
                  f"{max(abs(a - b) for a, b in zip(case['exactLogits'], case['topLogits'])):.4f}", file=sys.stderr)
        with open(path, "w") as f:
            json.dump(fixture, f, indent=1)
            f.write("\n")


def main() -> None:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    exact_only = "--exact-only" in sys.argv
    positional = [a for a in sys.argv[1:] if not a.startswith("--")]
    models_dir = positional[0] if positional else os.environ.get(
        "DOCENT_MODELS", os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "docent/models"))
    out_dir = os.path.join(root, "Tests/InferenceTests/Fixtures")
    os.makedirs(out_dir, exist_ok=True)
    if not exact_only:
        run_llama_cpp(models_dir, out_dir)
    add_exact(models_dir, out_dir)


def run_llama_cpp(models_dir: str, out_dir: str) -> None:
    from llama_cpp import Llama

    for key, file in MODELS.items():
        llm = Llama(model_path=os.path.join(models_dir, file), n_ctx=1024, n_batch=512, n_threads=2,
                    logits_all=True, verbose=False, seed=0)
        cases = []
        for text in PROMPTS:
            tokens = llm.tokenize(text.encode("utf-8"), add_bos=True, special=True)
            llm.reset()
            llm.eval(tokens)
            logits = np.array(llm.scores[len(tokens) - 1], dtype=np.float64)
            top = np.argsort(-logits, kind="stable")[:TOP]
            greedy = []
            for _ in range(GREEDY):
                token = int(np.argmax(np.array(llm.scores[llm.n_tokens - 1])))
                greedy.append(token)
                llm.eval([token])
            cases.append({
                "prompt": text,
                "tokens": [int(t) for t in tokens],
                "topIDs": [int(i) for i in top],
                "topLogits": [round(float(logits[i]), 5) for i in top],
                "mean": round(float(logits.mean()), 6),
                "standardDeviation": round(float(logits.std()), 6),
                "min": round(float(logits.min()), 5),
                "max": round(float(logits.max()), 5),
                "greedy": greedy,
            })
        path = os.path.join(out_dir, f"decoder-{key}.json")
        with open(path, "w") as f:
            json.dump({"model": file, "vocabularyCount": llm.n_vocab(), "cases": cases}, f, indent=1)
            f.write("\n")
        print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
